/**
 * @module Serialisation through the `feed` library, the only module that talks to it.
 * Pure and deterministic: no clock, same input -> same bytes.
 *
 * Used at build time, where every article's item is serialised once per format
 * (`renderFragments`) and every scope's feed head once (`renderTemplate`); the worker
 * then only splices those finished bytes (./assemble.ts). `renderFeed` serialises a
 * whole document in one pass: it is the reference the assembled documents are tested
 * against, byte for byte, so the fragments are a cache of `feed`'s output and never a
 * second serialiser.
 *
 * Where `feed` 6 writes something a feed validator or reader rejects, the fix is made
 * on its input where that is possible (./xml-text.ts for its XML writer's escaping) and
 * on its output only where it is not; each fix is next to the defect it answers.
 */
import { Feed, type Item } from "feed";
import { escapeHtml, stripXmlForbidden } from "../text.ts";
import type { Article, FeedFormat, Scope } from "../types.ts";
import { describeScope } from "./describe.ts";
import { LIMITS, limitQuery, mediaType } from "./formats.ts";
import { lastUpdated, type Selection } from "./select.ts";
import { type FeedTemplate, QUERY_MARK, SPLICING, UPDATED_MARK } from "./template.ts";
import { absoluteUrl, absolutizeHtml, FEED_FORMATS, feedPath, scopePath } from "./urls.ts";
import { attr, cdata, restorePlaceholders, xmlAttr, xmlText } from "./xml-text.ts";

/**
 * What serialisation needs of the site settings; a `Site` (../site.ts) is one. Declared
 * here so that the serialiser, a pure module, does not depend on the worker's `Env` type.
 */
export interface FeedSite {
  title: string;
  description: string;
  /** Origin of every absolute URL, without a trailing slash. */
  origin: string;
  /** BCP 47 language tag. */
  language: string;
  /** Author of the feed and of articles that name none. */
  author: string;
  /** WebSub hubs the feed names (issue 14; src/websub/discovery.ts `hubUrls`); none when absent. */
  hubs?: readonly string[];
}

/** Identifies this project (package.json `edge-feeds` 1.0.0) in `<generator>`; `feed` is the serialiser underneath. */
export const GENERATOR = "edge-feeds 1.0 (jpmonette/feed 6.0.0)";

/** RSS `<docs>`: the specification this format follows. */
const RSS_DOCS = "https://www.rssboard.org/rss-specification";

/** MIME types of images by file extension; others get no RSS/Atom enclosure (JSON keeps `image`). */
const IMAGE_TYPES: Record<string, string> = {
  png: "image/png",
  gif: "image/gif",
  jpeg: "image/jpeg",
  jpg: "image/jpeg",
  webp: "image/webp",
  avif: "image/avif",
  svg: "image/svg+xml",
};

/**
 * `url` as an absolute http(s) URL whose every character is one RFC 3986 allows
 * (W3C: InvalidURLAttribute, InvalidUriChar), or `undefined` when it is not one.
 * The URL parser leaves `|`, `^`, `[`, `]`, `{`, `}` and `` ` `` as they are in queries.
 */
function httpUrl(url: string): URL | undefined {
  const parsed = URL.parse(url);
  if (parsed === null || (parsed.protocol !== "http:" && parsed.protocol !== "https:")) return undefined;
  const rest = (parsed.pathname + parsed.search + parsed.hash).replace(/[^\w;/?:@&=+$.\-!~*'()%,#]/g, (c) => encodeURIComponent(c));
  return new URL(parsed.origin + rest);
}

/** A host name with a dot, or an IPv4 address: what an RSS enclosure URL needs (W3C: InvalidURLAttribute). */
const DOTTED_HOST = /^(?:\d{1,3}\.){3}\d{1,3}$|^(?:[a-z0-9-]+\.)+[a-z0-9][a-z0-9-]*$/i;

/**
 * The article's image: an absolute http(s) URL (JSON Feed `image`), and whether it can
 * be an RSS enclosure (known type, dotted host) and an Atom one (`feed` derives Atom's
 * type as `image/<extension as written>`, right only when that is the subtype).
 */
function imageOf(article: Article, origin: string): { url: string; type: string | undefined; rss: boolean; atom: boolean } | undefined {
  if (article.image === undefined) return undefined;
  const url = httpUrl(absoluteUrl(stripXmlForbidden(article.image), origin));
  if (url === undefined) return undefined;
  const ext = /\.([a-z0-9]+)$/i.exec(url.pathname)?.[1];
  const type = ext === undefined ? undefined : IMAGE_TYPES[ext.toLowerCase()];
  const rss = type !== undefined && DOTTED_HOST.test(url.hostname);
  return { url: url.href, type, rss, atom: rss && type === `image/${ext}` };
}

/** An article's strings with every character XML forbids removed (inputs need not come from the build). */
function clean(article: Article): Article {
  const s = stripXmlForbidden;
  const copy: Article = { ...article, title: s(article.title), summary: s(article.summary), html: s(article.html), tags: article.tags.map(s) };
  if (article.author !== undefined) copy.author = s(article.author);
  return copy;
}

/** The one mapping from article to feed item; `article` has been through `clean`. */
function toItem(article: Article, site: FeedSite, format: FeedFormat): Item {
  const link = absoluteUrl(article.path, site.origin);
  const author = article.author ?? site.author;
  const content = absolutizeHtml(article.html, site.origin);
  // No empty description (RSS 2.0 item, W3C: NeedDescriptionBeforeContent; Atom entry,
  // W3C: MissingTextualContent): a summary that is empty falls back to the title.
  const summary = article.summary !== "" ? article.summary : article.title;
  const image = imageOf(article, site.origin);
  const base = { id: article.id, link, date: new Date(article.updated), published: new Date(article.published) };
  if (format === "json") {
    return {
      ...base,
      title: article.title,
      description: summary,
      content,
      category: article.tags.map((name) => ({ name })),
      author: [{ name: author }],
      ...(image ? { image: image.url } : {}),
    };
  }
  if (format === "atom") {
    return {
      ...base,
      // `feed` writes entry title and summary as `type="html"`: plain text is HTML-escaped first.
      title: cdata(escapeHtml(article.title)),
      description: cdata(escapeHtml(summary)),
      content: cdata(content),
      category: article.tags.map((name) => ({ term: xmlAttr(name) })),
      author: [{ name: xmlText(author) }],
      // No `length`: Atom's is optional and advisory (RFC 4287 section 4.2.7.6), and the size is unknown.
      ...(image?.atom ? { image: { url: image.url } } : {}),
    };
  }
  return {
    ...base,
    title: article.title,
    description: cdata(escapeHtml(summary)),
    content: cdata(content),
    category: article.tags.map((name) => ({ name: xmlText(name) })),
    extensions: [
      // `feed` writes the RSS item title as CDATA, where the RSS Best Practices Profile (and
      // the W3C validator's `CharacterData`/`ContainsHTML`) want plain text with references:
      // an extension named `title` is written over it.
      { name: "title", objects: { _text: xmlText(article.title) } },
      // RSS `<author>` must be an e-mail address (RSS 2.0): names go in `dc:creator`.
      { name: "dc:creator", objects: { _text: xmlText(author) } },
    ],
    // RSS 2.0 requires `length`; 0 is the RSS Best Practices Profile's value for an unknown size.
    ...(image?.rss && image.type ? { image: { url: image.url, type: image.type, length: 0 } } : {}),
  };
}

/**
 * The Atom feed's `<id>`: its canonical URL (W3C: NonCanonicalURI), which is built from
 * the term's key rather than its display name (see `termPath`), so the id stays the
 * same when articles are added, removed or retagged.
 */
export function feedId(scope: Scope, origin: string): string {
  return absoluteUrl(feedPath(scope, "atom"), origin);
}

/** What a feed document says about itself, apart from its items. */
interface Head {
  scope: Scope;
  site: FeedSite;
  format: FeedFormat;
  /** Canonical query of the document's URL (`?limit=5`), `""` for the default. */
  query: string;
  /** Newest update of the document's items. */
  updated: Date;
}

/** The `Feed` for `head` with no items yet; `urls` are the scope's feed URLs with the query. */
function newFeed(head: Head, urls: Record<FeedFormat, string>): Feed {
  const { scope, site, format } = head;
  const described = describeScope(scope, site);
  const [title, description, author, language] = [described.title, described.description, site.author, site.language].map(stripXmlForbidden) as [
    string,
    string,
    string,
    string,
  ];
  const text = format === "json" ? (s: string) => s : xmlText;
  return new Feed({
    title: text(title),
    description: text(description),
    // As text: xml-js would turn a literal `&amp;` in the id into `&`.
    id: text(feedId(scope, site.origin)),
    link: absoluteUrl(scopePath(scope), site.origin),
    language,
    updated: head.updated,
    generator: text(GENERATOR),
    docs: RSS_DOCS,
    feed: urls[format],
    feedLinks: { [format]: urls[format] },
    author: { name: text(author) },
  });
}

/** The `Feed` holding `head` and the items of `articles` (cleaned), with the URLs of the scope's feeds. */
function feedOf(head: Head, articles: Article[]): { feed: Feed; urls: Record<FeedFormat, string>; others: FeedFormat[] } {
  const urls = Object.fromEntries(FEED_FORMATS.map((f) => [f, absoluteUrl(feedPath(head.scope, f), head.site.origin) + head.query])) as Record<
    FeedFormat,
    string
  >;
  const feed = newFeed(head, urls);
  for (const article of articles) feed.addItem(toItem(article, head.site, head.format));
  return { feed, urls, others: FEED_FORMATS.filter((f) => f !== head.format) };
}

/** Serialises `head` and the items of `articles` (cleaned) in one pass. */
function serialise(head: Head, articles: Article[]): string {
  const { feed, urls, others } = feedOf(head, articles);
  const language = stripXmlForbidden(head.site.language);
  const hubs = head.site.hubs ?? [];
  if (head.format === "json") return JSON.stringify(jsonDocument(feed, urls, others, language, hubs));
  return XML_SERIALISERS[head.format](feed, urls, others, language, hubs);
}

/**
 * Serialises a selection as a feed document in `format`, in one pass: the reference
 * for what the worker assembles from fragments. `limit` goes into the self URL when it
 * is not the default.
 */
export function renderFeed(selection: Selection, site: FeedSite, format: FeedFormat, limit: number = LIMITS.default): string {
  const query = limitQuery(limit);
  return serialise({ scope: selection.scope, site, format, query, updated: lastUpdated(selection.articles) }, selection.articles.map(clean));
}

/**
 * Where items start in an XML document of each format: on their own line, at the
 * indentation xml-js gives them. Outside CDATA sections this text can only be an item's
 * start tag (every other `<` in text or attributes is escaped); inside them it is
 * content, so those are skipped when looking.
 */
const ITEM_START: Record<"rss" | "atom", string> = { rss: "\n        <item>", atom: "\n    <entry>" };
/** What follows the last item. */
const TAILS: Record<FeedFormat, string> = { rss: "\n    </channel>\n</rss>", atom: "\n</feed>", json: "]}" };

/** A stand-in update time for templates; how `feed` writes it is replaced by `UPDATED_MARK`. */
const SENTINEL = new Date(Date.UTC(2999, 11, 31, 23, 59, 59, 999));

/** Offsets of every `mark` in `xml` outside CDATA sections. */
function startsOutsideCdata(xml: string, mark: string): number[] {
  const starts: number[] = [];
  let at = 0;
  while (at < xml.length) {
    const next = xml.indexOf(mark, at);
    const cdata = xml.indexOf("<![CDATA[", at);
    if (next < 0) break;
    if (cdata >= 0 && cdata < next) {
      const end = xml.indexOf("]]>", cdata);
      at = end < 0 ? xml.length : end + 3;
      continue;
    }
    starts.push(next);
    at = next + mark.length;
  }
  return starts;
}

/**
 * The items of `articles` in every format, each exactly as it appears inside a
 * document: one document per format is serialised and cut between its items, so the
 * fragments are `feed`'s own output. Any head works: items do not depend on it.
 */
export function renderFragments(articles: Article[], site: FeedSite): Record<FeedFormat, string[]> {
  const cleaned = articles.map(clean);
  const head = (format: FeedFormat): Head => ({ scope: { kind: "site" }, site, format, query: "", updated: SENTINEL });
  const xml = (format: "rss" | "atom") => {
    if (cleaned.length === 0) return [];
    const doc = serialise(head(format), cleaned);
    const tail = TAILS[format];
    if (!doc.endsWith(tail)) throw new Error(`${format} document does not end as expected`);
    const starts = startsOutsideCdata(doc, ITEM_START[format]);
    if (starts.length !== cleaned.length) throw new Error(`${format} document has ${starts.length} items for ${cleaned.length} articles`);
    return starts.map((start, i) => doc.slice(start, starts[i + 1] ?? doc.length - tail.length));
  };
  const { feed, urls, others } = feedOf(head("json"), cleaned);
  const json = jsonDocument(feed, urls, others, site.language, []).items.map((item) => JSON.stringify(item));
  return { rss: xml("rss"), atom: xml("atom"), json };
}

/**
 * The head and tail of `scope`'s feed in `format`, for any query and update time: the
 * query is `QUERY_MARK` in every URL of the head and the time is `UPDATED_MARK`; the
 * worker fills both in (./template.ts). `site.origin` is typically the origin token.
 */
export function renderTemplate(scope: Scope, site: FeedSite, format: FeedFormat): FeedTemplate {
  const doc = serialise({ scope, site, format, query: QUERY_MARK, updated: SENTINEL }, []);
  const tail = TAILS[format];
  const empty = format === "json" ? '"items":[' + tail : tail;
  if (!doc.endsWith(empty)) throw new Error(`${format} head does not end as expected`);
  const { date } = SPLICING[format];
  const head = doc.slice(0, doc.length - tail.length);
  const written = date === "utc" ? SENTINEL.toUTCString() : date === "iso" ? SENTINEL.toISOString() : undefined;
  if (written !== undefined && !head.includes(written)) throw new Error(`${format} head has no update time`);
  return { head: written === undefined ? head : head.replace(written, UPDATED_MARK), tail };
}

type Serialiser = (feed: Feed, urls: Record<FeedFormat, string>, others: FeedFormat[], language: string, hubs: readonly string[]) => string;

/** Applies `edit` to the parts of `xml` outside CDATA sections (content never reaches the edits). */
function outsideCdata(xml: string, edit: (part: string) => string): string {
  return xml
    .split(/(<!\[CDATA\[[\s\S]*?\]\]>)/)
    .map((part, i) => (i % 2 === 1 ? part : edit(part)))
    .join("");
}

/**
 * The `<rss>` start tag with every namespace items use. `feed` declares `dc` and
 * `content` only when some item has content, so a head serialised on its own (a
 * template) would differ from the head above items; and `dc:creator` is on every item.
 */
const RSS_START = `<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:atom="http://www.w3.org/2005/Atom">`;

const XML_SERIALISERS: Record<"rss" | "atom", Serialiser> = {
  rss(feed, urls, others, _language, hubs) {
    // Replaces the `atom:link` list `feed` builds from `feed`: self (whose href is the URL
    // served and whose type matches; W3C: MissingAtomSelfLink, SelfDoesntMatchLocation),
    // then the other formats, then the WebSub hubs (issue 14; `feed`'s `hub` option
    // takes only one).
    const link = (href: string, rel: string, type?: string) => ({ _attributes: { href: xmlAttr(href), rel, ...(type ? { type } : {}) } });
    feed.addExtension({
      name: "atom:link",
      objects: [
        link(urls.rss, "self", mediaType("rss")),
        ...others.map((f) => link(urls[f], "alternate", mediaType(f))),
        ...hubs.map((hub) => link(hub, "hub")),
      ] as unknown as Record<string, unknown>,
    });
    return restorePlaceholders(feed.rss2()).replace(/<rss [^>]*>/, () => RSS_START);
  },
  atom(feed, urls, others, language, hubs) {
    // The other formats, then the WebSub hubs (issue 14; `feed`'s `hub` option takes only one).
    const extra = [
      ...others.map((f) => `\n    <link rel="alternate" type="${mediaType(f)}" href="${attr(urls[f])}"/>`),
      ...hubs.map((hub) => `\n    <link rel="hub" href="${attr(hub)}"/>`),
    ].join("");
    return outsideCdata(restorePlaceholders(feed.atom1()), (part) =>
      part
        // Replacer functions, not strings: URLs and settings may contain `$'` and the like.
        .replace("<feed ", () => `<feed xml:lang="${attr(language)}" `)
        // `feed` writes links without `type`: the HTML page, then self (typed, RFC 4287
        // section 4.2.7.3), then the other formats.
        .replace(/<link rel="alternate" href="([^"]*)"\/>/, `<link rel="alternate" type="text/html" href="$1"/>`)
        .replace(/<link rel="self" href="([^"]*)"\/>/, (_, href: string) => `<link rel="self" type="${mediaType("atom")}" href="${href}"/>${extra}`)
        // Entry permalinks: `feed` leaves rel out (which means alternate); say so.
        .replace(/<link href="/g, `<link rel="alternate" type="text/html" href="`),
    );
  },
};

/** `feed`'s JSON Feed 1.0 document upgraded to 1.1 (`authors`, `language`, `hubs`, `_alternates`), items last. */
function jsonDocument(
  feed: Feed,
  urls: Record<FeedFormat, string>,
  others: FeedFormat[],
  language: string,
  hubs: readonly string[],
): { items: Record<string, unknown>[] } {
  const v1 = JSON.parse(feed.json1()) as Record<string, unknown> & { items: Record<string, unknown>[] };
  const { version: _v, author, items, ...rest } = v1;
  return {
    version: "https://jsonfeed.org/version/1.1",
    ...rest,
    language,
    authors: [author],
    // JSON Feed 1.1 `hubs`: "endpoints that can be used to subscribe to real-time notifications".
    ...(hubs.length > 0 ? { hubs: hubs.map((url) => ({ type: "WebSub", url })) } : {}),
    _alternates: Object.fromEntries(others.map((f) => [f, urls[f]])),
    items: items.map((item, i) => jsonItem(item, feed.items[i] as Item)),
  } as { items: Record<string, unknown>[] };
}

/** A JSON Feed 1.0 item from `feed` as a 1.1 item: `authors`, the summary always, and text content when there is no HTML. */
function jsonItem(v1: Record<string, unknown>, source: Item): Record<string, unknown> {
  const { author, content_html: html, summary: _summary, ...item } = v1;
  // JSON Feed 1.1: content_html or content_text must be present; an empty body has only text.
  const content = typeof html === "string" && html !== "" ? { content_html: html } : { content_text: source.description ?? "" };
  return { ...item, ...content, summary: source.description, authors: [author] };
}
