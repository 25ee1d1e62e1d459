/**
 * @module The dry-run bundle under a bare `workerd serve` (no wrangler, no miniflare): a
 * generated capnp config, one fresh process per measurement, and CPU time read from
 * /proc/<pid>/task/<tid>/schedstat (nanoseconds, every thread of the process).
 *
 * The `ASSETS` binding is workerd's `disk` service over the build's assets directory,
 * read-only: what Workers Static Assets answers for `env.ASSETS.fetch()` of a content
 * path (the worker asks only for paths under `/_c/`). With `countReads`, the binding goes
 * through a small counting worker in front of the disk instead, which logs every read
 * (path, status, bytes) and hands the log to the bench on a second socket: that is how
 * the bench counts content reads per response. Counting costs CPU in the same process,
 * so CPU is never measured with it on.
 *
 * - startup: time from spawn until the socket accepts a connection, and CPU until the
 *   process is idle again, against a one-line worker (the runtime's own start);
 * - cold: CPU of the first request in that fresh isolate, from sending it until the
 *   process is idle again (asset reads by the disk service included);
 * - re-render: CPU of a second URL the isolate has not answered yet;
 * - warm: CPU per request for the first URL repeated in the same isolate.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { Agent, request as httpRequest } from "node:http";
import { createRequire } from "node:module";
import { connect, createServer } from "node:net";
import { dirname, join, relative, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { BundleModule, ProjectConfig } from "./workspace.ts";

/** The workerd binary wrangler itself runs (wrangler -> miniflare -> workerd). */
export function workerdBinary(): string {
  const fromWrangler = createRequire(createRequire(import.meta.url).resolve("wrangler/package.json"));
  const fromMiniflare = createRequire(fromWrangler.resolve("miniflare"));
  return join(dirname(fromMiniflare.resolve("workerd/package.json")), "bin", "workerd");
}

const capnpString = (s: string) => `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;

const HELLO = `export default { fetch() { return new Response("ok"); } };`;

/**
 * A second worker in the process of a cold sample (`coldSample`), which the sample asks
 * once before the app's first request: it allocates and drops 16 MiB of buffers and
 * 200,000 objects, so the process has used memory before, as a Cloudflare process that
 * serves many isolates has when it starts a new one. In a new process the app's first
 * request paid for the process's first use of memory too: 1.3-4.2 ms more at 10,000
 * articles (BENCHMARKS.md, Issue 20), and less at 100,000, whose larger index uses more
 * memory at start-up.
 */
const USED_BEFORE = `export default { fetch() { for (let i = 0; i < 16; i++) new Uint8Array(1 << 20).fill(i); const kept = []; for (let i = 0; i < 200000; i++) kept.push({ i, s: String(i) }); return new Response(String(kept.length)); } };`;

/** The path on the counting worker's own socket that hands over (and clears) its log. */
const READS_PATH = "/__bench/reads";

/** In front of the disk service: passes every read through and logs it. */
const READ_COUNTER = `let log = [];
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname === ${JSON.stringify(READS_PATH)}) {
      const body = JSON.stringify(log);
      log = [];
      return new Response(body, { headers: { "content-type": "application/json" } });
    }
    const response = await env.DISK.fetch(request);
    const bytes = await response.arrayBuffer();
    log.push([url.pathname, response.status, bytes.byteLength]);
    return new Response(bytes, response);
  },
};`;

/** The app: the dry-run bundle with `ASSETS` on the assets directory. */
export interface AppTarget {
  bundle: BundleModule[];
  assetsDir: string;
  /** Route `ASSETS` through the read counter (never while measuring CPU). */
  countReads?: boolean;
}

/**
 * What a bench workerd runs: the app, a one-line worker (the runtime's own cost), or
 * that one-line worker carrying the bundle's index modules without importing them
 * (the cost of loading the index, apart from our code).
 */
export type Served = { app: AppTarget } | { hello: true; carrying?: BundleModule[] };

/** A workerd config serving `served` (module paths relative to `configDir`) on `port`, the read log on `readsPort`, and `USED_BEFORE` on `usedBeforePort`. */
export function capnpConfig(options: { port: number; readsPort?: number; usedBeforePort?: number; configDir: string; served: Served; config: ProjectConfig }): string {
  const { served, config } = options;
  const entry = (m: BundleModule) => `(name = ${capnpString(m.name)}, ${m.kind} = embed ${capnpString(relative(options.configDir, m.path))})`;
  const modules =
    "hello" in served
      ? [`(name = "hello.js", esModule = ${capnpString(HELLO)})`, ...(served.carrying ?? []).filter((m) => m.kind !== "esModule").map(entry)].join(",\n      ")
      : served.app.bundle.map(entry).join(",\n      ");
  const counting = "app" in served && served.app.countReads === true;
  const bindings = Object.entries(config.vars).map(([name, value]) => `(name = ${capnpString(name)}, text = ${capnpString(value)})`);
  if ("app" in served) bindings.push(`(name = ${capnpString(config.assets.binding)}, service = ${capnpString(counting ? "asset-reads" : "assets")})`);
  const flags = config.compatibilityFlags.map(capnpString).join(", ");
  const services = [
    `(name = "main", worker = (
      modules = [
      ${modules}
      ],
      compatibilityDate = ${capnpString(config.compatibilityDate)},
      compatibilityFlags = [${flags}],
      bindings = [${bindings.join(", ")}],
    ))`,
  ];
  const sockets = [`(name = "http", address = "127.0.0.1:${options.port}", http = (), service = "main")`];
  if ("app" in served) {
    services.push(`(name = "assets", disk = (path = ${capnpString(resolve(served.app.assetsDir))}, writable = false))`);
    if (counting) {
      services.push(`(name = "asset-reads", worker = (
      modules = [(name = "reads.js", esModule = ${capnpString(READ_COUNTER)})],
      compatibilityDate = ${capnpString(config.compatibilityDate)},
      bindings = [(name = "DISK", service = "assets")],
    ))`);
      sockets.push(`(name = "reads", address = "127.0.0.1:${options.readsPort}", http = (), service = "asset-reads")`);
    }
    if (options.usedBeforePort !== undefined) {
      services.push(`(name = "used-before", worker = (
      modules = [(name = "used-before.js", esModule = ${capnpString(USED_BEFORE)})],
      compatibilityDate = ${capnpString(config.compatibilityDate)},
    ))`);
      sockets.push(`(name = "used-before", address = "127.0.0.1:${options.usedBeforePort}", http = (), service = "used-before")`);
    }
  }
  return `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    ${services.join(",\n    ")},
  ],
  sockets = [${sockets.join(", ")}],
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

/** CPU time of `pid`'s main thread so far, in milliseconds: workerd's event loop, where the isolate runs requests (and HTTP and disk I/O). */
export function mainThreadCpuMs(pid: number): number {
  return Number(readFileSync(`/proc/${pid}/task/${pid}/schedstat`, "utf8").split(" ")[0]) / 1e6;
}

/** CPU time of every thread of `pid` so far (V8's background threads for GC and compilation included), in milliseconds. */
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

/** The processes this process started whose command name matches `comm`. */
function childPids(comm: RegExp): number[] {
  return readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        // /proc/<pid>/stat: "pid (comm) state ppid ..."
        const match = /\((.*)\) \S+ (\d+)/.exec(readFileSync(`/proc/${pid}/stat`, "utf8"));
        return match?.[2] === String(process.pid) && comm.test(match[1] ?? "");
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** The workerd processes this process started (miniflare's, during the warm phase). */
export const childWorkerdPids = () => childPids(/^workerd$/);

/**
 * Kills every process this one started and that is still running (workerd, wrk,
 * wrangler), by process id: run on exit and on SIGINT/SIGTERM, so that an interrupted
 * or failed bench leaves nothing behind.
 */
export function killChildren(): void {
  for (const pid of childPids(/./)) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  }
}

/** Waits until the process has used less than 0.05 ms of CPU in 20 ms; returns its CPU then. */
export async function settle(pid: number, limitMs = 5000): Promise<number> {
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

/** One content read as the counting worker saw it: path, status, bytes. */
export type Read = [path: string, status: number, bytes: number];

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
  /** The content reads since the last call (only with `countReads`). */
  reads(): Promise<Read[]>;
  stop(): Promise<void>;
}

/** Writes the config next to the bundle and starts a fresh workerd on it; `usedBefore`: then asks `USED_BEFORE` once (the app's isolate is still fresh). */
export async function startWorkerd(configDir: string, served: Served, config: ProjectConfig, extraArgs: string[] = [], options: { usedBefore?: boolean } = {}): Promise<Workerd> {
  const port = await freePort();
  const counting = "app" in served && served.app.countReads === true;
  const readsPort = counting ? await freePort() : undefined;
  const usedBeforePort = options.usedBefore && "app" in served ? await freePort() : undefined;
  const file = join(configDir, "hello" in served ? "control.capnp" : counting ? "counting.capnp" : "bench.capnp");
  await writeFile(file, capnpConfig({ port, ...(readsPort ? { readsPort } : {}), ...(usedBeforePort ? { usedBeforePort } : {}), configDir, served, config }));
  const started = performance.now();
  const child: ChildProcess = spawn(workerdBinary(), ["serve", file, ...extraArgs], { cwd: configDir, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const pid = child.pid;
  if (pid === undefined) throw new Error("workerd did not start");
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`workerd exited (${child.exitCode}):\n${stderr}`);
      if (await canConnect(port)) break;
      if (performance.now() - started > 120_000) throw new Error(`workerd did not listen within 120 s:\n${stderr}`);
      await sleep(1);
    }
  } catch (error) {
    child.kill("SIGKILL");
    throw error;
  }
  const listenMs = performance.now() - started;
  const startupCpuMs = await settle(pid);
  if (usedBeforePort !== undefined) {
    await get(`http://127.0.0.1:${usedBeforePort}/`);
    await settle(pid);
  }
  return {
    pid,
    origin: `http://127.0.0.1:${port}`,
    listenMs,
    startupCpuMs,
    logs: () => stderr,
    async reads() {
      if (readsPort === undefined) throw new Error("this workerd does not count reads");
      return JSON.parse(new TextDecoder().decode((await get(`http://127.0.0.1:${readsPort}${READS_PATH}`)).body)) as Read[];
    },
    async stop() {
      child.kill("SIGKILL");
      await exited;
    },
  };
}

/**
 * The host every bench request names (`Host`). Bodies carry the request's origin when
 * SITE_URL is unset, so one host for every server makes them comparable byte for byte;
 * with `--site-url` the build bakes `http://` + this host in, and article pages are
 * served only to requests for it.
 */
export const BENCH_HOST = "feeds.bench.invalid";

/** An answer, body read to the end. */
export interface Answer {
  status: number;
  headers: Headers;
  body: Uint8Array;
}

/**
 * One GET, body read to the end: over `agent`'s keep-alive connections, or a fresh
 * connection without one. node:http rather than fetch, so that any header can be sent
 * (`Host`, `Sec-Fetch-Dest`) exactly as given. `Host` is `BENCH_HOST` unless given.
 */
export function get(url: string, headers: Record<string, string> = {}, agent?: Agent): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { headers: { Host: BENCH_HOST, ...headers }, agent: agent ?? false }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => {
        const out = new Headers();
        for (const [name, value] of Object.entries(response.headers)) {
          if (value !== undefined) out.set(name, Array.isArray(value) ? value.join(", ") : value);
        }
        resolve({ status: response.statusCode ?? 0, headers: out, body: new Uint8Array(Buffer.concat(chunks)) });
      });
      response.on("error", reject);
    });
    request.setTimeout(60_000, () => request.destroy(new Error(`GET ${url} timed out`)));
    request.on("error", reject);
    request.end();
  });
}

/** A request the bench makes: a path on the worker and its headers. */
export interface Probe {
  path: string;
  headers?: Record<string, string>;
  /** The status it must answer; 200 unless given. */
  status?: number;
}

export interface ColdSample {
  /** CPU of the process for the first request in the fresh isolate, until idle again. */
  firstCpuMs: number;
  /** The same on the main thread alone (without V8's background GC and compiler threads). */
  firstMainMs: number;
  /**
   * CPU of the next request, to `rerender`: a response the isolate has not made yet,
   * with the code already run once.
   */
  rerenderCpuMs: number | undefined;
  rerenderMainMs: number | undefined;
  /** CPU per request for the first URL again once warm (mean of `warmRepeats`). */
  warmCpuMs: number;
  startupCpuMs: number;
  listenMs: number;
  /** The process's stderr. */
  logs: string;
}

/** A keep-alive connection pool for one workerd's requests; `destroy()` it with the process. */
export const keepAlive = () => new Agent({ keepAlive: true, maxSockets: 1 });

/** `probe` asked of `origin`; fails unless it answers its status. */
export async function expectStatus(origin: string, probe: Probe, what: string, agent?: Agent): Promise<Answer> {
  const answer = await get(origin + probe.path, probe.headers, agent);
  if (answer.status !== (probe.status ?? 200)) throw new Error(`GET ${probe.path} answered ${answer.status}, not ${probe.status ?? 200} (${what})`);
  return answer;
}

/**
 * A fresh isolate of the app in a workerd process another worker has used first
 * (`USED_BEFORE`): first request to `first`, then `rerender` (if any), then
 * `warmRepeats` more of `first`.
 */
export async function coldSample(configDir: string, app: AppTarget, config: ProjectConfig, first: Probe, rerender: Probe | undefined, warmRepeats: number): Promise<ColdSample> {
  const w = await startWorkerd(configDir, { app: { ...app, countReads: false } }, config, [], { usedBefore: true });
  const agent = keepAlive();
  try {
    const before = processCpuMs(w.pid);
    const mainBefore = mainThreadCpuMs(w.pid);
    await expectStatus(w.origin, first, "first request in a fresh isolate", agent);
    const afterFirst = await settle(w.pid);
    const mainAfterFirst = mainThreadCpuMs(w.pid);
    if (rerender) await expectStatus(w.origin, rerender, "re-render", agent);
    const afterRerender = rerender ? await settle(w.pid) : afterFirst;
    const mainAfterRerender = mainThreadCpuMs(w.pid);
    for (let i = 0; i < warmRepeats; i++) await get(w.origin + first.path, first.headers, agent);
    const afterWarm = await settle(w.pid);
    return {
      firstCpuMs: afterFirst - before,
      firstMainMs: mainAfterFirst - mainBefore,
      rerenderCpuMs: rerender ? afterRerender - afterFirst : undefined,
      rerenderMainMs: rerender ? mainAfterRerender - mainAfterFirst : undefined,
      warmCpuMs: (afterWarm - afterRerender) / warmRepeats,
      startupCpuMs: w.startupCpuMs,
      listenMs: w.listenMs,
      logs: w.logs(),
    };
  } finally {
    agent.destroy();
    await w.stop();
  }
}

/** Startup of a one-line worker, alone or carrying the index modules: the controls for our startup. */
export async function controlStartup(configDir: string, config: ProjectConfig, carrying?: BundleModule[]): Promise<{ startupCpuMs: number; listenMs: number }> {
  const w = await startWorkerd(configDir, carrying ? { hello: true, carrying } : { hello: true }, config);
  try {
    await get(`${w.origin}/`);
    return { startupCpuMs: w.startupCpuMs, listenMs: w.listenMs };
  } finally {
    await w.stop();
  }
}
