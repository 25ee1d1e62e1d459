/**
 * The items the build stores (src/feed/formats.ts `FORMATS`: each renderer writes a head,
 * items and a tail, and a document is `head + items.join(join) + tail`) are the items of
 * the whole document, split where its structure says: a real parser finds each item's
 * element (RSS `<item>`, Atom `<entry>`, JSON `items[i]`) in the whole document, and the
 * bytes from the end of what precedes it to the end of its element are exactly the stored
 * item, byte for byte; what precedes the first is the head, what follows the last the tail.
 * Full and brief items (no body: src/content/layout.ts), for any text, body and site.
 */
import fc from "fast-check";
import { Parser } from "htmlparser2";
import { describe, expect, it } from "vitest";
import { PLACEHOLDERS } from "../../src/content/placeholders.ts";
import { FORMATS, renderDocument } from "../../src/feed/formats.ts";
import { headOf, itemOf } from "../../src/feed/model.ts";
import type { Site } from "../../src/settings.ts";
import type { Article, FeedFormat } from "../../src/types.ts";
import { hostileText, titleText } from "../fixtures/articles.ts";
import { SETTINGS } from "../fixtures/built.ts";
import { briefArticle, lastUpdated } from "../fixtures/oracle.ts";

const FORMAT_LIST: FeedFormat[] = ["rss", "atom", "json"];

/** What a body can hold: markup, CDATA ends, CJK, line breaks, root-relative URLs, references. */
const piece = fc.constantFrom(
  "<p>",
  "</p>",
  "]]>",
  "]]]]>",
  "<![CDATA[",
  "南开大学",
  "\n",
  "        <item>",
  "    <entry>",
  "        <content:encoded>",
  '<a href="/posts/x/">',
  '<img src="/img/a.png" alt="a">',
  "&amp;",
  '"',
  "\\",
  "x",
);
const body = fc.oneof({ weight: 1, arbitrary: fc.constant("") }, { weight: 4, arbitrary: fc.array(piece, { maxLength: 12 }).map((p) => p.join("")) });

const article = fc.record({
  title: fc.oneof(titleText, hostileText),
  summary: hostileText,
  html: body,
  tags: fc.array(fc.oneof(fc.constantFrom("x", "南开", "</item>"), hostileText), { maxLength: 3 }),
  authors: fc.array(fc.constantFrom("A", "编辑部", "<entry>"), { maxLength: 2 }),
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

/** Where the items of an XML document are, by its structure: the end of each item element, and the end of the element before the first. */
function itemEnds(xml: string, format: "rss" | "atom"): { before: number; ends: number[] } {
  const path: string[] = [];
  const itemPath = format === "rss" ? "rss/channel/item" : "feed/entry";
  const parentPath = itemPath.slice(0, itemPath.lastIndexOf("/"));
  let before = -1;
  const ends: number[] = [];
  const parser = new Parser(
    {
      onopentag(name) {
        path.push(name);
      },
      onclosetag() {
        const at = path.join("/");
        const parent = path.slice(0, -1).join("/");
        path.pop();
        if (at === itemPath) ends.push(parser.endIndex + 1);
        else if (parent === parentPath && ends.length === 0) before = parser.endIndex + 1;
      },
    },
    { xmlMode: true, recognizeCDATA: true },
  );
  parser.end(xml);
  return { before, ends };
}

/** The document split where its structure says: head, items, tail. */
function splitByStructure(document: string, format: FeedFormat): { head: string; items: string[]; tail: string } {
  if (format === "json") {
    const { items } = JSON.parse(document) as { items: unknown[] };
    const head = document.slice(0, document.indexOf('"items":[') + '"items":['.length);
    const texts = items.map((item) => JSON.stringify(item));
    return { head, items: texts, tail: document.slice(head.length + texts.join(",").length) };
  }
  const { before, ends } = itemEnds(document, format);
  const items = ends.map((end, i) => document.slice(i === 0 ? before : (ends[i - 1] as number), end));
  return { head: document.slice(0, before), items, tail: document.slice(ends.at(-1) ?? before) };
}

describe("stored items", () => {
  it("are the whole document's items, split by its structure, byte for byte, full and brief, for any text and body (property)", () => {
    fc.assert(
      fc.property(fc.array(article, { minLength: 1, maxLength: 5 }), fc.constantFrom(PLACEHOLDERS.origin, "https://feeds.example"), (specs, origin) => {
        const site: Site = { ...SETTINGS, origin };
        for (const articles of [articlesOf(specs), articlesOf(specs).map(briefArticle)]) {
          const head = headOf({ scope: { kind: "site" }, query: "", titleAddition: "", updated: lastUpdated(articles), archive: { kind: "subscription", newest: 0 } }, site);
          for (const format of FORMAT_LIST) {
            const items = articles.map((a) => itemOf(a, site));
            const document = renderDocument(format, head, items);
            const { render, join } = FORMATS[format];
            expect(document).toBe(render.head(head) + items.map((item) => render.item(item)).join(join) + render.tail);
            const split = splitByStructure(document, format);
            expect(split).toEqual({ head: render.head(head), items: items.map((item) => render.item(item)), tail: render.tail });
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it("an article whose body is empty has the same item full and brief; one with a body loses only its content", () => {
    const site: Site = { ...SETTINGS, origin: PLACEHOLDERS.origin };
    const [empty, full] = articlesOf([
      { title: "Empty", summary: "", html: "", tags: [], authors: [], image: undefined },
      { title: "Full", summary: "Sum", html: "<p>Body ]]> end ]]> again</p>\n", tags: ["x"], authors: [], image: undefined },
    ]) as [Article, Article];
    const item = (article: Article, format: FeedFormat, whole = true) => FORMATS[format].render.item(itemOf(article, site, whole));
    for (const format of FORMAT_LIST) expect(item(empty, format, false)).toBe(item(empty, format));
    expect(item(full, "rss")).toContain("<content:encoded><![CDATA[<p>Body ]]]]><![CDATA[> end ]]]]><![CDATA[> again</p>\n]]></content:encoded>");
    expect(item(full, "rss", false)).toBe(item(full, "rss").replace(/\n *<content:encoded>.*<\/content:encoded>/s, ""));
    expect(item(full, "atom", false)).toBe(item(full, "atom").replace(/\n *<content type="html">.*<\/content>/s, ""));
    expect(JSON.parse(item(full, "json", false))).toMatchObject({ content_text: "Sum", summary: "Sum" });
    expect(JSON.parse(item(full, "json", false))).not.toHaveProperty("content_html");
  });
});
