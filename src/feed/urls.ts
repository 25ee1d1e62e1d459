/**
 * @module The site's URL grammar, in one place: where each scope's feeds and pages live
 * (`feedPath`, `termPath`, ...), the patterns the router matches them with (`ROUTES`),
 * and what a path is (`readFeedPath`, and the patterns redirects read spellings with). The
 * router (src/routes.ts, src/people/routes.ts), the canonical-URL redirects
 * (src/http/redirects.ts), WebSub topics (src/websub/topic.ts), the pages and the build
 * all use these, so that a URL means one thing everywhere.
 */
import { termKey } from "../text.ts";
import { FEED_FORMATS, type FeedFormat, type Scope, TERM_KINDS, type TermKind } from "../types.ts";
import { FORMATS } from "./formats.ts";

/** Where the built-in WebSub hub answers, on the site's origin (issue 14). */
export const HUB_PATH = "/websub";

/** The OPML list of every feed. */
export const OPML_PATH = "/opml.xml";

/** A regular expression source matching `text` exactly. */
const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

/** The term kinds as a path segment: `tags|categories|authors|sections`. */
const KINDS = TERM_KINDS.join("|");
/** A feed's file name: `rss\.xml|atom\.xml|feed\.json`. */
const FILES = FEED_FORMATS.map((format) => literal(FORMATS[format].file)).join("|");
/** An archive page number as written canonically: no leading zeros (a 404 past the last page is the route's). */
const PAGE = "[1-9][0-9]{0,8}";
/** The same, of any length, as redirects read it. */
const ANY_PAGE = "[1-9][0-9]*";

/**
 * The routes, as Hono patterns. A parameter's pattern is pasted into Hono's router
 * regular expression as it is, so alternatives are grouped.
 */
export const ROUTES = {
  feed: `/:file{(?:${FILES})}`,
  archiveFeed: `/archive/:page{${PAGE}}/:file{(?:${FILES})}`,
  termFeed: `/:kind{(?:${KINDS})}/:name/:file{(?:${FILES})}`,
  termArchiveFeed: `/:kind{(?:${KINDS})}/:name/archive/:page{${PAGE}}/:file{(?:${FILES})}`,
  termPage: `/:kind{(?:${KINDS})}/:name/`,
  termArchivePage: `/:kind{(?:${KINDS})}/:name/archive/:page{${PAGE}}/`,
  siteEmbed: "/embed/site",
  termEmbed: `/embed/:kind{(?:${KINDS})}/:name`,
  /** A kind's index of every term (issue 24): `/tags/`. */
  kindIndex: `/:kind{(?:${KINDS})}/`,
  opml: OPML_PATH,
  embedScript: "/embed.js",
  hub: HUB_PATH,
  favicon: "/favicon.ico",
  robots: "/robots.txt",
  sitemapIndex: "/sitemap.xml",
  /** A sitemap file (issue 24): `/sitemap-articles-1.xml`, at the root, so that it may list any URL of the site (sitemaps.org, "Sitemap file location"). */
  sitemapFile: "/:file{sitemap-[a-z]+-[1-9][0-9]*\\.xml}",
} as const;

/** Where the sitemap file `name` is served (`ROUTES.sitemapFile`): `/sitemap-articles-1.xml`. */
export function sitemapPathOf(name: string): string {
  return `/sitemap-${name}.xml`;
}

/** The name of the sitemap file at `file` (`sitemap-articles-1.xml` -> `articles-1`). */
export function sitemapName(file: string): string {
  return file.slice("sitemap-".length, -".xml".length);
}

/** The format whose feed file is `file` (`rss.xml`), if any. */
export function formatOfFile(file: string): FeedFormat | undefined {
  return FEED_FORMATS.find((format) => FORMATS[format].file === file);
}

/** A subscription feed's path: the site's or a term's (kind, raw segment, file). */
const FEED = new RegExp(`^(?:/(${KINDS})/([^/]+))?/(${FILES})$`);

/** What a subscription feed's path names: its scope (a term by its raw, percent-encoded segment) and format. */
export function readFeedPath(path: string): { kind: TermKind | undefined; segment: string; format: FeedFormat } | undefined {
  const m = FEED.exec(path);
  const format = m && formatOfFile(m[3] ?? "");
  return m && format ? { kind: m[1] as TermKind | undefined, segment: m[2] ?? "", format } : undefined;
}

/** Patterns of other spellings, for the canonical-URL redirects (src/http/redirects.ts). */
export const SPELLINGS = {
  /** A file in a folder of feeds (the site's, a term's, an archive page's): the folder, the name. */
  inFolder: new RegExp(`^((?:/(?:${KINDS})/[^/]+)?(?:/archive/${ANY_PAGE})?/)([^/]+/?)$`),
  /** A page folder written without its trailing `/`. */
  folderWithoutSlash: new RegExp(`^/(?:${KINDS})/[^/]+$|^/(?:${KINDS})/[^/]+/archive/${ANY_PAGE}$`),
  /** A kind's index (`/tags/`, issue 24) without its slash or with `index.html`: the kind. */
  kindIndex: new RegExp(`^/(${KINDS})(?:/index\\.html)?$`),
  /** A term list written as a folder: its kind. */
  listWithSlash: new RegExp(`^/(${KINDS})\\.json/$`),
  /** An archive page number written with leading zeros: the number. */
  paddedPage: /\/archive\/0+([1-9][0-9]*)(?=\/|$)/,
  /** A term in a page, feed or embed URL: `/embed` or not, the kind, the raw segment, the rest. */
  term: new RegExp(`^(/embed)?/(${KINDS})/([^/]+)(/.*)?$`),
} as const;

/** A path segment with exactly the percent-encoding RFC 3986 needs: sub-delims, `:` and `@` stay as they are. */
export function canonicalSegment(text: string): string {
  return encodeURIComponent(text).replace(/%(24|26|2B|2C|3A|3B|3D|40)/g, (encoded) => decodeURIComponent(encoded));
}

/** `decodeURIComponent`, or the text as it is when it is not valid percent-encoding. */
export function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * A site path with each segment percent-encoded as `canonicalSegment` writes it (as the
 * build writes permalinks): `/2019/01/%e4%bd%a0/` and `/2019/01/你/` are
 * `/2019/01/%E4%BD%A0/`. A segment that is not valid percent-encoding is left as it is.
 */
export function canonicalSitePath(path: string): string {
  return path
    .split("/")
    .map((segment) => {
      try {
        return canonicalSegment(decodeURIComponent(segment));
      } catch {
        return segment;
      }
    })
    .join("/");
}

/**
 * Names users and other feed services use for a file in a folder of feeds -> the
 * canonical file (src/http/redirects.ts answers them with a redirect).
 */
export const FILE_ALIASES: Readonly<Record<string, string>> = {
  feed: FORMATS.rss.file,
  rss: FORMATS.rss.file,
  "feed.xml": FORMATS.rss.file,
  "index.xml": FORMATS.rss.file,
  [`${FORMATS.rss.file}/`]: FORMATS.rss.file,
  atom: FORMATS.atom.file,
  [`${FORMATS.atom.file}/`]: FORMATS.atom.file,
  json: FORMATS.json.file,
  [`${FORMATS.json.file}/`]: FORMATS.json.file,
  "index.html": "",
};

/**
 * Paths the worker answers itself (feeds and their other names, lists, term pages,
 * archives, embeds, the hub, its content files, subscriber counts and what browsers and
 * crawlers ask every site for): no article, alias or resource may take one.
 */
const RESERVED_PATH = new RegExp(
  `^/(?:$|index\\.html$|(?:${KINDS}|archive|embed|_c|${HUB_PATH.slice(1)}|stats)(?:/|$)|(?:${FILES}|${Object.keys(FILE_ALIASES)
    .filter((name) => !name.includes("/") && name !== "index.html")
    .map(literal)
    .join(
      "|",
    )}|${literal(OPML_PATH.slice(1))}|${literal(ROUTES.embedScript.slice(1))}|icon\\.png|favicon\\.ico|robots\\.txt|sitemap(?:-[^/]*)?\\.xml|(?:${KINDS})\\.json|stats\\.json)/?$)`,
);

/** Whether `path` is one the worker answers itself (`RESERVED_PATH`). */
export function isReservedPath(path: string): boolean {
  return RESERVED_PATH.test(path);
}

/**
 * Path of a tag's or category's folder, built from its key (NFC, lower case), not its
 * display name: the URL then never changes when a newer article spells the tag
 * differently, and every spelling has one canonical URL to redirect to.
 * @example termPath("tags", "南开") === "/tags/%E5%8D%97%E5%BC%80/"; termPath("tags", "TypeScript") === "/tags/typescript/"
 */
export function termPath(kind: TermKind, name: string): string {
  return `/${kind}/${canonicalSegment(termKey(name))}/`;
}

/** Path of a scope's folder: `/` for the site; a term's from its key (its display name may be a Chinese variant's). */
export function scopePath(scope: Scope): string {
  return scope.kind === "site" ? "/" : termPath(scope.kind, scope.key);
}

/** Path of a scope's feed in `format`: `/rss.xml`, `/tags/rss/atom.xml`. */
export function feedPath(scope: Scope, format: FeedFormat): string {
  return scopePath(scope) + FORMATS[format].file;
}

/** Path of archive page `page` (RFC 5005; 1 = oldest) of a scope's feed in `format`: `/tags/rss/archive/3/atom.xml`. */
export function archiveFeedPath(scope: Scope, page: number | string, format: FeedFormat): string {
  return `${archiveDir(scope, page)}${FORMATS[format].file}`;
}

/** Folder of archive page `page` of a scope: `/archive/3/`, `/tags/rss/archive/3/` (an HTML page, for terms). */
export function archiveDir(scope: Scope, page: number | string): string {
  return `${scopePath(scope)}archive/${page}/`;
}

/** Path of a scope's embed (the iframe page): `/embed/site`, `/embed/tags/rss`. */
export function embedPath(scope: Scope): string {
  return scope.kind === "site" ? ROUTES.siteEmbed : `/embed${scopePath(scope).slice(0, -1)}`;
}

/** Path of the index page of every term of `kind` (issue 24): `/tags/`. */
export function kindIndexPath(kind: TermKind): string {
  return `/${kind}/`;
}

/** Path of the list of every term of `kind`: `/tags.json`. */
export function termListPath(kind: TermKind): string {
  return `/${kind}.json`;
}

/** Makes a site-relative path absolute on `origin`; full URLs pass through. */
export function absoluteUrl(pathOrUrl: string, origin: string): string {
  return pathOrUrl.startsWith("/") && !pathOrUrl.startsWith("//") ? origin + pathOrUrl : pathOrUrl;
}

/** Prefixes root-relative `href`/`src` values in build-rendered HTML with `origin`. */
export function absolutizeHtml(html: string, origin: string): string {
  return html.replace(/ (href|src)="\/(?!\/)/g, (_, attr: string) => ` ${attr}="${origin}/`);
}
