/**
 * @module Where the build puts content in Workers Static Assets, and how much goes in
 * each file. Shared by the build (which writes these paths) and the worker (which reads
 * them through the `ASSETS` binding). Every path starts with `CONTENT_PREFIX`, which the
 * worker never serves to the public (`run_worker_first`, and no route matches it).
 *
 * Two kinds of file, each a pack (./pack.ts) of finished bytes:
 *
 * - **Article chunks**, `/_c/a/<kind>/<n>.pack`: every published article once, in each
 *   feed format plus its page record (meta + HTML body), `CHUNK_SIZE` articles per
 *   chunk counted from the oldest. Adding a newer article changes only the last chunk.
 * - **Scope windows**, `/_c/s/<scope id>/...`: for the site and every tag and category,
 *   its newest `WINDOW` items, copied out of the chunks so that any feed of the scope
 *   with any `?limit=` is at most two reads: `<format>.a.pack` holds the feed head
 *   template, the first `FIRST` items and the tail (all the default document needs);
 *   `<format>.b.pack` the rest of the window. `meta.json` holds the same items' metadata
 *   for HTML pages and embeds.
 */
import type { FeedFormat } from "../types.ts";

/** Prefix of every content path; never a public URL. */
export const CONTENT_PREFIX = "/_c/";

/** Articles per chunk, counted from the oldest. */
export const CHUNK_SIZE = 20;

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

/** Which chunk holds the article at `position` (0 = newest) of `count`, and where in it. */
export function chunkOf(position: number, count: number): { chunk: number; index: number } {
  const fromOldest = count - 1 - position;
  return { chunk: Math.floor(fromOldest / CHUNK_SIZE), index: fromOldest % CHUNK_SIZE };
}

/** Path of a scope window file: `a` (head, first items, tail) or `b` (the rest). */
export function windowPath(scopeId: string, format: FeedFormat, part: "a" | "b"): string {
  return `${CONTENT_PREFIX}s/${scopeId}/${format}.${part}.pack`;
}

/** Path of a scope's window metadata (JSON array of `ArticleMeta`, newest first). */
export function metaPath(scopeId: string): string {
  return `${CONTENT_PREFIX}s/${scopeId}/meta.json`;
}
