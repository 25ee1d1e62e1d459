/**
 * @module The three formats the service speaks, in one table: everything known about each
 * (its file name in a scope's folder, its content type, its name on pages, how its items
 * are joined in a document, and its renderer), so that adding a format or changing one is
 * one entry. Documents are `head + items.join(join) + tail`, written whole by the
 * renderers (./rss.ts, ./atom.ts, ./json.ts) from what ./model.ts says.
 *
 * Why the renderers, and not `feed` itself, write RSS and Atom: `feed` 6 writes XML
 * through xml-js, which cannot write arbitrary text right, and nothing in `feed`'s API
 * (options, items, extensions, all handed to xml-js as given) reaches its writer: it
 * turns a literal `&amp;` in text into `&`, leaves `<` and `&` raw in attribute values,
 * splits only the first `]]>` of a CDATA section, writes RSS item titles as CDATA and no
 * character references at all whatever it is given (the W3C validator's `CharacterData`,
 * `ContainsHTML`; a reader that decodes entities twice), writes a carriage return as a
 * line break, puts channel extensions after the items (RFC 5005's `fh:archive` would
 * move there), and has no Atom extensions (no `xml:lang`, typed links, RFC 5005
 * links). The first three can be worked around through `feed`; the rest change what
 * readers and the validator see (RSS through `feed` was tried and reverted: the README's
 * design notes). tests/node/feed-library.test.ts shows each defect on `feed` itself, so
 * a version that fixes them is noticed. JSON has none of them: `feed` writes the JSON
 * Feed (./json.ts).
 */

import { escapeHtml } from "../text.ts";
import type { FeedFormat } from "../types.ts";
import { ATOM_TAIL, atomEntry, atomHead } from "./atom.ts";
import { JSON_TAIL, jsonHead, jsonItem } from "./json.ts";
import type { FeedHead, FeedItem } from "./model.ts";
import { RSS_TAIL, rssHead, rssItem } from "./rss.ts";
import { escapeAttribute, escapeProse } from "./xml.ts";

/** How a format writes a document, and the request's text where a head holds placeholders. */
export interface Renderer {
  /** Everything before the first item. */
  head(head: FeedHead): string;
  /** One item, as it sits in a document (joined to the one before by `Format.join`). */
  item(item: FeedItem): string;
  /** What follows the last item. */
  tail: string;
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
      head: (head) => rssHead(head, mediaTypes()),
      item: rssItem,
      tail: RSS_TAIL,
      date: (date) => date.toUTCString(),
      title: escapeProse,
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
      head: (head) => atomHead(head, mediaTypes()),
      item: atomEntry,
      tail: ATOM_TAIL,
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
    render: { head: jsonHead, item: jsonItem, tail: JSON_TAIL, title: (text) => JSON.stringify(text).slice(1, -1), query: (query) => query },
  },
};

/** Each format's media type, for the links each document writes to the others. */
function mediaTypes(): Record<FeedFormat, string> {
  return { rss: FORMATS.rss.type, atom: FORMATS.atom.type, json: FORMATS.json.type };
}

/** A whole document: `head`, `items` joined as the format joins them, the tail. */
export function renderDocument(format: FeedFormat, head: FeedHead, items: readonly FeedItem[]): string {
  const { join, render } = FORMATS[format];
  return render.head(head) + items.map((item) => render.item(item)).join(join) + render.tail;
}
