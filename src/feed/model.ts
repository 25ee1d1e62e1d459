/**
 * @module What a feed document says, in every format: its head (`headOf`: the scope and
 * the site, the document's own URLs, its RFC 5005 links, its hubs) and its items
 * (`itemOf`: the one mapping from article to feed item). Pure data: how each format
 * writes it is its renderer's (./formats.ts `FORMATS`). Every string is cleaned of the
 * characters XML forbids here, whatever wrote it, so no renderer has to.
 */
import type { Site } from "../settings.ts";
import { stripXmlForbidden } from "../text.ts";
import { type Article, FEED_FORMATS, type FeedFormat, type Scope } from "../types.ts";
import { authorsOf, describeScope } from "./describe.ts";
import { absoluteUrl, absolutizeHtml, archiveFeedPath, feedPath, scopePath } from "./urls.ts";

/** An item's lead image: an absolute http(s) URL, its type when its extension tells it, and whether Atom can carry it. */
export interface ItemImage {
  url: string;
  type: string | undefined;
  /** `feed` derives an Atom enclosure's type as `image/<extension as written>`: right only when that is the type. */
  atom: boolean;
}

/** One article as a feed item. */
export interface FeedItem {
  /** Its id, absolute (`ARTICLE_IDS = "permalink"` ids are site paths, made absolute like links). */
  id: string;
  /** Its permalink. */
  link: string;
  title: string;
  /**
   * Its summary, or its title when the summary is empty: no item has an empty description
   * (RSS: W3C NeedDescriptionBeforeContent; Atom: MissingTextualContent).
   */
  summary: string;
  /** The body as items carry it, its root-relative URLs absolute; `""`: none (a brief item, an empty article). */
  body: string;
  published: Date;
  updated: Date;
  tags: readonly string[];
  /** Who wrote it: its authors, else the site's. */
  authors: readonly string[];
  image?: ItemImage;
}

/**
 * Where a document sits in its archived feed (RFC 5005 section 4): the subscription
 * document links its newest archive page (`newest`, 0 when there is none); an archive
 * page links the subscription document and its older and newer neighbours. Page numbers
 * are text, so that heads can hold placeholders (src/content/placeholders.ts).
 */
export type ArchiveLinks = { kind: "subscription"; newest: number } | { kind: "page"; page: string; older?: string; newer?: string };

/** Which document of a scope a head is for. */
export interface HeadRequest {
  scope: Scope;
  /** Canonical query of the subscription document's own URLs (`?limit=5`): `""` for the default and for archive pages. */
  query: string;
  /** What the title adds after the scope's title (filters, issue 13): `""` for nothing. */
  titleAddition: string;
  /** When the document was last updated; `undefined` writes the `updated` placeholder. */
  updated: Date | undefined;
  archive: ArchiveLinks;
}

/** A URL in each format. */
export type PerFormat = Record<FeedFormat, string>;

/** What a feed document says about itself, apart from its items. */
export interface FeedHead {
  title: string;
  description: string;
  language: string;
  author: string;
  /** Atom's `<id>`: the subscription document's canonical Atom URL. */
  id: string;
  /** The scope's HTML page. */
  link: string;
  updated: Date | undefined;
  /** This document in each format. */
  self: PerFormat;
  /** RFC 5005 links, in the order documents list them: `current` (archive pages), then `prev-archive` (older), then `next-archive`. */
  archiveLinks: { rel: "current" | "prev-archive" | "next-archive"; href: PerFormat }[];
  /** Whether this is an archive page (RFC 5005 `fh:archive`). */
  archived: boolean;
  hubs: readonly string[];
  /** The square icon and the wide logo, absolute. */
  icon: string;
  logo: string | undefined;
  /** RSS `<ttl>`, minutes. */
  ttl: number;
}

/** `path(format)` on the site's origin, followed by `query`, in every format. */
function perFormat(site: Site, path: (format: FeedFormat) => string, query: string): PerFormat {
  return Object.fromEntries(FEED_FORMATS.map((format) => [format, absoluteUrl(path(format), site.origin) + query])) as PerFormat;
}

/** The head of a document of `request.scope` on `site`. */
export function headOf(request: HeadRequest, site: Site): FeedHead {
  const { scope, archive } = request;
  const linkQuery = site.linkQuery ?? "";
  const page = (n: string) => perFormat(site, (f) => archiveFeedPath(scope, n, f), linkQuery);
  const described = describeScope(scope, site);
  const archiveLinks: FeedHead["archiveLinks"] = [];
  if (archive.kind === "page") archiveLinks.push({ rel: "current", href: perFormat(site, (f) => feedPath(scope, f), linkQuery) });
  const older = archive.kind === "page" ? archive.older : archive.newest > 0 ? String(archive.newest) : undefined;
  if (older !== undefined) archiveLinks.push({ rel: "prev-archive", href: page(older) });
  if (archive.kind === "page" && archive.newer !== undefined) archiveLinks.push({ rel: "next-archive", href: page(archive.newer) });
  return {
    title: stripXmlForbidden(described.title + request.titleAddition),
    description: stripXmlForbidden(described.description),
    language: stripXmlForbidden(site.language),
    author: stripXmlForbidden(site.author),
    id: absoluteUrl(feedPath(scope, "atom"), site.origin),
    link: absoluteUrl(scopePath(scope), site.origin) + linkQuery,
    updated: request.updated,
    self: archive.kind === "page" ? page(archive.page) : perFormat(site, (f) => feedPath(scope, f), request.query),
    archiveLinks,
    archived: archive.kind === "page",
    hubs: site.hubs ?? [],
    icon: absoluteUrl(site.icon, site.origin),
    logo: site.logo ? absoluteUrl(site.logo, site.origin) : undefined,
    ttl: site.ttl,
  };
}

/** MIME types of images by file extension; others get no RSS or Atom enclosure (JSON keeps `image`). */
const IMAGE_TYPES: Record<string, string> = {
  png: "image/png",
  gif: "image/gif",
  jpeg: "image/jpeg",
  jpg: "image/jpeg",
  webp: "image/webp",
  avif: "image/avif",
  svg: "image/svg+xml",
};

/** A host name with a dot, or an IPv4 address: what an enclosure's URL needs (W3C: InvalidURLAttribute). */
const DOTTED_HOST = /^(?:\d{1,3}\.){3}\d{1,3}$|^(?:[a-z0-9-]+\.)+[a-z0-9][a-z0-9-]*$/i;

/** A host RFC 3986 allows: a registered name (`{` and `}`, which the URL parser takes, are not in one) or an IP literal. */
const URI_HOST = /^(?:[\w.~!$&'()*+,;=%-]+|\[[0-9a-f:.]+\])$/i;

/**
 * `url` as an absolute http(s) URL whose every character is one RFC 3986 allows
 * (W3C: InvalidURLAttribute, InvalidUriChar), or `undefined` when it is not one.
 * The URL parser leaves `|`, `^`, `[`, `]`, `{`, `}` and `` ` `` as they are in queries,
 * and `{`, `}` in host names.
 */
function httpUrl(url: string): URL | undefined {
  const parsed = URL.parse(url);
  if (parsed === null || (parsed.protocol !== "http:" && parsed.protocol !== "https:") || !URI_HOST.test(parsed.hostname)) return undefined;
  const rest = (parsed.pathname + parsed.search + parsed.hash).replace(/[^\w;/?:@&=+$.\-!~*'()%,#]/g, (c) => encodeURIComponent(c));
  return new URL(parsed.origin + rest);
}

/** The article's image as items carry it, or `undefined` when it is not an http(s) URL. */
function imageOf(image: string | undefined, origin: string): ItemImage | undefined {
  if (image === undefined) return undefined;
  const url = httpUrl(absoluteUrl(stripXmlForbidden(image), origin));
  if (url === undefined) return undefined;
  const ext = /\.([a-z0-9]+)$/i.exec(url.pathname)?.[1];
  const type = ext === undefined ? undefined : IMAGE_TYPES[ext.toLowerCase()];
  return { url: url.href, type, atom: type !== undefined && DOTTED_HOST.test(url.hostname) && type === `image/${ext}` };
}

/** The one mapping from article to feed item, on `site`; `full: false` leaves the body out (archive pages of terms). */
export function itemOf(article: Article, site: Pick<Site, "origin" | "author">, full = true): FeedItem {
  const title = stripXmlForbidden(article.title);
  const summary = stripXmlForbidden(article.summary);
  const image = imageOf(article.image, site.origin);
  return {
    id: absoluteUrl(article.id, site.origin),
    link: absoluteUrl(article.path, site.origin),
    title,
    summary: summary !== "" ? summary : title,
    body: full ? absolutizeHtml(stripXmlForbidden(article.html), site.origin) : "",
    published: new Date(article.published),
    updated: new Date(article.updated),
    tags: article.tags.map(stripXmlForbidden),
    authors: authorsOf({ authors: article.authors.map(stripXmlForbidden) }, stripXmlForbidden(site.author)),
    ...(image === undefined ? {} : { image }),
  };
}
