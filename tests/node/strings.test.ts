/**
 * Issue 12, pages in the site's language: which table a language tag gets, that every
 * table is complete and the Chinese ones are translated (no English left, no Simplified
 * character in zh-TW or Traditional one in zh-CN), and that the build warns, once, about
 * a language with no table. Rendering every view in every language is in
 * tests/worker/people-views.test.ts.
 */
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { readSettings } from "../../src/build/settings.ts";
import { languageWarning, matchPageLanguage, PAGE_LANGUAGES, PAGE_STRINGS, type PageStrings, pageStrings } from "../../src/i18n/strings.ts";
import { siteSettings } from "../../src/settings.ts";

describe("matchPageLanguage: a BCP 47 tag -> the built-in table", () => {
  it.each([
    // Exact, in any case.
    ["zh-CN", "zh-CN"],
    ["zh-TW", "zh-TW"],
    ["en", "en"],
    ["zh-cn", "zh-CN"],
    ["EN", "en"],
    // Chinese by script first, then by region.
    ["zh", "zh-CN"],
    ["zh-Hans", "zh-CN"],
    ["zh-SG", "zh-CN"],
    ["zh-MY", "zh-CN"],
    ["zh-Hans-HK", "zh-CN"],
    ["zh-Hans-TW", "zh-CN"],
    ["cmn-Hans-CN", "zh-CN"],
    ["zh-Hant", "zh-TW"],
    ["zh-HK", "zh-TW"],
    ["zh-MO", "zh-TW"],
    ["zh-Hant-HK", "zh-TW"],
    ["zh-Hant-CN", "zh-TW"],
    [" zh-tw ", "zh-TW"],
    // Any English.
    ["en-US", "en"],
    ["en-GB", "en"],
    ["en-Latn-IN", "en"],
    // No table: pages use English and the build warns.
    ["fr", undefined],
    ["ja-JP", undefined],
    ["yue-HK", undefined],
    ["xx", undefined],
    ["zh_CN", undefined],
    ["", undefined],
    ["not a tag", undefined],
  ] as const)("%j -> %s", (tag, table) => {
    expect(matchPageLanguage(tag)).toBe(table);
    expect(pageStrings(tag)).toBe(PAGE_STRINGS[table ?? "en"]);
  });
});

/** Every string of a table, by key path; functions are called with sample Chinese arguments. */
function leaves(strings: PageStrings): [string, string][] {
  const walk = (value: unknown, path: string): [string, string][] => {
    if (typeof value === "string") return [[path, value]];
    if (typeof value === "function") return [[path, String((value as (a: string, b: string) => string)("示例", "示例"))]];
    return Object.entries(value as object).flatMap(([key, inner]) => walk(inner, path ? `${path}.${key}` : key));
  };
  return walk(strings, "");
}

/** Latin words a Chinese page may show: names of formats, products and keys. */
const NAMES = new Set([
  "RSS",
  "Atom",
  "JSON",
  "Feed",
  "OPML",
  "iframe",
  "JavaScript",
  "Ctrl",
  "C",
  "NetNewsWire",
  "Feedbin",
  "Inoreader",
  "Miniflux",
  "Feedly",
  "NewsBlur",
  "WebSub",
  "HEAD",
  "IP",
]);

/** Characters only Simplified Chinese writes (their Traditional forms differ), and the reverse. */
const SIMPLIFIED_ONLY = [..."订阅读标签类这复链网样导关种许请没还说时为们个来对过进边应于无页码载档务击显"];
const TRADITIONAL_ONLY = [..."訂閱讀標籤類這複鏈網樣導關種許請沒還說時為們個來對過進邊應於無頁碼載檔務擊顯"];

describe("the tables", () => {
  const english = new Map(leaves(PAGE_STRINGS.en));

  it("all have the same keys (the type makes a missing key a compile error)", () => {
    const { copy: _, ...incomplete } = PAGE_STRINGS.en;
    // @ts-expect-error a table without every key does not compile
    const table: PageStrings = incomplete;
    expect(table).not.toHaveProperty("copy");
    for (const language of PAGE_LANGUAGES) expect(leaves(PAGE_STRINGS[language]).map(([key]) => key)).toEqual([...english.keys()]);
  });

  it.each(["zh-CN", "zh-TW"] as const)("%s: every string translated, no English left but names", (language) => {
    for (const [key, text] of leaves(PAGE_STRINGS[language])) {
      expect(text, key).not.toBe(english.get(key));
      expect(
        (text.match(/[A-Za-z]+/g) ?? []).filter((word) => !NAMES.has(word)),
        `${key}: ${text}`,
      ).toEqual([]);
    }
  });

  it.each([
    { language: "zh-CN", foreign: TRADITIONAL_ONLY },
    { language: "zh-TW", foreign: SIMPLIFIED_ONLY },
  ] as const)("$language: written in its own script", ({ language, foreign }) => {
    for (const [key, text] of leaves(PAGE_STRINGS[language]))
      expect(
        [...text].filter((c) => foreign.includes(c)),
        `${key}: ${text}`,
      ).toEqual([]);
  });

  it.each([
    { n: 1, en: "1 article", zh: "共 1 篇文章" },
    { n: 2, en: "2 articles", zh: "共 2 篇文章" },
    { n: 0, en: "0 articles", zh: "共 0 篇文章" },
  ])("counts: $n -> $en, $zh", ({ n, en, zh }) => {
    expect(PAGE_STRINGS.en.articleCount(n)).toBe(en);
    expect(PAGE_STRINGS["zh-CN"].articleCount(n)).toBe(zh);
  });
});

describe("settings and the build", () => {
  it.each([
    { language: "zh-CN", description: "南开的最新文章" },
    { language: "zh-HK", description: "南开的最新文章" },
    { language: "en", description: "Latest articles from 南开" },
    { language: "xx", description: "Latest articles from 南开" },
  ])("SITE_DESCRIPTION unset, SITE_LANGUAGE=$language -> $description", ({ language, description }) => {
    expect(siteSettings({ SITE_TITLE: "南开", SITE_LANGUAGE: language }).description).toBe(description);
  });

  const root = resolve(import.meta.dirname, "../..");
  it.each([
    { SITE_LANGUAGE: "xx", warnings: [`SITE_LANGUAGE "xx": no built-in page strings, pages use English`] },
    { SITE_LANGUAGE: "fr-CA", warnings: [`SITE_LANGUAGE "fr-CA": no built-in page strings, pages use English`] },
    { SITE_LANGUAGE: "zh-HK", warnings: [] },
    { SITE_LANGUAGE: "en-AU", warnings: [] },
  ])("SITE_LANGUAGE=$SITE_LANGUAGE: build warnings $warnings", ({ SITE_LANGUAGE, warnings }) => {
    const read = readSettings(root, { SITE_LANGUAGE });
    expect(read.ok && read.warnings).toEqual(warnings);
    expect(languageWarning(SITE_LANGUAGE)).toBe(warnings[0]);
  });

  it("the sample site (wrangler.toml) is zh-CN and builds without a warning", () => {
    const read = readSettings(root, {});
    expect(read.ok && [read.settings.language, read.warnings]).toEqual(["zh-CN", []]);
  });
});
