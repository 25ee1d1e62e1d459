/**
 * @module Topics: which URLs the built-in hub accepts, and what each stands for. A topic
 * is one of this site's feed documents, named by its canonical URL (the `rel=self` of
 * the document, src/websub/discovery.ts): scope + format + canonical query. A URL the
 * site redirects to a canonical feed URL (`/tags/TypeScript/rss`, `/rss.xml?limit=20`)
 * stands for that feed (src/http/redirects.ts); anything else is refused with the
 * reason. Pure: the catalog is passed in.
 */
import type { Catalog, ScopeRef } from "../content/catalog.ts";
import { feedTag } from "../feed/documents.ts";
import { LIMITS, limitQuery } from "../feed/formats.ts";
import { absoluteUrl, FEED_FILES, FEED_FORMATS, feedPath } from "../feed/urls.ts";
import { canonicalUrl } from "../http/redirects.ts";
import { LIMIT_RULE } from "../http/query.ts";
import { type FeedFormat, TERM_KINDS, type TermKind } from "../types.ts";
import type { Refusal } from "./request.ts";

/** A feed document subscribers can follow. */
export interface Topic {
  /** Canonical URL: what the document's self link and `Link` header say. */
  url: string;
  /** Origin of `url`: the site's, as a request to the hub sees it. */
  origin: string;
  kind: "site" | TermKind;
  /** The term's key; `""` for the site. */
  key: string;
  format: FeedFormat;
  /** Items the document shows (`?limit=`). */
  limit: number;
}

/** What resolving a topic needs of the catalog. */
export type TopicCatalog = Pick<Catalog, "site" | "find" | "has">;

const FILE_FORMATS = Object.fromEntries(FEED_FORMATS.map((f) => [FEED_FILES[f], f])) as Record<string, FeedFormat>;
/** A feed's path: the site's, or a term's of any kind (every kind has feeds of its own). */
const FEED = new RegExp(`^/(?:(${TERM_KINDS.join("|")})/([^/]+)/)?(rss\\.xml|atom\\.xml|feed\\.json)$`);
/** What a term of each kind is called in a refusal. */
const ONE: Record<string, string> = { tags: "tag", categories: "category" };

/**
 * `%XX` escapes of unreserved characters (RFC 3986 section 2.3) decoded: "Hubs MUST
 * always decode non-reserved characters for these URL parameters" (WebSub 5.1.1).
 */
function decodeUnreserved(path: string): string {
  return path.replace(/%([0-9A-Fa-f]{2})/g, (escape, hex: string) => {
    const c = String.fromCharCode(Number.parseInt(hex, 16));
    return /[A-Za-z0-9\-._~]/.test(c) ? c : escape;
  });
}

/** `decodeURIComponent`, or the text as it is when it is not valid percent-encoding. */
function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * The limit a query names (`""`, `?limit=N` as the feed route reads it, src/http/query.ts),
 * or `undefined` when it names anything else. The topic is then the document's self URL,
 * whose query is canonical (`?limit=05` is `?limit=5`).
 */
function queryLimit(search: string): number | undefined {
  if (search === "") return LIMITS.default;
  const match = /^\?limit=([0-9]{1,3})$/.exec(search);
  const limit = match ? Number(match[1]) : Number.NaN;
  return limit >= LIMITS.min && limit <= LIMITS.max ? limit : undefined;
}

/**
 * The topic `raw` (a `hub.topic`) names on a site served at `origin`, or why it names
 * none: a URL elsewhere or not a feed is a 400, a tag or category with no articles a 404.
 */
export function resolveTopic(raw: string, origin: string, catalog: TopicCatalog): { ok: true; topic: Topic } | ({ ok: false } & Refusal) {
  const refuse = (status: 400 | 404, reason: string) => ({ ok: false as const, status, reason });
  const given = URL.parse(raw);
  if (given === null || (given.protocol !== "http:" && given.protocol !== "https:"))
    return refuse(400, `hub.topic must be an absolute http(s) URL, not "${raw}".`);
  if (given.origin !== origin) {
    return refuse(400, `hub.topic ${given.href} is not on this site: this hub serves only ${origin}'s own feeds (every feed is listed at ${origin}/opml.xml).`);
  }
  // Concatenated, not resolved: a path that starts with `//` must stay a path.
  const url = new URL(origin + decodeUnreserved(given.pathname) + given.search);
  const moved = canonicalUrl(url, (kind, key) => catalog.has(kind, key));
  const canonical = moved === undefined ? url : new URL(moved, origin);
  const match = FEED.exec(canonical.pathname);
  if (!match)
    return refuse(
      400,
      `hub.topic ${given.href} is not a feed of this site: topics are feed URLs such as ${origin}/rss.xml (every feed is listed at ${origin}/opml.xml).`,
    );
  const [, kind, segment = "", file = ""] = match;
  const format = FILE_FORMATS[file] as FeedFormat;
  let scope: ScopeRef | undefined = catalog.site;
  if (kind !== undefined) {
    scope = catalog.find(kind as TermKind, safeDecode(segment));
    if (scope === undefined)
      return refuse(404, `hub.topic ${given.href}: no article has this ${ONE[kind] ?? kind.replace(/s$/, "")}, so there is no such feed.`);
  }
  const limit = queryLimit(canonical.search);
  const self = absoluteUrl(feedPath(scope, format), origin);
  if (limit === undefined) {
    const onlyLimit = [...new URLSearchParams(canonical.search).keys()].every((name) => name === "limit");
    const why = onlyLimit ? LIMIT_RULE : `this query is not part of it (subscribe to ${self})`;
    return refuse(400, `hub.topic must be the canonical URL of a feed, as its rel=self link says: ${why}.`);
  }
  return { ok: true, topic: { url: self + limitQuery(limit), origin, kind: scope.kind, key: scope.kind === "site" ? "" : scope.key, format, limit } };
}

/** The scope a stored topic stands for in `catalog`, or `undefined` when it has gone (no article has the tag any more). */
export function topicScope(topic: Pick<Topic, "kind" | "key">, catalog: TopicCatalog): ScopeRef | undefined {
  return topic.kind === "site" ? catalog.site : catalog.find(topic.kind, topic.key);
}

/**
 * What the topic's document holds in `catalog`, as a short string: its entity tag
 * (src/feed/documents.ts `feedTag`), made from the hashes of its head and of every item
 * it shows. A topic whose tag changed between two versions of the content has new bytes
 * to deliver; one whose tag did not has none.
 */
export function topicTag(topic: Pick<Topic, "kind" | "key" | "format" | "limit" | "origin">, catalog: Catalog): string | undefined {
  const scope = topicScope(topic, catalog);
  return scope && feedTag(catalog, scope, topic.format, catalog.members(scope, topic.limit), limitQuery(topic.limit), topic.origin);
}

/** Every default-limit feed of the site on `origin`, with its tag: what `npm run deploy` tells external hubs about. */
export function siteTopics(catalog: Catalog, origin: string): { url: string; tag: string }[] {
  const scopes: ScopeRef[] = [catalog.site, ...TERM_KINDS.flatMap((kind) => catalog.terms(kind))];
  return scopes.flatMap((scope) =>
    FEED_FORMATS.map((format) => ({
      url: absoluteUrl(feedPath(scope, format), origin),
      tag: feedTag(catalog, scope, format, catalog.members(scope, LIMITS.default), "", origin),
    })),
  );
}
