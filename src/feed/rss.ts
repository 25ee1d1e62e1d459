/**
 * @module RSS 2.0 (https://www.rssboard.org/rss-specification), written by the `feed`
 * library's `rss2()`: what ./model.ts says, as `feed`'s options, items and extensions
 * (xml-js compact objects, which `feed` writes as given), cut into head, items and tail by
 * ./split.ts. Beyond what `feed` writes from its own fields:
 *
 * - namespaces declared on the elements that use them (`dc:creator`, one per author,
 *   since RSS `<author>` must be an e-mail address; `content:encoded`; Media RSS,
 *   https://www.rssboard.org/media-rss: the lead image as `media:content` and
 *   `media:thumbnail`, which readers show without an `<enclosure>`'s download size;
 *   RFC 5005's `fh:archive`), so that a head is the same above any items; `feed` declares
 *   `atom` on `<rss>` itself;
 * - `atom:link`s (a channel extension in the place of `feed`'s own self link): self
 *   (typed, and the URL served: W3C MissingAtomSelfLink, SelfDoesntMatchLocation), the
 *   other formats, the RFC 5005 links, then every WebSub hub (issue 14);
 * - an archive page's `fh:archive`, after its items (a channel extension goes there);
 * - item titles, descriptions and categories as item extensions: titles as text, not
 *   CDATA; descriptions and bodies in CDATA sections split at every `]]>` (./xml.ts
 *   `cdataSections`);
 * - `<image>`: the logo, else the icon, if its extension is one RSS allows (GIF, JPEG,
 *   PNG; W3C ImageUrlFormat).
 *
 * xml-js writes text with `&`, `<` and `>` as entities, after reading `&amp;` back as
 * `&` (its `writeText`): text goes in through ./xml.ts `xmlJsText`, so that it comes out
 * as it was. Attribute values go in escaped (./xml.ts `escapeAttribute`): xml-js escapes
 * only `"` in them.
 */
import { type Extension, Feed, type Item } from "feed";
import { PLACEHOLDERS } from "../content/placeholders.ts";
import { escapeHtml } from "../text.ts";
import type { FeedFormat } from "../types.ts";
import type { FeedHead, FeedItem } from "./model.ts";
import { between, type Ends, endsOf } from "./split.ts";
import { cdataSections, escapeAttribute, xmlJsText } from "./xml.ts";

/** Identifies this project (package.json `edge-feeds` 1.0.0) in `<generator>`: as it always has, so that no document changes. */
export const GENERATOR = "edge-feeds 1.0 (jpmonette/feed 6.0.0)";

/** RSS `<docs>`: the specification this format follows. */
const DOCS = "https://www.rssboard.org/rss-specification";

const NAMESPACES = {
  dc: "http://purl.org/dc/elements/1.1/",
  content: "http://purl.org/rss/1.0/modules/content/",
  media: "http://search.yahoo.com/mrss/",
  fh: "http://purl.org/syndication/history/1.0",
} as const;

/**
 * A head template's update time: `feed` writes `lastBuildDate` as `updated.toUTCString()`,
 * which for this date is the `updated` placeholder (src/content/placeholders.ts).
 */
const UPDATED_PLACEHOLDER: Date = Object.assign(new Date(0), { toUTCString: () => PLACEHOLDERS.updated });

/** Whether RSS `<image>` takes `url`: an extension RSS allows, or none the validator can see (W3C ImageUrlFormat). */
function rssImage(url: string): boolean {
  const ext = url.split(".").pop() ?? "";
  return !/^\w+$/.test(ext) || ["jpg", "jpeg", "gif", "png"].includes(ext.toLowerCase());
}

/** An xml-js element of attributes only; `undefined` values are left out. */
const empty = (attributes: Record<string, string | undefined>) => ({ _attributes: attributes });

/** `atom:link`s in this order: self, the other formats, the RFC 5005 links, the hubs. */
function links(head: FeedHead, types: Record<FeedFormat, string>) {
  const link = (href: string, rel: string, type?: string) => empty({ href: escapeAttribute(href), rel, type });
  return [
    link(head.self.rss, "self", types.rss),
    link(head.self.atom, "alternate", types.atom),
    link(head.self.json, "alternate", types.json),
    ...head.archiveLinks.map(({ rel, href }) => link(href.rss, rel, types.rss)),
    ...head.hubs.map((hub) => link(hub, "hub")),
  ];
}

/** `head` as a `feed` channel, without items. */
function channel(head: FeedHead, types: Record<FeedFormat, string>): Feed {
  const image = [head.logo, head.icon].find((url) => url !== undefined && rssImage(url));
  const feed = new Feed({
    title: xmlJsText(head.title),
    link: head.link,
    description: xmlJsText(head.description),
    updated: head.updated ?? UPDATED_PLACEHOLDER,
    docs: DOCS,
    generator: GENERATOR,
    ...(head.language === "" ? {} : { language: xmlJsText(head.language) }),
    ...(head.ttl > 0 ? { ttl: head.ttl } : {}),
    ...(image === undefined ? {} : { image: xmlJsText(image) }),
    // `feed` writes its self link where the channel's `atom:link`s go; the extension of that name replaces it there.
    feedLinks: { rss: head.self.rss },
  });
  feed.addExtension({ name: "atom:link", objects: links(head, types) as unknown as Extension["objects"] });
  if (head.archived) feed.addExtension({ name: "fh:archive", objects: empty({ "xmlns:fh": NAMESPACES.fh }) });
  return feed;
}

/** An item to put in a document and cut out again (./split.ts): any will do. */
const PROBE: Item = { title: "", link: "https://probe.invalid/", date: new Date(0) };

/** The head and tail of documents of `head`. */
export function rssEnds(head: FeedHead, types: Record<FeedFormat, string>): Ends {
  const withProbe = channel(head, types);
  withProbe.addItem(PROBE);
  return endsOf(channel(head, types).rss2(), withProbe.rss2());
}

/** An extension, as `feed`'s type for them has it. */
const extension = (name: string, objects: unknown): Extension => ({ name, objects: objects as Extension["objects"] });

/**
 * `item` as `feed` takes it. `feed` writes `title` first and `description` after the date,
 * as CDATA; the extensions of those names put what is written there. An empty title is
 * not written by `feed`, and its extension writes it after the categories.
 */
function feedItem(item: FeedItem): Item {
  const { image } = item;
  const extensions = [
    ...(item.summary === "" ? [] : [extension("description", { _cdata: cdataSections(escapeHtml(item.summary)) })]),
    ...(item.body === "" ? [] : [extension("content:encoded", { _attributes: { "xmlns:content": NAMESPACES.content }, _cdata: cdataSections(item.body) })]),
    extension(
      "category",
      item.tags.map((tag) => ({ _text: xmlJsText(tag) })),
    ),
    extension("title", { _text: xmlJsText(item.title) }),
    extension(
      "dc:creator",
      item.authors.map((name) => ({ _attributes: { "xmlns:dc": NAMESPACES.dc }, _text: xmlJsText(name) })),
    ),
    ...(image === undefined
      ? []
      : [
          extension("media:content", empty({ "xmlns:media": NAMESPACES.media, url: escapeAttribute(image.url), medium: "image", type: image.type && escapeAttribute(image.type) })),
          extension("media:thumbnail", empty({ "xmlns:media": NAMESPACES.media, url: escapeAttribute(image.url) })),
        ]),
  ];
  return { title: item.title, link: item.link, id: xmlJsText(item.id), date: item.published, description: item.summary, extensions };
}

/** The channel items are rendered in to be cut out: fixed, so that its head and tail are the same every time. */
const CARRIER = { title: "", updated: new Date(0) } as const;

/** The ends of the carrier's documents, found once. */
let carrierEnds: Ends | undefined;

/** One item, as it sits in a document: rendered by `feed` in the carrier, and cut out of it. */
export function rssItem(item: FeedItem): string {
  if (carrierEnds === undefined) {
    const withProbe = new Feed(CARRIER);
    withProbe.addItem(PROBE);
    carrierEnds = endsOf(new Feed(CARRIER).rss2(), withProbe.rss2());
  }
  const feed = new Feed(CARRIER);
  feed.addItem(feedItem(item));
  return between(feed.rss2(), carrierEnds);
}

/** A whole document as `feed` renders it in one call: what head, items and tail put together must equal. */
export function rssDocument(head: FeedHead, items: readonly FeedItem[], types: Record<FeedFormat, string>): string {
  const feed = channel(head, types);
  for (const item of items) feed.addItem(feedItem(item));
  return feed.rss2();
}
