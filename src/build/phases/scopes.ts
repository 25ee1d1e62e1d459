/**
 * @module The build's third phase: every scope's files (its window: the newest buckets
 * and the newest items' metadata; its archive: head templates and, for terms, groups of
 * pages), copied out of the chunks in batches on every core (../scopes.ts), in the
 * original and in each Chinese variant's copy. Only the files whose items or names
 * changed since the last build are written again.
 */
import type { VariantData } from "../../content/index-format.ts";
import { archivePageCount, archivePath, BUCKET, bucketPath, bucketSlot, groupPages, keptBuckets, metaPath, pagesPerGroup } from "../../content/layout.ts";
import { SMALL_SCOPE_FILES, shardPath, smallScopeFileCount } from "../../content/shards.ts";
import type { SiteSettings } from "../../settings.ts";
import { FEED_FORMATS, type Scope, TERM_KINDS } from "../../types.ts";
import { type ArchiveInput, archiveFiles, type GroupJob, pagePositions } from "../archives.ts";
import type { SectionInfo } from "../bundles.ts";
import { indexTerms } from "../compile.ts";
import type { ScopeEntry } from "../manifest.ts";
import type { Placement } from "../publish.ts";
import type { BuildRun } from "../run.ts";
import { type ScopeBatch, type ScopesJob, type ShardJob, scopeBatches } from "../scopes.ts";
import { bucketKey, hashWords, metaKey, type WindowInput, windowFiles } from "../windows.ts";
import type { FrontMatter } from "./headers.ts";

/**
 * Articles' worth of work per batch of scope files: enough that a batch's files are
 * most of its cost, few enough that a batch holds a few megabytes of items.
 */
const SCOPE_BATCH = 6000;

/** A scope's asset directory id: stable for its key, whatever else changes. */
function scopeId(scope: Scope): string {
  if (scope.kind === "site") return "site";
  const [a, b] = hashWords(`${scope.kind}\u0000${scope.key}`);
  return `${scope.kind.slice(0, 1)}-${a.toString(16).padStart(8, "0")}${b.toString(16).padStart(8, "0")}`;
}

/**
 * Every scope with its articles' positions (newest first) and its id: the site, then
 * every tag, category, author and section by key. A section is named and described by
 * its own page (`_index.md`).
 */
export function collectScopes(headers: readonly FrontMatter["published"][number]["header"][], settings: SiteSettings, sections: Map<string, SectionInfo>): ArchiveInput[] {
  const scopes: ArchiveInput[] = [{ scope: { kind: "site" }, id: "site", positions: Array.from({ length: headers.length }, (_, i) => i) }];
  const ids = new Map<string, Scope>();
  for (const kind of TERM_KINDS) {
    const terms = indexTerms(headers, kind, settings.author);
    for (const key of Object.keys(terms).sort()) {
      const term = terms[key] as NonNullable<(typeof terms)[string]>;
      const section = kind === "sections" ? sections.get(key) : undefined;
      const scope: Scope = { kind, key, name: section?.name ?? term.name, ...(section?.description === undefined ? {} : { description: section.description }) };
      const id = scopeId(scope);
      if (ids.has(id)) throw new Error(`scope id collision: ${JSON.stringify(ids.get(id))} and ${JSON.stringify(scope)}`);
      ids.set(id, scope);
      scopes.push({ scope, id, positions: term.articles });
    }
  }
  return scopes;
}

/** The scope files to write: windows, archive heads, archive groups. */
export interface ScopePlan {
  windows: WindowInput[];
  /** Scopes whose archive heads are written again. */
  heads: ArchiveInput[];
  groups: GroupJob[];
}

/**
 * What of `input`'s files must be written again, into `plan`, and its manifest entry:
 * the window's buckets and metadata, the archive's heads and groups, each whose inputs
 * changed or whose file is missing from a copy.
 */
function planScope(run: BuildRun, input: ArchiveInput, sourceKey: (position: number) => string, plan: ScopePlan, shard?: number): ScopeEntry {
  const { settings, last } = run;
  // A small scope's files are in its shard (src/content/shards.ts): they are there when the shard is.
  const outputs =
    shard === undefined ? run.outputs : { everywhere: () => run.outputs.everywhere(shardPath(shard).slice(1)), keepAll: () => run.outputs.keepAll(shardPath(shard).slice(1)) };
  const { pageSize } = settings;
  const { scope, id, positions } = input;
  const previous = last.windows[id];
  const entry: ScopeEntry = { buckets: [], meta: "", heads: [], archiveKey: "", archiveHeads: [], groups: [] };
  // The window: the newest buckets (the newest's head names the newest archive page), and the newest items' metadata.
  const count = positions.length;
  const kept = keptBuckets(count);
  const newest = positions.slice(0, count - (kept[kept.length - 1] as number) * BUCKET);
  const newestKeys = newest.map(sourceKey);
  for (const file of windowFiles(id, count)) outputs.keepAll(file);
  const staleBuckets = kept.filter((bucket) => {
    const key = bucketKey(scope, newestKeys, bucket, count, pageSize);
    entry.buckets[bucketSlot(bucket)] = key;
    return previous?.buckets[bucketSlot(bucket)] !== key || !FEED_FORMATS.every((format) => outputs.everywhere(bucketPath({ id, count }, format, bucket).slice(1)));
  });
  entry.meta = metaKey(newestKeys);
  const meta = previous?.meta !== entry.meta || !outputs.everywhere(metaPath({ id, count }).slice(1));
  if (!staleBuckets.includes(kept[0] as number)) entry.heads = previous?.heads ?? [];
  if (staleBuckets.length > 0 || meta) plan.windows.push({ scope, id, count, positions: newest, buckets: staleBuckets, meta });
  // The archive: head templates (depend on the scope and its number of pages) and, for terms, groups of pages.
  const archive = archiveFiles(scope, id, count, pageSize);
  for (const file of archive) outputs.keepAll(file);
  const pages = archivePageCount(count, pageSize);
  entry.archiveKey = hashWords(JSON.stringify([scope, pages])).join("-");
  const headFiles = archive.filter((file) => file.endsWith(".heads.pack"));
  if (previous?.archiveKey === entry.archiveKey && headFiles.every((file) => outputs.everywhere(file))) entry.archiveHeads = previous.archiveHeads;
  else plan.heads.push(input);
  if (scope.kind === "site") return entry;
  const stale: number[] = [];
  for (let g = 0; g < Math.ceil(pages / pagesPerGroup(pageSize)); g++) {
    const key = hashWords(JSON.stringify(groupPages(g, pages, pageSize).map((page) => pagePositions(positions, page, pageSize).map(sourceKey)))).join("-");
    entry.groups.push(key);
    if (previous?.groups[g] !== key || !outputs.everywhere(archivePath(id, g).slice(1))) stale.push(g);
  }
  if (stale.length > 0) plan.groups.push({ input, groups: stale });
  return entry;
}

/**
 * The small scopes' work, out of `plan` and into batches of about `most` articles that
 * write whole shards: a shard is written again, every member's every file, when one of
 * its members' files is stale, or its members are not the ones the last build wrote (a
 * scope joined or left it).
 */
function shardBatches(run: BuildRun, scopes: readonly ArchiveInput[], placement: Placement, plan: ScopePlan, most: number): ScopeBatch[] {
  const { pageSize } = run.settings;
  const members = new Map<number, ArchiveInput[]>();
  for (const input of scopes) {
    const place = placement.places.get(input.id);
    if (place === undefined) continue;
    let list = members.get(place[0]);
    if (list === undefined) members.set(place[0], (list = []));
    list[place[1]] = input;
  }
  const signature = (list: ArchiveInput[]) => list.flatMap((input) => (input ? [`${input.id}:${smallScopeFileCount(input.positions.length, pageSize)}`] : [])).join(" ");
  const shards: Record<string, string> = {};
  const dirty = new Set<number>();
  for (const [shard, list] of members) {
    shards[shard] = signature(list);
    if (run.last.shards?.[shard] !== shards[shard]) dirty.add(shard);
  }
  run.next.shards = shards;
  const isSmall = (id: string) => placement.places.has(id);
  for (const { id } of [...plan.windows, ...plan.heads, ...plan.groups.map((g) => g.input)]) if (isSmall(id)) dirty.add((placement.places.get(id) as [number, number])[0]);
  plan.windows = plan.windows.filter(({ id }) => !isSmall(id));
  plan.heads = plan.heads.filter(({ id }) => !isSmall(id));
  plan.groups = plan.groups.filter(({ input }) => !isSmall(input.id));
  const batches: ScopeBatch[] = [];
  let batch: ScopeBatch = { windows: [], heads: [], groups: [], shards: [] };
  let size = 0;
  for (const shard of [...dirty].sort((a, b) => a - b)) {
    const list = (members.get(shard) ?? []).filter((input) => input !== undefined);
    const job: ShardJob = { shard, members: [] };
    for (const input of list) {
      const count = input.positions.length;
      const files = SMALL_SCOPE_FILES.slice(0, smallScopeFileCount(count, pageSize));
      job.members.push({ id: input.id, files: [...files] });
      batch.windows.push({ scope: input.scope, id: input.id, count, positions: input.positions.slice(), buckets: keptBuckets(count), meta: true });
      if (archivePageCount(count, pageSize) > 0) {
        batch.heads.push(input);
        batch.groups.push({ input, groups: [0] });
      }
      size += count + 1;
    }
    batch.shards?.push(job);
    if (size >= most) {
      batches.push(batch);
      batch = { windows: [], heads: [], groups: [], shards: [] };
      size = 0;
    }
  }
  if ((batch.shards ?? []).length > 0) batches.push(batch);
  return batches;
}

/** Files are most of what scope files cost: about as much each as building an article. */
function scopeWork(plan: ScopePlan, copies: number): number {
  const windows = plan.windows.reduce((sum, w) => sum + FEED_FORMATS.length * w.buckets.length + (w.meta ? 1 : 0), 0);
  return copies * (windows + plan.heads.length * 3 + plan.groups.reduce((sum, g) => sum + g.groups.length, 0));
}

/**
 * Writes every scope's files that changed, in batches on every core: the original's and
 * each Chinese variant's (named as `variants`' words say). Returns what was written and
 * every scope's head hashes (six words for its window's, six for its archive's).
 */
export async function writeScopeFiles(
  run: BuildRun,
  scopes: readonly ArchiveInput[],
  front: FrontMatter,
  variants: Map<string, VariantData>,
  placement: Placement,
): Promise<{ plan: ScopePlan; heads: Uint32Array }> {
  const { paths, settings, pool, next } = run;
  const sourceKey = (position: number) => front.keys.get((front.published[position] as FrontMatter["published"][number]).file) as string;
  const plan: ScopePlan = { windows: [], heads: [], groups: [] };
  for (const input of scopes) next.windows[input.id] = planScope(run, input, sourceKey, plan, placement.places.get(input.id)?.[0]);
  // A job writes every copy and holds all but the last until the files are made: batches hold about what one copy's did.
  const copies = settings.variants.length + 1;
  const small = shardBatches(run, scopes, placement, plan, SCOPE_BATCH / 4 / copies);
  const count = front.published.length;
  const jobs = [...scopeBatches(plan, settings.pageSize, SCOPE_BATCH / copies), ...small].map(
    (batch): ScopesJob => ({
      ...batch,
      count,
      settings,
      variants: settings.variants.map((variant) => ({ variant, words: variants.get(variant) as VariantData })),
      assetsDir: paths.assetsDir,
      workDir: paths.workDir,
    }),
  );
  const smallWork = small.reduce((sum, batch) => sum + batch.windows.length * (FEED_FORMATS.length + 1), 0) * copies;
  await pool.writeScopes(jobs, scopeWork(plan, copies) + smallWork, (job, done) => {
    // A window whose newest bucket was not written keeps the hashes of its head.
    job.windows.forEach(({ id }, i) => {
      if ((done.windows[i] as number[]).length > 0) (next.windows[id] as ScopeEntry).heads = done.windows[i] as number[];
    });
    job.heads.forEach(({ id }, i) => {
      (next.windows[id] as ScopeEntry).archiveHeads = done.heads[i] as number[];
    });
  });
  await pool.close();
  const heads = new Uint32Array(12 * scopes.length);
  scopes.forEach(({ id }, n) => {
    const entry = next.windows[id] as ScopeEntry;
    heads.set(entry.heads, 12 * n);
    heads.set(entry.archiveHeads, 12 * n + 6);
  });
  return { plan, heads };
}
