/**
 * @module Routes for people rather than feed readers: article pages, tag and category
 * pages, the OPML subscription list, embeddable widgets and `/embed.js`. Each handler
 * wires params -> select -> a pure view in src/views/ -> `respond()` (src/http/), so
 * these pages get the same isolate memo, Cache API, ETag and 304 handling as feeds;
 * headers that are not part of the cached body (CSP) are added on the way out.
 *
 * Mounted before the feed routes in src/index.ts, so these handlers own the page URLs.
 */
import { type Context, Hono } from "hono";
import { contentLibrary, findArticle } from "../articles.ts";
import { lastUpdated, selectArticles } from "../feed/select.ts";
import { LIMITS } from "../feed/render.ts";
import { HTML, scopeKey, TERM_KIND, termScope } from "../http/params.ts";
import { serve } from "../http/respond.ts";
import type { Scope } from "../types.ts";
import { EMBED_SCRIPT, EMBED_SCRIPT_CONTENT_TYPE } from "../views/embed-script.ts";
import { EMBED_CSP, EMBED_LIMITS, renderEmbed, THEMES } from "../views/embed.ts";
import { PAGE_CSP } from "../views/html.ts";
import { OPML_CONTENT_TYPE, OPML_FORMATS, renderOpml } from "../views/opml.ts";
import { renderArticlePage, renderTermPage } from "../views/pages.ts";
import { parseChoice, parseCount } from "./query.ts";

type PeopleEnv = { Bindings: Cloudflare.Env };
type C = Context<PeopleEnv>;




/**
 * Whether this worker serves article pages. When `SITE_URL` names another origin, the
 * permalinks in every feed and page point there and that site owns them, so the
 * worker answers 404 rather than publish a second copy under its own host.
 */
export function servesArticles(env: Partial<Cloudflare.Env>, requestUrl: string): boolean {
  const configured = env.SITE_URL?.trim();
  return !configured || new URL(configured).origin === new URL(requestUrl).origin;
}

function serveEmbed(c: C, scope: Scope) {
  const limit = parseCount("limit", c.req.queries("limit"), EMBED_LIMITS);
  const theme = parseChoice("theme", c.req.queries("theme"), THEMES, "auto");
  return serve(
    c,
    `embed|${scopeKey(scope)}|${limit}|${theme}`,
    (site) => {
      const selection = selectArticles(contentLibrary(), scope, limit);
      return { body: renderEmbed(selection, site, theme), contentType: HTML, lastModified: lastUpdated(selection.articles) };
    },
    { headers: { "Content-Security-Policy": EMBED_CSP } },
  );
}

export const peopleRoutes = new Hono<PeopleEnv>()
  .get("/opml.xml", (c) => {
    const format = parseChoice("format", c.req.queries("format"), OPML_FORMATS, "rss");
    return serve(c, `opml|${format}`, (site) => ({
      body: renderOpml(contentLibrary(), site, format),
      contentType: OPML_CONTENT_TYPE,
      lastModified: new Date(contentLibrary().newest),
    }));
  })
  .get("/embed.js", (c) =>
    serve(c, "embed.js", () => ({ body: EMBED_SCRIPT, contentType: EMBED_SCRIPT_CONTENT_TYPE, lastModified: new Date(contentLibrary().newest) })),
  )
  .get("/embed/site", (c) => serveEmbed(c, { kind: "site" }))
  .get(`/embed/:kind${TERM_KIND}/:name`, (c) => {
    const scope = termScope(c);
    return scope ? serveEmbed(c, scope) : c.notFound();
  })
  .get(`/:kind${TERM_KIND}/:name/`, (c) => {
    const scope = termScope(c);
    if (!scope) return c.notFound();
    return serve(
      c,
      `page|${scopeKey(scope)}`,
      (site) => {
        const { articles } = selectArticles(contentLibrary(), scope, LIMITS.max);
        return { body: renderTermPage(scope, articles, site), contentType: HTML, lastModified: lastUpdated(articles) };
      },
      { headers: { "Content-Security-Policy": PAGE_CSP } },
    );
  })
  .get("/posts/:slug/", (c) => {
    const article = findArticle(c.req.param("slug"));
    if (!article || !servesArticles(c.env, c.req.url)) return c.notFound();
    return serve(
      c,
      `post|${article.slug}`,
      (site) => ({ body: renderArticlePage(article, site), contentType: HTML, lastModified: new Date(article.updated) }),
      { headers: { "Content-Security-Policy": PAGE_CSP } },
    );
  });
