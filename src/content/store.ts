/**
 * @module Reading content files from Workers Static Assets through the `ASSETS`
 * binding. A file that is missing or unreadable is a `ContentUnavailable` error, which
 * the worker answers with `503 Service Unavailable` and `Retry-After` (src/index.ts):
 * never a truncated or empty feed.
 */
import type { ArticleMeta, PageRecord } from "../types.ts";
import { chunkOf, chunkPath, META_ENCODING, metaPath, variantRoot } from "./layout.ts";
import { copyOf, openPack, type Pack } from "./pack.ts";
import { holdsEveryCopy, type ScopeFiles } from "./shards.ts";

/** A content file could not be read. */
export class ContentUnavailable extends Error {
  readonly path: string;

  constructor(path: string, reason: string) {
    super(`content file ${path}: ${reason}`);
    this.name = "ContentUnavailable";
    this.path = path;
  }
}

/** What the worker reads content through: the `ASSETS` binding (a `Fetcher`), or a test's own reader. */
export interface AssetReader {
  fetch(request: Request): Promise<Response>;
  /**
   * Where this reader's paths are in the assets: a Chinese variant's copy
   * (`/_c/v/s2t`); absent for the original. Errors name the path read (issue 21).
   */
  readonly root?: string;
  /**
   * Which copy of a file that holds every copy (src/content/shards.ts `holdsEveryCopy`)
   * this reader takes: 0 (absent) the original, then each Chinese variant in the
   * catalog's order.
   */
  readonly copy?: number;
}

/**
 * The copy `assets` reads (0, the original, for the `ASSETS` binding itself, a service
 * binding whose every property, asked for, is a remote one: only a number counts).
 */
function copyRead(assets: AssetReader): number {
  return typeof assets.copy === "number" ? assets.copy : 0;
}

/** Where `path`, read through `assets`, is in the assets: what an error names. */
function located(assets: AssetReader, path: string): string {
  if (holdsEveryCopy(path) && copyRead(assets) > 0) return `${path} (copy ${copyRead(assets)})`;
  return (typeof assets.root === "string" ? assets.root : "") + path;
}

/**
 * The content of a Chinese variant (src/content/layout.ts `variantRoot`) read through
 * `assets` with the original's paths, so every document and page reads a variant as it
 * reads the original.
 */
export function variantAssets(assets: AssetReader, variant: string, copy: number): AssetReader {
  let variants = variantReaders.get(assets);
  if (variants === undefined) variantReaders.set(assets, (variants = new Map()));
  let reader = variants.get(variant);
  if (reader === undefined) variants.set(variant, (reader = variantReader(assets, variant, copy)));
  return reader;
}

/** One reader per base reader and variant: made once, however many requests read the variant. */
const variantReaders = new WeakMap<AssetReader, Map<string, AssetReader>>();

/**
 * A variant's files: those that hold every copy at the original's path (the reader takes
 * copy `copy` of them), the others (its shards, lists and indexes) under its root.
 */
function variantReader(assets: AssetReader, variant: string, copy: number): AssetReader {
  const root = variantRoot(variant);
  return {
    root: located(assets, root),
    copy,
    fetch(request) {
      const url = new URL(request.url);
      return assets.fetch(holdsEveryCopy(url.pathname) ? request : new Request(url.origin + root + url.pathname));
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
    ...(typeof assets.root === "string" ? { root: assets.root } : {}),
    ...(copyRead(assets) === 0 ? {} : { copy: copyRead(assets) }),
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
 * The bytes of the content file at `path`: a file of its own, this reader's copy of a
 * file that holds every copy, or, for `<shard>#<segment>` (a small scope's file,
 * src/content/shards.ts `scopeFile`), that segment of the shard. One read each. Not
 * kept: the one cache of an isolate holds finished responses (src/http/cache.ts), and
 * the files a response is made of are in it already; work that needs one file several
 * times in one go reads through `readingOnce`.
 */
export async function readFile(assets: AssetReader, path: string): Promise<Uint8Array> {
  const hash = path.indexOf("#");
  const file = hash === -1 ? path : path.slice(0, hash);
  let response: Response;
  try {
    response = await assets.fetch(new Request(ASSETS_ORIGIN + file));
  } catch (error) {
    throw new ContentUnavailable(located(assets, file), `could not be fetched (${String(error)})`);
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new ContentUnavailable(located(assets, file), `answered ${response.status}`);
  }
  const bytes = new Uint8Array(await response.arrayBuffer());
  try {
    const copy = copyOf(bytes, copyRead(assets));
    return hash === -1 ? copy : openPack(copy).segment(Number(path.slice(hash + 1)));
  } catch (error) {
    throw new ContentUnavailable(located(assets, path), String(error));
  }
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

/** Window metadata's decoder (./layout.ts `META_ENCODING`). */
const metaDecoder = new TextDecoder(META_ENCODING);

/**
 * `bytes` (of the content file at `path`, read through `assets`) as JSON, in UTF-8 unless
 * `text` says otherwise; what is not JSON makes the file unavailable.
 */
export function parseJson<T>(assets: AssetReader, path: string, bytes: Uint8Array, text: { decode(bytes: Uint8Array): string } = decoder): T {
  try {
    return JSON.parse(text.decode(bytes)) as T;
  } catch (error) {
    throw new ContentUnavailable(located(assets, path), `is not JSON (${String(error)})`);
  }
}

/** The metadata of a scope's window: its newest articles, newest first. */
export async function readWindowMeta(assets: AssetReader, scope: ScopeFiles): Promise<ArticleMeta[]> {
  const path = metaPath(scope);
  return parseJson<ArticleMeta[]>(assets, path, await readFile(assets, path), metaDecoder);
}

/** The page record (metadata and body) of the article at `position` of `count`, from its chunk of `pageSize`. */
export async function readPage(assets: AssetReader, position: number, count: number, pageSize: number): Promise<PageRecord> {
  const { chunk, index } = chunkOf(position, count, pageSize);
  const path = chunkPath("page", chunk);
  return parseJson<PageRecord>(assets, path, (await readPack(assets, path)).segment(index));
}
