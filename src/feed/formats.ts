/**
 * @module The three formats the service speaks, in one table: everything known about each
 * (its file name in a scope's folder, its content type, its name on pages, how its items
 * are joined in a document, and its renderer), so that adding a format or changing one is
 * one entry. Documents are `head + items.join(join) + tail`, from what ./model.ts says.
 *
 * The `feed` library writes RSS (`rss2()`, ./rss.ts, cut into head, items and tail by
 * ./split.ts) and the JSON Feed (`json1()`, read as data and completed to 1.1: ./json.ts).
 * Atom is written by the one small writer beside it (./atom.ts on ./xml.ts): `feed` 6's
 * `atom1()` takes no extensions and has fixed links (no `xml:lang`, no typed links, no
 * links to the other formats, no RFC 5005 links or `fh:archive`, one hub), writes an
 * entry's link without `rel` and `type`, and leaves `<` raw in a category's `term`, which
 * is not well-formed XML; tests/node/feed-library.test.ts shows each on `feed` itself.
 */

import { escapeHtml } from "../text.ts";
import type { FeedFormat } from "../types.ts";
import { ATOM_TAIL, atomEntry, atomHead } from "./atom.ts";
import { JSON_TAIL, jsonHead, jsonItem } from "./json.ts";
import type { FeedHead, FeedItem } from "./model.ts";
import { rssEnds, rssItem } from "./rss.ts";
import type { Ends } from "./split.ts";
import { escapeAttribute, escapeText } from "./xml.ts";

/** How a format writes a document, and the request's text where a head holds placeholders. */
export interface Renderer {
  /** Everything before the first item, and what follows the last. */
  ends(head: FeedHead): Ends;
  /** One item, as it sits in a document (joined to the one before by `Format.join`). */
  item(item: FeedItem): string;
  /** How the head writes its update time; `undefined`: it has none (JSON Feed). */
  date?: (date: Date) => string;
  /** Text a request adds to the title (filters, issue 13), as the head's title holds it. */
  title(text: string): string;
  /** A canonical query, as the head's URLs hold it. */
  query(query: string): string;
}

export interface Format {
  /** The feed's file in a scope's folder: `/rss.xml`, `/tags/x/atom.xml`. */
  file: string;
  /** Its media type, for `type` attributes and links. */
  type: string;
  /** What responses say it is. */
  contentType: string;
  /** Its name on pages: a name, the same in every language. */
  name: string;
  /** What goes between two items. */
  join: string;
  render: Renderer;
}

export const FORMATS: Record<FeedFormat, Format> = {
  rss: {
    file: "rss.xml",
    type: "application/rss+xml",
    contentType: "application/rss+xml; charset=utf-8",
    name: "RSS",
    join: "",
    render: {
      ends: (head) => rssEnds(head, mediaTypes()),
      item: rssItem,
      date: (date) => date.toUTCString(),
      // xml-js writes text with entities (./rss.ts).
      title: escapeText,
      query: (query) => escapeAttribute(query),
    },
  },
  atom: {
    file: "atom.xml",
    type: "application/atom+xml",
    contentType: "application/atom+xml; charset=utf-8",
    name: "Atom",
    join: "",
    // The title is HTML in a CDATA section (./atom.ts); escaped HTML holds no `]]>`.
    render: {
      ends: (head) => ({ head: atomHead(head, mediaTypes()), tail: ATOM_TAIL }),
      item: atomEntry,
      date: (date) => date.toISOString(),
      title: escapeHtml,
      query: (query) => escapeAttribute(query),
    },
  },
  json: {
    file: "feed.json",
    type: "application/feed+json",
    contentType: "application/feed+json; charset=utf-8",
    name: "JSON Feed",
    join: ",",
    render: { ends: (head) => ({ head: jsonHead(head), tail: JSON_TAIL }), item: jsonItem, title: (text) => JSON.stringify(text).slice(1, -1), query: (query) => query },
  },
};

/** Each format's media type, for the links each document writes to the others. */
function mediaTypes(): Record<FeedFormat, string> {
  return { rss: FORMATS.rss.type, atom: FORMATS.atom.type, json: FORMATS.json.type };
}

/** A whole document: `head`, `items` joined as the format joins them, the tail. */
export function renderDocument(format: FeedFormat, head: FeedHead, items: readonly FeedItem[]): string {
  const { join, render } = FORMATS[format];
  const ends = render.ends(head);
  return ends.head + items.map((item) => render.item(item)).join(join) + ends.tail;
}
