/**
 * Issue 18, item 8: the Markdown dialects (footnotes, task lists, definition lists,
 * heading ids, kramdown attribute lists) change nothing for a body that uses none of
 * them. Two checks:
 *
 * - tests/fixtures/markdown-identity.json holds what the renderer made, before the
 *   dialects were added, of every article in content/, the hostile and broken fixtures,
 *   and documents drawn with fixed seeds (tests/record-markdown-identity.ts, which says
 *   when to record again): feed and page HTML, text, first paragraph, first image, and
 *   the text summaries are made of, each must come out the same;
 * - random documents of CommonMark, GFM and near misses of the dialects' syntax
 *   (tests/fixtures/markdown-vocabulary.ts) render exactly as a plain markdown-it does.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import MarkdownIt from "markdown-it";
import { describe, expect, it } from "vitest";
import { type BodyPolicy, markdownText, type Rendered, renderMarkdown } from "../../src/build/markdown.ts";
import { plainMarkdown } from "../fixtures/markdown-vocabulary.ts";

interface Recorded {
  policy: BodyPolicy;
  documents: { name: string; basePath: string; source: string; rendered: Rendered; text: string }[];
}

const recorded = JSON.parse(readFileSync(join(import.meta.dirname, "../fixtures/markdown-identity.json"), "utf8")) as Recorded;

describe("bodies without the dialects render as they did before them", () => {
  it("the record covers content/, the fixtures and drawn documents", () => {
    const kinds = new Set(recorded.documents.map((d) => d.name.replace(/(?:\/[^/]*| \d+)$/, "")));
    expect(kinds).toEqual(new Set(["content", "tests/fixtures/hostile", "tests/fixtures/broken", "plain", "references", "hostile text"]));
    expect(recorded.documents.filter((d) => d.name.startsWith("content/")).length).toBeGreaterThanOrEqual(15);
  });

  it.each(recorded.documents)("$name", ({ source, basePath, rendered, text }) => {
    expect(renderMarkdown(source, basePath, recorded.policy)).toStrictEqual(rendered);
    expect(markdownText(source)).toBe(text);
  });

  it("CommonMark, GFM and near misses of the dialects render as plain markdown-it renders them", () => {
    const plain = new MarkdownIt({ html: true, linkify: false, typographer: false });
    fc.assert(
      fc.property(plainMarkdown, (source) => {
        const rendered = renderMarkdown(source, "/posts/p/", recorded.policy);
        expect(rendered.html).toBe(plain.render(source));
        expect(rendered.pageHtml).toBeUndefined();
      }),
      { numRuns: 300 },
    );
  });
});
