/**
 * @module The assets as uploaded (issue 20), made from the files the build's phases write
 * in the staging directory beside them (./settings.ts `stageDir`, never uploaded): one
 * file per bucket, metadata, archive head and group of every scope with files of its
 * own, per shard of small scopes, per chunk and kind. With Chinese variants, every chunk
 * and every such scope file holds every copy (src/content/pack.ts `packFiles`), written
 * whole by its phase, so a variant costs bytes, not files, and each byte is written once.
 * Which shard holds a small scope is decided here (`placeScopes`); the scope phase
 * writes the shards whole (./phases/scopes.ts).
 *
 * Publishing links each staged file where it is uploaded from (a hard link: no copy, no
 * write), so a file the build did not write again is not touched, and the assets
 * directory (what `wrangler dev` serves) changes only when every phase is done.
 */
import { linkSync, statSync, unlinkSync } from "node:fs";
import { join } from "node:path";
import { ARTICLE_KINDS, pageCount } from "../content/layout.ts";
import { holdsEveryCopy, SMALL_SCOPE, shardCount, smallScopeFileCount } from "../content/shards.ts";
import { fnv1a } from "../hash.ts";
import type { Scope } from "../types.ts";
import { archiveFiles } from "./archives.ts";
import { listFiles, makingDirectory, removeOthers } from "./files.ts";
import { windowFiles } from "./windows.ts";

/** Where each small scope's files are: its shard and the segment of its first file there, by scope id. */
export interface Placement {
  shards: number;
  places: Map<string, [shard: number, first: number]>;
}

interface PlacedScope {
  scope: Scope;
  id: string;
  positions: readonly number[];
}

/** Whether `input` is a small scope, whose files go into a shard: a term (never the site) of at most `SMALL_SCOPE` articles. */
export function isSmallScope(input: PlacedScope): boolean {
  return input.scope.kind !== "site" && input.positions.length <= SMALL_SCOPE;
}

/**
 * Each small scope's shard (its id's hash, over a number of shards that changes only
 * when the small scopes' articles double or halve) and its first segment there: the
 * shard's scopes by id, each taking as many segments as it has files.
 */
export function placeScopes(scopes: readonly PlacedScope[], pageSize: number): Placement {
  const small = scopes.filter(isSmallScope);
  const shards = shardCount(small.reduce((sum, input) => sum + input.positions.length, 0));
  const byShard = new Map<number, PlacedScope[]>();
  for (const input of small) {
    const shard = fnv1a(input.id) % shards;
    let list = byShard.get(shard);
    if (list === undefined) byShard.set(shard, (list = []));
    list.push(input);
  }
  const places = new Map<string, [number, number]>();
  for (const [shard, members] of byShard) {
    let first = 0;
    for (const input of members.sort((a, b) => (a.id < b.id ? -1 : 1))) {
      places.set(input.id, [shard, first]);
      first += smallScopeFileCount(input.positions.length, pageSize);
    }
  }
  return { shards, places };
}

/** What publishing made: the asset files, and how many were linked again. */
export interface Published {
  files: number;
  written: number;
}

/** `from` linked at `to` unless it is there already; whether it was linked. */
function link(from: string, to: string): boolean {
  const there = statSync(to, { throwIfNoEntry: false });
  if (there !== undefined) {
    if (there.ino === statSync(from).ino) return false;
    unlinkSync(to);
  }
  makingDirectory(to, () => linkSync(from, to));
  return true;
}

/**
 * Makes `assetsDir` from the staged files `staged` (relative paths) in `stageDir`, each
 * linked where it is published unless it is there already, and removes every other
 * asset file. The staged files are the assets as uploaded: shards, and files that hold
 * every copy, were written whole by the phases.
 */
export function publishAssets(dirs: { stageDir: string; assetsDir: string }, staged: Iterable<string>): Published {
  const { stageDir, assetsDir } = dirs;
  const existing = listFiles(assetsDir);
  const assets = new Set<string>();
  let written = 0;
  for (const file of staged) {
    assets.add(file);
    if (link(join(stageDir, file), join(assetsDir, file))) written++;
  }
  removeOthers(assetsDir, assets, existing);
  return { files: assets.size, written };
}

/** Workers Static Assets' file limits (Cloudflare's Workers docs, 2026): what `wrangler deploy` uploads at most. */
export const ASSET_FILE_LIMITS = { free: 20_000, paid: 100_000 } as const;

/**
 * How many asset files a build of `scopes` (`count` articles) will publish, from what it
 * plans alone: the chunks and the terms' own files (once, holding every copy, when there
 * are variants: src/content/shards.ts `holdsEveryCopy`), the site's own files, the
 * shards in use and `perCopy` more files (lists and indexes) in each copy, and `once`
 * files in none but the original (sitemaps, resources).
 */
export function plannedAssetFiles(
  scopes: readonly PlacedScope[],
  placement: Placement,
  plan: { count: number; pageSize: number; copies: number; perCopy: number; once: number },
): number {
  const { count, pageSize, copies } = plan;
  let shared = ARTICLE_KINDS.length * pageCount(count, pageSize);
  let each = plan.perCopy;
  for (const input of scopes) {
    if (placement.places.has(input.id)) continue;
    for (const file of [...windowFiles(input.id, input.positions.length), ...archiveFiles(input.scope, input.id, input.positions.length, pageSize)]) {
      if (holdsEveryCopy(`/${file}`)) shared++;
      else each++;
    }
  }
  each += new Set([...placement.places.values()].map(([shard]) => shard)).size;
  return (copies > 1 ? shared : shared * copies) + each * copies + plan.once;
}

/** Which Workers plan takes `files` asset files: a line the build prints before it writes anything. */
export function planLine(files: number): string {
  const { free, paid } = ASSET_FILE_LIMITS;
  const fits = files <= free ? "fits the Free plan" : files <= paid ? "needs the Paid plan (more than the Free plan's 20,000)" : "fits no plan (more than the Paid plan's 100,000)";
  return `asset files planned: ${files.toLocaleString("en")}, ${fits}`;
}
