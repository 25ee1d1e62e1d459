/**
 * Issue 13, Chinese variants over HTTP, in workerd against the bundled sample content
 * (built with CHINESE_VARIANTS unset: `s2t`): every feed of every scope in Traditional
 * script passes the W3C rules and reads back with the original's ids; the language is
 * zh-Hant everywhere; links stay in the variant and keep their URLs; code is left as
 * written; a variant has its own URL, cache key and entity tag; a variant that was not
 * built, or is misspelt, is a 400 naming the built ones; pages, archives, filters and
 * embeds work in the variant too.
 */
import { describe, expect, it } from "vitest";
import { PAGE_STRINGS } from "../../src/i18n/strings.ts";
import type { FeedFormat } from "../../src/types.ts";
import { CHECKS } from "../fixtures/feed-rules.ts";
import { readWithFeedsmith } from "../fixtures/readers.ts";
import { contentIndex, get, ORIGIN, SEED } from "./helpers.ts";
import { one, query } from "./people-helpers.ts";

const index = contentIndex();
const FILES: Record<FeedFormat, string> = { rss: "rss.xml", atom: "atom.xml", json: "feed.json" };
const FORMATS = Object.keys(FILES) as FeedFormat[];
const enc = encodeURIComponent;
const SEED_TAG = `/tags/${enc(SEED.tag)}/`;

async function text(path: string, init?: RequestInit): Promise<{ res: Response; body: string }> {
  const res = await get(path, { redirect: "manual", ...init });
  return { res, body: await res.text() };
}

/** Every subscription feed of the sample content, as the term lists name them. */
async function allFeeds(): Promise<{ label: string; format: FeedFormat; path: string }[]> {
  const folders = ["/"];
  for (const kind of ["tags", "categories", "authors"] as const) {
    const list = (await (await get(`/${kind}.json`)).json()) as { feeds: Record<FeedFormat, string> }[];
    for (const term of list) folders.push(new URL(term.feeds.rss).pathname.replace(/rss\.xml$/, ""));
  }
  return folders.flatMap((folder) => FORMATS.map((format) => ({ label: `${folder} ${format}`, format, path: `${folder}${FILES[format]}` })));
}

const FEEDS = await allFeeds();

describe("every feed in Traditional script (?opencc=s2t)", () => {
  it.each(FEEDS)("$label: zero W3C findings, language zh-Hant, the original's ids in the original's order", async ({ format, path }) => {
    const url = `${path}?opencc=s2t`;
    const { res, body } = await text(url);
    expect(res.status).toBe(200);
    expect(CHECKS[format](body, { location: ORIGIN + url })).toEqual([]);
    const original = readWithFeedsmith(format, (await text(path)).body);
    const variant = readWithFeedsmith(format, body);
    expect(variant.self).toBe(ORIGIN + url);
    expect(variant.items.map((i) => i.id)).toEqual(original.items.map((i) => i.id));
    expect(variant.items.map((i) => i.link)).toEqual(original.items.map((i) => i.link));
    if (format === "json") expect(JSON.parse(body).language).toBe("zh-Hant");
    else if (format === "rss") expect(body).toContain("<language>zh-Hant</language>");
    else expect(body).toContain('xml:lang="zh-Hant"');
  });

  it("converts titles, summaries, text, names and the site's words; never URLs, ids or code", async () => {
    const { body } = await text("/feed.json?limit=100&opencc=s2t");
    const feed = JSON.parse(body) as {
      title: string;
      items: { id: string; url: string; title: string; summary: string; content_html: string; tags?: string[]; authors: { name: string }[] }[];
    };
    expect(feed.title).toBe("南開新聞精選");
    const seed = feed.items.find((i) => i.url.endsWith(`/posts/${SEED.slug}/`));
    expect(seed?.title).toContain("南開大學-華爲技術有限公司");
    expect(seed?.content_html).toContain("王新生表示，南開大學與華爲多年來有着深入廣泛的合作");
    expect(seed?.tags).toContain("南開大學");
    const hackathon = feed.items.find((i) => i.url.endsWith("/posts/nankai-hackathon-2020/"));
    expect(hackathon?.authors).toEqual([{ name: "張三" }]);
    // The code block stays in Simplified script, its surroundings do not.
    expect(hackathon?.content_html).toContain("// 按 code point 截断摘要，不会把 emoji 劈成两半");
    expect(hackathon?.content_html).toContain("<code>Array.from(str)</code>");
    expect(hackathon?.content_html).toContain("有可能把一個 emoji 劈成兩半");
    // URLs and ids are the original's, byte for byte.
    const original = JSON.parse((await text("/feed.json?limit=100")).body) as typeof feed;
    expect(feed.items.map((i) => [i.id, i.url])).toEqual(original.items.map((i) => [i.id, i.url]));
    expect(hackathon?.content_html.match(/(?:href|src)="[^"]*"/g)).toEqual(original.items.find((i) => i.url === hackathon?.url)?.content_html.match(/(?:href|src)="[^"]*"/g));
  });

  it("a term's feed: its name converted, its URLs the original's key, its links in the variant", async () => {
    const { body } = await text(`${SEED_TAG}atom.xml?opencc=s2t`);
    expect(body).toContain("南開大學");
    expect(body).toContain(`<id>${ORIGIN}${SEED_TAG}atom.xml</id>`);
    expect(body).toContain(`<link rel="alternate" type="text/html" href="${ORIGIN}${SEED_TAG}?opencc=s2t"/>`);
    expect(body).toContain(`<link rel="alternate" type="application/rss+xml" href="${ORIGIN}${SEED_TAG}rss.xml?opencc=s2t"/>`);
  });
});

describe("one URL, cache key and entity tag per variant", () => {
  it.each([
    ["/rss.xml?opencc=s2t&limit=5", "/rss.xml?limit=5&opencc=s2t"],
    ["/rss.xml?opencc=s2t&limit=20", "/rss.xml?opencc=s2t"],
    [`/feed.json?opencc=s2t&filter=${enc("南開")}`, `/feed.json?filter=${enc("南開")}&opencc=s2t`],
  ])("%s -> 301 %s", async (from, to) => {
    const { res } = await text(from);
    expect(res.status).toBe(301);
    expect(res.headers.get("location")).toBe(ORIGIN + to);
  });

  it("the variant's entity tag is its own, and answers 304", async () => {
    const original = await get("/atom.xml");
    const variant = await get("/atom.xml?opencc=s2t");
    const tag = variant.headers.get("etag") as string;
    expect(tag).not.toBe(original.headers.get("etag"));
    expect((await get("/atom.xml?opencc=s2t", { headers: { "If-None-Match": tag } })).status).toBe(304);
    expect((await get("/atom.xml", { headers: { "If-None-Match": tag } })).status).toBe(200);
    expect(variant.headers.get("link")).toContain(`<${ORIGIN}/atom.xml?opencc=s2t>; rel="self"`);
  });

  it.each([
    ["/rss.xml?opencc=s2hk", "opencc must be one of s2t"],
    ["/rss.xml?opencc=zh-TW", "opencc must be one of s2t"],
    ["/rss.xml?opencc=", "opencc must be one of s2t"],
    ["/rss.xml?opencc=s2t&opencc=s2t", "given at most once"],
    ["/archive/1/rss.xml?opencc=t2s", "s2tw, s2hk, t2s, tw2s, hk2s are not built here"],
    ["/?opencc=s2tw", "opencc must be one of s2t"],
    [`${SEED_TAG}?opencc=S2T`, "opencc must be one of s2t"],
    ["/embed/site?opencc=x", "opencc must be one of s2t"],
  ])("%s: 400", async (path, message) => {
    const { res, body } = await text(path);
    expect(res.status).toBe(400);
    expect(body).toContain(message);
  });
});

describe("archives, filters and pages in the variant", () => {
  it("an archive page links its neighbours and the subscription document within the variant", async () => {
    const { res, body } = await text("/archive/2/rss.xml?opencc=s2t");
    expect(res.status).toBe(200);
    expect(CHECKS.rss(body, { location: `${ORIGIN}/archive/2/rss.xml?opencc=s2t` })).toEqual([]);
    for (const href of [`${ORIGIN}/archive/1/rss.xml?opencc=s2t`, `${ORIGIN}/archive/3/rss.xml?opencc=s2t`, `${ORIGIN}/rss.xml?opencc=s2t`])
      expect(body).toContain(`href="${href}"`);
  });

  it("filters match the variant's text", async () => {
    const traditional = readWithFeedsmith("rss", (await text(`/rss.xml?filter=${enc("南開")}&opencc=s2t`)).body);
    const simplified = readWithFeedsmith("rss", (await text(`/rss.xml?filter=${enc("南开")}`)).body);
    expect(traditional.items.length).toBeGreaterThan(0);
    expect(traditional.items.map((i) => i.id)).toEqual(simplified.items.map((i) => i.id));
    expect(traditional.title).toContain("（含南開）");
  });

  it("the home page: zh-Hant, Traditional words, terms converted and linked by their original key within the variant", async () => {
    const { res, body } = await text("/?opencc=s2t");
    expect(res.status).toBe(200);
    expect((await one(body, "html")).attrs.lang).toBe("zh-Hant");
    expect((await one(body, "h1")).text).toBe("南開新聞精選");
    expect(body).toContain(PAGE_STRINGS["zh-TW"].latestArticles);
    const links = await query(body, "a");
    const tag = links.find((a) => a.text === "南開大學" && a.attrs.href?.startsWith(`${ORIGIN}/tags/`));
    expect(tag?.attrs.href).toBe(`${ORIGIN}${SEED_TAG}?opencc=s2t`);
    const alternates = (await query(body, 'link[rel="alternate"]')).map((l) => l.attrs.href);
    expect(alternates).toContain(`${ORIGIN}/rss.xml?opencc=s2t`);
  });

  it("an article page: its text converted, its code not, its canonical URL the variant's", async () => {
    const { res, body } = await text("/posts/nankai-hackathon-2020/?opencc=s2t");
    expect(res.status).toBe(200);
    expect((await one(body, "html")).attrs.lang).toBe("zh-Hant");
    expect((await one(body, "h1")).text).toContain("南開大學 Hackathon 2020");
    expect((await one(body, "pre code")).text).toContain("// 按 code point 截断摘要，不会把 emoji 劈成两半");
    expect((await one(body, 'link[rel="canonical"]')).attrs.href).toBe(`${ORIGIN}/posts/nankai-hackathon-2020/?opencc=s2t`);
    const author = (await query(body, 'a[rel="author"]'))[0];
    expect(author).toMatchObject({ text: "張三", attrs: { href: `${ORIGIN}/authors/${enc("张三")}/?opencc=s2t` } });
  });

  it("the OPML list: the variant's feeds, its names converted (made at build time)", async () => {
    const { res, body } = await text("/opml.xml?opencc=s2t");
    expect(res.status).toBe(200);
    expect(body).toContain(`xmlUrl="${ORIGIN}${SEED_TAG}rss.xml?opencc=s2t"`);
    expect(body).toContain("南開大學");
    expect(body).not.toContain("edge-feeds-origin.invalid");
  });

  it("a term page, its archive page, an embed and a feed's browser view", async () => {
    const term = await text(`${SEED_TAG}?opencc=s2t`);
    expect((await one(term.body, "h1")).text).toContain("南開大學");
    // 6 articles in category "notes", 5 to a page (wrangler.toml): two pages.
    const archive = await text("/categories/notes/archive/1/?opencc=s2t");
    expect(archive.res.status).toBe(200);
    expect((await query(archive.body, 'a[rel="next"]'))[0]?.attrs.href).toBe(`${ORIGIN}/categories/notes/archive/2/?opencc=s2t`);
    expect((await one(archive.body, "html")).attrs.lang).toBe("zh-Hant");
    const embed = await text("/embed/site?opencc=s2t&limit=3");
    expect((await one(embed.body, "html")).attrs.lang).toBe("zh-Hant");
    expect((await query(embed.body, "li a")).every((a) => a.attrs.href?.endsWith("?opencc=s2t"))).toBe(true);
    const view = await text("/rss.xml?opencc=s2t", { headers: { "Sec-Fetch-Dest": "document" } });
    expect(view.res.headers.get("content-type")).toContain("text/html");
    expect((await one(view.body, "#feed-url")).attrs.value).toBe(`${ORIGIN}/rss.xml?opencc=s2t`);
    expect(view.body).toContain(PAGE_STRINGS["zh-TW"].subscribeInReader);
  });
});

it("the sample content has articles in Simplified script to convert", () => {
  expect(index.articles.filter((a) => a.title.includes("南开")).length).toBeGreaterThan(3);
});
