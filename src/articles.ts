/**
 * @module Read-only access to the content bundled into the worker (see src/build/emit.ts).
 * Nothing is parsed at startup. The first request parses the small catalog; articles are
 * decoded from the Data module one at a time, when a response shows them, and kept in a
 * byte-bounded LRU, so no request scans or decodes the whole archive.
 */
import articlesBin from "./generated/articles.bin";
import catalogText from "./generated/catalog.json.txt";
import slugsText from "./generated/slugs.json.txt";
import { lastUpdated } from "./feed/select.ts";
import { ByteLru } from "./http/lru.ts";
import type { Article, ContentIndex, EmittedCatalog, Library } from "./types.ts";

/**
 * A `Library` over emitted modules. `slugs` is called once, on the first `find()`.
 * @param articles the bytes of `articles.bin`.
 */
export function openLibrary(catalog: EmittedCatalog, articles: Uint8Array, slugs: () => string[]): Library {
  const { offsets, ...rest } = catalog;
  const decoder = new TextDecoder();
  const decoded = new ByteLru<{ article: Article; byteLength: number }>(16 * 1024 * 1024, 8192);
  let positions: Map<string, number> | undefined;
  return {
    ...rest,
    article(position) {
      const cached = decoded.get(String(position));
      if (cached) return cached.article;
      const start = offsets[position];
      const end = offsets[position + 1];
      if (start === undefined || end === undefined) throw new RangeError(`no article at position ${position}`);
      const article = JSON.parse(decoder.decode(articles.subarray(start, end))) as Article;
      decoded.set(String(position), { article, byteLength: end - start });
      return article;
    },
    find(slug) {
      positions ??= new Map(slugs().map((s, i) => [s, i]));
      return positions.get(slug);
    },
  };
}

let library: Library | undefined;

/** The bundled content. */
export function contentLibrary(): Library {
  library ??= openLibrary(JSON.parse(catalogText) as EmittedCatalog, new Uint8Array(articlesBin), () => JSON.parse(slugsText) as string[]);
  return library;
}

/** The article published under `slug`, if any. */
export function findArticle(slug: string): Article | undefined {
  const lib = contentLibrary();
  const position = lib.find(slug);
  return position === undefined ? undefined : lib.article(position);
}

/** A `Library` over an index held in memory, as the compiler returns it (tests, tools). */
export function libraryFromIndex(index: ContentIndex): Library {
  const { articles, ...terms } = index;
  return {
    ...terms,
    count: articles.length,
    newest: lastUpdated(articles).toISOString(),
    article(position) {
      const article = articles[position];
      if (article === undefined) throw new RangeError(`no article at position ${position}`);
      return article;
    },
    find: (slug) => {
      const position = articles.findIndex((a) => a.slug === slug);
      return position < 0 ? undefined : position;
    },
  };
}
