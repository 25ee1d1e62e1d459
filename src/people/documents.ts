/**
 * @module Pages for people at request time: the representation of each page (src/http/
 * respond.ts), with validators from the content index (the hash of every article shown,
 * the settings and page code the content was built with, the origin) and a body that
 * reads one content file (the home page two) and renders a pure view (src/views/).
 */
import type { Catalog, ScopeRef } from "../content/catalog.ts";
import { archivePageCount, archivePath, archiveSegments, homeTermsPath, opmlPath } from "../content/layout.ts";
import { type AssetReader, parseJson, readPack, readPage, readWindowMeta } from "../content/store.ts";
import { assembleFeed } from "../feed/assemble.ts";
import { filteredSelection, pageMembers, SHORT_LIVED } from "../feed/documents.ts";
import { describeFilters, type Filters } from "../feed/filters.ts";
import { LIMITS } from "../feed/formats.ts";
import { Digest } from "../hash.ts";
import { canonicalQuery, type FeedQuery } from "../http/query.ts";
import type { Representation } from "../http/representation.ts";
import { pageStrings } from "../i18n/strings.ts";
import type { Site } from "../settings.ts";
import type { ArticleMeta, FeedFormat, PageRecord, TermKind } from "../types.ts";
import { EMBED_CSP, renderEmbed, type Theme } from "../views/embed.tsx";
import { EMBED_SCRIPT, EMBED_SCRIPT_CONTENT_TYPE } from "../views/embed-script.ts";
import { renderFeedPage } from "../views/feed-page.tsx";
import { articleCsp, PAGE_CSP } from "../views/html.ts";
import { ICON_PNG_BASE64 } from "../views/icon.ts";
import { OPML_CONTENT_TYPE } from "../views/opml.ts";
import { renderArticlePage, renderHome, renderTermPage } from "../views/pages.tsx";
import { listTerms } from "../views/terms.ts";

export const HTML = "text/html; charset=utf-8";
const JSON_TYPE = "application/json; charset=utf-8";
const PAGE_HEADERS = { "Content-Security-Policy": PAGE_CSP };
const decoder = new TextDecoder();

/** An entity tag for a page: what kind it is, the build's page code and settings, the origin, its parameters and articles. */
export function pageTag(catalog: Catalog, site: Site, parts: (string | number)[], positions: Uint32Array = new Uint32Array()): string {
  const digest = new Digest().text(catalog.data.pagesVersion).text(site.origin);
  for (const part of parts) digest.text(String(part));
  for (const position of positions) for (const word of catalog.hash(position)) digest.word(word);
  return digest.hex();
}

/**
 * A list made at build time (src/build/lists.ts: the OPML lists, the home page's lists of
 * terms), one read: a pack of one segment (`segment`, of a pack of several: the kinds'
 * index pages, the sitemaps), with the request's origin put in where the build left its
 * token (unless SITE_URL was set, and the build put the origin in).
 */
export async function readList(catalog: Catalog, assets: AssetReader, path: string, site: Site, segment = 0): Promise<Uint8Array> {
  const pack = await readPack(assets, path);
  const list = pack.segment(segment);
  return assembleFeed("", [{ bytes: list, marks: pack.marks(list) }], catalog.settings.url ? undefined : site.origin);
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

/**
 * The browser view of `scope`'s feed in `format` filtered by `query.filters` (issue 13):
 * the articles the filtered feed holds (src/feed/documents.ts `filterWindow`), the
 * filters in words. One read, the window's metadata, which its validators need too.
 */
export async function filteredFeedPage(
  catalog: Catalog,
  assets: AssetReader,
  scope: ScopeRef,
  format: FeedFormat,
  query: FeedQuery & { filters: Filters },
  site: Site,
  now: number,
): Promise<Representation> {
  const { metas, chosen, positions, updated } = await filteredSelection(catalog, assets, scope, query, now);
  const search = canonicalQuery(query);
  const parts = ["feed-page", format, scope.id, search];
  const view = {
    query: search,
    description: describeFilters(query.filters, pageStrings(site.language).filters),
  };
  return {
    key: parts.concat(site.origin).join("|"),
    etag: pageTag(catalog, site, parts, positions),
    lastModified: updated,
    contentType: HTML,
    headers: PAGE_HEADERS,
    ...(query.filters.time !== undefined ? { cacheControl: SHORT_LIVED, keep: false } : {}),
    body: async () => renderFeedPage({ scope, articles: chosen.map((i) => metas[i] as ArticleMeta) }, site, format, query.limit, view),
  };
}

/** `/tags/:tag/` (and categories, authors): the term's newest articles, as many as its feeds show, and its feeds. */
export function termPage(catalog: Catalog, assets: AssetReader, scope: ScopeRef & { kind: TermKind }, site: Site): Representation {
  const pages = archivePageCount(scope.count, catalog.settings.pageSize);
  const parts = ["term-page", scope.id, pages];
  return {
    key: parts.concat(site.origin).join("|"),
    contentType: HTML,
    headers: PAGE_HEADERS,
    ...windowPage(catalog, assets, scope, LIMITS.default, site, parts, (articles) => renderTermPage(scope, articles, site, { pages, total: scope.count })),
  };
}

/** `/tags/:tag/archive/:n/` (and categories, authors): archive page `page` of the term, from the metadata in its archive group (one read). */
export function termArchivePage(catalog: Catalog, assets: AssetReader, scope: ScopeRef & { kind: TermKind }, page: number, site: Site): Representation {
  const { pageSize } = catalog.settings;
  const pages = archivePageCount(scope.count, pageSize);
  const positions = pageMembers(catalog, scope, page);
  const parts = ["term-archive", scope.id, page, pages];
  return {
    key: parts.concat(site.origin).join("|"),
    etag: pageTag(catalog, site, parts, positions),
    lastModified: new Date(catalog.updated(positions)),
    contentType: HTML,
    headers: PAGE_HEADERS,
    body: async () => {
      const { group, meta } = archiveSegments(page, scope.count, pageSize);
      const path = archivePath(scope.id, group);
      const articles = parseJson<ArticleMeta[]>(assets, path, (await readPack(assets, path)).segment(meta));
      return renderTermPage(scope, articles, site, {
        page,
        pages,
        total: scope.count,
      });
    },
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

/**
 * `/`: the site, every feed, and the latest articles. Its lists of terms were rendered at
 * build time (src/build/lists.ts), read along with the site's window metadata: two reads.
 */
export function homePage(catalog: Catalog, assets: AssetReader, site: Site): Representation {
  const parts = ["home", catalog.data.scopesVersion];
  const positions = catalog.members(catalog.site, LIMITS.default);
  return {
    key: parts.concat(site.origin).join("|"),
    etag: pageTag(catalog, site, parts, positions),
    lastModified: new Date(catalog.updated(positions)),
    contentType: HTML,
    headers: PAGE_HEADERS,
    body: async () => {
      const [latest, lists] = await Promise.all([readWindowMeta(assets, catalog.site.id), readList(catalog, assets, homeTermsPath(), site)]);
      return renderHome(decoder.decode(lists), latest.slice(0, positions.length), site);
    },
  };
}

/** The article published at `path` (its permalink, percent-encoded), if any: its position and page record (one read). */
export async function findArticle(catalog: Catalog, assets: AssetReader, path: string): Promise<{ position: number; page: PageRecord } | undefined> {
  for (const position of catalog.pathCandidates(path)) {
    const page = await readPage(assets, position, catalog.count, catalog.settings.pageSize);
    if (page.path === path) return { position, page };
  }
  return undefined;
}

/** An article's permalink (`/posts/:slug/` by default, `PERMALINKS`): the article in full. */
export function articlePage(catalog: Catalog, found: { position: number; page: PageRecord }, site: Site): Representation {
  const parts = ["post", found.page.path];
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

/**
 * `/opml.xml`: every feed of the site in `format`. Rendered at build time (a site's
 * hundreds of terms would cost a request several milliseconds of CPU): one read, and the
 * origin put in where the build left its token.
 */
export function opmlDocument(catalog: Catalog, assets: AssetReader, format: FeedFormat, site: Site): Representation {
  const parts = ["opml", format, catalog.data.scopesVersion];
  return {
    key: parts.concat(site.origin).join("|"),
    etag: pageTag(catalog, site, parts),
    lastModified: new Date(catalog.data.newest),
    contentType: OPML_CONTENT_TYPE,
    body: () => readList(catalog, assets, opmlPath(format), site),
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

let icon: Uint8Array | undefined;

/** `/icon.png`: the worker's own square icon, used in feeds and pages when `SITE_ICON` is not set. */
export function iconImage(catalog: Catalog, site: Site): Representation {
  const parts = ["icon.png"];
  return {
    key: parts.join("|"),
    etag: pageTag(catalog, site, parts),
    lastModified: new Date(catalog.data.newest),
    contentType: "image/png",
    cacheControl: "public, max-age=86400",
    body: async () => (icon ??= Uint8Array.from(atob(ICON_PNG_BASE64), (c) => c.charCodeAt(0))),
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
