/**
 * @module Publishing on schedule (issue 22): one build, and a version of the content for
 * each moment after it at which an article goes live or expires.
 *
 * The build lays out the articles live at its own time exactly as before (./build.ts),
 * into dist/content/ and src/generated/: that is version 0. For each later moment it
 * builds again, incrementally, the articles live then, in a directory of its own beside
 * the assets (`<assets>.epochs/<k>/`, hard-linked from the version before, so only what
 * changed is written), and keeps of it only what differs from version 0:
 *
 *     _c/x/<sha-256, 32 hex>   a file of some later version whose bytes version 0 does not
 *                              have at its path, stored once however many versions share it
 *     _c/x/<sha-256>           per later version, its index (src/content/schedule-format.ts):
 *                              the catalog, index.bin and which paths it reads from _c/x/
 *     src/generated/schedule.json.txt   the moments and each version's index file, in the script
 *
 * The worker picks the version whose moment is the latest at or before the request's
 * time (src/content/schedule.ts). Paths in a version's index are digests, so the script
 * and the index name no scheduled article, and the files of a scheduled article live
 * only under `_c/x/`, which the worker never serves.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, linkSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { type Catalog, openCatalog } from "../content/catalog.ts";
import { decodeEpochIndex, encodeEpochIndex, epochAt, SCHEDULE_STORE, type ScheduleData } from "../content/schedule-format.ts";
import { Digest } from "../hash.ts";
import type { SiteSettings } from "../settings.ts";
import { assetLimitWarnings, type BuildResult, buildContent } from "./build.ts";
import { MODULES } from "./emit.ts";
import { listFiles, writeAtomic } from "./files.ts";
import type { BuildPaths } from "./settings.ts";

/**
 * At most this many moments after a build. Each is an incremental build (about what adding
 * one article costs: README "Limits") and adds the files that differ from version 0.
 */
export const MAX_MOMENTS = 200;

/** Where version `k`'s build lives: beside the assets, never uploaded. */
function epochPaths(paths: BuildPaths, k: number): BuildPaths {
  const base = join(`${paths.assetsDir}.epochs`, String(k));
  const assetsDir = join(base, "content");
  return { ...paths, outDir: join(base, "generated"), assetsDir, manifest: `${assetsDir}.manifest.json`, workDir: `${assetsDir}.build`, stageDir: `${assetsDir}.stage` };
}

/** `to` as a copy of `from`'s build: hard links (every build file is replaced by a rename, never written in place). */
function seedFrom(from: BuildPaths, to: BuildPaths): void {
  rmSync(dirname(to.assetsDir), { recursive: true, force: true });
  mkdirSync(dirname(to.assetsDir), { recursive: true });
  for (const [dir, into] of [
    [from.assetsDir, to.assetsDir],
    [from.workDir, to.workDir],
    [from.stageDir, to.stageDir],
  ] as const) {
    if (existsSync(dir)) execFileSync("cp", ["-al", dir, into]);
  }
  if (existsSync(from.manifest)) copyFileSync(from.manifest, to.manifest);
}

const sha = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex").slice(0, 32);

/** The files of version 0, what each later version's build left, and what is stored under `_c/x/`. */
class Store {
  readonly stored = new Set<string>();
  readonly #paths: BuildPaths;
  /** sha of version 0's file at a path, computed when first asked. */
  readonly #base = new Map<string, string | null>();

  constructor(paths: BuildPaths) {
    this.#paths = paths;
  }

  #baseHash(file: string): string | null {
    let hash = this.#base.get(file);
    if (hash === undefined) {
      const path = join(this.#paths.assetsDir, file);
      hash = existsSync(path) ? sha(readFileSync(path)) : null;
      this.#base.set(file, hash);
    }
    return hash;
  }

  /** Stores `from` (a file of a later version at asset path `file`) unless version 0 has the same bytes there; its hash if stored. */
  add(file: string, from: string): string | undefined {
    const bytes = readFileSync(from);
    const hash = sha(bytes);
    if (hash === this.#baseHash(file)) return undefined;
    this.put(hash, from);
    return hash;
  }

  /** Links (or writes) `_c/x/<hash>`, unless the last build stored those bytes already. */
  put(hash: string, from: string | Uint8Array): void {
    if (this.stored.has(hash)) return;
    this.stored.add(hash);
    const path = join(this.#paths.assetsDir, SCHEDULE_STORE.slice(1), hash);
    if (existsSync(path)) return;
    mkdirSync(dirname(path), { recursive: true });
    if (typeof from === "string") linkSync(from, path);
    else writeAtomic(path, from);
  }

  /** Removes what the last build stored and this one does not. */
  removeOthers(): void {
    const dir = join(this.#paths.assetsDir, SCHEDULE_STORE.slice(1));
    for (const name of existsSync(dir) ? readdirSync(dir) : []) if (!this.stored.has(name)) rmSync(join(dir, name), { force: true });
  }
}

/** What one later version reads from the store: (digest of its asset path, stored hash), and the inodes it was made from. */
interface EpochFiles {
  files: Map<string, string>;
  inodes: Map<string, number>;
}

/** Compares version `k`'s build with the one before (by inode: what was not rewritten is what it was) and stores what differs from version 0. */
function collect(store: Store, built: BuildPaths, before: EpochFiles): EpochFiles {
  const files = new Map<string, string>();
  const inodes = new Map<string, number>();
  for (const file of listFiles(built.assetsDir)) {
    const from = join(built.assetsDir, file);
    const inode = statSync(from).ino;
    inodes.set(file, inode);
    const digest = pathDigest(`/${file}`);
    const hash = before.inodes.get(file) === inode ? before.files.get(digest) : store.add(file, from);
    if (hash !== undefined) files.set(digest, hash);
  }
  return { files, inodes };
}

/** The digest a version's index names an asset path by (src/content/schedule.ts reads it the same way). */
export function pathDigest(path: string): string {
  return new Digest().text(path).hex();
}

/** The build, then a version per later moment; the summary says what the schedule costs. */
export async function buildOnSchedule(
  paths: BuildPaths,
  settings: SiteSettings,
  site: Record<string, unknown> = {},
  at = Date.now(),
  say: (line: string) => void = () => {},
): Promise<BuildResult> {
  const first = await buildContent(paths, settings, site, say, at);
  if (!first.ok) return first;
  const { moments } = first;
  if (moments.length > MAX_MOMENTS) {
    const problem = `${moments.length} times after this build at which an article goes live or expires: at most ${MAX_MOMENTS} (each is a version of the content; README "Publishing on schedule")`;
    return { ok: false, problems: [{ file: "content/", field: "publishDate", message: problem }] };
  }
  const store = new Store(paths);
  const schedule: ScheduleData = { moments, epochs: [], expiries: first.expiries };
  // Version 1 starts as a copy of version 0: its inodes are version 0's.
  let before: EpochFiles = { files: new Map(), inodes: new Map(listFiles(paths.assetsDir).map((file) => [file, statSync(join(paths.assetsDir, file)).ino])) };
  let last = paths;
  for (const [k, moment] of moments.entries()) {
    const built = epochPaths(paths, k + 1);
    seedFrom(last, built);
    const result = await buildContent(built, settings, site, () => {}, moment);
    if (!result.ok) return result;
    before = collect(store, built, before);
    const index = encodeEpochIndex(readFileSync(join(built.outDir, MODULES.catalog), "utf8"), new Uint8Array(readFileSync(join(built.outDir, MODULES.index))), [...before.files]);
    const hash = sha(index);
    store.put(hash, index);
    schedule.epochs.push(hash);
    last = built;
  }
  removeEpochsFrom(paths, moments.length + 1);
  store.removeOthers();
  writeScheduleModule(paths, schedule);
  const files = store.stored.size;
  const summary = moments.length === 0 ? first.summary : `${first.summary}; ${moments.length} later versions (issue 22): ${files} more asset files under _c/x/`;
  // The plans' file limits count the store too.
  const assetFiles = first.assetFiles + files;
  const unscheduled = assetLimitWarnings(first.assetFiles, settings.variants);
  const warnings = [...first.warnings.filter((w) => !unscheduled.includes(w)), ...assetLimitWarnings(assetFiles, settings.variants)];
  return { ...first, summary, warnings, assetFiles };
}

/** Removes the builds of versions `k` and later, which this schedule does not have. */
function removeEpochsFrom(paths: BuildPaths, k: number): void {
  const dir = `${paths.assetsDir}.epochs`;
  for (const name of existsSync(dir) ? readdirSync(dir) : []) if (Number(name) >= k) rmSync(join(dir, name), { recursive: true, force: true });
}

/**
 * The catalog of the version a build at `paths` has for `now` (scripts/deploy.ts tells
 * other hubs about the feeds as they are when the deploy ends, a moment that passed since
 * the build included).
 */
export function builtCatalogAt(paths: BuildPaths, now: number): Catalog {
  const schedulePath = join(paths.outDir, MODULES.schedule);
  const schedule: ScheduleData = existsSync(schedulePath) ? JSON.parse(readFileSync(schedulePath, "utf8")) : { moments: [], epochs: [] };
  const epoch = epochAt(schedule.moments, now);
  if (epoch === 0) {
    const index = readFileSync(join(paths.outDir, MODULES.index));
    return openCatalog(readFileSync(join(paths.outDir, MODULES.catalog), "utf8"), index.buffer.slice(index.byteOffset, index.byteOffset + index.byteLength));
  }
  const read = decodeEpochIndex(new Uint8Array(readFileSync(join(paths.assetsDir, SCHEDULE_STORE.slice(1), schedule.epochs[epoch - 1] as string))));
  return openCatalog(read.catalogText, read.index);
}

/** Writes src/generated/schedule.json.txt when it changed. */
function writeScheduleModule(paths: BuildPaths, schedule: ScheduleData): void {
  const path = join(paths.outDir, MODULES.schedule);
  const text = JSON.stringify(schedule);
  if (!existsSync(path) || readFileSync(path, "utf8") !== text) writeAtomic(path, text);
}
