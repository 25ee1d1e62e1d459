/**
 * @module Reading content files from Workers Static Assets through the `ASSETS`
 * binding. A file that is missing or unreadable is a `ContentUnavailable` error, which
 * the worker answers with `503 Service Unavailable` and `Retry-After` (src/index.ts):
 * never a truncated or empty feed.
 */
import { chunkOf, chunkPath, metaPath, variantRoot } from "./layout.ts";
import { ByteLru } from "../http/lru.ts";
import { openPack, type Pack } from "./pack.ts";
import type { ArticleMeta, PageRecord } from "../types.ts";

/** A content file could not be read. */
export class ContentUnavailable extends Error {
  readonly path: string;

  constructor(path: string, reason: string) {
    super(`content file ${path}: ${reason}`);
    this.name = "ContentUnavailable";
    this.path = path;
  }
}

/** What the worker reads content through: the `ASSETS` binding (a `Fetcher`), or a stand-in in tests. */
export interface AssetReader {
  fetch(request: Request): Promise<Response>;
  /**
   * Where this reader's paths are in the assets: a Chinese variant's copy
   * (`/_c/v/s2t`); absent for the original. Errors name the path read (issue 21).
   */
  readonly root?: string;
}

/** Where `path`, read through `assets`, is in the assets: what an error names. */
function located(assets: AssetReader, path: string): string {
  return (assets.root ?? "") + path;
}

/**
 * The content of a Chinese variant (src/content/layout.ts `variantRoot`) read through
 * `assets` with the original's paths, so every document and page reads a variant as it
 * reads the original.
 */
export function variantAssets(assets: AssetReader, variant: string): AssetReader {
  let variants = variantReaders.get(assets);
  if (variants === undefined) variantReaders.set(assets, (variants = new Map()));
  let reader = variants.get(variant);
  if (reader === undefined) variants.set(variant, (reader = variantReader(assets, variant)));
  return reader;
}

/** One reader per base reader and variant, so that files read through it are kept (`readFile`). */
const variantReaders = new WeakMap<AssetReader, Map<string, AssetReader>>();

function variantReader(assets: AssetReader, variant: string): AssetReader {
  const root = variantRoot(variant);
  return {
    root: located(assets, root),
    fetch(request) {
      const url = new URL(request.url);
      return assets.fetch(new Request(url.origin + root + url.pathname));
    },
  };
}

/** Where asset requests are addressed; the asset server looks only at the path. */
const ASSETS_ORIGIN = "https://assets.invalid";

/**
 * `assets`, reading each file at most once however many times it is asked for (by path):
 * for work that needs one file several times in one go, such as the WebSub hub tagging
 * every filtered feed of a scope from one read of its metadata. Holds what it read until
 * it is dropped: keep it for one such piece of work only.
 */
export function readingOnce(assets: AssetReader): AssetReader {
  const files = new Map<string, Promise<Uint8Array | number>>();
  return {
    ...(assets.root === undefined ? {} : { root: assets.root }),
    async fetch(request) {
      const path = new URL(request.url).pathname;
      let file = files.get(path);
      if (file === undefined) {
        file = assets.fetch(request).then(async (response) => {
          if (response.ok) return new Uint8Array(await response.arrayBuffer());
          await response.body?.cancel();
          return response.status;
        });
        files.set(path, file);
      }
      const read = await file;
      return typeof read === "number" ? new Response(null, { status: read }) : new Response(read.slice());
    },
  };
}

/**
 * Content files read lately: a response not made yet that needs the same files as one
 * made before (`?limit=99` after `?limit=100`, another format's page of the same scope, a
 * filtered feed of a window just served) reads nothing. Files are immutable for the life
 * of an isolate (one deploy). One budget for the whole isolate, whatever reads (the
 * original and each Chinese variant are readers of their own): with a budget per reader,
 * an isolate serving a variant kept twice as much (89 MB after 1,000 responses at
 * N = 10,000, BENCHMARKS.md). With the response cache's 32 MiB, what the isolate keeps
 * stays under 64 MB.
 */
const recent = new ByteLru<Uint8Array>(16 * 1024 * 1024, 512);

/** A number per reader, for the keys of `recent`. */
const readerIds = new WeakMap<AssetReader, number>();
let readers = 0;

/** The bytes of the content file at `path`. */
export async function readFile(assets: AssetReader, path: string): Promise<Uint8Array> {
  let id = readerIds.get(assets);
  if (id === undefined) readerIds.set(assets, (id = readers++));
  const key = `${id} ${path}`;
  const hit = recent.get(key);
  if (hit !== undefined) return hit;
  const bytes = await fetchFile(assets, path);
  recent.set(key, bytes);
  return bytes;
}

async function fetchFile(assets: AssetReader, path: string): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await assets.fetch(new Request(ASSETS_ORIGIN + path));
  } catch (error) {
    throw new ContentUnavailable(located(assets, path), `could not be fetched (${String(error)})`);
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new ContentUnavailable(located(assets, path), `answered ${response.status}`);
  }
  return new Uint8Array(await response.arrayBuffer());
}

/** The pack at `path`; a file that is not a pack is unavailable too. */
export async function readPack(assets: AssetReader, path: string): Promise<Pack> {
  const bytes = await readFile(assets, path);
  try {
    return openPack(bytes);
  } catch (error) {
    throw new ContentUnavailable(located(assets, path), String(error));
  }
}

const decoder = new TextDecoder();

/** `bytes` (of the content file at `path`, read through `assets`) as JSON; what is not JSON makes the file unavailable. */
export function parseJson<T>(assets: AssetReader, path: string, bytes: Uint8Array): T {
  try {
    return JSON.parse(decoder.decode(bytes)) as T;
  } catch (error) {
    throw new ContentUnavailable(located(assets, path), `is not JSON (${String(error)})`);
  }
}

/** The metadata of a scope's window: its newest articles, newest first. */
export async function readWindowMeta(assets: AssetReader, scopeId: string): Promise<ArticleMeta[]> {
  const path = metaPath(scopeId);
  return parseJson<ArticleMeta[]>(assets, path, await readFile(assets, path));
}

/** The page record (metadata and body) of the article at `position` of `count`, from its chunk of `pageSize`. */
export async function readPage(assets: AssetReader, position: number, count: number, pageSize: number): Promise<PageRecord> {
  const { chunk, index } = chunkOf(position, count, pageSize);
  const path = chunkPath("page", chunk);
  return parseJson<PageRecord>(assets, path, (await readPack(assets, path)).segment(index));
}
