/**
 * @module The site's URL scheme, in one place: where each scope's pages and feeds live.
 */
import { termKey } from "../text.ts";
import type { FeedFormat, Scope, TermKind } from "../types.ts";

/** File name of each format's feed within a scope. */
export const FEED_FILES: Record<FeedFormat, string> = { rss: "rss.xml", atom: "atom.xml", json: "feed.json" };

/** Every format, in the order feeds list them: RSS, Atom, JSON Feed. */
export const FEED_FORMATS = Object.keys(FEED_FILES) as FeedFormat[];

/** A path segment with exactly the percent-encoding RFC 3986 needs: sub-delims, `:` and `@` stay as they are. */
export function canonicalSegment(text: string): string {
  return encodeURIComponent(text).replace(/%(24|26|2B|2C|3A|3B|3D|40)/g, (escape) => decodeURIComponent(escape));
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
 * Paths the worker answers itself (feeds, lists, term pages, archives, embeds, the hub,
 * its content files and what browsers and crawlers ask every site for): no article,
 * alias or resource may take one.
 */
const RESERVED_PATH =
  /^\/(?:$|index\.html$|(?:tags|categories|authors|sections|archive|embed|_c|websub|stats)(?:\/|$)|(?:rss\.xml|atom\.xml|feed\.json|feed|rss|atom|json|feed\.xml|index\.xml|opml\.xml|embed\.js|icon\.png|favicon\.ico|robots\.txt|sitemap(?:-[^/]*)?\.xml|(?:tags|categories|authors|sections)\.json|stats\.json)\/?$)/;

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
  return scopePath(scope) + FEED_FILES[format];
}

/** Path of archive page `page` (RFC 5005; 1 = oldest) of a scope's feed in `format`: `/tags/rss/archive/3/atom.xml`. */
export function archiveFeedPath(scope: Scope, page: number | string, format: FeedFormat): string {
  return `${archiveDir(scope, page)}${FEED_FILES[format]}`;
}

/** Folder of archive page `page` of a scope: `/archive/3/`, `/tags/rss/archive/3/` (an HTML page, for terms). */
export function archiveDir(scope: Scope, page: number | string): string {
  return `${scopePath(scope)}archive/${page}/`;
}

/** Makes a site-relative path absolute on `origin`; full URLs pass through. */
export function absoluteUrl(pathOrUrl: string, origin: string): string {
  return pathOrUrl.startsWith("/") && !pathOrUrl.startsWith("//") ? origin + pathOrUrl : pathOrUrl;
}

/** Prefixes root-relative `href`/`src` values in build-rendered HTML with `origin`. */
export function absolutizeHtml(html: string, origin: string): string {
  return html.replace(/ (href|src)="\/(?!\/)/g, (_, attr: string) => ` ${attr}="${origin}/`);
}
