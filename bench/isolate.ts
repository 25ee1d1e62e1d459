/**
 * @module One isolate, many responses: content reads per response and the isolate's
 * memory. A fresh workerd whose `ASSETS` goes through the read counter (./workerd.ts),
 * with the inspector on the main isolate:
 *
 * 1. the reads logged before any request (start-up must read no content file);
 * 2. every measured route (its first URL, then its re-render URL), with the reads each
 *    response made;
 * 3. distinct feed URLs (scope × format × limit, spread over every scope the index has)
 *    until the isolate has made `responses` distinct responses, each with its reads;
 * 4. the isolate's heap and ArrayBuffer memory (CDP `Runtime.getHeapUsage`) as those
 *    responses left it, garbage included, and again after a full garbage collection
 *    (workerd's inspector leaves `HeapProfiler.collectGarbage` unanswered, but taking a
 *    heap snapshot collects first): what the isolate still holds.
 *
 * Every response here is one the isolate had not made before, so none is a replay.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { type HeapUsage, inspected } from "./profile.ts";
import { type AppTarget, get, keepAlive, type Probe, type Read } from "./workerd.ts";
import type { ProjectConfig } from "./workspace.ts";

/** Feed file names by format, as in the worker's URLs. */
const FEED_FILES = ["rss.xml", "atom.xml", "feed.json"] as const;
const DEFAULT_LIMIT = 20;

/** A measured route: the probes whose reads are reported by name. */
export interface RouteProbes {
  label: string;
  first: Probe;
  rerender?: Probe | undefined;
}

export interface ResponseReads {
  reads: number;
  bytes: number;
  /** Reads that did not answer 200 (must be 0). */
  failed: number;
}

export interface IsolateResult {
  /** Content reads before the first request. */
  startupReads: number;
  routes: Array<{ label: string; first: ResponseReads; rerender?: ResponseReads | undefined }>;
  /** Over every response the isolate made (routes and distinct URLs). */
  responses: number;
  /** Responses whose status was not the one expected (200 unless the probe says otherwise). */
  non200: Array<{ path: string; status: number }>;
  maxReads: { reads: number; path: string };
  meanReads: number;
  maxBytes: { bytes: number; path: string };
  /** As the responses left it, garbage included. */
  heap: HeapUsage;
  /** After a full collection: what the isolate holds. */
  heapAfterGc: HeapUsage;
  wallMs: number;
}

function tally(reads: Read[]): ResponseReads {
  return { reads: reads.length, bytes: reads.reduce((sum, r) => sum + r[2], 0), failed: reads.filter((r) => r[1] !== 200).length };
}

/**
 * `count` distinct feed paths over `scopes` (folder paths: `/`, `/tags/x/`): scope by
 * scope, then format by format, the limit stepping through 1-100 so that every scope
 * is asked for small and large documents alike.
 */
export function distinctFeedPaths(scopes: string[], count: number, skip: ReadonlySet<string> = new Set()): string[] {
  const paths: string[] = [];
  const seen = new Set(skip);
  for (let i = 0; paths.length < count && i < count * 10; i++) {
    const scope = scopes[i % scopes.length] as string;
    const file = FEED_FILES[Math.floor(i / scopes.length) % FEED_FILES.length] as string;
    const limit = 1 + ((i * 37) % 100);
    const path = `${scope}${file}${limit === DEFAULT_LIMIT ? "" : `?limit=${limit}`}`;
    if (!seen.has(path)) {
      seen.add(path);
      paths.push(path);
    }
  }
  return paths;
}

export async function measureIsolate(configDir: string, app: AppTarget, config: ProjectConfig, routes: RouteProbes[], scopes: string[], responses: number): Promise<IsolateResult> {
  const started = performance.now();
  const { w, inspector, close } = await inspected(configDir, { ...app, countReads: true }, config);
  const agent = keepAlive();
  try {
    const startupReads = (await w.reads()).length;
    const non200: IsolateResult["non200"] = [];
    const all: Array<{ path: string; reads: ResponseReads }> = [];
    const ask = async (probe: Probe): Promise<ResponseReads> => {
      const answer = await get(w.origin + probe.path, probe.headers, agent);
      if (answer.status !== (probe.status ?? 200)) non200.push({ path: probe.path, status: answer.status });
      const reads = tally(await w.reads());
      all.push({ path: probe.path, reads });
      return reads;
    };
    const measured: IsolateResult["routes"] = [];
    const asked = new Set<string>();
    for (const route of routes) {
      const first = await ask(route.first);
      const rerender = route.rerender && (await ask(route.rerender));
      measured.push({ label: route.label, first, rerender });
      for (const probe of [route.first, route.rerender]) if (probe && !probe.headers) asked.add(probe.path);
    }
    for (const path of distinctFeedPaths(scopes, Math.max(0, responses - all.length), asked)) await ask({ path });
    await sleep(50);
    const heap = await inspector.send<HeapUsage>("Runtime.getHeapUsage");
    // The snapshot's chunks arrive as events, which the session ignores; only the collection matters.
    await inspector.send("HeapProfiler.takeHeapSnapshot", { reportProgress: false }, 120_000);
    const heapAfterGc = await inspector.send<HeapUsage>("Runtime.getHeapUsage");
    const most = all.reduce((a, b) => (b.reads.reads > a.reads.reads ? b : a));
    const heaviest = all.reduce((a, b) => (b.reads.bytes > a.reads.bytes ? b : a));
    return {
      startupReads,
      routes: measured,
      responses: all.length,
      non200,
      maxReads: { reads: most.reads.reads, path: most.path },
      meanReads: all.reduce((sum, r) => sum + r.reads.reads, 0) / all.length,
      maxBytes: { bytes: heaviest.reads.bytes, path: heaviest.path },
      heap,
      heapAfterGc,
      wallMs: performance.now() - started,
    };
  } finally {
    agent.destroy();
    await close();
  }
}
