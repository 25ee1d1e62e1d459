/**
 * Issue 24, the pure parts: sitemap files and the sitemap index against the sitemaps.org
 * protocol (an XML Schema written from its rules, tests/fixtures/sitemaps.xsd, checked by
 * libxml2's xmllint; and the rule checker, tests/fixtures/sitemap-rules.ts), how entries
 * are split into files, robots.txt as RFC 9309 reads it, the kinds' index order and
 * paging, and the paths the worker keeps for itself. Each check is shown failing on a
 * document that breaks it.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SITEMAP_BUDGET, sitemapEntries } from "../../src/build/sitemaps.ts";
import { TERM_INDEX_PAGES_PER_FILE, TERMS_PER_PAGE, termIndexPageCount, termIndexPaths, termIndexSegment } from "../../src/content/layout.ts";
import { PLACEHOLDERS } from "../../src/content/placeholders.ts";
import { isReservedPath } from "../../src/feed/urls.ts";
import { renderRobots } from "../../src/views/robots.ts";
import { escapeLoc, LONGEST_ORIGIN, renderSitemapIndex, renderUrlset, type SitemapEntry, splitSitemaps, URLS_PER_SITEMAP } from "../../src/views/sitemap.ts";
import { indexQuery, renderTermIndexLists, termIndexOrder } from "../../src/views/term-index-list.ts";
import { siteOn } from "../fixtures/built.ts";
import { checkSitemap, checkSitemapIndex, robotsAllows, robotsSitemaps } from "../fixtures/sitemap-rules.ts";
import { skips, systemPrograms } from "../system.ts";

const ORIGIN = "https://feeds.example";
const XSD = join(import.meta.dirname, "../fixtures/sitemaps.xsd");
const xmllint = systemPrograms().xmllint;

/** What xmllint says of `xml` against the schema: `true`, or its complaint. */
function schemaCheck(xml: string): true | string {
  const run = spawnSync(xmllint.found ?? "xmllint", ["--noout", "--nonet", "--schema", XSD, "-"], { input: xml, encoding: "utf8", maxBuffer: 64 * 2 ** 20 });
  return run.status === 0 ? true : run.stderr.trim();
}

const entry = (path: string, lastmod = "2024-03-01T10:00:00.000Z"): SitemapEntry => ({ path, lastmod });

/** Sitemaps as the worker serves them: these paths, and a few hostile ones. */
const ENTRIES = [entry("/"), entry("/posts/a/"), entry("/2019/01/11/%E4%BD%A0.html", "2019-01-11T14:13:00Z"), entry("/tags/a&b'c/"), entry("/tags/?page=2")];

describe("sitemap files and the index against the protocol", () => {
  const urlset = renderUrlset(ENTRIES, ORIGIN);
  const index = renderSitemapIndex(
    [
      { path: "/sitemap-articles-1.xml", lastmod: "2024-03-01T10:00:00.000Z" },
      { path: "/sitemap-pages-1.xml", lastmod: "2024-03-02T00:00:00Z" },
    ],
    ORIGIN,
  );

  it.skipIf(skips(xmllint))("both are valid against the schema", () => {
    expect(schemaCheck(urlset)).toBe(true);
    expect(schemaCheck(index)).toBe(true);
  });

  it("the rule checker finds nothing, and reads back every URL unescaped", () => {
    const checked = checkSitemap(urlset, `${ORIGIN}/sitemap-pages-1.xml`);
    expect(checked.findings).toEqual([]);
    expect(checked.listed).toEqual(ENTRIES.map((e) => ({ loc: ORIGIN + e.path, lastmod: e.lastmod })));
    expect(checkSitemapIndex(index, `${ORIGIN}/sitemap.xml`).findings).toEqual([]);
  });

  /** Documents that break one rule each: the schema, the checker, or both, must refuse them. */
  const BROKEN: { name: string; xml: string; rule?: string; schema: boolean }[] = [
    { name: "another namespace", xml: urlset.replace("sitemap/0.9", "sitemap/0.8"), rule: "WrongRoot", schema: true },
    { name: "a relative loc", xml: renderUrlset([entry("/a/")], ""), rule: "LocNotAbsolute", schema: true },
    { name: "a lastmod without a zone", xml: renderUrlset([entry("/a/", "2024-03-01T10:00:00")], ORIGIN), rule: "LastmodNotW3cDatetime", schema: true },
    { name: "a lastmod that is no date", xml: renderUrlset([entry("/a/", "yesterday")], ORIGIN), rule: "LastmodNotW3cDatetime", schema: true },
    { name: "a loc of 2,048 characters", xml: renderUrlset([entry(`/${"a".repeat(2048 - ORIGIN.length - 1)}`)], ORIGIN), rule: "LocTooLong", schema: true },
    { name: "an unknown element", xml: urlset.replace("<lastmod>", "<updated/><lastmod>"), rule: "UnknownElement", schema: true },
    { name: "two lastmods", xml: urlset.replace("</url>", "<lastmod>2024-01-01</lastmod></url>"), rule: "Repeated", schema: true },
    { name: "no url", xml: renderUrlset([], ORIGIN), rule: "Empty", schema: true },
    { name: "a URL on another host", xml: renderUrlset([entry("/a/")], "https://elsewhere.example"), rule: "LocOtherHost", schema: false },
    { name: "an apostrophe left as it is", xml: urlset.replace("&apos;", "'"), rule: "LocNotEscaped", schema: false },
    { name: "a raw non-ASCII path", xml: renderUrlset([entry("/tags/你/")], ORIGIN), rule: "LocNotRfc3986", schema: false },
    { name: "a URL twice", xml: renderUrlset([entry("/a/"), entry("/a/")], ORIGIN), rule: "DuplicateLoc", schema: false },
    {
      name: "50,001 URLs",
      xml: renderUrlset(
        Array.from({ length: 50_001 }, (_, i) => entry(`/${i}/`)),
        ORIGIN,
      ),
      rule: "TooManyUrls",
      schema: true,
    },
  ];

  it.each(BROKEN)("$name: refused ($rule)", ({ xml, rule }) => {
    expect(checkSitemap(xml, `${ORIGIN}/sitemap-pages-1.xml`).findings.map((f) => f.rule)).toContain(rule);
  });

  it.skipIf(skips(xmllint)).each(BROKEN.filter((b) => b.schema))("$name: the schema refuses it", ({ xml }) => {
    expect(schemaCheck(xml)).not.toBe(true);
  });

  it("a sitemap in a folder may list only what is under that folder", () => {
    expect(checkSitemap(renderUrlset([entry("/posts/a/"), entry("/tags/x/")], ORIGIN), `${ORIGIN}/posts/sitemap.xml`).findings.map((f) => f.rule)).toEqual(["LocOutsideFolder"]);
  });

  it.each([
    ["https://feeds.example/a&b", "https://feeds.example/a&amp;b"],
    ["/it's/", "/it&apos;s/"],
    [`/"q"<>/`, "/&quot;q&quot;&lt;&gt;/"],
    ["/%E4%BD%A0/", "/%E4%BD%A0/"],
  ])("escapeLoc(%j) is %j", (url, escaped) => {
    expect(escapeLoc(url)).toBe(escaped);
  });
});

describe("entries split into files", () => {
  const many = (n: number, path = (i: number) => `/posts/${i}/`) => Array.from({ length: n }, (_, i) => entry(path(i)));
  const sizes = (files: SitemapEntry[][]) => files.map((f) => f.length);

  it.each([
    { n: 0, budget: { urls: 3, bytes: 1e9, originLength: 0 }, files: [] },
    { n: 1, budget: { urls: 3, bytes: 1e9, originLength: 0 }, files: [1] },
    { n: 3, budget: { urls: 3, bytes: 1e9, originLength: 0 }, files: [3] },
    { n: 7, budget: { urls: 3, bytes: 1e9, originLength: 0 }, files: [3, 3, 1] },
    { n: URLS_PER_SITEMAP + 1, budget: SITEMAP_BUDGET, files: [URLS_PER_SITEMAP, 1] },
    { n: 2 * URLS_PER_SITEMAP, budget: SITEMAP_BUDGET, files: [URLS_PER_SITEMAP, URLS_PER_SITEMAP] },
  ])("$n entries, $budget.urls a file: $files", ({ n, budget, files }) => {
    expect(sizes(splitSitemaps(many(n), ORIGIN, budget))).toEqual(files);
  });

  it("the byte limit holds once the longest origin a request can bring is filled in", () => {
    const entries = many(40, (i) => `/${String(i).padStart(200, "x")}/`);
    const budget = { urls: 1000, bytes: 4096, originLength: LONGEST_ORIGIN };
    const files = splitSitemaps(entries, PLACEHOLDERS.origin, budget);
    expect(files.length).toBeGreaterThan(1);
    expect(files.flat()).toEqual(entries);
    const longest = `https://${"h".repeat(253)}:65535`;
    expect(longest.length).toBe(LONGEST_ORIGIN);
    for (const file of files) {
      expect(new TextEncoder().encode(renderUrlset(file, longest)).byteLength).toBeLessThanOrEqual(budget.bytes);
      // And no file could have taken the next entry.
    }
    for (let i = 0; i + 1 < files.length; i++) {
      const next = (files[i + 1] as SitemapEntry[])[0] as SitemapEntry;
      expect(new TextEncoder().encode(renderUrlset([...(files[i] as SitemapEntry[]), next], longest)).byteLength).toBeGreaterThan(budget.bytes);
    }
  });

  it.skipIf(skips(xmllint))(`a full file of ${URLS_PER_SITEMAP.toLocaleString("en")} URLs is valid and far below 50 MB`, () => {
    const [full] = splitSitemaps(
      many(URLS_PER_SITEMAP + 5, (i) => `/${2000 + (i % 20)}/0${1 + (i % 9)}/%E6%96%87%E7%AB%A0-${i}/`),
      ORIGIN,
      SITEMAP_BUDGET,
    );
    const xml = renderUrlset(full ?? [], ORIGIN);
    expect(schemaCheck(xml)).toBe(true);
    expect(checkSitemap(xml, `${ORIGIN}/sitemap-articles-1.xml`).findings).toEqual([]);
    expect(xml.length).toBeLessThan(2 * 2 ** 20);
  });
});

describe("what the sitemaps list (sitemapEntries)", () => {
  const articles = [
    { path: "/c/", updated: "2024-03-03T00:00:00.000Z" },
    { path: "/b/", updated: "2024-03-09T00:00:00.000Z" },
    { path: "/a/", updated: "2024-03-01T00:00:00.000Z" },
  ];
  const scopes = [
    { scope: { kind: "site" as const }, positions: [0, 1, 2] },
    { scope: { kind: "tags" as const, key: "x y", name: "X y" }, positions: [0, 2] },
    { scope: { kind: "tags" as const, key: "z", name: "Z" }, positions: [2] },
    { scope: { kind: "authors" as const, key: "ann", name: "Ann" }, positions: [1] },
  ];

  it("articles oldest first with their update times; then home, each kind's index pages and every term's page, dated as their pages are", () => {
    expect(sitemapEntries({ articles, scopes, newest: "2024-03-09T00:00:00.000Z" })).toEqual({
      articles: [entry("/a/", "2024-03-01T00:00:00.000Z"), entry("/b/", "2024-03-09T00:00:00.000Z"), entry("/c/", "2024-03-03T00:00:00.000Z")],
      pages: [
        entry("/", "2024-03-09T00:00:00.000Z"),
        entry("/tags/", "2024-03-09T00:00:00.000Z"),
        entry("/tags/x%20y/", "2024-03-03T00:00:00.000Z"),
        entry("/tags/z/", "2024-03-01T00:00:00.000Z"),
        entry("/authors/", "2024-03-09T00:00:00.000Z"),
        entry("/authors/ann/", "2024-03-09T00:00:00.000Z"),
      ],
    });
  });

  it(`a kind of ${TERMS_PER_PAGE + 1} terms has two index pages, both listed`, () => {
    const tags = Array.from({ length: TERMS_PER_PAGE + 1 }, (_, i) => ({ scope: { kind: "tags" as const, key: `t${i}`, name: `t${i}` }, positions: [0] }));
    const { pages } = sitemapEntries({ articles, scopes: [scopes[0] as (typeof scopes)[number], ...tags], newest: "2024-03-09T00:00:00.000Z" });
    expect(pages.filter((p) => p.path.startsWith("/tags/?") || p.path === "/tags/").map((p) => p.path)).toEqual(["/tags/", "/tags/?page=2"]);
  });
});

describe("robots.txt", () => {
  const on = renderRobots({ crawling: true, sitemap: `${ORIGIN}/sitemap.xml` });
  const noSitemap = renderRobots({ crawling: true });
  const off = renderRobots({ crawling: false, sitemap: `${ORIGIN}/sitemap.xml` });
  const READER_PATHS = [
    "/",
    "/posts/a/",
    "/2019/01/11/a.html",
    "/tags/",
    "/tags/x/",
    "/tags/x/archive/2/",
    "/rss.xml",
    "/tags/x/atom.xml",
    "/opml.xml",
    "/embed/site",
    "/embed.js",
    "/icon.png",
    "/favicon.ico",
    "/sitemap.xml",
  ];

  it.each(READER_PATHS)("crawling on: %s is allowed", (path) => {
    expect(robotsAllows(on, path)).toBe(true);
    expect(robotsAllows(noSitemap, path)).toBe(true);
  });

  it.each(READER_PATHS)("crawling off: %s is refused", (path) => {
    expect(robotsAllows(off, path)).toBe(false);
  });

  it.each([
    { text: on, sitemaps: [`${ORIGIN}/sitemap.xml`] },
    { text: noSitemap, sitemaps: [] },
    { text: off, sitemaps: [] },
  ])("names the sitemaps $sitemaps", ({ text, sitemaps }) => {
    expect(robotsSitemaps(text)).toEqual(sitemaps);
  });

  it.each([
    { text: "User-agent: *\nDisallow: /tags/\n", path: "/tags/x/", allowed: false },
    { text: "User-agent: *\nDisallow: /tags/\nAllow: /tags/x/\n", path: "/tags/x/", allowed: true },
    { text: "User-agent: other\nDisallow: /\n", path: "/", allowed: true },
    { text: "User-agent: *\nDisallow:\n", path: "/", allowed: true },
  ])("the reader itself: $text reads $path as allowed: $allowed", ({ text, path, allowed }) => {
    expect(robotsAllows(text, path)).toBe(allowed);
  });
});

describe("the kinds' index: order, pages, files", () => {
  it.each([
    {
      terms: [
        ["b", 1],
        ["a", 1],
        ["c", 3],
        ["B2", 2],
      ],
      order: ["c", "B2", "a", "b"],
    },
    {
      terms: [
        ["南开", 2],
        ["rss", 2],
        ["atom", 2],
      ],
      order: ["atom", "rss", "南开"],
    },
  ] as const)("most articles first, then by key: $order", ({ terms, order }) => {
    expect(termIndexOrder(terms.map(([key, count]) => ({ key, count }))).map((t) => t.key)).toEqual(order);
  });

  it.each([
    { terms: 0, pages: 0, files: 0 },
    { terms: 1, pages: 1, files: 1 },
    { terms: TERMS_PER_PAGE, pages: 1, files: 1 },
    { terms: TERMS_PER_PAGE + 1, pages: 2, files: 1 },
    { terms: TERMS_PER_PAGE * TERM_INDEX_PAGES_PER_FILE, pages: TERM_INDEX_PAGES_PER_FILE, files: 1 },
    { terms: TERMS_PER_PAGE * TERM_INDEX_PAGES_PER_FILE + 1, pages: TERM_INDEX_PAGES_PER_FILE + 1, files: 2 },
    { terms: 30_000, pages: 150, files: 30 },
  ])("$terms terms: $pages pages in $files files", ({ terms, pages, files }) => {
    expect(termIndexPageCount(terms)).toBe(pages);
    expect(termIndexPaths("tags", terms)).toHaveLength(files);
  });

  it.each([
    { page: 1, file: 0, segment: 0, query: "" },
    { page: 2, file: 0, segment: 1, query: "?page=2" },
    { page: TERM_INDEX_PAGES_PER_FILE, file: 0, segment: TERM_INDEX_PAGES_PER_FILE - 1, query: `?page=${TERM_INDEX_PAGES_PER_FILE}` },
    { page: TERM_INDEX_PAGES_PER_FILE + 1, file: 1, segment: 0, query: `?page=${TERM_INDEX_PAGES_PER_FILE + 1}` },
  ])("page $page is segment $segment of file $file, at ?$query", ({ page, file, segment, query }) => {
    expect(termIndexSegment(page)).toEqual({ file, segment });
    expect(indexQuery(page)).toBe(query);
  });

  it("every term is on exactly one page, in index order", () => {
    const terms = termIndexOrder(Array.from({ length: 7 }, (_, i) => ({ kind: "tags" as const, key: `t${i}`, name: `T${i}`, count: i % 3 })));
    const lists = renderTermIndexLists("tags", terms, siteOn(ORIGIN), 3);
    expect(lists).toHaveLength(3);
    const names = lists.map((list) => [...list.matchAll(/<li><a href="[^"]*">([^<]*)<\/a>/g)].map((m) => m[1]));
    expect(names).toEqual([["T2", "T5", "T1"], ["T4", "T0", "T3"], ["T6"]]);
  });
});

describe("paths the worker answers itself (no article may take one)", () => {
  it.each([
    ["/favicon.ico", true],
    ["/robots.txt", true],
    ["/sitemap.xml", true],
    ["/sitemap-articles-1.xml", true],
    ["/sitemap-pages-12.xml", true],
    ["/tags/", true],
    ["/sections/", true],
    ["/sitemaps/a.xml", false],
    ["/posts/sitemap.xml", false],
    ["/robots.txt.html", false],
  ] as const)("%s: %s", (path, reserved) => {
    expect(isReservedPath(path)).toBe(reserved);
  });
});
