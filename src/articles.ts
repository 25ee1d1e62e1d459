/**
 * @module Read-only access to the index the content compiler bundled into the worker.
 * It is parsed once per isolate, on first use, not at startup.
 */
import bundled from "./generated/content-index.json.txt";
import type { Article, ContentIndex } from "./types.ts";

let index: ContentIndex | undefined;

/** The bundled content index. */
export function contentIndex(): ContentIndex {
  index ??= JSON.parse(bundled) as ContentIndex;
  return index;
}

let bySlug: Map<string, Article> | undefined;

/** The article published under `slug`, if any. */
export function findArticle(slug: string): Article | undefined {
  bySlug ??= new Map(contentIndex().articles.map((a) => [a.slug, a]));
  return bySlug.get(slug);
}
