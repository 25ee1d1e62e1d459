/**
 * @module The URL table. Each handler only wires a route to the pure functions:
 * params -> select -> render -> respond. `respond()` (src/http/respond.ts) adds
 * memoisation, the Cache API, validators and 304s to every route alike.
 */
import { type Context, Hono } from "hono";
import { contentIndex, findArticle } from "./articles.ts";
import { findScope, selectArticles } from "./feed/select.ts";
import { CONTENT_TYPES, LIMITS, lastUpdated, renderFeed } from "./feed/render.ts";
import { parseLimit, parseView } from "./http/query.ts";
import { type Representation, respond } from "./http/respond.ts";
import { readCachePolicy, readSite } from "./site.ts";
import type { FeedFormat, Scope, TermKind } from "./types.ts";
import { renderFeedPage } from "./views/feed-page.ts";
import { PAGE_CSP } from "./views/html.ts";
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
async function serve(
  c: Context<AppEnv>,
  key: string,
  build: (site: ReturnType<typeof readSite>) => Representation,
  extra: { headers?: Record<string, string>; vary?: string } = {},
) {
  const site = readSite(c.env, c.req.url);
  const policy = readCachePolicy(c.env);
  const options = { version: contentIndex().version, key: `${key}|${site.origin}`, policy, ...(extra.vary ? { vary: extra.vary } : {}) };
  const response = await respond(c, options, () => build(site));
  for (const [name, value] of Object.entries(extra.headers ?? {})) response.headers.set(name, value);
  return response;
}

/** The scope a `/tags/:name/...` or `/categories/:name/...` URL names, if it exists. */
function termScope(c: Context<AppEnv>): (Scope & { kind: TermKind }) | undefined {
  return findScope(contentIndex(), c.req.param("kind") as TermKind, c.req.param("name") ?? "") as
    | (Scope & { kind: TermKind })
    | undefined;
}

/**
 * A feed URL serves the feed to readers, and a page about the feed to a person who
 * opened it in a browser tab (issue 4). The two are separate representations: their
 * own cache keys and ETags, and `Vary: Sec-Fetch-Dest` for shared caches.
 */
function serveFeed(c: Context<AppEnv>, scope: Scope) {
  const format = FILE_FORMATS[c.req.param("file") ?? ""] as FeedFormat;
  const limit = parseLimit(c.req.queries("limit"));
  const page = parseView(c.req.queries("view")) === "html" || c.req.header("sec-fetch-dest") === "document";
  const scopeKey = scope.kind === "site" ? "site" : `${scope.kind}:${scope.key}`;
  const vary = "Accept-Encoding, Sec-Fetch-Dest";
  if (page) {
    return serve(
      c,
      `feed-page|${format}|${scopeKey}|${limit}`,
      (site) => {
        const selection = selectArticles(contentIndex(), scope, limit);
        return { body: renderFeedPage(selection, site, format, limit), contentType: HTML, lastModified: lastUpdated(selection.articles) };
      },
      { vary, headers: { "Content-Security-Policy": PAGE_CSP } },
    );
  }
  return serve(
    c,
    `feed|${format}|${scopeKey}|${limit}`,
    (site) => {
      const selection = selectArticles(contentIndex(), scope, limit);
      return { body: renderFeed(selection, site, format, limit), contentType: CONTENT_TYPES[format], lastModified: lastUpdated(selection.articles) };
    },
    { vary },
  );
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
