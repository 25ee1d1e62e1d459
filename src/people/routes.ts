/**
 * @module Routes for people rather than feed readers: the home page, article pages, tag
 * and category pages, the OPML subscription list, embeddable widgets and `/embed.js`;
 * and what browsers and crawlers ask every site for: the kinds' indexes (`/tags/`),
 * `/favicon.ico`, `/robots.txt` and the sitemaps (./site-files.ts).
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
import { parseVariant } from "../http/query.ts";
import { type Representation, serve } from "../http/respond.ts";
import { inVariant, type Reading, reading } from "../http/variant.ts";
import { VARIANT_PARAM } from "../i18n/variants.ts";
import { canonicalSitePath } from "../feed/urls.ts";
import { resourcePath } from "../content/layout.ts";
import { readSite, servesArticles } from "../site.ts";
import { EMBED_LIMITS, THEMES } from "../views/embed.tsx";
import { OPML_FORMATS } from "../views/opml.ts";
import { DEFAULT_ICON } from "../settings.ts";
import { articlePage, embedPage, embedScript, findArticle, homePage, iconImage, opmlDocument, termArchivePage, termPage } from "./documents.ts";
import { parseChoice, parseCount } from "./query.ts";
import { FAVICON_CACHE, favicon, robotsText, sitemapFile, sitemapIndex, termIndexPage } from "./site-files.ts";
import type { TermKind } from "../types.ts";

type PeopleEnv = { Bindings: Cloudflare.Env };
type C = Context<PeopleEnv>;

/** What the request reads and shows: the content, or a Chinese variant's copy of it (`?opencc=`, issue 13; a 400 names the built ones). */
function readingOf(c: C): Reading {
  const variant = parseVariant(c.req.queries(VARIANT_PARAM), content().settings.variants);
  return reading(content(), c.env.ASSETS, readSite(c.env, c.req.url), variant);
}

/** Serves `make`'s page in the request's reading. */
function servePage(c: C, make: (read: Reading) => Representation | undefined): Response | Promise<Response> {
  const read = readingOf(c);
  const rep = make(read);
  return rep ? serve(c, inVariant(rep, content(), read.variant)) : c.notFound();
}

function serveEmbed(c: C, scope: ScopeRef) {
  const limit = parseCount("limit", c.req.queries("limit"), EMBED_LIMITS);
  const theme = parseChoice("theme", c.req.queries("theme"), THEMES, "auto");
  return servePage(c, (read) => embedPage(content(), read.assets, read.scope(scope), limit, theme, read.site));
}

/** `?page=` of a kind's index (`/tags/?page=2`): past the last page is a 404. */
const INDEX_PAGES = { default: 1, min: 1, max: 9999 } as const;

/** A sitemap file's URL (src/people/site-files.ts `sitemapFileUrlPath`). */
const SITEMAP_FILE = "{sitemap-[a-z]+-[1-9][0-9]*\\.xml}";

/**
 * `/tags/` (and the other kinds): page `?page=` of every term. The page's number is
 * written one way (`?page=1` is `/tags/`, `?page=02` is `?page=2`): other spellings 301.
 */
function serveTermIndex(c: C) {
  const kind = c.req.param("kind") as TermKind;
  const page = parseCount("page", c.req.queries("page"), INDEX_PAGES);
  const written = c.req.queries("page")?.[0];
  if (written !== undefined && (page === 1 || written !== String(page))) {
    const url = new URL(c.req.url);
    if (page === 1) url.searchParams.delete("page");
    else url.searchParams.set("page", String(page));
    return c.redirect(url.href, 301);
  }
  return servePage(c, (read) => termIndexPage(content(), read.assets, kind, page, read.site));
}

export const peopleRoutes = new Hono<PeopleEnv>()
  .get("/", (c) => servePage(c, (read) => homePage(content(), read.assets, read.site)))
  // What browsers and crawlers ask every site for (issue 24).
  .get(`/:kind${TERM_KIND}/`, serveTermIndex)
  .get("/favicon.ico", (c) => {
    const answer = favicon(content(), readSite(c.env, c.req.url), c.req.url);
    if ("rep" in answer) return serve(c, answer.rep);
    const moved = c.redirect(answer.location, 301);
    moved.headers.set("Cache-Control", FAVICON_CACHE);
    return moved;
  })
  .get("/robots.txt", (c) => serve(c, robotsText(content(), readSite(c.env, c.req.url), servesArticles(c.env, c.req.url))))
  // The sitemaps list the site's pages, only where this worker serves them.
  .get("/sitemap.xml", (c) => {
    const rep = servesArticles(c.env, c.req.url) ? sitemapIndex(content(), readSite(c.env, c.req.url)) : undefined;
    return rep ? serve(c, rep) : c.notFound();
  })
  .get(`/:file${SITEMAP_FILE}`, (c) => {
    const name = (c.req.param("file") ?? "").slice("sitemap-".length, -".xml".length);
    const rep = servesArticles(c.env, c.req.url) ? sitemapFile(content(), c.env.ASSETS, name, readSite(c.env, c.req.url)) : undefined;
    return rep ? serve(c, rep) : c.notFound();
  })
  .get("/opml.xml", (c) => {
    const format = parseChoice("format", c.req.queries("format"), OPML_FORMATS, "rss");
    return servePage(c, (read) => opmlDocument(content(), read.assets, format, read.site));
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
    return servePage(c, (read) => scope && termPage(content(), read.assets, read.scope(scope), read.site));
  })
  .get(`/:kind${TERM_KIND}/:name/archive/:page${PAGE}/`, (c) => {
    const scope = termScope(c);
    const page = Number(c.req.param("page"));
    if (!scope || page > archivePageCount(scope.count, content().settings.pageSize)) return c.notFound();
    return servePage(c, (read) => termArchivePage(content(), read.assets, read.scope(scope), page, read.site));
  });

/**
 * Every other path: an article's page at its permalink, whatever `PERMALINKS` makes it
 * (`/posts/a/`, `/2019/01/11/a.html`); an old path of one (Hugo's `aliases`, Jekyll's
 * `redirect_from`), other spellings of its path (without its trailing `/`, with
 * `index.html`, percent-encoded otherwise) and its resources (a page bundle's files).
 * Only where the worker serves the site's pages: when `SITE_URL` names another site,
 * that site serves them. Mounted after every other route (src/index.ts).
 */
export const articleRoutes = new Hono<PeopleEnv>().get("*", async (c) => {
  if (!servesArticles(c.env, c.req.url)) return c.notFound();
  const url = new URL(c.req.url);
  const path = canonicalSitePath(url.pathname);
  const catalog = content();
  const moved = (to: string) => c.redirect(url.origin + to + url.search, 301);
  const read = readingOf(c);
  const found = await findArticle(catalog, read.assets, path);
  if (found) return path === url.pathname ? serve(c, inVariant(articlePage(catalog, found, read.site), catalog, read.variant)) : moved(path);
  const alias = catalog.alias(path);
  if (alias !== undefined) return moved(alias);
  for (const other of [path.replace(/\/index\.html$/, "/"), path.endsWith("/") ? undefined : `${path}/`]) {
    if (other !== undefined && other !== path && (await findArticle(catalog, read.assets, other))) return moved(other);
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
