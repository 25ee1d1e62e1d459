/**
 * Issue 13, filters: RSSHub's parameters (docs.rsshub.app/guide/parameters and the
 * cases of its lib/middleware/parameter.test.ts) as literal alternatives; every value
 * that is not allowed; the canonical query; and, over the real build, a filtered
 * document is the one-pass render of exactly the window's articles that pass, newest
 * first, capped by `limit`, with their ids unchanged.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileContent } from "../../src/build/compile.ts";
import { archivePageCount, bucketOf, newestBucket, WINDOW } from "../../src/content/layout.ts";
import { filteredFeedDocument, filterSuffix, filterWindow } from "../../src/feed/documents.ts";
import { describeFilters, type Filters, filterParams, matchesFilters, parseFilters, TEXT_PARAMS, type TextParam } from "../../src/feed/filters.ts";
import { canonicalQuery } from "../../src/feed/query.ts";
import { pageStrings } from "../../src/i18n/strings.ts";
import type { Site } from "../../src/settings.ts";
import type { ArticleMeta, FeedFormat } from "../../src/types.ts";
import { articleSource } from "../fixtures/articles.ts";
import { contextOn, SETTINGS, siteOn, workspace } from "../fixtures/built.ts";
import { selectable } from "../fixtures/library.ts";
import { lastUpdated, renderFeed, selectArticles } from "../fixtures/oracle.ts";

const decoder = new TextDecoder();
const NOW = Date.UTC(2026, 10, 30, 12, 0, 0);

/** A value the parser refuses: its message is the 400's. */
class Refused extends Error {}

/** What the parser reads of `values`; a refusal is thrown as `Refused`. */
function read(values: (name: string) => string[]): Filters | undefined {
  const parsed = parseFilters(values);
  if (!parsed.ok) throw new Refused(parsed.message);
  return parsed.value;
}

/** A query string as the parser sees it. */
function parse(search: string): Filters | undefined {
  const params = new URLSearchParams(search);
  return read((name) => params.getAll(name));
}

/** An article's metadata with what filters look at. */
function meta(n: number, over: Partial<ArticleMeta> = {}): ArticleMeta {
  return {
    slug: `a${n}`,
    path: `/posts/a${n}/`,
    id: `urn:uuid:${n}`,
    title: `Title${n}`,
    published: new Date(NOW - n * 3_600_000).toISOString(),
    updated: new Date(NOW - n * 3_600_000).toISOString(),
    summary: `Description${n}`,
    tags: [`Tag${n}`],
    categories: [`Category${n}`],
    authors: [`DIYgod${n}`],
    ...over,
  };
}

/** RSSHub's test items: Title1..Title5, Description1..5, DIYgod1..5, Category1..5, published 1..5 hours ago. */
const ITEMS = [1, 2, 3, 4, 5].map((n) => meta(n));

/** Which of ITEMS (their numbers) pass `search`. */
function passing(search: string, items: ArticleMeta[] = ITEMS): number[] {
  const filters = parse(search);
  if (!filters) throw new Error("no filters");
  return items.filter((item) => matchesFilters(filters, item, item.authors, NOW)).map((item) => Number(item.slug.slice(1)));
}

describe("RSSHub's parameters, literally", () => {
  it.each([
    ["filter=Description4|Title5", [4, 5]],
    ["filter=Title", [1, 2, 3, 4, 5]],
    ["filter_title=Title2|Title3", [2, 3]],
    ["filter_description=Description1", [1]],
    ["filter_author=DIYgod3|DIYgod4", [3, 4]],
    ["filter_category=Category2|Tag5", [2, 5]],
    ["filter_title=Title2&filter_description=Description2", [2]],
    ["filter_title=Title2&filter_description=Description3", []],
    // `filter` wins over the field-specific forms, as in RSSHub.
    ["filter=Title1&filter_title=Title2", [1]],
    ["filterout=Description4|Title5", [1, 2, 3]],
    ["filterout_title=Title1", [2, 3, 4, 5]],
    ["filterout_description=Description2|Description3", [1, 4, 5]],
    ["filterout_author=DIYgod1", [2, 3, 4, 5]],
    ["filterout_category=Tag1|Category2", [3, 4, 5]],
    // filterout beats filter.
    ["filter=Title&filterout=Title3", [1, 2, 4, 5]],
    ["filter_title=Title3&filterout_title=Title3", []],
    // Case: sensitive by default, not with filter_case_sensitive=false.
    ["filter=TITLE1", []],
    ["filter=TITLE1&filter_case_sensitive=false", [1]],
    ["filter=tItLe2|DESCRIPTION3&filter_case_sensitive=false", [2, 3]],
    ["filterout=title1&filter_case_sensitive=false", [2, 3, 4, 5]],
    ["filter_case_sensitive=true&filter=title1", []],
    // Time: published in the last N seconds (items are 1..5 hours old).
    ["filter_time=3600", [1]],
    ["filter_time=10799", [1, 2]],
    ["filter_time=86400", [1, 2, 3, 4, 5]],
    ["filter_time=1", []],
    ["filter_time=7200&filter=Title1|Title5", [1]],
    // Literal, not regular expressions: `.` and `*` are characters.
    ["filter=Title.", []],
    ["filter=Title*", []],
    ["filter=^Title1$", []],
  ])("?%s passes %j", (search, expected) => {
    expect(passing(search)).toEqual(expected);
  });

  it("a description is the summary, or the title when the summary is empty", () => {
    const items = [meta(1, { summary: "" }), meta(2)];
    expect(passing("filter_description=Title", items)).toEqual([1]);
    expect(passing("filter=Title1", items)).toEqual([1]);
  });

  it("CJK: raw and percent-encoded are one value; full-width and compatibility forms match their NFKC forms", () => {
    const items = [meta(1, { title: "南开大学举行交流会", tags: ["南开大学"] }), meta(2, { title: "ＡＢＣ全角" }), meta(3, { title: "华为" })];
    expect(passing("filter=南开", items)).toEqual([1]);
    expect(passing(`filter=${encodeURIComponent("南开")}`, items)).toEqual([1]);
    expect(passing("filter_category=南开大学", items)).toEqual([1]);
    expect(passing("filter=ABC", items)).toEqual([2]);
    expect(passing("filter=ＡＢＣ", items)).toEqual([2]);
    expect(passing("filter=abc&filter_case_sensitive=false", items)).toEqual([2]);
    expect(passing("filterout=南开|华为", items)).toEqual([2]);
  });

  it("an article naming no author is the site author's", () => {
    const filters = parse("filter_author=Site Author") as Filters;
    expect(matchesFilters(filters, meta(1, { authors: [] }), ["Site Author"], NOW)).toBe(true);
    expect(filterWindow([meta(1, { authors: [] }), meta(2)], filters, 20, "Site Author", NOW)).toEqual([0]);
  });
});

/**
 * The rules of src/feed/filters.ts's module comment, restated field by field with every
 * field folded up front: what the matcher, which folds only what a test reads, must agree with.
 */
function reference(filters: Filters, article: ArticleMeta, authors: readonly string[], now: number): boolean {
  const fold = (s: string) => (filters.caseSensitive ? s.normalize("NFKC") : s.normalize("NFKC").toLowerCase());
  const words = (name: keyof Filters["text"]) => filters.text[name]?.map(fold);
  const fields = {
    title: [fold(article.title)],
    description: [fold(article.summary || article.title)],
    author: authors.map(fold),
    category: [...article.tags, ...article.categories].map(fold),
  };
  const hits = (values: string[], alternatives: string[] | undefined) => alternatives !== undefined && values.some((v) => alternatives.some((a) => v.includes(a)));
  const filter = words("filter");
  if (filter !== undefined && !hits([...fields.title, ...fields.description], filter)) return false;
  if (filter === undefined) {
    for (const field of ["title", "description", "author", "category"] as const) {
      const alternatives = words(`filter_${field}`);
      if (alternatives !== undefined && !hits(fields[field], alternatives)) return false;
    }
  }
  for (const field of ["title", "description", "author", "category"] as const) {
    const alternatives = words(`filterout_${field}`) ?? (field === "title" || field === "description" ? words("filterout") : undefined);
    if (hits(fields[field], alternatives)) return false;
  }
  return filters.time === undefined || now - Date.parse(article.published) <= filters.time * 1000;
}

describe("the matcher", () => {
  it("agrees with the rules restated, for any filters and articles (case folded or not, NFKC forms, time)", () => {
    const word = fc.constantFrom("南开", "开", "Ａ", "A", "a", "ß", "SS", "ﬁ", "fi", "体育", "x");
    const text = fc.array(word, { maxLength: 4 }).map((w) => w.join(""));
    const alternatives = fc.array(word, { minLength: 1, maxLength: 3 });
    const filters = fc.record(
      {
        text: fc.record(Object.fromEntries(TEXT_PARAMS.map((name) => [name, alternatives])) as Record<TextParam, typeof alternatives>, { requiredKeys: [] }),
        caseSensitive: fc.boolean(),
        time: fc.integer({ min: 1, max: 10 * 3600 }),
      },
      { requiredKeys: ["text", "caseSensitive"] },
    ) as fc.Arbitrary<Filters>;
    const article = fc.record({
      title: text,
      summary: text,
      tags: fc.array(text, { maxLength: 2 }),
      categories: fc.array(text, { maxLength: 2 }),
      hours: fc.integer({ min: 0, max: 12 }),
    });
    fc.assert(
      fc.property(filters, fc.array(article, { minLength: 1, maxLength: 5 }), fc.array(text, { minLength: 1, maxLength: 2 }), (f, articles, authors) => {
        const metas = articles.map(({ hours, ...a }, i) => meta(i, { ...a, published: new Date(NOW - hours * 3_600_000).toISOString() }));
        const expected = metas.flatMap((m, i) => (reference(f, m, authors, NOW) ? [i] : []));
        expect(metas.flatMap((m, i) => (matchesFilters(f, m, authors, NOW) ? [i] : []))).toEqual(expected);
        expect(filterWindow(metas, f, 20, "unused", NOW)).toEqual(metas.flatMap((m, i) => (reference(f, m, m.authors.length > 0 ? m.authors : ["unused"], NOW) ? [i] : [])));
      }),
    );
  });
});

describe("values that are not allowed: a message naming the parameter and what is allowed", () => {
  it.each([
    ["filter=", /filter must not be empty/],
    ["filter=%20", /filter must not be empty/],
    ["filter_title=a||b", /filter_title must not have an empty alternative/],
    ["filterout=a|", /filterout must not have an empty alternative/],
    [`filter=${"x".repeat(201)}`, /filter must be at most 200 characters/],
    [`filter=${Array.from({ length: 17 }, (_, i) => `w${i}`).join("|")}`, /at most 16 alternatives/],
    ["filter=a&filter=b", /filter must be given at most once/],
    ["filter_case_sensitive=yes", /filter_case_sensitive must be true or false/],
    ["filter_case_sensitive=", /filter_case_sensitive must be true or false/],
    ["filter_case_sensitive=true&filter_case_sensitive=false", /given at most once/],
    ["filter_time=0", /filter_time must be a whole number of seconds, at least 1/],
    ["filter_time=-5", /filter_time must be a whole number/],
    ["filter_time=1.5", /filter_time must be a whole number/],
    ["filter_time=1e3", /filter_time must be a whole number/],
    ["filter_time=abc", /filter_time must be a whole number/],
    ["filter_time=12345678901", /filter_time must be a whole number/],
    // Issue 21: what XML 1.0 forbids is refused, named by code point, in every text parameter.
    ["filter=a%03b", /^filter must not contain U\+0003: feeds are XML/],
    ["filter_title=%00", /^filter_title must not contain U\+0000/],
    ["filter_description=x%0B", /^filter_description must not contain U\+000B/],
    ["filter_author=a%0Cb", /^filter_author must not contain U\+000C/],
    ["filter_category=a%EF%BF%BEb", /^filter_category must not contain U\+FFFE/],
    ["filterout=%EF%BF%BF", /^filterout must not contain U\+FFFF/],
    ["filterout_title=%1F", /^filterout_title must not contain U\+001F/],
    ["filterout_description=ok|%08", /^filterout_description must not contain U\+0008/],
    ["filterout_author=a%0Cb", /^filterout_author must not contain U\+000C/],
    ["filterout_category=%7F%01", /^filterout_category must not contain U\+0001/],
  ])("?%s", (search, message) => {
    expect(() => parse(search)).toThrow(Refused);
    expect(() => parse(search)).toThrow(message);
  });

  it("characters XML allows are words like any other: tab, line ends, DEL, C1 controls, noncharacters but U+FFFE and U+FFFF, ]]>", () => {
    const value = "a\tb|c\r\nd|\u007F\u0085|\uFDD0\u{1FFFE}|]]>&<";
    expect(read((name) => (name === "filter" ? [value] : []))?.text.filter).toEqual(value.normalize("NFKC").split("|"));
  });

  it("a lone surrogate (which no URL can carry, but a caller could pass) is refused", () => {
    expect(() => read((name) => (name === "filter" ? ["a\uD800b"] : []))).toThrow(/^filter must not contain U\+D800/);
  });

  it("200 characters (not UTF-16 units) and 16 alternatives are allowed", () => {
    expect(parse(`filter=${"南".repeat(200)}`)?.text.filter).toEqual(["南".repeat(200)]);
    expect(parse(`filter=${Array.from({ length: 16 }, (_, i) => `w${i}`).join("|")}`)?.text.filter).toHaveLength(16);
  });

  it("no filter parameter: no filters", () => {
    expect(parse("limit=5&utm_source=x")).toBeUndefined();
  });
});

describe("the canonical query", () => {
  it.each([
    ["filter_title=b&filter=a", "?filter=a&filter_title=b"],
    ["filter_case_sensitive=true&filter=a", "?filter=a"],
    ["filter=%EF%BC%A1", "?filter=A"],
    ["limit=20&filter=a", "?filter=a"],
    ["limit=5&filter_time=60&filter_case_sensitive=false&filterout=x", "?filter_case_sensitive=false&filter_time=60&filterout=x&limit=5"],
    ["filter=南开", `?filter=${encodeURIComponent("南开")}`],
  ])("?%s -> %s", (search, canonical) => {
    const filters = parse(search) as Filters;
    const limit = Number(new URLSearchParams(search).get("limit") ?? 20);
    expect(canonicalQuery({ limit, filters })).toBe(canonical);
    // Parsing the canonical form gives the same filters back.
    expect(filterParams(parse(canonical.slice(1)) as Filters)).toEqual(filterParams(filters));
  });

  it("the filters in words, in each page language", () => {
    const filters = parse("filter=南开|华为&filterout_category=体育&filter_case_sensitive=false&filter_time=3600") as Filters;
    expect(describeFilters(filters, pageStrings("en").filters)).toBe("with 南开 | 华为; not filed under 体育; any case; published in the last 3600 s");
    expect(describeFilters(filters, pageStrings("zh-CN").filters)).toBe("含南开 | 华为；标签或分类不为体育；不区分大小写；最近 3600 秒内发表");
    expect(describeFilters(filters, pageStrings("zh-TW").filters)).toContain("標籤或分類不為體育".slice(0, 6));
  });
});

describe("filtered documents over the real build", () => {
  const FORMATS: FeedFormat[] = ["rss", "atom", "json"];
  const words = ["Nankai", "nankai", "南开", "华为", "Blue", "ＢＬＵＥ"];
  const article = fc.record({
    title: fc.array(fc.constantFrom(...words, "x"), { minLength: 1, maxLength: 3 }).map((w) => w.join(" ")),
    summary: fc.array(fc.constantFrom(...words, "y"), { maxLength: 3 }).map((w) => w.join(" ")),
    tags: fc.array(fc.constantFrom("南开", "blue", "Blue"), { maxLength: 2 }),
    hoursAgo: fc.nat(200),
  });
  const filter = fc.record(
    {
      filter: fc.subarray(words, { minLength: 1, maxLength: 2 }),
      filter_title: fc.subarray(words, { minLength: 1, maxLength: 2 }),
      filterout: fc.subarray(words, { minLength: 1, maxLength: 2 }),
      filter_category: fc.subarray(["南开", "blue"], { minLength: 1 }),
      filter_case_sensitive: fc.constantFrom("true", "false"),
      filter_time: fc.integer({ min: 1, max: 200 * 3600 }).map(String),
    },
    { requiredKeys: [] },
  );

  it("hold exactly the window's articles that pass, newest first, at most `limit`, as the one-pass render with the filters in the title and self link", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(article, { minLength: 1, maxLength: 30 }),
        filter,
        fc.constantFrom(...FORMATS),
        fc.integer({ min: 1, max: 30 }),
        async (specs, given, format, limit) => {
          const search = new URLSearchParams(Object.entries(given).map(([k, v]) => [k, Array.isArray(v) ? v.join("|") : v] as [string, string]));
          const filters = read((name) => search.getAll(name));
          fc.pre(filters !== undefined);
          const sources = specs.map((s, i) => ({
            file: `${i}.md`,
            source: articleSource(
              {
                title: s.title,
                date: new Date(NOW - s.hoursAgo * 3_600_000 - i * 1000).toISOString(),
                slug: `s${i}`,
                tags: s.tags,
                ...(s.summary ? { description: s.summary } : {}),
              },
              `Text ${i}.`,
            ),
          }));
          const space = workspace();
          space.write(sources);
          expect((await space.build()).ok).toBe(true);
          const catalog = space.catalog();
          const compiled = compileContent(sources, {
            timeZone: "UTC",
            author: SETTINGS.author,
          });
          if (!compiled.ok) throw new Error(JSON.stringify(compiled.problems));
          const site: Site = siteOn("https://request.example");
          const scope = catalog.site;
          const query = { limit, filters: filters as Filters };
          const { assets, reads } = space.assets();
          const rep = await filteredFeedDocument(contextOn(catalog, assets, site, NOW), scope, format, query);
          const body = decoder.decode((await rep.body()) as Uint8Array);
          const window = selectArticles(selectable(compiled.index), { kind: "site" }, WINDOW).articles;
          const expected = window.filter((a) => matchesFilters(query.filters, a, a.authors.length > 0 ? a.authors : [SETTINGS.author], NOW)).slice(0, limit);
          const reference = renderFeed({ scope: { kind: "site" }, articles: expected }, site, format, limit, archivePageCount(scope.count, SETTINGS.pageSize), {
            query: canonicalQuery(query),
            titleAddition: filterSuffix(query.filters, site),
            // Nothing passes: the scope's update time, not 1970.
            ...(expected.length === 0 ? { updated: lastUpdated(window) } : {}),
          });
          expect(body).toBe(reference);
          // The window's metadata, then the newest bucket (head and tail) and each bucket an article that passes is in.
          const buckets = new Set([newestBucket(scope.count).bucket, ...expected.map((a) => bucketOf(window.indexOf(a), scope.count).bucket)]);
          expect(reads.length).toBe(1 + buckets.size);
          // Ids are the articles' own: the same item in a filtered and an unfiltered feed is one item to a reader.
          for (const a of expected) expect(body).toContain(a.id);
        },
      ),
      { numRuns: 25 },
    );
  }, 180_000);

  it("a time filter is short-lived and never kept; other filters keep the site's policy", async () => {
    const space = workspace();
    space.write([
      {
        file: "a.md",
        source: articleSource(
          {
            title: "Blue",
            date: new Date(NOW - 1000).toISOString(),
            slug: "a",
          },
          "x",
        ),
      },
    ]);
    expect((await space.build()).ok).toBe(true);
    const site: Site = siteOn("https://request.example");
    const { assets } = space.assets();
    const timed = await filteredFeedDocument(contextOn(space.catalog(), assets, site, NOW), space.catalog().site, "rss", {
      limit: 20,
      filters: parse("filter_time=60") as Filters,
    });
    expect(timed).toMatchObject({
      cacheControl: "public, max-age=60, s-maxage=60",
      keep: false,
    });
    const plain = await filteredFeedDocument(contextOn(space.catalog(), assets, site, NOW), space.catalog().site, "rss", { limit: 20, filters: parse("filter=Blue") as Filters });
    expect(plain.cacheControl).toBeUndefined();
    expect(plain.keep).toBeUndefined();
    // What it holds decides the entity tag: a filter matching the same articles at another time gives the same tag.
    const later = await filteredFeedDocument(contextOn(space.catalog(), assets, site, NOW + 30_000), space.catalog().site, "rss", {
      limit: 20,
      filters: parse("filter_time=60") as Filters,
    });
    expect(later.etag).toBe(timed.etag);
    const gone = await filteredFeedDocument(contextOn(space.catalog(), assets, site, NOW + 120_000), space.catalog().site, "rss", {
      limit: 20,
      filters: parse("filter_time=60") as Filters,
    });
    expect(gone.etag).not.toBe(timed.etag);
  });
});
