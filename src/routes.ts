/**
 * @module The feed URLs (src/feed/urls.ts `ROUTES`). Each handler only wires a route to
 * the functions that do the work: params -> scope -> representation (src/feed/documents.ts,
 * src/people/documents.ts) -> `serve()` (src/http/respond.ts), which adds the response
 * cache, validators and 304s to every route alike. Pages for people (home, article, tag
 * and category pages, OPML, embeds) are in src/people/routes.ts.
 */
import { type Context, Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ScopeRef } from "./content/catalog.ts";
import { archivePageCount } from "./content/layout.ts";
import { inVariant, named, variantRepresentation } from "./feed/context.ts";
import { feedArchive, feedRepresentation } from "./feed/documents.ts";
import { FILTER_PARAMS } from "./feed/filters.ts";
import { ARCHIVE_FILTER_RULE, ARCHIVE_LIMIT_RULE, parseCount, parseFeedQuery, parseVariant, parseView } from "./feed/query.ts";
import { formatOfFile, ROUTES, termListPath } from "./feed/urls.ts";
import { contentOf } from "./http/moment.ts";
import { accept, contextOf, termScope } from "./http/params.ts";
import { type AppEnv, serve } from "./http/respond.ts";
import { readCachePolicy } from "./http/site.ts";
import { VARIANT_PARAM } from "./i18n/variants.ts";
import { feedPage, filteredFeedPage, termList } from "./people/documents.ts";
import { counting } from "./stats/count.ts";
import { privateFeedCaching } from "./stats/policy.ts";
import { type FeedFormat, TERM_KINDS } from "./types.ts";

export type { AppEnv };

/** The format the `:file` param names (the route's pattern takes only feed files). */
const formatOf = (c: Context<AppEnv>) => formatOfFile(c.req.param("file") ?? "") as FeedFormat;

/**
 * What a feed URL shows: the feed to readers, and a page about the feed to a person who
 * opened it in a browser tab (issue 4). Separate representations, so separate cache keys
 * and ETags; `Vary: Sec-Fetch-Dest` tells shared caches. With filters (issue 13), the
 * window's articles that pass them. While subscriber counts are on (issue 23), the feed
 * is private to the reader's own cache, so that every poll reaches the worker and is
 * counted (src/stats/policy.ts).
 */
async function serveFeed(c: Context<AppEnv>, scope: ScopeRef) {
  const base = contextOf(c);
  const format = formatOf(c);
  const query = accept(parseFeedQuery((name) => c.req.queries(name) ?? [], base.catalog.settings.variants));
  const person = accept(parseView(c.req.queries("view"))) === "html" || c.req.header("sec-fetch-dest") === "document";
  const vary = "Accept-Encoding, Sec-Fetch-Dest";
  if (!person) {
    const rep = await feedRepresentation(base, scope, format, query);
    const cacheControl = counting(c.env) ? privateFeedCaching(rep.cacheControl, readCachePolicy(c.env)) : rep.cacheControl;
    return serve(c, { ...rep, vary, ...(cacheControl === undefined ? {} : { cacheControl }) });
  }
  const { filters } = query;
  const ctx = inVariant(base, query.variant);
  const page = filters ? await filteredFeedPage(ctx, named(ctx, scope), format, { ...query, filters }) : feedPage(ctx, named(ctx, scope), format, query.limit);
  return serve(c, { ...variantRepresentation(page, ctx), vary });
}

/**
 * Archive page `:page` of a scope's feed (RFC 5005): the feed document itself to every
 * client (a person following an archive link gets the file too; the term's HTML archive
 * pages are at the folder URL). No `?limit=` and no filters: an archive page holds what
 * it holds. In a Chinese variant with `?opencc=`.
 */
function serveArchive(c: Context<AppEnv>, scope: ScopeRef) {
  const base = contextOf(c);
  if (c.req.queries("limit") !== undefined) throw new HTTPException(400, { message: ARCHIVE_LIMIT_RULE });
  if (FILTER_PARAMS.some((name) => c.req.queries(name) !== undefined)) throw new HTTPException(400, { message: ARCHIVE_FILTER_RULE });
  const ctx = inVariant(base, accept(parseVariant(c.req.queries(VARIANT_PARAM), base.catalog.settings.variants)));
  const page = Number(c.req.param("page"));
  if (page > archivePageCount(scope.count, ctx.catalog.settings.pageSize)) return c.notFound();
  return serve(c, variantRepresentation(feedArchive(ctx, named(ctx, scope), formatOf(c), page), ctx));
}

export const routes = new Hono<AppEnv>()
  .get(ROUTES.feed, (c) => serveFeed(c, contentOf(c).catalog.site))
  .get(ROUTES.archiveFeed, (c) => serveArchive(c, contentOf(c).catalog.site))
  .get(ROUTES.termFeed, (c) => {
    const scope = termScope(c);
    return scope ? serveFeed(c, scope) : c.notFound();
  })
  .get(ROUTES.termArchiveFeed, (c) => {
    const scope = termScope(c);
    return scope ? serveArchive(c, scope) : c.notFound();
  });

/** `?page=` of a kind's list (`/tags.json?page=2`, issue 20): past the last page is a 404. */
const LIST_PAGES = { default: 1, min: 1, max: 9999 } as const;

for (const kind of TERM_KINDS) {
  routes.get(termListPath(kind), (c) => {
    const rep = termList(contextOf(c), kind, accept(parseCount("page", c.req.queries("page"), LIST_PAGES)));
    return rep ? serve(c, rep) : c.notFound();
  });
}
