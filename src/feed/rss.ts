/**
 * @module RSS 2.0 (https://www.rssboard.org/rss-specification): a feed head, its items and
 * its tail, each written whole, so that a document is `head + items + tail` with nothing
 * cut or edited afterwards. Elements and their order are those the `feed` library writes
 * (./formats.ts says why its writer is not used for XML), plus:
 *
 * - every namespace items and heads use, declared on `<rss>` whatever the document holds,
 *   so that a head is the same above any items: `dc` (`dc:creator`, one per author, since
 *   RSS `<author>` must be an e-mail address), `content` (`content:encoded`), `atom`
 *   (links), `media` (Media RSS, https://www.rssboard.org/media-rss: the lead image, which
 *   readers show without an `<enclosure>`'s download size), `fh` (RFC 5005's
 *   `fh:archive`, first in an archive page's channel);
 * - `atom:link`s: self (typed, and the URL served: W3C MissingAtomSelfLink,
 *   SelfDoesntMatchLocation), the other formats, the RFC 5005 links, then every WebSub hub
 *   (issue 14);
 * - titles, categories and names as plain text with character references where text
 *   could be read as markup (./xml.ts `escapeProse`): the W3C validator's `CharacterData`
 *   and `ContainsHTML`;
 * - `<image>`: the logo, else the icon, if its extension is one RSS allows (GIF, JPEG,
 *   PNG; W3C ImageUrlFormat).
 */
import { PLACEHOLDERS } from "../content/placeholders.ts";
import { escapeHtml } from "../text.ts";
import type { FeedFormat } from "../types.ts";
import type { FeedHead, FeedItem } from "./model.ts";
import { cdata, endTag, escapeProse, escapeText, present, startTag, writeElement, XML_DECLARATION, type XmlElement } from "./xml.ts";

/** Identifies this project (package.json `edge-feeds` 1.0.0) in `<generator>`: as it always has, so that no document changes. */
export const GENERATOR = "edge-feeds 1.0 (jpmonette/feed 6.0.0)";

/** RSS `<docs>`: the specification this format follows. */
const DOCS = "https://www.rssboard.org/rss-specification";

const FH = "http://purl.org/syndication/history/1.0";

const NAMESPACES = [
  ["version", "2.0"],
  ["xmlns:dc", "http://purl.org/dc/elements/1.1/"],
  ["xmlns:content", "http://purl.org/rss/1.0/modules/content/"],
  ["xmlns:atom", "http://www.w3.org/2005/Atom"],
  ["xmlns:media", "http://search.yahoo.com/mrss/"],
  ["xmlns:fh", FH],
] as const;

/** An element of data text (URLs, ids, dates). */
const data = (name: string, text: string): XmlElement => ({ name, content: escapeText(text) });
/** An element of text people read. */
const prose = (name: string, text: string): XmlElement => ({ name, content: escapeProse(text) });

/** A URL as `feed` writes links: parsed and written back by the URL parser. */
const normalised = (url: string): string => new URL(url).href;

/** Whether RSS `<image>` takes `url`: an extension RSS allows, or none the validator can see (W3C ImageUrlFormat). */
function rssImage(url: string): boolean {
  const ext = url.split(".").pop() ?? "";
  return !/^\w+$/.test(ext) || ["jpg", "jpeg", "gif", "png"].includes(ext.toLowerCase());
}

/** `atom:link`s in this order: self, the other formats, the RFC 5005 links, the hubs. */
function links(head: FeedHead, types: Record<FeedFormat, string>): XmlElement[] {
  const link = (href: string, rel: string, type?: string): XmlElement => ({
    name: "atom:link",
    attributes: [
      ["href", href],
      ["rel", rel],
      ["type", type],
    ],
  });
  return [
    link(head.self.rss, "self", types.rss),
    link(head.self.atom, "alternate", types.atom),
    link(head.self.json, "alternate", types.json),
    ...head.archiveLinks.map(({ rel, href }) => link(href.rss, rel, types.rss)),
    ...head.hubs.map((hub) => link(hub, "hub")),
  ];
}

/** Everything before the first item. `types`: each format's media type. */
export function rssHead(head: FeedHead, types: Record<FeedFormat, string>): string {
  const image = [head.logo, head.icon].find((url) => url !== undefined && rssImage(url));
  const children = present(
    head.archived && { name: "fh:archive" },
    prose("title", head.title),
    data("link", normalised(head.link)),
    prose("description", head.description),
    { name: "lastBuildDate", content: head.updated === undefined ? PLACEHOLDERS.updated : head.updated.toUTCString() },
    data("docs", DOCS),
    prose("generator", GENERATOR),
    head.language !== "" && data("language", head.language),
    head.ttl > 0 && data("ttl", String(head.ttl)),
    image !== undefined && { name: "image", children: [prose("title", head.title), data("url", image), data("link", normalised(head.link))] },
    ...links(head, types),
  );
  return `${XML_DECLARATION}${startTag("rss", NAMESPACES, 0)}${startTag("channel", [], 1)}${children.map((child) => writeElement(child, 2)).join("")}`;
}

/** One item, as it sits in a document. */
export function rssItem(item: FeedItem): string {
  const { image } = item;
  const title = prose("title", item.title);
  // `feed` leaves out an empty title, and its own extension then writes it after the categories.
  const children = present(
    item.title !== "" && title,
    data("link", normalised(item.link)),
    { name: "guid", attributes: [["isPermaLink", "false"]], content: escapeText(item.id) },
    data("pubDate", item.published.toUTCString()),
    item.summary !== "" && { name: "description", content: cdata(escapeHtml(item.summary)) },
    item.body !== "" && { name: "content:encoded", content: cdata(item.body) },
    ...item.tags.map((tag) => prose("category", tag)),
    item.title === "" && title,
    ...item.authors.map((name) => prose("dc:creator", name)),
    image && {
      name: "media:content",
      attributes: [
        ["url", image.url],
        ["medium", "image"],
        ["type", image.type],
      ],
    },
    image && { name: "media:thumbnail", attributes: [["url", image.url]] },
  );
  return writeElement({ name: "item", children }, 2);
}

/** What follows the last item. */
export const RSS_TAIL = `${endTag("channel", 1)}${endTag("rss", 0)}`;
