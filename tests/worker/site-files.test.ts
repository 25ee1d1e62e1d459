/**
 * Issue 24 through the worker in workerd, on the sample content: each kind's index of
 * terms (`/tags/`, ...) in the site's language and in the built `?opencc=` variant, the
 * home page's and term pages' links to it, `/favicon.ico`, `/robots.txt`, the sitemap
 * index and its sitemaps (the protocol's rules: tests/fixtures/sitemap-rules.ts), all
 * with HEAD, conditional GET and 405 like every other route; and a crawl from
 * /robots.txt through the sitemaps that reaches every article page.
 */
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { content } from "../../src/content/bundled.ts";
import { Catalog } from "../../src/content/catalog.ts";
import { requestContext } from "../../src/feed/context.ts";
import { termPath } from "../../src/feed/urls.ts";
import { readSite } from "../../src/http/site.ts";
import { PAGE_STRINGS, pageStrings } from "../../src/i18n/strings.ts";
import { createApp } from "../../src/index.ts";
import { favicon, robotsText } from "../../src/people/site-files.ts";
import { TERM_KINDS, type TermKind } from "../../src/types.ts";
import { PAGE_CSP } from "../../src/views/html.ts";
import { ICON_PNG_BASE64 } from "../../src/views/icon.ts";
import { checkSitemap, checkSitemapIndex, robotsAllows, robotsSitemaps } from "../fixtures/sitemap-rules.ts";
import { contentIndex, get, ORIGIN } from "./helpers.ts";
import { one, query } from "./people-helpers.ts";

const index = contentIndex();
const SETTINGS = content().settings;
const WORDS = pageStrings(SETTINGS.language);
const HANT = PAGE_STRINGS["zh-TW"];
const VARIANT = content().data.variants.s2t;
const FEEDS = ["rss.xml", "atom.xml", "feed.json"];
const CACHE = "public, max-age=300, s-maxage=600, stale-while-revalidate=86400";

/** The kinds the sample has terms of, and those it has none of. */
const KINDS = TERM_KINDS.filter((kind) => Object.keys(index[kind]).length > 0);
const EMPTY_KINDS = TERM_KINDS.filter((kind) => Object.keys(index[kind]).length === 0);

/** A kind's terms as the index must list them: most articles first, then by key; from the compiled reference, not the worker. */
function expectedTerms(kind: TermKind) {
  return Object.entries(index[kind])
    .map(([key, term]) => ({ key, name: term.name, count: term.articles.length }))
    .sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

describe("each kind's index of terms", () => {
  it("the sample has tags, categories and authors, and no sections", () => {
    expect(KINDS).toEqual(["tags", "categories", "authors"]);
    expect(EMPTY_KINDS).toEqual(["sections"]);
  });

  it.each(KINDS)("/%s/: every term once, most articles first, with its count, page and feeds", async (kind) => {
    const res = await get(`/${kind}/`);
    expect([res.status, res.headers.get("content-type"), res.headers.get("content-security-policy")]).toEqual([200, "text/html; charset=utf-8", PAGE_CSP]);
    const html = await res.text();
    const terms = expectedTerms(kind);
    expect((await one(html, "html")).attrs.lang).toBe(SETTINGS.language);
    expect((await one(html, "h1")).text).toBe(WORDS.kinds[kind].many);
    expect((await one(html, "title")).text).toBe(`${WORDS.kinds[kind].many} · ${SETTINGS.title}`);
    expect((await query(html, "p.muted"))[0]?.text).toBe(WORDS.termIndexCount[kind](terms.length));
    expect((await one(html, `link[rel="canonical"]`)).attrs.href).toBe(`${ORIGIN}/${kind}/`);
    const items = await query(html, "ul.terms > li");
    expect(items.map((li) => li.text)).toEqual(terms.map((t) => `${t.name} ${WORDS.termCount(t.count)}${WORDS.colon}RSS · Atom · JSON Feed`));
    const links = (await query(html, "ul.terms > li > a")).map((a) => a.attrs.href ?? "");
    expect(links).toEqual(terms.flatMap((t) => [ORIGIN + termPath(kind, t.key), ...FEEDS.map((f) => ORIGIN + termPath(kind, t.key) + f)]));
    expect(await query(html, "nav.pages")).toEqual([]);
    for (const link of links) expect((await get(link.slice(ORIGIN.length))).status, link).toBe(200);
  });

  it.each(KINDS)("/%s/?opencc=s2t: in Traditional script, Taiwan's words, names converted, links in the variant", async (kind) => {
    const res = await get(`/${kind}/?opencc=s2t`);
    expect(res.status).toBe(200);
    const html = await res.text();
    const terms = expectedTerms(kind);
    expect((await one(html, "html")).attrs.lang).toBe("zh-Hant");
    expect((await one(html, "h1")).text).toBe(HANT.kinds[kind].many);
    expect((await query(html, "p.muted"))[0]?.text).toBe(HANT.termIndexCount[kind](terms.length));
    expect((await query(html, "ul.terms > li > a:first-child")).map((a) => [a.text, a.attrs.href])).toEqual(
      terms.map((t) => [VARIANT?.names[`${kind}/${t.key}`] ?? t.name, `${ORIGIN}${termPath(kind, t.key)}?opencc=s2t`]),
    );
    expect((await query(html, `ul.terms a[type]`)).every((a) => a.attrs.href?.endsWith("?opencc=s2t"))).toBe(true);
    expect((await one(html, "nav.crumbs a")).attrs.href).toBe(`${ORIGIN}/?opencc=s2t`);
  });

  it("a converted name is converted: the seed's tag 南开大学 is 南開大學", async () => {
    const html = await (await get("/tags/?opencc=s2t")).text();
    expect((await query(html, "ul.terms > li > a:first-child")).map((a) => a.text)).toContain("南開大學");
  });

  it.each([
    { path: "/tags", status: 301, location: "/tags/" },
    { path: "/tags/index.html", status: 301, location: "/tags/" },
    { path: "/authors?opencc=s2t", status: 301, location: "/authors/?opencc=s2t" },
    { path: "/tags/?page=1", status: 301, location: "/tags/" },
    { path: "/tags/?page=01&opencc=s2t", status: 301, location: "/tags/?opencc=s2t" },
    { path: "/tags/?page=2", status: 404 },
    { path: "/sections/", status: 404 },
    { path: "/tags/?page=0", status: 400 },
    { path: "/tags/?page=x", status: 400 },
    { path: "/tags/?page=1&page=1", status: 400 },
    { path: "/tags/?opencc=xx", status: 400 },
  ])("$path: $status $location", async ({ path, status, location }) => {
    const res = await get(path, { redirect: "manual" });
    await res.arrayBuffer();
    expect([res.status, res.headers.get("location")]).toEqual([status, location === undefined ? null : ORIGIN + location]);
  });

  it("the home page links each kind's index, saying how many terms it has; in the variant too", async () => {
    const links = async (path: string) => (await query(await (await get(path)).text(), "p.all a")).map((a) => [a.text, a.attrs.href]);
    expect(await links("/")).toEqual(KINDS.map((kind) => [WORDS.allTerms[kind](Object.keys(index[kind]).length), `${ORIGIN}/${kind}/`]));
    expect(await links("/?opencc=s2t")).toEqual(KINDS.map((kind) => [HANT.allTerms[kind](Object.keys(index[kind]).length), `${ORIGIN}/${kind}/?opencc=s2t`]));
  });

  it("term pages' breadcrumbs lead to their kind's index", async () => {
    const html = await (await get("/categories/tech/")).text();
    expect((await query(html, "nav.crumbs a")).map((a) => [a.text, a.attrs.href])).toEqual([
      [SETTINGS.title, `${ORIGIN}/`],
      [WORDS.kinds.categories.many, `${ORIGIN}/categories/`],
    ]);
  });

  it("a page reads one content file; its 304 reads none", async () => {
    const reads: string[] = [];
    const assets = {
      fetch: (request: Request) => {
        reads.push(new URL(request.url).pathname);
        return env.ASSETS.fetch(request);
      },
    };
    const app = createApp();
    // An origin of its own: no response made for another test can answer (the cache's keys name the origin).
    const res = await app.request("https://reads.example/categories/?opencc=s2t", {}, { ...env, ASSETS: assets });
    expect(res.status).toBe(200);
    await res.arrayBuffer();
    expect(reads).toEqual(["/_c/v/s2t/_c/t/categories.0.pack"]);
    const again = await app.request(
      "https://reads.example/authors/",
      { headers: { "If-Modified-Since": new Date(Date.parse(content().data.newest)).toUTCString() } },
      { ...env, ASSETS: assets },
    );
    expect([again.status, reads.length]).toEqual([304, 1]);
  });
});

describe("/favicon.ico", () => {
  it("is the built-in icon (no SITE_ICON in the sample), kept a week", async () => {
    const res = await get("/favicon.ico");
    expect([res.status, res.headers.get("content-type"), res.headers.get("cache-control")]).toEqual([200, "image/png", "public, max-age=604800"]);
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(Uint8Array.from(atob(ICON_PNG_BASE64), (c) => c.charCodeAt(0)));
    expect(new Uint8Array(await (await get("/icon.png")).arrayBuffer())).toEqual(Uint8Array.from(atob(ICON_PNG_BASE64), (c) => c.charCodeAt(0)));
  });

  /** The sample's catalog, with another `SITE_ICON`. */
  const withIcon = (icon: string) => new Catalog({ ...content().data, settings: { ...SETTINGS, icon } }, content().arrays);
  const site = readSite(env, `${ORIGIN}/`);

  it.each([
    { icon: "/icon.png", answer: "the icon" },
    { icon: "https://cdn.example/brand/icon.svg", answer: "https://cdn.example/brand/icon.svg" },
    { icon: "/images/icon.png", answer: `${ORIGIN}/images/icon.png` },
    // It would redirect to itself.
    { icon: "/favicon.ico", answer: "the icon" },
    { icon: `${ORIGIN}/favicon.ico`, answer: "the icon" },
  ])("SITE_ICON $icon: $answer", ({ icon, answer }) => {
    const found = favicon(requestContext(withIcon(icon), env.ASSETS, site, Date.now()), `${ORIGIN}/favicon.ico`);
    expect("rep" in found ? [found.rep.contentType, found.rep.cacheControl] : found.location).toEqual(answer === "the icon" ? ["image/png", "public, max-age=604800"] : answer);
  });
});

describe("/robots.txt", () => {
  const app = createApp();

  it.each([
    { SITE_URL: "", text: `# Every page and feed of this site may be crawled.\nUser-agent: *\nAllow: /\n\nSitemap: ${ORIGIN}/sitemap.xml\n` },
    { SITE_URL: ORIGIN, text: `# Every page and feed of this site may be crawled.\nUser-agent: *\nAllow: /\n\nSitemap: ${ORIGIN}/sitemap.xml\n` },
    // Another site serves the pages, so it names its own sitemaps.
    { SITE_URL: "https://blog.example.org", text: "# Every page and feed of this site may be crawled.\nUser-agent: *\nAllow: /\n" },
  ])("SITE_URL=$SITE_URL", async ({ SITE_URL, text }) => {
    const res = await app.request(`${ORIGIN}/robots.txt`, {}, { ...env, SITE_URL });
    expect([res.status, res.headers.get("content-type"), await res.text()]).toEqual([200, "text/plain; charset=utf-8", text]);
  });

  it("with CRAWLING off: every crawler turned away, no sitemap named", async () => {
    const off = new Catalog({ ...content().data, settings: { ...SETTINGS, crawling: false } }, content().arrays);
    const text = String(await robotsText(requestContext(off, env.ASSETS, readSite(env, `${ORIGIN}/`), Date.now()), true).body());
    expect(text).toBe("# Crawling is turned off for this site (CRAWLING = off).\nUser-agent: *\nDisallow: /\n");
    expect([robotsAllows(text, "/"), robotsAllows(text, "/posts/hello-world/"), robotsSitemaps(text)]).toEqual([false, false, []]);
  });
});

describe("sitemaps", () => {
  const rows = content().data.sitemaps ?? [];

  it("the build made one file for the articles and one for the other pages", () => {
    expect(rows.map(([name]) => name)).toEqual(["articles-1", "pages-1"]);
  });

  it("/sitemap.xml is a sitemap index of them, on the request's origin", async () => {
    const res = await get("/sitemap.xml");
    expect([res.status, res.headers.get("content-type")]).toEqual([200, "application/xml; charset=utf-8"]);
    const checked = checkSitemapIndex(await res.text(), `${ORIGIN}/sitemap.xml`);
    expect(checked.findings).toEqual([]);
    expect(checked.listed).toEqual(rows.map(([name, , lastmod]) => ({ loc: `${ORIGIN}/sitemap-${name}.xml`, lastmod })));
    expect(res.headers.get("last-modified")).toBe(new Date(Math.max(...rows.map(([, , lastmod]) => Date.parse(lastmod)))).toUTCString());
  });

  it("the origin is the request's own when SITE_URL is empty", async () => {
    const text = await (await exports.default.fetch(new Request("http://localhost:8787/sitemap-articles-1.xml"))).text();
    const checked = checkSitemap(text, "http://localhost:8787/sitemap-articles-1.xml");
    expect(checked.findings).toEqual([]);
    expect(checked.listed.map((e) => e.loc)).toEqual([...index.articles].reverse().map((a) => `http://localhost:8787${a.path}`));
  });

  it.each([
    { SITE_URL: "https://blog.example.org", status: 404 },
    { SITE_URL: ORIGIN, status: 200 },
  ])("SITE_URL=$SITE_URL: /sitemap.xml and the sitemaps are $status", async ({ SITE_URL, status }) => {
    const app = createApp();
    for (const path of ["/sitemap.xml", "/sitemap-articles-1.xml", "/sitemap-pages-1.xml"]) {
      const res = await app.request(ORIGIN + path, {}, { ...env, SITE_URL });
      await res.arrayBuffer();
      expect([path, res.status]).toEqual([path, status]);
    }
  });

  it.each(["/sitemap-articles-2.xml", "/sitemap-pages-0.xml", "/sitemap-other-1.xml", "/sitemap-articles-01.xml", "/sitemaps.xml"])("%s is a 404", async (path) => {
    const res = await get(path);
    await res.arrayBuffer();
    expect(res.status).toBe(404);
  });
});

describe("a crawler from /robots.txt reaches every article page", () => {
  it("robots.txt -> the sitemap index -> every sitemap -> every URL: 200; every article page among them", async () => {
    const robots = await (await get("/robots.txt")).text();
    const listed: { loc: string; lastmod?: string }[] = [];
    for (const indexUrl of robotsSitemaps(robots)) {
      const sitemapIndex = checkSitemapIndex(await (await get(new URL(indexUrl).pathname)).text(), indexUrl);
      expect(sitemapIndex.findings).toEqual([]);
      for (const { loc } of sitemapIndex.listed) {
        const sitemap = checkSitemap(await (await get(new URL(loc).pathname)).text(), loc);
        expect(sitemap.findings, loc).toEqual([]);
        listed.push(...sitemap.listed);
      }
    }
    for (const { loc, lastmod } of listed) {
      expect(robotsAllows(robots, new URL(loc).pathname), loc).toBe(true);
      const res = await get(loc.slice(ORIGIN.length), { redirect: "manual" });
      await res.arrayBuffer();
      expect([loc, res.status, res.headers.get("last-modified")]).toEqual([loc, 200, new Date(lastmod ?? "").toUTCString()]);
    }
    const locs = new Set(listed.map((e) => e.loc));
    expect(locs.size).toBe(listed.length);
    for (const article of index.articles) expect(locs.has(ORIGIN + article.path), article.path).toBe(true);
    expect(listed.filter((e) => index.articles.some((a) => ORIGIN + a.path === e.loc)).map((e) => e.lastmod)).toEqual([...index.articles].reverse().map((a) => a.updated));
  });
});

/** Every route this issue adds, as a request path. */
const ROUTES = ["/tags/", "/categories/?opencc=s2t", "/authors/", "/favicon.ico", "/robots.txt", "/sitemap.xml", "/sitemap-articles-1.xml", "/sitemap-pages-1.xml"];

describe("HEAD, conditional GET and 405, as on every route", () => {
  it.each(ROUTES)("%s: HEAD has the GET headers and no body", async (path) => {
    const full = await get(path);
    await full.arrayBuffer();
    const head = await get(path, { method: "HEAD" });
    expect([...head.headers]).toEqual([...full.headers]);
    expect(head.headers.get("content-length")).toMatch(/^[1-9][0-9]*$/);
    expect(await head.text()).toBe("");
  });

  it.each(ROUTES)("%s: a matching ETag or date is a 304 with the same validators and no body; another ETag is a 200", async (path) => {
    const full = await get(path);
    await full.arrayBuffer();
    const etag = full.headers.get("etag") ?? "";
    const lastModified = full.headers.get("last-modified") ?? "";
    expect(etag).toMatch(/^"[0-9a-f]+"$/);
    for (const headers of [{ "If-None-Match": etag }, { "If-Modified-Since": lastModified }, { "If-None-Match": `"x", W/${etag}` }]) {
      const res = await get(path, { headers });
      expect([res.status, await res.text(), res.headers.get("etag"), res.headers.get("last-modified"), res.headers.get("cache-control")]).toEqual([
        304,
        "",
        etag,
        lastModified,
        full.headers.get("cache-control"),
      ]);
    }
    const other = await get(path, { headers: { "If-None-Match": '"0123"' } });
    expect([other.status, (await other.arrayBuffer()).byteLength]).toEqual([200, Number(full.headers.get("content-length"))]);
  });

  it.each(ROUTES.flatMap((path) => ["POST", "PUT", "DELETE"].map((method) => ({ path, method }))))("$method $path: 405 with Allow", async ({ path, method }) => {
    const res = await get(path, { method });
    await res.arrayBuffer();
    expect([res.status, res.headers.get("allow"), res.headers.get("x-content-type-options")]).toEqual([405, "GET, HEAD, OPTIONS", "nosniff"]);
  });

  it.each([
    { path: "/tags/", type: "text/html; charset=utf-8", cache: CACHE },
    { path: "/robots.txt", type: "text/plain; charset=utf-8", cache: CACHE },
    { path: "/sitemap.xml", type: "application/xml; charset=utf-8", cache: CACHE },
    { path: "/favicon.ico", type: "image/png", cache: "public, max-age=604800" },
  ])("$path: the exact headers", async ({ path, type, cache }) => {
    const res = await get(path);
    const length = (await res.arrayBuffer()).byteLength;
    expect(Object.fromEntries([...res.headers].filter(([k]) => k !== "etag" && k !== "last-modified"))).toEqual({
      "access-control-allow-origin": "*",
      "access-control-expose-headers": "ETag,Last-Modified,Link",
      "cache-control": cache,
      "content-length": String(length),
      "content-type": type,
      ...(type.startsWith("text/html") ? { "content-security-policy": PAGE_CSP } : {}),
      vary: "Accept-Encoding",
      "x-content-type-options": "nosniff",
    });
  });
});
