/**
 * Issue 11: the hostile fixture articles (tests/fixtures/hostile/, which the browser tests
 * also serve) built with content/ as the browser tests build them: every feed passes the
 * W3C rules and JSON Feed 1.1, feedsmith and rowan read the hostile articles back, their
 * raw HTML keeps only the benign parts, the Markdown dialects (issue 18) smuggle in no
 * attribute, and Python's feedparser reads the feeds without complaint (where it is
 * installed; tests/system.ts).
 */
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { DomUtils, parseDocument } from "htmlparser2";
import { describe, expect, it } from "vitest";
import { compileContent } from "../../src/build/compile.ts";
import { absoluteUrl, feedPath } from "../../src/feed/urls.ts";
import type { Article, FeedFormat, Scope } from "../../src/types.ts";
import { CHECKS } from "../fixtures/feed-rules.ts";
import { selectable } from "../fixtures/library.ts";
import { renderFeed, selectArticles } from "../fixtures/oracle.ts";
import { readWithFeedsmith } from "../fixtures/readers.ts";
import { readWithRowan } from "../fixtures/readers-rowan.ts";
import { SAMPLE_SITE } from "../fixtures/samples.ts";
import { skipLine, skips, systemPrograms } from "../system.ts";

const ROOT = join(import.meta.dirname, "../..");
const read = (dir: string, prefix = "") =>
  readdirSync(join(ROOT, dir))
    .filter((f) => f.endsWith(".md"))
    .map((f) => ({ file: `${prefix}${f}`, source: readFileSync(join(ROOT, dir, f), "utf8") }));
const result = compileContent([...read("content"), ...read("tests/fixtures/hostile", "zz-fixture-")], { timeZone: "Asia/Shanghai" });
if (!result.ok) throw new Error(JSON.stringify(result.problems));
const index = result.index;
const hostile = index.articles.find((a) => a.slug === "hostile-article") as Article;
const dialects = index.articles.find((a) => a.slug === "hostile-dialects") as Article;

/** The fixture is dated 2026-11-01 so that it leads every list (and is live: issue 22): the validator's "now" is after it. */
const NOW = Date.UTC(2030, 0, 2);

const scopes: Scope[] = [{ kind: "site" }, { kind: "tags", key: "hostile", name: "hostile" }, { kind: "categories", key: "hostile", name: "hostile" }];
const FEEDS = scopes.flatMap((scope) =>
  (["rss", "atom", "json"] as FeedFormat[]).map((format) => ({
    name: `${scope.kind} ${format}`,
    format,
    location: absoluteUrl(feedPath(scope, format), SAMPLE_SITE.origin),
    body: renderFeed(selectArticles(selectable(index), scope, 20), SAMPLE_SITE, format),
  })),
);

describe("the hostile article's raw HTML", () => {
  const tags = (html: string) => DomUtils.findAll(() => true, parseDocument(html).children).map((el) => el.name);

  it("keeps the benign parts, in feeds and on the page", () => {
    for (const html of [hostile.html, hostile.pageHtml ?? ""]) {
      expect(new Set(tags(html))).toEqual(
        new Set(["p", "img", "a", "div", "table", "caption", "tr", "th", "td", "br", "figure", "figcaption", "b", ...(html === hostile.html ? [] : ["iframe"])]),
      );
    }
    expect(hostile.html).toContain(`<a href="https://www.youtube.com/embed/fixture">A player</a>`);
    expect(hostile.pageHtml).toContain(`<iframe src="https://www.youtube.com/embed/fixture" title="A player" width="560" height="315" sandbox=`);
  });

  it("loses everything that runs, submits, restyles or points elsewhere", () => {
    for (const html of [hostile.html, hostile.pageHtml ?? ""]) {
      const attributes = DomUtils.findAll(() => true, parseDocument(html).children).flatMap((el) => Object.entries(el.attribs));
      // Links to the player in feeds (the javascript: ones lost their href), the player itself and lazy images on the page.
      const own = html === hostile.html ? ["href"] : ["title", "sandbox", "allowfullscreen", "referrerpolicy", "loading"];
      expect(new Set(attributes.map(([name]) => name))).toEqual(new Set(["src", "alt", "width", "height", ...own]));
      expect(attributes.filter(([, value]) => /javascript|evil|alert/i.test(value))).toEqual([]);
      // What scripts, styles and comments held is gone with them (the javascript: Markdown links stay text).
      for (const gone of ["alert(6)", "alert(14)", "alert(16)", "display:none", "<!--", "fallback"]) expect(html).not.toContain(gone);
    }
  });
});

describe("the hostile article's Markdown dialects (issue 18: heading ids, footnotes, task and definition lists, kramdown attributes)", () => {
  const elements = (html: string) => DomUtils.findAll(() => true, parseDocument(html).children);

  it("keep their markup, with the ids and links the renderer writes and nothing the text asked for", () => {
    for (const html of [dialects.html, dialects.pageHtml ?? ""]) {
      expect(new Set(elements(html).map((el) => el.name))).toEqual(new Set(["p", "sup", "a", "h2", "ul", "li", "b", "dl", "dt", "dd", "img", "hr", "ol"]));
      const attributes = elements(html).flatMap((el) => Object.entries(el.attribs).map(([name, value]) => ({ tag: el.name, name, value })));
      expect(new Set(attributes.map((a) => a.name))).toEqual(new Set(["id", "href", "src", "alt", ...(html === dialects.html ? [] : ["loading"])]));
      // Ids: the two headings whose ids are safe, and the footnotes' own.
      const ids = attributes.filter((a) => a.name === "id").map((a) => `${a.tag}#${a.value.replace(/-[0-9a-f]{8}-/, "-K-")}`);
      expect(ids).toEqual(["sup#fnref-K-1", "sup#fnref-K-2", "h2#ok", "h2#fine", "li#fn-K-1", "li#fn-K-2"]);
      // Links: the footnotes' and back, within the article's page; the raw javascript: one lost its href.
      const hrefs = attributes.filter((a) => a.name === "href").map((a) => a.value.replace(/-[0-9a-f]{8}-/, "-K-"));
      expect(hrefs).toEqual(["1", "2", "1", "2"].map((n, i) => `/posts/hostile-dialects/#${i < 2 ? "fn" : "fnref"}-K-${n}`));
      expect(attributes.filter((a) => /javascript|alert|on\w+=|position|stolen/i.test(a.value))).toEqual([]);
      // No attribute syntax is left as text, nor what scripts held.
      for (const gone of ["{#", "{:", "alert(23)", "alert(24)", "alert(25)", "alert(26)", "alert(30)", "alert(31)", "alert(32)", "<svg", "<script"])
        expect(html).not.toContain(gone);
    }
  });
});

describe.each(FEEDS)("$name, with the hostile fixtures", ({ format, body, location }) => {
  it("zero W3C errors and warnings (JSON Feed 1.1 for JSON); the hostile articles read back", () => {
    expect(CHECKS[format](body, { location, now: NOW })).toEqual([]);
    const readers = format === "json" ? [readWithFeedsmith(format, body)] : [readWithFeedsmith(format, body), readWithRowan(body)];
    for (const feed of readers) {
      for (const article of [hostile, dialects]) {
        const item = feed.items.find((i) => i.id === article.id);
        expect(item?.title).toBe(article.title);
        expect(item?.summary).toBe(article.summary);
      }
    }
  });
});

const program = systemPrograms().feedparser;

describe("Python feedparser reads the feeds with the hostile fixtures", () => {
  it.skipIf(skips(program))("bozo == 0, every entry's id", () => {
    if (program.found === undefined) throw new Error(skipLine(program).replace(/^skipped/, "missing in CI"));
    const feeds = FEEDS.filter((f) => f.format !== "json");
    const run = spawnSync(program.found, [fileURLToPath(new URL("../feedparser_check.py", import.meta.url)), "read"], {
      input: JSON.stringify(feeds.map(({ name, body }) => ({ name, body }))),
      encoding: "utf8",
      maxBuffer: 1 << 28,
    });
    expect(run.stderr).toBe("");
    const parsed = JSON.parse(run.stdout) as { name: string; bozo: boolean | number; bozo_exception: string; entries: { id: string | null }[] }[];
    feeds.forEach((feed, i) => {
      const p = parsed[i];
      expect([p?.name, p?.bozo, p?.bozo_exception]).toEqual([feed.name, false, ""]);
      expect(p?.entries.map((e) => e.id)).toEqual(readWithFeedsmith(feed.format, feed.body).items.map((item) => item.id));
    });
  });
});
