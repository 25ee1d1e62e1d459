/**
 * @module The URL table. Each handler only wires a route to the pure functions:
 * params -> select -> render -> serve. `serve()` (src/http/respond.ts) adds
 * memoisation, the Cache API, validators and 304s to every route alike. Pages for
 * people (article, tag and category pages, OPML, embeds) are in src/people/routes.ts.
 */
import { type Context, Hono } from "hono";
import { contentLibrary } from "./articles.ts";
import { lastUpdated, selectArticles } from "./feed/select.ts";
import { CONTENT_TYPES, renderFeed } from "./feed/render.ts";
import { parseLimit, parseView } from "./http/query.ts";
import { FEED_FILE, HTML, scopeKey, TERM_KIND, termScope } from "./http/params.ts";
import { serve } from "./http/respond.ts";
import type { FeedFormat, Scope, TermKind } from "./types.ts";
import { renderFeedPage } from "./views/feed-page.ts";
import { PAGE_CSP } from "./views/html.ts";
import { renderHome } from "./views/pages.ts";
import { listTerms } from "./views/terms.ts";

export type AppEnv = { Bindings: Cloudflare.Env };

/** Feed file name -> format. */
const FILE_FORMATS: Record<string, FeedFormat> = { "rss.xml": "rss", "atom.xml": "atom", "feed.json": "json" };

/**
 * What a feed URL shows: the feed to readers, and a page about the feed to a person who
 * opened it in a browser tab (issue 4). Separate representations, so separate cache keys
 * and ETags; `Vary: Sec-Fetch-Dest` tells shared caches.
 */
const FEED_VIEWS = {
  feed: { render: renderFeed, contentType: (format: FeedFormat) => CONTENT_TYPES[format], headers: {} },
  "feed-page": { render: renderFeedPage, contentType: () => HTML, headers: { "Content-Security-Policy": PAGE_CSP } },
} as const;

function serveFeed(c: Context<AppEnv>, scope: Scope) {
  const format = FILE_FORMATS[c.req.param("file") ?? ""] as FeedFormat;
  const limit = parseLimit(c.req.queries("limit"));
  const name = parseView(c.req.queries("view")) === "html" || c.req.header("sec-fetch-dest") === "document" ? "feed-page" : "feed";
  const view = FEED_VIEWS[name];
  return serve(
    c,
    `${name}|${format}|${scopeKey(scope)}|${limit}`,
    (site) => {
      const selection = selectArticles(contentLibrary(), scope, limit);
      return { body: view.render(selection, site, format, limit), contentType: view.contentType(format), lastModified: lastUpdated(selection.articles) };
    },
    { vary: "Accept-Encoding, Sec-Fetch-Dest", headers: view.headers },
  );
}

function serveTerms(c: Context<AppEnv>, kind: TermKind) {
  return serve(c, `terms|${kind}`, (site) => ({
    body: JSON.stringify(listTerms(contentLibrary(), kind, site.origin)),
    contentType: "application/json; charset=utf-8",
    lastModified: new Date(contentLibrary().newest),
  }));
}

export const routes = new Hono<AppEnv>()
  .get("/", (c) =>
    serve(
      c,
      "home",
      (site) => ({ body: renderHome(contentLibrary(), site), contentType: HTML, lastModified: new Date(contentLibrary().newest) }),
      { headers: { "Content-Security-Policy": PAGE_CSP } },
    ),
  )
  .get("/tags.json", (c) => serveTerms(c, "tags"))
  .get("/categories.json", (c) => serveTerms(c, "categories"))
  .get(`/:file${FEED_FILE}`, (c) => serveFeed(c, { kind: "site" }))
  .get(`/:kind${TERM_KIND}/:name/:file${FEED_FILE}`, (c) => {
    const scope = termScope(c);
    return scope ? serveFeed(c, scope) : c.notFound();
  });
