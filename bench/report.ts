/**
 * @module The benchmark's tables (Markdown, also printed to the console), the plan
 * limits, the target verdicts of issues 10, 13 and 23, and the splice into BENCHMARKS.md
 * between markers so that hand-written findings around the numbers survive a re-run.
 */
import type { IsolateResult, ResponseReads } from "./isolate.ts";
import type { LoadResult } from "./load.ts";
import type { ParityRow } from "./parity.ts";
import type { Breakdown, RouteProfile } from "./profile.ts";
import type { LinkCheck, RouteGroup, Term } from "./routes.ts";
import { countingCost, type StatsResult, summarise } from "./stats.ts";
import type { AssetStats, BuildResult, DryRun, ScriptSize } from "./workspace.ts";

export interface Machine {
  cpus: number;
  cpuModel: string;
  node: string;
  wrangler: string;
  workerd: string;
  tool: string;
  date: string;
  commit: string;
  quick: boolean;
  /** SITE_URL the content was built and served with ("" = the request's origin, spliced per request). */
  siteUrl: string;
  /** /proc/loadavg (1, 5, 15 minutes) when the run started and ended: how busy the machine was. */
  loadAverage: { before: string; after: string };
}

export type WarmRow = { label: string; result: LoadResult; rounds: number[]; cpuPerRequestMs: number; busy: number } | { label: string; na: string };

/** One route measured in fresh isolates (medians over processes) and its reads (from the isolate pass). */
export interface ColdRow {
  label: string;
  group: RouteGroup;
  /** The constant-body row (label) of about this response's size, for "− constant body". */
  baseline: string | undefined;
  /** A variant row: the label of the unconverted row it is compared with. */
  original?: string | undefined;
  /** The first response's body as discovered: bytes, and feed items. */
  bytes?: number | undefined;
  items?: number | undefined;
  /** Fresh workerd processes the medians are over, and their samples. */
  processes?: number;
  firstSamplesMs?: number[];
  rerenderSamplesMs?: number[];
  path: string;
  rerenderPath: string | undefined;
  firstCpuMs: number;
  /** The same on workerd's main thread alone (without V8's background threads). */
  firstMainMs: number;
  rerenderCpuMs: number | undefined;
  rerenderMainMs: number | undefined;
  warmCpuMs: number;
  reads: ResponseReads | undefined;
  rerenderReads: ResponseReads | undefined;
}

export interface Rebuilds {
  /** Nothing changed since the last build. */
  unchanged: BuildResult;
  /** The newest article's body edited. */
  edit: BuildResult;
  /** Articles newer than all others, added and rebuilt one at a time. */
  adds: Array<{
    build: BuildResult;
    /** Scopes the article is in: the site, its tags and categories. */
    scopes: number;
    /** Asset files by content hash, before and after the add. */
    assets: { before: number; changed: number; added: number; removed: number };
  }>;
}

type Add = Rebuilds["adds"][number];

/** Issue 13's Chinese variant: the builds with and without it (from empty), and what the served build holds. */
export interface VariantResult {
  /** `CHINESE_VARIANTS` of the served build. */
  name: string;
  /** Builds without a variant (the first is issue 10's `build`) and with it, alternated: plain[i] ran just before converted[i]. */
  plain: BuildResult[];
  converted: BuildResult[];
  /** The served build's script (bundle-only dry run) and assets. */
  script: ScriptSize;
  reportedBytes: number;
  assets: AssetStats;
  /** Issue 20: Hugo's wall times on the same corpus, each run just before one of our builds (absent when Hugo is not installed or N > 20,000). */
  hugo?: number[];
}

export interface SizeResult {
  n: number;
  corpus: { files: number; bytes: number };
  /** Issue 10's build: without a Chinese variant. */
  build: BuildResult;
  /** Missing in results saved before issue 13's measurements. */
  variants?: VariantResult;
  websub?: { links: LinkCheck[]; hubStatus: number };
  rebuilds: Rebuilds;
  deploy: DryRun;
  script: ScriptSize;
  assets: AssetStats;
  terms: { tags: number; categories: number; authors?: number; popular: Term; rare: Term; category: Term; author?: Term | undefined };
  siteRssBytes: number;
  siteRss100Bytes: number;
  startup: {
    checkActiveMs: number;
    /** Time from spawn to a listening socket: the app, a one-line worker, and that worker carrying the index modules. */
    listenMs: number;
    helloListenMs: number;
    indexListenMs: number;
    /** CPU from spawn until idle, same three. */
    cpuMs: number;
    helloCpuMs: number;
    indexCpuMs: number;
    /** Content reads before the first request. */
    reads: number;
  };
  cold: ColdRow[];
  isolate: IsolateResult;
  /** CPU profiles of a default feed and a large one. */
  profiles: Array<RouteProfile & { label: string; path: string }>;
  warm: WarmRow[];
  /** Issue 23: counting on against off (missing in results saved before it). */
  stats?: StatsResult;
  parity: ParityRow[];
  /** Errors the worker wrote to stderr in the fresh-isolate runs. */
  logged: { processes: number; lines: Array<{ line: string; processes: number }> };
}

interface Plan {
  coldReps: number;
  pairReps?: number;
  buildPairs?: number;
  warmRepeats: number;
  startupReps: number;
  rounds: number;
  seconds: number;
  connections: number;
  profileProcesses: number;
  profileRerenders: number;
  profileRequests: number;
  responses: number;
}

const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;

/**
 * What a deploy may hold, per plan (Workers limits, 2026: script 64 MiB uncompressed on
 * every plan since 2026-09-04; static asset files per version 20,000 Free, 100,000 Paid;
 * 25 MiB per asset file). https://developers.cloudflare.com/workers/platform/limits/
 */
export const PLANS = [
  { name: "Free", script: 64 * MiB, files: 20_000, file: 25 * MiB },
  { name: "Paid", script: 64 * MiB, files: 100_000, file: 25 * MiB },
] as const;

/** The issue's numbers. */
const TARGETS = {
  startupMs: 100,
  firstAboveBaselineMs: 5,
  rerenderMs: 2,
  readsPerResponse: 8,
  warmRatio: 0.9,
  notModifiedRatio: 1.0,
  isolateBytes: 64e6,
  build10k: { ms: 6_000, rss: 600 * MiB },
  build100k: { ms: 60_000, rss: 1 * GiB },
  rebuildMs: 1_000,
  changedShare: 0.01,
  /** Issue 13. */
  filterAboveBaselineMs: 5,
  variantRatio: 1.1,
  variantBuildRatio: 1.5,
};

const num = (x: number, digits = 0) => x.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
const ms = (x: number) => (Math.abs(x) >= 100 ? num(x) : Math.abs(x) >= 10 ? num(x, 1) : num(x, 2));
const seconds = (x: number) => `${num(x / 1000, 2)} s`;
const bytes = (x: number) => (x >= GiB ? `${num(x / GiB, 2)} GiB` : x >= MiB ? `${num(x / MiB, 1)} MiB` : x >= KiB ? `${num(x / KiB, 1)} KiB` : `${num(x)} B`);
const mb = (x: number) => `${num(x / 1e6, 1)} MB`;
const ratio = (x: number) => `${num(x, 2)}×`;
const pct = (x: number) => `${num(100 * x, x < 0.1 ? 2 : 1)}%`;
const verdict = (ok: boolean) => (ok ? "met" : "**not met**");
const cell = (s: string) => s.replace(/\|/g, "\\|");

function table(head: string[], rows: string[][]): string {
  return [`| ${head.join(" | ")} |`, `|${head.map(() => "---").join("|")}|`, ...rows.map((r) => `| ${r.map(cell).join(" | ")} |`)].join("\n");
}

type Measured = Extract<WarmRow, { result: LoadResult }>;

/** `label`'s warm figure relative to the constant body's: `by` gives the ratio of two rows. */
function relative(result: SizeResult, label: string, by: (row: Measured, base: Measured) => number): number | undefined {
  const base = result.warm.find((w) => w.label.startsWith("constant body"));
  const row = result.warm.find((w) => w.label === label);
  return base && "result" in base && row && "result" in row ? by(row, base) : undefined;
}

/** Requests per second relative to the constant body. */
const rpsRatio = (result: SizeResult, label: string) => relative(result, label, (row, base) => row.result.rps / base.result.rps);

/** Requests per CPU-second relative to the constant body: the throughput ratio a saturated server would show. */
const cpuRatio = (result: SizeResult, label: string) => relative(result, label, (row, base) => base.cpuPerRequestMs / row.cpuPerRequestMs);

const FEEDS = ["site RSS", "popular tag Atom", "site JSON Feed"];
const NOT_MODIFIED = "304 revalidation (site RSS)";

/** `used` of `limit`, with what is left or how far over. */
function margin(used: number, limit: number, show: (x: number) => string): string {
  const left = limit - used;
  return `${show(used)} of ${show(limit)}: ${left >= 0 ? `${show(left)} left` : `**${show(-left)} over**`}`;
}

function withinPlan(r: SizeResult, plan: (typeof PLANS)[number]): boolean {
  return r.deploy.reportedBytes <= plan.script && r.script.raw <= plan.script && r.assets.files <= plan.files && r.assets.largest.bytes <= plan.file;
}

function planMargins(r: SizeResult, plan: (typeof PLANS)[number]): string {
  return [
    `script ${margin(Math.max(r.script.raw, r.deploy.reportedBytes), plan.script, bytes)}`,
    `files ${margin(r.assets.files, plan.files, num)}`,
    `largest file ${margin(r.assets.largest.bytes, plan.file, bytes)}`,
  ].join("; ");
}

/** The first-request CPU of the constant body `row` is compared with (the one of about its size). */
const baselineOf = (r: SizeResult, row: ColdRow) => r.cold.find((c) => c.label === row.baseline)?.firstCpuMs ?? 0;
/** CPU of `row`'s first request above its constant body's. */
const aboveBaseline = (r: SizeResult, row: ColdRow) => row.firstCpuMs - baselineOf(r, row);
/** Issue 10's routes: every scope's feeds, archive pages, the browser view and pages (filters and variants are issue 13's). */
const served = (r: SizeResult) => r.cold.filter((c) => c.group === "feed" || c.group === "page" || c.group === "archive");
const describeServed = (r: SizeResult) => {
  const feeds = r.cold.filter((c) => c.group === "feed").length;
  const archives = r.cold.filter((c) => c.group === "archive").length;
  return `${served(r).length} routes: ${feeds / 6} scopes × 3 formats × limit 20 and 100${archives > 0 ? `, ${archives} archive pages` : ""}, browser view, pages`;
};
const filtered = (r: SizeResult) => r.cold.filter((c) => c.group === "filter");
/** Variant rows with the unconverted row each is compared with. */
const variantPairs = (r: SizeResult) =>
  r.cold.flatMap((v) => {
    const o = v.group === "variant" ? r.cold.find((c) => c.label === v.original) : undefined;
    return o ? [{ v, o }] : [];
  });
type Pair = ReturnType<typeof variantPairs>[number];
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
/** Σ variant CPU / Σ unconverted CPU over `pairs`, first responses or re-renders. */
function pairRatio(pairs: Pair[], key: "firstCpuMs" | "rerenderCpuMs"): { v: number; o: number; ratio: number; each: Array<{ pair: Pair; ratio: number }> } {
  const usable = pairs.filter((p) => p.v[key] !== undefined && p.o[key] !== undefined);
  const v = sum(usable.map((p) => p.v[key] ?? 0));
  const o = sum(usable.map((p) => p.o[key] ?? 0));
  return { v, o, ratio: v / o, each: usable.map((pair) => ({ pair, ratio: (pair.v[key] ?? 0) / (pair.o[key] ?? 1) })) };
}
const medianOf = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] ?? Number.NaN) : ((sorted[mid - 1] ?? Number.NaN) + (sorted[mid] ?? Number.NaN)) / 2;
};
/** Feed routes whose re-render is the same scope and format at `?limit=100`. */
const limit100Rerenders = (r: SizeResult) => r.cold.filter((c) => c.group === "feed" && c.rerenderPath?.endsWith("?limit=100") && c.rerenderCpuMs !== undefined);
/** What the isolate holds after a full collection: JS heap reserved plus ArrayBuffers. */
const isolateBytes = (r: SizeResult) => r.isolate.heapAfterGc.totalSize + r.isolate.heapAfterGc.backingStorageSize;
const isolateBytesBeforeGc = (r: SizeResult) => r.isolate.heap.totalSize + r.isolate.heap.backingStorageSize;
const changedFiles = (a: Add) => a.assets.changed + a.assets.added + a.assets.removed;
const changedShare = (a: Add) => changedFiles(a) / a.assets.before;
const describeAdd = (a: Add) =>
  `${num(changedFiles(a))} of ${num(a.assets.before)} = ${pct(changedShare(a))} (${a.scopes} scopes: ${a.assets.changed} changed, ${a.assets.added} added, ${a.assets.removed} removed)`;
const maxBy = <T>(xs: T[], f: (x: T) => number): T | undefined => xs.reduce<T | undefined>((a, b) => (a === undefined || f(b) > f(a) ? b : a), undefined);

/** The targets table: one row per target of the issue, judged at the N it names (or every N). */
function targets(results: SizeResult[]): string[][] {
  const at = (n: number) => results.find((r) => r.n === n);
  const missing = (n: number) => [`not measured in this run (add ${num(n)} to --sizes)`, "not measured"];
  const rows: string[][] = [];

  for (const [n, plan] of [
    [20_000, PLANS[0]],
    [100_000, PLANS[1]],
  ] as const) {
    const r = at(n);
    rows.push([`\`wrangler deploy --dry-run\` at N = ${num(n)} within the ${plan.name} plan's limits`, ...(r ? [planMargins(r, plan), verdict(withinPlan(r, plan))] : missing(n))]);
  }

  const slowest = maxBy(results, (r) => r.startup.listenMs);
  const reads = results.reduce((sum, r) => sum + r.startup.reads, 0);
  rows.push([
    "start-up (time to listen in bare workerd) < 100 ms at every N; no content loaded at start-up beyond the index",
    `${results.map((r) => `${ms(r.startup.listenMs)} ms at N = ${num(r.n)}`).join(", ")} (a one-line worker: ${results.map((r) => `${ms(r.startup.helloListenMs)}`).join(", ")} ms); ${reads} content reads before the first request`,
    slowest ? verdict(slowest.startup.listenMs < TARGETS.startupMs && reads === 0) : "not measured",
  ]);

  for (const n of [10_000, 100_000]) {
    const r = at(n);
    if (!r) {
      rows.push([`first response in a fresh isolate ≤ 5 ms CPU above the constant body's first request, at N = ${num(n)}`, ...missing(n)]);
      continue;
    }
    const worst = maxBy(served(r), (c) => aboveBaseline(r, c));
    const over = served(r).filter((c) => aboveBaseline(r, c) > TARGETS.firstAboveBaselineMs).length;
    rows.push([
      `first response in a fresh isolate ≤ 5 ms CPU above the constant body's first request, at N = ${num(n)} (${describeServed(r)})`,
      worst
        ? `worst: ${worst.label} +${ms(aboveBaseline(r, worst))} ms (${ms(worst.firstCpuMs)} ms, main thread ${ms(worst.firstMainMs)} ms; constant body of its size ${ms(baselineOf(r, worst))} ms); ${over} of ${served(r).length} routes over 5 ms`
        : "no routes",
      worst ? verdict(aboveBaseline(r, worst) <= TARGETS.firstAboveBaselineMs) : "not measured",
    ]);
  }

  const big = at(100_000);
  const largest = results.at(-1);
  const rerenderAt = big ?? largest;
  const worstRerender = rerenderAt && maxBy(limit100Rerenders(rerenderAt), (c) => c.rerenderCpuMs ?? 0);
  const bigBody = rerenderAt?.cold.find((c) => c.group === "baseline" && c.label.includes("limit=100"));
  rows.push([
    "re-render in a warm isolate (a response not made yet) ≤ 2 ms CPU for `limit=100` at N = 100,000",
    rerenderAt && worstRerender
      ? `worst: ${worstRerender.label} → \`?limit=100\` ${ms(worstRerender.rerenderCpuMs ?? 0)} ms (main thread ${ms(worstRerender.rerenderMainMs ?? 0)} ms) at N = ${num(rerenderAt.n)}${big ? "" : " (N = 100,000 not in this run)"}; ${limit100Rerenders(rerenderAt).filter((c) => (c.rerenderCpuMs ?? 0) > TARGETS.rerenderMs).length} of ${limit100Rerenders(rerenderAt).length} over 2 ms${bigBody ? ` (a constant body of that size: ${ms(bigBody.warmCpuMs)} ms per request, warm)` : ""}`
      : "not measured",
    big && worstRerender ? verdict((worstRerender.rerenderCpuMs ?? 0) <= TARGETS.rerenderMs) : "not measured at N = 100,000",
  ]);

  const mostReads = maxBy(results, (r) => r.isolate.maxReads.reads);
  rows.push([
    "content reads per response ≤ 8, counted by the bench",
    `at most ${results.map((r) => `${r.isolate.maxReads.reads} (mean ${num(r.isolate.meanReads, 2)}, ${num(r.isolate.responses)} responses) at N = ${num(r.n)}`).join("; ")}`,
    mostReads ? verdict(mostReads.isolate.maxReads.reads <= TARGETS.readsPerResponse && results.every((r) => r.isolate.non200.length === 0)) : "not measured",
  ]);

  const warmRatios = results.map((r) => ({ n: r.n, ratios: FEEDS.map((l) => cpuRatio(r, l)).filter((x): x is number => x !== undefined) }));
  const worstWarm = Math.min(...warmRatios.flatMap((w) => w.ratios));
  rows.push([
    "warm feed ≥ 0.9× the constant body, by CPU per request",
    `${warmRatios.map((w) => `${w.ratios.map(ratio).join(", ")} at N = ${num(w.n)}`).join("; ")} (${FEEDS.join(", ")}; req/s ratios in the warm table)`,
    Number.isFinite(worstWarm) ? verdict(worstWarm >= TARGETS.warmRatio) : "not measured",
  ]);
  const ratios304 = results.map((r) => ({ n: r.n, x: cpuRatio(r, NOT_MODIFIED) }));
  const worst304 = Math.min(...ratios304.flatMap((w) => (w.x === undefined ? [] : [w.x])));
  rows.push([
    "304 ≥ 1.0× the constant body, by CPU per request",
    ratios304.map((w) => `${w.x === undefined ? "n/a" : ratio(w.x)} at N = ${num(w.n)}`).join("; "),
    Number.isFinite(worst304) ? verdict(worst304 >= TARGETS.notModifiedRatio) : "not measured",
  ]);

  const fullest = maxBy(results, isolateBytes);
  rows.push([
    "isolate memory after 1,000 distinct responses ≤ 64 MB",
    `${results.map((r) => `${mb(isolateBytes(r))} at N = ${num(r.n)}`).join(", ")} (JS heap reserved + ArrayBuffers after a full GC; as the responses left it, garbage included: ${results.map((r) => mb(isolateBytesBeforeGc(r))).join(", ")})`,
    fullest ? verdict(isolateBytes(fullest) <= TARGETS.isolateBytes) : "not measured",
  ]);

  for (const [n, target] of [
    [10_000, TARGETS.build10k],
    [100_000, TARGETS.build100k],
  ] as const) {
    const r = at(n);
    rows.push([
      `build at N = ${num(n)} ≤ ${num(target.ms / 1000)} s wall and ≤ ${bytes(target.rss)} peak RSS`,
      ...(r ? [`${seconds(r.build.wallMs)}, ${bytes(r.build.maxRssMiB * MiB)}`, verdict(r.build.wallMs <= target.ms && r.build.maxRssMiB * MiB <= target.rss)] : missing(n)),
    ]);
  }
  const ten = at(10_000);
  rows.push([
    "rebuild after editing one article at N = 10,000 ≤ 1 s",
    ...(ten
      ? [
          `${seconds(ten.rebuilds.edit.wallMs)} (the newest article; nothing changed: ${seconds(ten.rebuilds.unchanged.wallMs)})`,
          verdict(ten.rebuilds.edit.wallMs <= TARGETS.rebuildMs),
        ]
      : missing(10_000)),
  ]);
  const worstAdd = ten && maxBy(ten.rebuilds.adds, changedShare);
  rows.push([
    "asset files that change when one article is added at N = 10,000 ≤ 1%",
    ...(ten && worstAdd
      ? [
          `${ten.rebuilds.adds.map(describeAdd).join("; ")}`,
          `${verdict(changedShare(worstAdd) <= TARGETS.changedShare)}${ten.rebuilds.adds.some((a) => changedShare(a) <= TARGETS.changedShare) && changedShare(worstAdd) > TARGETS.changedShare ? " for every article (met for some)" : ""}`,
        ]
      : missing(10_000)),
  ]);
  return rows;
}

/** Issue 13's targets: filters and the Chinese variant, at the N each names. */
function targets13(results: SizeResult[]): string[][] {
  const at = (n: number) => results.find((r) => r.n === n);
  const missing = (n: number) => [`not measured in this run (add ${num(n)} to --sizes)`, "not measured"];
  const rows: string[][] = [];
  for (const n of [10_000, 100_000]) {
    const r = at(n);
    const what = `any filter on the site-wide feed: first response in a fresh isolate ≤ 5 ms CPU above the constant body's first request, at N = ${num(n)}`;
    if (!r) {
      rows.push([what, ...missing(n)]);
      continue;
    }
    const rows13 = filtered(r);
    const worst = maxBy(rows13, (c) => aboveBaseline(r, c));
    const over = rows13.filter((c) => aboveBaseline(r, c) > TARGETS.filterAboveBaselineMs).length;
    rows.push([
      `${what} (${rows13.length} routes: ${rows13.length / 6} filters × 3 formats × limit 20 and 100)`,
      worst
        ? `worst: ${worst.label} +${ms(aboveBaseline(r, worst))} ms (${ms(worst.firstCpuMs)} ms, main thread ${ms(worst.firstMainMs)} ms, ${worst.items ?? "?"} items; constant body of its size ${ms(baselineOf(r, worst))} ms); ${over} of ${rows13.length} over 5 ms; median of all +${ms(medianOf(rows13.map((c) => aboveBaseline(r, c))))} ms`
        : "no filter routes in this run",
      worst ? verdict(aboveBaseline(r, worst) <= TARGETS.filterAboveBaselineMs) : "not measured",
    ]);
  }
  for (const n of [10_000, 100_000]) {
    const r = at(n);
    const what = `any built variant (\`?opencc=\`): the same cost as the unconverted feed, within 10%, at N = ${num(n)}: first response in a fresh isolate and re-render`;
    if (!r) {
      rows.push([what, ...missing(n)]);
      continue;
    }
    const pairs = variantPairs(r);
    const feeds = pairs.filter((p) => p.o.group === "feed");
    const others = pairs.filter((p) => p.o.group !== "feed");
    if (feeds.length === 0) {
      rows.push([what, "no variant routes in this run", "not measured"]);
      continue;
    }
    const first = pairRatio(feeds, "firstCpuMs");
    const rerender = pairRatio(feeds, "rerenderCpuMs");
    const typical = (x: ReturnType<typeof pairRatio>) => medianOf(x.each.map((e) => e.ratio));
    const describe = (x: ReturnType<typeof pairRatio>) => {
      const over = x.each.filter((e) => e.ratio > TARGETS.variantRatio);
      return `median ${ratio(typical(x))} (per feed ${ratio(Math.min(...x.each.map((e) => e.ratio)))}-${ratio(Math.max(...x.each.map((e) => e.ratio)))}; Σ ${ms(x.v)} ms against ${ms(x.o)} ms = ${ratio(x.ratio)}${over.length > 0 ? `; over 1.10×: ${over.map((e) => `${e.pair.o.label} ${ratio(e.ratio)}`).join(", ")}` : ""})`;
    };
    const othersText =
      others.length > 0
        ? `; pages and archive page (${others.length} pairs, not judged): first median ${ratio(typical(pairRatio(others, "firstCpuMs")))}, re-render median ${ratio(typical(pairRatio(others, "rerenderCpuMs")))}`
        : "";
    const processes = medianOf(feeds.map((p) => p.v.processes ?? 0));
    rows.push([
      `${what} (${feeds.length} feeds: site and popular tag × 3 formats × limit 20 and 100, ${r.variants?.name ?? "variant"} against none, same run; ${processes} process(es) each)`,
      `first response: ${describe(first)}; re-render: ${describe(rerender)}${othersText}`,
      verdict(typical(first) <= TARGETS.variantRatio && typical(rerender) <= TARGETS.variantRatio),
    ]);
  }
  const ten = at(10_000);
  const v = ten?.variants;
  const what = "the build with one variant at N = 10,000 ≤ 1.5× the build without it, wall and CPU";
  if (!ten || !v || v.converted.length === 0) {
    rows.push([what, ...(ten ? ["not measured in this run", "not measured"] : missing(10_000))]);
  } else {
    const wall = medianOf(v.converted.map((b) => b.wallMs)) / medianOf(v.plain.map((b) => b.wallMs));
    const cpu = medianOf(v.converted.map((b) => b.cpuMs)) / medianOf(v.plain.map((b) => b.cpuMs));
    const list = (bs: BuildResult[], f: (b: BuildResult) => number, show: (x: number) => string) => bs.map((b) => show(f(b))).join(", ");
    rows.push([
      `${what} (${v.name} against none, from empty, alternated: ${v.plain.length} pair(s))`,
      `wall ${ratio(wall)} (with: ${list(v.converted, (b) => b.wallMs, seconds)}; without: ${list(v.plain, (b) => b.wallMs, seconds)}), CPU ${ratio(cpu)} (${list(v.converted, (b) => b.cpuMs, seconds)}; ${list(v.plain, (b) => b.cpuMs, seconds)}); peak RSS ${list(v.converted, (b) => b.maxRssMiB * MiB, bytes)} against ${list(v.plain, (b) => b.maxRssMiB * MiB, bytes)}`,
      verdict(wall <= TARGETS.variantBuildRatio && cpu <= TARGETS.variantBuildRatio),
    ]);
  }
  return rows;
}

/** The build summary's phase timings, `(front matter 0.51 s, chunks ...)`. */
const phases = (summary: string) => /\(([^()]*)\)\s*$/.exec(summary)?.[1] ?? "";

function shares(b: Breakdown, top: number, per = 1): string {
  const total = b.reduce((sum, x) => sum + x.ms, 0);
  return b
    .slice(0, top)
    .map((x) => `${x.bucket} ${num((100 * x.ms) / total)}% (${ms(x.ms / per)} ms)`)
    .join(", ");
}

/** Issue 23's targets. */
const STATS_TARGETS = { addedCpuMs: 0.2, rpsRatio: 0.95, stormRps: 1000 };

/**
 * Issue 23: the targets and the table of counting on against off, from `results` (one
 * per corpus size). Also what `npm run bench -- --only-stats` prints on its own.
 */
export function renderStats(results: StatsResult[]): string {
  const out: string[] = [];
  const targetRows: string[][] = [];
  for (const r of results) {
    const rows = r.scenarios.map((s) => ({ s, m: summarise(s) }));
    const warm = rows.filter(({ s }) => !s.label.includes("new client"));
    const worstCpu = Math.max(...warm.map(({ m }) => m.addedCpu));
    const worstRatio = Math.min(...warm.map(({ m }) => m.rpsRatio));
    const worstCpuRatio = Math.min(...warm.map(({ m }) => m.offCpu / m.onCpu));
    const runs = rows.flatMap(({ m }) => m.storm);
    const stormRuns = runs.filter((run) => run.rps >= STATS_TARGETS.stormRps);
    const window = r.plan.seconds + r.flushSeconds + 0.3;
    const bound = Math.ceil(window / r.flushSeconds) + 1;
    const worstBatches = Math.max(0, ...runs.map((run) => run.batches));
    const inIsolate = r.counting ?? [];
    const worstCounting = Math.max(...inIsolate.map(countingCost));
    targetRows.push(
      [
        `counting adds ≤ ${STATS_TARGETS.addedCpuMs} ms CPU to a warm feed response (N = ${num(r.n)})`,
        `${inIsolate.length > 0 ? `counting itself, per fetch: ${inIsolate.map((c) => `${c.label.replace(/ \(.*$/, "")} ${ms(countingCost(c) * 1000)} µs`).join("; ")}. ` : ""}Under load, on against off: ${warm.map(({ s, m }) => `${s.label.replace(/^site RSS, /, "")} ${m.addedCpu >= 0 ? "+" : ""}${ms(m.addedCpu)} ms`).join("; ")} (medians of the rounds' differences)`,
        verdict((inIsolate.length > 0 ? worstCounting : worstCpu) <= STATS_TARGETS.addedCpuMs),
      ],
      [
        `warm throughput with counting ≥ ${STATS_TARGETS.rpsRatio}× the same build with counting off (N = ${num(r.n)})`,
        `req/s ${warm.map(({ m }) => `${num(m.rpsRatio, 2)}×`).join(", ")}; by CPU per request ${warm.map(({ m }) => `${num(m.offCpu / m.onCpu, 2)}×`).join(", ")}`,
        verdict(worstRatio >= STATS_TARGETS.rpsRatio),
      ],
      [
        `≤ 1 Durable Object request per isolate per flush interval under a ${num(STATS_TARGETS.stormRps)} requests/s poll storm (N = ${num(r.n)})`,
        stormRuns.length === 0
          ? `no run reached ${num(STATS_TARGETS.stormRps)} req/s`
          : `${stormRuns.length} runs at ${num(Math.min(...stormRuns.map((run) => run.rps)))}-${num(Math.max(...stormRuns.map((run) => run.rps)))} req/s: at most ${worstBatches} batches per run of ${r.plan.seconds} s plus one ${r.flushSeconds} s interval (one per interval: at most ${bound}); one isolate`,
        stormRuns.length === 0 ? "not measured" : verdict(worstBatches <= bound),
      ],
    );
    if (worstCpuRatio < STATS_TARGETS.rpsRatio && worstRatio >= STATS_TARGETS.rpsRatio) {
      targetRows.push(["(the same by CPU per request)", `${num(worstCpuRatio, 2)}×`, "see the table"]);
    }
  }
  out.push("### Targets (issue 23)", "", table(["target", "measured", "verdict"], targetRows), "");
  out.push("### Subscriber counts: counting's own CPU", "");
  out.push(
    table(
      ["N", "fetches", "per fetch counted", "not counted", "counting's CPU per fetch (median of differences)"],
      results.flatMap((r) =>
        (r.counting ?? []).map((c) => [
          num(r.n),
          `${num(c.fetches)}, ${c.label}`,
          `${ms(medianOf(c.counted) * 1000)} µs`,
          `${ms(medianOf(c.uncounted) * 1000)} µs`,
          `${ms(countingCost(c) * 1000)} µs (${c.counted.map((x, i) => ms((x - (c.uncounted[i] ?? 0)) * 1000)).join(", ")})`,
        ]),
      ),
    ),
    "",
    "One request to the counting server (bench/worker.js `/__count`) makes that many feed requests in the isolate and counts each as `countFetch` counts a 304 of the site RSS, then sends the batch and waits for the store to take it; the same request with counting off makes the same requests. CPU of the whole process from sending the request until it is idle again (all threads, /proc), per fetch; repetitions alternate the two, after one that warms the code up. \"A new client at every fetch\" includes the batch's work per client: the SHA-256 digest in the isolate, and in the store the HMAC with the day's salt and a SQLite row (in the same process here).",
    "",
  );
  out.push("### Subscriber counts: counting on against off", "");
  out.push(
    table(
      ["N", "scenario", "req/s off", "req/s on", "on/off (median of rounds)", "CPU per request off", "on", "added (median of rounds)", "batches per run (on)"],
      results.flatMap((r) =>
        r.scenarios.map((s) => {
          const m = summarise(s);
          return [
            num(r.n),
            s.label,
            num(m.offRps),
            num(m.onRps),
            `${num(m.rpsRatio, 2)}× (${m.ratios.map((x) => num(x, 2)).join(", ")})`,
            `${ms(m.offCpu)} ms`,
            `${ms(m.onCpu)} ms`,
            `${m.addedCpu >= 0 ? "+" : ""}${ms(m.addedCpu)} ms (${m.added.map((x) => `${x >= 0 ? "+" : ""}${ms(x)}`).join(", ")})`,
            s.on.map((run) => String(run.batches ?? "?")).join(", "),
          ];
        }),
      ),
    ),
    "",
    `Two miniflare servers (wrangler's) run the same bundle side by side: one with \`STATS = "on"\` and the store's SQLite Durable Object bound, one with \`STATS = "off"\`. Each scenario loads one and then the other (the order swapped every round), ${results[0]?.plan.rounds ?? "?"} round(s) of ${results[0]?.plan.seconds ?? "?"} s with ${results[0]?.plan.connections ?? "?"} keep-alive connections (autocannon), after a warm-up. CPU per request is workerd's own (all threads, /proc) over the run and, with counting on, the flush interval after it (${results[0]?.flushSeconds ?? "?"} s, \`STATS_FLUSH_SECONDS\`; 5 s by default), whose batch it caused: it includes the store's work, which runs in the same process here and in its own Durable Object in production. Batches per run: what the store took (\`Stats-Batches-Today\`). "A new client at every request" gives each request its own \`CF-Connecting-IP\`: every fetch is a client to hash and store, the most counting can cost.`,
    "",
  );
  return out.join("\n");
}

export function renderReport(m: Machine, results: SizeResult[], context: { plan: Plan; elapsedS: number }): string {
  const { plan } = context;
  const out: string[] = [];
  out.push(
    `Run ${m.date} on commit ${m.commit}${m.quick ? " (**--quick** smoke run: one repetition, short loads)" : ""}, ${num(context.elapsedS)} s in all, N = ${results.map((r) => num(r.n)).join(", ")}.`,
    `Machine: ${m.cpus} × ${m.cpuModel}, Node ${m.node}, wrangler ${m.wrangler}, workerd ${m.workerd}, load by ${m.tool}; load average (1, 5, 15 min) ${m.loadAverage.before} at the start, ${m.loadAverage.after} at the end.`,
    m.siteUrl
      ? `SITE_URL = \`${m.siteUrl}\` (\`--site-url\`): the build wrote the origin into the content, so feeds are assembled from stored bytes as they are.`
      : "SITE_URL empty, as in wrangler.toml: every absolute URL is the request's origin, spliced into the stored fragments at request time (as on `wrangler dev` and a fresh `*.workers.dev`).",
    `Fresh-isolate figures are medians of ${plan.coldReps} workerd process(es) per route; warm figures the median of ${plan.rounds} interleaved round(s) of ${plan.seconds} s per scenario with ${plan.connections} keep-alive connections, after a warm-up; reads and memory from one isolate making ${num(plan.responses)} distinct responses.`,
    "",
  );

  out.push("### Targets (issue 10)", "", table(["target", "measured", "verdict"], targets(results)), "");
  out.push(
    "### Targets (issue 13)",
    "",
    table(["target", "measured", "verdict"], targets13(results)),
    "",
    `Filters: the first response of each filtered site feed against the constant body nearest its size, as above. Variant: CPU of the whole process, the variant's route against the same route without \`?opencc=\` (each a median over its processes, measured in turn in the same rounds), judged on the median of the feeds' ratios: one process that a busy machine slows makes a single feed's ratio (and a sum) move by far more than 10%, the median of twelve much less. Build: each build from an empty assets directory, without and with the variant alternated, ratio of the medians.`,
    "",
  );

  out.push("### Build", "");
  out.push(
    table(
      [
        "N",
        "sources",
        "build: wall",
        "CPU",
        "peak RSS",
        "phases",
        "rebuild: nothing changed",
        "one article edited",
        "one article added (each of three)",
        "asset files changed by each add",
      ],
      results.map((r) => [
        num(r.n),
        `${num(r.corpus.files)} files, ${bytes(r.corpus.bytes)}`,
        seconds(r.build.wallMs),
        seconds(r.build.cpuMs),
        bytes(r.build.maxRssMiB * MiB),
        phases(r.build.summary),
        seconds(r.rebuilds.unchanged.wallMs),
        `${seconds(r.rebuilds.edit.wallMs)} (${phases(r.rebuilds.edit.summary)})`,
        r.rebuilds.adds.map((a) => seconds(a.build.wallMs)).join(", "),
        r.rebuilds.adds.map(describeAdd).join("; "),
      ]),
    ),
    "",
    "`node src/build/cli.ts` with CONTENT_DIR, OUT_DIR and ASSETS_DIR set and CHINESE_VARIANTS=none, as a child process: wall time, CPU (user + system) and peak RSS of the whole process with its worker threads (getrusage). The first build starts from an empty assets directory and no manifest. Rebuilds run the same command again: with nothing changed; after one more paragraph at the end of the newest article; then three times, each after adding one more article newer than all (generated like the others: 1-4 tags, 1-2 categories, so each is in 3-7 scopes). Changed asset files compare SHA-256 of every file before and after each add (what decides what `wrangler deploy` uploads). The corpus is then put back as generated for the builds below.",
    "",
  );

  const withVariants = results.filter((r) => r.variants !== undefined);
  if (withVariants.length > 0) {
    const name = withVariants[0]?.variants?.name ?? "s2t";
    out.push(`### Chinese variant (\`CHINESE_VARIANTS=${name}\`): build and what it adds`, "");
    out.push(
      table(
        [
          "N",
          "builds without: wall, CPU, peak RSS",
          `builds with ${name}`,
          "× without (medians): wall, CPU, peak RSS",
          "phases (last build with it)",
          "asset files: without → with",
          "asset bytes: without → with",
          "script (index modules): without → with",
          "with it: Free plan; Paid plan",
        ],
        withVariants.map((r) => {
          const v = r.variants as VariantResult;
          const each = (bs: BuildResult[]) => bs.map((b) => `${seconds(b.wallMs)}, ${seconds(b.cpuMs)}, ${bytes(b.maxRssMiB * MiB)}`).join("; ");
          const m = (bs: BuildResult[], f: (b: BuildResult) => number) => medianOf(bs.map(f));
          const withPlan = (plan: (typeof PLANS)[number]) => {
            const within = v.script.raw <= plan.script && v.assets.files <= plan.files && v.assets.largest.bytes <= plan.file;
            return `${within ? "within" : "**over**"} (files ${margin(v.assets.files, plan.files, num)})`;
          };
          return [
            num(r.n),
            each(v.plain),
            each(v.converted),
            `${ratio(m(v.converted, (b) => b.wallMs) / m(v.plain, (b) => b.wallMs))}, ${ratio(m(v.converted, (b) => b.cpuMs) / m(v.plain, (b) => b.cpuMs))}, ${ratio(m(v.converted, (b) => b.maxRssMiB) / m(v.plain, (b) => b.maxRssMiB))}`,
            phases(v.converted.at(-1)?.summary ?? ""),
            `${num(r.assets.files)} → ${num(v.assets.files)}`,
            `${bytes(r.assets.bytes)} → ${bytes(v.assets.bytes)}`,
            `${bytes(r.script.raw)} (${bytes(r.script.index)}) → ${bytes(v.script.raw)} (${bytes(v.script.index)})`,
            `${withPlan(PLANS[0])}; ${withPlan(PLANS[1])}`,
          ];
        }),
      ),
      "",
      `Every build here starts from an empty assets directory, manifest and index (the builds without the variant are issue 10's build above and, at N = 10,000, more, alternated with the builds with it; the last build with it is the one the worker serves in every table below). Files and bytes: the assets directory as the platform counts it; script: the bundle-only dry run of the served build (no asset hashing).`,
      "",
    );
    out.push(...issue20(withVariants));
  }

  out.push("### Deploy (`wrangler deploy --dry-run`) against the plans' limits", "");
  out.push(
    table(
      [
        "N",
        "dry-run",
        "script (of which index modules)",
        "asset files: chunks + windows",
        "asset bytes",
        "largest asset file",
        ...PLANS.map((p) => `${p.name}: script 64 MiB, ${num(p.files)} files, 25 MiB per file`),
      ],
      results.map((r) => [
        num(r.n),
        seconds(r.deploy.wallMs),
        `${bytes(r.deploy.reportedBytes)} (${bytes(r.script.index)}); gzip ${bytes(r.deploy.reportedGzipBytes)}`,
        `${num(r.assets.files)}: ${num(r.assets.chunks.files)} + ${num(r.assets.windows.files)}`,
        `${bytes(r.assets.bytes)}: ${bytes(r.assets.chunks.bytes)} + ${bytes(r.assets.windows.bytes)}`,
        `${bytes(r.assets.largest.bytes)} (\`${r.assets.largest.path}\`)`,
        ...PLANS.map((p) => `${withinPlan(r, p) ? "within" : "**over**"}: ${planMargins(r, p)}`),
      ]),
    ),
    "",
    "Script: wrangler's own \"Total Upload\" (every module, uncompressed: what the 64 MiB limit counts). Assets: every file in the assets directory, as wrangler's asset manifest lists them (the dry run reads and hashes them all and would refuse a file over 25 MiB; the file count is checked by the API at upload, so the bench counts).",
    "",
  );

  out.push("### Start-up", "");
  out.push(
    table(
      [
        "N",
        "time to listen: app / one-line worker / one-line worker carrying the index modules",
        "CPU to idle: app − one-line",
        "of which taking in the index modules (carrying − one-line)",
        "`wrangler check startup` active",
        "content reads before the first request",
      ],
      results.map((r) => [
        num(r.n),
        `${ms(r.startup.listenMs)} / ${ms(r.startup.helloListenMs)} / ${ms(r.startup.indexListenMs)} ms`,
        `${ms(r.startup.cpuMs - r.startup.helloCpuMs)} ms`,
        `${ms(r.startup.indexCpuMs - r.startup.helloCpuMs)} ms`,
        `${ms(r.startup.checkActiveMs)} ms`,
        String(r.startup.reads),
      ]),
    ),
    "",
    "Time to listen: from spawning `workerd serve` until its socket accepts a connection (median over every fresh process of the run). CPU to idle: all threads of the process until it is idle after listening. `wrangler check startup` profiles the evaluation of the main module (our code and its warm-up) on the upload form. Reads: the read counter's log before any request.",
    "",
  );

  const logs = results.flatMap((r) => r.logged.lines.map((l) => `- N=${num(r.n)}, ${l.processes} of ${r.logged.processes} fresh processes: \`${l.line.slice(0, 300)}\``));
  if (logs.length > 0) out.push("Errors the worker logged on stderr during the fresh-isolate runs:", "", ...logs, "");

  out.push("### First response in a fresh isolate, re-render, reads", "");
  const firstServed = results.find((r) => r.variants !== undefined);
  if (firstServed) {
    out.push(
      `The worker serves the build with \`CHINESE_VARIANTS=${firstServed.variants?.name}\` (the table above): routes without \`?opencc=\` read the same files as in a build without variants, and the index carries the variant's names too. Rows by group: issue 10's feeds (every scope), RFC 5005 archive pages, pages; issue 13's filtered site feeds (items: how many passed) and the variant's routes, each beside the unconverted route it is compared with (**× unconverted**).`,
      "",
    );
  }
  out.push(
    "CPU time of the whole workerd process (all threads, /proc schedstat) from sending the request until the process is idle again, asset reads by the disk service included; in parentheses the main thread's share (workerd's event loop: the isolate, HTTP and disk I/O), without V8's background threads (concurrent GC, compilation), which a request's CPU limit may not count. Targets are judged on the whole process. **First**: the first request in a fresh isolate, in a workerd process another worker has used first (it allocates and drops 16 MiB of buffers and 200,000 objects: a Cloudflare process serves many isolates, and in a new process the first request also paid for the process's first use of memory, 1.3-4.2 ms at N = 10,000; BENCHMARKS.md, Issue 20); **− constant body**: minus the first request, in its own fresh isolate (in a used process too), of the constant body nearest its size (of three: as long as the site RSS at `?limit=1`, at the default limit and at `?limit=100`; the controls use the default feed's); **re-render**: the next request in the same isolate, to a URL it has not answered yet (a feed at `?limit=100`, or `?limit=99` after `?limit=100`; another page); **warm**: CPU per request for the first URL again (answered from the response cache; a `filter_time` feed is never kept, so it is made again). Medians over the processes; `[n]` after a figure: over n processes (a variant comparison's routes get more). **Reads**: content files read through `ASSETS` for the first response and for the re-render, and their bytes (counted in a separate isolate, ./isolate.ts).",
    "",
  );
  for (const r of results) {
    const readCell = (x: ResponseReads | undefined) => (x ? `${x.reads}${x.reads > 0 ? ` (${bytes(x.bytes)})` : ""}${x.failed > 0 ? `, **${x.failed} failed**` : ""}` : "–");
    out.push(
      `N = ${num(r.n)}: ${r.terms.tags} tags (popular “${r.terms.popular.name}” ${num(r.terms.popular.count)} articles, rare “${r.terms.rare.name}” ${num(r.terms.rare.count)}), ${r.terms.categories} categories (measured: “${r.terms.category.name}”, ${num(r.terms.category.count)}); the constant bodies are ${bytes(r.siteRssBytes)} and ${bytes(r.siteRss100Bytes)}, as long as the site RSS and the site RSS \`?limit=100\`.`,
      "",
      table(
        ["route", "size", "first (main thread)", "− constant body", "re-render (main thread), URL", "× unconverted: first; re-render", "warm", "reads: first; re-render"],
        r.cold.map((c) => {
          const o = c.original === undefined ? undefined : r.cold.find((x) => x.label === c.original);
          return [
            c.label,
            c.bytes === undefined ? "–" : `${bytes(c.bytes)}${c.items === undefined ? "" : `, ${c.items} items`}`,
            `${ms(c.firstCpuMs)} ms (${ms(c.firstMainMs)})${(c.processes ?? 0) > 1 && (c.processes ?? 0) !== plan.coldReps ? ` [${c.processes}]` : ""}`,
            c.baseline === undefined ? "–" : `${aboveBaseline(r, c) >= 0 ? "+" : ""}${ms(aboveBaseline(r, c))} ms`,
            c.rerenderCpuMs === undefined ? "–" : `${ms(c.rerenderCpuMs)} ms (${ms(c.rerenderMainMs ?? 0)}), \`${(c.rerenderPath ?? "").replace(/^.*\/(?=[^/]*$)/, "…/")}\``,
            o ? `${ratio(c.firstCpuMs / o.firstCpuMs)}; ${c.rerenderCpuMs !== undefined && o.rerenderCpuMs !== undefined ? ratio(c.rerenderCpuMs / o.rerenderCpuMs) : "–"}` : "",
            `${ms(c.warmCpuMs)} ms`,
            `${readCell(c.reads)}; ${readCell(c.rerenderReads)}`,
          ];
        }),
      ),
      "",
    );
    if (r.websub) {
      const ok = r.websub.links.filter((l) => l.ok).length;
      const bad = r.websub.links.filter((l) => !l.ok);
      out.push(
        `WebSub discovery at N = ${num(r.n)}: ${ok} of ${r.websub.links.length} feed responses (${r.websub.links.map((l) => `\`${l.path}\``).join(", ")}) carry a \`Link\` header naming the hub (\`rel="hub"\`) and their canonical URL (\`rel="self"\`)${bad.length > 0 ? `; **not**: ${bad.map((l) => `\`${l.path}\` ${l.status} \`${l.link ?? "no Link"}\``).join(", ")}` : ""}. \`/websub\` answers ${r.websub.hubStatus}: the bench's worker has no \`WEBSUB\` Durable Object binding, so it runs without its hub (feeds still name it; no request signals it).`,
        "",
      );
    }
  }

  out.push("### Reads and memory over many responses in one isolate", "");
  out.push(
    table(
      [
        "N",
        "responses (unexpected status)",
        "reads per response: most (URL) / mean",
        "most bytes read for one response",
        "as left: JS heap used / reserved; ArrayBuffers",
        "after a full GC: JS heap used / reserved; ArrayBuffers",
        "isolate memory after GC (reserved + ArrayBuffers)",
        "pass took",
      ],
      results.map((r) => [
        num(r.n),
        `${num(r.isolate.responses)} (${
          r.isolate.non200.length === 0
            ? "0"
            : `**${r.isolate.non200.length}**: ${r.isolate.non200
                .slice(0, 3)
                .map((x) => `${x.path} ${x.status}`)
                .join(", ")}`
        })`,
        `${r.isolate.maxReads.reads} (\`${r.isolate.maxReads.path}\`) / ${num(r.isolate.meanReads, 2)}`,
        `${bytes(r.isolate.maxBytes.bytes)} (\`${r.isolate.maxBytes.path}\`)`,
        `${mb(r.isolate.heap.usedSize)} / ${mb(r.isolate.heap.totalSize)}; ${mb(r.isolate.heap.backingStorageSize)}`,
        `${mb(r.isolate.heapAfterGc.usedSize)} / ${mb(r.isolate.heapAfterGc.totalSize)}; ${mb(r.isolate.heapAfterGc.backingStorageSize)}`,
        mb(isolateBytes(r)),
        seconds(r.isolate.wallMs),
      ]),
    ),
    "",
    `One fresh isolate with the read counter in front of the disk service and the inspector on the worker: first every route of the table above (first URL, then re-render URL), then distinct feed URLs (every scope in turn × rss/atom/json × limits stepping through 1-100; of every ten, two in the Chinese variant, one filtered, one an archive page) up to ${num(plan.responses)} distinct responses; then \`Runtime.getHeapUsage\` as they left the isolate, and again after a full garbage collection (forced by taking a heap snapshot: workerd's inspector leaves \`HeapProfiler.collectGarbage\` unanswered). The response cache keeps at most 32 MiB of bodies; what is over that before the collection is garbage (content files read, bodies assembled) that V8 had not collected yet.`,
    "",
  );

  out.push("### Where the CPU goes on a cold feed request (profiles)", "");
  out.push(
    `Self time from V8 CPU profiles over workerd's inspector (100 µs sampling), charged through the bundle's source map to packages and src/ files, or to V8's entries: "(program)" is native work outside JavaScript (HTTP, compilation, copying), "native X" a built-in such as \`TextDecoder.decode\`; idle excluded. The profiler slows the isolate, so read shares more than milliseconds (milliseconds are per request). Cold: the first request in each of ${plan.profileProcesses} fresh isolates, summed; re-render: then ${plan.profileRerenders} URLs the isolate had not answered (the same scope and format at \`?limit=99\`, 98, ...); warm: ${plan.profileRequests} requests of the first URL again.`,
    "",
    table(
      ["N", "route", "cold: by source", "cold: top functions", "re-render: by source", "re-render: top functions", "warm: by source"],
      results.flatMap((r) =>
        r.profiles.map((p) => [
          num(r.n),
          `${p.label} (\`${p.path}\`)`,
          shares(p.cold, 6, p.processes),
          shares(p.coldFunctions, 6, p.processes),
          shares(p.rerender, 6),
          shares(p.rerenderFunctions, 6),
          shares(p.warm, 4),
        ]),
      ),
    ),
    "",
  );

  out.push("### Warm throughput", "");
  out.push(
    table(
      ["N", "scenario", "req/s", "× constant body", "p50", "p99", "req/s per round", "workerd CPU per request (busy)", "× constant body, by CPU"],
      results.flatMap((r) =>
        r.warm.map((w) =>
          "na" in w
            ? [num(r.n), w.label, w.na, "", "", "", "", "", ""]
            : [
                num(r.n),
                w.label,
                num(w.result.rps),
                ratio(rpsRatio(r, w.label) ?? Number.NaN),
                `${ms(w.result.p50Ms)} ms`,
                `${ms(w.result.p99Ms)} ms`,
                w.rounds.map((x) => num(x)).join(", "),
                `${ms(w.cpuPerRequestMs)} ms (${num(100 * w.busy)}%)`,
                ratio(cpuRatio(r, w.label) ?? Number.NaN),
              ],
        ),
      ),
    ),
    "",
    "One miniflare (wrangler's) running the bundle with `[assets]` as `wrangler dev` does, load on the worker's direct socket. req/s is what the load generator saw; workerd's CPU per request under that load (from /proc, all threads, over the same seconds) is steadier, and its ratio is the throughput ratio a CPU-bound server would show. The constant body is `/__baseline` in bench/worker.js: a cached `Uint8Array` as long as the site RSS, from the same worker.",
    "",
  );

  const last = results.at(-1);
  const stats = results.flatMap((r) => (r.stats ? [r.stats] : []));
  if (stats.length > 0) out.push(renderStats(stats), "");

  out.push("### Bare workerd against `wrangler dev`'s runtime", "");
  out.push(
    `The same URLs, with the same \`Host\`, asked of the bench's bare workerd (\`ASSETS\` = a disk service) and of miniflare's entry (asset router with \`run_worker_first\`, the real asset worker behind \`ASSETS\`), compared by status, content type, ETag, Last-Modified, Location and body: ${results.map((r) => `${r.parity.filter((p) => p.same).length} of ${r.parity.length} identical at N = ${num(r.n)}`).join(", ")}.`,
    "",
  );
  if (last) {
    out.push(
      table(
        ["URL", "bare workerd", "wrangler dev runtime", "same"],
        last.parity.map((p) => [
          `\`${p.path}\``,
          `${p.bare.status}, ${bytes(p.bare.bytes)}`,
          `${p.dev.status}, ${bytes(p.dev.bytes)}`,
          p.same ? "yes" : `**no**: ${p.differs.join(", ")}`,
        ]),
      ),
      "",
    );
  }
  return out.join("\n");
}

const BEGIN = "<!-- bench:results:begin (written by `npm run bench`; edit outside these markers) -->";
const END = "<!-- bench:results:end -->";

/** Replaces the results between the markers, or starts a new document around them. */
export function updateMarkdown(existing: string, report: string): string {
  const block = `${BEGIN}\n${report}\n${END}`;
  const start = existing.indexOf(BEGIN);
  const end = existing.indexOf(END);
  if (start >= 0 && end > start) return existing.slice(0, start) + block + existing.slice(end + END.length);
  return `# Benchmarks\n\nMeasured by \`npm run bench\` (bench/run.ts); a fast smoke run is \`npm run bench -- --quick\`.\n\n## Results\n\n${block}\n\n## Findings\n\n(to be written)\n`;
}

/** The distinct tags a build's summary line names (`content: N articles, T tags, ...`). */
function tagsOf(summary: string): number | undefined {
  const found = / (\d+) tags,/.exec(summary)?.[1];
  return found === undefined ? undefined : Number(found);
}

/** Issue 20's table: tags, files and bytes without and with the variant, the plan, and the build against Hugo's on the same corpus. */
function issue20(results: SizeResult[]): string[] {
  const rows = results.map((r) => {
    const v = r.variants as VariantResult;
    const wall = (bs: BuildResult[]) => medianOf(bs.map((b) => b.wallMs));
    const hugo = v.hugo !== undefined && v.hugo.length > 0 ? medianOf(v.hugo) : undefined;
    const plan = (files: number) => (files <= PLANS[0].files ? "Free" : files <= PLANS[1].files ? "Paid" : "**none**");
    const against = (ms: number) => (hugo === undefined ? "n/a" : ratio(ms / hugo));
    return [
      num(r.n),
      num(tagsOf(r.build.summary) ?? 0),
      `${num(r.assets.files)} (${plan(r.assets.files)}) → ${num(v.assets.files)} (${plan(v.assets.files)})`,
      `${bytes(r.assets.bytes)} → ${bytes(v.assets.bytes)}`,
      `${seconds(wall(v.plain))} → ${seconds(wall(v.converted))}`,
      hugo === undefined ? "n/a" : `${seconds(hugo)} (${v.hugo?.map(seconds).join(", ")})`,
      `${against(wall(v.plain))} → ${against(wall(v.converted))}`,
    ];
  });
  return [
    "### Issue 20: files with a long tail of tags, and the build against Hugo's",
    "",
    table(
      [
        "N",
        "distinct tags",
        "asset files (plan): without → with the variant",
        "asset bytes",
        "build wall (median): without → with",
        "Hugo wall (median; each run)",
        "build × Hugo: without → with",
      ],
      rows,
    ),
    "",
    "Hugo builds the same corpus (Debian's `hugo`, configuration in bench/hugo.ts `HUGO_CONFIG`: RSS and HTML for the home page, every tag and every category, HTML for every article, three one-line layouts), each run just before one of our builds and from an empty output directory; targets at N = 10,000: ≤ 1.0× with the variant, ≤ 0.7× without.",
    "",
  ];
}
