/**
 * @module What browsers and crawlers ask every site for (issue 24): each kind's index of
 * terms (`/tags/`), `/favicon.ico`, `/robots.txt`, the sitemap index (`/sitemap.xml`) and
 * its sitemap files. Pages like the others (./documents.ts `page`): validators from the
 * content index, no read for a 304, and a body that reads at most one content file, made
 * at build time (src/build/term-index.ts, src/build/sitemaps.ts).
 */
import type { Catalog } from "../content/catalog.ts";
import type { SitemapRow } from "../content/index-format.ts";
import { sitemapPath, termIndexPageCount, termIndexPath, termIndexSegment } from "../content/layout.ts";
import { PLACEHOLDERS } from "../content/placeholders.ts";
import { readPack } from "../content/store.ts";
import type { RequestContext } from "../feed/context.ts";
import { absoluteUrl, sitemapPathOf } from "../feed/urls.ts";
import { DEFAULT_ICON, type SiteSettings } from "../settings.ts";
import type { Representation, TermKind } from "../types.ts";
import { ROBOTS_CONTENT_TYPE, renderRobots } from "../views/robots.ts";
import { renderSitemapIndex, SITEMAP_CONTENT_TYPE } from "../views/sitemap.ts";
import { renderTermIndex } from "../views/term-index.tsx";
import { iconImage, page, readList } from "./documents.ts";

const decoder = new TextDecoder();

/** Terms of each kind, counted once per catalog: a news site's 30,000 tags are not counted on every request. */
const termCounts = new WeakMap<Catalog, Partial<Record<TermKind, number>>>();

function termCount(catalog: Catalog, kind: TermKind): number {
  let counts = termCounts.get(catalog);
  if (counts === undefined) termCounts.set(catalog, (counts = {}));
  return (counts[kind] ??= Object.keys(catalog.data[kind]).length);
}

/**
 * `/tags/?page=N` (and `/categories/`, `/authors/`, `/sections/`): page `n` of every
 * term of `kind`, most used first; `undefined` when the kind has no terms or no such page.
 * One read: the page's segment of its index file.
 */
export function termIndexPage(ctx: RequestContext, kind: TermKind, n: number): Representation | undefined {
  const terms = termCount(ctx.catalog, kind);
  const pages = termIndexPageCount(terms);
  if (n < 1 || n > pages) return undefined;
  const { file, segment } = termIndexSegment(n);
  return page(ctx, ["term-index", kind, n, ctx.catalog.data.scopesVersion], {
    body: async () => renderTermIndex(kind, decoder.decode(await readList(ctx, termIndexPath(kind, file), segment)), { page: n, pages, terms }, ctx.site),
  });
}

/**
 * How long browsers and feed readers keep `/favicon.ico` (or its redirect): a week. They
 * ask for it by themselves, on every page view when they may not keep it; its URL cannot
 * change with the icon, so not a year: a new `SITE_ICON` reaches them within the week.
 */
export const FAVICON_CACHE = "public, max-age=604800";

/**
 * `/favicon.ico`: the worker's own icon when `SITE_ICON` is not set (or names this very
 * URL), else a `301` to the site's icon.
 */
export function favicon(ctx: RequestContext, requestUrl: string): { rep: Representation } | { location: string } {
  const own = `${new URL(requestUrl).origin}/favicon.ico`;
  const icon = absoluteUrl(ctx.catalog.settings.icon, ctx.site.origin);
  if (ctx.catalog.settings.icon !== DEFAULT_ICON && icon !== own) return { location: icon };
  return { rep: { ...iconImage(ctx), key: "favicon.ico", cacheControl: FAVICON_CACHE } };
}

/** The sitemap files, when the build made them (`CRAWLING` on). */
function sitemapRows(catalog: Catalog): readonly SitemapRow[] {
  return catalog.data.sitemaps ?? [];
}

/** Whether crawlers are welcome (`CRAWLING`); content built before the setting was: yes. */
function crawling(settings: SiteSettings): boolean {
  return settings.crawling !== false;
}

/**
 * `/robots.txt`: everything allowed, and the sitemap index named when `servesPages` (the
 * worker serves the site's pages, src/http/site.ts `servesArticles`) and the build made
 * one; everything refused when `CRAWLING` is off.
 */
export function robotsText(ctx: RequestContext, servesPages: boolean): Representation {
  const { catalog, site } = ctx;
  const sitemap = servesPages && sitemapRows(catalog).length > 0 ? `${site.origin}/sitemap.xml` : "";
  return page(ctx, ["robots.txt", String(crawling(catalog.settings)), sitemap], {
    contentType: ROBOTS_CONTENT_TYPE,
    headers: {},
    body: async () => renderRobots({ crawling: crawling(catalog.settings), sitemap: sitemap || undefined }),
  });
}

/** The newest of the rows' `lastmod`s. */
function newest(rows: readonly SitemapRow[]): Date {
  return new Date(Math.max(...rows.map(([, , lastmod]) => Date.parse(lastmod))));
}

/** `/sitemap.xml`: the sitemap index, made from the catalog's rows (no read); `undefined` when there are no sitemaps. */
export function sitemapIndex(ctx: RequestContext): Representation | undefined {
  const rows = sitemapRows(ctx.catalog);
  if (rows.length === 0) return undefined;
  return page(ctx, ["sitemap.xml", ...rows.flat()], {
    key: (etag) => ["sitemap.xml", etag, ctx.site.origin].join("|"),
    lastModified: newest(rows),
    contentType: SITEMAP_CONTENT_TYPE,
    headers: {},
    body: async () =>
      renderSitemapIndex(
        rows.map(([name, , lastmod]) => ({ path: sitemapPathOf(name), lastmod })),
        ctx.site.origin,
      ),
  });
}

/** `/sitemap-<name>.xml`: one sitemap file (one read); `undefined` when there is none of that name. */
export function sitemapFile(ctx: RequestContext, name: string): Representation | undefined {
  const row = sitemapRows(ctx.catalog).find(([n]) => n === name);
  if (row === undefined) return undefined;
  const [, hash] = row;
  return page(ctx, ["sitemap", name, hash], { lastModified: newest([row]), contentType: SITEMAP_CONTENT_TYPE, headers: {}, body: () => readSitemap(ctx, name) });
}

/**
 * The sitemap file `name` with the request's origin in every `<loc>` (or as the build
 * wrote it, when SITE_URL was set). Not put in at the pack's recorded places as other
 * lists' are (./documents.ts `readList`): a sitemap has one per URL, thousands, and a loop
 * over them in JavaScript cost a fresh isolate several milliseconds; decoding, replacing
 * the placeholder natively (`split`/`join`, which reads nothing in the origin as a
 * pattern; only a URL's origin can be the placeholder: the file is URLs and dates) and
 * encoding cost a fraction.
 */
async function readSitemap(ctx: RequestContext, name: string): Promise<Uint8Array | string> {
  const xml = (await readPack(ctx.assets, sitemapPath(name))).segment(0);
  return ctx.catalog.settings.url ? xml : decoder.decode(xml).split(PLACEHOLDERS.origin).join(ctx.site.origin);
}
