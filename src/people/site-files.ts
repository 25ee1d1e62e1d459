/**
 * @module What browsers and crawlers ask every site for (issue 24): each kind's index of
 * terms (`/tags/`), `/favicon.ico`, `/robots.txt`, the sitemap index (`/sitemap.xml`) and
 * its sitemap files. Representations like the other pages' (./documents.ts): validators
 * from the content index, no read for a 304, and a body that reads at most one content
 * file, made at build time (src/build/term-index.ts, src/build/sitemaps.ts).
 */
import type { Catalog } from "../content/catalog.ts";
import type { SitemapRow } from "../content/index-format.ts";
import { sitemapPath, termIndexPageCount, termIndexPath, termIndexSegment } from "../content/layout.ts";
import { type AssetReader, readPack } from "../content/store.ts";
import { ORIGIN_TOKEN } from "../feed/template.ts";
import { absoluteUrl } from "../feed/urls.ts";
import type { Representation } from "../http/representation.ts";
import { DEFAULT_ICON, type Site, type SiteSettings } from "../settings.ts";
import type { TermKind } from "../types.ts";
import { PAGE_CSP } from "../views/html.ts";
import { ROBOTS_CONTENT_TYPE, renderRobots } from "../views/robots.ts";
import { renderSitemapIndex, SITEMAP_CONTENT_TYPE } from "../views/sitemap.ts";
import { renderTermIndex } from "../views/term-index.tsx";
import { HTML, iconImage, pageTag, readList } from "./documents.ts";

const decoder = new TextDecoder();

/** Terms of each kind, counted once per catalog: a news site's 30,000 tags are not counted on every request. */
const termCounts = new WeakMap<Catalog, Partial<Record<TermKind, number>>>();

function termCount(catalog: Catalog, kind: TermKind): number {
  let counts = termCounts.get(catalog);
  if (counts === undefined) termCounts.set(catalog, (counts = {}));
  return (counts[kind] ??= Object.keys(catalog.data[kind]).length);
}

/**
 * `/tags/?page=N` (and `/categories/`, `/authors/`, `/sections/`): page `page` of every
 * term of `kind`, most used first; `undefined` when the kind has no terms or no such page.
 * One read: the page's segment of its index file.
 */
export function termIndexPage(catalog: Catalog, assets: AssetReader, kind: TermKind, page: number, site: Site): Representation | undefined {
  const terms = termCount(catalog, kind);
  const pages = termIndexPageCount(terms);
  if (page < 1 || page > pages) return undefined;
  const parts = ["term-index", kind, page, catalog.data.scopesVersion];
  const { file, segment } = termIndexSegment(page);
  return {
    key: parts.concat(site.origin).join("|"),
    etag: pageTag(catalog, site, parts),
    lastModified: new Date(catalog.data.newest),
    contentType: HTML,
    headers: { "Content-Security-Policy": PAGE_CSP },
    body: async () => renderTermIndex(kind, decoder.decode(await readList(catalog, assets, termIndexPath(kind, file), site, segment)), { page, pages, terms }, site),
  };
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
export function favicon(catalog: Catalog, site: Site, requestUrl: string): { rep: Representation } | { location: string } {
  const own = `${new URL(requestUrl).origin}/favicon.ico`;
  const icon = absoluteUrl(catalog.settings.icon, site.origin);
  if (catalog.settings.icon !== DEFAULT_ICON && icon !== own) return { location: icon };
  const rep = iconImage(catalog, site);
  return { rep: { ...rep, key: "favicon.ico", cacheControl: FAVICON_CACHE } };
}

/** The sitemap files, when the build made them (`CRAWLING` on). */
function sitemapRows(catalog: Catalog): readonly SitemapRow[] {
  return catalog.data.sitemaps ?? [];
}

/** Where the sitemap file `name` is served: `/sitemap-articles-1.xml`, at the root, so that it may list any URL of the site (sitemaps.org, "Sitemap file location"). */
export function sitemapFileUrlPath(name: string): string {
  return `/sitemap-${name}.xml`;
}

/** Whether crawlers are welcome (`CRAWLING`); content built before the setting was: yes. */
function crawling(settings: SiteSettings): boolean {
  return settings.crawling !== false;
}

/**
 * `/robots.txt`: everything allowed, and the sitemap index named when `servesPages` (the
 * worker serves the site's pages, src/site.ts `servesArticles`) and the build made one;
 * everything refused when `CRAWLING` is off.
 */
export function robotsText(catalog: Catalog, site: Site, servesPages: boolean): Representation {
  const sitemap = servesPages && sitemapRows(catalog).length > 0 ? `${site.origin}/sitemap.xml` : "";
  const parts = ["robots.txt", String(crawling(catalog.settings)), sitemap];
  return {
    key: parts.concat(site.origin).join("|"),
    etag: pageTag(catalog, site, parts),
    lastModified: new Date(catalog.data.newest),
    contentType: ROBOTS_CONTENT_TYPE,
    body: async () => renderRobots({ crawling: crawling(catalog.settings), sitemap: sitemap || undefined }),
  };
}

/** The newest of the rows' `lastmod`s. */
function newest(rows: readonly SitemapRow[]): Date {
  return new Date(Math.max(...rows.map(([, , lastmod]) => Date.parse(lastmod))));
}

/** `/sitemap.xml`: the sitemap index, made from the catalog's rows (no read); `undefined` when there are no sitemaps. */
export function sitemapIndex(catalog: Catalog, site: Site): Representation | undefined {
  const rows = sitemapRows(catalog);
  if (rows.length === 0) return undefined;
  const parts = ["sitemap.xml", ...rows.flatMap(([name, hash, lastmod]) => [name, hash, lastmod])];
  const etag = pageTag(catalog, site, parts);
  return {
    key: ["sitemap.xml", etag, site.origin].join("|"),
    etag,
    lastModified: newest(rows),
    contentType: SITEMAP_CONTENT_TYPE,
    body: async () => renderSitemapIndex(rows.map(([name, , lastmod]) => ({ path: sitemapFileUrlPath(name), lastmod })), site.origin),
  };
}

/** `/sitemap-<name>.xml`: one sitemap file (one read); `undefined` when there is none of that name. */
export function sitemapFile(catalog: Catalog, assets: AssetReader, name: string, site: Site): Representation | undefined {
  const row = sitemapRows(catalog).find(([n]) => n === name);
  if (row === undefined) return undefined;
  const [, hash] = row;
  const parts = ["sitemap", name, hash];
  return {
    key: parts.concat(site.origin).join("|"),
    etag: pageTag(catalog, site, parts),
    lastModified: newest([row]),
    contentType: SITEMAP_CONTENT_TYPE,
    body: () => readSitemap(catalog, assets, name, site),
  };
}

/**
 * The sitemap file `name` with the request's origin in every `<loc>` (or as the build
 * wrote it, when SITE_URL was set). Not spliced at the pack's marks as other lists are
 * (./documents.ts `readList`): a sitemap has one mark per URL, thousands, and a loop over
 * them in JavaScript cost a fresh isolate several milliseconds; decoding, replacing the
 * token natively (`split`/`join`, which reads nothing in the origin as a pattern; only a
 * URL's origin can be the token: the file is URLs and dates) and encoding cost a fraction.
 */
async function readSitemap(catalog: Catalog, assets: AssetReader, name: string, site: Site): Promise<Uint8Array | string> {
  const path = sitemapPath(name);
  const xml = (await readPack(assets, path)).segment(0);
  return catalog.settings.url ? xml : decoder.decode(xml).split(ORIGIN_TOKEN).join(site.origin);
}
