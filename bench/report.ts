/**
 * @module The benchmark's tables (Markdown, also printed to the console), the size-limit
 * arithmetic, the target verdicts, and the splice into BENCHMARKS.md between markers
 * so that hand-written findings around the numbers survive a re-run.
 */
import type { LoadResult } from "./load.ts";
import type { Breakdown, HeapUsage } from "./profile.ts";
import type { BuildResult, Sizes, TermCount } from "./workspace.ts";

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
}

export type WarmRow =
  | { label: string; result: LoadResult; rounds: number[]; cpuPerRequestMs: number; busy: number }
  | { label: string; na: string };

export interface SizeResult {
  n: number;
  build: BuildResult;
  bundleMs: number;
  sizes: Sizes;
  tags: { popular: TermCount; rare: TermCount; tags: number };
  siteRssBytes: number;
  startup: {
    checkActiveMs: number;
    /** CPU from spawn to idle: the bundle, a one-line worker, and that worker carrying the content modules. */
    workerdCpuMs: number;
    helloCpuMs: number;
    contentCpuMs: number;
    listenMs: number;
    helloListenMs: number;
    contentListenMs: number;
  };
  cold: Array<{ label: string; feed: boolean; firstCpuMs: number; rerenderCpuMs: number; warmCpuMs: number }>;
  warm: WarmRow[];
  /** Errors the worker wrote to stderr in the fresh-isolate runs. */
  logged: { processes: number; lines: Array<{ line: string; processes: number }> };
  profile: { cold: Breakdown; warm: Breakdown; coldFunctions: Breakdown; warmFunctions: Breakdown; heapCold: HeapUsage; heapWarm: HeapUsage };
}

interface Plan {
  coldReps: number;
  warmRepeats: number;
  startupReps: number;
  rounds: number;
  seconds: number;
  connections: number;
  profileRequests: number;
}

const MiB = 1024 * 1024;

/**
 * Worker size limits. Until 2026-09-04: 3 MB (Free) and 10 MB (Paid) after compression;
 * since then one 64 MiB limit on the uncompressed bundle, on every plan. Sources:
 * https://developers.cloudflare.com/workers/platform/limits/#worker-size and
 * https://developers.cloudflare.com/changelog/post/2026-09-04-increased-worker-size-limit/
 * (wrangler's own report: cloudflare/workers-sdk#14001). Wrangler checks the compressed
 * figures as MiB (3 * 1024 * 1024), as here.
 */
const LIMITS = [
  { label: "Workers Free, until 2026-09-04: 3 MB compressed", bytes: 3 * MiB, gzip: true },
  { label: "Workers Paid, until 2026-09-04: 10 MB compressed", bytes: 10 * MiB, gzip: true },
  { label: "every plan, since 2026-09-04: 64 MiB uncompressed", bytes: 64 * MiB, gzip: false },
] as const;

const num = (x: number, digits = 0) => x.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
const ms = (x: number) => (x >= 100 ? num(x) : x >= 10 ? num(x, 1) : num(x, 2));
const bytes = (x: number) => (x >= MiB ? `${num(x / MiB, 1)} MiB` : `${num(x / 1024, 1)} KiB`);
const ratio = (x: number) => `${num(x, 2)}×`;
const verdict = (ok: boolean) => (ok ? "met" : "**not met**");

function table(head: string[], rows: string[][]): string {
  return [`| ${head.join(" | ")} |`, `|${head.map(() => "---").join("|")}|`, ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n");
}

type Measured = Extract<WarmRow, { result: LoadResult }>;

/** `label`'s warm figure relative to the constant body's: `by` gives the ratio of two rows. */
function relative(result: SizeResult, label: string, by: (row: Measured, base: Measured) => number): number | undefined {
  const base = result.warm.find((w) => w.label.startsWith("constant body"));
  const row = result.warm.find((w) => w.label === label);
  return base && "result" in base && row && "result" in row ? by(row, base) : undefined;
}

/** Requests per second relative to the constant body. */
const warmRatio = (result: SizeResult, label: string) => relative(result, label, (row, base) => row.result.rps / base.result.rps);

/** Requests per CPU-second relative to the constant body: the throughput ratio a saturated server would show. */
const cpuRatio = (result: SizeResult, label: string) => relative(result, label, (row, base) => base.cpuPerRequestMs / row.cpuPerRequestMs);

/** Bytes each seed-sized article adds to the bundle, and what the limits leave room for. */
function fits(results: SizeResult[], seedBytes: number) {
  const [a, b] = [...results].sort((x, y) => x.n - y.n).slice(-2);
  if (!a || !b || a.n === b.n) return undefined;
  const scale = seedBytes / b.sizes.meanArticle;
  const slope = (pick: (s: Sizes) => number) => (pick(b.sizes) - pick(a.sizes)) / (b.n - a.n);
  const perGzip = slope((s) => s.bundleGzip) * scale;
  const perRaw = slope((s) => s.bundleRaw) * scale;
  const fixedGzip = b.sizes.bundleGzip - slope((s) => s.bundleGzip) * b.n;
  const fixedRaw = b.sizes.bundleRaw - slope((s) => s.bundleRaw) * b.n;
  const memory = (r: SizeResult) => r.profile.heapWarm.totalSize + r.profile.heapWarm.backingStorageSize;
  const perMemory = ((memory(b) - memory(a)) / (b.n - a.n)) * scale;
  const fixedMemory = memory(b) - (perMemory / scale) * b.n;
  return {
    from: [a.n, b.n],
    scale,
    perGzip,
    perRaw,
    perMemory,
    rows: [
      ...LIMITS.map((l) => ({
        label: l.label,
        fits: Math.floor((l.bytes - (l.gzip ? fixedGzip : fixedRaw)) / (l.gzip ? perGzip : perRaw)),
      })),
      { label: "isolate memory, every plan: 128 MB (JS heap reserved + ArrayBuffers, after warm feeds)", fits: Math.floor((128 * MiB - fixedMemory) / perMemory) },
    ],
  };
}

export function renderReport(m: Machine, results: SizeResult[], context: { seedBytes: number; plan: Plan; elapsedS: number }): string {
  const { plan } = context;
  const ns = results.map((r) => r.n);
  const out: string[] = [];
  out.push(
    `Run ${m.date} on commit ${m.commit}${m.quick ? " (**--quick** smoke run: fewer sizes, repetitions and seconds)" : ""}, ${num(context.elapsedS)} s in all.`,
    `Machine: ${m.cpus} × ${m.cpuModel} (shared with other jobs), Node ${m.node}, wrangler ${m.wrangler}, workerd ${m.workerd}, load by ${m.tool}.`,
    `Cold figures are medians of ${plan.coldReps} fresh workerd process(es) per route; warm figures are the median of ${plan.rounds} interleaved round(s) of ${plan.seconds} s per scenario with ${plan.connections} keep-alive connections, after a warm-up.`,
    "",
  );

  out.push("### Build and bundle", "");
  out.push(
    table(
      ["N", "content build", "build CPU", "build peak RSS", "dry-run bundle", "content .md raw / gzip", "bundle raw / gzip", "of which code (gzip)", "bundle gzip ÷ content gzip"],
      results.map((r) => [
        num(r.n),
        `${num(r.build.wallMs / 1000, 2)} s`,
        `${num(r.build.cpuMs / 1000, 2)} s`,
        `${num(r.build.maxRssMiB)} MiB`,
        `${num(r.bundleMs / 1000, 2)} s`,
        `${bytes(r.sizes.contentRaw)} / ${bytes(r.sizes.contentGzip)}`,
        `${bytes(r.sizes.bundleRaw)} / ${bytes(r.sizes.bundleGzip)}`,
        bytes(r.sizes.codeGzip),
        ratio(r.sizes.bundleGzip / r.sizes.contentGzip),
      ]),
    ),
    "",
    `Generated articles average ${num(results.at(-1)?.sizes.meanArticle ?? 0)} bytes (the seed article: ${num(context.seedBytes)}). The bundle is every module \`wrangler deploy --dry-run\` uploads (no source map), gzipped together at level 6 as wrangler reports it; "code" is the JavaScript module alone, the fixed part.`,
    "",
  );

  const f = fits(results, context.seedBytes);
  if (f) {
    out.push("### How many seed-sized articles fit", "");
    out.push(
      `Each article adds ${bytes(f.perGzip)} gzipped / ${bytes(f.perRaw)} raw to the bundle and ${bytes(f.perMemory)} to the isolate's memory (slope between N = ${num(f.from[0] ?? 0)} and ${num(f.from[1] ?? 0)}, scaled ×${num(f.scale, 2)} from the generated mean to the seed's size).`,
      "",
      table(
        ["limit (Worker size)", "fits"],
        f.rows.map((r) => [r.label, `${num(Math.max(r.fits, 0))} articles`]),
      ),
      "",
      "Limits: [Workers limits](https://developers.cloudflare.com/workers/platform/limits/) (Worker size; memory 128 MB per isolate), [changelog 2026-09-04](https://developers.cloudflare.com/changelog/post/2026-09-04-increased-worker-size-limit/) (compressed limits removed, 64 MiB uncompressed on every plan; wrangler's report: cloudflare/workers-sdk#14001). The brief's 3 MB / 10 MB figures are the former limits; wrangler 4.124.0 still colours its `gzip:` figure against 3 MiB.",
      "",
    );
  }

  out.push("### Startup and memory", "");
  out.push(
    "`wrangler check startup` profiles the evaluation of the main module (JavaScript only). Bare workerd: CPU from spawn until idle after listening, for the bundle, for a one-line worker carrying the same content modules without importing them, and for the one-line worker alone; the differences split our script's cost from the cost of loading the content modules.",
    "",
    table(
      ["N", "`check startup` active", "bare workerd: our script (bundle − carrying control)", "loading the content modules (carrying control − one-line)", "time to listen: bundle / carrying / one-line", "isolate after first / warm feeds: JS heap used, reserved; ArrayBuffers"],
      results.map((r) => [
        num(r.n),
        `${ms(r.startup.checkActiveMs)} ms`,
        `${ms(r.startup.workerdCpuMs - r.startup.contentCpuMs)} ms`,
        `${ms(r.startup.contentCpuMs - r.startup.helloCpuMs)} ms`,
        `${ms(r.startup.listenMs)} / ${ms(r.startup.contentListenMs)} / ${ms(r.startup.helloListenMs)} ms`,
        `${bytes(r.profile.heapCold.usedSize)}, ${bytes(r.profile.heapCold.totalSize)} / ${bytes(r.profile.heapWarm.usedSize)}, ${bytes(r.profile.heapWarm.totalSize)}; ${bytes(r.profile.heapWarm.backingStorageSize)}`,
      ]),
    ),
    "",
  );

  const logs = results.flatMap((r) => r.logged.lines.map((l) => `- N=${num(r.n)}, ${l.processes} of ${r.logged.processes} fresh processes: \`${l.line.slice(0, 300)}\``));
  if (logs.length > 0) out.push("Errors the worker logged on stderr during the fresh-isolate runs:", "", ...logs, "");

  out.push("### First request in a fresh isolate", "");
  out.push(
    "CPU time of the whole workerd process (all threads, from /proc schedstat) from sending the request until the process is idle again, so `waitUntil` work (the Cache API put, against a cache that always misses) is included. Per N: **first** request in the fresh isolate; **re-render**: the next request, same URL with `limit=19` (a response not made yet, code already run once); **warm**: CPU per request for the first URL again (memoised).",
    "",
    table(
      ["route", ...ns.flatMap((n) => [`N=${num(n)} first`, "re-render", "warm"])],
      (results[0]?.cold ?? []).map((row, i) => [
        row.label,
        ...results.flatMap((r) => {
          const c = r.cold[i];
          return c ? [`${ms(c.firstCpuMs)} ms`, c.feed ? `${ms(c.rerenderCpuMs)} ms` : "–", `${ms(c.warmCpuMs)} ms`] : ["", "", ""];
        }),
      ]),
    ),
    "",
    `Tags: ${results.map((r) => `N=${num(r.n)}: ${r.tags.tags} tags, popular “${r.tags.popular.name}” ${num(r.tags.popular.count)} articles, rare “${r.tags.rare.name}” ${num(r.tags.rare.count)}`).join("; ")}.`,
    "",
  );

  const shares = (b: Breakdown, top: number) => {
    const total = b.reduce((sum, x) => sum + x.ms, 0);
    return b
      .slice(0, top)
      .map((x) => `${x.bucket.replace(/\|/g, "\\|")} ${num((100 * x.ms) / total)}%`)
      .join(", ");
  };
  out.push("### Where the CPU goes (profile of the site RSS)", "");
  out.push(
    `Self time from a V8 CPU profile over workerd's inspector (100 µs sampling), charged through the bundle's source map to packages and src/ files; "(program)" is native work (HTTP, compilation), idle time excluded. The profiler slows the isolate, so read shares, not milliseconds. Cold: the first request in a fresh isolate; warm: ${plan.profileRequests} sequential requests after it.`,
    "",
    table(
      ["N", "cold: by source", "cold: top functions", "warm: by source"],
      results.map((r) => [num(r.n), shares(r.profile.cold, 5), shares(r.profile.coldFunctions, 5), shares(r.profile.warm, 5)]),
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
                ratio(warmRatio(r, w.label) ?? Number.NaN),
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
    "req/s is what the load generator saw on this shared 2-core machine; workerd's CPU per request under that load (from /proc, all threads, over the same seconds) is steadier, and its ratio is the throughput ratio a CPU-bound server would show.",
    "",
    `The constant body is \`/__baseline\` in bench/worker.js: a cached \`Uint8Array\` as long as the site RSS (${results.map((r) => `${bytes(r.siteRssBytes)} at N=${num(r.n)}`).join(", ")}), from the same worker. The static asset is that RSS file in the bench config's \`[assets]\` directory, served by miniflare's asset router and asset worker in the same workerd process.`,
    "",
  );

  const last = results.at(-1);
  if (last) {
    const feeds = ["site RSS", "popular tag Atom", "site JSON Feed"].map((l) => ({ l, r: warmRatio(last, l) ?? 0 }));
    const worstFeed = feeds.reduce((a, b) => (b.r < a.r ? b : a));
    const r304 = warmRatio(last, "304 revalidation (site RSS)");
    const coldFeeds = last.cold.filter((c) => c.feed);
    const worstCold = coldFeeds.reduce((a, b) => (b.firstCpuMs > a.firstCpuMs ? b : a));
    const scriptMs = last.startup.workerdCpuMs - last.startup.contentCpuMs;
    const contentMs = last.startup.contentCpuMs - last.startup.helloCpuMs;
    const cpuFeeds = ["site RSS", "popular tag Atom", "site JSON Feed"].map((l) => cpuRatio(last, l) ?? 0);
    const cpu304 = cpuRatio(last, "304 revalidation (site RSS)");
    const sizeBudget = 1.2 * last.sizes.contentGzip + last.sizes.codeGzip;
    out.push(`### Targets at N = ${num(last.n)}`, "");
    out.push(
      table(
        ["target", "measured", "verdict"],
        [
          [
            "warm feed throughput ≥ 0.9× constant body",
            `req/s: worst ${worstFeed.l} ${ratio(worstFeed.r)} (${feeds.map((x) => ratio(x.r)).join(", ")}); by CPU: ${cpuFeeds.map(ratio).join(", ")}`,
            `${verdict(worstFeed.r >= 0.9)} by req/s, ${verdict(Math.min(...cpuFeeds) >= 0.9)} by CPU`,
          ],
          [
            "304 ≥ 1.0× constant body",
            r304 === undefined ? "n/a – no ETag" : `req/s ${ratio(r304)}, by CPU ${ratio(cpu304 ?? Number.NaN)}`,
            r304 === undefined ? "n/a" : `${verdict(r304 >= 1)} by req/s, ${verdict((cpu304 ?? 0) >= 1)} by CPU`,
          ],
          ["cold first request to a feed ≤ 5 ms CPU", `worst: ${worstCold.label} ${ms(worstCold.firstCpuMs)} ms (constant body: ${ms(last.cold[0]?.firstCpuMs ?? 0)} ms)`, verdict(worstCold.firstCpuMs <= 5)],
          [
            "startup < 100 ms",
            `script: ${ms(last.startup.checkActiveMs)} ms (check startup), ${ms(scriptMs)} ms (bare workerd); plus ${ms(contentMs)} ms loading the content modules`,
            `${verdict(Math.max(last.startup.checkActiveMs, scriptMs) < 100)} for the script, ${verdict(Math.max(last.startup.checkActiveMs, scriptMs) + contentMs < 100)} with the content load`,
          ],
          ["content build ≤ 10 s", `${num(last.build.wallMs / 1000, 2)} s`, verdict(last.build.wallMs <= 10_000)],
          [
            "bundle gzip ≤ 1.2 × content gzip + code gzip",
            `${bytes(last.sizes.bundleGzip)} vs ${bytes(sizeBudget)} (1.2 × ${bytes(last.sizes.contentGzip)} + ${bytes(last.sizes.codeGzip)})`,
            verdict(last.sizes.bundleGzip <= sizeBudget),
          ],
        ],
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
