/**
 * @module The placeholders in build output that only a request can fill, and how the
 * worker fills them. Build output is serialised once (./serialise.ts); what differs
 * between requests for the same items is:
 *
 * - the origin, when `SITE_URL` is not set at build time (`wrangler dev`, a fresh
 *   `*.workers.dev`): every absolute URL is written on `ORIGIN_TOKEN`, a valid URL
 *   origin on a reserved `.invalid` host (RFC 6761), so `feed`'s URL handling accepts
 *   it, and no real link can point there;
 * - the query of the feed's own URLs (`?limit=5`): `QUERY_MARK` in the head's URLs;
 * - what a filtered feed's title adds (issue 13): `TITLE_MARK` after the title;
 * - the feed's update time, the newest of the items shown: `UPDATED_MARK` in the head.
 *
 * The query and the title's addition are cleaned and escaped for where they go, as the
 * reference renderer cleans and `feed` escapes the same text when it serialises a whole
 * document (./serialise.ts `renderFeed`, which the assembled documents are tested
 * against for any text).
 */
import { escapeHtml, stripXmlForbidden } from "../text.ts";
import type { FeedFormat } from "../types.ts";
import { cdata, restorePlaceholders, xmlText } from "./xml-text.ts";

/** Stands for the site's origin in build output when `SITE_URL` is unset. */
export const ORIGIN_TOKEN = "https://edge-feeds-origin.invalid";

/** Stands for the canonical query (`""`, `?limit=5`) in a head's URLs; URL-safe, so it survives `feed`'s URL parsing. */
export const QUERY_MARK = "?edge-feeds-query";

/** Stands for the feed's update time in a head (private-use characters: never in text, after the build strips them). */
export const UPDATED_MARK = "\uE000updated\uE001";

/** Stands for what a variant's title adds after the feed's title (`（筛选：大学）`), in a head. */
export const TITLE_MARK = "\uE000title\uE001";

/**
 * Stand for page numbers in archive page heads (RFC 5005): this page, the older and the
 * newer one. Path segments, so they survive `feed`'s URL parsing.
 */
export const PAGE_MARK = "edge-feeds-page";
export const OLDER_MARK = "edge-feeds-older";
export const NEWER_MARK = "edge-feeds-newer";

/**
 * How items of each format are placed between head and tail, how its head writes a
 * date, and how text is escaped where a head holds the query (URLs: XML attributes, or
 * JSON strings) and the title (RSS text, Atom `type="html"` CDATA, a JSON string).
 */
export const SPLICING: Record<
  FeedFormat,
  {
    separator: string;
    date: "utc" | "iso" | "none";
    query: (s: string) => string;
    title: (s: string) => string;
  }
> = {
  rss: {
    separator: "",
    date: "utc",
    query: (s) => s.replaceAll("&", "&amp;"),
    title: (s) => restorePlaceholders(xmlText(s)),
  },
  atom: {
    separator: "",
    date: "iso",
    query: (s) => s.replaceAll("&", "&amp;"),
    title: (s) => restorePlaceholders(cdata(escapeHtml(s))),
  },
  // JSON Feed items are array elements; the feed itself has no update time.
  json: {
    separator: ",",
    date: "none",
    query: (s) => s,
    title: (s) => JSON.stringify(s).slice(1, -1),
  },
};

/** A feed's head and tail with the placeholders above, from `renderTemplate`. */
export interface FeedTemplate {
  head: string;
  tail: string;
}

/** What fills a head's placeholders for one request. */
export interface HeadFill {
  /** The canonical query of the document's URL, percent-encoded: `""`, `?limit=5&filter=...`. */
  query: string;
  /** The document's update time. */
  updated: Date;
  /** What the title adds (filters, issue 13): `""`, or text starting with a space or a bracket. */
  titleSuffix?: string;
  /** The request's origin, when the build left `ORIGIN_TOKEN` in its output (`SITE_URL` unset). */
  origin?: string;
}

/** An archive page's `head` with its page numbers, update time and origin filled in. */
export function fillArchiveHead(head: string, format: FeedFormat, page: number, updated: Date, origin?: string): string {
  return fillHead(head, format, { query: "", updated, ...(origin === undefined ? {} : { origin }) })
    .replaceAll(PAGE_MARK, () => String(page))
    .replaceAll(OLDER_MARK, () => String(page - 1))
    .replaceAll(NEWER_MARK, () => String(page + 1));
}

/**
 * `head` with its placeholders filled in for one request. The title's addition, the
 * only text a request chooses (filter words), goes in last, so that no later step can
 * read a placeholder or the origin token in it: it stays the text it is, as in the
 * reference.
 */
export function fillHead(head: string, format: FeedFormat, { query, updated, titleSuffix = "", origin }: HeadFill): string {
  const { date } = SPLICING[format];
  const time = date === "utc" ? updated.toUTCString() : date === "iso" ? updated.toISOString() : "";
  // Cleaned first, as the reference cleans the title it belongs to (./serialise.ts
  // `newFeed`): the escapes below write placeholders for XML-special characters
  // (./xml-text.ts), which are characters XML forbids, so a raw one in the text would
  // come out as markup (issue 21: U+000C as `]]]]><![CDATA[>` in an RSS title).
  const title = SPLICING[format].title(stripXmlForbidden(titleSuffix));
  const url = SPLICING[format].query(query);
  return (origin === undefined ? head : head.replaceAll(ORIGIN_TOKEN, () => origin))
    .replace(UPDATED_MARK, () => time)
    .replaceAll(QUERY_MARK, () => url)
    .replaceAll(TITLE_MARK, () => title);
}
