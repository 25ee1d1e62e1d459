/**
 * @module `npm run bench -- --only-schedule [--quick] [--sizes N,...]` (issue 22): what
 * publishing on schedule costs at N = 10,000 and 100,000 (10,000 alone with --quick) with
 * 100 scheduled articles (scripts/generate-corpus.ts `scheduledArticles`: 125 moments),
 * no Chinese variant.
 *
 * For each size: the build (version 0, then a version per moment, src/build/schedule.ts)
 * with its wall time, and the files and bytes the later versions add; then, in this
 * process, on the real built files, what the worker does to pick the current version
 * (src/content/schedule.ts): finding it among the moments (`epochAt`), opening a later
 * version's index file once per isolate (the read's bytes in hand: decoding it and
 * opening its catalog, as `contentAt` does), and the look-up every content read of a
 * later version makes (a digest of its path and a map look-up). Node runs the same
 * V8 as workerd; the figures are CPU time on the shared machine, medians of repeated runs.
 */
import { readFileSync } from "node:fs";
import { mkdir, readdir, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { writeCorpus } from "../scripts/generate-corpus.ts";
import { openCatalog } from "../src/content/catalog.ts";
import { decodeEpochIndex, epochAt, type ScheduleData } from "../src/content/schedule-format.ts";
import { Digest } from "../src/hash.ts";
import { buildContent, corpusDir, createWorkspace, OUT, type ProjectConfig, removeWorkspace } from "./workspace.ts";

/** Scheduled articles per corpus, as the issue asks. */
const SCHEDULED = 100;

export interface ScheduleResult {
  n: number;
  moments: number;
  buildS: number;
  version0S: number;
  storedFiles: number;
  storedMiB: number;
  baseFiles: number;
  indexKiB: number;
  epochAtNs: number;
  openIndexMs: number;
  lookupNs: number;
}

/** The median of `runs` timings of `work` (ms). */
function median(runs: number, work: () => void): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    work();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)] as number;
}

/** Files and bytes under `dir`, split into the schedule's store and the rest. */
async function countFiles(dir: string): Promise<{ base: number; stored: number; storedBytes: number }> {
  let base = 0;
  let stored = 0;
  let storedBytes = 0;
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    if (path.includes("/_c/x/")) {
      stored++;
      storedBytes += (await stat(path)).size;
    } else base++;
  }
  return { base, stored, storedBytes };
}

/** What picking the current version costs on the files built at `generatedDir` and `assetsDir`. */
function measurePicking(generatedDir: string, assetsDir: string): Pick<ScheduleResult, "indexKiB" | "epochAtNs" | "openIndexMs" | "lookupNs"> {
  const schedule = JSON.parse(readFileSync(join(generatedDir, "schedule.json.txt"), "utf8")) as ScheduleData;
  const last = schedule.moments.length;
  const bytes = new Uint8Array(readFileSync(join(assetsDir, "_c/x", schedule.epochs[last - 1] as string)));
  const rounds = 1_000_000;
  let sink = 0;
  const epochAtNs =
    (median(5, () => {
      for (let i = 0; i < rounds; i++) sink += epochAt(schedule.moments, (schedule.moments[i % last] as number) + 1);
    }) *
      1e6) /
    rounds;
  let files = new Map<string, string>();
  const openIndexMs = median(21, () => {
    const read = decodeEpochIndex(bytes);
    sink += openCatalog(read.catalogText, read.index).count;
    files = read.files;
  });
  const paths = ["/_c/s/site/rss.0.pack", "/_c/s/site/meta.json", "/_c/a/rss/100.pack", "/_c/home.pack"];
  const lookups = 100_000;
  const lookupNs =
    (median(5, () => {
      for (let i = 0; i < lookups; i++) sink += files.get(new Digest().text(paths[i % 4] as string).hex())?.length ?? 0;
    }) *
      1e6) /
    lookups;
  if (sink === -1) console.log(sink);
  return { indexKiB: bytes.byteLength / 1024, epochAtNs, openIndexMs, lookupNs };
}

/** One size: the corpus with its scheduled articles, built, then measured. */
async function measureSchedule(n: number, seed: string, snapshot: string, config: ProjectConfig, keep: boolean, log: (line: string) => void): Promise<ScheduleResult> {
  const corpus = corpusDir(n);
  await rm(corpus, { recursive: true, force: true });
  log(`N=${n}: generating the corpus and ${SCHEDULED} scheduled articles`);
  // A day ahead: every moment is after the build, however long it takes.
  await writeCorpus(corpus, n, seed, false, { k: SCHEDULED, from: new Date(Date.now() + 86_400_000) });
  const ws = await createWorkspace(n, corpus, snapshot, config);
  // A version per moment: at N = 100,000, 125 incremental builds of a few seconds each on top of the first.
  const build = await buildContent(ws, "none", 60 * 60_000);
  log(`N=${n}: ${build.summary}`);
  const version0S = Number(/ in ([0-9.]+) s \(/.exec(build.summary)?.[1] ?? Number.NaN);
  const moments = Number(/; ([0-9]+) later versions/.exec(build.summary)?.[1] ?? 0);
  const files = await countFiles(ws.assetsDir);
  const picking = measurePicking(ws.generatedDir, ws.assetsDir);
  if (!keep) await removeWorkspace(ws);
  return {
    n,
    moments,
    buildS: build.wallMs / 1000,
    version0S,
    storedFiles: files.stored,
    storedMiB: files.storedBytes / 1024 / 1024,
    baseFiles: files.base,
    ...picking,
  };
}

/** The table BENCHMARKS.md shows. */
export function renderSchedule(results: ScheduleResult[]): string {
  const rows = results.map(
    (r) =>
      `| ${r.n.toLocaleString("en")} | ${r.moments} | ${r.buildS.toFixed(1)} s (version 0: ${r.version0S.toFixed(1)} s) | ${r.storedFiles.toLocaleString("en")} (${r.storedMiB.toFixed(0)} MiB) beside ${r.baseFiles.toLocaleString("en")} | ${r.indexKiB.toFixed(0)} KiB | ${r.epochAtNs.toFixed(0)} ns | ${r.openIndexMs.toFixed(2)} ms | ${r.lookupNs.toFixed(0)} ns |`,
  );
  return [
    "| articles | moments | build, all versions | files the later versions add | a version's index | finding the version | opening its index (once per isolate and version) | per content read |",
    "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ...rows,
  ].join("\n");
}

/** `--only-schedule`: each size measured; the table printed and written to bench/out/. */
export async function onlyScheduleRun(options: {
  sizes: number[];
  seed: string;
  keep: boolean;
  quick: boolean;
  snapshot: string;
  config: ProjectConfig;
  log: (line: string) => void;
}): Promise<void> {
  const results: ScheduleResult[] = [];
  const file = join(OUT, `results.schedule${options.quick ? ".quick" : ""}.json`);
  await mkdir(OUT, { recursive: true });
  for (const n of options.sizes) {
    results.push(await measureSchedule(n, options.seed, options.snapshot, options.config, options.keep, options.log));
    // Each size as soon as it is measured: a later one may take long.
    await writeFile(file, JSON.stringify(results));
  }
  const table = renderSchedule(results);
  console.log(table);
  await writeFile(join(OUT, `BENCHMARKS.schedule${options.quick ? ".quick" : ""}.md`), `${table}\n`);
}
