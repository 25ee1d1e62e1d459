/**
 * @module The dry-run bundle under a bare `workerd serve` (no wrangler, no miniflare): a
 * generated capnp config, one fresh process per measurement, and CPU time read from
 * /proc/<pid>/task/<tid>/schedstat (nanoseconds, every thread of the process).
 *
 * - startup: CPU from spawn until the socket listens and the process is idle again,
 *   minus the same for a one-line worker (the runtime's own start);
 * - cold: CPU of the first request in that fresh isolate, from sending it until the
 *   process is idle again (so `waitUntil` work such as a Cache API put is included);
 * - warm: CPU per request for the same URL repeated in the same isolate.
 *
 * The Cache API goes to a service that misses every lookup and drains every put (what
 * miniflare does with the cache disabled): a fresh isolate with an empty cache, the
 * worst case of a cold request.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { connect, createServer } from "node:net";
import { dirname, join, relative } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { ProjectConfig } from "./workspace.ts";
import type { BundleModule } from "./workspace.ts";

/** The workerd binary wrangler itself runs (wrangler -> miniflare -> workerd). */
export function workerdBinary(): string {
  const fromWrangler = createRequire(createRequire(import.meta.url).resolve("wrangler/package.json"));
  const fromMiniflare = createRequire(fromWrangler.resolve("miniflare"));
  return join(dirname(fromMiniflare.resolve("workerd/package.json")), "bin", "workerd");
}

const capnpString = (s: string) => `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;

const NO_CACHE = `export default { async fetch(request) {
  if (request.method === "PUT") { await request.arrayBuffer(); return new Response(null, { status: 204 }); }
  return new Response(null, { status: request.method === "GET" ? 504 : 404, headers: { "cf-cache-status": "MISS" } });
} };`;

const HELLO = `export default { fetch() { return new Response("ok"); } };`;

/**
 * What a bench workerd runs: the bundle, a one-line worker (the runtime's own cost), or
 * that one-line worker carrying the bundle's content modules without importing them
 * (the cost of loading the content, apart from our code).
 */
export type Variant = { bundle: BundleModule[] } | { hello: true; carrying?: BundleModule[] };

/** A workerd config serving `variant` (module paths relative to `configDir`) on `port`. */
export function capnpConfig(options: { port: number; configDir: string; variant: Variant; config: ProjectConfig }): string {
  const entry = (m: BundleModule) => `(name = ${capnpString(m.name)}, ${m.kind} = embed ${capnpString(relative(options.configDir, m.path))})`;
  const modules =
    "hello" in options.variant
      ? [`(name = "hello.js", esModule = ${capnpString(HELLO)})`, ...(options.variant.carrying ?? []).filter((m) => m.kind !== "esModule").map(entry)].join(",\n      ")
      : options.variant.bundle.map(entry).join(",\n      ");
  const bindings = Object.entries(options.config.vars)
    .map(([name, value]) => `(name = ${capnpString(name)}, text = ${capnpString(value)})`)
    .join(", ");
  const flags = options.config.compatibilityFlags.map(capnpString).join(", ");
  return `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "main", worker = (
      modules = [
      ${modules}
      ],
      compatibilityDate = ${capnpString(options.config.compatibilityDate)},
      compatibilityFlags = [${flags}],
      bindings = [${bindings}],
      cacheApiOutbound = "nocache",
    )),
    (name = "nocache", worker = (
      modules = [(name = "nocache.js", esModule = ${capnpString(NO_CACHE)})],
      compatibilityDate = "2024-01-01",
    )),
  ],
  sockets = [(name = "http", address = "127.0.0.1:${options.port}", http = (), service = "main")],
);
`;
}

/** A port that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/** CPU time of every thread of `pid` so far, in milliseconds. */
export function processCpuMs(pid: number): number {
  let ns = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, "utf8").split(" ")[0]);
    } catch {
      // The thread ended between listing and reading.
    }
  }
  return ns / 1e6;
}

/** The workerd processes this process started (miniflare's, during the warm phase). */
export function childWorkerdPids(): number[] {
  return readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        // /proc/<pid>/stat: "pid (comm) state ppid ..."
        const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
        return /\((workerd)\) \S+ (\d+)/.exec(stat)?.[2] === String(process.pid);
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** Waits until the process has used less than 0.05 ms of CPU in 20 ms; returns its CPU then. */
async function settle(pid: number, limitMs = 5000): Promise<number> {
  const until = performance.now() + limitMs;
  let last = processCpuMs(pid);
  for (;;) {
    await sleep(20);
    const now = processCpuMs(pid);
    if (now - last < 0.05 || performance.now() > until) return now;
    last = now;
  }
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/** A running `workerd serve`. */
export interface Workerd {
  pid: number;
  origin: string;
  /** From spawn until the socket accepted a connection. */
  listenMs: number;
  /** CPU used from spawn until idle after listening. */
  startupCpuMs: number;
  /** What the worker and workerd wrote to stderr so far (console.error, uncaught errors). */
  logs(): string;
  stop(): Promise<void>;
}

/** Writes the config next to the bundle and starts a fresh workerd on it. */
export async function startWorkerd(configDir: string, variant: Variant, config: ProjectConfig, extraArgs: string[] = []): Promise<Workerd> {
  const port = await freePort();
  const file = join(configDir, "hello" in variant ? "control.capnp" : "bench.capnp");
  await writeFile(file, capnpConfig({ port, configDir, variant, config }));
  const started = performance.now();
  const child: ChildProcess = spawn(workerdBinary(), ["serve", file, ...extraArgs], { cwd: configDir, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const pid = child.pid;
  if (pid === undefined) throw new Error("workerd did not start");
  for (;;) {
    if (child.exitCode !== null) throw new Error(`workerd exited (${child.exitCode}):\n${stderr}`);
    if (await canConnect(port)) break;
    if (performance.now() - started > 120_000) throw new Error(`workerd did not listen within 120 s:\n${stderr}`);
    await sleep(2);
  }
  const listenMs = performance.now() - started;
  const startupCpuMs = await settle(pid);
  return {
    pid,
    origin: `http://127.0.0.1:${port}`,
    listenMs,
    startupCpuMs,
    logs: () => stderr,
    async stop() {
      child.kill("SIGKILL");
      await exited;
    },
  };
}

/** One GET, body read to the end. */
export async function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Headers; body: Uint8Array }> {
  const response = await fetch(url, { headers, redirect: "manual" });
  const body = new Uint8Array(await response.arrayBuffer());
  return { status: response.status, headers: response.headers, body };
}

export interface ColdSample {
  /** CPU of the process for the first request in the fresh isolate, until idle again. */
  firstCpuMs: number;
  /**
   * CPU of the next request, to the same URL with `limit=19`: a response the isolate has
   * not made yet (a fresh render), with the code already run once. First minus this is
   * the price of running the code for the first time.
   */
  rerenderCpuMs: number;
  /** CPU per request for the same URL once warm (mean of `warmRepeats`). */
  warmCpuMs: number;
  startupCpuMs: number;
  listenMs: number;
  /** The process's stderr. */
  logs: string;
}

/** Fresh workerd, first request to `path`, then `warmRepeats` more of it. */
export async function coldSample(configDir: string, modules: BundleModule[], config: ProjectConfig, path: string, warmRepeats: number): Promise<ColdSample> {
  const w = await startWorkerd(configDir, { bundle: modules }, config);
  try {
    const before = processCpuMs(w.pid);
    const first = await get(w.origin + path);
    if (first.status !== 200) throw new Error(`GET ${path} answered ${first.status} in a fresh isolate`);
    const afterFirst = await settle(w.pid);
    const rerender = await get(`${w.origin}${path}${path.includes("?") ? "&" : "?"}limit=19`);
    if (rerender.status !== 200) throw new Error(`GET ${path} with limit=19 answered ${rerender.status}`);
    const afterRerender = await settle(w.pid);
    for (let i = 0; i < warmRepeats; i++) await get(w.origin + path);
    const afterWarm = await settle(w.pid);
    return {
      firstCpuMs: afterFirst - before,
      rerenderCpuMs: afterRerender - afterFirst,
      warmCpuMs: (afterWarm - afterRerender) / warmRepeats,
      startupCpuMs: w.startupCpuMs,
      listenMs: w.listenMs,
      logs: w.logs(),
    };
  } finally {
    await w.stop();
  }
}

/** Startup of a one-line worker, alone or carrying the content modules: the controls for our startup. */
export async function controlStartup(configDir: string, config: ProjectConfig, carrying?: BundleModule[]): Promise<{ startupCpuMs: number; listenMs: number }> {
  const w = await startWorkerd(configDir, carrying ? { hello: true, carrying } : { hello: true }, config);
  try {
    await get(`${w.origin}/`);
    return { startupCpuMs: w.startupCpuMs, listenMs: w.listenMs };
  } finally {
    await w.stop();
  }
}
