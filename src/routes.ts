/**
 * @module The URL table. Each handler only wires a route to the pure functions:
 * params -> select -> render -> respond.
 */
import { Hono, type Context } from "hono";
import { contentIndex, findArticle } from "./articles.ts";
import { findScope, selectArticles } from "./feed/select.ts";
import { CONTENT_TYPES, LIMITS, renderFeed } from "./feed/render.ts";
import { parseLimit } from "./http/query.ts";
import { readSite } from "./site.ts";
import type { FeedFormat, Scope, TermKind } from "./types.ts";
import { renderArticlePage, renderHome, renderTermPage } from "./views/pages.ts";
import { listTerms } from "./views/terms.ts";

type Env = { Bindings: Cloudflare.Env };

/** Feed file name -> format. */
const FILE_FORMATS: Record<string, FeedFormat> = { "rss.xml": "rss", "atom.xml": "atom", "feed.json": "json" };
const FEED_FILE = "{rss\\.xml|atom\\.xml|feed\\.json}";
const TERM_KIND = "{tags|categories}";

const site = (c: Context<Env>) => readSite(c.env, c.req.url);

/** The scope a `/tags/:name/...` or `/categories/:name/...` URL names, or a 404. */
function termScope(c: Context<Env>): (Scope & { kind: TermKind }) | undefined {
  const scope = findScope(contentIndex(), c.req.param("kind") as TermKind, c.req.param("name") ?? "");
  return scope as (Scope & { kind: TermKind }) | undefined;
}

function serveFeed(c: Context<Env>, scope: Scope) {
  const format = FILE_FORMATS[c.req.param("file") ?? ""] as FeedFormat;
  const limit = parseLimit(c.req.queries("limit"));
  const body = renderFeed(selectArticles(contentIndex(), scope, limit), site(c), format, limit);
  return c.body(body, 200, { "Content-Type": CONTENT_TYPES[format] });
}

export const routes = new Hono<Env>()
  .get("/", (c) => c.html(renderHome(contentIndex(), site(c))))
  .get(`/:kind${TERM_KIND}.json`, (c) =>
    c.json(listTerms(contentIndex(), c.req.param("kind") as TermKind, site(c).origin)),
  )
  .get(`/:file${FEED_FILE}`, (c) => serveFeed(c, { kind: "site" }))
  .get(`/:kind${TERM_KIND}/:name/:file${FEED_FILE}`, (c) => {
    const scope = termScope(c);
    return scope ? serveFeed(c, scope) : c.notFound();
  })
  .get(`/:kind${TERM_KIND}/:name/`, (c) => {
    const scope = termScope(c);
    if (!scope) return c.notFound();
    const { articles } = selectArticles(contentIndex(), scope, LIMITS.max);
    return c.html(renderTermPage(scope, articles, site(c)));
  })
  .get("/posts/:slug/", (c) => {
    const article = findArticle(c.req.param("slug"));
    return article ? c.html(renderArticlePage(article, site(c))) : c.notFound();
  });
