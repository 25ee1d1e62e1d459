/**
 * @module Where the build puts content in Workers Static Assets, and how much goes in
 * each file. Shared by the build (which writes these paths) and the worker (which reads
 * them through the `ASSETS` binding). Every path starts with `CONTENT_PREFIX`, which the
 * worker never serves to the public (`run_worker_first`, and no route matches it).
 *
 * Every file is a pack (./pack.ts) of finished bytes:
 *
 * - **Article chunks**, `/_c/a/<kind>/<n>.pack`: every published article once, in each
 *   feed format plus its page record (meta + HTML body). Chunk `n` holds the site's
 *   archive page `n + 1` (RFC 5005): `pageSize` articles counted from the oldest, oldest
 *   first. Adding a newer article changes only the last chunk.
 * - **Scope windows**, `/_c/s/<scope id>/<format>.{a,b}.pack` and `meta.json`: for the
 *   site and every tag, category and author, its newest `WINDOW` items, copied out of
 *   the chunks and placed as they sit in a document, so any feed of the scope with any
 *   `?limit=` is at most two reads: `a` holds the feed head template, the first `FIRST`
 *   items and the tail (all the default document needs), `b` the rest.
 * - **Archive heads**, `/_c/s/<scope id>/<format>.heads.pack`: the scope's archive page
 *   head templates (first, middle and last page) and the tail.
 * - **Archive groups** of tags, categories and authors,
 *   `/_c/s/<scope id>/<format>.archive.<g>.pack` and `meta.archive.<g>.json`: the
 *   scope's archive pages `pagesPerGroup` at a time, each page's items newest first and
 *   placed. Archive items of these scopes carry each article's summary, not its full
 *   text (full text is in the site's archive, the chunks): a copy of every article in
 *   every scope it belongs to would multiply the store by that number.
 * - **Chinese variants** (`?opencc=`, issue 13), `/_c/v/<variant>` followed by any path
 *   above: each built variant has a whole copy of the above, from articles converted at
 *   build time, under its own root, so every reader of the original reads a variant
 *   through the same code (src/content/store.ts `variantAssets`).
 */
import type { FeedFormat } from "../types.ts";

/** Prefix of every content path; never a public URL. */
export const CONTENT_PREFIX = "/_c/";

/** The OPML list of every feed in `format` (src/views/opml.ts), made at build time: a pack of one segment. */
export function opmlPath(format: FeedFormat): string {
  return `${CONTENT_PREFIX}opml.${format}.pack`;
}

/** The root of a Chinese variant's copy of the content: its paths are this followed by the original's. */
export function variantRoot(variant: string): string {
  return `${CONTENT_PREFIX}v/${variant}`;
}

/** Items in a scope window: the most any `?limit=` shows. */
export const WINDOW = 100;

/** Items in a window's first file: the default `?limit=`, so a default document is one read. */
export const FIRST = 20;

/** What an article chunk holds: its item in each feed format, or its page record. */
export type ArticleKind = FeedFormat | "page";
export const ARTICLE_KINDS: readonly ArticleKind[] = ["rss", "atom", "json", "page"];

/** Path of chunk `n` of `kind`. */
export function chunkPath(kind: ArticleKind, n: number): string {
  return `${CONTENT_PREFIX}a/${kind}/${n}.pack`;
}

/** Which chunk holds the article at `position` (0 = newest) of `count`, and where in it (oldest first). */
export function chunkOf(position: number, count: number, pageSize: number): { chunk: number; index: number } {
  const fromOldest = count - 1 - position;
  return { chunk: Math.floor(fromOldest / pageSize), index: fromOldest % pageSize };
}

/** Path of a scope window file: `a` (head, first items, tail) or `b` (the rest). */
export function windowPath(scopeId: string, format: FeedFormat, part: "a" | "b"): string {
  return `${CONTENT_PREFIX}s/${scopeId}/${format}.${part}.pack`;
}

/** Path of a scope's window metadata (JSON array of `ArticleMeta`, newest first). */
export function metaPath(scopeId: string): string {
  return `${CONTENT_PREFIX}s/${scopeId}/meta.json`;
}

/** The archive head templates of a scope (it has at least two pages), in this order, then the tail. */
export const ARCHIVE_HEADS = ["first", "middle", "last"] as const;
export type ArchiveHead = (typeof ARCHIVE_HEADS)[number];

/** Which head page `page` of `pages` has: it decides which of the older/newer links exist. */
export function archiveHead(page: number, pages: number): ArchiveHead {
  return page === 1 ? "first" : page === pages ? "last" : "middle";
}

/** Path of a scope's archive heads in `format`. */
export function headsPath(scopeId: string, format: FeedFormat): string {
  return `${CONTENT_PREFIX}s/${scopeId}/${format}.heads.pack`;
}

/** Archive pages per group file: about 200 items a file, whatever the page size. */
export function pagesPerGroup(pageSize: number): number {
  return Math.max(1, Math.floor(200 / pageSize));
}

/** Path of archive group `g` of a tag, category or author, in `format` or its metadata. */
export function archivePath(scopeId: string, part: FeedFormat | "meta", g: number): string {
  return part === "meta" ? `${CONTENT_PREFIX}s/${scopeId}/meta.archive.${g}.json` : `${CONTENT_PREFIX}s/${scopeId}/${part}.archive.${g}.pack`;
}

/** Number of pages of `pageSize` that `count` articles fill (the site's chunks are its pages). */
export function pageCount(count: number, pageSize: number): number {
  return Math.ceil(count / pageSize);
}

/**
 * Number of archive pages (RFC 5005) of a scope with `count` articles: none when they fit
 * on one page, since its subscription document then holds them all (the page size is at
 * most the default `?limit=`), and an archive of one page would link nowhere (the W3C
 * validator's ArchiveIncomplete).
 */
export function archivePageCount(count: number, pageSize: number): number {
  return count > pageSize ? pageCount(count, pageSize) : 0;
}

/** How many articles archive page `page` (1 = oldest) of a scope with `count` articles holds. */
export function pageLength(page: number, count: number, pageSize: number): number {
  return Math.min(pageSize, count - (page - 1) * pageSize);
}
