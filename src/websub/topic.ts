/**
 * @module Topics: which URLs the built-in hub accepts, and what each stands for. A topic
 * is one of this site's subscription documents (any scope, format and query: `?limit=`,
 * issue 13's filters), named by its canonical URL (the `rel=self` of the document,
 * src/feed/site.ts `linkHeader`): scope + format + canonical query. A URL the site redirects to
 * a canonical feed URL (`/tags/TypeScript/rss`, `/rss.xml?limit=20`,
 * `/rss.xml?filterout=b&filter=a`) stands for that feed (src/http/redirects.ts);
 * anything else is refused with the reason. The query is kept as the canonical text and
 * read again with the feed route's own parser (src/feed/query.ts), so every query the
 * feeds take is a topic with no change here. Pure: the catalog is passed in.
 */
import type { Catalog, ScopeRef } from "../content/catalog.ts";
import { mostBucketReads, WINDOW } from "../content/layout.ts";
import { feedTag, unfilteredTag } from "../feed/documents.ts";
import { canonicalQuery, type FeedQuery, LIMITS, parseFeedQuery } from "../feed/query.ts";
import { absoluteUrl, feedPath, OPML_PATH, readFeedPath, safeDecode } from "../feed/urls.ts";
import { canonicalUrl } from "../http/redirects.ts";
import { CHINESE_VARIANTS, type ChineseVariant } from "../i18n/variants.ts";
import { FEED_FORMATS, type FeedFormat, type Parsed, TERM_KINDS, type TermKind } from "../types.ts";
import { decodeUnreserved, type Refusal } from "./request.ts";

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
  /**
   * The document's canonical query (`canonicalQuery`): `""`, `?limit=5`,
   * `?filter=a&limit=5`. Stored as text, read with `topicQuery`.
   */
  query: string;
}

/** What resolving a topic needs of the catalog. */
export type TopicCatalog = Pick<Catalog, "site" | "find" | "has" | "settings">;

/** What a term of each kind is called in a refusal. */
const ONE: Record<string, string> = { tags: "tag", categories: "category" };
/** The start of a refusal of a query the feeds refuse or do not take. */
const NOT_CANONICAL = "hub.topic must be the canonical URL of a feed, as its rel=self link says";

/** The feed parameters of `search` as the feed route reads them, or why it refuses a value (its 400's message). */
function readQuery(search: string, built: readonly ChineseVariant[]): Parsed<FeedQuery> {
  const params = new URLSearchParams(search);
  return parseFeedQuery((name) => params.getAll(name), built);
}

/**
 * The topic `raw` (a `hub.topic`) names on a site served at `origin`, or why it names
 * none: a URL elsewhere or not a feed is a 400, a tag or category with no articles a 404,
 * a query the feed refuses the 400 the feed answers, and one it ignores (`?view=html`,
 * `?utm_source=`) a 400 naming the topic to subscribe to. A feed filtered by time
 * (`filter_time`) is a 400 too: what it holds changes as time passes, not when content
 * is deployed, so the hub would have nothing to push.
 */
export function resolveTopic(raw: string, origin: string, catalog: TopicCatalog): { ok: true; topic: Topic } | ({ ok: false } & Refusal) {
  const refuse = (status: 400 | 404, reason: string) => ({ ok: false as const, status, reason });
  const given = URL.parse(raw);
  if (given === null || (given.protocol !== "http:" && given.protocol !== "https:")) return refuse(400, "hub.topic must be an absolute http(s) URL.");
  if (given.origin !== origin) {
    return refuse(400, `hub.topic ${given.href} is not on this site: this hub serves only ${origin}'s own feeds (every feed is listed at ${origin}${OPML_PATH}).`);
  }
  // Concatenated, not resolved: a path that starts with `//` must stay a path.
  const url = new URL(origin + decodeUnreserved(given.pathname) + given.search);
  const moved = canonicalUrl(url, (kind, key) => catalog.has(kind, key));
  const canonical = moved === undefined ? url : new URL(moved, origin);
  const feed = readFeedPath(canonical.pathname);
  if (feed === undefined)
    return refuse(400, `hub.topic ${given.href} is not a feed of this site: topics are feed URLs such as ${origin}/rss.xml (every feed is listed at ${origin}${OPML_PATH}).`);
  const { kind, segment, format } = feed;
  let scope: ScopeRef | undefined = catalog.site;
  if (kind !== undefined) {
    scope = catalog.find(kind, safeDecode(segment));
    if (scope === undefined) return refuse(404, `hub.topic ${given.href}: no article has this ${ONE[kind] ?? kind.replace(/s$/, "")}, so there is no such feed.`);
  }
  const read = readQuery(canonical.search, catalog.settings.variants);
  if (!read.ok) return refuse(400, `${NOT_CANONICAL}: ${read.message}.`);
  const query = read.value;
  const search = canonicalQuery(query);
  const self = absoluteUrl(feedPath(scope, format), origin) + search;
  if (query.filters?.time !== undefined) {
    const untimed = new URLSearchParams(search);
    untimed.delete("filter_time");
    const suggestion = absoluteUrl(feedPath(scope, format), origin) + (untimed.size === 0 ? "" : `?${untimed}`);
    return refuse(
      400,
      `hub.topic ${given.href} is filtered by time (filter_time), so it cannot be a topic: what such a feed holds changes as time passes, not when content is deployed, so the hub has nothing to push. Subscribe without filter_time: ${suggestion}`,
    );
  }
  if (canonical.search !== search) return refuse(400, `${NOT_CANONICAL}: this query is not part of it (subscribe to ${self}).`);
  return { ok: true, topic: { url: self, origin, kind: scope.kind, key: scope.kind === "site" ? "" : scope.key, format, query: search } };
}

/** The scope a stored topic stands for in `catalog`, or `undefined` when it has gone (no article has the tag any more). */
export function topicScope(topic: Pick<Topic, "kind" | "key">, catalog: TopicCatalog): ScopeRef | undefined {
  return topic.kind === "site" ? catalog.site : catalog.find(topic.kind, topic.key);
}

/** A stored topic's query, read as the feed route reads it, or `undefined` when this version of the code no longer takes it. */
export function topicQuery(topic: Pick<Topic, "query">, built: readonly ChineseVariant[] = CHINESE_VARIANTS): FeedQuery | undefined {
  const read = readQuery(topic.query, built);
  return read.ok ? read.value : undefined;
}

/**
 * What the topic's document is in `catalog`: its scope and query, for
 * `feedRepresentation` (src/feed/documents.ts), or `undefined` when it has none (its term
 * has no article any more, or its query is no longer taken).
 */
export function topicDocument(topic: Pick<Topic, "kind" | "key" | "query">, catalog: TopicCatalog): { scope: ScopeRef; query: FeedQuery } | undefined {
  const scope = topicScope(topic, catalog);
  // A Chinese variant the content no longer has is gone, like a tag no article has.
  const query = scope && topicQuery(topic, catalog.settings.variants);
  return scope && query && { scope, query };
}

/**
 * Whether the topic's document is a plain one, its scope's newest items (`feedDocument`:
 * a limit, and maybe a Chinese variant, but no filters), whose entity tag the index alone
 * gives. A filtered one is tagged by `feedRepresentation`, which reads first.
 */
export function isPlain(_topic: Pick<Topic, "query">, query: FeedQuery): boolean {
  return query.filters === undefined;
}

/** What the index alone says about a topic's document: see `topicProbe`. */
export type TopicProbe = { tag: string } | { window: string };

/**
 * What the index alone (no read) says about the topic's document in `catalog`, or
 * `undefined` when it has none:
 *
 * - a plain document's `tag`: its entity tag (src/feed/documents.ts `feedTag`), from the
 *   hashes of its head and of every item it shows. A topic whose tag changed between two
 *   versions of the content has new bytes to deliver; one whose tag did not has none.
 * - any other's `window`: the same kind of tag over its scope's window (the newest
 *   `WINDOW` articles, all a filtered document chooses from), with its query. Its document
 *   can have changed only if this did; whether it did takes its own tag, which needs the
 *   window's metadata (one read, in the hub's alarm).
 */
export function topicProbe(topic: Pick<Topic, "kind" | "key" | "format" | "query" | "origin">, catalog: Catalog): TopicProbe | undefined {
  const document = topicDocument(topic, catalog);
  if (document === undefined) return undefined;
  const { scope, query } = document;
  return isPlain(topic, query)
    ? { tag: unfilteredTag(catalog, scope, topic.format, query, topic.origin) }
    : { window: feedTag(catalog, scope, topic.format, catalog.members(scope, WINDOW), topic.query, topic.origin) };
}

/**
 * Content reads that assembling the topic's document costs at most, whatever its scope
 * holds: a plain one the window buckets its `limit` reaches (src/content/layout.ts
 * `mostBucketReads`: one for `?limit=1`, two up to 21, six for 100); any other the
 * window's metadata first, then the buckets of the whole window (a filter may keep any
 * article of the window).
 */
export function documentReads(topic: Pick<Topic, "query">): number {
  const query = topicQuery(topic);
  if (query === undefined) return 0;
  return isPlain(topic, query) ? mostBucketReads(query.limit) : MOST_DOCUMENT_READS;
}

/** The most content reads any topic's document costs (`documentReads`): a filtered one's. */
export const MOST_DOCUMENT_READS = 1 + mostBucketReads(WINDOW);

/**
 * Content reads that tagging the topic's document costs: none for a plain one (the
 * index gives it), one for any other (the window's metadata).
 */
export function tagReads(topic: Pick<Topic, "query">): number {
  const query = topicQuery(topic);
  return query === undefined || isPlain(topic, query) ? 0 : 1;
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
