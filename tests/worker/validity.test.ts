/**
 * Issue 3 conformance, in workerd against the bundled sample content: every feed the
 * content produces (the site's, every tag's and every category's, in RSS, Atom and JSON
 * Feed, at the URLs /tags.json and /categories.json list) has zero errors and zero
 * warnings under the W3C Feed Validation Service's rules, or conforms to JSON Feed 1.1,
 * and reads back (strict XML parser, feedsmith) with every sample article's pinned id.
 * @rowanmanning/feed-parser, CommonJS that workerd cannot load, reads the same feeds in
 * tests/node/validity.samples.test.ts.
 * Each finding is named after the validator's message (tests/fixtures/feed-rules.ts),
 * e.g. "SelfDoesntMatchLocation": https://validator.w3.org/feed/docs/warning/SelfDoesntMatchLocation.html
 */
import { exports } from "cloudflare:workers";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { FeedFormat } from "../../src/types.ts";
import { CHECKS, NS } from "../fixtures/feed-rules.ts";
import { readWithFeedsmith } from "../fixtures/readers.ts";
import { ID_BY_PATH, SAMPLE_IDS } from "../fixtures/sample-ids.ts";
import { childNamed, parseXmlStrict, textOf, type XmlElement } from "../fixtures/xml.ts";

const ORIGIN = "https://feeds.example";
const request = (url: string) => exports.default.fetch(new Request(url));

const FILES: Record<FeedFormat, string> = { rss: "rss.xml", atom: "atom.xml", json: "feed.json" };
const TYPES: Record<FeedFormat, string> = {
  rss: "application/rss+xml; charset=utf-8",
  atom: "application/atom+xml; charset=utf-8",
  json: "application/feed+json; charset=utf-8",
};

interface FeedUrl {
  label: string;
  format: FeedFormat;
  url: string;
}

/** Every feed of the sample content, as the site lists them. */
async function listFeeds(): Promise<FeedUrl[]> {
  const site = (Object.keys(FILES) as FeedFormat[]).map((format) => ({ label: `site ${format}`, format, url: `${ORIGIN}/${FILES[format]}` }));
  const terms = await Promise.all(
    (["tags", "categories"] as const).map(async (kind) => {
      const list = (await (await request(`${ORIGIN}/${kind}.json`)).json()) as { name: string; feeds: Record<FeedFormat, string> }[];
      return list.flatMap((t) => (Object.keys(FILES) as FeedFormat[]).map((format) => ({ label: `${kind} “${t.name}” ${format}`, format, url: t.feeds[format] })));
    }),
  );
  return [...site, ...terms.flat()];
}

const FEEDS = await listFeeds();

async function fetchFeed(url: string, format: FeedFormat): Promise<string> {
  const res = await request(url);
  expect(res.status, url).toBe(200);
  expect(res.headers.get("content-type"), url).toBe(TYPES[format]);
  return res.text();
}

describe("every feed of the sample content", () => {
  it("is all of them: the site and each of the 19 tags and 4 categories, in three formats", () => {
    expect(FEEDS).toHaveLength(3 * (1 + 19 + 4));
  });

  it.each(FEEDS)("$label: zero W3C errors and warnings (JSON Feed 1.1 for JSON)", async ({ format, url }) => {
    // No exceptions here, not even those a literal text could cause ("literal-text").
    expect(CHECKS[format](await fetchFeed(url, format), { location: url })).toEqual([]);
  });

  it.each(FEEDS)("$label: feedsmith reads it, every item with its pinned id", async ({ format, url }) => {
    for (const read of [readWithFeedsmith(format, await fetchFeed(url, format))]) {
      expect(read.self).toBe(url);
      expect(read.items.length).toBeGreaterThan(0);
      for (const item of read.items) {
        const path = new URL(item.link ?? "").pathname;
        expect(item.id, path).toBe(ID_BY_PATH.get(path));
        expect(item.title?.trim(), path).not.toBe("");
        expect(item.summary?.trim(), path).not.toBe("");
      }
    }
  });
});

describe("the site feeds at other limits", () => {
  it.each([1, 5, 14, 100])("?limit=%i: the self link and feed_url carry the query (W3C: SelfDoesntMatchLocation)", async (limit) => {
    for (const format of Object.keys(FILES) as FeedFormat[]) {
      const url = `${ORIGIN}/${FILES[format]}?limit=${limit}`;
      const body = await fetchFeed(url, format);
      expect(CHECKS[format](body, { location: url }), url).toEqual([]);
      expect(readWithFeedsmith(format, body).items).toHaveLength(Math.min(limit, SAMPLE_IDS.length));
    }
  });

  it("any scope, format and limit (fast-check over the routes)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...FEEDS), fc.integer({ min: 1, max: 100 }), async ({ format, url }, limit) => {
        // ?limit=20 is the default: it redirects to the URL without it (tested below).
        const location = limit === 20 ? url : `${url}?limit=${limit}`;
        const body = await fetchFeed(location, format);
        expect(CHECKS[format](body, { location })).toEqual([]);
        const ids = readWithFeedsmith(format, body).items.map((i) => i.id);
        expect(ids.length).toBeLessThanOrEqual(limit);
        expect(new Set(ids).size).toBe(ids.length);
      }),
      { numRuns: 40 },
    );
  });
});

describe("values that are true of this project", () => {
  it("RSS <docs> is the RSS 2.0 specification; <generator> names this service and the library under it", async () => {
    const channel = childNamed(parseXmlStrict(await fetchFeed(`${ORIGIN}/rss.xml`, "rss")).root, "", "channel") as XmlElement;
    expect(textOf(childNamed(channel, "", "docs") as XmlElement)).toBe("https://www.rssboard.org/rss-specification");
    expect(textOf(childNamed(channel, "", "generator") as XmlElement)).toBe("edge-feeds 1.0 (jpmonette/feed 6.0.0)");
    const atom = parseXmlStrict(await fetchFeed(`${ORIGIN}/atom.xml`, "atom")).root;
    expect(textOf(childNamed(atom, NS.atom, "generator") as XmlElement)).toBe("edge-feeds 1.0 (jpmonette/feed 6.0.0)");
  });

  it("the escaping sample article's title is plain text in RSS, HTML in Atom, a string in JSON, and reads the same in all", async () => {
    const title = 'Escaping <tags> & "quotes" ]]> in feeds';
    for (const format of Object.keys(FILES) as FeedFormat[]) {
      const read = readWithFeedsmith(format, await fetchFeed(`${ORIGIN}/tags/xml/${FILES[format]}`, format));
      expect(read.items.map((i) => i.title)).toEqual([title]);
    }
  });

  // The self link is the feed's canonical URL; the same feed asked for at another URL is
  // redirected there, so a reader always ends up where the self link points.
  it.each([
    ["/tags/TypeScript/rss.xml", "/tags/typescript/rss.xml"],
    ["/tags/TYPESCRIPT/atom.xml?limit=5", "/tags/typescript/atom.xml?limit=5"],
    ["/categories/Tech/feed.json", "/categories/tech/feed.json"],
    ["/rss.xml?limit=20", "/rss.xml"],
    ["/tags/RSS/rss.xml?limit=20&utm_source=x", "/tags/rss/rss.xml?utm_source=x"],
  ])("W3C: SelfDoesntMatchLocation: %s redirects 301 to %s, where self matches", async (from, to) => {
    const res = await exports.default.fetch(new Request(`${ORIGIN}${from}`, { redirect: "manual" }));
    expect(res.status).toBe(301);
    expect(res.headers.get("location")).toBe(`${ORIGIN}${to}`);
    const format = (Object.keys(FILES) as FeedFormat[]).find((f) => to.split("?")[0]?.endsWith(FILES[f])) as FeedFormat;
    const location = `${ORIGIN}${to.replace(/[?&]utm_source=x/, "")}`;
    expect(CHECKS[format](await fetchFeed(location, format), { location })).toEqual([]);
  });
});
