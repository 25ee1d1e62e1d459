/**
 * @module Serialisation: (selection, site, format) -> feed document, through the `feed`
 * library. Pure and deterministic: no clock, same input -> same bytes.
 *
 * `feed` 6 needs a thin wrapper to be correct for any text (see xml-js's js2xml):
 * - text nodes are "desanitised" first (`&amp;` in a title would come out as `&`),
 *   attributes only get `"` escaped (a `<` in a category term is not well-formed XML),
 *   and CDATA sections only split the first `]]>`;
 * - Atom `title`/`summary`/`content` are written `type="html"`, so plain text must be
 *   HTML-escaped first (a title `<b>` would otherwise be markup);
 * - RSS `<author>` must be an e-mail address (RSS 2.0 spec), so names go in `dc:creator`;
 * - JSON is written as JSON Feed 1.0; we upgrade it to 1.1 (`authors`, `language`).
 * XML-special characters in text are therefore passed through placeholders (characters
 * XML forbids, which never occur in content because build and settings strip them)
 * and replaced by their escapes after serialisation.
 */
import { Feed, type Item } from "feed";
import type { Article, FeedFormat } from "../types.ts";
import type { Site } from "../site.ts";
import { escapeHtml } from "../text.ts";
import type { Selection } from "./select.ts";
import { absoluteUrl, absolutizeHtml, FEED_FILES, feedPath, scopePath } from "./urls.ts";

/** Default and bounds of `?limit=`. */
export const LIMITS = { default: 20, min: 1, max: 100 } as const;

/** Identifies this project in `<generator>`; `feed` is the serialiser underneath. */
export const GENERATOR = "edge-feeds 1.0 (jpmonette/feed 6.0.0)";

/** RSS `<docs>`: the specification this format follows. */
const RSS_DOCS = "https://www.rssboard.org/rss-specification";

export const CONTENT_TYPES: Record<FeedFormat, string> = {
  rss: "application/rss+xml; charset=utf-8",
  atom: "application/atom+xml; charset=utf-8",
  json: "application/feed+json; charset=utf-8",
};

/** Placeholder -> what it stands for in the serialised XML. */
const PLACEHOLDERS: Record<string, string> = {
  "\u0001": "&amp;",
  "\u0002": "&lt;",
  "\u0003": "&gt;",
  "\u0004": "&quot;",
  "\u0005": "]]]]><![CDATA[>",
};
const TEXT_SPECIALS: Record<string, string> = { "&": "\u0001", "<": "\u0002", ">": "\u0003", '"': "\u0004" };

/** How strings are prepared for one serialiser. */
interface Encoding {
  /** For element text and attribute values. */
  text(s: string): string;
  /** For text `feed` writes into CDATA as it is (RSS item title). */
  cdataText(s: string): string;
  /** For text `feed` writes into CDATA where the format says it is HTML. */
  cdataHtml(s: string): string;
}

const XML: Encoding = {
  text: (s) => s.replace(/[&<>"]/g, (c) => TEXT_SPECIALS[c] ?? c),
  cdataText: (s) => s.replaceAll("]]>", "\u0005"),
  cdataHtml: (s) => s.replaceAll("]]>", "\u0005"),
};
const ATOM: Encoding = { ...XML, cdataText: (s) => escapeHtml(s) };
const JSON_FEED: Encoding = { text: (s) => s, cdataText: (s) => s, cdataHtml: (s) => s };

const restorePlaceholders = (xml: string) => xml.replace(/[\u0001-\u0005]/g, (c) => PLACEHOLDERS[c] ?? "");

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

function imageType(url: string): string | undefined {
  const ext = /\.([a-z0-9]+)$/i.exec(new URL(url).pathname)?.[1]?.toLowerCase();
  return ext === undefined ? undefined : IMAGE_TYPES[ext];
}

/** The one mapping from article to feed item. */
function toItem(article: Article, site: Site, format: FeedFormat, enc: Encoding): Item {
  const link = absoluteUrl(article.path, site.origin);
  const author = article.author ?? site.author;
  const item: Item = {
    title: enc.cdataText(article.title),
    id: article.id,
    link,
    date: new Date(article.updated),
    published: new Date(article.published),
    description: format === "json" ? article.summary : enc.cdataHtml(escapeHtml(article.summary)),
    content: enc.cdataHtml(absolutizeHtml(article.html, site.origin)),
    category: article.tags.map((name) => (format === "atom" ? { term: enc.text(name) } : { name: enc.text(name) })),
  };
  if (format === "rss") {
    item.extensions = [{ name: "dc:creator", objects: { _text: enc.text(author) } }];
  } else {
    item.author = [{ name: enc.text(author) }];
  }
  if (article.image !== undefined) {
    const url = absoluteUrl(article.image, site.origin);
    const type = imageType(url);
    // `feed` derives Atom's type as `image/<extension>`, right only when the extension is the subtype.
    if (format === "json") item.image = url;
    else if (type !== undefined && (format === "rss" || type === `image/${url.split(".").pop()}`)) {
      item.image = { url, type, length: 0 };
    }
  }
  return item;
}

/** Newest `updated` among the items; the epoch for an empty feed (never the clock). */
export function lastUpdated(articles: Article[]): Date {
  return new Date(articles.reduce((max, a) => (a.updated > max ? a.updated : max), "1970-01-01T00:00:00.000Z"));
}

/** Title and description of a scope's feed. */
export function describeScope(selection: Selection, site: Site): { title: string; description: string } {
  const { scope } = selection;
  if (scope.kind === "site") return { title: site.title, description: site.description };
  const noun = scope.kind === "tags" ? "tagged" : "in category";
  return { title: `${site.title} · ${scope.name}`, description: `Articles ${noun} “${scope.name}” on ${site.title}` };
}

/** Serialises a selection as a feed document in `format`. `limit` goes into the self URL when not the default. */
export function renderFeed(selection: Selection, site: Site, format: FeedFormat, limit: number = LIMITS.default): string {
  const enc = format === "json" ? JSON_FEED : format === "atom" ? ATOM : XML;
  const query = limit === LIMITS.default ? "" : `?limit=${limit}`;
  const urls = Object.fromEntries(
    (Object.keys(FEED_FILES) as FeedFormat[]).map((f) => [f, absoluteUrl(feedPath(selection.scope, f), site.origin) + query]),
  ) as Record<FeedFormat, string>;
  const { title, description } = describeScope(selection, site);
  const feed = new Feed({
    title: enc.text(title),
    description: enc.text(description),
    id: absoluteUrl(feedPath(selection.scope, format), site.origin),
    link: absoluteUrl(scopePath(selection.scope), site.origin),
    language: site.language,
    updated: lastUpdated(selection.articles),
    generator: enc.text(GENERATOR),
    docs: RSS_DOCS,
    feed: urls[format],
    feedLinks: { [format]: urls[format] },
    author: { name: enc.text(site.author) },
  });
  for (const article of selection.articles) feed.addItem(toItem(article, site, format, enc));
  const others = (Object.keys(urls) as FeedFormat[]).filter((f) => f !== format);
  return SERIALISERS[format](feed, site, urls, others);
}

type Serialiser = (feed: Feed, site: Site, urls: Record<FeedFormat, string>, others: FeedFormat[]) => string;

const SERIALISERS: Record<FeedFormat, Serialiser> = {
  rss(feed, _site, urls, others) {
    // Replaces the `atom:link` list `feed` builds from `feed`, adding the other formats.
    const link = (href: string, rel: string, type: string) => ({ _attributes: { href, rel, type } });
    feed.addExtension({
      name: "atom:link",
      objects: [
        link(urls.rss, "self", "application/rss+xml"),
        ...others.map((f) => link(urls[f], "alternate", mediaType(f))),
      ] as unknown as Record<string, unknown>,
    });
    return restorePlaceholders(feed.rss2());
  },
  atom(feed, _site, urls, others) {
    // `feed` writes only alternate (HTML) and self links; the other formats follow self.
    const extra = others.map((f) => `\n    <link rel="alternate" type="${mediaType(f)}" href="${urls[f].replaceAll("&", "&amp;")}"/>`).join("");
    const xml = feed.atom1().replace(/(<link rel="self" href="[^"]*"\/>)/, `$1${extra}`);
    return restorePlaceholders(xml).replace("<feed ", `<feed xml:lang="${escapeHtml(feed.options.language ?? "")}" `);
  },
  json(feed, site, urls, others) {
    const v1 = JSON.parse(feed.json1()) as Record<string, unknown> & { items: Record<string, unknown>[] };
    const { version: _v, author, items, ...rest } = v1;
    return JSON.stringify({
      version: "https://jsonfeed.org/version/1.1",
      ...rest,
      language: site.language,
      authors: [author],
      _alternates: Object.fromEntries(others.map((f) => [f, urls[f]])),
      items: items.map(({ author: itemAuthor, ...item }) => ({ ...item, authors: [itemAuthor] })),
    });
  },
};

/** Media type of a format without parameters, for `type` attributes. */
function mediaType(format: FeedFormat): string {
  return CONTENT_TYPES[format].split(";")[0] as string;
}
