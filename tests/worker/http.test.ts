/**
 * Issue 5: validators and conditional GET, cache headers, methods, CORS, errors,
 * canonical URLs, query canonicalisation and the response cache. In workerd.
 */
import { env } from "cloudflare:workers";
import { Hono } from "hono";
import { afterEach, describe, expect, it, vi } from "vitest";
import { content } from "../../src/content/bundled.ts";
import { archivePageCount } from "../../src/content/layout.ts";
import { termPath } from "../../src/feed/urls.ts";
import { KEY_HEADER, remember, replay } from "../../src/http/cache.ts";
import { ifNoneMatchMatches } from "../../src/http/conditional.ts";
import { ByteLru } from "../../src/http/lru.ts";
import { serve } from "../../src/http/respond.ts";
import { readSite } from "../../src/http/site.ts";
import { createApp } from "../../src/index.ts";
import { selectable } from "../fixtures/library.ts";
import { findScope, renderFeed, selectArticles } from "../fixtures/oracle.ts";
import { contentIndex, get, ORIGIN } from "./helpers.ts";

const FEED_PATHS = ["/rss.xml", "/atom.xml", "/feed.json"];
const ALL_FEEDS = (["tags", "categories"] as const)
  .flatMap((kind) => Object.values(contentIndex()[kind]).map((t) => termPath(kind, t.name)))
  .flatMap((dir) => FEED_PATHS.map((f) => dir + f.slice(1)))
  .concat(FEED_PATHS);

async function validators(path: string) {
  const res = await get(path);
  await res.arrayBuffer();
  return { etag: res.headers.get("etag") ?? "", lastModified: res.headers.get("last-modified") ?? "" };
}

describe("validators", () => {
  it("every feed has a strong ETag and Last-Modified = newest item's update", async () => {
    const res = await get("/tags/TypeScript/rss.xml");
    expect(res.headers.get("etag")).toMatch(/^"[0-9a-f]{16}"$/);
    const newest = contentIndex()
      .articles.filter((a) => a.tags.some((t) => t.toLowerCase() === "typescript"))
      .reduce((m, a) => (a.updated > m ? a.updated : m), "");
    expect(res.headers.get("last-modified")).toBe(new Date(newest).toUTCString());
  });

  it("ETags differ between formats, scopes, limits and origins, and repeat exactly", async () => {
    const tags = await Promise.all(["/rss.xml", "/atom.xml", "/rss.xml?limit=5", "/tags/rss/rss.xml"].map(async (p) => (await validators(p)).etag));
    expect(new Set(tags).size).toBe(4);
    expect((await validators("/rss.xml")).etag).toBe(tags[0]);
    const other = await (await createApp().request("https://other.example/rss.xml", {}, env)).headers.get("etag");
    expect(other).not.toBe(tags[0]);
  });

  it("unknown query parameters share the default's body and ETag; ?limit=20 redirects to it", async () => {
    const plain = await get("/rss.xml");
    const body = await plain.text();
    const explicit = await get("/rss.xml?limit=20", { redirect: "manual" });
    expect([explicit.status, explicit.headers.get("location")]).toEqual([301, `${ORIGIN}/rss.xml`]);
    for (const path of ["/rss.xml?utm_source=x", "/rss.xml?x=1&y=2"]) {
      const res = await get(path);
      expect(res.headers.get("etag")).toBe(plain.headers.get("etag"));
      expect(await res.text()).toBe(body);
    }
  });
});

describe("conditional GET (RFC 9110 section 13)", () => {
  it.each([
    ["matching ETag", (v: V) => ({ "If-None-Match": v.etag }), 304],
    ["stale ETag", () => ({ "If-None-Match": '"0000000000000000-0000000000000000"' }), 200],
    ["list with the ETag", (v: V) => ({ "If-None-Match": `"a", ${v.etag}, "b"` }), 304],
    ["list without it", () => ({ "If-None-Match": '"a", "b"' }), 200],
    ["*", () => ({ "If-None-Match": "*" }), 304],
    ["weak form of the ETag", (v: V) => ({ "If-None-Match": `W/${v.etag}` }), 304],
    ["If-Modified-Since = Last-Modified", (v: V) => ({ "If-Modified-Since": v.lastModified }), 304],
    ["If-Modified-Since after", (v: V) => ({ "If-Modified-Since": new Date(Date.parse(v.lastModified) + 60_000).toUTCString() }), 304],
    ["If-Modified-Since before", (v: V) => ({ "If-Modified-Since": new Date(Date.parse(v.lastModified) - 1000).toUTCString() }), 200],
    ["unparsable If-Modified-Since", () => ({ "If-Modified-Since": "yesterday" }), 200],
    ["stale ETag wins over a fresh date", (v: V) => ({ "If-None-Match": '"x"', "If-Modified-Since": v.lastModified }), 200],
    ["matching ETag wins over an old date", (v: V) => ({ "If-None-Match": v.etag, "If-Modified-Since": "Thu, 01 Jan 1970 00:00:00 GMT" }), 304],
    // Issue 21: only RFC 9110's three HTTP-date forms (section 5.6.7), of days that exist; anything else is ignored (section 13.1.3).
    ["If-Modified-Since in the obsolete RFC 850 form", (v: V) => ({ "If-Modified-Since": rfc850Date(Date.parse(v.lastModified)) }), 304],
    ["If-Modified-Since in asctime form", (v: V) => ({ "If-Modified-Since": asctimeDate(Date.parse(v.lastModified)) }), 304],
    ["If-Modified-Since not an HTTP-date: 2100-01-01", () => ({ "If-Modified-Since": "2100-01-01" }), 200],
    ["If-Modified-Since on a day that does not exist: 31 Feb", () => ({ "If-Modified-Since": "Thu, 31 Feb 2026 00:00:00 GMT" }), 200],
    ["If-Modified-Since with the wrong weekday", () => ({ "If-Modified-Since": "Mon, 01 Jan 2100 00:00:00 GMT" }), 200],
    ["If-Modified-Since in lower case", () => ({ "If-Modified-Since": "fri, 01 jan 2100 00:00:00 gmt" }), 200],
    // Entity tags as RFC 9110 section 8.8.3 writes them; a malformed list matches nothing.
    ["the ETag with text after it", (v: V) => ({ "If-None-Match": `${v.etag}x` }), 200],
    ["the ETag with W/ twice", (v: V) => ({ "If-None-Match": `W/W/${v.etag}` }), 200],
    ["the ETag twice without a comma", (v: V) => ({ "If-None-Match": `${v.etag} ${v.etag}` }), 200],
    ["the ETag after empty list elements", (v: V) => ({ "If-None-Match": ` , ,${v.etag}` }), 304],
  ])("%s -> %i", async (_name, headers, status) => {
    for (const path of ["/atom.xml", "/tags/rss/feed.json", "/tags.json", "/"]) {
      const v = await validators(path);
      const res = await get(path, { headers: headers(v) as Record<string, string> });
      expect(res.status).toBe(status);
      const body = await res.text();
      expect(res.headers.get("etag")).toBe(v.etag);
      expect(res.headers.get("last-modified")).toBe(v.lastModified);
      if (status === 304) {
        expect(body).toBe("");
        // Issue 23: with subscriber counts on (the default), feeds are private to readers' caches; 304s repeat it.
        expect(res.headers.get("cache-control")).toBe(path.endsWith(".xml") || path.endsWith("feed.json") ? "private, max-age=300" : PUBLIC_CACHING);
        expect(res.headers.get("access-control-allow-origin")).toBe("*");
      }
    }
  });

  it("a reader polling every feed twice gets only 304s the second time", async () => {
    const first = await Promise.all(ALL_FEEDS.map(async (path) => ({ path, ...(await validators(path)) })));
    expect(first.length).toBeGreaterThan(60);
    for (const { path, etag, lastModified } of first) {
      const res = await get(path, { headers: { "If-None-Match": etag, "If-Modified-Since": lastModified } });
      expect([path, res.status, await res.text()]).toEqual([path, 304, ""]);
    }
  }, 30_000);
});
type V = { etag: string; lastModified: string };

const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

/** `time` as RFC 850 wrote dates (RFC 9110 section 5.6.7): `Sunday, 06-Nov-94 08:49:37 GMT`. */
function rfc850Date(time: number): string {
  const [, day, month, year, clock] = new Date(time).toUTCString().split(" ") as string[];
  return `${DAYS[new Date(time).getUTCDay()]}, ${day}-${month}-${year?.slice(2)} ${clock} GMT`;
}

/** `time` as ANSI C's asctime() writes it: `Sun Nov  6 08:49:37 1994`. */
function asctimeDate(time: number): string {
  const [weekday, day, month, year, clock] = new Date(time).toUTCString().replace(",", "").split(" ") as string[];
  return `${weekday} ${month} ${String(Number(day)).padStart(2, " ")} ${clock} ${year}`;
}

/** `Cache-Control` of everything cacheable but feeds while counting is on, and of feeds when it is off. */
const PUBLIC_CACHING = "public, max-age=300, s-maxage=600, stale-while-revalidate=86400";

describe("headers", () => {
  it("feeds carry the exact cache, CORS and safety headers", async () => {
    const res = await get("/categories/tech/atom.xml", { headers: { Origin: "https://elsewhere.example" } });
    expect(Object.fromEntries([...res.headers].filter(([k]) => k !== "etag" && k !== "last-modified"))).toEqual({
      "access-control-allow-origin": "*",
      // Issue 14: the WebSub discovery header, readable by scripts on other sites.
      "access-control-expose-headers": "ETag,Last-Modified,Link",
      // Issue 23: subscriber counts are on, so no shared cache may answer a poll the worker would not count.
      "cache-control": "private, max-age=300",
      "content-length": String((await res.arrayBuffer()).byteLength),
      "content-type": "application/atom+xml; charset=utf-8",
      link: `<${ORIGIN}/websub>; rel="hub", <${ORIGIN}/categories/tech/atom.xml>; rel="self"`,
      vary: "Accept-Encoding, Sec-Fetch-Dest",
      "x-content-type-options": "nosniff",
    });
  });

  it("a browser navigation gets the feed's HTML page; readers get the feed; never the same ETag", async () => {
    const reader = await get("/tags/rss/atom.xml");
    const readerBody = await reader.text();
    const navigation = await get("/tags/rss/atom.xml", { headers: { "Sec-Fetch-Dest": "document", "Sec-Fetch-Mode": "navigate" } });
    const viewed = await get("/tags/rss/atom.xml?view=html");
    const fetched = await get("/tags/rss/atom.xml", { headers: { "Sec-Fetch-Dest": "empty" } });
    expect(navigation.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(navigation.headers.get("content-security-policy")).toMatch(/default-src 'none'/);
    expect(navigation.headers.get("vary")).toBe("Accept-Encoding, Sec-Fetch-Dest");
    const page = await navigation.text();
    expect(page).toMatch(/^<!doctype html>/);
    expect(await viewed.text()).toBe(page);
    expect(await fetched.text()).toBe(readerBody);
    expect(navigation.headers.get("etag")).not.toBe(reader.headers.get("etag"));
    expect(viewed.headers.get("etag")).toBe(navigation.headers.get("etag"));
    // A reader revalidating with the page's ETag must not get a 304 for the feed.
    const revalidate = await get("/tags/rss/atom.xml", { headers: { "If-None-Match": navigation.headers.get("etag") ?? "" } });
    expect(revalidate.status).toBe(200);
    expect(await revalidate.text()).toBe(readerBody);
  });

  it.each(["xml", "", "HTML"])("?view=%s is a 400 that says what is allowed", async (value) => {
    const res = await get(`/rss.xml?view=${value}`);
    expect(res.status).toBe(400);
    expect(await res.text()).toBe("view must be html (the browser page of a feed), given at most once, e.g. ?view=html");
  });

  it.each(["/rss.xml", "/tags/rss/feed.json", "/tags.json", "/categories.json", "/", "/posts/hello-world/"])(
    "HEAD %s has the GET headers, Content-Length included, and no body",
    async (path) => {
      const getRes = await get(path);
      await getRes.arrayBuffer();
      const head = await get(path, { method: "HEAD" });
      expect([...head.headers]).toEqual([...getRes.headers]);
      expect(head.headers.get("content-length")).toMatch(/^[1-9][0-9]*$/);
      expect(await head.text()).toBe("");
    },
  );
});

describe("methods", () => {
  it.each(["POST", "PUT", "DELETE", "PATCH"])("%s is 405 with Allow", async (method) => {
    const res = await get("/rss.xml", { method });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET, HEAD, OPTIONS");
  });

  it("every answer, errors and redirects included, is readable by scripts on other sites (CORS)", async () => {
    for (const [path, status] of [
      ["/rss.xml", 200],
      ["/rss.xml?limit=abc", 400],
      ["/tags/no-such-tag-anywhere/rss.xml", 404],
      ["/rss.xml?limit=20", 301],
    ] as const) {
      const res = await get(path, { redirect: "manual" });
      await res.arrayBuffer();
      expect([path, res.status, res.headers.get("access-control-allow-origin"), res.headers.get("access-control-expose-headers")]).toEqual([
        path,
        status,
        "*",
        "ETag,Last-Modified,Link",
      ]);
    }
  });

  it("OPTIONS answers a CORS preflight", async () => {
    const res = await get("/feed.json", {
      method: "OPTIONS",
      headers: { Origin: "https://elsewhere.example", "Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "if-none-match" },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("access-control-allow-methods")).toBe("GET,HEAD,OPTIONS");
    expect(res.headers.get("access-control-allow-headers")).toBe("if-none-match");
  });
});

describe("errors and canonical URLs", () => {
  afterEach(() => vi.restoreAllMocks());

  // Issue 21: no browser may sniff a plain-text answer for HTML (the hub's 413, 415 and
  // 429: tests/worker/websub.test.ts; the 503: tests/worker/store.test.ts).
  it.each([
    ["GET", "/rss.xml?limit=0", 400],
    ["GET", "/rss.xml?filter=%3Cscript%3E&filter=x", 400],
    ["GET", "/tags/rss/atom.xml?view=%3Chtml%3E", 400],
    ["GET", "/opml.xml?format=%3Cb%3E", 400],
    ["GET", "/embed/site?theme=%3Cb%3E", 400],
    ["GET", "/archive/1/rss.xml?limit=5", 400],
    ["GET", "/%3Cscript%3Ealert(1)%3C/script%3E", 404],
    ["GET", "/tags/no-such-tag/rss.xml", 404],
    ["POST", "/rss.xml", 405],
    ["PUT", "/websub", 405],
    ["POST", "/websub", 415],
  ])("%s %s: %i, plain text, X-Content-Type-Options: nosniff", async (method, path, status) => {
    const res = await get(path, { method, ...(method === "POST" ? { body: "<html>" } : {}) });
    await res.arrayBuffer();
    expect([res.status, res.headers.get("content-type"), res.headers.get("x-content-type-options")]).toEqual([status, "text/plain; charset=UTF-8", "nosniff"]);
  });

  it("an exception is a plain 500 with no stack or path, logged once with the request path", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const app = createApp((a) =>
      a.get("/__boom", () => {
        throw new Error("secret at /work/main/src/x.ts:1");
      }),
    );
    const res = await app.request(`${ORIGIN}/__boom`, {}, env);
    expect(res.status).toBe(500);
    expect(res.headers.get("content-type")).toBe("text/plain; charset=UTF-8");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(await res.text()).toBe("Internal server error.");
    expect(log).toHaveBeenCalledTimes(1);
    expect(log.mock.calls[0]?.[0]).toBe("500 on /__boom:");
  });

  it.each([
    ["/feed", "/rss.xml"],
    ["/rss", "/rss.xml"],
    ["/rss/", "/rss.xml"],
    ["/index.xml", "/rss.xml"],
    ["/atom", "/atom.xml"],
    ["/rss.xml/", "/rss.xml"],
    ["/feed.json/?limit=5", "/feed.json?limit=5"],
    ["/index.html", "/"],
    ["/tags/rss", "/tags/rss/"],
    ["/tags/rss/feed", "/tags/rss/rss.xml"],
    ["/tags/rss/atom.xml/", "/tags/rss/atom.xml"],
    ["/tags/rss/index.html", "/tags/rss/"],
    ["/categories/tech/json", "/categories/tech/feed.json"],
    ["/posts/hello-world", "/posts/hello-world/"],
    ["/posts/hello-world/index.html", "/posts/hello-world/"],
    ["/tags.json/", "/tags.json"],
    ["/tags/RSS/", "/tags/rss/"],
    ["/tags/Rss", "/tags/rss/"],
    ["/tags/TypeScript/feed", "/tags/typescript/rss.xml"],
    ["/embed/tags/TypeScript?limit=3", "/embed/tags/typescript?limit=3"],
    ["/categories/TECH/atom.xml?limit=20", "/categories/tech/atom.xml"],
    ["/tags/%E5%8D%97%E5%BC%80%E5%A4%A7%E5%AD%A6/rss.xml?limit=20&x=1", "/tags/%E5%8D%97%E5%BC%80%E5%A4%A7%E5%AD%A6/rss.xml?x=1"],
  ])("%s redirects 301 to %s", async (from, to) => {
    const res = await get(from, { redirect: "manual" });
    expect(res.status).toBe(301);
    expect(res.headers.get("location")).toBe(ORIGIN + to);
    expect((await get(to)).status).toBe(200);
  });
});

describe("the response cache", () => {
  it("cached and freshly assembled bodies are byte-identical to the one-pass reference", async () => {
    const path = "/tags/%E5%8D%97%E5%BC%80%E5%A4%A7%E5%AD%A6/atom.xml";
    const first = new Uint8Array(await (await get(path)).arrayBuffer());
    const cached = new Uint8Array(await (await get(path)).arrayBuffer());
    const found = findScope(contentIndex(), "tags", "南开大学");
    if (!found) throw new Error("seed tag missing");
    const scope = { ...found, articles: contentIndex().tags[found.key]?.articles ?? [] };
    const newest = archivePageCount(scope.articles.length, content().settings.pageSize);
    const fresh = new TextEncoder().encode(renderFeed(selectArticles(selectable(contentIndex()), scope, 20), readSite(env, ORIGIN + path), "atom", 20, newest));
    expect(first).toEqual(fresh);
    expect(cached).toEqual(fresh);
  });

  it("a representation is made once: later requests, other spellings of its URL and 304s never make it again", async () => {
    let made = 0;
    const app = new Hono();
    app.get("/x", (c) =>
      serve(c, {
        key: "test|x",
        etag: "0123456789abcdef",
        lastModified: new Date(0),
        contentType: "text/plain",
        body: async () => `body ${++made}`,
      }),
    );
    const fetch = async (url: string, init?: RequestInit) => {
      const request = new Request(url, init);
      return replay(request) ?? remember(request, await app.fetch(request, env));
    };
    const one = await fetch(`${ORIGIN}/x`);
    expect([await one.text(), one.headers.get("etag"), one.headers.has(KEY_HEADER)]).toEqual(["body 1", '"0123456789abcdef"', false]);
    expect(await (await fetch(`${ORIGIN}/x`)).text()).toBe("body 1");
    expect(await (await fetch(`${ORIGIN}/x?utm_source=y`)).text()).toBe("body 1");
    expect(await (await fetch(`${ORIGIN}/x?utm_source=y`)).text()).toBe("body 1");
    const conditional = await fetch(`${ORIGIN}/x?other`, { headers: { "If-None-Match": '"0123456789abcdef"' } });
    expect([conditional.status, await conditional.text()]).toEqual([304, ""]);
    expect(made).toBe(1);
  });

  it("keeps the bytes a route made as they are, never reading a response's body back (issue 20: 1 MiB at ?limit=100)", async () => {
    // Content files come through ASSETS, whose responses have a URL; a response the app
    // made has none. Before, Hono's CORS middleware touched the response before the route
    // ran, Hono wrapped the route's response around its body stream, and the cache read it back.
    const read = vi.spyOn(Response.prototype, "arrayBuffer");
    try {
      const paths = ["/rss.xml?limit=97", "/atom.xml?filter=TypeScript&limit=96", "/", "/tags/TypeScript/feed.json?limit=95"];
      for (const path of paths) {
        const res = await get(path);
        expect([path, res.status, res.headers.get("access-control-allow-origin")]).toEqual([path, 200, "*"]);
        await res.text();
      }
      const madeHere = read.mock.contexts.filter((response) => (response as Response).url === "");
      expect(read.mock.contexts.length).toBeGreaterThan(0);
      expect(madeHere).toEqual([]);
    } finally {
      read.mockRestore();
    }
  });

  it("a 304 for a representation not made yet reads and makes nothing", async () => {
    let made = 0;
    const app = new Hono();
    app.get("/y", (c) => serve(c, { key: "test|y", etag: "fedcba9876543210", lastModified: new Date(0), contentType: "text/plain", body: async () => `body ${++made}` }));
    const res = await app.fetch(new Request(`${ORIGIN}/y`, { headers: { "If-None-Match": '"fedcba9876543210"' } }), env);
    expect([res.status, await res.text(), made]).toEqual([304, "", 0]);
  });

  it("the LRU stays under its byte bound and evicts the least recently used", () => {
    const lru = new ByteLru<Uint8Array>(100, 10);
    lru.set("a", new Uint8Array(40));
    lru.set("b", new Uint8Array(40));
    lru.get("a");
    lru.set("c", new Uint8Array(40));
    expect([lru.get("a") !== undefined, lru.get("b") !== undefined, lru.get("c") !== undefined]).toEqual([true, false, true]);
    expect(lru.bytes).toBe(80);
    lru.set("huge", new Uint8Array(101));
    expect(lru.get("huge")).toBeUndefined();
    for (let i = 0; i < 30; i++) lru.set(`k${i}`, new Uint8Array(1));
    expect(lru.size).toBe(10);
    expect(lru.bytes).toBeLessThanOrEqual(100);
  });

  it("weak comparison ignores W/ on either side", () => {
    expect(ifNoneMatchMatches('W/"a"', '"a"')).toBe(true);
    expect(ifNoneMatchMatches('"a"', '"b"')).toBe(false);
    expect(ifNoneMatchMatches("", '"a"')).toBe(false);
  });
});

describe("settings", () => {
  it("come from the build, are read once per env and origin, and the origin follows the request unless SITE_URL is set", () => {
    const vars = { SITE_TITLE: "ignored: the content was built with wrangler.toml's" };
    const a = readSite(vars, "https://a.example/rss.xml?limit=5");
    expect(readSite(vars, "https://a.example/tags/x/")).toBe(a);
    expect(a.origin).toBe("https://a.example");
    expect(a).toMatchObject({ title: content().settings.title, language: "zh-CN", timeZone: "Asia/Shanghai", author: "Edge Feeds" });
    expect(readSite(vars, "http://b.example:8787/").origin).toBe("http://b.example:8787");
    expect(readSite({ ...vars, SITE_URL: "https://feeds.example/ignored/path" }, "https://a.example/").origin).toBe("https://feeds.example");
    // The Host header is the client's: the per-env memo stays bounded.
    for (let i = 0; i < 200; i++) readSite(vars, `https://h${i}.example/`);
    expect(readSite(vars, "https://h199.example/").origin).toBe("https://h199.example");
  });
});

describe("replay of finished responses (the warm path)", () => {
  it("keeps only 200s to GET that name a representation, per URL and per Sec-Fetch-Dest, and answers GET, HEAD and 304 from them", async () => {
    const url = `${ORIGIN}/__replay-test/${Math.random()}`;
    const ok = (key: string) => new Response("body", { headers: { ETag: '"e"', "Last-Modified": new Date(0).toUTCString(), "Content-Type": "text/plain", [KEY_HEADER]: key } });
    expect(replay(new Request(url))).toBeUndefined();
    await remember(new Request(url), new Response("nope", { status: 404 }));
    await remember(new Request(url, { method: "HEAD" }), ok(`k${url}`));
    await remember(new Request(url), new Response("no key", { headers: { ETag: '"e"', "Last-Modified": new Date(0).toUTCString() } }));
    expect(replay(new Request(url))).toBeUndefined();
    const first = await remember(new Request(url), ok(`k${url}`));
    expect([await first.text(), first.headers.has(KEY_HEADER)]).toEqual(["body", false]);
    expect(await replay(new Request(url))?.text()).toBe("body");
    const head = replay(new Request(url, { method: "HEAD" }));
    expect([head?.status, await head?.text(), head?.headers.get("etag")]).toEqual([200, "", '"e"']);
    const revalidated = replay(new Request(url, { headers: { "If-None-Match": '"e"' } }));
    expect([revalidated?.status, revalidated?.headers.get("content-type"), revalidated?.headers.get("etag")]).toEqual([304, null, '"e"']);
    expect(replay(new Request(url, { headers: { "Sec-Fetch-Dest": "document" } }))).toBeUndefined();
    expect(replay(new Request(url, { method: "POST" }))).toBeUndefined();
  });
});
