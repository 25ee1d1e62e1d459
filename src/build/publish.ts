/**
 * @module The assets as uploaded (issue 20), made from the files the build's phases write
 * in the staging directory beside them (one file per bucket, metadata, archive head and
 * group of every scope with files of its own, per shard of small scopes, per chunk and
 * kind, in the original and in each Chinese variant's copy: ./settings.ts `stageDir`,
 * never uploaded). Which shard holds a small scope is decided here (`placeScopes`); the
 * scope phase writes the shards whole (./phases/scopes.ts).
 *
 * - with Chinese variants, every chunk and every other scope file holds every copy in one
 *   file (src/content/pack.ts `packFiles`), so a variant costs bytes, not files;
 * - everything else is the staged file itself (a hard link: no copy, no write).
 *
 * Only files whose members were written again since they were made, or whose members
 * changed, are made again, so adding an article rewrites about as few files as before.
 */
import { linkSync, readFileSync, statSync, unlinkSync } from "node:fs";
import { join } from "node:path";
import { ARTICLE_KINDS, pageCount } from "../content/layout.ts";
import { packFiles } from "../content/pack.ts";
import { holdsEveryCopy, SMALL_SCOPE, shardCount, smallScopeFileCount } from "../content/shards.ts";
import { fnv1a } from "../hash.ts";
import type { Scope } from "../types.ts";
import { archiveFiles } from "./archives.ts";
import { listFiles, makingDirectory, removeOthers, writeAtomic } from "./files.ts";
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

type Kind = "single" | "copies";

/** Where the staged file `file` goes: the asset file, its place among that file's members, and what kind of file that is. */
function destination(file: string, variants: readonly string[]): { asset: string; index: number; kind: Kind } {
  const variant = file.startsWith("_c/v/") ? (file.split("/")[2] as string) : undefined;
  const inner = variant === undefined ? file : file.slice(`_c/v/${variant}/`.length);
  if (variants.length > 0 && holdsEveryCopy(`/${inner}`)) return { asset: inner, index: variant === undefined ? 0 : variants.indexOf(variant) + 1, kind: "copies" };
  return { asset: file, index: 0, kind: "single" };
}

/** What publishing made: the asset files, and how many were written (or linked) again. */
export interface Published {
  files: number;
  written: number;
  /** Each shard's and each file of copies' members (staged paths), by asset path: the next build's `last`. */
  layout: Record<string, string[]>;
}

/** Whether the asset `target` (a shard or a file of copies) still holds what its staged `members` hold. */
function current(target: string, members: readonly string[], last: readonly string[] | undefined, stageDir: string): boolean {
  if (last === undefined || last.length !== members.length || last.some((m, i) => m !== members[i])) return false;
  const made = statSync(target, { throwIfNoEntry: false });
  return made !== undefined && members.every((m) => statSync(join(stageDir, m)).mtimeMs <= made.mtimeMs);
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

/** Asset files to make from staged ones, for a build thread: each with its kind and its members. */
export interface PublishJob {
  stageDir: string;
  assetsDir: string;
  files: [asset: string, members: string[]][];
}

/** Makes the files of `job` (./parallel.ts runs it on a build thread). */
export function writePublished(job: PublishJob): number {
  for (const [asset, members] of job.files) {
    writeAtomic(
      join(job.assetsDir, asset),
      packFiles(
        members.map((m) => readFileSync(join(job.stageDir, m))),
        true,
      ),
    );
  }
  return job.files.length;
}

/** Staged bytes a publish job reads, about: enough that a job's files are most of its cost. */
const PUBLISH_BATCH = 64 * 2 ** 20;

/**
 * Makes `assetsDir` from the staged files `staged` (relative paths) in `stageDir`: shards,
 * files of copies and links, each only when what it holds changed since `last` (the last
 * build's layout); removes every other asset file. Shards and files of copies are written
 * by `write` (the build's threads), in batches.
 */
export async function publishAssets(
  dirs: { stageDir: string; assetsDir: string },
  staged: Iterable<string>,
  variants: readonly string[],
  last: Record<string, string[]>,
  write: (jobs: PublishJob[], bytes: number) => Promise<void>,
): Promise<Published> {
  const { stageDir, assetsDir } = dirs;
  const assets = new Map<string, { kind: Kind; members: string[] }>();
  for (const file of staged) {
    const { asset, index, kind } = destination(file, variants);
    let entry = assets.get(asset);
    if (entry === undefined) assets.set(asset, (entry = { kind, members: [] }));
    entry.members[index] = file;
  }
  const existing = listFiles(assetsDir);
  const layout: Record<string, string[]> = {};
  const jobs: PublishJob[] = [];
  let job: PublishJob = { stageDir, assetsDir, files: [] };
  let size = 0;
  let total = 0;
  let written = 0;
  for (const [asset, { kind, members }] of assets) {
    if (kind === "single") {
      if (link(join(stageDir, members[0] as string), join(assetsDir, asset))) written++;
      continue;
    }
    if (members.length === 0 || members.some((m) => m === undefined)) throw new Error(`${asset}: a member is missing (${members.length} expected)`);
    layout[asset] = members;
    if (current(join(assetsDir, asset), members, last[asset], stageDir)) continue;
    job.files.push([asset, members]);
    const bytes = members.reduce((sum, m) => sum + statSync(join(stageDir, m)).size, 0);
    size += bytes;
    total += bytes;
    if (size >= PUBLISH_BATCH) {
      jobs.push(job);
      job = { stageDir, assetsDir, files: [] };
      size = 0;
    }
  }
  if (job.files.length > 0) jobs.push(job);
  await write(jobs, total);
  written += jobs.reduce((sum, j) => sum + j.files.length, 0);
  removeOthers(assetsDir, new Set(assets.keys()), existing);
  return { files: assets.size, written, layout };
}

/** Workers Static Assets' file limits (Cloudflare's Workers docs, 2026): what `wrangler deploy` uploads at most. */
export const ASSET_FILE_LIMITS = { free: 20_000, paid: 100_000 } as const;

/**
 * How many asset files a build of `scopes` (`count` articles) will publish, from what it
 * plans alone: the chunks and the scopes' own files (once, holding every copy, when there
 * are variants), the shards in use and `perCopy` more files (lists and indexes) in each
 * copy, and `once` files in none but the original (sitemaps, resources).
 */
export function plannedAssetFiles(
  scopes: readonly PlacedScope[],
  placement: Placement,
  plan: { count: number; pageSize: number; copies: number; perCopy: number; once: number },
): number {
  const { count, pageSize, copies } = plan;
  let own = ARTICLE_KINDS.length * pageCount(count, pageSize);
  for (const input of scopes) {
    if (placement.places.has(input.id)) continue;
    own += windowFiles(input.id, input.positions.length).length + archiveFiles(input.scope, input.id, input.positions.length, pageSize).length;
  }
  const shards = new Set([...placement.places.values()].map(([shard]) => shard)).size;
  return (copies > 1 ? own : own * copies) + (shards + plan.perCopy) * copies + plan.once;
}

/** Which Workers plan takes `files` asset files: a line the build prints before it writes anything. */
export function planLine(files: number): string {
  const { free, paid } = ASSET_FILE_LIMITS;
  const fits = files <= free ? "fits the Free plan" : files <= paid ? "needs the Paid plan (more than the Free plan's 20,000)" : "fits no plan (more than the Paid plan's 100,000)";
  return `asset files planned: ${files.toLocaleString("en")}, ${fits}`;
}
