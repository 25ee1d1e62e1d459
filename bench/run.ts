/**
 * @module `npm run bench [-- --quick] [-- --sizes 100,1000] [-- --tool wrk|autocannon]`
 *
 * For each corpus size N (100, 1,000, 10,000 generated articles; 100 and 1,000 with
 * --quick): content build time and peak memory, worker bundle size against the content's
 * own gzip size, startup time, the CPU of the first request to each feed in a fresh
 * isolate, and warm throughput/latency of the feeds, a 304, a constant-body route and a
 * static asset, as ratios to the constant-body route measured in the same run.
 * Prints the tables and writes them between the result markers of BENCHMARKS.md (with
 * --quick: bench/out/BENCHMARKS.quick.md), keeping the prose around them.
 */
import { cpus } from "node:os";
import { readFile, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { writeCorpus } from "../scripts/generate-corpus.ts";
import { defaultTool, load, startWarmServer, toolVersion, type LoadResult, type LoadTool } from "./load.ts";
import { profileRoute } from "./profile.ts";
import { renderReport, updateMarkdown, type Machine, type SizeResult, type WarmRow } from "./report.ts";
import { childWorkerdPids, coldSample, controlStartup, get, processCpuMs, startWorkerd, workerdBinary } from "./workerd.ts";
import {
  ASSET_PATH,
  buildContent,
  bundle,
  bundleModules,
  createWorkspace,
  measureSizes,
  OUT,
  readProjectConfig,
  ROOT,
  run,
  snapshotSources,
  tagExtremes,
  wrangler,
  type BundleModule,
  type ProjectConfig,
  type Workspace,
} from "./workspace.ts";

const { values } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    sizes: { type: "string" },
    tool: { type: "string" },
    seed: { type: "string", default: "edge-feeds" },
  },
});

const quick = values.quick;
const sizes = (values.sizes ?? (quick ? "100,1000" : "100,1000,10000")).split(",").map(Number);
const tool = (values.tool ?? defaultTool()) as LoadTool;
/** Per measurement: fresh-isolate repetitions, warm rounds and seconds per warm run. */
const plan = quick
  ? { coldReps: 1, warmRepeats: 10, startupReps: 1, rounds: 1, seconds: 1, warmupSeconds: 1, connections: 8, profileRequests: 100 }
  : { coldReps: 3, warmRepeats: 20, startupReps: 3, rounds: 3, seconds: 3, warmupSeconds: 1, connections: 8, profileRequests: 500 };

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

const log = (message: string) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);

async function machine(): Promise<Machine> {
  const version = async (path: string) => (JSON.parse(await readFile(join(ROOT, "node_modules", path, "package.json"), "utf8")) as { version: string }).version;
  const workerd = await run(workerdBinary(), ["--version"]);
  const commit = await run("git", ["rev-parse", "--short", "HEAD"]);
  const dirty = await run("git", ["status", "--porcelain", "--", "src", "bench", "wrangler.toml", "package.json"]);
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model.trim() ?? "unknown",
    node: process.version,
    wrangler: await version("wrangler"),
    workerd: `${(workerd.stdout.trim() || workerd.stderr.trim()).replace(/^workerd /, "")} (npm workerd ${await version("workerd")})`,
    tool: `${tool} ${toolVersion(tool)}`,
    date: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
    commit: `${commit.stdout.trim()}${dirty.stdout.trim() ? " + uncommitted changes" : ""}`,
    quick,
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

/** Follows one canonical redirect, so measured URLs are the ones that answer 200. */
async function canonical(origin: string, path: string): Promise<string> {
  const first = await get(origin + path);
  if (first.status === 200) return path;
  const location = first.headers.get("location");
  if (first.status >= 300 && first.status < 400 && location) {
    const next = new URL(location, origin);
    if ((await get(next.href)).status === 200) return next.pathname + next.search;
  }
  throw new Error(`GET ${path} answered ${first.status}`);
}

interface Routes {
  siteRss: Uint8Array;
  cold: Array<{ label: string; path: string; feed: boolean }>;
  popularAtom: string;
}

async function discoverRoutes(ws: Workspace, modules: BundleModule[], config: ProjectConfig): Promise<Routes> {
  const { popular, rare } = await tagExtremes(ws);
  const w = await startWorkerd(ws.dir, { bundle: modules }, config);
  try {
    const rss = await get(`${w.origin}/rss.xml`);
    if (rss.status !== 200) throw new Error(`/rss.xml answered ${rss.status}`);
    const cold: Routes["cold"] = [
      { label: "constant body (baseline)", path: `/__baseline?bytes=${rss.body.byteLength}`, feed: false },
      { label: "index parse only (`/__index`)", path: "/__index", feed: false },
    ];
    const scopes = [
      { label: "site", prefix: "" },
      { label: "popular tag", prefix: `/tags/${encodeURIComponent(popular.name)}` },
      { label: "rare tag", prefix: `/tags/${encodeURIComponent(rare.name)}` },
    ];
    for (const scope of scopes) {
      for (const [format, file] of [["RSS", "rss.xml"], ["Atom", "atom.xml"], ["JSON", "feed.json"]] as const) {
        cold.push({ label: `${scope.label} ${format}`, path: await canonical(w.origin, `${scope.prefix}/${file}`), feed: true });
      }
    }
    const popularAtom = cold.find((c) => c.label === "popular tag Atom")?.path ?? "";
    return { siteRss: rss.body, cold, popularAtom };
  } finally {
    await w.stop();
  }
}

async function measureWarm(ws: Workspace, modules: BundleModule[], config: ProjectConfig, routes: Routes): Promise<WarmRow[]> {
  await writeFile(join(ws.assetsDir, ASSET_PATH), routes.siteRss);
  const server = await startWarmServer(ws.distDir, modules, ws.assetsDir, config);
  const pid = childWorkerdPids()[0];
  if (pid === undefined) throw new Error("miniflare's workerd process not found");
  try {
    const etag = (await get(`${server.app}/rss.xml`)).headers.get("etag");
    const revalidates = etag !== null && (await get(`${server.app}/rss.xml`, { "If-None-Match": etag })).status === 304;
    const na304 = etag === null ? "n/a – no ETag" : revalidates ? undefined : "n/a – If-None-Match not answered with 304";
    const scenarios: Array<{ label: string; url: string; headers?: Record<string, string>; expect: number; na?: string | undefined }> = [
      { label: "constant body (baseline)", url: `${server.app}/__baseline?bytes=${routes.siteRss.byteLength}`, expect: 200 },
      { label: "site RSS", url: `${server.app}/rss.xml`, expect: 200 },
      { label: "popular tag Atom", url: server.app + routes.popularAtom, expect: 200 },
      { label: "site JSON Feed", url: `${server.app}/feed.json`, expect: 200 },
      { label: "304 revalidation (site RSS)", url: `${server.app}/rss.xml`, headers: { "If-None-Match": etag ?? "" }, expect: 304, na: na304 },
      { label: "static asset (same RSS file)", url: server.site + ASSET_PATH, expect: 200 },
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
    return scenarios.map((s) => {
      const rounds = results.get(s.label);
      if (!rounds) return { label: s.label, na: s.na ?? "n/a" };
      const rpsMedian = median(rounds.map((r) => r.rps));
      const chosen = rounds.reduce((best, r) => (Math.abs(r.rps - rpsMedian) < Math.abs(best.rps - rpsMedian) ? r : best));
      return { label: s.label, result: chosen, rounds: rounds.map((r) => r.rps), cpuPerRequestMs: median(rounds.map((r) => r.cpuPerRequestMs)), busy: median(rounds.map((r) => r.busy)) };
    });
  } finally {
    await server.stop();
  }
}

async function measureSize(n: number, snapshot: string, config: ProjectConfig): Promise<SizeResult> {
  const corpusDir = join(OUT, `corpus-${n}`);
  await rm(corpusDir, { recursive: true, force: true });
  log(`N=${n}: generating corpus`);
  await writeCorpus(corpusDir, n, values.seed);
  const ws = await createWorkspace(n, corpusDir, snapshot, config);
  log(`N=${n}: content build`);
  const build = await buildContent(ws);
  log(`N=${n}: ${build.summary}; wrangler deploy --dry-run`);
  const bundleMs = await bundle(ws);
  const modules = await bundleModules(ws);
  const sizes = await measureSizes(ws, modules);
  const tags = await tagExtremes(ws);
  const routes = await discoverRoutes(ws, modules, config);

  log(`N=${n}: startup (wrangler check startup x${plan.startupReps}, bare workerd)`);
  const checkActiveMs = await checkStartup(ws, plan.startupReps);
  const hello = [];
  const carrying = [];
  for (let i = 0; i < plan.startupReps; i++) {
    hello.push(await controlStartup(ws.dir, config));
    carrying.push(await controlStartup(ws.dir, config, modules));
  }

  log(`N=${n}: first request in a fresh isolate, ${routes.cold.length} routes x${plan.coldReps}`);
  const cold = [];
  for (const route of routes.cold) {
    const samples = [];
    for (let i = 0; i < plan.coldReps; i++) samples.push(await coldSample(ws.dir, modules, config, route.path, plan.warmRepeats));
    cold.push({ ...route, samples });
  }

  log(`N=${n}: CPU profile of the site RSS, cold and warm`);
  const profile = await profileRoute(ws.dir, ws.distDir, modules, config, "/rss.xml", plan.profileRequests);

  log(`N=${n}: warm load with ${tool}, ${plan.rounds} round(s) x ${plan.seconds}s per scenario`);
  const warm = await measureWarm(ws, modules, config, routes);
  const all = cold.flatMap((c) => c.samples);
  // First line of each distinct error the worker logged, with how many processes logged it.
  const logged = new Map<string, number>();
  for (const sample of all) {
    for (const line of new Set(sample.logs.split("\n").filter((l) => /error/i.test(l) && !/^\s+at /.test(l)))) {
      logged.set(line.trim(), (logged.get(line.trim()) ?? 0) + 1);
    }
  }
  return {
    n,
    build,
    bundleMs,
    sizes,
    tags,
    siteRssBytes: routes.siteRss.byteLength,
    startup: {
      checkActiveMs,
      workerdCpuMs: median(all.map((s) => s.startupCpuMs)),
      helloCpuMs: median(hello.map((h) => h.startupCpuMs)),
      listenMs: median(all.map((s) => s.listenMs)),
      helloListenMs: median(hello.map((h) => h.listenMs)),
      contentCpuMs: median(carrying.map((h) => h.startupCpuMs)),
      contentListenMs: median(carrying.map((h) => h.listenMs)),
    },
    cold: cold.map((c) => ({
      label: c.label,
      feed: c.feed,
      firstCpuMs: median(c.samples.map((s) => s.firstCpuMs)),
      rerenderCpuMs: median(c.samples.map((s) => s.rerenderCpuMs)),
      warmCpuMs: median(c.samples.map((s) => s.warmCpuMs)),
    })),
    warm,
    profile,
    logged: { processes: all.length, lines: [...logged].map(([line, processes]) => ({ line, processes })) },
  };
}

async function main(): Promise<void> {
  const started = performance.now();
  const config = await readProjectConfig();
  const info = await machine();
  const snapshot = await snapshotSources();
  log(`sizes ${sizes.join(", ")}; load tool ${info.tool}; ${quick ? "quick" : "full"} run`);
  const results: SizeResult[] = [];
  for (const n of sizes) results.push(await measureSize(n, snapshot, config));
  const seedBytes = await stat(join(ROOT, "content", "000_ff113f4654e3e3fe.md")).then((s) => s.size, () => 7177);
  const report = renderReport(info, results, { seedBytes, plan, elapsedS: (performance.now() - started) / 1000 });
  console.log(report);
  const target = quick ? join(OUT, "BENCHMARKS.quick.md") : join(ROOT, "BENCHMARKS.md");
  await writeFile(target, updateMarkdown(await readFile(target, "utf8").catch(() => ""), report));
  log(`wrote ${target} in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

await main();
