/**
 * @module Scope windows: for the site and every tag, category and author, its newest
 * buckets (`BUCKET` articles counted from its oldest) in each format, copied out of the
 * article chunks and placed as they sit in a document (separators included), between
 * the scope's feed head template and its tail as they were when the bucket was the
 * newest, so the worker assembles any `?limit=` from one contiguous run per bucket. Plus
 * the newest `WINDOW` articles' metadata for pages, embeds and filters. See
 * src/content/layout.ts.
 */
import { createHash } from "node:crypto";
import { join } from "node:path";
import { archivePageCount, bucketHeadCount, bucketMembers, bucketPath, chunkOf, chunkPath, keptBuckets, META_ENCODING, metaPath, newestBucket, WINDOW } from "../content/layout.ts";
import { packSegments } from "../content/pack.ts";
import { PLACEHOLDERS } from "../content/placeholders.ts";
import { FORMATS } from "../feed/formats.ts";
import { siteOf } from "../feed/site.ts";
import { headTemplate } from "../feed/template.ts";
import type { Site, SiteSettings } from "../settings.ts";
import { type ArticleMeta, FEED_FORMATS, type FeedFormat, type Scope } from "../types.ts";
import { readSegments, writeAtomic } from "./files.ts";

/**
 * The packed segment of each of `positions` (of `count` articles), read from chunk files
 * under `dir` (`path(n)` names chunk `n`; `copy`: which copy of a chunk holding every
 * copy), each chunk once, and of each only the bytes those segments are in (./files.ts
 * `readSegments`): no chunk's whole buffer is kept.
 */
export function readChunkParts(dir: string, count: number, pageSize: number, path: (n: number) => string, positions: Iterable<number>, copy = 0): Map<number, Uint8Array> {
  const byChunk = new Map<number, { position: number; index: number }[]>();
  for (const position of positions) {
    const { chunk, index } = chunkOf(position, count, pageSize);
    let list = byChunk.get(chunk);
    if (list === undefined) byChunk.set(chunk, (list = []));
    list.push({ position, index });
  }
  const parts = new Map<number, Uint8Array>();
  for (const [chunk, wanted] of byChunk) {
    const segments = readSegments(
      join(dir, path(chunk)),
      wanted.map(({ index }) => index),
      copy,
    );
    wanted.forEach(({ position }, i) => {
      parts.set(position, segments[i] as Uint8Array);
    });
  }
  return parts;
}

/** `items` as they sit one after another in a document of `format`: what joins them before all but the first. */
export function placeItems(items: Uint8Array[], format: FeedFormat): Uint8Array[] {
  const separator = new TextEncoder().encode(FORMATS[format].join);
  if (separator.byteLength === 0) return items;
  return items.map((item, i) => {
    if (i === 0) return item;
    const placed = new Uint8Array(separator.byteLength + item.byteLength);
    placed.set(separator, 0);
    placed.set(item, separator.byteLength);
    return placed;
  });
}

/** Two 32-bit words of a SHA-256 of `text`. */
export function hashWords(text: string): [number, number] {
  const bytes = createHash("sha256").update(text).digest();
  return [bytes.readUInt32LE(0), bytes.readUInt32LE(4)];
}

/**
 * The site as build output is written on: `SITE_URL`, or the `origin` placeholder for the
 * worker to replace; in a Chinese variant's copy, `linkQuery` (`?opencc=s2t`) on its
 * links to other documents.
 */
export function outputSite(settings: SiteSettings, linkQuery = ""): Site {
  return siteOf(settings, settings.url || PLACEHOLDERS.origin, linkQuery);
}

export interface WindowInput {
  scope: Scope;
  /** The scope's asset directory id. */
  id: string;
  /** All the scope's articles, newest first, or at least those of its kept buckets (src/content/layout.ts `keptBuckets`). */
  positions: number[];
  /** How many articles the scope has. */
  count: number;
  /** The buckets to write. */
  buckets: number[];
  /** Whether to write the window's metadata. */
  meta: boolean;
}

/** The articles whose items `input`'s buckets to write take, newest first. */
export function bucketPositions(input: WindowInput): number[] {
  return input.buckets.flatMap((bucket) => bucketMembers(input.positions, bucket, input.count));
}

/** The articles whose metadata `input` takes: its newest `WINDOW` when its metadata is written, else none. */
export function metaPositions(input: WindowInput): number[] {
  return input.meta ? input.positions.slice(0, WINDOW) : [];
}

/**
 * The key of the inputs of bucket `bucket` of `scope`, which has `count` articles whose
 * newest are `keys` (by source key, newest first, at least down to this bucket): what
 * its bytes follow from besides the build's basis. A bucket whose key did not change is
 * not written again (src/build/manifest.ts).
 */
export function bucketKey(scope: Scope, keys: readonly string[], bucket: number, count: number, pageSize: number): string {
  return hashWords(JSON.stringify([scope, bucket, archivePageCount(bucketHeadCount(bucket, count), pageSize), bucketMembers(keys, bucket, count)])).join("-");
}

/** The key of the inputs of a scope's window metadata (its newest `WINDOW` articles' sources). */
export function metaKey(keys: readonly string[]): string {
  return hashWords(JSON.stringify(keys.slice(0, WINDOW))).join("-");
}

/** Where a copy's scope files go (`assetsDir`), and where its items are: the chunks under `chunksDir`, copy `copy` of each (0: the original). */
export interface CopyDirs {
  assetsDir: string;
  chunksDir: string;
  copy: number;
}

/**
 * Writes the buckets and metadata asked for in `inputs`; returns, per input, the hash
 * of its newest bucket's head template and tail in each format (rss, atom, json: two
 * words each) when that bucket was written, for validators, else nothing. One format at
 * a time, so at most one format's items of all buckets are in memory at once.
 */
export function writeWindows(inputs: readonly WindowInput[], metas: readonly ArticleMeta[], settings: SiteSettings, dirs: CopyDirs, linkQuery = ""): number[][] {
  const { assetsDir } = dirs;
  const encoder = new TextEncoder();
  const site = outputSite(settings, linkQuery);
  const heads = inputs.map(() => [] as number[]);
  const needed = new Set(inputs.flatMap(bucketPositions));
  for (const format of FEED_FORMATS) {
    const parts = readChunkParts(dirs.chunksDir, metas.length, settings.pageSize, (n) => chunkPath(format, n), needed, dirs.copy);
    inputs.forEach((input, n) => {
      const newest = newestBucket(input.count).bucket;
      for (const bucket of input.buckets) {
        const newestPages = archivePageCount(bucketHeadCount(bucket, input.count), settings.pageSize);
        const head = headTemplate(input.scope, site, format, { kind: "subscription", newest: newestPages });
        const { tail } = FORMATS[format].render;
        if (bucket === newest) heads[n]?.push(...hashWords(`${head}\u0000${tail}`));
        const items = placeItems(
          bucketMembers(input.positions, bucket, input.count).map((position) => parts.get(position) as Uint8Array),
          format,
        );
        writeAtomic(join(assetsDir, bucketPath(input, format, bucket)), packSegments([encoder.encode(head), ...items, encoder.encode(tail)]));
      }
    });
  }
  for (const input of inputs) {
    if (input.meta) writeAtomic(join(assetsDir, metaPath(input)), Buffer.from(JSON.stringify(metaPositions(input).map((p) => metas[p])), META_ENCODING));
  }
  return heads;
}

/** The window files of a scope with `count` articles: its kept buckets in each format, and its metadata (relative to the assets directory, without the leading `/`). */
export function windowFiles(id: string, count: number): string[] {
  const scope = { id, count };
  return [...keptBuckets(count).flatMap((bucket) => FEED_FORMATS.map((f) => bucketPath(scope, f, bucket))), metaPath(scope)].map((p) => p.slice(1));
}
