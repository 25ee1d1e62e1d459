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
import { authorsOf, describeScope } from "./describe.ts";
import { LIMITS, limitQuery, mediaType } from "./formats.ts";
import { lastUpdated, type Selection } from "./select.ts";
import { type FeedTemplate, QUERY_MARK, SPLICING, TITLE_MARK, UPDATED_MARK } from "./template.ts";
import { absoluteUrl, absolutizeHtml, archiveFeedPath, FEED_FORMATS, feedPath, scopePath } from "./urls.ts";
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
  /** Square icon: an absolute URL or a site path. */
  icon: string;
  /** Wide logo, or `""`. */
  logo: string;
  /** RSS `<ttl>`, minutes. */
  ttl: number;
  /** WebSub hubs the feed names (issue 14; src/websub/discovery.ts `hubUrls`); none when absent. */
  hubs?: readonly string[];
  /**
   * In a Chinese variant (issue 13): its query, `?opencc=s2t`, which the links to the
   * site's other documents carry (the subscription document, archive pages, the HTML
   * page), so a reader of the variant stays in it. Absent or `""` otherwise.
   */
  linkQuery?: string;
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
function imageOf(article: Article, origin: string): { url: string; type: string | undefined; atom: boolean } | undefined {
  if (article.image === undefined) return undefined;
  const url = httpUrl(absoluteUrl(stripXmlForbidden(article.image), origin));
  if (url === undefined) return undefined;
  const ext = /\.([a-z0-9]+)$/i.exec(url.pathname)?.[1];
  const type = ext === undefined ? undefined : IMAGE_TYPES[ext.toLowerCase()];
  return {
    url: url.href,
    type,
    atom: type !== undefined && DOTTED_HOST.test(url.hostname) && type === `image/${ext}`,
  };
}

/**
 * The lead image as Media RSS (https://www.rssboard.org/media-rss): `media:content` with
 * its type when the extension tells it, and `media:thumbnail`. Readers show it as the
 * item's picture; unlike an `<enclosure>`, it claims no download size.
 */
function mediaRss(image: { url: string; type: string | undefined }): { name: string; objects: Record<string, unknown> }[] {
  const url = xmlAttr(image.url);
  return [
    {
      name: "media:content",
      objects: {
        _attributes: {
          url,
          medium: "image",
          ...(image.type ? { type: image.type } : {}),
        },
      },
    },
    { name: "media:thumbnail", objects: { _attributes: { url } } },
  ];
}

/** An article's strings with every character XML forbids removed (inputs need not come from the build). */
function clean(article: Article): Article {
  const s = stripXmlForbidden;
  return {
    ...article,
    title: s(article.title),
    summary: s(article.summary),
    html: s(article.html),
    tags: article.tags.map(s),
    authors: article.authors.map(s),
  };
}

/**
 * The one mapping from article to feed item; `article` has been through `clean`.
 * `content` is the body as items carry it (`itemBody`), or a stand-in for it
 * (`renderFragments`).
 */
function toItem(article: Article, site: FeedSite, format: FeedFormat, content = itemBody(article, site.origin)): Item {
  const link = absoluteUrl(article.path, site.origin);
  const authors = authorsOf(article, site.author);
  // No empty description (RSS 2.0 item, W3C: NeedDescriptionBeforeContent; Atom entry,
  // W3C: MissingTextualContent): a summary that is empty falls back to the title.
  const summary = article.summary !== "" ? article.summary : article.title;
  const image = imageOf(article, site.origin);
  const base = {
    // `ARTICLE_IDS = "permalink"` ids are site paths, made absolute like links.
    id: absoluteUrl(article.id, site.origin),
    link,
    date: new Date(article.updated),
    published: new Date(article.published),
  };
  const rssExtensions = [
    // `feed` writes the RSS item title as CDATA, where the RSS Best Practices Profile (and
    // the W3C validator's `CharacterData`/`ContainsHTML`) want plain text with references:
    // an extension named `title` is written over it.
    { name: "title", objects: { _text: xmlText(article.title) } },
    // RSS `<author>` must be an e-mail address (RSS 2.0): names go in `dc:creator`, one per author.
    {
      name: "dc:creator",
      objects: authors.map((name) => ({
        _text: xmlText(name),
      })) as unknown as Record<string, unknown>,
    },
  ];
  if (format === "json") {
    return {
      ...base,
      title: article.title,
      description: summary,
      content,
      category: article.tags.map((name) => ({ name })),
      author: authors.map((name) => ({ name })),
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
      author: authors.map((name) => ({ name: xmlText(name) })),
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
    extensions: rssExtensions,
    ...(image ? { extensions: [...rssExtensions, ...mediaRss(image)] } : {}),
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

/**
 * Where a document sits in its archived feed (RFC 5005 section 4): the subscription
 * document links its newest archive page (`newest`, 0 when there is none); an archive
 * page links the subscription document (`current`) and its older and newer neighbours.
 * Page numbers are strings so that templates can hold placeholders (./template.ts).
 */
export type ArchiveLinks = { kind: "subscription"; newest: number } | { kind: "page"; page: string; older?: string; newer?: string };

/** What a feed document says about itself, apart from its items. */
interface Head {
  scope: Scope;
  site: FeedSite;
  format: FeedFormat;
  /** Canonical query of the document's URL (`?limit=5`), `""` for the default and for archive pages. */
  query: string;
  /** What a variant's title adds after the scope's title (filters: issue 13), `""` for none. */
  titleSuffix: string;
  /** Newest update of the document's items. */
  updated: Date;
  archive: ArchiveLinks;
}

/** The URLs a head links, each in every format. */
interface HeadUrls {
  /** This document (with its query) in each format. */
  self: Record<FeedFormat, string>;
  /** The subscription document in each format. */
  current: Record<FeedFormat, string>;
  /** Older and newer archive pages, where they exist. */
  older?: Record<FeedFormat, string>;
  newer?: Record<FeedFormat, string>;
}

function headUrls(head: Head): HeadUrls {
  const { scope, site, archive } = head;
  const linkQuery = site.linkQuery ?? "";
  const each = (path: (format: FeedFormat) => string, query = linkQuery) =>
    Object.fromEntries(FEED_FORMATS.map((f) => [f, absoluteUrl(path(f), site.origin) + query])) as Record<FeedFormat, string>;
  const page = (n: string) => each((f) => archiveFeedPath(scope, n, f));
  const current = each((f) => feedPath(scope, f));
  if (archive.kind === "subscription") {
    return {
      self: each((f) => feedPath(scope, f), head.query),
      current,
      ...(archive.newest > 0 ? { older: page(String(archive.newest)) } : {}),
    };
  }
  return {
    self: page(archive.page),
    current,
    ...(archive.older ? { older: page(archive.older) } : {}),
    ...(archive.newer ? { newer: page(archive.newer) } : {}),
  };
}

/**
 * An image URL RSS `<image>` accepts: the RSS 2.0 spec allows GIF, JPEG or PNG, and the
 * W3C validator (ImageUrlFormat) flags any other extension it can see.
 */
function rssImage(url: string): boolean {
  const ext = url.split(".").pop() ?? "";
  return !/^\w+$/.test(ext) || ["jpg", "jpeg", "gif", "png"].includes(ext.toLowerCase());
}

/** The `Feed` for `head` with no items yet. */
function newFeed(head: Head, urls: HeadUrls): Feed {
  const { scope, site, format } = head;
  const described = describeScope(scope, site);
  const [title, description, author, language] = [described.title + head.titleSuffix, described.description, site.author, site.language].map(stripXmlForbidden) as [
    string,
    string,
    string,
    string,
  ];
  const text = format === "json" ? (s: string) => s : xmlText;
  // Atom feed title and subtitle say `type="html"`, like entry titles, so that a tag named
  // like markup is not taken for it (W3C: ContainsHTML): HTML-escaped text in CDATA.
  // `feed` hands them to xml-js as they are, which writes an object's `_attributes` and
  // `_cdata` (typed as a string by `feed`, hence the cast).
  const heading = (s: string): string =>
    format === "atom"
      ? ({
          _attributes: { type: "html" },
          _cdata: cdata(escapeHtml(s)),
        } as unknown as string)
      : text(s);
  const icon = absoluteUrl(site.icon, site.origin);
  const logo = site.logo ? absoluteUrl(site.logo, site.origin) : undefined;
  const image = format === "rss" ? [logo, icon].find((url) => url !== undefined && rssImage(url)) : format === "atom" ? logo : undefined;
  return new Feed({
    title: heading(title),
    description: heading(description),
    // As text: xml-js would turn a literal `&amp;` in the id into `&`.
    id: text(feedId(scope, site.origin)),
    link: absoluteUrl(scopePath(scope), site.origin) + (site.linkQuery ?? ""),
    language,
    updated: head.updated,
    generator: text(GENERATOR),
    docs: RSS_DOCS,
    feed: urls.self[format],
    feedLinks: { [format]: urls.self[format] },
    author: { name: text(author) },
    // RSS <image> (and Atom <logo>): the logo, else an icon RSS accepts. Atom <icon>: the square icon.
    ...(image ? { image } : {}),
    ...(format === "atom" ? { favicon: icon } : {}),
    ...(format === "rss" ? { ttl: site.ttl } : {}),
  });
}

/** An article's body (cleaned) as its items carry it: root-relative URLs made absolute on `origin`. */
function itemBody(article: Article, origin: string): string {
  return absolutizeHtml(article.html, origin);
}

/** The `Feed` holding `head` and the items of `articles` (cleaned), with `contents` as their bodies when given. */
function feedOf(head: Head, articles: Article[], contents?: readonly string[]): { feed: Feed; urls: HeadUrls } {
  const urls = headUrls(head);
  const feed = newFeed(head, urls);
  articles.forEach((article, i) => {
    feed.addItem(contents === undefined ? toItem(article, head.site, head.format) : toItem(article, head.site, head.format, contents[i]));
  });
  return { feed, urls };
}

/** Serialises `head` and the items of `articles` (cleaned) in one pass, with `contents` as their bodies when given. */
function serialise(head: Head, articles: Article[], contents?: readonly string[]): string {
  const { feed, urls } = feedOf(head, articles, contents);
  if (head.format === "json") return JSON.stringify(jsonDocument(feed, urls, head));
  return XML_SERIALISERS[head.format](feed, urls, head);
}

/**
 * Serialises a selection as a subscription document in `format`, in one pass: the
 * reference for what the worker assembles from fragments. `limit` goes into the self URL
 * when it is not the default; `newestArchive` is the scope's newest archive page, which
 * the document links (0: none). A `variant` (filtered feeds) has its own query, title
 * suffix and, when it holds nothing, update time.
 */
export function renderFeed(
  selection: Selection,
  site: FeedSite,
  format: FeedFormat,
  limit: number = LIMITS.default,
  newestArchive = 0,
  variant: { query: string; titleSuffix: string; updated?: Date } = {
    query: limitQuery(limit),
    titleSuffix: "",
  },
): string {
  const archive: ArchiveLinks = { kind: "subscription", newest: newestArchive };
  const updated = variant.updated ?? lastUpdated(selection.articles);
  const head: Head = {
    scope: selection.scope,
    site,
    format,
    query: variant.query,
    titleSuffix: variant.titleSuffix,
    updated,
    archive,
  };
  return serialise(head, selection.articles.map(clean));
}

/**
 * Serialises archive page `page` of `pages` of a scope, holding `articles` (newest
 * first): the reference for the worker's archive documents.
 */
export function renderArchivePage(scope: Scope, articles: Article[], site: FeedSite, format: FeedFormat, page: number, pages: number): string {
  const archive: ArchiveLinks = {
    kind: "page",
    page: String(page),
    ...(page > 1 ? { older: String(page - 1) } : {}),
    ...(page < pages ? { newer: String(page + 1) } : {}),
  };
  return serialise(
    {
      scope,
      site,
      format,
      query: "",
      titleSuffix: "",
      updated: lastUpdated(articles),
      archive,
    },
    articles.map(clean),
  );
}

/**
 * An article as archive pages of tags, categories and authors carry it: everything but
 * its body (src/content/layout.ts says why). Its summary is the item's description.
 */
export function briefArticle(article: Article): Article {
  return { ...article, html: "" };
}

/**
 * Where items start in an XML document of each format: on their own line, at the
 * indentation xml-js gives them. Outside CDATA sections this text can only be an item's
 * start tag (every other `<` in text or attributes is escaped); inside them it is
 * content, so those are skipped when looking.
 */
const ITEM_START: Record<"rss" | "atom", string> = {
  rss: "\n        <item>",
  atom: "\n    <entry>",
};
/** What follows the last item. */
const TAILS: Record<FeedFormat, string> = {
  rss: "\n    </channel>\n</rss>",
  atom: "\n</feed>",
  json: "]}",
};

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
 * Stands for item `i`'s body while `feed` serialises items (`renderFragments`). Private-use
 * characters: the build strips them from sources (src/build/compile.ts), and a stand-in
 * that is not exactly once in its item's output is noticed anyway.
 */
const bodyMark = (i: number): string => `\uE000body ${i}\uE001`;

/**
 * How a body is written where `feed` writes an item's content, in each format: in XML a
 * CDATA section of `cdata(body)` (xml-js's own `]]>` split never applies after it) then
 * `restorePlaceholders`, as `serialise` does for the whole document; in JSON the string
 * `JSON.stringify` writes (it escapes each character on its own, so a string's escape is
 * its characters' escapes in a row).
 */
const BODY_TEXT: Record<FeedFormat, (body: string) => string> = {
  rss: (body) => restorePlaceholders(cdata(body)),
  atom: (body) => restorePlaceholders(cdata(body)),
  json: (body) => JSON.stringify(body).slice(1, -1),
};

/**
 * The items of `articles` in every format, each exactly as it appears inside a
 * document: one document per format is serialised and cut between its items, so the
 * fragments are `feed`'s own output. Any head works: items do not depend on it.
 *
 * Bodies go through `feed` as stand-ins (`bodyMark`) and are written into each item's
 * output afterwards, as `feed` writes them (`BODY_TEXT`): its XML writer copies every
 * string through each level it joins, so a body's cost grew with its length and its
 * depth. The fragments stay byte for byte what one pass writes (`renderFeed`, which
 * never uses stand-ins; tests compare them); when a stand-in is not exactly once in
 * its item (a title that spells one), the whole is serialised again without them.
 */
export function renderFragments(articles: Article[], site: FeedSite): Record<FeedFormat, string[]> {
  return renderItems(articles, site).full;
}

/** Items with stand-ins (`marks`, `""` for an article without a body) where their bodies go. */
export interface MarkedItems {
  marked: Record<FeedFormat, string[]>;
  marks: string[];
}

/**
 * `renderFragments` of `articles` (`full`) and of the same articles without their bodies
 * (`brief`, `briefArticle`: what archive pages of terms carry), from one serialisation:
 * an item without a body is the item with one less its content (`feed` writes nothing
 * else from the body), which `briefItem` cuts out where the stand-in is. When that is
 * not exactly where `feed` writes content, the brief items are serialised on their own.
 * `items` are the items with their stand-ins, which a Chinese variant converts before
 * its bodies go in (src/build/chunks.ts `convertSerialised`).
 */
export function renderItems(articles: Article[], site: FeedSite): { full: Record<FeedFormat, string[]>; brief: Record<FeedFormat, string[]>; items: MarkedItems } {
  const cleaned = articles.map(clean);
  const bodies = cleaned.map((article) => itemBody(article, site.origin));
  // An empty body is no content at all (feed leaves the element out; JSON has content_text): no stand-in.
  const marks = bodies.map((body, i) => (body === "" ? "" : bodyMark(i)));
  const items = { marked: itemFragments(cleaned, site, marks), marks };
  const done = completeItems(items, bodies);
  return {
    full: done.full ?? itemFragments(cleaned, site, bodies),
    brief:
      done.brief ??
      itemFragments(
        cleaned.map(briefArticle),
        site,
        cleaned.map(() => ""),
      ),
    items,
  };
}

/** The bodies of `articles` as their items carry them on `origin` (what `completeItems` puts in). */
export function itemBodies(articles: readonly Article[], origin: string): string[] {
  return articles.map((article) => itemBody(clean(article), origin));
}

/**
 * `items` with `bodies` in (`full`) and without (`brief`), as `renderItems` makes them;
 * `undefined` where a stand-in is not exactly once in its item, or, for the brief items,
 * not where `feed` writes content.
 */
export function completeItems(items: MarkedItems, bodies: readonly string[]): { full?: Record<FeedFormat, string[]>; brief?: Record<FeedFormat, string[]> } {
  const { marked, marks } = items;
  const full = { rss: [...marked.rss], atom: [...marked.atom], json: [...marked.json] };
  const brief = { rss: [...marked.rss], atom: [...marked.atom], json: [...marked.json] };
  let briefs = true;
  for (const format of FEED_FORMATS) {
    for (let i = 0; i < marks.length; i++) {
      const mark = marks[i] as string;
      if (mark === "") continue;
      const item = marked[format][i] as string;
      const at = item.indexOf(mark);
      if (at < 0 || item.indexOf(mark, at + 1) >= 0) return {};
      full[format][i] = item.slice(0, at) + BODY_TEXT[format](bodies[i] as string) + item.slice(at + mark.length);
      const cut = briefs ? briefItem(format, item, mark, at) : undefined;
      if (cut === undefined) briefs = false;
      else brief[format][i] = cut;
    }
  }
  return briefs ? { full, brief } : { full };
}

/** The element `feed` writes an item's content in, with the body `mark` (an XML item's line). */
const CONTENT_LINE: Record<"rss" | "atom", (mark: string) => string> = {
  rss: (mark) => `<content:encoded><![CDATA[${mark}]]></content:encoded>`,
  atom: (mark) => `<content type="html"><![CDATA[${mark}]]></content>`,
};

/**
 * `item` (in `format`, with the stand-in `mark` for its body at `at`) as the item of the
 * same article without a body: in XML without the line of its content element; in JSON
 * with `content_text` (the summary, which `feed` writes when there is no HTML) where
 * `content_html` was. `undefined` when the stand-in is not where `feed` writes content.
 */
function briefItem(format: FeedFormat, item: string, mark: string, at: number): string | undefined {
  if (format === "json") {
    const parsed = JSON.parse(item) as Record<string, unknown>;
    if (parsed.content_html !== mark || typeof parsed.summary !== "string") return undefined;
    return JSON.stringify(Object.fromEntries(Object.entries(parsed).map(([key, value]) => (key === "content_html" ? ["content_text", parsed.summary] : [key, value]))));
  }
  const start = item.lastIndexOf("\n", at);
  const end = item.indexOf("\n", at);
  const line = item.slice(start + 1, end < 0 ? item.length : end);
  const indent = line.length - line.trimStart().length;
  if (start < 0 || !/^ *$/.test(line.slice(0, indent)) || line.slice(indent) !== CONTENT_LINE[format](mark)) return undefined;
  return item.slice(0, start) + (end < 0 ? "" : item.slice(end));
}

/** `renderFragments` with `contents` as the articles' (cleaned) bodies. */
function itemFragments(cleaned: Article[], site: FeedSite, contents: readonly string[]): Record<FeedFormat, string[]> {
  const head = (format: FeedFormat): Head => ({
    scope: { kind: "site" },
    site,
    format,
    query: "",
    titleSuffix: "",
    updated: SENTINEL,
    archive: { kind: "subscription", newest: 0 },
  });
  const xml = (format: "rss" | "atom") => {
    if (cleaned.length === 0) return [];
    const doc = serialise(head(format), cleaned, contents);
    const tail = TAILS[format];
    if (!doc.endsWith(tail)) throw new Error(`${format} document does not end as expected`);
    const starts = startsOutsideCdata(doc, ITEM_START[format]);
    if (starts.length !== cleaned.length) throw new Error(`${format} document has ${starts.length} items for ${cleaned.length} articles`);
    return starts.map((start, i) => doc.slice(start, starts[i + 1] ?? doc.length - tail.length));
  };
  const { feed, urls } = feedOf(head("json"), cleaned, contents);
  const json = jsonDocument(feed, urls, head("json")).items.map((item) => JSON.stringify(item));
  return { rss: xml("rss"), atom: xml("atom"), json };
}

/**
 * The head and tail of one of `scope`'s documents in `format`, for any update time
 * (`UPDATED_MARK`) and, in the subscription document, any query (`QUERY_MARK` in every
 * URL of the head); archive page heads carry `PAGE_MARK`, `OLDER_MARK` and `NEWER_MARK`
 * for page numbers. The worker fills them in (./template.ts). `site.origin` is typically
 * the origin token.
 */
export function renderTemplate(scope: Scope, site: FeedSite, format: FeedFormat, archive: ArchiveLinks): FeedTemplate {
  // Subscription documents have variants (a query, filters in the title); archive pages do not.
  const subscription = archive.kind === "subscription";
  const doc = serialise(
    {
      scope,
      site,
      format,
      query: subscription ? QUERY_MARK : "",
      titleSuffix: subscription ? TITLE_MARK : "",
      updated: SENTINEL,
      archive,
    },
    [],
  );
  const tail = TAILS[format];
  const empty = format === "json" ? '"items":[' + tail : tail;
  if (!doc.endsWith(empty)) throw new Error(`${format} head does not end as expected`);
  const { date } = SPLICING[format];
  const head = doc.slice(0, doc.length - tail.length);
  const written = date === "utc" ? SENTINEL.toUTCString() : date === "iso" ? SENTINEL.toISOString() : undefined;
  if (written !== undefined && !head.includes(written)) throw new Error(`${format} head has no update time`);
  return {
    head: written === undefined ? head : head.replace(written, UPDATED_MARK),
    tail,
  };
}

type Serialiser = (feed: Feed, urls: HeadUrls, head: Head) => string;

/** Applies `edit` to the parts of `xml` outside CDATA sections (content never reaches the edits). */
function outsideCdata(xml: string, edit: (part: string) => string): string {
  return xml
    .split(/(<!\[CDATA\[[\s\S]*?\]\]>)/)
    .map((part, i) => (i % 2 === 1 ? part : edit(part)))
    .join("");
}

const FH = "http://purl.org/syndication/history/1.0";

/**
 * The `<rss>` start tag with every namespace items and heads use. `feed` declares `dc`
 * and `content` only when some item has content, so a head serialised on its own (a
 * template) would differ from the head above items; `dc:creator` is on every item,
 * `media` on items with a lead image (Media RSS), `fh` on archive pages (RFC 5005).
 */
const RSS_START = `<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/" xmlns:fh="${FH}">`;

/** The RFC 5005 links of a head, as (rel, URL in `format`) pairs: prev-archive is the older page. */
function archiveRels(urls: HeadUrls, head: Head, format: FeedFormat): [string, string][] {
  const rels: [string, string][] = [];
  if (head.archive.kind === "page") rels.push(["current", urls.current[format]]);
  if (urls.older) rels.push(["prev-archive", urls.older[format]]);
  if (urls.newer) rels.push(["next-archive", urls.newer[format]]);
  return rels;
}

const XML_SERIALISERS: Record<"rss" | "atom", Serialiser> = {
  rss(feed, urls, head) {
    // Replaces the `atom:link` list `feed` builds from `feed`: self (whose href is the URL
    // served and whose type matches; W3C: MissingAtomSelfLink, SelfDoesntMatchLocation),
    // the other formats, the archive links, then the WebSub hubs (issue 14; `feed`'s `hub`
    // option takes only one).
    const link = (href: string, rel: string, type?: string) => ({ _attributes: { href: xmlAttr(href), rel, ...(type ? { type } : {}) } });
    const others = FEED_FORMATS.filter((f) => f !== "rss");
    const links = [
      link(urls.self.rss, "self", mediaType("rss")),
      ...others.map((f) => link(urls.self[f], "alternate", mediaType(f))),
      ...archiveRels(urls, head, "rss").map(([rel, href]) => link(href, rel, mediaType("rss"))),
      ...(head.site.hubs ?? []).map((hub) => link(hub, "hub")),
    ];
    feed.addExtension({
      name: "atom:link",
      objects: links as unknown as Record<string, unknown>,
    });
    const xml = restorePlaceholders(feed.rss2()).replace(/<rss [^>]*>/, () => RSS_START);
    // `feed` writes channel extensions after the items, and a head must come before them.
    return head.archive.kind === "page" ? xml.replace("<channel>", "<channel>\n        <fh:archive/>") : xml;
  },
  atom(feed, urls, head) {
    const language = stripXmlForbidden(head.site.language);
    const others = FEED_FORMATS.filter((f) => f !== "atom");
    const extra = [
      ...others.map((f) => `\n    <link rel="alternate" type="${mediaType(f)}" href="${attr(urls.self[f])}"/>`),
      ...archiveRels(urls, head, "atom").map(([rel, href]) => `\n    <link rel="${rel}" type="${mediaType("atom")}" href="${attr(href)}"/>`),
      // WebSub hubs (issue 14; `feed`'s `hub` option takes only one).
      ...(head.site.hubs ?? []).map((hub) => `\n    <link rel="hub" href="${attr(hub)}"/>`),
      // `feed` has no Atom extensions.
      ...(head.archive.kind === "page" ? ["\n    <fh:archive/>"] : []),
    ].join("");
    const fh = head.archive.kind === "page" ? ` xmlns:fh="${FH}"` : "";
    return outsideCdata(restorePlaceholders(feed.atom1()), (part) =>
      part
        // Replacer functions, not strings: URLs and settings may contain `$'` and the like.
        .replace("<feed ", () => `<feed xml:lang="${attr(language)}"${fh} `)
        // `feed` writes links without `type`: the HTML page, then self (typed, RFC 4287
        // section 4.2.7.3), then the other formats and the archive links.
        .replace(/<link rel="alternate" href="([^"]*)"\/>/, `<link rel="alternate" type="text/html" href="$1"/>`)
        .replace(/<link rel="self" href="([^"]*)"\/>/, (_, href: string) => `<link rel="self" type="${mediaType("atom")}" href="${href}"/>${extra}`)
        // Entry permalinks: `feed` leaves rel out (which means alternate); say so.
        .replace(/<link href="/g, `<link rel="alternate" type="text/html" href="`),
    );
  },
};

/**
 * `feed`'s JSON Feed 1.0 document upgraded to 1.1 (`authors`, `language`, `hubs`), with the
 * site's icon, the older page (`next_url`: the subscription document's is the newest
 * archive page) and `_alternates`, items last.
 */
function jsonDocument(feed: Feed, urls: HeadUrls, head: Head): { items: Record<string, unknown>[] } {
  const v1 = JSON.parse(feed.json1()) as Record<string, unknown> & {
    items: Record<string, unknown>[];
  };
  const { version: _v, author, items, ...rest } = v1;
  const icon = absoluteUrl(head.site.icon, head.site.origin);
  return {
    version: "https://jsonfeed.org/version/1.1",
    ...rest,
    icon,
    favicon: icon,
    ...(urls.older ? { next_url: urls.older.json } : {}),
    language: stripXmlForbidden(head.site.language),
    authors: [author],
    // JSON Feed 1.1 `hubs`: "endpoints that can be used to subscribe to real-time notifications".
    ...((head.site.hubs ?? []).length > 0 ? { hubs: (head.site.hubs ?? []).map((url) => ({ type: "WebSub", url })) } : {}),
    _alternates: Object.fromEntries(FEED_FORMATS.filter((f) => f !== "json").map((f) => [f, urls.self[f]])),
    items: items.map((item, i) => jsonItem(item, feed.items[i] as Item)),
  } as { items: Record<string, unknown>[] };
}

/**
 * A JSON Feed 1.0 item from `feed` as a 1.1 item: `authors` (every author: `feed` writes
 * only the first), the summary always, and text content when there is no HTML.
 */
function jsonItem(v1: Record<string, unknown>, source: Item): Record<string, unknown> {
  const { author: _author, content_html: html, summary: _summary, ...item } = v1;
  // JSON Feed 1.1: content_html or content_text must be present; an empty body has only text.
  const content = typeof html === "string" && html !== "" ? { content_html: html } : { content_text: source.description ?? "" };
  return {
    ...item,
    ...content,
    summary: source.description,
    authors: (source.author ?? []).map(({ name }) => ({ name })),
  };
}
