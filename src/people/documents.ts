/**
 * @module Pages for people at request time: the representation of each page (src/types.ts
 * `Representation`, served by src/http/respond.ts), with validators from the content index
 * (the hash of every article shown, the settings and page code the content was built
 * with, the origin) and a body that reads one content file (the home page two) and
 * renders a pure view (src/views/). Every page is made by `page`, from what it is (its
 * parts: kind and parameters) and what it shows.
 */
import type { ScopeRef } from "../content/catalog.ts";
import { archivePageCount, archivePath, archiveSegments, homeTermsPath, opmlPath, TERMS_PER_LIST_PAGE, termListFile } from "../content/layout.ts";
import { parseJson, readPack, readPage, readWindowMeta } from "../content/store.ts";
import { assembleFeed } from "../feed/assemble.ts";
import type { RequestContext } from "../feed/context.ts";
import { filteredSelection, pageMembers, SHORT_LIVED } from "../feed/documents.ts";
import { describeFilters, type Filters } from "../feed/filters.ts";
import { canonicalQuery, type FeedQuery, LIMITS } from "../feed/query.ts";
import { termListPath } from "../feed/urls.ts";
import { Digest } from "../hash.ts";
import { pageStrings } from "../i18n/strings.ts";
import type { ArticleMeta, FeedFormat, PageRecord, Representation, TermKind } from "../types.ts";
import { EMBED_CSP, renderEmbed, type Theme } from "../views/embed.tsx";
import { EMBED_SCRIPT, EMBED_SCRIPT_CONTENT_TYPE } from "../views/embed-script.ts";
import { renderFeedPage } from "../views/feed-page.tsx";
import { articleCsp, PAGE_CSP } from "../views/html.ts";
import { ICON_PNG_BASE64 } from "../views/icon.ts";
import { OPML_CONTENT_TYPE } from "../views/opml.ts";
import { renderArticlePage, renderHome, renderTermPage } from "../views/pages.tsx";

export const HTML = "text/html; charset=utf-8";
const JSON_TYPE = "application/json; charset=utf-8";
const PAGE_HEADERS = { "Content-Security-Policy": PAGE_CSP };
const decoder = new TextDecoder();

/** What makes a page besides what it is: what it shows and how its body is made. */
interface PageOf {
  /** The articles it shows, for its entity tag and `Last-Modified` (none: the newest article's time). */
  positions?: Uint32Array;
  lastModified?: Date;
  /** @default HTML */
  contentType?: string;
  /** @default the pages' Content-Security-Policy */
  headers?: Record<string, string>;
  /** Its key leaves the origin out: the page is the same on every origin. */
  anyOrigin?: true;
  /** Its key, when not made of its parts (a long list of them): what else names it. */
  key?: (etag: string) => string;
  body(): Promise<Uint8Array | string>;
}

/**
 * A page: `parts` say what it is (kind and parameters), and with the origin make its
 * cache key; its entity tag is made of them, the build's page code and settings, and the
 * hash of every article it shows.
 */
export function page(ctx: RequestContext, parts: (string | number)[], made: PageOf & Partial<Pick<Representation, "cacheControl" | "keep">>): Representation {
  const { catalog, site } = ctx;
  const { positions = new Uint32Array(), lastModified, contentType = HTML, headers = PAGE_HEADERS, anyOrigin, key, body, ...rest } = made;
  const digest = new Digest().text(catalog.data.pagesVersion).text(site.origin);
  for (const part of parts) digest.text(String(part));
  for (const position of positions) for (const word of catalog.hash(position)) digest.word(word);
  const etag = digest.hex();
  return {
    key: key?.(etag) ?? (anyOrigin ? parts : parts.concat(site.origin)).join("|"),
    etag,
    lastModified: lastModified ?? (made.positions ? new Date(catalog.updated(positions)) : new Date(catalog.data.newest)),
    contentType,
    headers,
    body,
    ...rest,
  };
}

/**
 * A list made at build time (src/build/lists.ts: the OPML lists, the home page's lists of
 * terms), one read: a pack of one segment (`segment`, of a pack of several: the kinds'
 * index pages, src/build/term-index.ts), with the request's origin put in where the build
 * left its placeholder (unless SITE_URL was set, and the build put the origin in).
 */
export async function readList(ctx: RequestContext, path: string, segment = 0): Promise<Uint8Array> {
  const pack = await readPack(ctx.assets, path);
  const list = pack.segment(segment);
  return assembleFeed("", [{ bytes: list, origins: pack.origins(list) }], ctx.catalog.settings.url ? undefined : ctx.site.origin);
}

/** A page showing `scope`'s newest `limit` articles, rendered from its window's metadata (one read). */
function windowPage(
  ctx: RequestContext,
  scope: ScopeRef,
  limit: number,
  parts: (string | number)[],
  made: Omit<PageOf, "body" | "positions"> & { render(articles: ArticleMeta[]): string },
) {
  const { render, ...rest } = made;
  const positions = ctx.catalog.members(scope, limit);
  return page(ctx, parts, { ...rest, positions, body: async () => render((await readWindowMeta(ctx.assets, scope)).slice(0, positions.length)) });
}

/** The browser view of `scope`'s feed in `format` (what a person opening the feed URL sees). */
export function feedPage(ctx: RequestContext, scope: ScopeRef, format: FeedFormat, limit: number): Representation {
  return windowPage(ctx, scope, limit, ["feed-page", format, scope.id, limit], { render: (articles) => renderFeedPage({ scope, articles }, ctx.site, format, limit) });
}

/**
 * The browser view of `scope`'s feed in `format` filtered by `query.filters` (issue 13):
 * the articles the filtered feed holds (src/feed/documents.ts `filterWindow`), the
 * filters in words. One read, the window's metadata, which its validators need too.
 */
export async function filteredFeedPage(ctx: RequestContext, scope: ScopeRef, format: FeedFormat, query: FeedQuery & { filters: Filters }): Promise<Representation> {
  const { metas, chosen, positions, updated } = await filteredSelection(ctx, scope, query);
  const search = canonicalQuery(query);
  const view = { query: search, description: describeFilters(query.filters, pageStrings(ctx.site.language).filters) };
  return page(ctx, ["feed-page", format, scope.id, search], {
    positions,
    lastModified: updated,
    ...(query.filters.time !== undefined ? { cacheControl: SHORT_LIVED, keep: false } : {}),
    body: async () => renderFeedPage({ scope, articles: chosen.map((i) => metas[i] as ArticleMeta) }, ctx.site, format, query.limit, view),
  });
}

/** `/tags/:tag/` (and categories, authors, sections): the term's newest articles, as many as its feeds show, and its feeds. */
export function termPage(ctx: RequestContext, scope: ScopeRef & { kind: TermKind }): Representation {
  const pages = archivePageCount(scope.count, ctx.catalog.settings.pageSize);
  return windowPage(ctx, scope, LIMITS.default, ["term-page", scope.id, pages], { render: (articles) => renderTermPage(scope, articles, ctx.site, { pages, total: scope.count }) });
}

/** `/tags/:tag/archive/:n/` (and categories, authors, sections): archive page `n` of the term, from the metadata in its archive group (one read). */
export function termArchivePage(ctx: RequestContext, scope: ScopeRef & { kind: TermKind }, n: number): Representation {
  const { pageSize } = ctx.catalog.settings;
  const pages = archivePageCount(scope.count, pageSize);
  return page(ctx, ["term-archive", scope.id, n, pages], {
    positions: pageMembers(ctx.catalog, scope, n),
    body: async () => {
      const { group, meta } = archiveSegments(n, scope.count, pageSize);
      const path = archivePath(scope, group);
      const articles = parseJson<ArticleMeta[]>(ctx.assets, path, (await readPack(ctx.assets, path)).segment(meta));
      return renderTermPage(scope, articles, ctx.site, { page: n, pages, total: scope.count });
    },
  });
}

/** `/embed/...`: the iframe widget for `scope`. */
export function embedPage(ctx: RequestContext, scope: ScopeRef, limit: number, theme: Theme): Representation {
  return windowPage(ctx, scope, limit, ["embed", scope.id, limit, theme], {
    headers: { "Content-Security-Policy": EMBED_CSP },
    render: (articles) => renderEmbed({ scope, articles }, ctx.site, theme),
  });
}

/**
 * `/`: the site, every feed, and the latest articles. Its lists of terms were rendered at
 * build time (src/build/lists.ts), read along with the site's window metadata: two reads.
 */
export function homePage(ctx: RequestContext): Representation {
  const { catalog } = ctx;
  const positions = catalog.members(catalog.site, LIMITS.default);
  return page(ctx, ["home", catalog.data.scopesVersion], {
    positions,
    body: async () => {
      const [latest, lists] = await Promise.all([readWindowMeta(ctx.assets, catalog.site), readList(ctx, homeTermsPath())]);
      return renderHome(decoder.decode(lists), latest.slice(0, positions.length), ctx.site);
    },
  });
}

/** The article published at `path` (its permalink, percent-encoded), if any: its position and page record (one read). */
export async function findArticle(ctx: RequestContext, path: string): Promise<{ position: number; page: PageRecord } | undefined> {
  const { catalog } = ctx;
  for (const position of catalog.pathCandidates(path)) {
    const record = await readPage(ctx.assets, position, catalog.count, catalog.settings.pageSize);
    if (record.path === path) return { position, page: record };
  }
  return undefined;
}

/** An article's permalink (`/posts/:slug/` by default, `PERMALINKS`): the article in full. */
export function articlePage(ctx: RequestContext, found: { position: number; page: PageRecord }): Representation {
  return page(ctx, ["post", found.page.path], {
    positions: Uint32Array.of(found.position),
    headers: { "Content-Security-Policy": articleCsp(ctx.site.iframeHosts) },
    body: async () => renderArticlePage(found.page, ctx.site),
  });
}

/**
 * `/opml.xml`: every feed of the site in `format`. Rendered at build time (a site's
 * hundreds of terms would cost a request several milliseconds of CPU): one read, and the
 * origin put in where the build left its placeholder.
 */
export function opmlDocument(ctx: RequestContext, format: FeedFormat): Representation {
  return page(ctx, ["opml", format, ctx.catalog.data.scopesVersion], { contentType: OPML_CONTENT_TYPE, headers: {}, body: () => readList(ctx, opmlPath(format)) });
}

/**
 * `/tags.json`, `/categories.json`, ...: every term with its count and feeds, most used
 * first, `TERMS_PER_LIST_PAGE` a page (`?page=2`; issue 20), made at build time
 * (src/build/term-index.ts `writeTermLists`): one read, the origin put in. A list of
 * several pages links its neighbours (`Link: <...?page=2>; rel="next"`, RFC 8288); past
 * the last page there is none. A kind without terms is `[]`, no read.
 */
export function termList(ctx: RequestContext, kind: TermKind, n = 1): Representation | undefined {
  const terms = Object.keys(ctx.catalog.data[kind]).length;
  const pages = Math.ceil(terms / TERMS_PER_LIST_PAGE);
  if (n < 1 || n > Math.max(1, pages)) return undefined;
  const at = (p: number) => `<${ctx.site.origin}${termListPath(kind)}${p === 1 ? "" : `?page=${p}`}>`;
  const links = [...(n > 1 ? [`${at(n - 1)}; rel="prev"`] : []), ...(n < pages ? [`${at(n + 1)}; rel="next"`] : [])];
  return page(ctx, ["terms", kind, n, ctx.catalog.data.scopesVersion], {
    contentType: JSON_TYPE,
    headers: links.length > 0 ? { Link: links.join(", ") } : {},
    body: async () => (pages === 0 ? "[]" : readList(ctx, termListFile(kind, n))),
  });
}

let icon: Uint8Array | undefined;

/** `/icon.png`: the worker's own square icon, used in feeds and pages when `SITE_ICON` is not set. */
export function iconImage(ctx: RequestContext): Representation {
  return page(ctx, ["icon.png"], {
    anyOrigin: true,
    contentType: "image/png",
    headers: {},
    cacheControl: "public, max-age=86400",
    body: async () => (icon ??= Uint8Array.from(atob(ICON_PNG_BASE64), (c) => c.charCodeAt(0))),
  });
}

/** `/embed.js`. */
export function embedScript(ctx: RequestContext): Representation {
  return page(ctx, ["embed.js"], { contentType: EMBED_SCRIPT_CONTENT_TYPE, headers: {}, body: async () => EMBED_SCRIPT });
}
