/**
 * The items the build stores (src/feed/serialise.ts `renderItems`, `renderFragments`):
 * made with stand-ins for bodies and, for archive pages of terms, cut down to brief
 * items, they are still exactly what `feed` writes for the same articles in one pass
 * (`renderFeed`), full and brief, for any text, body and site; stand-in look-alikes in
 * the text are noticed and serialised the plain way.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { briefArticle, type FeedSite, renderFeed, renderFragments, renderItems, renderTemplate } from "../../src/feed/serialise.ts";
import { ORIGIN_TOKEN, SPLICING } from "../../src/feed/template.ts";
import type { Article, FeedFormat } from "../../src/types.ts";
import { hostileText, titleText } from "../fixtures/articles.ts";
import { SETTINGS } from "../fixtures/built.ts";

const FORMATS: FeedFormat[] = ["rss", "atom", "json"];

/** What a body can hold: markup, CDATA ends, the stand-in's own spelling, CJK, line breaks, root-relative URLs. */
const piece = fc.constantFrom(
  "<p>",
  "</p>",
  "]]>",
  "]]]]>",
  "<![CDATA[",
  "\uE000body 0\uE001",
  "\uE000body 1\uE001",
  "\uE000",
  "南开大学",
  "\n",
  "        <content:encoded>",
  '<a href="/posts/x/">',
  '<img src="/img/a.png" alt="a">',
  "&amp;",
  '"',
  "\\",
  "\u0001",
  "\u000C",
  "x",
);
const body = fc.oneof({ weight: 1, arbitrary: fc.constant("") }, { weight: 4, arbitrary: fc.array(piece, { maxLength: 12 }).map((p) => p.join("")) });
/** Titles and summaries, now and then holding a stand-in's spelling. */
const text = fc.oneof({ weight: 6, arbitrary: hostileText }, { weight: 1, arbitrary: fc.constantFrom("\uE000body 0\uE001", "a \uE000body 1\uE001") });

const article = fc.record({
  title: fc.oneof(titleText, text),
  summary: text,
  html: body,
  tags: fc.array(fc.oneof(fc.constantFrom("x", "南开"), text), { maxLength: 3 }),
  authors: fc.array(fc.constantFrom("A", "编辑部"), { maxLength: 2 }),
  image: fc.option(fc.constantFrom("https://img.example/a.png", "/posts/x/b.jpg"), { nil: undefined }),
});

function articlesOf(specs: (typeof article extends fc.Arbitrary<infer T> ? T : never)[]): Article[] {
  return specs.map(({ image, ...spec }, i) => ({
    slug: `s${i}`,
    path: `/posts/s${i}/`,
    id: `urn:uuid:00000000-0000-5000-8000-00000000000${i}`,
    published: "2024-01-01T00:00:00.000Z",
    updated: `2024-01-0${1 + (i % 9)}T00:00:00.000Z`,
    categories: [],
    file: `${i}.md`,
    ...spec,
    ...(image === undefined ? {} : { image }),
  }));
}

/** Items as they sit at the end of a one-pass document of `format`, before its tail. */
function endOfDocument(items: string[], format: FeedFormat, site: FeedSite): string {
  return items.join(SPLICING[format].separator) + renderTemplate({ kind: "site" }, site, format, { kind: "subscription", newest: 0 }).tail;
}

describe("stored items", () => {
  it("full and brief are the one-pass render's items, for any text and body (property)", () => {
    fc.assert(
      fc.property(fc.array(article, { minLength: 1, maxLength: 5 }), fc.constantFrom(ORIGIN_TOKEN, "https://feeds.example"), (specs, origin) => {
        const articles = articlesOf(specs);
        const site: FeedSite = { ...SETTINGS, origin };
        const { full, brief } = renderItems(articles, site);
        expect(renderFragments(articles, site)).toEqual(full);
        for (const format of FORMATS) {
          const one = renderFeed({ scope: { kind: "site" }, articles }, site, format, articles.length);
          expect(one.endsWith(endOfDocument(full[format], format, site))).toBe(true);
          const briefs = renderFeed({ scope: { kind: "site" }, articles: articles.map(briefArticle) }, site, format, articles.length);
          expect(briefs.endsWith(endOfDocument(brief[format], format, site))).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("an article whose body is empty has the same item full and brief; one with a body loses only its content", () => {
    const site: FeedSite = { ...SETTINGS, origin: ORIGIN_TOKEN };
    const [empty, full] = articlesOf([
      { title: "Empty", summary: "", html: "", tags: [], authors: [], image: undefined },
      { title: "Full", summary: "Sum", html: "<p>Body ]]> end</p>\n", tags: ["x"], authors: [], image: undefined },
    ]) as [Article, Article];
    const items = renderItems([empty, full], site);
    for (const format of FORMATS) expect(items.brief[format][0]).toBe(items.full[format][0]);
    expect(items.full.rss[1]).toContain("<content:encoded><![CDATA[<p>Body ]]]]><![CDATA[> end</p>\n]]></content:encoded>");
    expect(items.brief.rss[1]).toBe(items.full.rss[1]?.replace(/\n *<content:encoded>.*<\/content:encoded>/s, ""));
    expect(JSON.parse(items.brief.json[1] as string)).toMatchObject({ content_text: "Sum", summary: "Sum" });
    expect(JSON.parse(items.brief.json[1] as string)).not.toHaveProperty("content_html");
  });
});
