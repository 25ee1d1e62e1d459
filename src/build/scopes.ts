/**
 * @module The scopes' files as jobs for the build's threads (./parallel.ts): the windows,
 * archive heads and archive groups that a build writes, of the original and of each
 * Chinese variant (in one job, so a file that holds every copy is written once), cut
 * into batches of about the same size. A batch reads what it needs
 * from the article chunks and the work files (./chunks.ts `readMetas`, `readBriefs`) and
 * writes its files with ./windows.ts, ./archives.ts and ./variant-scopes.ts, so both
 * cores write scope files and no thread holds every article's metadata or items: what a
 * batch holds is bounded by its size.
 */

import { join, sep } from "node:path";
import type { VariantData } from "../content/index-format.ts";
import { archivePageCount, groupPages } from "../content/layout.ts";
import { packFiles } from "../content/pack.ts";
import { holdsEveryCopy, shardPath } from "../content/shards.ts";
import type { ChineseVariant } from "../i18n/variants.ts";
import { VARIANT_PARAM } from "../i18n/variants.ts";
import type { SiteSettings } from "../settings.ts";
import type { Scope } from "../types.ts";
import { type ArchiveInput, type GroupJob, pagePositions, writeArchiveGroups, writeArchiveHeads } from "./archives.ts";
import { readAhead, readMetas, variantDirs } from "./chunks.ts";
import { converterFor, variantSettings } from "./convert.ts";
import { collectingWrites, writeAtomic } from "./files.ts";
import { writeVariantScopes } from "./variant-scopes.ts";
import { bucketPositions, metaPositions, type WindowInput, writeWindows } from "./windows.ts";

/** Scope files to write: windows, archive heads and archive groups, named as the original names them. */
export interface ScopeBatch {
  windows: WindowInput[];
  heads: ArchiveInput[];
  groups: GroupJob[];
  /** Shards of small scopes this batch writes whole (every member's every file is in the batch): each member's id and file names, in order. */
  shards?: ShardJob[];
}

/** A shard to write (src/content/shards.ts): its number and its members' files, in order. */
export interface ShardJob {
  shard: number;
  members: { id: string; files: string[] }[];
}

/** A batch to write in the original and in each Chinese variant's copy. */
export interface ScopesJob extends ScopeBatch {
  /** Articles in the archive. */
  count: number;
  /** The original's settings. */
  settings: SiteSettings;
  /** Each Chinese variant the settings name, with its words (`variantWords`), in `CHINESE_VARIANTS` order. */
  variants: { variant: ChineseVariant; words: VariantData }[];
  /** The original's assets and work directories (a variant's are inside them: ./chunks.ts `variantDirs`). */
  assetsDir: string;
  workDir: string;
}

/** The hashes of what a batch wrote, for validators (the original's only): each window's head and tail, each scope's archive heads. */
export interface ScopesDone {
  windows: number[][];
  heads: number[][];
}

/** The articles of group `g`'s pages in a scope's archive. */
function groupPositions(input: ArchiveInput, g: number, pageSize: number): number[] {
  return groupPages(g, archivePageCount(input.positions.length, pageSize), pageSize).flatMap((page) => pagePositions(input.positions, page, pageSize));
}

/** What one file of each kind costs, in articles' worth of work (writing a file costs about as much as copying this many items). */
const FILE_COST = 10;

/** What a window's article weighs against an archive group's: its items are full (about 8 KB against 1.2), and what a batch holds is mostly these. */
const FULL_ITEM = 5;

/**
 * `batch` cut into batches of about `size` articles' worth of work each: a window is
 * its articles (each `FULL_ITEM`), an archive group its pages' articles, plus a little
 * for every file.
 */
export function scopeBatches(batch: ScopeBatch, pageSize: number, size: number): ScopeBatch[] {
  const batches: ScopeBatch[] = [];
  let current: ScopeBatch = { windows: [], heads: [], groups: [] };
  let cost = 0;
  const add = (units: number) => {
    cost += units;
    if (cost >= size) {
      batches.push(current);
      current = { windows: [], heads: [], groups: [] };
      cost = 0;
    }
  };
  for (const input of batch.windows) {
    current.windows.push(input);
    add(FULL_ITEM * bucketPositions(input).length + FILE_COST);
  }
  for (const input of batch.heads) {
    current.heads.push(input);
    add(FILE_COST);
  }
  for (const { input, groups } of batch.groups) {
    for (const g of groups) {
      const last = current.groups.at(-1);
      if (last?.input === input) last.groups.push(g);
      else current.groups.push({ input, groups: [g] });
      add(groupPositions(input, g, pageSize).length + FILE_COST);
    }
  }
  if (cost > 0) batches.push(current);
  return batches;
}

/**
 * Writes a batch's files in the original and in each Chinese variant's copy, reading
 * from the work files the metadata of the articles it lists and the brief items of its
 * archive groups (the buckets' items come from the chunks). With variants, a term's file
 * holds every copy (src/content/shards.ts `holdsEveryCopy`): each copy's is held in
 * memory until the last is made, then the file is written once, as it is published
 * (./publish.ts). The site's are written in each copy.
 */
export function writeScopes(job: ScopesJob): ScopesDone {
  const copies = [undefined, ...job.variants.map(({ variant }) => variant)];
  if (copies.length === 1) return writeCopy(job, 0);
  const roots = copies.map((variant) => join(copyRoot(job, variant), "_c", "s") + sep);
  const held = roots.map((root, c) =>
    collectingWrites(
      (path) => path.startsWith(root) && holdsEveryCopy(`/_c/s/${path.slice(root.length).split(sep).join("/")}`),
      () => writeCopy(job, c),
    ),
  );
  const [original, ...others] = held as [(typeof held)[number], ...typeof held];
  for (const [path, bytes] of original.files) {
    const file = path.slice((roots[0] as string).length);
    const members = others.map(({ files }, v) => {
      const copy = files.get((roots[v + 1] as string) + file);
      if (copy === undefined) throw new Error(`${file} was not written in ${copies[v + 1]}`);
      return copy;
    });
    writeAtomic(path, packFiles([bytes, ...members], true));
  }
  return original.result;
}

/** Where copy `variant` (none: the original) of the assets is. */
function copyRoot(job: ScopesJob, variant: ChineseVariant | undefined): string {
  return variant === undefined ? job.assetsDir : variantDirs(job.assetsDir, job.workDir, variant).assetsDir;
}

/** Writes a batch's files in copy `c` (0: the original, then each variant), small scopes' files into their shards. */
function writeCopy(job: ScopesJob, c: number): ScopesDone {
  const shards = job.shards ?? [];
  if (shards.length === 0) return writeScopeFiles(job, c);
  const root = join(copyRoot(job, job.variants[c - 1]?.variant), "_c", "s");
  const ids = new Set(shards.flatMap(({ members }) => members.map(({ id }) => id)));
  const { result, files } = collectingWrites(
    (path) => path.startsWith(root) && ids.has(path.slice(root.length + 1).split(sep)[0] as string),
    () => writeScopeFiles(job, c),
  );
  for (const { shard, members } of shards) {
    const segments = members.flatMap(({ id, files: names }) =>
      names.map((name) => {
        const bytes = files.get(join(root, id, name));
        if (bytes === undefined) throw new Error(`shard ${shard}: ${id}/${name} was not written`);
        return bytes;
      }),
    );
    writeAtomic(join(root, "..", "..", shardPath(shard)), packFiles(segments));
  }
  return result;
}

function writeScopeFiles(job: ScopesJob, c: number): ScopesDone {
  const { pageSize } = job.settings;
  const positions = new Set<number>();
  for (const input of job.windows) for (const p of metaPositions(input)) positions.add(p);
  for (const group of job.groups) for (const g of group.groups) for (const p of groupPositions(group.input, g, pageSize)) positions.add(p);
  const copy = job.variants[c - 1];
  if (copy === undefined) {
    return readAhead(job.workDir, job.count, pageSize, positions, () => {
      const metas = readMetas(job.workDir, job.count, pageSize, positions);
      const windows = writeWindows(job.windows, metas, job.settings, { assetsDir: job.assetsDir, chunksDir: job.assetsDir, copy: 0 });
      const heads = job.heads.map((input) => writeArchiveHeads(input, job.settings, job.assetsDir));
      writeArchiveGroups(job.groups, metas, job.settings, job.assetsDir, job.workDir);
      return { windows, heads };
    });
  }
  // Named and worded as the variant's words say: no converter is needed here.
  const { variant, words } = copy;
  const dirs = variantDirs(job.assetsDir, job.workDir, variant);
  readAhead(dirs.workDir, job.count, pageSize, positions, () =>
    writeVariantScopes({
      windows: job.windows.map((input) => ({ ...input, scope: variantScope(input.scope, words) })),
      heads: job.heads.map((input) => ({ ...input, scope: variantScope(input.scope, words) })),
      groups: job.groups,
      metas: readMetas(dirs.workDir, job.count, pageSize, positions),
      settings: variantSite(job.settings, words),
      dirs: { assetsDir: dirs.assetsDir, chunksDir: job.assetsDir, copy: c },
      workDir: dirs.workDir,
      linkQuery: `?${VARIANT_PARAM}=${variant}`,
    }),
  );
  return { windows: [], heads: [] };
}

/**
 * What the index says of `variant` (src/content/index-format.ts), `scopes` being every
 * tag, category and author: its settings' words (`variantSettings`) and the names that
 * conversion changes (`convertScope`), from which its scope files are written too.
 */
export function variantWords(settings: SiteSettings, variant: ChineseVariant, scopes: readonly { kind: string; key: string; name: string }[]): VariantData {
  const convert = converterFor(variant);
  const names: Record<string, string> = {};
  for (const scope of scopes) {
    const name = convert(scope.name);
    if (name !== scope.name) names[`${scope.kind}/${scope.key}`] = name;
  }
  const { title, description, author, language } = variantSettings(settings, variant);
  return { title, description, author, language, names };
}

/** `scope` as a Chinese variant names it (src/build/convert.ts `convertScope`), from its words. */
export function variantScope(scope: Scope, words: VariantData): Scope {
  return scope.kind === "site" ? scope : { ...scope, name: words.names[`${scope.kind}/${scope.key}`] ?? scope.name };
}

/** The site's settings in a Chinese variant (src/build/convert.ts `variantSettings`), from its words. */
export function variantSite(settings: SiteSettings, words: VariantData): SiteSettings {
  return { ...settings, title: words.title, description: words.description, author: words.author, language: words.language };
}
