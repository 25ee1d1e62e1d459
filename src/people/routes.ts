/**
 * @module Routes for people rather than feed readers: the home page, article pages, tag
 * and category pages, the OPML subscription list, embeddable widgets and `/embed.js`.
 * Each handler wires params -> a representation (./documents.ts) -> `serve()`
 * (src/http/respond.ts), so these pages get the same response cache, ETag and 304
 * handling as feeds.
 *
 * Mounted before the feed routes in src/index.ts, so these handlers own the page URLs.
 */
import { type Context, Hono } from "hono";
import { content } from "../content/bundled.ts";
import type { ScopeRef } from "../content/catalog.ts";
import { archivePageCount } from "../content/layout.ts";
import { PAGE, TERM_KIND, termScope } from "../http/params.ts";
import { serve } from "../http/respond.ts";
import { readSite, servesArticles } from "../site.ts";
import { EMBED_LIMITS, THEMES } from "../views/embed.tsx";
import { OPML_FORMATS } from "../views/opml.ts";
import { DEFAULT_ICON } from "../settings.ts";
import { articlePage, embedPage, embedScript, findArticle, homePage, iconImage, opmlDocument, termArchivePage, termPage } from "./documents.ts";
import { parseChoice, parseCount } from "./query.ts";

type PeopleEnv = { Bindings: Cloudflare.Env };
type C = Context<PeopleEnv>;

function serveEmbed(c: C, scope: ScopeRef) {
  const limit = parseCount("limit", c.req.queries("limit"), EMBED_LIMITS);
  const theme = parseChoice("theme", c.req.queries("theme"), THEMES, "auto");
  return serve(c, embedPage(content(), c.env.ASSETS, scope, limit, theme, readSite(c.env, c.req.url)));
}

export const peopleRoutes = new Hono<PeopleEnv>()
  .get("/", (c) => serve(c, homePage(content(), c.env.ASSETS, readSite(c.env, c.req.url))))
  .get("/opml.xml", (c) => {
    const format = parseChoice("format", c.req.queries("format"), OPML_FORMATS, "rss");
    return serve(c, opmlDocument(content(), format, readSite(c.env, c.req.url)));
  })
  .get("/embed.js", (c) => serve(c, embedScript(content(), readSite(c.env, c.req.url))))
  // The default icon, only when the site has not named its own.
  .get(DEFAULT_ICON, (c) => (content().settings.icon === DEFAULT_ICON ? serve(c, iconImage(content(), readSite(c.env, c.req.url))) : c.notFound()))
  .get("/embed/site", (c) => serveEmbed(c, content().site))
  .get(`/embed/:kind${TERM_KIND}/:name`, (c) => {
    const scope = termScope(c);
    return scope ? serveEmbed(c, scope) : c.notFound();
  })
  .get(`/:kind${TERM_KIND}/:name/`, (c) => {
    const scope = termScope(c);
    return scope ? serve(c, termPage(content(), c.env.ASSETS, scope, readSite(c.env, c.req.url))) : c.notFound();
  })
  .get(`/:kind${TERM_KIND}/:name/archive/:page${PAGE}/`, (c) => {
    const scope = termScope(c);
    const page = Number(c.req.param("page"));
    if (!scope || page > archivePageCount(scope.count, content().settings.pageSize)) return c.notFound();
    return serve(c, termArchivePage(content(), c.env.ASSETS, scope, page, readSite(c.env, c.req.url)));
  })
  .get("/posts/:slug/", async (c) => {
    if (!servesArticles(c.env, c.req.url)) return c.notFound();
    const found = await findArticle(content(), c.env.ASSETS, c.req.param("slug"));
    return found ? serve(c, articlePage(content(), found, readSite(c.env, c.req.url))) : c.notFound();
  });
