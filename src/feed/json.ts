/**
 * @module JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/): a feed head, its items
 * and its tail, each written whole, so that a document is `head + items.join(",") + tail`.
 * The `feed` library writes JSON Feed 1.0 (`json1()`, read here as data), and what 1.1
 * adds or changes is added to that data before it is written: `version`, `authors` (every
 * author: `feed` writes the first as `author`), `language`, `hubs` (WebSub, issue 14), the
 * site's icon as `icon` and `favicon`, `next_url` (the older archive page), `_alternates`
 * (the other formats), and an item's summary always, with its body as `content_html` or,
 * without one, its summary as `content_text` (one of the two is required). Bodies never
 * go through `feed`: they are added to the data, and escaped once, by `JSON.stringify`.
 */
import { Feed, type Item } from "feed";
import type { FeedHead, FeedItem } from "./model.ts";

type Json = Record<string, unknown>;

/** The members of `object` as written inside its braces, in order. */
const members = (object: Json): string =>
  Object.entries(object)
    .map(([key, value]) => `${JSON.stringify(key)}:${JSON.stringify(value)}`)
    .join(",");

/** Everything before the first item: the document's members, then `"items":[`. */
export function jsonHead(head: FeedHead): string {
  const v1 = JSON.parse(
    new Feed({
      title: head.title,
      link: head.link,
      feedLinks: { json: head.self.json },
      author: { name: head.author },
      ...(head.description === "" ? {} : { description: head.description }),
    }).json1(),
  ) as Json;
  const { version: _version, author, items: _items, ...rest } = v1;
  const older = head.archiveLinks.find(({ rel }) => rel === "prev-archive");
  const document: Json = {
    version: "https://jsonfeed.org/version/1.1",
    ...rest,
    icon: head.icon,
    favicon: head.icon,
    ...(older === undefined ? {} : { next_url: older.href.json }),
    language: head.language,
    authors: [author],
    // JSON Feed 1.1 `hubs`: "endpoints that can be used to subscribe to real-time notifications".
    ...(head.hubs.length > 0 ? { hubs: head.hubs.map((url) => ({ type: "WebSub", url })) } : {}),
    _alternates: { rss: head.self.rss, atom: head.self.atom },
  };
  return `{${members(document)},"items":[`;
}

/** What `feed` is told of an item: everything but its body. */
function feedItem(item: FeedItem): Item {
  return {
    id: item.id,
    link: item.link,
    date: item.updated,
    published: item.published,
    title: item.title,
    description: item.summary,
    category: item.tags.map((name) => ({ name })),
    author: item.authors.map((name) => ({ name })),
    ...(item.image === undefined ? {} : { image: item.image.url }),
  };
}

/** One item, as it sits in a document. */
export function jsonItem(item: FeedItem): string {
  const feed = new Feed({ title: "" });
  feed.addItem(feedItem(item));
  const [v1] = (JSON.parse(feed.json1()) as { items: Json[] }).items;
  const { author: _author, content_html: _html, summary: _summary, ...rest } = v1 ?? {};
  return JSON.stringify({
    ...rest,
    ...(item.body !== "" ? { content_html: item.body } : { content_text: item.summary }),
    summary: item.summary,
    authors: item.authors.map((name) => ({ name })),
  });
}

/** What follows the last item. */
export const JSON_TAIL = "]}";
