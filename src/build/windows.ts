/**
 * @module Scope windows: for the site and every tag, category and author, the newest
 * `WINDOW` items in each format, copied out of the article chunks and placed as they
 * sit in a document (separators included), behind the scope's feed head template and
 * before its tail, so the worker assembles any `?limit=` from at most two contiguous
 * runs. Plus the same articles' metadata for pages and embeds. See src/content/layout.ts.
 */
import { createHash } from "node:crypto";
import { join } from "node:path";
import { chunkOf, chunkPath, FIRST, metaPath, archivePageCount, windowPath } from "../content/layout.ts";
import { packSegments } from "../content/pack.ts";
import { renderTemplate } from "../feed/serialise.ts";
import { ORIGIN_TOKEN, SPLICING } from "../feed/template.ts";
import { FEED_FORMATS } from "../feed/urls.ts";
import type { SiteSettings } from "../settings.ts";
import { hubUrls } from "../websub/discovery.ts";
import type { ArticleMeta, FeedFormat, Scope } from "../types.ts";
import { readSegments, writeAtomic } from "./files.ts";

/**
 * The packed segment of each of `positions` (of `count` articles), read from chunk files
 * under `dir` (`path(n)` names chunk `n`), each chunk once, and of each only the bytes
 * those segments are in (./files.ts `readSegments`): no chunk's whole buffer is kept.
 */
export function readChunkParts(dir: string, count: number, pageSize: number, path: (n: number) => string, positions: Iterable<number>): Map<number, Uint8Array> {
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
    );
    wanted.forEach(({ position }, i) => parts.set(position, segments[i] as Uint8Array));
  }
  return parts;
}

/** `fragments` as they sit one after another in a document of `format`: separators before all but the first. */
export function placeItems(fragments: Uint8Array[], format: FeedFormat): Uint8Array[] {
  const separator = new TextEncoder().encode(SPLICING[format].separator);
  if (separator.byteLength === 0) return fragments;
  return fragments.map((fragment, i) => {
    if (i === 0) return fragment;
    const placed = new Uint8Array(separator.byteLength + fragment.byteLength);
    placed.set(separator, 0);
    placed.set(fragment, separator.byteLength);
    return placed;
  });
}

/** Two 32-bit words of a SHA-256 of `text`. */
export function hashWords(text: string): [number, number] {
  const bytes = createHash("sha256").update(text).digest();
  return [bytes.readUInt32LE(0), bytes.readUInt32LE(4)];
}

/**
 * The site as build output is written on: `SITE_URL`, or the origin token for the worker
 * to replace; in a Chinese variant's copy, `linkQuery` (`?opencc=s2t`) on its links to
 * other documents.
 */
export function outputSite(settings: SiteSettings, linkQuery = ""): SiteSettings & { origin: string; hubs: readonly string[]; linkQuery: string } {
  const origin = settings.url || ORIGIN_TOKEN;
  return { ...settings, origin, hubs: hubUrls(settings, origin), linkQuery };
}

export interface WindowInput {
  scope: Scope;
  /** The scope's asset directory id. */
  id: string;
  /** All the scope's articles, newest first (the window is the first `WINDOW`). */
  count: number;
  /** The window's articles, newest first. */
  positions: number[];
}

/**
 * Writes the window files of every scope in `inputs`; returns, per input, the hash of
 * its head template and tail in each format (rss, atom, json: two words each), for
 * validators. One format at a time, so at most one format's items of all windows are
 * in memory at once.
 */
export function writeWindows(inputs: readonly WindowInput[], metas: readonly ArticleMeta[], settings: SiteSettings, assetsDir: string, linkQuery = ""): number[][] {
  const encoder = new TextEncoder();
  const site = outputSite(settings, linkQuery);
  const heads = inputs.map(() => [] as number[]);
  const needed = new Set(inputs.flatMap((input) => input.positions));
  for (const format of FEED_FORMATS as FeedFormat[]) {
    const parts = readChunkParts(assetsDir, metas.length, settings.pageSize, (n) => chunkPath(format, n), needed);
    inputs.forEach((input, n) => {
      const template = renderTemplate(input.scope, site, format, { kind: "subscription", newest: archivePageCount(input.count, settings.pageSize) });
      heads[n]?.push(...hashWords(`${template.head}\u0000${template.tail}`));
      const items = placeItems(
        input.positions.map((position) => parts.get(position) as Uint8Array),
        format,
      );
      writeAtomic(join(assetsDir, windowPath(input.id, format, "a")), packSegments([encoder.encode(template.head), ...items.slice(0, FIRST), encoder.encode(template.tail)]));
      if (items.length > FIRST) writeAtomic(join(assetsDir, windowPath(input.id, format, "b")), packSegments(items.slice(FIRST)));
    });
  }
  for (const input of inputs) writeAtomic(join(assetsDir, metaPath(input.id)), JSON.stringify(input.positions.map((p) => metas[p])));
  return heads;
}

/** The window files of a scope whose window holds `size` items (relative to the assets directory, without the leading `/`). */
export function windowFiles(id: string, size: number): string[] {
  const parts: ("a" | "b")[] = size > FIRST ? ["a", "b"] : ["a"];
  return [...FEED_FORMATS.flatMap((f) => parts.map((p) => windowPath(id, f, p))), metaPath(id)].map((p) => p.slice(1));
}
