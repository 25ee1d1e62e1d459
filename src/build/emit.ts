/**
 * @module Writes the compiled index as the modules the worker imports:
 *
 * - `catalog.json.txt`: version, counts, term indexes and the byte offset of every
 *   article in `articles.bin`. Small (no article text), parsed on first use.
 * - `articles.bin`: every article as UTF-8 JSON, one after another. A Data module: the
 *   worker gets the bytes as an ArrayBuffer and decodes only the articles a request shows.
 * - `slugs.json.txt`: slugs by position, parsed only when an article page is asked for.
 *
 * Both kinds of module keep CJK text as UTF-8 bytes in the script (wrangler's default
 * rules bundle `*.txt` as Text and `*.bin` as Data modules). The same data in a JS or
 * JSON module would be re-encoded by esbuild as `\uXXXX` escapes, doubling Chinese text.
 */
import { join } from "node:path";
import { lastUpdated } from "../feed/select.ts";
import type { ContentIndex, EmittedCatalog } from "../types.ts";

/** The generated files, relative to the output directory. */
export const FILES = { catalog: "catalog.json.txt", articles: "articles.bin", slugs: "slugs.json.txt" } as const;

/** The three module bodies for `index`. Pure. */
export function emitModules(index: ContentIndex): Record<keyof typeof FILES, Uint8Array | string> {
  const encoder = new TextEncoder();
  const parts = index.articles.map((article) => encoder.encode(JSON.stringify(article)));
  const offsets = [0];
  for (const part of parts) offsets.push((offsets.at(-1) ?? 0) + part.byteLength);
  const articles = new Uint8Array(offsets.at(-1) ?? 0);
  parts.forEach((part, i) => articles.set(part, offsets[i]));
  const catalog: EmittedCatalog = {
    version: index.version,
    count: index.articles.length,
    // Seeded with an article, not the epoch, so an archive from before 1970 is dated right.
    newest: lastUpdated(index.articles).toISOString(),
    tags: index.tags,
    categories: index.categories,
    offsets,
  };
  return { catalog: JSON.stringify(catalog), articles, slugs: JSON.stringify(index.articles.map((a) => a.slug)) };
}

interface Fs {
  writeFile(path: string, data: string | Uint8Array): Promise<void>;
  rename(from: string, to: string): Promise<void>;
}

/** Writes every module to a temporary name first, then renames: a failed write leaves no half file. */
export async function writeModules(index: ContentIndex, outDir: string, fs: Fs): Promise<void> {
  const modules = emitModules(index);
  const names = Object.keys(FILES) as (keyof typeof FILES)[];
  const temporary = (name: keyof typeof FILES) => join(outDir, `${FILES[name]}.${process.pid}.tmp`);
  for (const name of names) await fs.writeFile(temporary(name), modules[name]);
  for (const name of names) await fs.rename(temporary(name), join(outDir, FILES[name]));
}
