/**
 * @module Warm load: the dry-run bundle in one workerd process through miniflare (from
 * wrangler's own dependencies), configured as `wrangler dev` runs it: `[assets]` with
 * the `ASSETS` binding and `run_worker_first`, so requests to the entry go through
 * the asset router to the worker. Load goes to the worker's direct socket, so that no
 * entry worker, router or wrangler proxy sits in front of the measured worker; the entry
 * URL is what the parity check (./parity.ts) compares bare workerd against.
 * Load comes from `wrk` when it is on PATH, else from autocannon (a devDependency).
 */
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { BENCH_HOST } from "./workerd.ts";
import type { BundleModule, ProjectConfig } from "./workspace.ts";
import { run } from "./workspace.ts";

/** The slice of miniflare's API used here (it ships without our types in scope). */
interface MiniflareInstance {
  ready: Promise<URL>;
  unsafeGetDirectURL(worker: string): Promise<URL>;
  dispose(): Promise<void>;
}
interface MiniflareModule {
  Miniflare: new (options: unknown) => MiniflareInstance;
  convertV4MiniflareOptions(options: unknown): unknown;
}

const fromWrangler = createRequire(createRequire(import.meta.url).resolve("wrangler/package.json"));

export interface WarmServer {
  /** The worker's own socket: what load goes to. */
  app: string;
  /** miniflare's entry, through the asset router, as `wrangler dev` serves. */
  entry: string;
  stop(): Promise<void>;
}

/**
 * What a warm server may add to the project's configuration: bindings over `[vars]`, and
 * Durable Objects of the bundle's own classes (SQLite-backed when `useSQLite`).
 */
export interface WarmExtras {
  bindings?: Record<string, string>;
  durableObjects?: Record<string, { className: string; useSQLite?: boolean }>;
}

export async function startWarmServer(distDir: string, modules: BundleModule[], assetsDir: string, config: ProjectConfig, extras: WarmExtras = {}): Promise<WarmServer> {
  const { Miniflare, convertV4MiniflareOptions } = fromWrangler("miniflare") as MiniflareModule;
  const mf = new Miniflare(
    convertV4MiniflareOptions({
      workers: [
        {
          name: "app",
          compatibilityDate: config.compatibilityDate,
          compatibilityFlags: config.compatibilityFlags,
          modulesRoot: distDir,
          modules: modules.map((m) => ({ type: m.kind === "esModule" ? "ESModule" : m.kind === "text" ? "Text" : "Data", path: m.path })),
          bindings: { ...config.vars, ...extras.bindings },
          ...(extras.durableObjects ? { durableObjects: extras.durableObjects } : {}),
          assets: {
            directory: assetsDir,
            binding: config.assets.binding,
            run_worker_first: config.assets.runWorkerFirst,
            routerConfig: { has_user_worker: true, invoke_user_worker_ahead_of_assets: config.assets.runWorkerFirst },
          },
          unsafeDirectSockets: [{ host: "127.0.0.1", port: 0 }],
        },
      ],
    }),
  );
  const entry = (await mf.ready).origin;
  const app = (await mf.unsafeGetDirectURL("app")).origin;
  return { app, entry, stop: () => mf.dispose() };
}

export interface LoadResult {
  rps: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  /** Socket errors, timeouts and 4xx/5xx answers: must be 0 for the numbers to count. */
  failures: number;
}

export type LoadTool = "wrk" | "autocannon";

export function defaultTool(): LoadTool {
  return spawnSync("wrk", ["--version"], { stdio: "ignore" }).error === undefined ? "wrk" : "autocannon";
}

export function toolVersion(tool: LoadTool): string {
  if (tool === "wrk") return (spawnSync("wrk", ["--version"], { encoding: "utf8" }).stdout.match(/wrk (\S+)/)?.[1] ?? "?").replace(/^debian\//, "");
  return (createRequire(import.meta.url)("autocannon/package.json") as { version: string }).version;
}

/** `1.23ms` -> 1.23; wrk prints us, ms, s or m. */
function wrkDuration(text: string): number {
  const m = /^([\d.]+)(us|ms|s|m)$/.exec(text.trim());
  if (!m) throw new Error(`unexpected wrk duration "${text}"`);
  const scale = { us: 0.001, ms: 1, s: 1000, m: 60_000 }[m[2] as "us" | "ms" | "s" | "m"];
  return Number(m[1]) * scale;
}

async function wrk(url: string, seconds: number, connections: number, headers: Record<string, string>): Promise<LoadResult> {
  const args = ["-t1", `-c${connections}`, `-d${seconds}s`, "--latency", ...Object.entries(headers).flatMap(([k, v]) => ["-H", `${k}: ${v}`]), url];
  const result = await run("wrk", args);
  if (result.code !== 0) throw new Error(`wrk failed: ${result.stderr}`);
  const out = result.stdout;
  const field = (re: RegExp) => re.exec(out)?.[1];
  const socketErrors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  return {
    rps: Number(field(/Requests\/sec:\s+([\d.]+)/)),
    p50Ms: wrkDuration(field(/ 50%\s+(\S+)/) ?? "0ms"),
    p99Ms: wrkDuration(field(/ 99%\s+(\S+)/) ?? "0ms"),
    requests: Number(field(/(\d+) requests in/)),
    failures: Number(field(/Non-2xx or 3xx responses: (\d+)/) ?? 0) + (socketErrors ? socketErrors.slice(1).reduce((a, b) => a + Number(b), 0) : 0),
  };
}

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  errors: number;
  timeouts: number;
  "4xx": number;
  "5xx": number;
}

async function autocannon(url: string, seconds: number, connections: number, headers: Record<string, string>): Promise<LoadResult> {
  const load = createRequire(import.meta.url)("autocannon") as (options: object) => Promise<AutocannonResult>;
  const r = await load({ url, connections, duration: seconds, headers });
  return {
    rps: r.requests.average,
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    requests: r.requests.total,
    failures: r.errors + r.timeouts + r["4xx"] + r["5xx"],
  };
}

/** A bounded closed-loop load on `url`: `connections` keep-alive connections for `seconds`, naming `BENCH_HOST`. */
export function load(tool: LoadTool, url: string, seconds: number, connections: number, headers: Record<string, string> = {}): Promise<LoadResult> {
  return (tool === "wrk" ? wrk : autocannon)(url, seconds, connections, { Host: BENCH_HOST, ...headers });
}
