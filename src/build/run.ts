/**
 * @module One build's state, which each of its phases (./phases/) reads and adds to:
 * where it builds, with which settings, on which threads, the last build's manifest and
 * the one being made, and the files the last build left and this one keeps.
 */
import { variantRoot } from "../content/layout.ts";
import { holdsEveryCopy } from "../content/shards.ts";
import type { SiteSettings } from "../settings.ts";
import { listFiles, removeOthers } from "./files.ts";
import type { Manifest } from "./manifest.ts";
import type { BuildPool } from "./parallel.ts";
import type { Visibility } from "./publish-window.ts";
import type { BuildPaths } from "./settings.ts";

export interface BuildRun {
  paths: BuildPaths;
  settings: SiteSettings;
  /** The site's generator config, what templates in bodies read as `site.*` (./site-config.ts). */
  site: Record<string, unknown>;
  pool: BuildPool;
  /** What the last build made (./manifest.ts): what this one need not make again. */
  last: Manifest;
  /** This build's manifest, filled in phase by phase and saved at the end. */
  next: Manifest;
  outputs: Outputs;
  /** Which articles this build lays out: those live at its time (issue 22, ./publish-window.ts). */
  visibility: Visibility;
  /** Notes how long the phase that just ended took, as the summary says. */
  lap(name: string): void;
}

/**
 * The asset and work files: what the last build left (one listing of each directory
 * rather than a look-up per file) and what this one keeps. Every asset file is made in
 * the original and in each Chinese variant's copy (issue 13), some as one file holding
 * every copy (issue 20); everything not kept is removed at the end.
 */
export class Outputs {
  /** Asset files the last build left, relative, no leading `/`. */
  readonly assets: ReadonlySet<string>;
  /** Work files the last build left. */
  readonly work: ReadonlySet<string>;
  /** Asset files this build keeps. */
  readonly keep = new Set<string>();
  /** Work files this build keeps. */
  readonly keepWork = new Set<string>();
  /** Where the original's and each variant's copy go in the assets (`""`, `/_c/v/s2t`, ...). */
  readonly #roots: string[];
  /** Where the original's and each variant's work files go (`""`, `v/s2t/`, ...). */
  readonly #workRoots: string[];

  readonly #paths: BuildPaths;

  constructor(paths: BuildPaths, variants: readonly string[]) {
    this.#paths = paths;
    this.assets = new Set(listFiles(paths.assetsDir));
    this.work = new Set(listFiles(paths.workDir));
    this.#roots = ["", ...variants.map((variant) => variantRoot(variant))];
    this.#workRoots = ["", ...variants.map((variant) => `v/${variant}/`)];
  }

  /**
   * `file` (relative, no leading `/`) in the original's and every variant's copy: the one
   * file when it holds every copy (a chunk or a scope file, src/content/shards.ts
   * `holdsEveryCopy`, with variants), else one in each copy's root.
   */
  inEvery(file: string): string[] {
    if (this.#roots.length > 1 && holdsEveryCopy(`/${file}`)) return [file];
    return this.#roots.map((root) => `${root.slice(1)}${root ? "/" : ""}${file}`);
  }

  /** The work file `file` of the original and of every variant. */
  workInEvery(file: string): string[] {
    return this.#workRoots.map((root) => root + file);
  }

  /** Whether the last build left `file` in the original and in every variant's copy. */
  everywhere(file: string): boolean {
    return this.inEvery(file).every((path) => this.assets.has(path));
  }

  /** Keeps `file` in the original and in every variant's copy. */
  keepAll(file: string): void {
    for (const path of this.inEvery(file)) this.keep.add(path);
  }

  /** Removes every asset and work file this build did not keep; how many asset files went. */
  removeOthers(): number {
    const removed = removeOthers(this.#paths.assetsDir, this.keep, this.assets);
    removeOthers(this.#paths.workDir, this.keepWork, this.work);
    return removed;
  }
}

/** A stopwatch over the phases: `lap(name)` notes the time since the last, `phases` lists them. */
export function phaseTimer(): { lap(name: string): void; phases: string[]; started: number } {
  const started = performance.now();
  const phases: string[] = [];
  let mark = started;
  return {
    started,
    phases,
    lap(name: string) {
      const now = performance.now();
      const memory = process.env.BUILD_RSS ? ` rss ${Math.round(process.resourceUsage().maxRSS / 1024)} MiB heap ${Math.round(process.memoryUsage().heapUsed / 2 ** 20)} MiB` : "";
      phases.push(`${name} ${((now - mark) / 1000).toFixed(2)} s${memory}`);
      mark = now;
    },
  };
}
