/**
 * @module One URL per resource. Feeds are files (`/rss.xml`), pages are folders
 * (`/tags/rss/`), terms are spelled by their key (`/tags/typescript/`), archive pages by
 * their number without leading zeros, and a feed's parameters (`limit`, filters) are
 * written sorted, normalised, without their defaults. Variants answer `301 Moved Permanently` to the
 * canonical URL, the rest of the query kept; everything else is left to the router.
 */
import { canonicalSegment } from "../feed/urls.ts";
import { termKey } from "../text.ts";
import { TERM_KINDS, type TermKind } from "../types.ts";
import { FEED_PARAMS, feedParams, parseFeedQuery } from "./query.ts";

/** Aliases users and other feed services use, per folder -> the canonical file in it. */
const ALIASES: Record<string, string> = {
  feed: "rss.xml",
  rss: "rss.xml",
  "feed.xml": "rss.xml",
  "index.xml": "rss.xml",
  "rss.xml/": "rss.xml",
  atom: "atom.xml",
  "atom.xml/": "atom.xml",
  json: "feed.json",
  "feed.json/": "feed.json",
  "index.html": "",
};

/** A folder of feeds: the site's or a term's, or one of their archive pages (RFC 5005). */
/** The term kinds as they appear in URLs (`tags|categories|authors|sections`). */
const KINDS = TERM_KINDS.join("|");
const FOLDER = `(?:/(?:${KINDS})/[^/]+)?(?:/archive/[1-9][0-9]*)?/`;
const IN_FOLDER = new RegExp(`^(${FOLDER})([^/]+/?)$`);
const FOLDER_WITHOUT_SLASH = new RegExp(`^/(?:${KINDS})/[^/]+$|^/(?:${KINDS})/[^/]+/archive/[1-9][0-9]*$`);
const LIST_WITH_SLASH = new RegExp(`^/(${KINDS})\\.json/$`);
/** A kind's index (`/tags/`, issue 24) without its slash or with `index.html`. */
const KIND_INDEX = new RegExp(`^/(${KINDS})(?:/index\\.html)?$`);
/** An archive page number written with leading zeros. */
const PADDED_PAGE = /\/archive\/0+([1-9][0-9]*)(?=\/|$)/;

/** A tag, category or author segment in a page, feed or embed URL: prefix, kind, raw segment, rest. */
const TERM_URL = new RegExp(`^(/embed)?/(${KINDS})/([^/]+)(/.*)?$`);
/** A subscription document (archive pages take no `?limit=`). */
const FEED_URL = new RegExp(`^(?:/(?:${KINDS})/[^/]+)?/(?:rss\\.xml|atom\\.xml|feed\\.json)$`);

/**
 * Where a request for `url` should be redirected, if anywhere: a known variant of a
 * path (`canonicalPath`), a tag or category spelled other than its canonical key
 * (`/tags/TypeScript/` -> `/tags/typescript/`, only for terms that exist: `isTerm`), or
 * a feed whose parameters are not written canonically (`?limit=20`, `?filter_title=b&filter=a`,
 * `?filter=%EF%BC%A1` for the NFKC `A`). Each feed then has exactly one URL, which is the
 * `self` link inside it (W3C: SelfDoesntMatchLocation). Parameters the feeds ignore keep
 * their place after the feed's own; a value that is not allowed is left to the route's 400.
 */
export function canonicalUrl(url: URL, isTerm: (kind: TermKind, key: string) => boolean): string | undefined {
  let path = canonicalPath(url.pathname) ?? url.pathname;
  const term = TERM_URL.exec(path);
  if (term) {
    const [, embed = "", kind, raw = "", rest = ""] = term;
    const key = termKey(safeDecode(raw));
    const segment = canonicalSegment(key);
    if (segment !== raw && isTerm(kind as TermKind, key)) path = `${embed}/${kind}/${segment}${rest}`;
  }
  let search = url.search;
  if (FEED_URL.test(path) && search !== "") search = canonicalFeedSearch(search) ?? search;
  return path === url.pathname && search === url.search ? undefined : path + search;
}

/**
 * `search` with the feed's parameters written canonically (as the feed's self link
 * writes them), the others after them as they were; `undefined` when the feed's
 * parameters already are, or when a value is not allowed.
 */
function canonicalFeedSearch(search: string): string | undefined {
  const params = new URLSearchParams(search);
  const pairs = search
    .slice(1)
    .split("&")
    .filter((pair) => pair !== "");
  const isFeed = (pair: string) => FEED_PARAMS.has(pair.split("=")[0] ?? "");
  if (!pairs.some(isFeed)) return undefined;
  let canonical: string;
  try {
    canonical = new URLSearchParams(feedParams(parseFeedQuery((name) => params.getAll(name)))).toString();
  } catch {
    return undefined;
  }
  if (pairs.filter(isFeed).join("&") === canonical) return undefined;
  const all = [canonical, ...pairs.filter((pair) => !isFeed(pair))].filter((part) => part !== "");
  return all.length === 0 ? "" : `?${all.join("&")}`;
}

/** `decodeURIComponent`, or the text as it is when it is not valid percent-encoding. */
function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The canonical path for `pathname`, when it is a known variant of one. */
export function canonicalPath(pathname: string): string | undefined {
  const padded = pathname.replace(PADDED_PAGE, "/archive/$1");
  if (padded !== pathname) return canonicalPath(padded) ?? padded;
  const inFolder = IN_FOLDER.exec(pathname);
  const name = inFolder?.[2] ?? "";
  const alias = ALIASES[name] ?? ALIASES[name.replace(/\/$/, "")];
  if (inFolder && alias !== undefined) return inFolder[1] + alias;
  const index = KIND_INDEX.exec(pathname);
  if (index) return `/${index[1]}/`;
  if (FOLDER_WITHOUT_SLASH.test(pathname)) return `${pathname}/`;
  const list = LIST_WITH_SLASH.exec(pathname);
  return list ? `/${list[1]}.json` : undefined;
}
