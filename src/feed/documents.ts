/**
 * @module Feed documents at request time: a scope's newest `limit` items in one format,
 * assembled from the scope's window buckets (src/content/layout.ts), one read per
 * bucket (one for a document that fits in the newest bucket, at most `SLOTS`), and
 * validators that come from the index alone: the hash of the head and of every item
 * shown, the query and the origin, so a document whose bytes did not change keeps its
 * entity tag across deploys. Filtered feeds (issue 13) and archive pages (RFC 5005) too.
 * Each is a `Representation` (src/types.ts) that src/http/respond.ts serves.
 */
import type { Catalog, ScopeRef } from "../content/catalog.ts";
import {
  ARCHIVE_HEADS,
  archiveHead,
  archivePageCount,
  archivePath,
  archiveSegments,
  bucketOf,
  bucketPath,
  bucketRuns,
  chunkPath,
  headsPath,
  newestBucket,
  WINDOW,
} from "../content/layout.ts";
import type { Pack } from "../content/pack.ts";
import { readPack, readWindowMeta } from "../content/store.ts";
import { Digest } from "../hash.ts";
import { pageStrings } from "../i18n/strings.ts";
import type { Site } from "../settings.ts";
import type { ArticleMeta, FeedFormat, Representation } from "../types.ts";
import { assembleFeed, type Piece, plain } from "./assemble.ts";
import { inVariant, named, type RequestContext, variantRepresentation, variantTag } from "./context.ts";
import { authorsOf } from "./describe.ts";
import { describeFilters, type Filters, filterMatcher } from "./filters.ts";
import { FORMATS } from "./formats.ts";
import { canonicalQuery, type FeedQuery, limitQuery } from "./query.ts";
import { linkHeader } from "./site.ts";
import { fillArchiveHead, fillHead } from "./template.ts";
import { absoluteUrl, archiveFeedPath, feedPath } from "./urls.ts";

const decoder = new TextDecoder();
const encoder = new TextEncoder();

/** `bytes` (a view of `pack`) to assemble, with where the build left the origin placeholder in it. */
function piece(pack: Pack, bytes: Uint8Array): Piece {
  return { bytes, origins: pack.origins(bytes) };
}

/** What joins two items of `format`, as a piece. */
const joiner = (format: FeedFormat): Piece => plain(encoder.encode(FORMATS[format].join));

/** `scope`'s window buckets `buckets` in `format`, read side by side, by bucket. */
async function readBuckets(ctx: RequestContext, scope: ScopeRef, format: FeedFormat, buckets: Iterable<number>): Promise<Map<number, Pack>> {
  const wanted = [...new Set(buckets)];
  const packs = await Promise.all(wanted.map((bucket) => readPack(ctx.assets, bucketPath(scope, format, bucket))));
  return new Map(wanted.map((bucket, i) => [bucket, packs[i] as Pack]));
}

/** The origin to put where the build left its placeholder: the request's, unless the build knew `SITE_URL`. */
const originToFill = (ctx: RequestContext): string | undefined => (ctx.catalog.settings.url ? undefined : ctx.site.origin);

/** Cache-Control of complete archive pages: their bytes never change (RFC 5005 section 4). */
const IMMUTABLE = "public, max-age=31536000, immutable";

/** Cache-Control of feeds filtered by time: what they hold changes as time passes (issue 13). */
export const SHORT_LIVED = "public, max-age=60, s-maxage=60";

/** The opaque entity tag of a document made of `scope`'s head in `format` and the articles at `positions`. */
export function feedTag(catalog: Catalog, scope: ScopeRef, format: FeedFormat, positions: Uint32Array, query: string, origin: string): string {
  const digest = new Digest().text("feed").text(format).text(origin).text(query);
  for (const word of catalog.headHash(scope, format)) digest.word(word);
  for (const position of positions) for (const word of catalog.hash(position)) digest.word(word);
  return digest.hex();
}

/**
 * The headers every response for a feed document carries besides the validators: WebSub
 * discovery (issue 14), `Link: <hub>; rel="hub", <self>; rel="self"`, where `self` is the
 * document's canonical URL (`selfPath`, with its query), the same as the self link inside
 * it. Every feed representation (any scope, format, query, archive page) gets them here.
 */
export function feedHeaders(selfPath: string, site: Site): Record<string, string> {
  return { Link: linkHeader(site.hubs ?? [], absoluteUrl(selfPath, site.origin)) };
}

/**
 * `scope`'s feed in `format` with its newest `limit` items. `query` is its canonical
 * query (`?limit=5`, and `&opencc=s2t` in a Chinese variant), for its self link.
 */
export function feedDocument(ctx: RequestContext, scope: ScopeRef, format: FeedFormat, limit: number, query = limitQuery(limit)): Representation {
  const { catalog, site } = ctx;
  const positions = catalog.members(scope, limit);
  const updated = new Date(catalog.updated(positions));
  return {
    key: `feed|${format}|${scope.id}|${query}|${site.origin}`,
    etag: feedTag(catalog, scope, format, positions, query, site.origin),
    lastModified: updated,
    contentType: FORMATS[format].contentType,
    headers: feedHeaders(feedPath(scope, format) + query, site),
    async body() {
      // The newest bucket's items, then older buckets' as far as `limit` reaches; the head and tail are the newest bucket's.
      const runs = bucketRuns(positions.length, scope.count);
      const packs = await readBuckets(
        ctx,
        scope,
        format,
        runs.map((run) => run.bucket),
      );
      const newest = packs.get(newestBucket(scope.count).bucket) as Pack;
      const join = joiner(format);
      const pieces = runs.flatMap(({ bucket, items }, i) => {
        const pack = packs.get(bucket) as Pack;
        const run = piece(pack, pack.range(1, 1 + items));
        // A bucket's first item has nothing joining it to the one before: the previous bucket's last item is in another file.
        return i === 0 || join.bytes.byteLength === 0 ? [run] : [join, run];
      });
      pieces.push(piece(newest, newest.segment(newest.length - 1)));
      const origin = originToFill(ctx);
      const head = fillHead(decoder.decode(newest.segment(0)), format, { query, updated, ...(origin === undefined ? {} : { origin }) });
      return assembleFeed(head, pieces, origin);
    },
  };
}

/**
 * What a filtered feed's title adds and its browser view says: the filters in words, in
 * the site's language.
 */
export function filterSuffix(filters: Filters, site: Site): string {
  const words = pageStrings(site.language);
  return words.filteredTitle(describeFilters(filters, words.filters));
}

/**
 * The newest articles of a scope's window (`metas`: the most any feed of it shows,
 * `WINDOW`) that pass `filters` at `now`, at most `limit`, newest first: their indexes
 * in the window. `author` is the site's, for articles that name none.
 */
export function filterWindow(metas: readonly ArticleMeta[], filters: Filters, limit: number, author: string, now: number): number[] {
  const matches = filterMatcher(filters, now);
  const chosen: number[] = [];
  for (let i = 0; i < metas.length && chosen.length < limit; i++) {
    const meta = metas[i] as ArticleMeta;
    if (matches(meta, authorsOf(meta, author))) chosen.push(i);
  }
  return chosen;
}

/** What a filtered feed (or its browser view) of `scope` holds at `now`: one read, the window's metadata. */
export interface FilteredSelection {
  /** The window's metadata, newest first. */
  metas: ArticleMeta[];
  /** Indexes into `metas` of the articles that pass, newest first, at most `limit`. */
  chosen: number[];
  /** Their positions in the index. */
  positions: Uint32Array;
  /**
   * When the feed was last updated: its newest article's update, or, when nothing
   * passes, its scope's (a feed dated 1970 is implausible to validators and readers).
   */
  updated: Date;
}

/** The articles of `scope`'s window that pass `query`'s filters at `ctx.now`. */
export async function filteredSelection(ctx: RequestContext, scope: ScopeRef, query: FeedQuery & { filters: Filters }): Promise<FilteredSelection> {
  const { catalog } = ctx;
  const window = catalog.members(scope, WINDOW);
  const metas = await readWindowMeta(ctx.assets, scope);
  const chosen = filterWindow(metas, query.filters, query.limit, catalog.settings.author, ctx.now);
  const positions = Uint32Array.from(chosen, (i) => window[i] as number);
  return { metas, chosen, positions, updated: new Date(catalog.updated(positions.length > 0 ? positions : window)) };
}

/** The pieces of the items of `places` (from `filteredFeedDocument`), joined as they sit in a document. */
function chosenPieces(packs: Map<number, Pack>, places: { bucket: number; item: number }[], format: FeedFormat): Piece[] {
  const join = joiner(format);
  const length = join.bytes.byteLength;
  return places.flatMap(({ bucket, item }, n) => {
    const pack = packs.get(bucket) as Pack;
    const bytes = pack.segment(1 + item);
    if (length === 0) return [piece(pack, bytes)];
    // Items are stored as they sit after their bucket's first item: the first one here loses what joins it, a bucket's first one gets it.
    if (n === 0) return [piece(pack, item > 0 ? bytes.subarray(length) : bytes)];
    return item > 0 ? [piece(pack, bytes)] : [join, piece(pack, bytes)];
  });
}

/**
 * `scope`'s feed in `format`, filtered (issue 13): the articles of its window that pass
 * the filters, at most `limit`, assembled from the window's buckets like any feed (the
 * metadata, then the newest bucket and those that hold an article that passes: at most
 * `1 + SLOTS` reads), with the filters in its title and its self link. Its validators
 * need the metadata, so even a 304 reads it.
 * A feed filtered by time changes as time passes: short-lived, and never kept.
 */
export async function filteredFeedDocument(ctx: RequestContext, scope: ScopeRef, format: FeedFormat, query: FeedQuery & { filters: Filters }): Promise<Representation> {
  const { catalog, site } = ctx;
  const { chosen, positions, updated } = await filteredSelection(ctx, scope, query);
  const search = canonicalQuery(query);
  const timed = query.filters.time !== undefined;
  return {
    key: `feed|${format}|${scope.id}|${search}|${site.origin}`,
    etag: feedTag(catalog, scope, format, positions, `${search}|${updated.getTime()}`, site.origin),
    lastModified: updated,
    contentType: FORMATS[format].contentType,
    headers: feedHeaders(feedPath(scope, format) + search, site),
    ...(timed ? { cacheControl: SHORT_LIVED, keep: false } : {}),
    async body() {
      const places = chosen.map((i) => bucketOf(i, scope.count));
      const newestOne = newestBucket(scope.count).bucket;
      const packs = await readBuckets(ctx, scope, format, [newestOne, ...places.map((place) => place.bucket)]);
      const newest = packs.get(newestOne) as Pack;
      const pieces = [...chosenPieces(packs, places, format), piece(newest, newest.segment(newest.length - 1))];
      const origin = originToFill(ctx);
      const fill = { query: search, updated, titleAddition: filterSuffix(query.filters, site), ...(origin === undefined ? {} : { origin }) };
      return assembleFeed(fillHead(decoder.decode(newest.segment(0)), format, fill), pieces, origin);
    },
  };
}

/**
 * The entity tag of an unfiltered subscription document (a limit, maybe a Chinese
 * variant) from the index alone: what `feedRepresentation` gives it.
 */
export function unfilteredTag(catalog: Catalog, scope: ScopeRef, format: FeedFormat, query: FeedQuery, origin: string): string {
  const tag = feedTag(catalog, scope, format, catalog.members(scope, query.limit), canonicalQuery(query), origin);
  return query.variant ? variantTag(tag, catalog, query.variant) : tag;
}

/**
 * Any subscription document: `scope`'s feed in `format` shaped by `query` (limit,
 * filters, Chinese variant). What a GET of its canonical URL gets, for the feed routes
 * and the WebSub hub alike. Unfiltered documents need no read before their validators;
 * filtered ones read the window's metadata.
 */
export async function feedRepresentation(base: RequestContext, scope: ScopeRef, format: FeedFormat, query: FeedQuery): Promise<Representation> {
  const { filters } = query;
  const ctx = inVariant(base, query.variant);
  const rep = filters
    ? await filteredFeedDocument(ctx, named(ctx, scope), format, { ...query, filters })
    : feedDocument(ctx, named(ctx, scope), format, query.limit, canonicalQuery(query));
  return variantRepresentation(rep, ctx);
}

/** Positions of the articles on archive page `page` (1 = oldest) of `scope`, newest first. */
export function pageMembers(catalog: Catalog, scope: ScopeRef, page: number): Uint32Array {
  const all = catalog.members(scope);
  const size = catalog.settings.pageSize;
  const from = Math.max(0, scope.count - page * size);
  const to = scope.count - (page - 1) * size;
  return all.subarray(from, to);
}

/** The pieces of archive page `page`'s items: the site's from its article chunk, in full; a term's from its archive group, in brief. */
async function archiveItems(ctx: RequestContext, scope: ScopeRef, format: FeedFormat, page: number): Promise<Piece[]> {
  if (scope.kind === "site") {
    // Chunk `page - 1` holds the page oldest first.
    const chunk = await readPack(ctx.assets, chunkPath(format, page - 1));
    const join = joiner(format);
    return Array.from({ length: chunk.length }, (_, i) => piece(chunk, chunk.segment(chunk.length - 1 - i))).flatMap((item, i) =>
      i === 0 || join.bytes.byteLength === 0 ? [item] : [join, item],
    );
  }
  const { group, items } = archiveSegments(page, scope.count, ctx.catalog.settings.pageSize);
  const pack = await readPack(ctx.assets, archivePath(scope, group));
  return [piece(pack, pack.range(...items[format]))];
}

/**
 * Archive page `page` of `scope`'s feed in `format` (RFC 5005 section 4): a fixed set of
 * articles counted from the oldest, marked `fh:archive` and linked to the subscription
 * document and its neighbours. Two reads: the head templates, and the page's items.
 * Complete pages never change, so they are sent as immutable.
 */
export function feedArchive(ctx: RequestContext, scope: ScopeRef, format: FeedFormat, page: number): Representation {
  const { catalog, site } = ctx;
  const pages = archivePageCount(scope.count, catalog.settings.pageSize);
  const positions = pageMembers(catalog, scope, page);
  const updated = new Date(catalog.updated(positions));
  const head = archiveHead(page, pages);
  const digest = new Digest().text("archive").text(format).text(site.origin).word(page).text(head);
  for (const word of catalog.headHash(scope, format, "archive")) digest.word(word);
  for (const position of positions) for (const word of catalog.hash(position)) digest.word(word);
  return {
    key: `archive|${format}|${scope.id}|${page}|${site.origin}`,
    etag: digest.hex(),
    lastModified: updated,
    contentType: FORMATS[format].contentType,
    headers: feedHeaders(archiveFeedPath(scope, page, format) + (site.linkQuery ?? ""), site),
    ...(page < pages ? { cacheControl: IMMUTABLE } : {}),
    async body() {
      const [heads, pieces] = await Promise.all([readPack(ctx.assets, headsPath(scope, format)), archiveItems(ctx, scope, format, page)]);
      const template = decoder.decode(heads.segment(ARCHIVE_HEADS.indexOf(head)));
      const filled = fillArchiveHead(template, format, page, updated, originToFill(ctx));
      return assembleFeed(filled, [...pieces, piece(heads, heads.segment(ARCHIVE_HEADS.length))], originToFill(ctx));
    },
  };
}
