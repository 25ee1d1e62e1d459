/**
 * Issue 2: every route, every format, the seed article end to end, tag and category
 * selection, 404 and 400 cases. Runs in workerd against the bundled sample content.
 */
import { parseAtomFeed, parseJsonFeed, parseRssFeed } from "feedsmith";
import { describe, expect, it } from "vitest";
import { termPath } from "../../src/feed/urls.ts";
import { contentIndex, get, ORIGIN, parseXml, SEED } from "./helpers.ts";
import { one, query } from "./people-helpers.ts";

const index = contentIndex();
const seedPermalink = `${ORIGIN}/posts/${SEED.slug}/`;
const enc = encodeURIComponent;

/** Titles of the non-draft articles carrying `tag` (by key), newest first, straight from the index. */
function expectedTitles(kind: "tags" | "categories", key: string): string[] {
  return index.articles.filter((a) => a[kind].some((n) => n.normalize("NFC").toLowerCase() === key)).map((a) => a.title);
}

const FEEDS = [
  { file: "rss.xml", type: "application/rss+xml; charset=utf-8" },
  { file: "atom.xml", type: "application/atom+xml; charset=utf-8" },
  { file: "feed.json", type: "application/feed+json; charset=utf-8" },
] as const;

/** Item titles, links and dates of a feed body, through feedsmith (an independent parser). */
/** Text of an Atom text construct; `type="html"` is decoded as HTML (RFC 4287 section 3.1.1.2). */
function atomText(text: unknown): string | undefined {
  if (text === undefined) return undefined;
  const { type, value } = text as { type?: string; value?: string };
  const entities: Record<string, string> = { "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'", "&amp;": "&" };
  return type === "html" ? (value ?? "").replace(/&(?:lt|gt|quot|#39|amp);/g, (e) => entities[e] ?? e) : value;
}

type ReadItem = Record<"title" | "link" | "date" | "id" | "content" | "summary", string | undefined>;
function readFeed(file: string, body: string): { title: string; items: ReadItem[] } {
  if (file === "rss.xml") {
    const feed = parseRssFeed(body);
    return {
      title: feed.title ?? "",
      items: (feed.items ?? []).map((i) => ({ title: i.title, link: i.link, date: i.pubDate, id: i.guid?.value, content: i.content?.encoded, summary: i.description })),
    };
  }
  if (file === "atom.xml") {
    const feed = parseAtomFeed(body);
    return {
      title: atomText(feed.title) ?? "",
      items: (feed.entries ?? []).map((e) => ({
        title: atomText(e.title),
        link: e.links?.[0]?.href,
        date: e.published,
        id: e.id,
        content: atomText(e.content),
        summary: atomText(e.summary),
      })),
    };
  }
  const feed = parseJsonFeed(body);
  return {
    title: feed.title ?? "",
    items: (feed.items ?? []).map((i) => ({ title: i.title, link: i.url, date: i.date_published, id: i.id, content: i.content_html, summary: i.summary })),
  };
}

describe("site-wide feeds", () => {
  it.each(FEEDS)("$file: 200, exact content type, parses, newest first", async ({ file, type }) => {
    const res = await get(`/${file}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe(type);
    const body = await res.text();
    if (file !== "feed.json") parseXml(body);
    const feed = readFeed(file, body);
    expect(feed.items.map((i) => i.title)).toEqual(index.articles.slice(0, 20).map((a) => a.title));
    const dates = feed.items.map((i) => Date.parse(i.date ?? ""));
    expect(dates.every((d) => !Number.isNaN(d))).toBe(true);
    expect([...dates].sort((a, b) => b - a)).toEqual(dates);
  });

  it.each(FEEDS)("$file: the seed article round-trips", async ({ file }) => {
    const feed = readFeed(file, await (await get(`/${file}?limit=100`)).text());
    const seed = feed.items.find((i) => i.link === seedPermalink);
    expect(seed?.title).toBe(SEED.title);
    // 2022-05-24 01:21:51.031874 in Asia/Shanghai; RFC 822 dates in RSS have whole seconds.
    const published = Date.parse(SEED.published);
    expect(Date.parse(seed?.date ?? "")).toBe(file === "rss.xml" ? Math.floor(published / 1000) * 1000 : published);
    expect(seed?.content).toContain(SEED.sentence);
    expect(seed?.summary?.endsWith(SEED.summaryEnd)).toBe(true);
  });

  it("JSON Feed has the 1.1 required fields and types", async () => {
    const feed = (await (await get("/feed.json")).json()) as Record<string, any>;
    expect(feed.version).toBe("https://jsonfeed.org/version/1.1");
    expect(typeof feed.title).toBe("string");
    expect(feed.home_page_url).toBe(`${ORIGIN}/`);
    expect(feed.feed_url).toBe(`${ORIGIN}/feed.json`);
    expect(feed.language).toBe("zh-CN");
    expect(feed.authors).toEqual([{ name: "Edge Feeds" }]);
    expect(feed.author).toBeUndefined();
    for (const item of feed.items) {
      expect(typeof item.id).toBe("string");
      expect(typeof item.content_html).toBe("string");
      expect(item.url).toMatch(/^https:\/\/feeds\.example\/posts\/[^/]+\/$/);
      expect(new Date(item.date_published).toISOString()).toBe(item.date_published);
      expect(Array.isArray(item.authors)).toBe(true);
      expect(item.author).toBeUndefined();
    }
    const seed = (await (await get("/feed.json?limit=100")).json()) as Record<string, any>;
    const item = seed.items.find((i: any) => i.url === seedPermalink);
    expect(item.date_published).toBe(SEED.published);
    expect(item.tags).toEqual([SEED.tag]);
    expect(item.image).toBe("http://news.nankai.edu.cn/ywsd/system/2022/05/20/g");
  });

  it("RSS and Atom carry self, alternates, the WebSub hub, language and updated from the newest item", async () => {
    const rss = parseXml(await (await get("/rss.xml")).text()).rss.channel;
    expect(rss["atom:link"].map((l: any) => [l["@rel"], l["@href"], l["@type"]])).toEqual([
      ["self", `${ORIGIN}/rss.xml`, "application/rss+xml"],
      ["alternate", `${ORIGIN}/atom.xml`, "application/atom+xml"],
      ["alternate", `${ORIGIN}/feed.json`, "application/feed+json"],
      // RFC 5005: the newest archive page (14 sample articles, 5 a page: wrangler.toml).
      ["prev-archive", `${ORIGIN}/archive/3/rss.xml`, "application/rss+xml"],
      // Issue 14: the built-in hub (WEBSUB_HUB = "on" in wrangler.toml).
      ["hub", `${ORIGIN}/websub`, undefined],
    ]);
    expect(rss.language).toBe("zh-CN");
    const newest = index.articles.reduce((m, a) => (a.updated > m ? a.updated : m), "");
    expect(new Date(rss.lastBuildDate).getTime()).toBe(Math.floor(Date.parse(newest) / 1000) * 1000);
    const atom = parseXml(await (await get("/atom.xml")).text()).feed;
    expect(atom["@xml:lang"]).toBe("zh-CN");
    expect(atom.updated).toBe(newest);
    expect(atom.link.map((l: any) => [l["@rel"], l["@href"]])).toEqual([
      ["alternate", `${ORIGIN}/`],
      ["self", `${ORIGIN}/atom.xml`],
      ["alternate", `${ORIGIN}/rss.xml`],
      ["alternate", `${ORIGIN}/feed.json`],
      ["prev-archive", `${ORIGIN}/archive/3/atom.xml`],
      ["hub", `${ORIGIN}/websub`],
    ]);
  });

  it("limit selects the newest N and goes into the self link", async () => {
    const rss = parseXml(await (await get("/rss.xml?limit=3")).text()).rss.channel;
    expect(rss.item.map((i: any) => i.title)).toEqual(index.articles.slice(0, 3).map((a) => a.title));
    expect(rss["atom:link"][0]["@href"]).toBe(`${ORIGIN}/rss.xml?limit=3`);
  });

  it("relative links and images in content are absolute", async () => {
    const json = (await (await get("/feed.json?limit=100")).json()) as { items: { content_html: string }[] };
    const urls = json.items.flatMap((i) => [...i.content_html.matchAll(/ (?:href|src)="([^"]*)"/g)].map((m) => m[1] ?? ""));
    expect(urls.length).toBeGreaterThan(10);
    for (const url of urls) expect(url).toMatch(/^https?:\/\//);
    expect(urls).toContain(`${ORIGIN}/posts/typescript-on-cloudflare-workers/images/diagram.png`);
    expect(urls).toContain(`${ORIGIN}/static/logo.svg`);
    expect(urls).toContain(`${ORIGIN}/posts/hello-world/`);
  });
});

describe("tag and category feeds", () => {
  const terms = (["tags", "categories"] as const).flatMap((kind) => Object.entries(index[kind]).map(([key, term]) => ({ kind, key, name: term.name })));

  it.each(terms)("$kind/$name: exactly its non-draft articles, newest first, in every format", async ({ kind, key, name }) => {
    for (const { file, type } of FEEDS) {
      const res = await get(`/${kind}/${enc(name)}/${file}?limit=100`);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe(type);
      const feed = readFeed(file, await res.text());
      expect(feed.items.map((i) => i.title)).toEqual(expectedTitles(kind, key));
      expect(feed.title).toBe(`南开新闻精选 · ${kind === "tags" ? "#" : ""}${name}`);
    }
  });

  it("the seed's tag, percent-encoded as UTF-8, holds the seed", async () => {
    const res = await get("/tags/%E5%8D%97%E5%BC%80%E5%A4%A7%E5%AD%A6/rss.xml");
    const feed = readFeed("rss.xml", await res.text());
    expect(feed.items.map((i) => i.link)).toContain(seedPermalink);
    expect(feed.items.length).toBe(5);
  });

  it("lookup is case-insensitive and NFC-normalised; other spellings redirect to the canonical URL", async () => {
    const canonical = await (await get("/tags/typescript/atom.xml")).text();
    for (const spelling of ["TypeScript", "TYPESCRIPT"]) {
      const res = await get(`/tags/${spelling}/atom.xml`, { redirect: "manual" });
      expect([res.status, res.headers.get("location")]).toEqual([301, `${ORIGIN}/tags/typescript/atom.xml`]);
    }
    expect(readFeed("atom.xml", canonical).items.length).toBe(3);
    // "é" decomposed (e + U+0301) is the same key as the composed letter.
    expect(termPath("tags", "Caf\u0065\u0301")).toBe(termPath("tags", "Caf\u00e9"));
    // "Cloudflare Workers" written with a space; the decomposed form of a letter finds its composed tag.
    expect((await get("/tags/cloudflare%20workers/feed.json")).status).toBe(200);
  });

  it("the draft article is in no feed", async () => {
    for (const path of ["/rss.xml?limit=100", "/tags/rss/rss.xml?limit=100", "/categories/notes/rss.xml?limit=100"]) {
      expect(await (await get(path)).text()).not.toContain("DRAFT");
    }
  });
});

describe("indexes and pages", () => {
  it.each(["tags", "categories"] as const)("/%s.json lists every term with its count and three feed URLs", async (kind) => {
    const res = await get(`/${kind}.json`);
    expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
    const list = (await res.json()) as { name: string; count: number; feeds: Record<string, string> }[];
    expect(list.map((t) => t.name).sort()).toEqual(
      Object.values(index[kind])
        .map((t) => t.name)
        .sort(),
    );
    for (const term of list) {
      expect(term.count).toBe(index[kind][term.name.toLowerCase()]?.articles.length);
      for (const [format, file] of [
        ["rss", "rss.xml"],
        ["atom", "atom.xml"],
        ["json", "feed.json"],
      ] as const) {
        expect(term.feeds[format]).toBe(`${ORIGIN}${termPath(kind, term.name)}${file}`);
        expect((await get(new URL(term.feeds[format] ?? "").pathname)).status).toBe(200);
      }
    }
  });

  it("/ names the site, links every feed and autodiscovers the site feeds", async () => {
    const res = await get("/");
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const html = await res.text();
    const alternates = (await query(html, `link[rel="alternate"]`)).map((l) => [l.attrs.type, l.attrs.href]);
    expect(alternates).toEqual([
      ["application/rss+xml", `${ORIGIN}/rss.xml`],
      ["application/atom+xml", `${ORIGIN}/atom.xml`],
      ["application/feed+json", `${ORIGIN}/feed.json`],
    ]);
    const hrefs = new Set((await query(html, "a[href]")).map((a) => a.attrs.href));
    for (const kind of ["tags", "categories"] as const) {
      for (const term of Object.values(index[kind])) expect(hrefs.has(`${ORIGIN}${termPath(kind, term.name)}rss.xml`)).toBe(true);
    }
    expect((await one(html, "h1")).text).toBe("南开新闻精选");
  });
});

describe("bad requests", () => {
  it.each(["0", "-1", "1e3", "abc", "101", "5.5", "", "%20"])("?limit=%s is a 400 that says what is allowed", async (value) => {
    const res = await get(`/rss.xml?limit=${value}`);
    expect(res.status).toBe(400);
    expect(await res.text()).toBe("limit must be a whole number from 1 to 100 (default 20), given at most once, e.g. ?limit=10");
  });

  it("a repeated limit is a 400", async () => {
    expect((await get("/feed.json?limit=5&limit=6")).status).toBe(400);
  });

  it.each(["/tags/no-such-tag/rss.xml", "/categories/nope/feed.json", "/tags/%E5%8D%97/atom.xml", "/posts/nope/", "/nothing-here"])(
    "%s is a 404 with a short plain message",
    async (path) => {
      const res = await get(path);
      expect(res.status).toBe(404);
      expect(res.headers.get("content-type")).toBe("text/plain; charset=UTF-8");
      expect((await res.text()).length).toBeLessThan(120);
    },
  );
});
