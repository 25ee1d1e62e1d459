/**
 * @module Where the CPU goes: a V8 CPU profile of the worker taken over workerd's
 * inspector, with every sample's self time charged to the original source the bundle's
 * source map names (a package, a src/ file) or to V8's own entries ("(garbage
 * collector)", "(program)": native work such as HTTP and compilation). Used for shares,
 * not for the headline figures: the profiler itself slows the isolate down. The
 * inspector session is also how ./isolate.ts reads the isolate's memory.
 */
import { readFile } from "node:fs/promises";
import { SourceMap, type SourceMapPayload } from "node:module";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { type AppTarget, expectStatus, freePort, keepAlive, type Probe, startWorkerd, type Workerd } from "./workerd.ts";
import type { BundleModule, ProjectConfig } from "./workspace.ts";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Milliseconds of self time per bucket, largest first. */
export type Breakdown = Array<{ bucket: string; ms: number }>;

/** The isolate's memory (CDP `Runtime.getHeapUsage`), in bytes. */
export interface HeapUsage {
  /** JavaScript heap in use, and reserved. */
  usedSize: number;
  totalSize: number;
  /** ArrayBuffer backing stores: response bytes, content files read, index.bin. */
  backingStorageSize: number;
}

/** A Chrome DevTools Protocol session over WebSocket. */
export class Inspector {
  #ws: WebSocket;
  #id = 0;
  #pending = new Map<number, (result: unknown) => void>();

  private constructor(ws: WebSocket) {
    this.#ws = ws;
    ws.addEventListener("message", (event) => {
      const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown };
      if (message.id !== undefined) this.#pending.get(message.id)?.(message.result);
    });
  }

  static async open(url: string): Promise<Inspector> {
    for (let attempt = 0; ; attempt++) {
      try {
        const ws = new WebSocket(url);
        await new Promise((resolve, reject) => {
          ws.addEventListener("open", resolve);
          ws.addEventListener("error", reject);
        });
        return new Inspector(ws);
      } catch (error) {
        if (attempt > 50) throw error;
        await sleep(50);
      }
    }
  }

  /** Sends a command; fails after `timeoutMs` (workerd leaves some methods unanswered, e.g. `HeapProfiler.collectGarbage`). */
  send<T>(method: string, params: object = {}, timeoutMs = 30_000): Promise<T> {
    const id = ++this.#id;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new Error(`inspector: no answer to ${method} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#pending.set(id, (result) => {
        clearTimeout(timer);
        this.#pending.delete(id);
        resolve(result as T);
      });
      this.#ws.send(JSON.stringify({ id, method, params }));
    });
  }

  close(): void {
    this.#ws.close();
  }
}

/** Charges each sample's self time to a bucket (with `byFunction`: to a function within it). */
function breakdown(profile: Profile, map: SourceMap | undefined, byFunction = false): Breakdown {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const totals = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const frame = nodes.get(id)?.callFrame;
    if (!frame) return;
    let bucket = frame.functionName.startsWith("(") ? frame.functionName : `native ${frame.functionName || "(anonymous)"}`;
    if (frame.url !== "") {
      const source = map?.findEntry(frame.lineNumber, frame.columnNumber);
      const path = source && "originalSource" in source ? source.originalSource : frame.url;
      const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1];
      bucket = pkg ? `${pkg} (package)` : (/(?:src|bench)\/.*$/.exec(path)?.[0] ?? path);
    }
    if (byFunction && frame.url !== "") bucket += ` ${frame.functionName || "(anonymous)"}`;
    if (bucket.length > 60) bucket = `${bucket.slice(0, 57)}...`;
    totals.set(bucket, (totals.get(bucket) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  totals.delete("(idle)");
  totals.delete("(root)");
  return [...totals].map(([bucket, ms]) => ({ bucket, ms })).sort((a, b) => b.ms - a.ms);
}

/** The bundle's source map, to charge samples to packages and src/ files. */
async function sourceMap(distDir: string, modules: BundleModule[]): Promise<SourceMap | undefined> {
  const payload = await readFile(join(distDir, `${modules.find((m) => m.kind === "esModule")?.name}.map`), "utf8")
    .then((text) => JSON.parse(text) as SourceMapPayload)
    .catch(() => undefined);
  return payload && new SourceMap(payload);
}

/** A fresh workerd on `app` with the inspector open on its main isolate. */
export async function inspected(configDir: string, app: AppTarget, config: ProjectConfig): Promise<{ w: Workerd; inspector: Inspector; close(): Promise<void> }> {
  const inspectorPort = await freePort();
  const w = await startWorkerd(configDir, { app }, config, [`--inspector-addr=127.0.0.1:${inspectorPort}`]);
  try {
    const inspector = await Inspector.open(`ws://127.0.0.1:${inspectorPort}/main`);
    return {
      w,
      inspector,
      async close() {
        inspector.close();
        await w.stop();
      },
    };
  } catch (error) {
    await w.stop();
    throw error;
  }
}

/** Sums breakdowns (of several processes) into one, largest first. */
function sum(breakdowns: Breakdown[], divisor = 1): Breakdown {
  const totals = new Map<string, number>();
  for (const b of breakdowns) for (const { bucket, ms } of b) totals.set(bucket, (totals.get(bucket) ?? 0) + ms / divisor);
  return [...totals].map(([bucket, ms]) => ({ bucket, ms })).sort((a, b) => b.ms - a.ms);
}

export interface RouteProfile {
  /** Summed over `processes` fresh isolates: the first request of each. */
  cold: Breakdown;
  coldFunctions: Breakdown;
  /** Per request, over `rerenders` distinct URLs the isolate had not answered yet, after the first. */
  rerender: Breakdown;
  rerenderFunctions: Breakdown;
  rerenders: number;
  /** Per request, over `warmRequests` sequential requests of the same URL after it. */
  warm: Breakdown;
  warmFunctions: Breakdown;
  processes: number;
}

/**
 * Profiles the first request to `probe` in `processes` fresh isolates (one sample of a
 * cold request is only a few dozen profiler ticks, so they are summed); then, in the
 * last one, the `rerenders` (URLs it has not answered yet, each once) and
 * `warmRequests` more of `probe`.
 */
export async function profileRoute(
  configDir: string,
  distDir: string,
  app: AppTarget,
  config: ProjectConfig,
  probe: Probe,
  processes: number,
  rerenders: Probe[],
  warmRequests: number,
): Promise<RouteProfile> {
  const map = await sourceMap(distDir, app.bundle);
  const cold: Profile[] = [];
  let rerender: Profile | undefined;
  let warm: Profile | undefined;
  for (let i = 0; i < processes; i++) {
    const { w, inspector, close } = await inspected(configDir, { ...app, countReads: false }, config);
    const agent = keepAlive();
    try {
      await inspector.send("Profiler.enable");
      await inspector.send("Profiler.setSamplingInterval", { interval: 100 });
      const take = async (probes: Probe[]) => {
        await inspector.send("Profiler.start");
        for (const p of probes) await expectStatus(w.origin, p, "while profiling", agent);
        await sleep(50); // let the response finish inside the profile
        return (await inspector.send<{ profile: Profile }>("Profiler.stop")).profile;
      };
      cold.push(await take([probe]));
      if (i === processes - 1) {
        rerender = await take(rerenders);
        warm = await take(Array.from({ length: warmRequests }, () => probe));
      }
    } finally {
      agent.destroy();
      await close();
    }
  }
  return {
    cold: sum(cold.map((p) => breakdown(p, map))),
    coldFunctions: sum(cold.map((p) => breakdown(p, map, true))),
    rerender: rerender ? sum([breakdown(rerender, map)], rerenders.length) : [],
    rerenderFunctions: rerender ? sum([breakdown(rerender, map, true)], rerenders.length) : [],
    rerenders: rerenders.length,
    warm: warm ? sum([breakdown(warm, map)], warmRequests) : [],
    warmFunctions: warm ? sum([breakdown(warm, map, true)], warmRequests) : [],
    processes,
  };
}
