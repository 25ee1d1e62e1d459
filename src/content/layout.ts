/**
 * @module Where the build puts content in Workers Static Assets, and how much goes in
 * each file. Shared by the build (which writes these paths) and the worker (which reads
 * them through the `ASSETS` binding). Every path starts with `CONTENT_PREFIX`, which the
 * worker never serves to the public (`run_worker_first`, and no route matches it).
 *
 * Every file is a pack (./pack.ts) of finished bytes. The paths below are each file's
 * own; as written (src/build/publish.ts), small scopes' files are segments of shards
 * and, with variants, each chunk and scope file holds every copy:
 *
 * - **Article chunks**, `/_c/a/<kind>/<n>.pack`: every published article once, in each
 *   feed format plus its page record (meta + HTML body). Chunk `n` holds the site's
 *   archive page `n + 1` (RFC 5005): `pageSize` articles counted from the oldest, oldest
 *   first. Adding a newer article changes only the last chunk.
 * - **Scope windows in buckets**, `/_c/s/<scope id>/<format>.<slot>.pack`: for the site
 *   and every tag, category and author, its articles counted from the oldest, `BUCKET`
 *   to a bucket (as the chunks count the site's), copied out of the chunks. A bucket's
 *   pack is a feed head template, the bucket's items newest first and placed as they sit
 *   in a document, and the tail: the newest bucket's head and tail are the scope's, so a
 *   document that fits in the newest bucket is one read, and any `?limit=` is one read
 *   per bucket it reaches, at most `SLOTS`. A full bucket keeps the head it was written
 *   with when it was the newest (unread once a newer bucket starts), so its bytes never
 *   change unless one of its articles does: adding an article rewrites the newest
 *   bucket only. A scope keeps its newest `SLOTS` buckets, enough for `WINDOW` items
 *   whatever the newest holds, bucket `k` in slot `k mod SLOTS`: a new bucket replaces
 *   the file of the one `SLOTS` older, so no file is added and another removed.
 * - **Large terms' windows**, `/_c/w/<scope id>/`: the buckets and metadata of a term of
 *   `OWN_COPIES_FROM` articles or more (./shards.ts), one file per copy as the site's are.
 * - **Window metadata**, `/_c/s/<scope id>/meta.json`: the scope's newest `WINDOW`
 *   articles' metadata, newest first, for pages, embeds and filters (one read), as JSON
 *   in UTF-16LE (`META_ENCODING`). It changes with every article added to the scope, as
 *   the newest bucket does.
 * - **Archive heads**, `/_c/s/<scope id>/<format>.heads.pack`: the scope's archive page
 *   head templates (first, middle and last page) and the tail.
 * - **Archive groups** of tags, categories and authors, `/_c/s/<scope id>/archive.<g>.pack`:
 *   the scope's archive pages `pagesPerGroup` at a time, in one file: in each format,
 *   every page's items (pages oldest first, each page's items newest first and placed),
 *   then each page's metadata (a JSON array), so adding an article rewrites one file.
 *   Archive items of these scopes carry each article's summary, not its full text (full
 *   text is in the site's archive, the chunks): a copy of every article in every scope
 *   it belongs to would multiply the store by that number.
 * - **Shards of small scopes** (issue 20), `/_c/p/<shard>.pack`: every file above of a
 *   term of at most `SMALL_SCOPE` articles is a segment of its shard, a pack (of whole
 *   files, no origins recorded) shared by the small scopes whose id hashes to it, in
 *   `SMALL_SCOPE_FILES` order from the scope's first segment; the index names each small
 *   scope's shard and first segment, and its files' paths are `<shard path>#<segment>`
 *   (`scopeFile`), which the reader reads as that segment of the shard.
 * - **Chinese variants** (`?opencc=`, issue 13): each built variant has a whole copy of
 *   the above, from articles converted at build time, read through the same code as the
 *   original (src/content/store.ts `variantAssets`). Its chunks and scope files share the
 *   original's files (`holdsEveryCopy`, issue 20): such a file holds every copy, the
 *   original first, then each variant in `CHINESE_VARIANTS` order (./pack.ts `packFiles`),
 *   and a reader takes its own. Everything else of a variant (its shards, lists and
 *   indexes) is under `/_c/v/<variant>` followed by the original's path.
 * - **Term indexes** (issue 24), `/_c/t/<kind>.<f>.pack`: the pages of `/tags/` (and
 *   `/categories/`, `/authors/`, `/sections/`), `TERMS_PER_PAGE` terms a page as HTML,
 *   one segment a page, `TERM_INDEX_PAGES_PER_FILE` pages to a file: a kind's 30,000 tags
 *   are 30 files, not 150. Which file and segment hold a page follows from its number.
 * - **Sitemaps** (issue 24), `/_c/sitemap/<name>.pack`: each sitemap file's XML as one
 *   segment; the catalog lists them (src/content/index-format.ts `sitemaps`). Not in a
 *   variant's copy: they list the original's URLs.
 * - **Resources**, `/_c/r/<site path>`: the files of articles' page bundles (images,
 *   PDFs, ...), copied as they are to the path they are served at (issue 18), so that the
 *   asset server answers them with its own content types and validators. Not packs, and
 *   never in a variant's copy: a file is the same in every script.
 */
import { FEED_FORMATS, type FeedFormat, type TermKind } from "../types.ts";
import { type ScopeFiles, scopeFile, windowFile } from "./shards.ts";

/** Prefix of every content path; never a public URL. */
export const CONTENT_PREFIX = "/_c/";

/**
 * Where a resource served at `sitePath` (percent-encoded, as a request spells it) is in
 * the assets: the files are stored under their decoded names, as the asset server reads them.
 */
export function resourcePath(sitePath: string): string {
  return `${CONTENT_PREFIX}r${sitePath}`;
}

/** The OPML list of every feed in `format` (src/views/opml.ts), made at build time: a pack of one segment. */
export function opmlPath(format: FeedFormat): string {
  return `${CONTENT_PREFIX}opml.${format}.pack`;
}

/**
 * The home page's lists of terms (src/views/home-terms.ts `renderHomeTerms`), made at build
 * time like the OPML lists: a pack of one segment of HTML.
 */
export function homeTermsPath(): string {
  return `${CONTENT_PREFIX}home.pack`;
}

/**
 * Terms a page of a kind's index lists (`/tags/?page=2`): about 100 KiB of HTML, so a news
 * site's 30,000 tags are 150 pages rather than one of 15 MiB.
 */
export const TERMS_PER_PAGE = 200;

/**
 * Pages of a kind's index per file: 1,000 terms, about 500 KiB (an archive group's size),
 * read whole for any of its pages. Measured at 10,500 tags (BENCHMARKS.md's bare workerd,
 * which counts the asset read): a page's first response in a fresh isolate cost 9.5 ms of
 * CPU with 25 pages to a file, 5.5 ms with 5, against 4.8 ms for an index of four terms.
 */
export const TERM_INDEX_PAGES_PER_FILE = 5;

/** Pages of the index of a kind with `terms` terms (none without terms). */
export function termIndexPageCount(terms: number): number {
  return Math.ceil(terms / TERMS_PER_PAGE);
}

/** Where page `page` (1 = the most used terms) of a kind's index is: its file and segment. */
export function termIndexSegment(page: number): { file: number; segment: number } {
  return { file: Math.floor((page - 1) / TERM_INDEX_PAGES_PER_FILE), segment: (page - 1) % TERM_INDEX_PAGES_PER_FILE };
}

/** Path of file `file` of the index of `kind`. */
export function termIndexPath(kind: TermKind, file: number): string {
  return `${CONTENT_PREFIX}t/${kind}.${file}.pack`;
}

/** Every file of the index of a kind with `terms` terms. */
export function termIndexPaths(kind: TermKind, terms: number): string[] {
  return Array.from({ length: Math.ceil(termIndexPageCount(terms) / TERM_INDEX_PAGES_PER_FILE) }, (_, file) => termIndexPath(kind, file));
}

/**
 * Terms a page of a kind's list (`/tags.json`, issue 20) holds: about 250 KiB of JSON, so
 * a news site's 30,000 tags are 30 pages (`?page=2`) rather than one of 7 MiB that every
 * request would read and fill with its origin. A kind of at most this many terms has one
 * page, the whole list.
 */
export const TERMS_PER_LIST_PAGE = 1000;

/** Path of page `page` (1 = the most used terms) of the list of `kind`: a pack of one segment, made at build time. */
export function termListFile(kind: TermKind, page: number): string {
  return `${CONTENT_PREFIX}t/${kind}.list.${page}.pack`;
}

/** Path of the sitemap file `name` (`articles-1`, served at `/sitemap-articles-1.xml`). */
export function sitemapPath(name: string): string {
  return `${CONTENT_PREFIX}sitemap/${name}.pack`;
}

/** The root of a Chinese variant's copy of the content: its paths are this followed by the original's. */
export function variantRoot(variant: string): string {
  return `${CONTENT_PREFIX}v/${variant}`;
}

/** Items in a scope window: the most any `?limit=` shows. */
export const WINDOW = 100;

/** Items in a scope bucket: the default `?limit=`, so a default document is one read whenever the newest bucket is full. */
export const BUCKET = 20;

/** Buckets a scope keeps: the newest and enough full ones to hold `WINDOW` items whatever the newest holds (one item or `BUCKET`). */
export const SLOTS = Math.ceil((WINDOW - 1) / BUCKET) + 1;

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

/** A scope's newest bucket when it has `count` articles, and how many it holds (1 to `BUCKET`; 0 for a scope with none). */
export function newestBucket(count: number): { bucket: number; size: number } {
  const bucket = Math.max(0, Math.floor((count - 1) / BUCKET));
  return { bucket, size: count - bucket * BUCKET };
}

/** The buckets a scope with `count` articles keeps, newest first: its newest `SLOTS`. */
export function keptBuckets(count: number): number[] {
  const { bucket } = newestBucket(count);
  return Array.from({ length: Math.min(SLOTS, bucket + 1) }, (_, i) => bucket - i);
}

/** The slot (file) of bucket `bucket`: buckets take the slots in turn, each replacing the one `SLOTS` older. */
export function bucketSlot(bucket: number): number {
  return bucket % SLOTS;
}

/** Path of bucket `bucket` of a scope in `format` (in its slot). */
export function bucketPath(scope: ScopeFiles, format: FeedFormat, bucket: number): string {
  return windowFile(scope, `${format}.${bucketSlot(bucket)}.pack`);
}

/**
 * How many articles the scope had when bucket `bucket` was last its newest, for a scope
 * with `count` articles now: the head the bucket carries is the scope's at that count.
 */
export function bucketHeadCount(bucket: number, count: number): number {
  return Math.min(count, (bucket + 1) * BUCKET);
}

/**
 * The articles of bucket `bucket`, newest first, of a scope with `count` articles whose
 * newest are `newest` (newest first; all of them, or at least down to this bucket).
 */
export function bucketMembers<T>(newest: readonly T[], bucket: number, count = newest.length): T[] {
  return newest.slice(count - bucketHeadCount(bucket, count), count - bucket * BUCKET);
}

/** Where the scope's item `index` (0 = newest) of `count` is: its bucket, and its place among the bucket's items (0 = the bucket's newest). */
export function bucketOf(index: number, count: number): { bucket: number; item: number } {
  const fromOldest = count - 1 - index;
  const bucket = Math.floor(fromOldest / BUCKET);
  return { bucket, item: bucketHeadCount(bucket, count) - 1 - fromOldest };
}

/**
 * The buckets that hold a scope's newest `n` items of `count`, newest first, each with
 * how many of its items (its newest) they are. Always the newest bucket, whose head and
 * tail every document of the scope takes.
 */
export function bucketRuns(n: number, count: number): { bucket: number; items: number }[] {
  const { bucket, size } = newestBucket(count);
  const wanted = Math.min(n, count);
  const runs = [{ bucket, items: Math.min(wanted, size) }];
  for (let left = wanted - size, b = bucket - 1; left > 0; left -= BUCKET, b--) runs.push({ bucket: b, items: Math.min(left, BUCKET) });
  return runs;
}

/**
 * The most buckets a document of a scope's newest `n` items (1 to `WINDOW`) reads,
 * whatever the scope's count: when its newest bucket holds one item, `n - 1` more come
 * from full buckets.
 */
export function mostBucketReads(n: number): number {
  return 1 + Math.ceil((Math.min(n, WINDOW) - 1) / BUCKET);
}

/**
 * How window metadata's JSON is encoded. Every filtered feed decodes its scope's whole
 * metadata (about 90 KiB of mostly Chinese text for 100 articles in UTF-8): workerd's
 * `TextDecoder` takes UTF-16LE about twice as fast as UTF-8 of CJK text, for files about
 * a quarter larger. In a used process, a filtered site feed's first response at 10,000
 * articles cost 7.51 and 6.96 ms against 8.12 and 7.51 in UTF-8 (11 interleaved pairs);
 * the home page, which reads the same file, 5.28 against 5.38 ms.
 */
export const META_ENCODING = "utf-16le";

/** Path of a scope's window metadata (JSON array of `ArticleMeta`, newest first, in `META_ENCODING`). */
export function metaPath(scope: ScopeFiles): string {
  return windowFile(scope, "meta.json");
}

/** The archive head templates of a scope (it has at least two pages), in this order, then the tail. */
export const ARCHIVE_HEADS = ["first", "middle", "last"] as const;
export type ArchiveHead = (typeof ARCHIVE_HEADS)[number];

/** Which head page `page` of `pages` has: it decides which of the older/newer links exist. */
export function archiveHead(page: number, pages: number): ArchiveHead {
  return page === 1 ? "first" : page === pages ? "last" : "middle";
}

/** Path of a scope's archive heads in `format`. */
export function headsPath(scope: ScopeFiles, format: FeedFormat): string {
  return scopeFile(scope, `${format}.heads.pack`);
}

/**
 * Archive pages per group file: about 100 items a file, whatever the page size. A group
 * holds every format and the metadata (about 4.7 KiB an item on the generated corpus),
 * and reading one archive page reads its whole group.
 */
export function pagesPerGroup(pageSize: number): number {
  return Math.max(1, Math.floor(100 / pageSize));
}

/** Path of archive group `g` of a tag, category or author: its pages in every format and their metadata. */
export function archivePath(scope: ScopeFiles, g: number): string {
  return scopeFile(scope, `archive.${g}.pack`);
}

/** The archive pages (1 = oldest) in group `g` of a scope with `pages` pages. */
export function groupPages(g: number, pages: number, pageSize: number): number[] {
  const per = pagesPerGroup(pageSize);
  return Array.from({ length: Math.max(0, Math.min(per, pages - g * per)) }, (_, i) => g * per + i + 1);
}

/**
 * Where archive page `page` of a scope with `count` articles is: its group, the segments
 * of its items in each format (`[from, to)`), and the segment of its metadata. A group
 * file is, in each format in `FEED_FORMATS` order, the items of its pages, then each
 * page's metadata; every page but the scope's newest holds `pageSize` items.
 */
export function archiveSegments(page: number, count: number, pageSize: number): { group: number; items: Record<FeedFormat, [number, number]>; meta: number } {
  const per = pagesPerGroup(pageSize);
  const group = Math.floor((page - 1) / per);
  const total = groupPages(group, archivePageCount(count, pageSize), pageSize).reduce((sum, p) => sum + pageLength(p, count, pageSize), 0);
  const index = (page - 1) % per;
  const length = pageLength(page, count, pageSize);
  const items = Object.fromEntries(
    FEED_FORMATS.map((format, f) => {
      const from = f * total + index * pageSize;
      return [format, [from, from + length]];
    }),
  ) as Record<FeedFormat, [number, number]>;
  return { group, items, meta: FEED_FORMATS.length * total + index };
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
