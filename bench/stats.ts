/**
 * @module Issue 23's costs: what counting subscribers adds to a warm feed response.
 * Two miniflare servers run the same bundle side by side, as `wrangler dev` runs it
 * (./load.ts `startWarmServer`): one with counting on (`STATS = "on"` and the store's
 * SQLite Durable Object bound, `STATS_STORE`) and one with it off (`STATS = "off"`).
 * Each scenario is loaded on one and then the other, in interleaved rounds (the order
 * swapped every round); for each, the load generator's req/s and workerd's own CPU per
 * request over the run (all threads, from /proc). Ratios and differences are between the
 * two servers in the same round, so a busy machine moves both.
 *
 * The store's Durable Object runs in the same workerd process as the worker here, so the
 * "on" CPU includes the store's work on each batch (hashing clients with the day's salt,
 * the SQLite writes): in production that is the Durable Object's own bill, not the feed
 * response's. The batches the store took during each run come from `/stats.json`'s
 * `Stats-Batches-Today` header, for the poll-storm target (at most one Durable Object
 * request per isolate per flush interval, and miniflare runs one isolate).
 *
 * Scenarios: the site RSS polled by one reader (warm 200s, replayed from the isolate's
 * response cache), its 304s, and the site RSS fetched by a new client at every request
 * (a distinct IP address each: the most a batch can hold, the worst case for counting).
 * Load comes from autocannon (a devDependency), whatever `--tool` says, because the
 * last scenario needs a header that changes per request.
 */
import { createRequire } from "node:module";
import { startWarmServer } from "./load.ts";
import { type AppTarget, BENCH_HOST, childWorkerdPids, get, processCpuMs, settle } from "./workerd.ts";
import type { ProjectConfig } from "./workspace.ts";

/** How long the counting server's isolate holds its counts: shorter than the default 5 s, so that every run includes batches. */
export const BENCH_FLUSH_SECONDS = 1;
const TOKEN = "bench";
const READER = "NetNewsWire (RSS Reader; https://netnewswire.com/)";

export interface StatsPlan {
  rounds: number;
  seconds: number;
  connections: number;
  /** Repetitions of the in-isolate measurement. */
  countReps: number;
}

/** Fetches counted per measured request in the in-isolate measurement. */
const COUNT_FETCHES = 10_000;

/** One load run on one server. */
export interface StatsRun {
  rps: number;
  requests: number;
  cpuPerRequestMs: number;
  /** Batches the store took during the run (counting on only). */
  batches?: number;
}

export interface StatsScenario {
  label: string;
  off: StatsRun[];
  on: StatsRun[];
}

/** Counting's CPU per fetch, measured inside one request that counts many (bench/worker.js `/__count`). */
export interface CountingCpu {
  label: string;
  /** Fetches per measured request. */
  fetches: number;
  /** Per repetition: CPU per fetch with counting, and without (the same requests made, not counted), ms. */
  counted: number[];
  uncounted: number[];
}

export interface StatsResult {
  n: number;
  flushSeconds: number;
  plan: StatsPlan;
  scenarios: StatsScenario[];
  /** Missing in results saved before it was measured. */
  counting?: CountingCpu[];
}

interface AutocannonResult {
  requests: { average: number; total: number };
  errors: number;
  timeouts: number;
  "4xx": number;
  "5xx": number;
}

/** A closed-loop load of `seconds` with `connections`; `setup` may change each request's headers. */
async function autocannonLoad(
  url: string,
  seconds: number,
  connections: number,
  headers: Record<string, string>,
  vary?: () => Record<string, string>,
): Promise<{ rps: number; requests: number }> {
  const autocannon = createRequire(import.meta.url)("autocannon") as (options: object) => Promise<AutocannonResult>;
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    headers: { Host: BENCH_HOST, ...headers },
    ...(vary ? { requests: [{ setupRequest: (request: { headers: Record<string, string> }) => ({ ...request, headers: { ...request.headers, ...vary() } }) }] } : {}),
  });
  // 304s are answers too: only errors, timeouts, 4xx and 5xx fail a run.
  const failures = result.errors + result.timeouts + result["4xx"] + result["5xx"];
  if (failures > 0) throw new Error(`${url}: ${failures} failed requests under load`);
  return { rps: result.requests.average, requests: result.requests.total };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

/** Starts a warm server and finds its workerd process (the one that was not there before). */
async function startServer(app: AppTarget, distDir: string, config: ProjectConfig, on: boolean) {
  const before = new Set(childWorkerdPids());
  const server = await startWarmServer(distDir, app.bundle, app.assetsDir, config, {
    bindings: on ? { STATS: "on", STATS_TOKEN: TOKEN, STATS_FLUSH_SECONDS: String(BENCH_FLUSH_SECONDS) } : { STATS: "off" },
    ...(on ? { durableObjects: { STATS_STORE: { className: "SubscriberStats", useSQLite: true } } } : {}),
  });
  const pid = childWorkerdPids().find((p) => !before.has(p));
  if (pid === undefined) throw new Error("the counting bench's workerd process was not found");
  return { server, pid };
}

/** Batches the store has taken today (the counting server). */
async function batches(origin: string): Promise<number> {
  const res = await get(`${origin}/stats.json?days=1`, { Authorization: `Bearer ${TOKEN}` });
  if (res.status !== 200) throw new Error(`/stats.json answered ${res.status}`);
  return Number(res.headers.get("stats-batches-today"));
}

/** Waits one flush interval and a little, so that a run's batches are all in. */
const settleBatches = () => new Promise((resolve) => setTimeout(resolve, BENCH_FLUSH_SECONDS * 1000 + 300));

export async function measureStats(n: number, distDir: string, app: AppTarget, config: ProjectConfig, plan: StatsPlan, log: (message: string) => void): Promise<StatsResult> {
  const off = await startServer(app, distDir, config, false);
  const on = await startServer(app, distDir, config, true).catch(async (error) => {
    await off.server.stop();
    throw error;
  });
  try {
    const etag = (await get(`${off.server.app}/rss.xml`)).headers.get("etag");
    if (etag === null) throw new Error("/rss.xml has no ETag");
    // A new client at every request: 10.x.y.z counted up across the whole measurement.
    let client = 0;
    const newClient = () => {
      client++;
      return { "CF-Connecting-IP": `10.${(client >> 16) & 255}.${(client >> 8) & 255}.${client & 255}` };
    };
    const scenarios: Array<{ label: string; path: string; headers: Record<string, string>; vary?: () => Record<string, string> }> = [
      { label: "site RSS, one reader polling (warm 200)", path: "/rss.xml", headers: { "User-Agent": READER, "CF-Connecting-IP": "192.0.2.1" } },
      { label: "site RSS, one reader revalidating (304)", path: "/rss.xml", headers: { "User-Agent": READER, "CF-Connecting-IP": "192.0.2.1", "If-None-Match": etag } },
      { label: "site RSS, a new client at every request (warm 200)", path: "/rss.xml", headers: { "User-Agent": READER }, vary: newClient },
    ];
    const results: StatsScenario[] = scenarios.map((s) => ({ label: s.label, off: [], on: [] }));
    // Warm both: the responses made, the store's object started.
    for (const s of scenarios) {
      for (const target of [off, on]) {
        const res = await get(target.server.app + s.path, s.headers);
        if (res.status !== (s.headers["If-None-Match"] ? 304 : 200)) throw new Error(`${s.path} answered ${res.status}`);
        await autocannonLoad(target.server.app + s.path, 1, plan.connections, s.headers, s.vary);
      }
    }
    await settleBatches();
    for (let round = 0; round < plan.rounds; round++) {
      for (const [i, s] of scenarios.entries()) {
        const order = round % 2 === 0 ? [off, on] : [on, off];
        for (const target of order) {
          const counting = target === on;
          const batchesBefore = counting ? await batches(on.server.app) : 0;
          const cpuBefore = processCpuMs(target.pid);
          const load = await autocannonLoad(target.server.app + s.path, plan.seconds, plan.connections, s.headers, s.vary);
          // The CPU of the run, and (counting) of the batches it left, which the next interval sends.
          if (counting) await settleBatches();
          const cpu = processCpuMs(target.pid) - cpuBefore;
          const run: StatsRun = { rps: load.rps, requests: load.requests, cpuPerRequestMs: cpu / load.requests };
          if (counting) run.batches = (await batches(on.server.app)) - batchesBefore;
          (counting ? results[i]?.on : results[i]?.off)?.push(run);
          log(
            `stats: ${s.label}, counting ${counting ? "on" : "off"}: ${Math.round(load.rps)} req/s, ${run.cpuPerRequestMs.toFixed(3)} ms CPU per request${run.batches === undefined ? "" : `, ${run.batches} batches`}`,
          );
        }
      }
    }
    const counting = await measureCounting(on.server.app, on.pid, plan.countReps, log);
    return { n, flushSeconds: BENCH_FLUSH_SECONDS, plan, scenarios: results, counting };
  } finally {
    await Promise.all([off.server.stop(), on.server.stop()]);
  }
}

/**
 * Counting's own CPU per fetch, away from the load generator's noise: one request to the
 * counting server makes `COUNT_FETCHES` feed requests and counts each (then sends the
 * batch and waits for the store); the same request with `count=no` makes them without
 * counting. CPU of the process from sending the request until it is idle again,
 * alternated, `reps` times each, for one reader and for a new client at every fetch.
 */
async function measureCounting(origin: string, pid: number, reps: number, log: (message: string) => void): Promise<CountingCpu[]> {
  const modes = [
    { label: "one reader polling", clients: "one" },
    { label: "a new client at every fetch (digest, salted hash, one SQLite row each)", clients: "distinct" },
  ];
  let from = 1_000_000;
  const results: CountingCpu[] = [];
  for (const mode of modes) {
    const result: CountingCpu = { label: mode.label, fetches: COUNT_FETCHES, counted: [], uncounted: [] };
    for (let rep = -1; rep < reps; rep++) {
      for (const count of rep % 2 === 0 ? ["yes", "no"] : ["no", "yes"]) {
        await settle(pid);
        const before = processCpuMs(pid);
        const res = await get(`${origin}/__count?n=${COUNT_FETCHES}&count=${count}&clients=${mode.clients}&from=${from}`);
        if (res.status !== 200) throw new Error(`/__count answered ${res.status}`);
        const cpu = (await settle(pid)) - before;
        from += COUNT_FETCHES;
        // The first repetition warms the code up and is not kept.
        if (rep >= 0) (count === "yes" ? result.counted : result.uncounted).push(cpu / COUNT_FETCHES);
      }
    }
    log(`stats: counting's CPU per fetch, ${mode.label}: ${((median(result.counted) - median(result.uncounted)) * 1000).toFixed(1)} µs`);
    results.push(result);
  }
  return results;
}

/** Counting's CPU per fetch: the median difference between counted and uncounted repetitions, ms. */
export function countingCost(c: CountingCpu): number {
  return median(c.counted.map((x, i) => x - (c.uncounted[i] ?? Number.NaN)));
}

/** A scenario's medians: req/s and CPU per request off and on, and their ratio and difference. */
export function summarise(s: StatsScenario) {
  const offRps = median(s.off.map((r) => r.rps));
  const onRps = median(s.on.map((r) => r.rps));
  const offCpu = median(s.off.map((r) => r.cpuPerRequestMs));
  const onCpu = median(s.on.map((r) => r.cpuPerRequestMs));
  // Per round, on against off: the ratio and difference of runs made one right after the other.
  const ratios = s.on.map((r, i) => r.rps / (s.off[i]?.rps ?? Number.NaN));
  const added = s.on.map((r, i) => r.cpuPerRequestMs - (s.off[i]?.cpuPerRequestMs ?? Number.NaN));
  const storm = s.on.map((r) => ({ rps: r.rps, batches: r.batches ?? 0 }));
  return { offRps, onRps, offCpu, onCpu, rpsRatio: median(ratios), addedCpu: median(added), ratios, added, storm };
}
