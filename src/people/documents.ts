/**
 * @module Pages for people at request time: the representation of each page (src/http/
 * respond.ts), with validators from the content index (the hash of every article shown,
 * the settings and page code the content was built with, the origin) and a body that
 * reads at most one content file and renders a pure view (src/views/).
 */
import type { Catalog, ScopeRef } from "../content/catalog.ts";
import { type AssetReader, readPage, readWindowMeta } from "../content/store.ts";
import { LIMITS } from "../feed/formats.ts";
import { Digest } from "../hash.ts";
import type { Representation } from "../http/representation.ts";
import type { Site } from "../settings.ts";
import type { ArticleMeta, FeedFormat, PageRecord, TermKind, TermListing } from "../types.ts";
import { EMBED_SCRIPT, EMBED_SCRIPT_CONTENT_TYPE } from "../views/embed-script.ts";
import { EMBED_CSP, renderEmbed, type Theme } from "../views/embed.ts";
import { renderFeedPage } from "../views/feed-page.ts";
import { articleCsp, PAGE_CSP } from "../views/html.ts";
import { OPML_CONTENT_TYPE, renderOpml } from "../views/opml.ts";
import { renderArticlePage, renderHome, renderTermPage } from "../views/pages.ts";
import { listTerms } from "../views/terms.ts";

export const HTML = "text/html; charset=utf-8";
const JSON_TYPE = "application/json; charset=utf-8";
const PAGE_HEADERS = { "Content-Security-Policy": PAGE_CSP };

/** An entity tag for a page: what kind it is, the build's page code and settings, the origin, its parameters and articles. */
function pageTag(catalog: Catalog, site: Site, parts: (string | number)[], positions: Uint32Array = new Uint32Array()): string {
  const digest = new Digest().text(catalog.data.pagesVersion).text(site.origin);
  for (const part of parts) digest.text(String(part));
  for (const position of positions) for (const word of catalog.hash(position)) digest.word(word);
  return digest.hex();
}

/** Every term of both kinds, for lists. */
function listings(catalog: Catalog): Record<TermKind, TermListing[]> {
  return { tags: catalog.terms("tags"), categories: catalog.terms("categories") };
}

/** A page showing `scope`'s newest `limit` articles, rendered from its window's metadata (one read). */
function windowPage(
  catalog: Catalog,
  assets: AssetReader,
  scope: ScopeRef,
  limit: number,
  site: Site,
  parts: (string | number)[],
  render: (articles: ArticleMeta[]) => string,
): Pick<Representation, "etag" | "lastModified" | "body"> {
  const positions = catalog.members(scope, limit);
  return {
    etag: pageTag(catalog, site, parts, positions),
    lastModified: new Date(catalog.updated(positions)),
    body: async () => render((await readWindowMeta(assets, scope.id)).slice(0, positions.length)),
  };
}

/** The browser view of `scope`'s feed in `format` (what a person opening the feed URL sees). */
export function feedPage(catalog: Catalog, assets: AssetReader, scope: ScopeRef, format: FeedFormat, limit: number, site: Site): Representation {
  const parts = ["feed-page", format, scope.id, limit];
  return {
    key: parts.concat(site.origin).join("|"),
    contentType: HTML,
    headers: PAGE_HEADERS,
    ...windowPage(catalog, assets, scope, limit, site, parts, (articles) => renderFeedPage({ scope, articles }, site, format, limit)),
  };
}

/** `/tags/:tag/` and `/categories/:category/`: the term's newest articles and its feeds. */
export function termPage(catalog: Catalog, assets: AssetReader, scope: ScopeRef & { kind: TermKind }, site: Site): Representation {
  const parts = ["term-page", scope.id];
  return {
    key: parts.concat(site.origin).join("|"),
    contentType: HTML,
    headers: PAGE_HEADERS,
    ...windowPage(catalog, assets, scope, LIMITS.max, site, parts, (articles) => renderTermPage(scope, articles, site)),
  };
}

/** `/embed/...`: the iframe widget for `scope`. */
export function embedPage(catalog: Catalog, assets: AssetReader, scope: ScopeRef, limit: number, theme: Theme, site: Site): Representation {
  const parts = ["embed", scope.id, limit, theme];
  return {
    key: parts.concat(site.origin).join("|"),
    contentType: HTML,
    headers: { "Content-Security-Policy": EMBED_CSP },
    ...windowPage(catalog, assets, scope, limit, site, parts, (articles) => renderEmbed({ scope, articles }, site, theme)),
  };
}

/** `/`: the site, every feed, and the latest articles. */
export function homePage(catalog: Catalog, assets: AssetReader, site: Site): Representation {
  const parts = ["home", catalog.data.scopesVersion];
  return {
    key: parts.concat(site.origin).join("|"),
    contentType: HTML,
    headers: PAGE_HEADERS,
    ...windowPage(catalog, assets, catalog.site, LIMITS.default, site, parts, (articles) => renderHome(listings(catalog), articles, site)),
  };
}

/** The article published under `slug`, if any: its position and page record (one read). */
export async function findArticle(catalog: Catalog, assets: AssetReader, slug: string): Promise<{ position: number; page: PageRecord } | undefined> {
  for (const position of catalog.slugCandidates(slug)) {
    const page = await readPage(assets, position, catalog.count);
    if (page.slug === slug) return { position, page };
  }
  return undefined;
}

/** `/posts/:slug/`: one article in full. */
export function articlePage(catalog: Catalog, found: { position: number; page: PageRecord }, site: Site): Representation {
  const parts = ["post", found.page.slug];
  const positions = Uint32Array.of(found.position);
  return {
    key: parts.concat(site.origin).join("|"),
    etag: pageTag(catalog, site, parts, positions),
    lastModified: new Date(catalog.updated(positions)),
    contentType: HTML,
    headers: { "Content-Security-Policy": articleCsp(site.iframeHosts) },
    body: async () => renderArticlePage(found.page, site),
  };
}

/** `/opml.xml`: every feed of the site in `format`. */
export function opmlDocument(catalog: Catalog, format: FeedFormat, site: Site): Representation {
  const parts = ["opml", format, catalog.data.scopesVersion];
  return {
    key: parts.concat(site.origin).join("|"),
    etag: pageTag(catalog, site, parts),
    lastModified: new Date(catalog.data.newest),
    contentType: OPML_CONTENT_TYPE,
    body: async () => renderOpml(listings(catalog), catalog.data.newest, site, format),
  };
}

/** `/tags.json`, `/categories.json`: every term with its count and feeds. */
export function termList(catalog: Catalog, kind: TermKind, site: Site): Representation {
  const parts = ["terms", kind, catalog.data.scopesVersion];
  return {
    key: parts.concat(site.origin).join("|"),
    etag: pageTag(catalog, site, parts),
    lastModified: new Date(catalog.data.newest),
    contentType: JSON_TYPE,
    body: async () => JSON.stringify(listTerms(catalog.terms(kind), kind, site.origin)),
  };
}

/** `/embed.js`. */
export function embedScript(catalog: Catalog, site: Site): Representation {
  const parts = ["embed.js"];
  return {
    key: parts.concat(site.origin).join("|"),
    etag: pageTag(catalog, site, parts),
    lastModified: new Date(catalog.data.newest),
    contentType: EMBED_SCRIPT_CONTENT_TYPE,
    body: async () => EMBED_SCRIPT,
  };
}
