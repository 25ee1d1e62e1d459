/**
 * src/feed/split.ts: RSS documents are written by the `feed` library and cut into head,
 * items and tail by how documents relate. Here `head + items + tail`, as the build stores
 * and the worker joins them, is byte for byte the library's own rendering of the whole
 * document in one call (src/feed/rss.ts `rssDocument`), on the sample content and on
 * generated articles with hostile text; and each cut throws when the relation it relies
 * on does not hold.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PLACEHOLDERS } from "../../src/content/placeholders.ts";
import { FORMATS, renderDocument } from "../../src/feed/formats.ts";
import { type FeedHead, type FeedItem, headOf, itemOf } from "../../src/feed/model.ts";
import { rssDocument } from "../../src/feed/rss.ts";
import { between, endsOf } from "../../src/feed/split.ts";
import { cdata, cdataSections } from "../../src/feed/xml.ts";
import type { Site } from "../../src/settings.ts";
import type { Article, Scope } from "../../src/types.ts";
import { hostileText, titleText } from "../fixtures/articles.ts";
import { SETTINGS } from "../fixtures/built.ts";
import { briefArticle, lastUpdated } from "../fixtures/oracle.ts";
import { SAMPLE_SITE, sampleIndex } from "../fixtures/samples.ts";

const TYPES = { rss: FORMATS.rss.type, atom: FORMATS.atom.type, json: FORMATS.json.type };

/** What the build stores and the worker joins, put together. */
function joined(head: FeedHead, items: readonly FeedItem[]): string {
  const { head: before, tail } = FORMATS.rss.render.ends(head);
  return before + items.map((item) => FORMATS.rss.render.item(item)).join(FORMATS.rss.join) + tail;
}

const articleSpec = fc.record({
  title: fc.oneof(titleText, hostileText, fc.constant("")),
  summary: fc.oneof(hostileText, fc.constant("")),
  html: fc.oneof(
    fc.constant(""),
    hostileText.map((t) => `<p>${t}</p>\n`),
    fc.constant("<p>a ]]> b ]]]]> c</p>"),
  ),
  tags: fc.array(fc.oneof(fc.constantFrom("x", "南开", "</item>", "a&b", "]]>"), hostileText), { maxLength: 6 }),
  authors: fc.array(fc.oneof(fc.constantFrom("A", "编辑部", "<entry>", "R&amp;D"), hostileText), { maxLength: 5 }),
  image: fc.option(fc.constantFrom("https://img.example/a.png", "/posts/x/b.jpg", "https://cdn.example.org/a|b.webp?x=[1]&y=2", "http://h.example/g"), { nil: undefined }),
});

function articlesOf(specs: (typeof articleSpec extends fc.Arbitrary<infer T> ? T : never)[]): Article[] {
  return specs.map(({ image, ...spec }, i) => ({
    slug: `s${i}`,
    path: `/posts/s${i}/?a=1&b=<2>`,
    id: `urn:uuid:00000000-0000-5000-8000-00000000000${i % 10}`,
    published: "2024-01-01T00:00:00.000Z",
    updated: `2024-01-0${1 + (i % 9)}T00:00:00.000Z`,
    categories: [],
    file: `${i}.md`,
    ...spec,
    ...(image === undefined ? {} : { image }),
  }));
}

const archive = fc.constantFrom(
  { kind: "subscription", newest: 0 } as const,
  { kind: "subscription", newest: 3 } as const,
  { kind: "page", page: "2", older: "1", newer: "3" } as const,
  { kind: "page", page: PLACEHOLDERS.page, older: PLACEHOLDERS.older } as const,
);

describe("RSS: head + items + tail is the feed library's one-call document", () => {
  it("on the sample content, for every scope", () => {
    const index = sampleIndex();
    const scopes: Scope[] = [{ kind: "site" }, ...Object.entries(index.tags).map(([key, t]) => ({ kind: "tags" as const, key, name: t.name }))];
    const { articles } = index;
    expect(articles.length).toBeGreaterThan(0);
    for (const scope of scopes) {
      const items = articles.map((a) => itemOf(a, SAMPLE_SITE));
      const head = headOf({ scope, query: "", titleAddition: "", updated: lastUpdated(articles), archive: { kind: "subscription", newest: 0 } }, SAMPLE_SITE);
      expect(joined(head, items)).toBe(rssDocument(head, items, TYPES));
      expect(renderDocument("rss", head, items)).toBe(rssDocument(head, items, TYPES));
    }
  });

  it("for generated articles with hostile text, full and brief, subscription and archive heads, with and without placeholders (property)", () => {
    fc.assert(
      fc.property(
        fc.array(articleSpec, { maxLength: 6 }),
        fc.constantFrom(PLACEHOLDERS.origin, "https://feeds.example"),
        archive,
        fc.boolean(),
        (specs, origin, links, templated) => {
          const site: Site = { ...SETTINGS, origin, hubs: ["https://hub.example/?a&b", "https://h2.example/"] };
          for (const articles of [articlesOf(specs), articlesOf(specs).map(briefArticle)]) {
            const head = headOf(
              {
                scope: { kind: "site" },
                query: templated ? PLACEHOLDERS.query : "",
                titleAddition: templated ? PLACEHOLDERS.title : "",
                updated: templated ? undefined : lastUpdated(articles),
                archive: links,
              },
              site,
            );
            const items = articles.map((a) => itemOf(a, site));
            expect(joined(head, items)).toBe(rssDocument(head, items, TYPES));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("an archive page's tail holds its fh:archive; a subscription document's does not", () => {
    const head = (archived: boolean) =>
      headOf(
        { scope: { kind: "site" }, query: "", titleAddition: "", updated: new Date(0), archive: archived ? { kind: "page", page: "2" } : { kind: "subscription", newest: 0 } },
        { ...SETTINGS, origin: "https://feeds.example" },
      );
    expect(FORMATS.rss.render.ends(head(true)).tail).toContain("<fh:archive");
    expect(FORMATS.rss.render.ends(head(false)).tail).not.toContain("<fh:archive");
    expect(FORMATS.rss.render.ends(head(true)).head).not.toContain("<fh:archive");
  });
});

describe("the cuts check what they rely on", () => {
  it("endsOf finds the one place the item begins a line, and throws without one", () => {
    expect(endsOf("<a>\n</a>", "<a>\n<b/>\n</a>")).toEqual({ head: "<a>", tail: "\n</a>" });
    expect(() => endsOf("<a></a>", "<a><b/></a>")).toThrow(/begins a line/);
    expect(() => endsOf("<a>\n</a>", "<a>\n</a>")).toThrow(/not longer/);
  });

  it("between throws when the document does not begin with the head and end with the tail", () => {
    expect(between("H1T", { head: "H", tail: "T" })).toBe("1");
    expect(() => between("X1T", { head: "H", tail: "T" })).toThrow();
    expect(() => between("H1X", { head: "H", tail: "T" })).toThrow();
  });

  it("CDATA sections written one after another are `cdata`'s bytes, for any `]]>`", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom("]]>", "]", "]]", ">", "a", "]]]]>", "<![CDATA["), { maxLength: 10 }), (parts) => {
        const text = parts.join("");
        expect(
          cdataSections(text)
            .map((part) => `<![CDATA[${part}]]>`)
            .join(""),
        ).toBe(cdata(text));
        for (const part of cdataSections(text)) expect(part).not.toContain("]]>");
      }),
    );
  });
});
