/**
 * @module Routes for people rather than feed readers: the home page, article pages, tag
 * and category pages, the OPML subscription list, embeddable widgets and `/embed.js`;
 * and what browsers and crawlers ask every site for: the kinds' indexes (`/tags/`),
 * `/favicon.ico`, `/robots.txt` and the sitemaps (./site-files.ts). URLs are
 * src/feed/urls.ts `ROUTES`. Each handler wires params -> a representation (./documents.ts) -> `serve()`
 * (src/http/respond.ts), so these pages get the same response cache, ETag and 304
 * handling as feeds.
 *
 * Mounted before the feed routes in src/index.ts, so these handlers own the page URLs.
 */
import { type Context, Hono } from "hono";
import type { ScopeRef } from "../content/catalog.ts";
import { archivePageCount, resourcePath } from "../content/layout.ts";
import { inVariant, named, type RequestContext, variantRepresentation } from "../feed/context.ts";
import { parseChoice, parseCount, parseVariant } from "../feed/query.ts";
import { canonicalSitePath, ROUTES, sitemapName } from "../feed/urls.ts";
import { contentOf } from "../http/moment.ts";
import { accept, contextOf, termScope } from "../http/params.ts";
import { type AppEnv, serve } from "../http/respond.ts";
import { servesArticles } from "../http/site.ts";
import { VARIANT_PARAM } from "../i18n/variants.ts";
import { DEFAULT_ICON } from "../settings.ts";
import { FEED_FORMATS, type Representation, type TermKind } from "../types.ts";
import { EMBED_LIMITS, THEMES } from "../views/embed.tsx";
import { articlePage, embedPage, embedScript, findArticle, homePage, iconImage, opmlDocument, termArchivePage, termPage } from "./documents.ts";
import { FAVICON_CACHE, favicon, robotsText, sitemapFile, sitemapIndex, termIndexPage } from "./site-files.ts";

type C = Context<AppEnv>;

/** The request's context, in the Chinese variant it asks for (`?opencc=`, issue 13; a 400 names the built ones). */
function contextIn(c: C): RequestContext {
  const base = contextOf(c);
  return inVariant(base, accept(parseVariant(c.req.queries(VARIANT_PARAM), base.catalog.settings.variants)));
}

/** Serves `make`'s page in the request's context; a 404 when it makes none. */
function servePage(c: C, make: (ctx: RequestContext) => Representation | undefined): Response | Promise<Response> {
  const ctx = contextIn(c);
  const rep = make(ctx);
  return rep ? serve(c, variantRepresentation(rep, ctx)) : c.notFound();
}

function serveEmbed(c: C, scope: ScopeRef) {
  const limit = accept(parseCount("limit", c.req.queries("limit"), EMBED_LIMITS));
  const theme = accept(parseChoice("theme", c.req.queries("theme"), THEMES, "auto"));
  return servePage(c, (ctx) => embedPage(ctx, named(ctx, scope), limit, theme));
}

/** `?page=` of a kind's index (`/tags/?page=2`): past the last page is a 404. */
const INDEX_PAGES = { default: 1, min: 1, max: 9999 } as const;

/**
 * `/tags/` (and the other kinds): page `?page=` of every term. The page's number is
 * written one way (`?page=1` is `/tags/`, `?page=02` is `?page=2`): other spellings 301.
 */
function serveTermIndex(c: C) {
  const kind = c.req.param("kind") as TermKind;
  const n = accept(parseCount("page", c.req.queries("page"), INDEX_PAGES));
  const written = c.req.queries("page")?.[0];
  if (written !== undefined && (n === 1 || written !== String(n))) {
    const url = new URL(c.req.url);
    if (n === 1) url.searchParams.delete("page");
    else url.searchParams.set("page", String(n));
    return c.redirect(url.href, 301);
  }
  return servePage(c, (ctx) => termIndexPage(ctx, kind, n));
}

/** Serves `make`'s representation where this worker serves the site's pages (the sitemaps list them); a 404 elsewhere or when it makes none. */
function servePagesOnly(c: C, make: (ctx: ReturnType<typeof contextOf>) => Representation | undefined): Response | Promise<Response> {
  const rep = servesArticles(c.env, c.req.url) ? make(contextOf(c)) : undefined;
  return rep ? serve(c, rep) : c.notFound();
}

export const peopleRoutes = new Hono<AppEnv>()
  .get("/", (c) => servePage(c, homePage))
  // What browsers and crawlers ask every site for (issue 24).
  .get(ROUTES.kindIndex, serveTermIndex)
  .get(ROUTES.favicon, (c) => {
    const answer = favicon(contextOf(c), c.req.url);
    if ("rep" in answer) return serve(c, answer.rep);
    const moved = c.redirect(answer.location, 301);
    moved.headers.set("Cache-Control", FAVICON_CACHE);
    return moved;
  })
  .get(ROUTES.robots, (c) => serve(c, robotsText(contextOf(c), servesArticles(c.env, c.req.url))))
  // The sitemaps list the site's pages, only where this worker serves them.
  .get(ROUTES.sitemapIndex, (c) => servePagesOnly(c, sitemapIndex))
  .get(ROUTES.sitemapFile, (c) => servePagesOnly(c, (ctx) => sitemapFile(ctx, sitemapName(c.req.param("file") ?? ""))))
  .get(ROUTES.opml, (c) => {
    const format = accept(parseChoice("format", c.req.queries("format"), FEED_FORMATS, "rss"));
    return servePage(c, (ctx) => opmlDocument(ctx, format));
  })
  .get(ROUTES.embedScript, (c) => serve(c, embedScript(contextOf(c))))
  // The default icon, only when the site has not named its own.
  .get(DEFAULT_ICON, (c) => (contentOf(c).catalog.settings.icon === DEFAULT_ICON ? serve(c, iconImage(contextOf(c))) : c.notFound()))
  .get(ROUTES.siteEmbed, (c) => serveEmbed(c, contentOf(c).catalog.site))
  .get(ROUTES.termEmbed, (c) => {
    const scope = termScope(c);
    return scope ? serveEmbed(c, scope) : c.notFound();
  })
  .get(ROUTES.termPage, (c) => {
    const scope = termScope(c);
    return servePage(c, (ctx) => scope && termPage(ctx, named(ctx, scope)));
  })
  .get(ROUTES.termArchivePage, (c) => {
    const scope = termScope(c);
    const page = Number(c.req.param("page"));
    if (!scope || page > archivePageCount(scope.count, contentOf(c).catalog.settings.pageSize)) return c.notFound();
    return servePage(c, (ctx) => termArchivePage(ctx, named(ctx, scope), page));
  });

/**
 * Every other path: an article's page at its permalink, whatever `PERMALINKS` makes it
 * (`/posts/a/`, `/2019/01/11/a.html`); an old path of one (Hugo's `aliases`, Jekyll's
 * `redirect_from`), other spellings of its path (without its trailing `/`, with
 * `index.html`, percent-encoded otherwise) and its resources (a page bundle's files).
 * Only where the worker serves the site's pages: when `SITE_URL` names another site,
 * that site serves them. Mounted after every other route (src/index.ts).
 */
export const articleRoutes = new Hono<AppEnv>().get("*", async (c) => {
  if (!servesArticles(c.env, c.req.url)) return c.notFound();
  const url = new URL(c.req.url);
  const path = canonicalSitePath(url.pathname);
  const moved = (to: string) => c.redirect(url.origin + to + url.search, 301);
  const ctx = contextIn(c);
  const { catalog } = ctx;
  const found = await findArticle(ctx, path);
  if (found) return path === url.pathname ? serve(c, variantRepresentation(articlePage(ctx, found), ctx)) : moved(path);
  const alias = catalog.alias(path);
  if (alias !== undefined) return moved(alias);
  for (const other of [path.replace(/\/index\.html$/, "/"), path.endsWith("/") ? undefined : `${path}/`]) {
    if (other !== undefined && other !== path && (await findArticle(ctx, other))) return moved(other);
  }
  if (catalog.mayBeResource(path)) return serveResource(c, path);
  return c.notFound();
});

/** A resource of an article, as the asset server answers it (its type, validators and 304s): the request's conditional headers go with it. */
async function serveResource(c: C, path: string): Promise<Response> {
  const headers = new Headers();
  for (const name of ["If-None-Match", "If-Modified-Since", "Range"]) {
    const value = c.req.header(name);
    if (value !== undefined) headers.set(name, value);
  }
  const response = await c.env.ASSETS.fetch(new Request(new URL(resourcePath(path), c.req.url), { headers }));
  if (response.status === 404) return c.notFound();
  const answer = new Response(response.body, response);
  answer.headers.set("X-Content-Type-Options", "nosniff");
  return answer;
}
