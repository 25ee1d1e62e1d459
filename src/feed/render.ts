/**
 * @module Serialisation: (selection, site, format) -> feed document, through the `feed`
 * library. Pure and deterministic: no clock, same input -> same bytes.
 *
 * `feed` 6 (over xml-js's js2xml) needs a thin wrapper to be correct for any text:
 * - text nodes are "desanitised" first (`&amp;` in a title would come out as `&`),
 *   attributes only get `"` escaped (a `<` or `&` in a category term is not well-formed
 *   XML), and CDATA sections only split the first `]]>`;
 * - it writes the RSS item title as CDATA, where the RSS Best Practices Profile (and the
 *   W3C validator's `CharacterData`/`ContainsHTML` rules) want plain text with `&` and `<`
 *   as hexadecimal character references; the title is therefore passed as an item
 *   extension, which `feed` writes over its own `title`;
 * - Atom `title`/`summary`/`content` of entries are written `type="html"`, so plain text
 *   is HTML-escaped first (a title `<b>` would otherwise be markup);
 * - RSS `<author>` must be an e-mail address (RSS 2.0 spec), so names go in `dc:creator`,
 *   and `feed` declares `xmlns:dc` only when some item has content;
 * - JSON is written as JSON Feed 1.0; we upgrade it to 1.1 (`authors`, `language`).
 *
 * XML-special characters are passed through `feed` as placeholders, characters XML
 * forbids (every input string is stripped of those first), and replaced by their
 * escapes after serialisation; which escape depends on where the string goes.
 */
import { Feed, type Item } from "feed";
import { escapeHtml, stripXmlForbidden } from "../text.ts";
import type { Article, FeedFormat, Scope } from "../types.ts";
import { lastUpdated, type Selection } from "./select.ts";
import { absoluteUrl, absolutizeHtml, FEED_FORMATS, feedPath, scopePath } from "./urls.ts";

/**
 * What serialisation needs of the site settings; a `Site` (../site.ts) is one. Declared
 * here so that the renderer, a pure module, does not depend on the worker's `Env` type.
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
}

/** Default and bounds of `?limit=`. */
export const LIMITS = { default: 20, min: 1, max: 100 } as const;

/** Identifies this project (package.json `edge-feeds` 1.0.0) in `<generator>`; `feed` is the serialiser underneath. */
export const GENERATOR = "edge-feeds 1.0 (jpmonette/feed 6.0.0)";

/** RSS `<docs>`: the specification this format follows. */
const RSS_DOCS = "https://www.rssboard.org/rss-specification";

export const CONTENT_TYPES: Record<FeedFormat, string> = {
  rss: "application/rss+xml; charset=utf-8",
  atom: "application/atom+xml; charset=utf-8",
  json: "application/feed+json; charset=utf-8",
};

/**
 * Placeholder -> what it stands for in the serialised XML. In text, an `&` that could
 * start a reference and a `<` that could start a tag are hexadecimal character references
 * (RSS Best Practices Profile, "Character Data"): the W3C validator then knows them for
 * text, not markup (`CharacterData`, `ContainsHTML`: it looks for `&#x` on the element's
 * first line), and readers whose XML layer leaves character references to their HTML
 * decoder still decode them exactly once. Line breaks are references too, which keeps
 * each text element on one line. Attribute values use the predefined entities.
 */
const PLACEHOLDERS: Record<string, string> = {
  "\u0001": "&#x26;",
  "\u0002": "&#x3C;",
  "\u0004": "&#xD;",
  "\u0005": "&#xA;",
  "\u0006": "&amp;",
  "\u0007": "&lt;",
  "\u0008": "&gt;",
  "\u000B": "&quot;",
  "\u000C": "]]]]><![CDATA[>",
};
const TEXT_SPECIALS: Record<string, string> = { "&": "\u0006", "<": "\u0007", ">": "\u0008", "\r": "\u0004", "\n": "\u0005" };
const ATTR_SPECIALS: Record<string, string> = { "&": "\u0006", "<": "\u0007", ">": "\u0008", '"': "\u000B" };

/**
 * For element text: `feed` writes it with xml-js's `writeText`. `&` before `#` or a
 * letter or digit (Python's `\w`, as the validator matches), and `<` before a letter,
 * `/`, `!` or `?`, become references; the rest predefined entities.
 */
const xmlText = (s: string) =>
  s.replace(/(&(?=[#\p{L}\p{N}_]))|(<(?=[/!?\p{L}]))|[&<>\r\n]/gu, (c, ref?: string, tag?: string) =>
    ref ? "\u0001" : tag ? "\u0002" : (TEXT_SPECIALS[c] ?? c),
  );
/** For attribute values: xml-js escapes only `"`. */
const xmlAttr = (s: string) => s.replace(/[&<>"]/g, (c) => ATTR_SPECIALS[c] ?? c);
/** For CDATA sections: every `]]>` is split (xml-js splits only the first). */
const cdata = (s: string) => s.replaceAll("]]>", "\u000C");

const restorePlaceholders = (xml: string) => xml.replace(/[\u0001\u0002\u0004-\u0008\u000B\u000C]/g, (c) => PLACEHOLDERS[c] ?? "");

/** For attribute values written here rather than by `feed`. */
const attr = (s: string) => restorePlaceholders(xmlAttr(s));

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
  const rest = (parsed.pathname + parsed.search + parsed.hash).replace(/[^\w;/?:@&=+$.\-!~*'()%,#]/g, (c) =>
    encodeURIComponent(c),
  );
  return new URL(parsed.origin + rest);
}

/** A host name with a dot, or an IPv4 address: what an RSS enclosure URL needs (W3C: InvalidURLAttribute). */
const DOTTED_HOST = /^(?:\d{1,3}\.){3}\d{1,3}$|^(?:[a-z0-9-]+\.)+[a-z0-9][a-z0-9-]*$/i;

/**
 * The article's image: an absolute http(s) URL (JSON Feed `image`), and whether it can
 * be an RSS enclosure (known type, dotted host) and an Atom one (`feed` derives Atom's
 * type as `image/<extension as written>`, right only when that is the subtype).
 */
function imageOf(article: Article, site: FeedSite): { url: string; type: string | undefined; rss: boolean; atom: boolean } | undefined {
  if (article.image === undefined) return undefined;
  const url = httpUrl(absoluteUrl(stripXmlForbidden(article.image), site.origin));
  if (url === undefined) return undefined;
  const ext = /\.([a-z0-9]+)$/i.exec(url.pathname)?.[1];
  const type = ext === undefined ? undefined : IMAGE_TYPES[ext.toLowerCase()];
  const rss = type !== undefined && DOTTED_HOST.test(url.hostname);
  return { url: url.href, type, rss, atom: rss && type === `image/${ext}` };
}

/** An article's strings with every character XML forbids removed (renderFeed's inputs need not come from the build). */
function clean(article: Article): Article {
  const s = stripXmlForbidden;
  const copy: Article = { ...article, title: s(article.title), summary: s(article.summary), html: s(article.html), tags: article.tags.map(s) };
  if (article.author !== undefined) copy.author = s(article.author);
  return copy;
}

/** The one mapping from article to feed item. */
function toItem(dirty: Article, site: FeedSite, format: FeedFormat): Item {
  const article = clean(dirty);
  const link = absoluteUrl(article.path, site.origin);
  const author = article.author ?? site.author;
  const content = absolutizeHtml(article.html, site.origin);
  // No empty description (RSS 2.0 item, W3C: NeedDescriptionBeforeContent; Atom entry,
  // W3C: MissingTextualContent): a summary that is empty falls back to the title.
  const summary = article.summary !== "" ? article.summary : article.title;
  const image = imageOf(article, site);
  const published = new Date(article.published);
  const base = { id: article.id, link, date: new Date(article.updated), published };
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
    // Written over `feed`'s CDATA title: plain text with character references (see the module comment).
    extensions: [
      { name: "title", objects: { _text: xmlText(article.title) } },
      { name: "dc:creator", objects: { _text: xmlText(author) } },
    ],
    // RSS 2.0 requires `length`; 0 is the RSS Best Practices Profile's value for an unknown size.
    ...(image?.rss && image.type ? { image: { url: image.url, type: image.type, length: 0 } } : {}),
  };
}


/** Title and description of a scope's feed. */
export function describeScope(selection: Selection, site: FeedSite): { title: string; description: string } {
  const { scope } = selection;
  if (scope.kind === "site") return { title: site.title, description: site.description };
  // A tag and a category can share a name (the seed's 南开大学 is both): `#` marks the tag.
  if (scope.kind === "tags") return { title: `${site.title} · #${scope.name}`, description: `Articles tagged “${scope.name}” on ${site.title}` };
  return { title: `${site.title} · ${scope.name}`, description: `Articles in category “${scope.name}” on ${site.title}` };
}

/**
 * The Atom feed's `<id>`: its canonical URL (W3C: NonCanonicalURI), which is built from
 * the term's key rather than its display name (see `termPath`), so the id stays the
 * same when articles are added, removed or retagged.
 */
export function feedId(scope: Scope, origin: string): string {
  return absoluteUrl(feedPath(scope, "atom"), origin);
}

/** Serialises a selection as a feed document in `format`. `limit` goes into the self URL when not the default. */
export function renderFeed(selection: Selection, site: FeedSite, format: FeedFormat, limit: number = LIMITS.default): string {
  const query = limit === LIMITS.default ? "" : `?limit=${limit}`;
  const urls = Object.fromEntries(
    FEED_FORMATS.map((f) => [f, absoluteUrl(feedPath(selection.scope, f), site.origin) + query]),
  ) as Record<FeedFormat, string>;
  const described = describeScope(selection, site);
  const [title, description, author, language] = [described.title, described.description, site.author, site.language].map(
    stripXmlForbidden,
  ) as [string, string, string, string];
  const text = format === "json" ? (s: string) => s : xmlText;
  const feed = new Feed({
    title: text(title),
    description: text(description),
    // As text: xml-js would turn a literal `&amp;` in the id into `&`.
    id: text(feedId(selection.scope, site.origin)),
    link: absoluteUrl(scopePath(selection.scope), site.origin),
    language,
    updated: lastUpdated(selection.articles),
    generator: text(GENERATOR),
    docs: RSS_DOCS,
    feed: urls[format],
    feedLinks: { [format]: urls[format] },
    author: { name: text(author) },
  });
  for (const article of selection.articles) feed.addItem(toItem(article, site, format));
  const others = (Object.keys(urls) as FeedFormat[]).filter((f) => f !== format);
  return SERIALISERS[format](feed, urls, others, language);
}

type Serialiser = (feed: Feed, urls: Record<FeedFormat, string>, others: FeedFormat[], language: string) => string;

/** Applies `edit` to the parts of `xml` outside CDATA sections (content never reaches the edits). */
function outsideCdata(xml: string, edit: (part: string) => string): string {
  return xml
    .split(/(<!\[CDATA\[[\s\S]*?\]\]>)/)
    .map((part, i) => (i % 2 === 1 ? part : edit(part)))
    .join("");
}

const DC = "http://purl.org/dc/elements/1.1/";

const SERIALISERS: Record<FeedFormat, Serialiser> = {
  rss(feed, urls, others) {
    // Replaces the `atom:link` list `feed` builds from `feed`: self (whose href is the URL
    // served and whose type matches; W3C: MissingAtomSelfLink, SelfDoesntMatchLocation),
    // then the other formats.
    const link = (href: string, rel: string, type: string) => ({ _attributes: { href: xmlAttr(href), rel, type } });
    feed.addExtension({
      name: "atom:link",
      objects: [link(urls.rss, "self", mediaType("rss")), ...others.map((f) => link(urls[f], "alternate", mediaType(f)))] as unknown as Record<
        string,
        unknown
      >,
    });
    const xml = restorePlaceholders(feed.rss2());
    // `dc:creator` is on every item; `feed` declares its namespace only next to `content:encoded`.
    return xml.includes(`xmlns:dc="${DC}"`) ? xml : xml.replace(/<rss version="2\.0"/, (tag) => `${tag} xmlns:dc="${DC}"`);
  },
  atom(feed, urls, others, language) {
    const extra = others.map((f) => `\n    <link rel="alternate" type="${mediaType(f)}" href="${attr(urls[f])}"/>`).join("");
    return outsideCdata(restorePlaceholders(feed.atom1()), (part) =>
      part
        // Replacer functions, not strings: URLs and settings may contain `$'` and the like.
        .replace("<feed ", () => `<feed xml:lang="${attr(language)}" `)
        // Feed links: the HTML page, then self (typed, RFC 4287 section 4.2.7.3), then the other formats.
        .replace(/<link rel="alternate" href="([^"]*)"\/>/, `<link rel="alternate" type="text/html" href="$1"/>`)
        .replace(/<link rel="self" href="([^"]*)"\/>/, (_, href: string) => `<link rel="self" type="${mediaType("atom")}" href="${href}"/>${extra}`)
        // Entry permalinks: `feed` leaves rel out (which means alternate); say so.
        .replace(/<link href="/g, `<link rel="alternate" type="text/html" href="`),
    );
  },
  json(feed, urls, others, language) {
    const v1 = JSON.parse(feed.json1()) as Record<string, unknown> & { items: Record<string, unknown>[] };
    const { version: _v, author, items, ...rest } = v1;
    return JSON.stringify({
      version: "https://jsonfeed.org/version/1.1",
      ...rest,
      language,
      authors: [author],
      _alternates: Object.fromEntries(others.map((f) => [f, urls[f]])),
      items: items.map((item, i) => jsonItem(item, feed.items[i] as Item)),
    });
  },
};

/** A JSON Feed 1.0 item from `feed` as a 1.1 item: `authors`, the summary always, and text content when there is no HTML. */
function jsonItem(v1: Record<string, unknown>, source: Item): Record<string, unknown> {
  const { author, content_html: html, summary: _summary, ...item } = v1;
  // JSON Feed 1.1: content_html or content_text must be present; an empty body has only text.
  const content = typeof html === "string" && html !== "" ? { content_html: html } : { content_text: source.description ?? "" };
  return { ...item, ...content, summary: source.description, authors: [author] };
}

/** Media type of a format without parameters, for `type` attributes. */
export function mediaType(format: FeedFormat): string {
  return CONTENT_TYPES[format].split(";")[0] as string;
}
