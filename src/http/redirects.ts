/**
 * @module One URL per resource. Feeds are files (`/rss.xml`), pages are folders
 * (`/tags/rss/`), terms are spelled by their key (`/tags/typescript/`), archive pages by
 * their number without leading zeros, and a feed's parameters (`limit`, filters) are
 * written sorted, normalised, without their defaults (src/feed/urls.ts `SPELLINGS` reads
 * the other spellings). Those answer `301 Moved Permanently` to the canonical URL, the
 * rest of the query kept; everything else is left to the router.
 */
import { FEED_PARAMS, feedParams, parseFeedQuery } from "../feed/query.ts";
import { canonicalSegment, FILE_ALIASES, readFeedPath, SPELLINGS, safeDecode } from "../feed/urls.ts";
import { termKey } from "../text.ts";
import type { TermKind } from "../types.ts";

/**
 * Where a request for `url` should be redirected, if anywhere: a known other spelling of
 * a path (`canonicalPath`), a tag or category spelled other than its canonical key
 * (`/tags/TypeScript/` -> `/tags/typescript/`, only for terms that exist: `isTerm`), or
 * a feed whose parameters are not written canonically (`?limit=20`, `?filter_title=b&filter=a`,
 * `?filter=%EF%BC%A1` for the NFKC `A`). Each feed then has exactly one URL, which is the
 * `self` link inside it (W3C: SelfDoesntMatchLocation). Parameters the feeds ignore keep
 * their place after the feed's own; a value that is not allowed is left to the route's 400.
 */
export function canonicalUrl(url: URL, isTerm: (kind: TermKind, key: string) => boolean): string | undefined {
  let path = canonicalPath(url.pathname) ?? url.pathname;
  const term = SPELLINGS.term.exec(path);
  if (term) {
    const [, embed = "", kind, raw = "", rest = ""] = term;
    const key = termKey(safeDecode(raw));
    const segment = canonicalSegment(key);
    if (segment !== raw && isTerm(kind as TermKind, key)) path = `${embed}/${kind}/${segment}${rest}`;
  }
  let search = url.search;
  if (readFeedPath(path) !== undefined && search !== "") search = canonicalFeedSearch(search) ?? search;
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
  const query = parseFeedQuery((name) => params.getAll(name));
  if (!query.ok) return undefined;
  const canonical = new URLSearchParams(feedParams(query.value)).toString();
  if (pairs.filter(isFeed).join("&") === canonical) return undefined;
  const all = [canonical, ...pairs.filter((pair) => !isFeed(pair))].filter((part) => part !== "");
  return all.length === 0 ? "" : `?${all.join("&")}`;
}

/** The canonical path for `pathname`, when it is a known other spelling of one. */
export function canonicalPath(pathname: string): string | undefined {
  const padded = pathname.replace(SPELLINGS.paddedPage, "/archive/$1");
  if (padded !== pathname) return canonicalPath(padded) ?? padded;
  const inFolder = SPELLINGS.inFolder.exec(pathname);
  const name = inFolder?.[2] ?? "";
  const alias = FILE_ALIASES[name] ?? FILE_ALIASES[name.replace(/\/$/, "")];
  if (inFolder && alias !== undefined) return inFolder[1] + alias;
  const index = SPELLINGS.kindIndex.exec(pathname);
  if (index) return `/${index[1]}/`;
  if (SPELLINGS.folderWithoutSlash.test(pathname)) return `${pathname}/`;
  const list = SPELLINGS.listWithSlash.exec(pathname);
  return list ? `/${list[1]}.json` : undefined;
}
