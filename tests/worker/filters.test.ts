/**
 * Issue 13, filtered feeds over HTTP, in workerd against the bundled sample content:
 * the items each filter keeps (against the compiled index), one canonical URL per
 * filtered feed (its self link; other spellings are 301s), a 400 naming the parameter
 * for every value that is not allowed, no filters on archive pages, validators and
 * 304s, short-lived time filters, the browser view, and zero W3C findings.
 */
import { describe, expect, it } from "vitest";
import type { FeedFormat } from "../../src/types.ts";
import { CHECKS } from "../fixtures/feed-rules.ts";
import { readWithFeedsmith } from "../fixtures/readers.ts";
import { SAMPLE_IDS } from "../fixtures/sample-ids.ts";
import { contentIndex, get, ORIGIN } from "./helpers.ts";

const index = contentIndex();
const FILES: Record<FeedFormat, string> = {
  rss: "rss.xml",
  atom: "atom.xml",
  json: "feed.json",
};
const FORMATS = Object.keys(FILES) as FeedFormat[];
const ID_OF = new Map(SAMPLE_IDS.map(([, slug, id]) => [slug, id]));
const enc = encodeURIComponent;

/** Ids of the site's articles (newest first) for which `keep` holds. */
function idsWhere(keep: (a: (typeof index.articles)[number]) => boolean, articles = index.articles): string[] {
  return articles.filter(keep).map((a) => ID_OF.get(a.slug) as string);
}

/** The feed at `path`, read by feedsmith after the W3C rules found nothing. */
async function readFeed(format: FeedFormat, path: string) {
  const res = await get(path, { redirect: "manual" });
  expect(res.status, path).toBe(200);
  const body = await res.text();
  expect(CHECKS[format](body, { location: ORIGIN + path }), path).toEqual([]);
  return { res, body, feed: readWithFeedsmith(format, body) };
}

describe("what a filter keeps", () => {
  it.each(FORMATS)("%s: ?filter= keeps the articles whose title or summary has a word, newest first, with their own ids", async (format) => {
    const path = `/${FILES[format]}?filter=${enc("南开|Workers")}`;
    const { feed, body } = await readFeed(format, path);
    const expected = idsWhere((a) => ["南开", "Workers"].some((w) => a.title.includes(w) || (a.summary || a.title).includes(w)));
    expect(expected.length).toBeGreaterThan(2);
    expect(expected.length).toBeLessThan(index.articles.length);
    expect(feed.items.map((i) => i.id)).toEqual(expected);
    // Its self link is its URL; its title says what it holds.
    expect(feed.self).toBe(ORIGIN + path);
    expect(feed.title).toContain("（含南开 | Workers）");
    expect(body).not.toContain("edge-feeds-query");
  });

  it("the field-specific forms, filterout and case", async () => {
    const cases: [string, (a: (typeof index.articles)[number]) => boolean][] = [
      [`filter_title=${enc("南开大学")}`, (a) => a.title.includes("南开大学")],
      [`filterout_title=${enc("南开")}`, (a) => !a.title.includes("南开")],
      [`filter_category=${enc("南开大学")}`, (a) => [...a.tags, ...a.categories].some((t) => t.includes("南开大学"))],
      [`filterout_category=${enc("南开大学")}`, (a) => ![...a.tags, ...a.categories].some((t) => t.includes("南开大学"))],
      ["filter_author=Jane", (a) => a.authors.some((n) => n.includes("Jane"))],
      ["filter_title=feed", (a) => a.title.includes("feed")],
      ["filter_case_sensitive=false&filter_title=feed", (a) => a.title.toLowerCase().includes("feed")],
      [`filter=${enc("南开")}&filterout=${enc("华为")}`, (a) => (a.title + (a.summary || a.title)).includes("南开") && !(a.title + (a.summary || a.title)).includes("华为")],
    ];
    for (const [search, keep] of cases) {
      const { feed } = await readFeed("json", `/feed.json?${search}`);
      expect([search, feed.items.map((i) => i.id)]).toEqual([search, idsWhere(keep)]);
    }
  });

  it("a term's feed filters its own articles; limit caps what passes", async () => {
    const word = "南开大学";
    const tag = index.tags[word];
    expect(tag).toBeDefined();
    const articles = (tag?.articles ?? []).map((p) => index.articles[p] as (typeof index.articles)[number]);
    const { feed } = await readFeed("atom", `/tags/${enc("南开大学")}/atom.xml?filterout=${enc("华为")}`);
    expect(feed.items.map((i) => i.id)).toEqual(idsWhere((a) => !`${a.title}${a.summary || a.title}`.includes("华为"), articles));
    const capped = await readFeed("rss", `/rss.xml?filter=${enc("南开")}&limit=2`);
    expect(capped.feed.items.map((i) => i.id)).toEqual(idsWhere((a) => `${a.title}${a.summary || a.title}`.includes("南开")).slice(0, 2));
  });

  it("raw and percent-encoded CJK are the same feed, not a redirect", async () => {
    const raw = await get("/rss.xml?filter=南开", { redirect: "manual" });
    const encoded = await get(`/rss.xml?filter=${enc("南开")}`, {
      redirect: "manual",
    });
    expect([raw.status, encoded.status]).toEqual([200, 200]);
    expect(await raw.text()).toBe(await encoded.text());
  });

  it("a filter nothing passes is a valid empty feed in each format", async () => {
    for (const format of FORMATS) {
      const { feed } = await readFeed(format, `/${FILES[format]}?filter=no-such-word-anywhere`);
      expect(feed.items).toEqual([]);
    }
  });
});

describe("one URL per filtered feed", () => {
  it.each([
    ["/rss.xml?filter_title=b&filter=a", "/rss.xml?filter=a&filter_title=b"],
    ["/rss.xml?filter=a&filter_case_sensitive=true", "/rss.xml?filter=a"],
    ["/atom.xml?filter=%EF%BC%A1", "/atom.xml?filter=A"],
    ["/feed.json?limit=20&filter=a", "/feed.json?filter=a"],
    ["/feed.json?utm_source=x&limit=5&filter=a", "/feed.json?filter=a&limit=5&utm_source=x"],
    [`/tags/${enc("南开大学")}/rss.xml?filterout=x&filter=y`, `/tags/${enc("南开大学")}/rss.xml?filter=y&filterout=x`],
  ])("%s -> 301 %s", async (from, to) => {
    const res = await get(from, { redirect: "manual" });
    expect(res.status).toBe(301);
    expect(res.headers.get("location")).toBe(ORIGIN + to);
  });
});

describe("values that are not allowed: 400 naming the parameter and what is allowed", () => {
  it.each([
    ["/rss.xml?filter=", "filter must not be empty"],
    ["/atom.xml?filter_title=a||b", "filter_title must not have an empty alternative"],
    [`/feed.json?filter=${"x".repeat(201)}`, "filter must be at most 200 characters"],
    ["/rss.xml?filter=a&filter=b", "filter must be given at most once"],
    ["/rss.xml?filter_case_sensitive=yes", "filter_case_sensitive must be true or false"],
    ["/rss.xml?filter_time=0", "filter_time must be a whole number of seconds"],
    ["/rss.xml?filter_time=1h", "filter_time must be a whole number of seconds"],
    [`/tags/${enc("南开大学")}/rss.xml?filter_time=-1`, "filter_time must be a whole number of seconds"],
    ["/rss.xml?filter=a&limit=0", "limit must be a whole number"],
    ["/archive/1/rss.xml?filter=a", "filters do not apply to archive pages"],
    [`/tags/${enc("南开大学")}/archive/1/atom.xml?filter_time=60`, "filters do not apply to archive pages"],
  ])("%s", async (path, message) => {
    const res = await get(path);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain(message);
  });
});

describe("validators and caching", () => {
  it("an unchanged filtered feed answers 304; its entity tag differs from the unfiltered feed's", async () => {
    const path = `/rss.xml?filter=${enc("南开")}`;
    const first = await get(path);
    const etag = first.headers.get("etag") as string;
    expect(etag).toMatch(/^"[0-9a-f]+"$/);
    expect((await get("/rss.xml")).headers.get("etag")).not.toBe(etag);
    const again = await get(path, { headers: { "If-None-Match": etag } });
    expect(again.status).toBe(304);
    // The site's policy, private to readers' caches while subscriber counts are on (issue 23).
    expect(first.headers.get("cache-control")).toBe("private, max-age=300");
  });

  it("a time filter is short-lived: what it holds changes as time passes", async () => {
    const all = await get("/feed.json?filter_time=2000000000");
    expect(all.headers.get("cache-control")).toBe("private, max-age=60");
    expect(((await all.json()) as { items: unknown[] }).items).toHaveLength(index.articles.length);
    // Every sample article is older than a second.
    const none = await get("/feed.json?filter_time=1");
    expect(((await none.json()) as { items: unknown[] }).items).toEqual([]);
  });

  it("a person opening a filtered feed sees its page with the filters in words and its own URL", async () => {
    const path = `/rss.xml?filter=${enc("南开")}&filterout=${enc("华为")}`;
    const res = await get(path, { headers: { "Sec-Fetch-Dest": "document" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/html");
    const html = await res.text();
    expect(html).toContain("筛选条件：含南开；不含华为");
    expect(html).toContain(`value="${ORIGIN}/rss.xml?filter=%E5%8D%97%E5%BC%80&amp;filterout=%E5%8D%8E%E4%B8%BA"`);
    const shown = idsWhere((a) => `${a.title}${a.summary || a.title}`.includes("南开") && !`${a.title}${a.summary || a.title}`.includes("华为"));
    for (const [slug, id] of ID_OF) if (html.includes(`/posts/${enc(slug)}/"`)) expect(shown).toContain(id);
    expect(res.headers.get("etag")).not.toBe((await get(path)).headers.get("etag"));
  });
});
