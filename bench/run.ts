/**
 * @module `npm run bench [-- --quick] [-- --sizes 1000,100000] [-- --site-url] [-- --tool wrk|autocannon] [-- --keep]`,
 * or `npm run bench -- --from bench/out/results.json` to render a saved run's report again,
 * or `npm run bench -- --only-schedule [--quick] [--sizes N]` for issue 22's (./schedule.ts),
 * or `npm run bench -- --only-stats [--quick] [--sizes N]` for issue 23's measurement alone
 * (./stats.ts: counting subscribers on against off; N = 1,000 unless given, about 75 s
 * with --quick), written to bench/out/BENCHMARKS.stats[.quick].md (`--only-stats --from
 * bench/out/results.stats.quick.json` renders it again).
 *
 * The targets of issue 10 ("Build once, serve bytes"), for each corpus size N (default
 * 1,000, 10,000, 20,000 and 100,000 generated articles; 1,000 and 10,000 with --quick):
 * the content build (wall, CPU, peak RSS), incremental rebuilds (one article edited,
 * three added one at a time, and how many asset files each add changes), `wrangler deploy
 * --dry-run` against the Free and Paid plans' limits, start-up in bare workerd, the CPU
 * of the first response in a fresh isolate (of a process another worker has used:
 * ./workerd.ts `coldSample`) and of a re-render in a warm one, content
 * reads per response, isolate memory after 1,000 distinct responses, CPU profiles of a
 * default, a large and a filtered feed, warm CPU per request under load, and a parity
 * check of bare workerd against `wrangler dev`'s runtime. Ratios are to a constant-body
 * route of the same worker, same run.
 *
 * And issue 23's (subscriber counts): the CPU counting adds to a warm feed response and
 * warm throughput with counting on against off, measured side by side in the same rounds,
 * and the store's batches under load (./stats.ts).
 *
 * And issue 13's ("Feeds people shape themselves"): filtered site feeds against the
 * constant body, the `?opencc=` variant's routes against the same routes without it, and
 * the build with one variant against the build without. Issue 10's build, deploy and
 * rebuilds run with CHINESE_VARIANTS=none; then the content is built again from empty
 * with `s2t` (alternated with none at N = 10,000) and that build is what the worker
 * serves for every runtime measurement (the unconverted routes read the same files as
 * without variants). See BENCHMARKS.md, "How it measures".
 *
 * Prints the tables and writes them between the result markers of BENCHMARKS.md (with
 * --quick: bench/out/BENCHMARKS.quick.md), keeping the prose around them; the raw results
 * go to bench/out/results*.json. Each size's workspace and corpus (several GB at N =
 * 100,000) are deleted once measured unless --keep is given.
 *
 * SITE_URL comes from wrangler.toml (empty: every absolute URL is built on the request's
 * origin, spliced into the stored fragments at request time, as on `wrangler dev` and a
 * fresh `*.workers.dev`). `--site-url` builds and serves with SITE_URL set to the bench's
 * own host instead (the build writes the origin in, as in a configured production
 * deploy), so both cases can be compared.
 */

import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { cpus } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { newerArticle, writeCorpus } from "../scripts/generate-corpus.ts";
import { buildWithHugo, HUGO_MISSING, hugoSite, hugoVersion } from "./hugo.ts";
import { measureIsolate } from "./isolate.ts";
import { defaultTool, type LoadResult, type LoadTool, load, startWarmServer, toolVersion } from "./load.ts";
import { compareServers } from "./parity.ts";
import { profileRoute } from "./profile.ts";
import { type ColdRow, type Machine, type Rebuilds, renderReport, renderStats, type SizeResult, updateMarkdown, type WarmRow } from "./report.ts";
import { type ColdRoute, type Discovered, discover, FILTERS, query } from "./routes.ts";
import { onlyScheduleRun } from "./schedule.ts";
import { measureStats, type StatsResult } from "./stats.ts";
import {
  type AppTarget,
  BENCH_HOST,
  type ColdSample,
  childWorkerdPids,
  coldSample,
  controlStartup,
  get,
  killChildren,
  processCpuMs,
  startWorkerd,
  workerdBinary,
} from "./workerd.ts";
import {
  addSource,
  type BuildResult,
  buildContent,
  bundleModules,
  cleanBuild,
  corpusDir,
  createWorkspace,
  diffAssets,
  dryRun,
  editSource,
  hashAssets,
  measureAssets,
  measureCorpus,
  measureScript,
  newestSource,
  OUT,
  type ProjectConfig,
  ROOT,
  readProjectConfig,
  removeSource,
  removeWorkspace,
  run,
  SERVED_VARIANT,
  snapshotSources,
  type Workspace,
  wrangler,
} from "./workspace.ts";

const { values } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    sizes: { type: "string" },
    tool: { type: "string" },
    seed: { type: "string", default: "edge-feeds" },
    keep: { type: "boolean", default: false },
    "site-url": { type: "boolean", default: false },
    from: { type: "string" },
    "only-stats": { type: "boolean", default: false },
    "only-schedule": { type: "boolean", default: false },
    "long-tail": { type: "boolean", default: false },
  },
});

/** Whether Hugo is installed, for issue 20's comparison (./hugo.ts). */
let hugoAvailable = false;

/** `--long-tail` (issue 20): tags from a vocabulary that grows with N, most of them on one or two articles (scripts/generate-corpus.ts `LongTail`). */
const longTail = values["long-tail"];

const quick = values.quick;
const onlyStats = values["only-stats"];
const onlySchedule = values["only-schedule"];
const defaultSizes = onlyStats ? "1000" : onlySchedule ? (quick ? "10000" : "10000,100000") : quick ? "1000,10000" : "1000,10000,20000,100000";
const sizes = (values.sizes ?? defaultSizes).split(",").map(Number);
if (sizes.some((n) => !Number.isInteger(n) || n < 100)) throw new Error(`--sizes takes whole numbers of at least 100, comma-separated: ${values.sizes}`);
const tool = (values.tool ?? defaultTool()) as LoadTool;
/** Per measurement: fresh-isolate repetitions, warm rounds and seconds per warm run. */
/**
 * `pairReps`: fresh-isolate processes for the routes of a variant comparison (the variant
 * routes and their unconverted originals); `buildPairs`: builds without and with the
 * variant, alternated, at N = 10,000 (the first build without it is issue 10's).
 */
const plan = quick
  ? {
      coldReps: 1,
      pairReps: 1,
      buildPairs: 1,
      warmRepeats: 10,
      startupReps: 1,
      rounds: 1,
      seconds: 1,
      warmupSeconds: 1,
      connections: 8,
      profileProcesses: 2,
      profileRerenders: 20,
      profileRequests: 100,
      responses: 1000,
      statsRounds: 3,
      statsSeconds: 2,
      statsCountReps: 5,
    }
  : {
      coldReps: 3,
      pairReps: 5,
      buildPairs: 2,
      warmRepeats: 20,
      startupReps: 3,
      rounds: 3,
      seconds: 3,
      warmupSeconds: 1,
      connections: 8,
      profileProcesses: 5,
      profileRerenders: 30,
      profileRequests: 500,
      responses: 1000,
      statsRounds: 5,
      statsSeconds: 3,
      statsCountReps: 9,
    };

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

const log = (message: string) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);

async function machine(config: ProjectConfig): Promise<Machine> {
  const version = async (path: string) => (JSON.parse(await readFile(join(ROOT, "node_modules", path, "package.json"), "utf8")) as { version: string }).version;
  const workerd = await run(workerdBinary(), ["--version"]);
  const commit = await run("git", ["rev-parse", "--short", "HEAD"]);
  const dirty = await run("git", ["status", "--porcelain", "--", "src", "bench", "scripts", "wrangler.toml", "package.json"]);
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model.trim() ?? "unknown",
    node: process.version,
    wrangler: await version("wrangler"),
    workerd: `${(workerd.stdout.trim() || workerd.stderr.trim()).replace(/^workerd /, "")} (npm workerd ${await version("wrangler/node_modules/workerd").catch(() => version("workerd"))})`,
    tool: `${tool} ${toolVersion(tool)}`,
    date: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
    commit: `${commit.stdout.trim()}${dirty.stdout.trim() ? " + uncommitted changes" : ""}`,
    quick,
    siteUrl: config.vars.SITE_URL ?? "",
    loadAverage: { before: "", after: "" },
  };
}

/** Median "Active" time of `wrangler check startup` on the upload form. */
async function checkStartup(ws: Workspace, reps: number): Promise<number> {
  const active: number[] = [];
  for (let i = 0; i < reps; i++) {
    const result = await wrangler(["check", "startup", "--worker", ws.uploadFile, "--outfile", join(ws.dir, `startup-${i}.cpuprofile`)], ws.dir);
    const ms = /Active: ([\d.]+) ms/.exec(result.stdout + result.stderr)?.[1];
    if (ms === undefined) throw new Error(`wrangler check startup printed no "Active" time:\n${result.stdout}\n${result.stderr}`);
    active.push(Number(ms));
  }
  return median(active);
}

async function measureWarm(
  ws: Workspace,
  app: AppTarget,
  config: ProjectConfig,
  found: Discovered,
): Promise<{ warm: WarmRow[]; parity: Awaited<ReturnType<typeof compareServers>> }> {
  const server = await startWarmServer(ws.distDir, app.bundle, ws.assetsDir, config);
  const pid = childWorkerdPids()[0];
  if (pid === undefined) throw new Error("miniflare's workerd process not found");
  try {
    const bare = await startWorkerd(ws.dir, { app }, config);
    const parity = await compareServers(bare.origin, server.entry, found.parity).finally(() => bare.stop());

    const etag = (await get(`${server.app}/rss.xml`)).headers.get("etag");
    const revalidates = etag !== null && (await get(`${server.app}/rss.xml`, { "If-None-Match": etag })).status === 304;
    const na304 = etag === null ? "n/a – no ETag" : revalidates ? undefined : "n/a – If-None-Match not answered with 304";
    const scenarios: Array<{ label: string; url: string; headers?: Record<string, string>; expect: number; na?: string | undefined }> = [
      { label: "constant body (baseline)", url: `${server.app}/__baseline?bytes=${found.siteRssBytes}`, expect: 200 },
      { label: "site RSS", url: `${server.app}/rss.xml`, expect: 200 },
      { label: "popular tag Atom", url: `${server.app}${found.terms.popular.path}atom.xml`, expect: 200 },
      { label: "site JSON Feed", url: `${server.app}/feed.json`, expect: 200 },
      { label: "304 revalidation (site RSS)", url: `${server.app}/rss.xml`, headers: { "If-None-Match": etag ?? "" }, expect: 304, na: na304 },
    ];
    const runnable = scenarios.filter((s) => s.na === undefined);
    for (const s of runnable) {
      const response = await get(s.url, s.headers);
      if (response.status !== s.expect) throw new Error(`${s.url} answered ${response.status}, expected ${s.expect}`);
      await load(tool, s.url, plan.warmupSeconds, plan.connections, s.headers);
    }
    // Rounds interleave the scenarios so a burst of load from elsewhere hits all of them alike.
    // workerd's own CPU per request under load is robust to a busy machine, unlike req/s.
    const results = new Map<string, Array<LoadResult & { cpuPerRequestMs: number; busy: number }>>();
    for (let round = 0; round < plan.rounds; round++) {
      for (const s of runnable) {
        const cpuBefore = processCpuMs(pid);
        const r = await load(tool, s.url, plan.seconds, plan.connections, s.headers);
        const cpuMs = processCpuMs(pid) - cpuBefore;
        if (r.failures > 0) throw new Error(`${s.label}: ${r.failures} failed requests under load`);
        const sample = { ...r, cpuPerRequestMs: cpuMs / r.requests, busy: cpuMs / (plan.seconds * 1000) };
        results.set(s.label, [...(results.get(s.label) ?? []), sample]);
      }
    }
    const warm = scenarios.map((s): WarmRow => {
      const rounds = results.get(s.label);
      if (!rounds) return { label: s.label, na: s.na ?? "n/a" };
      const rpsMedian = median(rounds.map((r) => r.rps));
      const chosen = rounds.reduce((best, r) => (Math.abs(r.rps - rpsMedian) < Math.abs(best.rps - rpsMedian) ? r : best));
      return {
        label: s.label,
        result: chosen,
        rounds: rounds.map((r) => r.rps),
        cpuPerRequestMs: median(rounds.map((r) => r.cpuPerRequestMs)),
        busy: median(rounds.map((r) => r.busy)),
      };
    });
    return { warm, parity };
  } finally {
    await server.stop();
  }
}

/** `path` with `?limit=` set to `limit`, its other parameters kept in their (canonical, sorted) order. */
function withLimit(path: string, limit: number): string {
  const url = new URL(path, "http://x");
  const params = [...url.searchParams].filter(([name]) => name !== "limit");
  params.push(["limit", String(limit)]);
  return url.pathname + query(params as Array<[string, string]>);
}

/** Scopes a generated article's front matter puts it in: the site, its tags and its categories (YAML block lists). */
function scopesOf(text: string): number {
  const items = (key: string) =>
    new RegExp(`^${key}:[^\\n]*\\n((?:- [^\\n]*\\n)*)`, "m")
      .exec(text)?.[1]
      ?.split("\n")
      .filter((line) => line !== "").length ?? 0;
  return 1 + items("tags") + items("categories");
}

/** Articles added one at a time: what one more article changes depends on how many scopes (tags, categories) it is in, so more than one is drawn. */
const ADDED = 3;

/**
 * A no-op rebuild, then the newest article edited, then `ADDED` newer articles added, each
 * rebuilt, with the asset files' hashes compared around each add; then the corpus is put
 * back as generated (the edit undone, the added articles removed), so that what is served
 * afterwards is the corpus of `n`.
 */
async function measureRebuilds(ws: Workspace, n: number): Promise<Rebuilds> {
  const unchanged = await buildContent(ws);
  const edited = await newestSource(ws.corpusDir);
  const original = await readFile(edited, "utf8");
  await editSource(edited);
  const edit = await buildContent(ws);
  let hashes = await hashAssets(ws);
  const adds: Rebuilds["adds"] = [];
  const files: string[] = [];
  for (let extra = 0; extra < ADDED; extra++) {
    const added = newerArticle(n, values.seed, extra);
    await addSource(ws.corpusDir, added.file, added.text);
    files.push(added.file);
    const build = await buildContent(ws);
    const after = await hashAssets(ws, hashes);
    adds.push({ build, scopes: scopesOf(added.text), assets: diffAssets(hashes, after) });
    hashes = after;
  }
  await writeFile(edited, original);
  for (const file of files) await removeSource(ws.corpusDir, file);
  return { unchanged, edit, adds };
}

/**
 * The builds of the variant comparison, from an empty output each time: `SERVED_VARIANT`
 * alone at most sizes (the build the worker then serves); at N = 10,000 `plan.buildPairs`
 * pairs alternated, none then the variant, the first `none` being issue 10's build (already
 * made). The last build is always the variant's, which the worker serves.
 */
async function variantBuilds(ws: Workspace, n: number, first: BuildResult): Promise<{ plain: BuildResult[]; converted: BuildResult[]; hugo: number[] }> {
  const plain = [first];
  const converted: BuildResult[] = [];
  const hugo: number[] = [];
  const pairs = n === 10_000 ? plan.buildPairs : 1;
  // Issue 20: Hugo on the same corpus, alternated with our builds (at N <= 20,000: Hugo needs about 1.5 s per 1,000 articles).
  const site = join(ws.dir, "hugo-site");
  const withHugo = n <= 20_000 && hugoAvailable;
  if (withHugo) await hugoSite(site, ws.corpusDir);
  const timeHugo = async () => {
    if (!withHugo) return;
    const made = await buildWithHugo(site);
    hugo.push(made.wallMs);
    log(`N=${n}: Hugo ${(made.wallMs / 1000).toFixed(2)} s`);
  };
  for (let i = 0; i < pairs; i++) {
    if (i > 0) {
      await timeHugo();
      await cleanBuild(ws);
      plain.push(await buildContent(ws, "none"));
    }
    await timeHugo();
    await cleanBuild(ws);
    converted.push(await buildContent(ws, SERVED_VARIANT));
    log(`N=${n}: build with CHINESE_VARIANTS=${SERVED_VARIANT}: ${converted.at(-1)?.summary}`);
  }
  if (withHugo) await rm(site, { recursive: true, force: true });
  return { plain, converted, hugo };
}

async function measureSize(n: number, snapshot: string, config: ProjectConfig): Promise<SizeResult> {
  const corpus = corpusDir(n);
  await rm(corpus, { recursive: true, force: true });
  log(`N=${n}: generating the corpus${longTail ? " (long tail of tags)" : ""}`);
  await writeCorpus(corpus, n, values.seed, longTail);
  const ws = await createWorkspace(n, corpus, snapshot, config);
  const sources = await measureCorpus(ws.corpusDir);

  // Issue 10's build, deploy and rebuilds: without a Chinese variant (BENCH_VARS).
  log(`N=${n}: content build (CHINESE_VARIANTS=none)`);
  const build = await buildContent(ws, "none");
  log(`N=${n}: ${build.summary}`);
  log(`N=${n}: wrangler deploy --dry-run`);
  const deploy = await dryRun(ws);
  const script = await measureScript(await bundleModules(ws));
  const assets = await measureAssets(ws);
  log(`N=${n}: rebuilds (unchanged, one article edited, ${ADDED} added one at a time)`);
  const rebuilds = await measureRebuilds(ws, n);
  log(
    `N=${n}: edit ${(rebuilds.edit.wallMs / 1000).toFixed(2)} s; adds ${rebuilds.adds.map((a) => `${(a.build.wallMs / 1000).toFixed(2)} s, ${a.assets.changed + a.assets.added + a.assets.removed} of ${a.assets.before} files`).join("; ")}`,
  );

  // Issue 13's variant: built from empty (alternated with builds without it at N = 10,000); the worker serves the last.
  log(`N=${n}: builds with CHINESE_VARIANTS=${SERVED_VARIANT}${n === 10_000 && plan.buildPairs > 1 ? `, alternated with none (${plan.buildPairs} pairs)` : ""}`);
  const builds = await variantBuilds(ws, n, build);
  const variantDeploy = await dryRun(ws, { bundleOnly: true });
  const modules = await bundleModules(ws);
  const app: AppTarget = { bundle: modules, assetsDir: ws.assetsDir };
  const variants = { name: SERVED_VARIANT, ...builds, script: await measureScript(modules), reportedBytes: variantDeploy.reportedBytes, assets: await measureAssets(ws) };
  const found = await discover(ws, app, config, SERVED_VARIANT);

  log(`N=${n}: start-up (wrangler check startup ×${plan.startupReps}, bare workerd and controls)`);
  const checkActiveMs = await checkStartup(ws, plan.startupReps);
  const hello = [];
  const carrying = [];
  for (let i = 0; i < plan.startupReps; i++) {
    hello.push(await controlStartup(ws.dir, config));
    carrying.push(await controlStartup(ws.dir, config, modules));
  }

  // A variant route and the route it is compared with get more processes, and are measured one right after the other;
  // repetitions go round all routes, so that load from elsewhere hits them alike.
  const paired = new Set(found.routes.flatMap((r) => (r.original === undefined ? [] : [r.label, r.original])));
  const repsOf = (route: ColdRoute) => (paired.has(route.label) ? Math.max(plan.coldReps, plan.pairReps) : plan.coldReps);
  const reps = Math.max(...found.routes.map(repsOf));
  log(
    `N=${n}: first response in a fresh isolate, ${found.routes.length} routes ×${plan.coldReps} (${paired.size} of them ×${Math.max(plan.coldReps, plan.pairReps)}), interleaved`,
  );
  const cold = found.routes.map((route) => ({ route, samples: [] as ColdSample[] }));
  const order = cold.filter((c) => c.route.original === undefined).flatMap((c) => [c, ...cold.filter((v) => v.route.original === c.route.label)]);
  if (order.length !== cold.length) throw new Error("a variant route names no measured route as its original");
  for (let i = 0; i < reps; i++) {
    for (const c of order) if (i < repsOf(c.route)) c.samples.push(await coldSample(ws.dir, app, config, c.route.first, c.route.rerender, plan.warmRepeats));
  }

  log(`N=${n}: content reads and isolate memory over ${plan.responses} distinct responses`);
  const isolate = await measureIsolate(ws.dir, app, config, found.routes, found.scopes, plan.responses, found.mix);

  // The default site feed (the common cold request), a large one, and a large filtered one.
  const profiles = [];
  for (const label of ["site RSS", "popular tag RSS ?limit=100", `site RSS ${FILTERS[0]?.label} ?limit=100`]) {
    const profiled = found.routes.find((r) => r.label === label);
    if (!profiled) throw new Error(`no route "${label}" to profile`);
    log(`N=${n}: CPU profile of ${profiled.label}: cold ×${plan.profileProcesses}, re-renders, warm`);
    // Re-renders: the same scope, format and filters at limits 99, 98, ...: large documents the isolate has not made yet.
    const rerenders = Array.from({ length: plan.profileRerenders }, (_, i) => ({ path: withLimit(profiled.first.path, 99 - i) }));
    profiles.push({
      label: profiled.label,
      path: profiled.first.path,
      ...(await profileRoute(ws.dir, ws.distDir, app, config, profiled.first, plan.profileProcesses, rerenders, plan.profileRequests)),
    });
  }

  log(`N=${n}: parity with wrangler dev's runtime; warm load with ${tool}, ${plan.rounds} round(s) × ${plan.seconds} s per scenario`);
  const { warm, parity } = await measureWarm(ws, app, config, found);
  log(`N=${n}: subscriber counts on against off, ${plan.statsRounds} round(s) × ${plan.statsSeconds} s per scenario`);
  const stats = await measureStats(n, ws.distDir, app, config, statsPlan(), log);
  if (!values.keep) await removeWorkspace(ws);

  const all = cold.flatMap((c) => c.samples);
  // First line of each distinct error the worker logged, with how many processes logged it.
  const logged = new Map<string, number>();
  for (const sample of all) {
    for (const line of new Set(sample.logs.split("\n").filter((l) => /error/i.test(l) && !/^\s+at /.test(l)))) {
      logged.set(line.trim(), (logged.get(line.trim()) ?? 0) + 1);
    }
  }
  const coldRows: ColdRow[] = cold.map(({ route, samples }) => {
    const reads = isolate.routes.find((r) => r.label === route.label);
    const firsts = samples.map((s) => s.firstCpuMs);
    const rerenders = samples.flatMap((s) => (s.rerenderCpuMs === undefined ? [] : [s.rerenderCpuMs]));
    const rerendersMain = samples.flatMap((s) => (s.rerenderMainMs === undefined ? [] : [s.rerenderMainMs]));
    return {
      label: route.label,
      group: route.group,
      baseline: route.baseline,
      original: route.original,
      bytes: route.bytes,
      items: route.items,
      processes: samples.length,
      path: route.first.path,
      rerenderPath: route.rerender?.path,
      firstCpuMs: median(firsts),
      firstSamplesMs: firsts,
      rerenderSamplesMs: rerenders,
      firstMainMs: median(samples.map((s) => s.firstMainMs)),
      rerenderCpuMs: rerenders.length > 0 ? median(rerenders) : undefined,
      rerenderMainMs: rerendersMain.length > 0 ? median(rerendersMain) : undefined,
      warmCpuMs: median(samples.map((s) => s.warmCpuMs)),
      reads: reads?.first,
      rerenderReads: reads?.rerender,
    };
  });
  return {
    n,
    corpus: sources,
    build,
    rebuilds,
    deploy,
    script,
    assets,
    variants,
    websub: found.websub,
    terms: found.terms,
    siteRssBytes: found.siteRssBytes,
    siteRss100Bytes: found.siteRss100Bytes,
    startup: {
      checkActiveMs,
      listenMs: median(all.map((s) => s.listenMs)),
      helloListenMs: median(hello.map((h) => h.listenMs)),
      indexListenMs: median(carrying.map((h) => h.listenMs)),
      cpuMs: median(all.map((s) => s.startupCpuMs)),
      helloCpuMs: median(hello.map((h) => h.startupCpuMs)),
      indexCpuMs: median(carrying.map((h) => h.startupCpuMs)),
      reads: isolate.startupReads,
    },
    cold: coldRows,
    isolate,
    profiles,
    warm,
    stats,
    parity,
    logged: { processes: all.length, lines: [...logged].map(([line, processes]) => ({ line, processes })) },
  };
}

/** The 1-, 5- and 15-minute load averages: how busy the machine was around the run. */
const loadAverage = async () => (await readFile("/proc/loadavg", "utf8")).split(" ").slice(0, 3).join(", ");

/** Everything a report is rendered from, saved beside it so that it can be rendered again (`--from`). */
interface Saved {
  machine: Machine;
  results: SizeResult[];
  plan: typeof plan;
  elapsedS: number;
}

/** Where a run's report goes: BENCHMARKS.md for a full run of the project's configuration, else bench/out/. */
function reportFile(m: Machine): string {
  // A quick run is a smoke test, and a run with SITE_URL set a comparison: never in BENCHMARKS.md.
  if (!m.quick && !m.siteUrl) return join(ROOT, "BENCHMARKS.md");
  return join(OUT, `BENCHMARKS${m.quick ? ".quick" : ""}${m.siteUrl ? ".site-url" : ""}.md`);
}

async function writeReport(saved: Saved): Promise<string> {
  const report = renderReport(saved.machine, saved.results, { plan: saved.plan, elapsedS: saved.elapsedS });
  console.log(report);
  const target = reportFile(saved.machine);
  await writeFile(target, updateMarkdown(await readFile(target, "utf8").catch(() => ""), report));
  return target;
}

const statsPlan = () => ({ rounds: plan.statsRounds, seconds: plan.statsSeconds, connections: plan.connections, countReps: plan.statsCountReps });

/**
 * `--only-stats`: for each size, the corpus generated and built (no Chinese variant), the
 * bundle made, and issue 23's measurement alone; nothing else is measured.
 */
async function onlyStatsRun(config: ProjectConfig, snapshot: string): Promise<void> {
  const started = performance.now();
  const loadBefore = await loadAverage();
  const results: StatsResult[] = [];
  for (const n of sizes) {
    const corpus = corpusDir(n);
    await rm(corpus, { recursive: true, force: true });
    log(`N=${n}: generating the corpus`);
    await writeCorpus(corpus, n, values.seed);
    const ws = await createWorkspace(n, corpus, snapshot, config);
    log(`N=${n}: ${(await buildContent(ws, "none")).summary}`);
    await dryRun(ws, { bundleOnly: true });
    const app: AppTarget = { bundle: await bundleModules(ws), assetsDir: ws.assetsDir };
    results.push(await measureStats(n, ws.distDir, app, config, statsPlan(), log));
    if (!values.keep) await removeWorkspace(ws);
  }
  const info = await machine(config);
  const report = [
    `Run ${info.date} on commit ${info.commit}${quick ? " (--quick)" : ""}, ${((performance.now() - started) / 1000).toFixed(0)} s, N = ${sizes.join(", ")}; ${info.cpus} × ${info.cpuModel}, Node ${info.node}, workerd ${info.workerd}; load average ${loadBefore} at the start, ${await loadAverage()} at the end.`,
    "",
    renderStats(results),
  ].join("\n");
  console.log(report);
  await mkdir(OUT, { recursive: true });
  const target = join(OUT, `BENCHMARKS.stats${quick ? ".quick" : ""}.md`);
  await writeFile(target, `${report}\n`);
  await writeFile(join(OUT, `results.stats${quick ? ".quick" : ""}.json`), JSON.stringify({ machine: info, results }));
  log(`wrote ${target}`);
}

async function main(): Promise<void> {
  if (values.from && onlyStats) {
    const saved = JSON.parse(await readFile(values.from, "utf8")) as { results: StatsResult[] };
    console.log(renderStats(saved.results));
    return;
  }
  if (values.from) {
    log(`wrote ${await writeReport(JSON.parse(await readFile(values.from, "utf8")) as Saved)} from ${values.from}`);
    return;
  }
  process.once("exit", killChildren);
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => process.exit(130));
  const started = performance.now();
  hugoAvailable = (await hugoVersion()) !== undefined;
  if (!hugoAvailable) log(HUGO_MISSING);
  const project = await readProjectConfig();
  const config = values["site-url"] ? { ...project, vars: { ...project.vars, SITE_URL: `http://${BENCH_HOST}` } } : project;
  if (onlyStats) return onlyStatsRun(config, await snapshotSources());
  if (onlySchedule) return onlyScheduleRun({ sizes, seed: values.seed, keep: values.keep, quick, snapshot: await snapshotSources(), config, log });
  const info = await machine(config);
  const loadBefore = await loadAverage();
  const snapshot = await snapshotSources();
  log(`sizes ${sizes.join(", ")}; load tool ${info.tool}; ${quick ? "quick" : "full"} run; load average ${loadBefore}`);
  const results: SizeResult[] = [];
  for (const n of sizes) results.push(await measureSize(n, snapshot, config));
  const saved: Saved = {
    machine: { ...info, loadAverage: { before: loadBefore, after: await loadAverage() } },
    results,
    plan,
    elapsedS: (performance.now() - started) / 1000,
  };
  await mkdir(OUT, { recursive: true });
  const json = join(OUT, `results${quick ? ".quick" : ""}${values["site-url"] ? ".site-url" : ""}.json`);
  await writeFile(json, JSON.stringify(saved));
  log(`wrote ${await writeReport(saved)} (and ${json}) in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

await main();
