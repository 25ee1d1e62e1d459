/**
 * @module Head templates: a feed head written once at build time with placeholders
 * (src/content/placeholders.ts) where what differs between requests for the same items
 * goes, and filled in by the worker for each request:
 *
 * - the subscription document's own URLs end with the `query` placeholder (`?limit=5`);
 * - its title is followed by the `title` placeholder (what filters add, issue 13);
 * - its update time is the `updated` placeholder;
 * - archive page heads hold `page`, `older` and `newer` in their URLs;
 * - when `SITE_URL` is not set, every absolute URL is on the `origin` placeholder.
 *
 * A filled head is byte for byte the head the format's renderer writes for the values
 * themselves (tests/node/template.test.ts holds them equal, for any text): the request's
 * text is escaped as the renderer escapes it where it goes (`Renderer.title`,
 * `Renderer.query`), after the characters XML forbids are removed as ./model.ts removes
 * them, and the title's addition goes in last, so that nothing in it is read as a
 * placeholder.
 */
import { PLACEHOLDERS } from "../content/placeholders.ts";
import type { Site } from "../settings.ts";
import { stripXmlForbidden } from "../text.ts";
import type { FeedFormat, Scope } from "../types.ts";
import { FORMATS } from "./formats.ts";
import { type ArchiveLinks, headOf } from "./model.ts";

/**
 * The head of one of `scope`'s documents in `format` with placeholders for what a request
 * fills in: a subscription document's query, title addition and update time; an archive
 * page's page numbers (`archive` holds them) and update time.
 */
export function headTemplate(scope: Scope, site: Site, format: FeedFormat, archive: ArchiveLinks): string {
  const subscription = archive.kind === "subscription";
  const head = headOf({ scope, query: subscription ? PLACEHOLDERS.query : "", titleAddition: subscription ? PLACEHOLDERS.title : "", updated: undefined, archive }, site);
  return FORMATS[format].render.head(head);
}

/** The links of each archive page head there can be: the first page has no older page, the last no newer. */
export const ARCHIVE_PAGE_LINKS = {
  first: { kind: "page", page: PLACEHOLDERS.page, newer: PLACEHOLDERS.newer },
  middle: { kind: "page", page: PLACEHOLDERS.page, older: PLACEHOLDERS.older, newer: PLACEHOLDERS.newer },
  last: { kind: "page", page: PLACEHOLDERS.page, older: PLACEHOLDERS.older },
} as const satisfies Record<string, ArchiveLinks>;

/** What fills a head's placeholders for one request. */
export interface HeadFill {
  /** The canonical query of the document's URL, percent-encoded: `""`, `?limit=5&filter=...`. */
  query: string;
  /** The document's update time. */
  updated: Date;
  /** What the title adds (filters, issue 13): `""`, or text starting with a space or a bracket. */
  titleAddition?: string;
  /** The request's origin, when the build left the `origin` placeholder (`SITE_URL` unset). */
  origin?: string;
}

/** `head` with its placeholders filled in for one request; the title's addition last. */
export function fillHead(head: string, format: FeedFormat, { query, updated, titleAddition = "", origin }: HeadFill): string {
  const { render } = FORMATS[format];
  const title = render.title(stripXmlForbidden(titleAddition));
  return (origin === undefined ? head : head.replaceAll(PLACEHOLDERS.origin, () => origin))
    .replace(PLACEHOLDERS.updated, () => render.date?.(updated) ?? "")
    .replaceAll(PLACEHOLDERS.query, () => render.query(query))
    .replaceAll(PLACEHOLDERS.title, () => title);
}

/** An archive page's `head` with its page numbers, update time and origin filled in. */
export function fillArchiveHead(head: string, format: FeedFormat, page: number, updated: Date, origin?: string): string {
  return fillHead(head, format, { query: "", updated, ...(origin === undefined ? {} : { origin }) })
    .replaceAll(PLACEHOLDERS.page, () => String(page))
    .replaceAll(PLACEHOLDERS.older, () => String(page - 1))
    .replaceAll(PLACEHOLDERS.newer, () => String(page + 1));
}
