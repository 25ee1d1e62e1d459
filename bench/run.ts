/**
 * @module `npm run bench [-- --quick] [-- --sizes 1000,100000] [-- --site-url] [-- --tool wrk|autocannon] [-- --keep]`
 *
 * The targets of issue 10 ("Build once, serve bytes"), for each corpus size N (default
 * 1,000, 10,000, 20,000 and 100,000 generated articles; 1,000 and 10,000 with --quick):
 * the content build (wall, CPU, peak RSS), incremental rebuilds (one article edited, one
 * added, and how many asset files that changes), `wrangler deploy --dry-run` against the
 * Free and Paid plans' limits, start-up in bare workerd, the CPU of the first response
 * in a fresh isolate and of a re-render in a warm one, content reads per response,
 * isolate memory after 1,000 distinct responses, a CPU profile of a cold feed, warm
 * CPU per request under load, and a parity check of bare workerd against `wrangler
 * dev`'s runtime. Ratios are to a constant-body route of the same worker, same run.
 *
 * Prints the tables and writes them between the result markers of BENCHMARKS.md (with
 * --quick: bench/out/BENCHMARKS.quick.md), keeping the prose around them. Each size's
 * workspace and corpus (several GB at N = 100,000) are deleted once measured unless
 * --keep is given.
 *
 * SITE_URL comes from wrangler.toml (empty: every absolute URL is built on the request's
 * origin, spliced into the stored fragments at request time, as on `wrangler dev` and a
 * fresh `*.workers.dev`). `--site-url` builds and serves with SITE_URL set to the bench's
 * own host instead (the build writes the origin in, as in a configured production
 * deploy), so both cases can be compared.
 */
import { cpus } from "node:os";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { newerArticle, writeCorpus } from "../scripts/generate-corpus.ts";
import { measureIsolate, type RouteProbes } from "./isolate.ts";
import { defaultTool, load, startWarmServer, toolVersion, type LoadResult, type LoadTool } from "./load.ts";
import { compareServers } from "./parity.ts";
import { profileRoute } from "./profile.ts";
import { renderReport, updateMarkdown, type ColdRow, type Machine, type Rebuilds, type SizeResult, type WarmRow } from "./report.ts";
import {
  type AppTarget,
  BENCH_HOST,
  childWorkerdPids,
  coldSample,
  controlStartup,
  get,
  killChildren,
  type Probe,
  processCpuMs,
  startWorkerd,
  workerdBinary,
} from "./workerd.ts";
import {
  addSource,
  buildContent,
  bundleModules,
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
  readProjectConfig,
  removeWorkspace,
  ROOT,
  run,
  snapshotSources,
  wrangler,
  type ProjectConfig,
  type Workspace,
} from "./workspace.ts";

const { values } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    sizes: { type: "string" },
    tool: { type: "string" },
    seed: { type: "string", default: "edge-feeds" },
    keep: { type: "boolean", default: false },
    "site-url": { type: "boolean", default: false },
  },
});

const quick = values.quick;
const sizes = (values.sizes ?? (quick ? "1000,10000" : "1000,10000,20000,100000")).split(",").map(Number);
if (sizes.some((n) => !Number.isInteger(n) || n < 100)) throw new Error(`--sizes takes whole numbers of at least 100, comma-separated: ${values.sizes}`);
const tool = (values.tool ?? defaultTool()) as LoadTool;
/** Per measurement: fresh-isolate repetitions, warm rounds and seconds per warm run. */
const plan = quick
  ? { coldReps: 1, warmRepeats: 10, startupReps: 1, rounds: 1, seconds: 1, warmupSeconds: 1, connections: 8, profileProcesses: 2, profileRerenders: 20, profileRequests: 100, responses: 1000 }
  : { coldReps: 3, warmRepeats: 20, startupReps: 3, rounds: 3, seconds: 3, warmupSeconds: 1, connections: 8, profileProcesses: 5, profileRerenders: 30, profileRequests: 500, responses: 1000 };

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

/** A route measured in fresh isolates: what it is, its first request and its re-render. */
interface ColdRoute extends RouteProbes {
  group: "baseline" | "feed" | "page";
  /** The constant-body route (by label) whose first request this one's is compared with: the one of about its size. */
  baseline?: string;
}

/** What the measured routes need to know about the built content. */
interface Discovered {
  siteRssBytes: number;
  siteRss100Bytes: number;
  routes: ColdRoute[];
  /** Every scope's folder path (`/`, `/tags/x/`): the isolate pass spreads its URLs over them. */
  scopes: string[];
  terms: { tags: number; categories: number; popular: Term; rare: Term; category: Term };
  parity: Probe[];
}

interface Term {
  name: string;
  count: number;
  /** The term's folder, e.g. `/tags/%E5%8D%97%E5%BC%80/`. */
  path: string;
}

const DOCUMENT = { "Sec-Fetch-Dest": "document" };
const FORMATS = [
  ["RSS", "rss.xml"],
  ["Atom", "atom.xml"],
  ["JSON", "feed.json"],
] as const;

/** Finds the scopes, terms and articles to measure, from the worker's own lists, and checks every route answers 200. */
async function discover(ws: Workspace, app: AppTarget, config: ProjectConfig): Promise<Discovered> {
  const w = await startWorkerd(ws.dir, { app }, config);
  try {
    const json = async <T>(path: string): Promise<T> => {
      const answer = await get(w.origin + path);
      if (answer.status !== 200) throw new Error(`GET ${path} answered ${answer.status}`);
      return JSON.parse(new TextDecoder().decode(answer.body)) as T;
    };
    const rss = await get(`${w.origin}/rss.xml`);
    const rss100 = await get(`${w.origin}/rss.xml?limit=100`);
    if (rss.status !== 200 || rss100.status !== 200) throw new Error(`/rss.xml answered ${rss.status}, with ?limit=100 ${rss100.status}`);
    type Listed = { name: string; count: number; url: string };
    const toTerm = (t: Listed): Term => ({ name: t.name, count: t.count, path: new URL(t.url).pathname });
    const tags = (await json<Listed[]>("/tags.json")).map(toTerm);
    const categories = (await json<Listed[]>("/categories.json")).map(toTerm);
    const popular = tags[0];
    const rare = tags.find((t) => t.count === tags.at(-1)?.count);
    const category = categories[0];
    if (!popular || !rare || !category) throw new Error("the build has no tags or no categories");
    type Feed = { items: Array<{ url: string }> };
    const articles = [...(await json<Feed>(`${rare.path}feed.json`)).items, ...(await json<Feed>("/feed.json?limit=10")).items].map((i) => new URL(i.url).pathname);
    const [article, otherArticle] = [...new Set(articles)];
    if (!article || !otherArticle) throw new Error("fewer than two articles to measure");

    // Two constant bodies: as long as the site's default feed, and as long as its ?limit=100 feed.
    const small = "constant body, size of the site RSS (baseline)";
    const large = "constant body, size of the site RSS ?limit=100 (baseline)";
    const routes: ColdRoute[] = [
      { label: small, group: "baseline", first: { path: `/__baseline?bytes=${rss.body.byteLength}` } },
      { label: large, group: "baseline", first: { path: `/__baseline?bytes=${rss100.body.byteLength}` } },
      { label: "open the index only (`/__index`)", group: "baseline", first: { path: "/__index" }, baseline: small },
    ];
    const scopes = [
      { label: "site", path: "/" },
      { label: "popular tag", path: popular.path },
      { label: "rare tag", path: rare.path },
      { label: "category", path: category.path },
    ];
    for (const scope of scopes) {
      for (const [format, file] of FORMATS) {
        const path = scope.path + file;
        routes.push({ label: `${scope.label} ${format}`, group: "feed", first: { path }, rerender: { path: `${path}?limit=100` }, baseline: small });
        routes.push({ label: `${scope.label} ${format} ?limit=100`, group: "feed", first: { path: `${path}?limit=100` }, rerender: { path: `${path}?limit=99` }, baseline: large });
      }
    }
    routes.push(
      { label: "site RSS in a browser (Sec-Fetch-Dest: document)", group: "page", first: { path: "/rss.xml", headers: DOCUMENT }, rerender: { path: "/rss.xml?limit=100", headers: DOCUMENT }, baseline: small },
      { label: "popular tag page", group: "page", first: { path: popular.path }, rerender: { path: category.path }, baseline: small },
      { label: "home page", group: "page", first: { path: "/" }, rerender: { path: "/opml.xml" }, baseline: small },
      { label: "article page", group: "page", first: { path: article }, rerender: { path: otherArticle }, baseline: small },
      { label: "embed (site)", group: "page", first: { path: "/embed/site" }, rerender: { path: "/embed/site?limit=50" }, baseline: small },
    );
    for (const route of routes) {
      for (const probe of [route.first, route.rerender]) {
        if (!probe) continue;
        const answer = await get(w.origin + probe.path, probe.headers);
        if (answer.status !== 200) throw new Error(`${route.label}: GET ${probe.path} answered ${answer.status}`);
      }
    }
    const parity: Probe[] = [
      { path: "/rss.xml" },
      { path: `${popular.path}atom.xml?limit=100` },
      { path: `${category.path}feed.json?limit=7` },
      { path: `${rare.path}rss.xml` },
      { path: "/atom.xml", headers: DOCUMENT },
      { path: "/" },
      { path: popular.path },
      { path: article },
      { path: "/embed/site?theme=dark" },
      { path: "/tags.json" },
      { path: "/opml.xml" },
      { path: "/rss.xml?limit=20" },
      { path: "/rss.xml?limit=0" },
      { path: "/_c/s/site/meta.json" },
      { path: "/_c/a/rss/0.pack" },
      { path: "/no-such-page" },
    ];
    return {
      siteRssBytes: rss.body.byteLength,
      siteRss100Bytes: rss100.body.byteLength,
      routes,
      scopes: ["/", ...tags.map((t) => t.path), ...categories.map((c) => c.path)],
      terms: { tags: tags.length, categories: categories.length, popular, rare, category },
      parity,
    };
  } finally {
    await w.stop();
  }
}

async function measureWarm(ws: Workspace, app: AppTarget, config: ProjectConfig, found: Discovered): Promise<{ warm: WarmRow[]; parity: Awaited<ReturnType<typeof compareServers>> }> {
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
      return { label: s.label, result: chosen, rounds: rounds.map((r) => r.rps), cpuPerRequestMs: median(rounds.map((r) => r.cpuPerRequestMs)), busy: median(rounds.map((r) => r.busy)) };
    });
    return { warm, parity };
  } finally {
    await server.stop();
  }
}

/** Scopes a generated article's front matter puts it in: the site, its tags and its categories (YAML block lists). */
function scopesOf(text: string): number {
  const items = (key: string) => new RegExp(`^${key}:[^\\n]*\\n((?:- [^\\n]*\\n)*)`, "m").exec(text)?.[1]?.split("\n").filter((line) => line !== "").length ?? 0;
  return 1 + items("tags") + items("categories");
}

/**
 * A no-op rebuild, then the newest article edited, then `ADDED` articles newer than all
 * added one at a time, each rebuilt, with the asset files' hashes compared around each
 * add: what one more article changes depends on how many scopes (tags, categories) it
 * is in, so more than one is drawn.
 */
const ADDED = 3;

async function measureRebuilds(ws: Workspace, n: number): Promise<Rebuilds> {
  const unchanged = await buildContent(ws);
  const edited = await newestSource(ws.corpusDir);
  await editSource(edited);
  const edit = await buildContent(ws);
  let hashes = await hashAssets(ws);
  const adds: Rebuilds["adds"] = [];
  for (let extra = 0; extra < ADDED; extra++) {
    const added = newerArticle(n, values.seed, extra);
    await addSource(ws.corpusDir, added.file, added.text);
    const build = await buildContent(ws);
    const after = await hashAssets(ws, hashes);
    adds.push({ build, scopes: scopesOf(added.text), assets: diffAssets(hashes, after) });
    hashes = after;
  }
  return { unchanged, edit, adds };
}

async function measureSize(n: number, snapshot: string, config: ProjectConfig): Promise<SizeResult> {
  const corpus = corpusDir(n);
  await rm(corpus, { recursive: true, force: true });
  log(`N=${n}: generating the corpus`);
  await writeCorpus(corpus, n, values.seed);
  const ws = await createWorkspace(n, corpus, snapshot, config);
  log(`N=${n}: content build`);
  const build = await buildContent(ws);
  log(`N=${n}: ${build.summary}`);
  log(`N=${n}: wrangler deploy --dry-run`);
  const deploy = await dryRun(ws);
  const modules = await bundleModules(ws);
  const app: AppTarget = { bundle: modules, assetsDir: ws.assetsDir };
  const script = await measureScript(modules);
  const assets = await measureAssets(ws);
  const sources = await measureCorpus(ws.corpusDir);
  const found = await discover(ws, app, config);

  log(`N=${n}: start-up (wrangler check startup ×${plan.startupReps}, bare workerd and controls)`);
  const checkActiveMs = await checkStartup(ws, plan.startupReps);
  const hello = [];
  const carrying = [];
  for (let i = 0; i < plan.startupReps; i++) {
    hello.push(await controlStartup(ws.dir, config));
    carrying.push(await controlStartup(ws.dir, config, modules));
  }

  log(`N=${n}: first response in a fresh isolate, ${found.routes.length} routes ×${plan.coldReps}`);
  const cold = [];
  for (const route of found.routes) {
    const samples = [];
    for (let i = 0; i < plan.coldReps; i++) samples.push(await coldSample(ws.dir, app, config, route.first, route.rerender, plan.warmRepeats));
    cold.push({ route, samples });
  }

  log(`N=${n}: content reads and isolate memory over ${plan.responses} distinct responses`);
  const isolate = await measureIsolate(ws.dir, app, config, found.routes, found.scopes, plan.responses);

  const profiled = found.routes.find((r) => r.label === "popular tag RSS ?limit=100") ?? found.routes[2];
  if (!profiled) throw new Error("no feed route to profile");
  log(`N=${n}: CPU profile of ${profiled.label}, cold ×${plan.profileProcesses} and warm`);
  // Re-renders: the same scope and format at limits 99, 98, ...: large documents the isolate has not made yet.
  const rerenders = Array.from({ length: plan.profileRerenders }, (_, i) => ({ path: profiled.first.path.replace(/\?limit=\d+$/, "") + `?limit=${99 - i}` }));
  const profile = {
    label: profiled.label,
    path: profiled.first.path,
    ...(await profileRoute(ws.dir, ws.distDir, app, config, profiled.first, plan.profileProcesses, rerenders, plan.profileRequests)),
  };

  log(`N=${n}: parity with wrangler dev's runtime; warm load with ${tool}, ${plan.rounds} round(s) × ${plan.seconds} s per scenario`);
  const { warm, parity } = await measureWarm(ws, app, config, found);

  log(`N=${n}: rebuilds (unchanged, one article edited, ${ADDED} added one at a time)`);
  const rebuilds = await measureRebuilds(ws, n);
  log(`N=${n}: edit ${(rebuilds.edit.wallMs / 1000).toFixed(2)} s; adds ${rebuilds.adds.map((a) => `${(a.build.wallMs / 1000).toFixed(2)} s, ${a.assets.changed + a.assets.added + a.assets.removed} of ${a.assets.before} files`).join("; ")}`);
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
    const rerenders = samples.flatMap((s) => (s.rerenderCpuMs === undefined ? [] : [s.rerenderCpuMs]));
    const rerendersMain = samples.flatMap((s) => (s.rerenderMainMs === undefined ? [] : [s.rerenderMainMs]));
    return {
      label: route.label,
      group: route.group,
      baseline: route.baseline,
      path: route.first.path,
      rerenderPath: route.rerender?.path,
      firstCpuMs: median(samples.map((s) => s.firstCpuMs)),
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
    profile,
    warm,
    parity,
    logged: { processes: all.length, lines: [...logged].map(([line, processes]) => ({ line, processes })) },
  };
}

async function main(): Promise<void> {
  process.once("exit", killChildren);
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => process.exit(130));
  const started = performance.now();
  const project = await readProjectConfig();
  const config = values["site-url"] ? { ...project, vars: { ...project.vars, SITE_URL: `http://${BENCH_HOST}` } } : project;
  const info = await machine(config);
  const snapshot = await snapshotSources();
  log(`sizes ${sizes.join(", ")}; load tool ${info.tool}; ${quick ? "quick" : "full"} run`);
  const results: SizeResult[] = [];
  for (const n of sizes) results.push(await measureSize(n, snapshot, config));
  const report = renderReport(info, results, { plan, elapsedS: (performance.now() - started) / 1000 });
  console.log(report);
  await mkdir(OUT, { recursive: true });
  // A run with SITE_URL set is the comparison, not the project's configuration: never in BENCHMARKS.md.
  const target = quick || values["site-url"] ? join(OUT, `BENCHMARKS${quick ? ".quick" : ""}${values["site-url"] ? ".site-url" : ""}.md`) : join(ROOT, "BENCHMARKS.md");
  await writeFile(target, updateMarkdown(await readFile(target, "utf8").catch(() => ""), report));
  log(`wrote ${target} in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

await main();
