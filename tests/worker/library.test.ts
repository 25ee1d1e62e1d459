/**
 * Issue 6: what keeps requests cheap. The bundled articles are decoded one at a time,
 * and a feed decodes only the articles it shows: every other article's bytes here are
 * not even JSON, so touching one would throw.
 */
import { describe, expect, it } from "vitest";
import { openLibrary } from "../../src/articles.ts";
import { renderFeed } from "../../src/feed/render.ts";
import { findScope, selectArticles } from "../../src/feed/select.ts";
import type { Article, EmittedCatalog } from "../../src/types.ts";
import { contentIndex } from "./helpers.ts";

const SITE = { title: "T", description: "D", origin: "https://feeds.example", language: "en", author: "A", timeZone: "UTC" };

/** The bundled sample content re-emitted with only `keep` positions decodable. */
function poisoned(keep: Set<number>) {
  const index = contentIndex();
  const encoder = new TextEncoder();
  const parts = index.articles.map((a, i) => encoder.encode(keep.has(i) ? JSON.stringify(a) : "\u0000 not json"));
  const offsets = [0];
  for (const part of parts) offsets.push((offsets.at(-1) ?? 0) + part.byteLength);
  const bytes = new Uint8Array(offsets.at(-1) ?? 0);
  parts.forEach((part, i) => bytes.set(part, offsets[i]));
  const catalog: EmittedCatalog = { version: index.version, count: parts.length, newest: "", tags: index.tags, categories: index.categories, offsets };
  let slugsRead = 0;
  const library = openLibrary(catalog, bytes, () => {
    slugsRead++;
    return index.articles.map((a) => a.slug);
  });
  return { library, index, slugsRead: () => slugsRead };
}

describe("a request touches only its selection", () => {
  it.each(["南开大学", "TypeScript", "notes"])("the %s tag's feed decodes only that tag's articles", (tag) => {
    const index = contentIndex();
    const scope = findScope(index, "tags", tag);
    if (!scope) throw new Error(`no tag ${tag}`);
    const positions = index.tags[scope.key]?.articles ?? [];
    const { library } = poisoned(new Set(positions));
    const selection = selectArticles(library, scope, 20);
    expect(selection.articles.map((a: Article) => a.slug)).toEqual(positions.map((p) => index.articles[p]?.slug));
    for (const format of ["rss", "atom", "json"] as const) expect(() => renderFeed(selection, SITE, format)).not.toThrow();
  });

  it("the site feed with ?limit=3 decodes the three newest articles only", () => {
    const { library } = poisoned(new Set([0, 1, 2]));
    expect(selectArticles(library, { kind: "site" }, 3).articles).toHaveLength(3);
    expect(() => selectArticles(library, { kind: "site" }, 4)).toThrow();
  });

  it("slugs are read once, for the first article lookup, and decoded articles are reused", () => {
    const { library, index, slugsRead } = poisoned(new Set([5]));
    expect(slugsRead()).toBe(0);
    const slug = index.articles[5]?.slug ?? "";
    expect(library.find(slug)).toBe(5);
    expect(library.find("nope")).toBeUndefined();
    expect(slugsRead()).toBe(1);
    expect(library.article(5)).toBe(library.article(5));
  });
});
