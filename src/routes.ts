/**
 * @module The URL table. Each handler only wires a route to the pure functions:
 * params -> select -> render -> respond. `respond()` (src/http/respond.ts) adds
 * memoisation, the Cache API, validators and 304s to every route alike.
 */
import { type Context, Hono } from "hono";
import { contentIndex, findArticle } from "./articles.ts";
import { findScope, selectArticles } from "./feed/select.ts";
import { CONTENT_TYPES, LIMITS, lastUpdated, renderFeed } from "./feed/render.ts";
import { parseLimit } from "./http/query.ts";
import { type Representation, respond } from "./http/respond.ts";
import { readCachePolicy, readSite } from "./site.ts";
import type { FeedFormat, Scope, TermKind } from "./types.ts";
import { renderArticlePage, renderHome, renderTermPage } from "./views/pages.ts";
import { listTerms } from "./views/terms.ts";

export type AppEnv = { Bindings: Cloudflare.Env };

/** Feed file name -> format. */
const FILE_FORMATS: Record<string, FeedFormat> = { "rss.xml": "rss", "atom.xml": "atom", "feed.json": "json" };
// Alternatives are grouped: Hono pastes the pattern into its router regex as it is.
const FEED_FILE = "{(?:rss\\.xml|atom\\.xml|feed\\.json)}";
const TERM_KIND = "{(?:tags|categories)}";
const HTML = "text/html; charset=utf-8";

/**
 * Serves the representation `key` names. The key must name everything the body
 * depends on (the origin, since URLs in bodies are absolute; the canonical query),
 * and nothing else, so ignored query parameters cannot fragment the caches.
 */
function serve(c: Context<AppEnv>, key: string, build: (site: ReturnType<typeof readSite>) => Representation) {
  const site = readSite(c.env, c.req.url);
  const policy = readCachePolicy(c.env);
  return respond(c, { version: contentIndex().version, key: `${key}|${site.origin}`, policy }, () => build(site));
}

/** The scope a `/tags/:name/...` or `/categories/:name/...` URL names, if it exists. */
function termScope(c: Context<AppEnv>): (Scope & { kind: TermKind }) | undefined {
  return findScope(contentIndex(), c.req.param("kind") as TermKind, c.req.param("name") ?? "") as
    | (Scope & { kind: TermKind })
    | undefined;
}

function serveFeed(c: Context<AppEnv>, scope: Scope) {
  const format = FILE_FORMATS[c.req.param("file") ?? ""] as FeedFormat;
  const limit = parseLimit(c.req.queries("limit"));
  const scopeKey = scope.kind === "site" ? "site" : `${scope.kind}:${scope.key}`;
  return serve(c, `feed|${format}|${scopeKey}|${limit}`, (site) => {
    const selection = selectArticles(contentIndex(), scope, limit);
    return { body: renderFeed(selection, site, format, limit), contentType: CONTENT_TYPES[format], lastModified: lastUpdated(selection.articles) };
  });
}

function serveTerms(c: Context<AppEnv>, kind: TermKind) {
  return serve(c, `terms|${kind}`, (site) => ({
    body: JSON.stringify(listTerms(contentIndex(), kind, site.origin)),
    contentType: "application/json; charset=utf-8",
    lastModified: lastUpdated(contentIndex().articles),
  }));
}

export const routes = new Hono<AppEnv>()
  .get("/", (c) =>
    serve(c, "home", (site) => ({ body: renderHome(contentIndex(), site), contentType: HTML, lastModified: lastUpdated(contentIndex().articles) })),
  )
  .get("/tags.json", (c) => serveTerms(c, "tags"))
  .get("/categories.json", (c) => serveTerms(c, "categories"))
  .get(`/:file${FEED_FILE}`, (c) => serveFeed(c, { kind: "site" }))
  .get(`/:kind${TERM_KIND}/:name/:file${FEED_FILE}`, (c) => {
    const scope = termScope(c);
    return scope ? serveFeed(c, scope) : c.notFound();
  })
  .get(`/:kind${TERM_KIND}/:name/`, (c) => {
    const scope = termScope(c);
    if (!scope) return c.notFound();
    return serve(c, `page|${scope.kind}:${scope.key}`, (site) => {
      const { articles } = selectArticles(contentIndex(), scope, LIMITS.max);
      return { body: renderTermPage(scope, articles, site), contentType: HTML, lastModified: lastUpdated(articles) };
    });
  })
  .get("/posts/:slug/", (c) => {
    const article = findArticle(c.req.param("slug"));
    if (!article) return c.notFound();
    return serve(c, `post|${article.slug}`, (site) => ({
      body: renderArticlePage(article, site),
      contentType: HTML,
      lastModified: new Date(article.updated),
    }));
  });
