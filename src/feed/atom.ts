/**
 * @module Atom 1.0 (RFC 4287): a feed head, its entries and its tail, each written whole,
 * so that a document is `head + entries + tail`. Elements and their order are those the
 * `feed` library writes (./formats.ts says why its writer is not used for XML), plus:
 *
 * - `xml:lang` on `<feed>`, and `xmlns:fh` on archive pages, whose `fh:archive` (RFC 5005)
 *   follows the links;
 * - links typed (RFC 4287 section 4.2.7.3): the HTML page, self, the other formats, the
 *   RFC 5005 links, every WebSub hub (issue 14); entries' permalinks say `rel="alternate"`
 *   and `type="text/html"`;
 * - titles, subtitles and summaries as `type="html"`, their plain text HTML-escaped in a
 *   CDATA section, so that a name that looks like markup is not taken for it (W3C:
 *   ContainsHTML); names as plain text (./xml.ts `escapeProse`);
 * - an entry's lead image as an enclosure only when its type is `image/<its extension>`
 *   (./model.ts `ItemImage`), without `length`: optional and advisory (section 4.2.7.6).
 */
import { PLACEHOLDERS } from "../content/placeholders.ts";
import { escapeHtml } from "../text.ts";
import type { FeedFormat } from "../types.ts";
import type { FeedHead, FeedItem } from "./model.ts";
import { GENERATOR } from "./rss.ts";
import { cdata, endTag, escapeProse, escapeText, present, startTag, writeElement, XML_DECLARATION, type XmlElement } from "./xml.ts";

const ATOM = "http://www.w3.org/2005/Atom";
const FH = "http://purl.org/syndication/history/1.0";

/** Text people read, as HTML in CDATA. */
const html = (name: string, text: string): XmlElement => ({ name, attributes: [["type", "html"]], content: cdata(escapeHtml(text)) });
/** `feed` writes an empty name as `<name/>`. */
const author = (name: string): XmlElement => ({ name: "author", children: [name === "" ? { name: "name" } : { name: "name", content: escapeProse(name) }] });
const link = (rel: string, type: string | undefined, href: string): XmlElement => ({
  name: "link",
  attributes: [
    ["rel", rel],
    ["type", type],
    ["href", href],
  ],
});

/** Everything before the first entry. `types`: each format's media type. */
export function atomHead(head: FeedHead, types: Record<FeedFormat, string>): string {
  const attributes = [
    ["xml:lang", head.language],
    ["xmlns:fh", head.archived ? FH : undefined],
    ["xmlns", ATOM],
  ] as const;
  const children = present(
    { name: "id", content: escapeProse(head.id) },
    html("title", head.title),
    { name: "updated", content: head.updated === undefined ? PLACEHOLDERS.updated : head.updated.toISOString() },
    { name: "generator", content: escapeProse(GENERATOR) },
    author(head.author),
    link("alternate", "text/html", new URL(head.link).href),
    link("self", types.atom, new URL(head.self.atom).href),
    link("alternate", types.rss, head.self.rss),
    link("alternate", types.json, head.self.json),
    ...head.archiveLinks.map(({ rel, href }) => link(rel, types.atom, href.atom)),
    ...head.hubs.map((hub) => link("hub", undefined, hub)),
    head.archived && { name: "fh:archive" },
    html("subtitle", head.description),
    head.logo !== undefined && { name: "logo", content: escapeText(head.logo) },
    head.icon !== "" && { name: "icon", content: escapeText(head.icon) },
  );
  return `${XML_DECLARATION}${startTag("feed", attributes, 0)}${children.map((child) => writeElement(child, 1)).join("")}`;
}

/** One entry, as it sits in a document. */
export function atomEntry(item: FeedItem): string {
  const { image } = item;
  const children = present(
    html("title", item.title),
    { name: "id", content: escapeText(new URL(item.id).href) },
    link("alternate", "text/html", new URL(item.link).href),
    image?.atom === true && {
      name: "link",
      attributes: [
        ["rel", "enclosure"],
        ["href", new URL(image.url).href],
        ["type", image.type],
      ],
    },
    { name: "updated", content: item.updated.toISOString() },
    item.summary !== "" && html("summary", item.summary),
    item.body !== "" && { name: "content", attributes: [["type", "html"]], content: cdata(item.body) },
    ...item.authors.map(author),
    ...item.tags.map((tag): XmlElement => ({ name: "category", attributes: [["term", tag]] })),
    { name: "published", content: item.published.toISOString() },
  );
  return writeElement({ name: "entry", children }, 1);
}

/** What follows the last entry. */
export const ATOM_TAIL = endTag("feed", 0);
