/**
 * @module The feed URLs. Each handler only wires a route to the functions that do the
 * work: params -> scope -> representation (src/feed/documents.ts, src/people/
 * documents.ts) -> `serve()` (src/http/respond.ts), which adds the response cache,
 * validators and 304s to every route alike. Pages for people (home, article, tag and
 * category pages, OPML, embeds) are in src/people/routes.ts.
 */
import { type Context, Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { content } from "./content/bundled.ts";
import type { ScopeRef } from "./content/catalog.ts";
import { archivePageCount } from "./content/layout.ts";
import { feedArchive, feedRepresentation } from "./feed/documents.ts";
import { FILTER_PARAMS } from "./feed/filters.ts";
import { FEED_FILE, PAGE, TERM_KIND, termScope } from "./http/params.ts";
import { ARCHIVE_FILTER_RULE, ARCHIVE_LIMIT_RULE, parseFeedQuery, parseVariant, parseView } from "./http/query.ts";
import { inVariant, reading } from "./http/variant.ts";
import { VARIANT_PARAM } from "./i18n/variants.ts";
import { serve } from "./http/respond.ts";
import { feedPage, filteredFeedPage, termList } from "./people/documents.ts";
import { readCachePolicy, readSite } from "./site.ts";
import { counting } from "./stats/count.ts";
import { privateFeedCaching } from "./stats/policy.ts";
import type { FeedFormat } from "./types.ts";

export type AppEnv = { Bindings: Cloudflare.Env };

/** Feed file name -> format. */
const FILE_FORMATS: Record<string, FeedFormat> = {
  "rss.xml": "rss",
  "atom.xml": "atom",
  "feed.json": "json",
};

/**
 * What a feed URL shows: the feed to readers, and a page about the feed to a person who
 * opened it in a browser tab (issue 4). Separate representations, so separate cache keys
 * and ETags; `Vary: Sec-Fetch-Dest` tells shared caches. With filters (issue 13), the
 * window's articles that pass them. While subscriber counts are on (issue 23), the feed
 * is private to the reader's own cache, so that every poll reaches the worker and is
 * counted (src/stats/policy.ts).
 */
async function serveFeed(c: Context<AppEnv>, scope: ScopeRef) {
  const catalog = content();
  const format = FILE_FORMATS[c.req.param("file") ?? ""] as FeedFormat;
  const query = parseFeedQuery((name) => c.req.queries(name) ?? [], catalog.settings.variants);
  const person = parseView(c.req.queries("view")) === "html" || c.req.header("sec-fetch-dest") === "document";
  const site = readSite(c.env, c.req.url);
  const vary = "Accept-Encoding, Sec-Fetch-Dest";
  if (person) {
    const { filters, variant } = query;
    const read = reading(catalog, c.env.ASSETS, site, variant);
    const page = filters
      ? await filteredFeedPage(catalog, read.assets, read.scope(scope), format, { ...query, filters }, read.site, Date.now())
      : feedPage(catalog, read.assets, read.scope(scope), format, query.limit, read.site);
    return serve(c, { ...inVariant(page, catalog, variant), vary });
  }
  const rep = await feedRepresentation(catalog, c.env.ASSETS, scope, format, query, site, Date.now());
  const cacheControl = counting(c.env) ? privateFeedCaching(rep.cacheControl, readCachePolicy(c.env)) : rep.cacheControl;
  return serve(c, { ...rep, vary, ...(cacheControl === undefined ? {} : { cacheControl }) });
}

/**
 * Archive page `:page` of a scope's feed (RFC 5005): the feed document itself to every
 * client (a person following an archive link gets the file too; the term's HTML archive
 * pages are at the folder URL). No `?limit=` and no filters: an archive page holds what
 * it holds. In a Chinese variant with `?opencc=`.
 */
function serveArchive(c: Context<AppEnv>, scope: ScopeRef) {
  const catalog = content();
  if (c.req.queries("limit") !== undefined) throw new HTTPException(400, { message: ARCHIVE_LIMIT_RULE });
  if (FILTER_PARAMS.some((name) => c.req.queries(name) !== undefined)) throw new HTTPException(400, { message: ARCHIVE_FILTER_RULE });
  const variant = parseVariant(c.req.queries(VARIANT_PARAM), catalog.settings.variants);
  const page = Number(c.req.param("page"));
  if (page > archivePageCount(scope.count, catalog.settings.pageSize)) return c.notFound();
  const format = FILE_FORMATS[c.req.param("file") ?? ""] as FeedFormat;
  const read = reading(catalog, c.env.ASSETS, readSite(c.env, c.req.url), variant);
  return serve(c, inVariant(feedArchive(catalog, read.assets, read.scope(scope), format, page, read.site), catalog, variant));
}

export const routes = new Hono<AppEnv>()
  .get("/tags.json", (c) => serve(c, termList(content(), "tags", readSite(c.env, c.req.url))))
  .get("/categories.json", (c) => serve(c, termList(content(), "categories", readSite(c.env, c.req.url))))
  .get("/authors.json", (c) => serve(c, termList(content(), "authors", readSite(c.env, c.req.url))))
  .get("/sections.json", (c) => serve(c, termList(content(), "sections", readSite(c.env, c.req.url))))
  .get(`/:file${FEED_FILE}`, (c) => serveFeed(c, content().site))
  .get(`/archive/:page${PAGE}/:file${FEED_FILE}`, (c) => serveArchive(c, content().site))
  .get(`/:kind${TERM_KIND}/:name/:file${FEED_FILE}`, (c) => {
    const scope = termScope(c);
    return scope ? serveFeed(c, scope) : c.notFound();
  })
  .get(`/:kind${TERM_KIND}/:name/archive/:page${PAGE}/:file${FEED_FILE}`, (c) => {
    const scope = termScope(c);
    return scope ? serveArchive(c, scope) : c.notFound();
  });
