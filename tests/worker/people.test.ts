/**
 * Issue 4, through the worker in workerd: OPML lists every feed exactly once, embeds
 * carry a framing-friendly CSP and escape hostile titles, /embed.js is served as is,
 * article and term pages resolve (or not, when SITE_URL names another site), every
 * HTML page has autodiscovery, and feed URLs give people a page and readers the feed.
 * Issue 12: every page and OPML speak the sample site's language (zh-CN).
 */
import { env } from "cloudflare:workers";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { content } from "../../src/content/bundled.ts";
import { termPath } from "../../src/feed/urls.ts";
import { pageStrings } from "../../src/i18n/strings.ts";
import { createApp } from "../../src/index.ts";
import { type FeedFormat, TERM_KINDS, type TermKind } from "../../src/types.ts";
import { EMBED_CSP } from "../../src/views/embed.tsx";
import { EMBED_SCRIPT } from "../../src/views/embed-script.ts";
import { PAGE_CSP } from "../../src/views/html.ts";
import { contentIndex, get, ORIGIN } from "./helpers.ts";
import { one, query } from "./people-helpers.ts";

const index = contentIndex();
const FILES: Record<FeedFormat, string> = { rss: "rss.xml", atom: "atom.xml", json: "feed.json" };
const KINDS = TERM_KINDS;

/** Every term of the bundled content as `{ kind, name }`. */
const TERMS = KINDS.flatMap((kind) => Object.values(index[kind]).map((t) => ({ kind, name: t.name })));

/** Titles of the articles filed under a term, newest first, straight from the index. */
function titlesOf(kind: TermKind, name: string): string[] {
  const term = Object.values(index[kind]).find((t) => t.name === name);
  return (term?.articles ?? []).map((i) => index.articles[i]?.title ?? "");
}

/** The settings the content was built with, and the words of its pages. */
const SETTINGS = content().settings;
const WORDS = pageStrings(SETTINGS.language);

/** The article whose title needs escaping in every format (content/004_escaping-in-feeds.md). */
const ESCAPING = index.articles.find((a) => a.slug === "escaping-in-feeds");

describe("/opml.xml", () => {
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "", isArray: (name) => name === "outline" });
  type Outline = { text: string; type?: string; xmlUrl?: string; htmlUrl?: string; version?: string; outline?: Outline[] };
  const flatten = (outlines: Outline[]): Outline[] => outlines.flatMap((o) => [o, ...flatten(o.outline ?? [])]);

  it.each([
    { query: "", format: "rss" },
    { query: "?format=rss", format: "rss" },
    { query: "?format=atom", format: "atom" },
    { query: "?format=json", format: "json" },
  ] as const)("$query: OPML 2.0, well-formed, every feed exactly once, each one resolves", async ({ query: q, format }) => {
    const res = await get(`/opml.xml${q}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/x-opml; charset=utf-8");
    const xml = await res.text();
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = parser.parse(xml);
    expect(doc.opml.version).toBe("2.0");
    expect(doc.opml.head.docs).toBe("http://opml.org/spec2.opml");
    expect(doc.opml.head.title).toBe(WORDS.opmlTitle(SETTINGS.title));
    const feeds = flatten(doc.opml.body.outline).filter((o) => o.xmlUrl !== undefined);
    const expected = [`${ORIGIN}/${FILES[format]}`, ...TERMS.map((t) => ORIGIN + termPath(t.kind, t.name) + FILES[format])];
    expect(feeds.map((o) => o.xmlUrl).sort()).toEqual(expected.sort());
    expect(new Set(feeds.map((o) => o.xmlUrl)).size).toBe(feeds.length);
    for (const feed of feeds) {
      expect(feed.type).toBe("rss");
      expect(feed.version).toBe(format === "rss" ? "RSS" : undefined);
      expect(feed.text).not.toBe("");
      const body = await get((feed.xmlUrl ?? "").slice(ORIGIN.length));
      expect(body.status, feed.xmlUrl).toBe(200);
      await body.arrayBuffer();
    }
    // Folders hold only subscriptions, one per term of that kind.
    const folders = (doc.opml.body.outline as Outline[]).filter((o) => o.xmlUrl === undefined);
    expect(folders.map((f) => [f.text, f.outline?.length])).toEqual([
      [WORDS.kinds.tags.many, Object.keys(index.tags).length],
      [WORDS.kinds.categories.many, Object.keys(index.categories).length],
      [WORDS.kinds.authors.many, Object.keys(index.authors).length],
    ]);
  });

  it.each(["xml", "", "RSS", "rss&format=atom"])("?format=%s is a 400 that lists the formats", async (value) => {
    const res = await get(`/opml.xml?format=${value}`);
    expect(res.status).toBe(400);
    expect(await res.text()).toBe("format must be one of rss, atom, json (default rss), given at most once, e.g. ?format=atom");
  });

  it("formats are separate representations with their own ETags", async () => {
    const tags = await Promise.all(["", "?format=atom", "?format=json"].map(async (q) => (await get(`/opml.xml${q}`)).headers.get("etag")));
    expect(new Set(tags).size).toBe(3);
  });
});

describe("/embed/:scope", () => {
  const scopes = [
    { path: "/embed/site", titles: index.articles.map((a) => a.title) },
    ...TERMS.map((t) => ({ path: `/embed${termPath(t.kind, t.name).slice(0, -1)}`, titles: titlesOf(t.kind, t.name) })),
  ];

  it.each(scopes)("$path: HTML for an iframe, latest items, frameable CSP, no script", async ({ path, titles }) => {
    const res = await get(path);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(res.headers.get("content-security-policy")).toBe(EMBED_CSP);
    expect(res.headers.get("x-frame-options")).toBeNull();
    const html = await res.text();
    expect((await query(html, "li a.t")).map((a) => a.text)).toEqual(titles.slice(0, 5));
    expect(await query(html, "script")).toEqual([]);
    for (const a of await query(html, "a")) {
      expect(a.attrs.target).toBe("_blank");
      expect(a.attrs.rel).toBe("noopener");
    }
    expect(await query(html, `link[rel="alternate"]`)).toHaveLength(3);
  });

  it("the CSP lets any site frame the embed and runs no script", async () => {
    const csp = (await get("/embed/site")).headers.get("content-security-policy") ?? "";
    const directives = new Map(
      csp.split(";").map((d) => {
        const [name, ...values] = d.trim().split(/\s+/);
        return [name, values];
      }),
    );
    expect(directives.get("frame-ancestors")).toEqual(["*"]);
    expect(directives.get("default-src")).toEqual(["'none'"]);
    expect(directives.has("script-src")).toBe(false);
  });

  it.each([
    { q: "?limit=2", items: 2, theme: undefined },
    { q: "?limit=50", items: index.articles.length, theme: undefined },
    { q: "?theme=dark", items: 5, theme: "dark" },
    { q: "?theme=light&limit=1", items: 1, theme: "light" },
    { q: "?theme=auto", items: 5, theme: undefined },
  ])("$q -> $items items, theme class $theme", async ({ q, items, theme }) => {
    const html = await (await get(`/embed/site${q}`)).text();
    expect(await query(html, "li")).toHaveLength(items);
    expect((await one(html, "html")).attrs.class).toBe(theme);
  });

  it.each(["?limit=0", "?limit=51", "?limit=x", "?theme=blue", "?theme=dark&theme=light"])("%s is a 400", async (q) => {
    const res = await get(`/embed/site${q}`);
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/^(limit|theme) must be /);
  });

  it.each(["/embed/tags/no-such-tag", "/embed/authors/x", "/embed/"])("%s is a 404", async (path) => {
    expect((await get(path)).status).toBe(404);
  });

  it("a title full of markup is shown as text", async () => {
    expect(ESCAPING).toBeDefined();
    const html = await (await get("/embed/tags/xml")).text();
    expect((await query(html, "li a.t")).map((a) => a.text)).toEqual([ESCAPING?.title]);
    expect(await query(html, "tags")).toEqual([]);
  });

  it("theme and limit are part of the ETag; a revalidation is a 304 with the CSP", async () => {
    const a = await get("/embed/site?theme=dark");
    const b = await get("/embed/site?theme=light");
    expect(a.headers.get("etag")).not.toBe(b.headers.get("etag"));
    const again = await get("/embed/site?theme=dark", { headers: { "If-None-Match": a.headers.get("etag") ?? "" } });
    expect(again.status).toBe(304);
    expect(again.headers.get("content-security-policy")).toBe(EMBED_CSP);
  });
});

describe("/embed.js", () => {
  it("serves the script byte for byte, cacheable, with its size stated", async () => {
    const res = await get("/embed.js");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(res.headers.get("cache-control")).toMatch(/^public, max-age=\d+/);
    const body = await res.text();
    expect(body).toBe(EMBED_SCRIPT);
    expect(Number(res.headers.get("content-length"))).toBeLessThan(4096);
  });

  it("the JSON Feed it reads is readable cross-origin", async () => {
    const res = await get("/tags/rss/feed.json?limit=5", { headers: { Origin: "http://localhost:8000" } });
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect((await res.json<{ items: unknown[] }>()).items.length).toBeGreaterThan(0);
  });
});

describe("article pages", () => {
  it.each(index.articles.map((a) => ({ slug: a.slug, article: a })))("/posts/$slug/ resolves", async ({ article }) => {
    const res = await get(article.path);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    // Frames only from the players an article may embed (wrangler.toml IFRAME_HOSTS), issue 11.
    expect(res.headers.get("content-security-policy")).toBe(
      `${PAGE_CSP}; frame-src https://www.youtube.com https://www.youtube-nocookie.com https://player.vimeo.com https://player.bilibili.com`,
    );
    const html = await res.text();
    expect((await one(html, "h1")).text).toBe(article.title);
    expect((await query(html, "article time"))[0]?.attrs.datetime).toBe(article.published);
    expect((await query(html, `a[rel="tag"]`)).map((a) => a.attrs.href)).toEqual(article.tags.map((t) => ORIGIN + termPath("tags", t)));
    expect(await query(html, `link[rel="alternate"]`)).toHaveLength(3);
    expect(await query(html, "div.content > *")).not.toEqual([]);
  });

  it("an unknown slug is a 404", async () => {
    expect((await get("/posts/no-such-article/")).status).toBe(404);
  });

  const app = createApp();
  const post = index.articles[0]?.path ?? "";
  it.each([
    { SITE_URL: "", status: 200, links: ORIGIN },
    { SITE_URL: ORIGIN, status: 200, links: ORIGIN },
    { SITE_URL: "https://blog.example.org", status: 404, links: "https://blog.example.org" },
  ])("SITE_URL=$SITE_URL: article page $status, permalinks on $links", async ({ SITE_URL, status, links }) => {
    const vars = { ...env, SITE_URL };
    expect((await app.request(ORIGIN + post, {}, vars)).status).toBe(status);
    // Term pages are still served and link each article to its permalink.
    const page = await (await app.request(`${ORIGIN}/tags/rss/`, {}, vars)).text();
    const first = (await query(page, "ol.items h3 a"))[0]?.attrs.href ?? "";
    expect(first.startsWith(`${links}/posts/`)).toBe(true);
  });
});

describe("tag and category pages", () => {
  it.each(TERMS)("/$kind/$name/ lists its articles and links its feeds", async ({ kind, name }) => {
    const res = await get(termPath(kind, name));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-security-policy")).toBe(PAGE_CSP);
    const html = await res.text();
    expect((await query(html, "ol.items h3")).map((h) => h.text)).toEqual(titlesOf(kind, name));
    const feeds = ["rss.xml", "atom.xml", "feed.json"].map((f) => ORIGIN + termPath(kind, name) + f);
    expect((await query(html, `link[rel="alternate"]`)).map((l) => l.attrs.href)).toEqual(feeds);
    const links = (await query(html, "a[type]")).map((a) => a.attrs.href);
    for (const feed of feeds) expect(links).toContain(feed);
  });
});

describe("autodiscovery on every HTML page", () => {
  it.each([
    { path: "/", feeds: "/" },
    { path: "/posts/hello-world/", feeds: "/" },
    { path: "/tags/rss/", feeds: "/tags/rss/" },
    { path: "/categories/tech/", feeds: "/categories/tech/" },
    { path: "/embed/tags/rss", feeds: "/tags/rss/" },
    { path: "/rss.xml?view=html", feeds: "/" },
    { path: "/tags/rss/feed.json?view=html", feeds: "/tags/rss/" },
  ])("$path links its own feeds", async ({ path, feeds }) => {
    const html = await (await get(path)).text();
    const links = await query(html, `link[rel="alternate"]`);
    expect(links.map((l) => l.attrs.href).sort()).toEqual(["atom.xml", "feed.json", "rss.xml"].map((f) => ORIGIN + feeds + f).sort());
    expect(links.map((l) => l.attrs.type).sort()).toEqual(["application/atom+xml", "application/feed+json", "application/rss+xml"]);
  });
});

describe("browser view of every feed", () => {
  const feeds = [{ dir: "/", titles: index.articles.map((a) => a.title) }, ...TERMS.map((t) => ({ dir: termPath(t.kind, t.name), titles: titlesOf(t.kind, t.name) }))].flatMap(
    (scope) => (Object.values(FILES) as string[]).map((file) => ({ path: scope.dir + file, titles: scope.titles })),
  );

  it.each(feeds)("$path: a navigation gets the page, a reader the feed itself", async ({ path, titles }) => {
    const reader = await get(path);
    const feedBytes = await reader.arrayBuffer();
    const page = await get(path, { headers: { "Sec-Fetch-Dest": "document", "Sec-Fetch-Mode": "navigate" } });
    expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(page.headers.get("vary")).toContain("Sec-Fetch-Dest");
    const html = await page.text();
    expect((await query(html, "ol.items h3")).map((h) => h.text)).toEqual(titles.slice(0, 20));
    expect((await one(html, "input#feed-url")).attrs.value).toBe(ORIGIN + path);
    expect((await get(path, { headers: { "Sec-Fetch-Dest": "empty" } })).headers.get("content-type")).toBe(reader.headers.get("content-type"));
    expect(await (await get(path)).arrayBuffer()).toEqual(feedBytes);
    expect(page.headers.get("etag")).not.toBe(reader.headers.get("etag"));
  });

  it("a hostile-looking title is text on the feed page", async () => {
    const html = await (await get("/tags/xml/rss.xml?view=html")).text();
    expect((await query(html, "ol.items h3")).map((h) => h.text)).toEqual([ESCAPING?.title]);
    expect(await query(html, "tags")).toEqual([]);
  });
});

describe("pages speak the site's language", () => {
  it("the sample site is zh-CN, and its pages use the zh-CN table", () => {
    expect(SETTINGS.language).toBe("zh-CN");
    expect(WORDS).toBe(pageStrings("zh-CN"));
  });

  it.each(["/", "/tags/rss/", "/categories/tech/", "/posts/hello-world/", "/rss.xml?view=html", "/embed/site"])("%s: <html lang> is the site's language", async (path) => {
    expect((await one(await (await get(path)).text(), "html")).attrs.lang).toBe(SETTINGS.language);
  });

  it("home page: headings and labels", async () => {
    const html = await (await get("/")).text();
    expect((await query(html, "h2")).map((h) => h.text)).toEqual([
      WORDS.subscribe,
      WORDS.kinds.tags.many,
      WORDS.kinds.categories.many,
      WORDS.kinds.authors.many,
      WORDS.latestArticles,
    ]);
    expect((await query(html, ".box p"))[0]?.text).toBe(`${WORDS.wholeSite}${WORDS.colon}RSS · Atom · JSON Feed`);
  });

  it("feed page: what it is, how to subscribe, the copy button", async () => {
    const html = await (await get("/tags/rss/atom.xml?view=html")).text();
    expect((await one(html, "title")).text).toBe(WORDS.feedPageTitle(`${SETTINGS.title} · #rss`, "Atom"));
    expect((await query(html, "p.muted"))[0]?.text).toBe(WORDS.feedKind("Atom"));
    expect((await one(html, "h2#subscribe")).text).toBe(WORDS.subscribeInReader);
    expect((await one(html, "button[data-copy]")).text).toBe(WORDS.copy);
    expect((await one(html, "details summary")).text).toBe(WORDS.embedHeading);
  });

  it("term pages and article pages: labels", async () => {
    const tag = await (await get("/tags/rss/")).text();
    expect((await one(tag, "h1")).text).toBe(`${WORDS.kinds.tags.one}${WORDS.colon}rss`);
    expect((await one(tag, "p.muted")).text).toBe(WORDS.articleCount(titlesOf("tags", "rss").length));
    const article = await (await get("/posts/hello-world/")).text();
    expect((await one(article, "footer p")).text).toBe(`${WORDS.followSite}${WORDS.colon}RSS · Atom · JSON Feed`);
  });
});
