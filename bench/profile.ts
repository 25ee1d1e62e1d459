/**
 * @module Where the CPU goes: a V8 CPU profile of the worker taken over workerd's
 * inspector, with every sample's self time charged to the original source the bundle's
 * source map names (a package, a src/ file) or to V8's own entries ("(garbage
 * collector)", "(program)": native work such as HTTP and compilation). Used for shares,
 * not for the headline figures: the profiler itself slows the isolate down. The same
 * session reads the isolate's heap and ArrayBuffer memory (what the 128 MB limit counts).
 */
import { readFile } from "node:fs/promises";
import { SourceMap, type SourceMapPayload } from "node:module";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { freePort, get, startWorkerd } from "./workerd.ts";
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
  /** ArrayBuffer backing stores: the Data module's bytes live here. */
  backingStorageSize: number;
}

/** A Chrome DevTools Protocol session over WebSocket. */
class Inspector {
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

  send<T>(method: string, params: object = {}): Promise<T> {
    const id = ++this.#id;
    return new Promise((resolve) => {
      this.#pending.set(id, resolve as (result: unknown) => void);
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

/**
 * Profiles, in one fresh isolate, the first request to `path` and then `warmRequests`
 * more of it; returns both breakdowns.
 */
export async function profileRoute(
  configDir: string,
  distDir: string,
  modules: BundleModule[],
  config: ProjectConfig,
  path: string,
  warmRequests: number,
): Promise<{ cold: Breakdown; warm: Breakdown; coldFunctions: Breakdown; warmFunctions: Breakdown; heapCold: HeapUsage; heapWarm: HeapUsage }> {
  const inspectorPort = await freePort();
  const payload = await readFile(join(distDir, `${modules.find((m) => m.kind === "esModule")?.name}.map`), "utf8")
    .then((text) => JSON.parse(text) as SourceMapPayload)
    .catch(() => undefined);
  const map = payload && new SourceMap(payload);
  const w = await startWorkerd(configDir, { bundle: modules }, config, [`--inspector-addr=127.0.0.1:${inspectorPort}`]);
  try {
    const inspector = await Inspector.open(`ws://127.0.0.1:${inspectorPort}/main`);
    await inspector.send("Profiler.enable");
    await inspector.send("Profiler.setSamplingInterval", { interval: 100 });
    const take = async (requests: number) => {
      await inspector.send("Profiler.start");
      for (let i = 0; i < requests; i++) await get(w.origin + path);
      await sleep(100); // let waitUntil work finish inside the profile
      return (await inspector.send<{ profile: Profile }>("Profiler.stop")).profile;
    };
    const cold = await take(1);
    const heapCold = await inspector.send<HeapUsage>("Runtime.getHeapUsage");
    const warm = await take(warmRequests);
    const heapWarm = await inspector.send<HeapUsage>("Runtime.getHeapUsage");
    inspector.close();
    const perRequest = (b: Breakdown) => b.map(({ bucket, ms }) => ({ bucket, ms: ms / warmRequests }));
    return {
      cold: breakdown(cold, map),
      coldFunctions: breakdown(cold, map, true),
      warm: perRequest(breakdown(warm, map)),
      warmFunctions: perRequest(breakdown(warm, map, true)),
      heapCold,
      heapWarm,
    };
  } finally {
    await w.stop();
  }
}
