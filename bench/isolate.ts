/**
 * @module One isolate, many responses: content reads per response and the isolate's
 * memory. A fresh workerd whose `ASSETS` goes through the read counter (./workerd.ts),
 * with the inspector on the main isolate:
 *
 * 1. the reads logged before any request (start-up must read no content file);
 * 2. every measured route (its first URL, then its re-render URL), with the reads each
 *    response made;
 * 3. distinct feed URLs (scope × format × limit, spread over every scope the index has,
 *    some in the Chinese variant, filtered, or archive pages) until the isolate has made
 *    `responses` distinct responses, each with its reads;
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

/** What the many-responses pass asks beside plain feeds (see `distinctFeedPaths`). */
export interface FeedMix {
  /** The Chinese variant built (`?opencc=`), if any. */
  variant: string | undefined;
  /** Canonical filter queries without `?` (parameters that sort before `limit`), e.g. `filter=%E5%AD%A6%E7%94%9F`. */
  filters: string[];
  /** Scopes with archive pages (RFC 5005): folder path and newest page. */
  archives: Array<{ path: string; pages: number }>;
}

/**
 * `count` distinct feed paths over `scopes` (folder paths: `/`, `/tags/x/`): scope by
 * scope, then format by format, the limit stepping through 1-100 so that every scope
 * is asked for small and large documents alike. With a `mix`, of every ten paths two
 * are in the Chinese variant, one is filtered (one of `mix.filters` in turn) and one is
 * an archive page; all are canonical URLs, so none is a redirect.
 */
export function distinctFeedPaths(scopes: string[], count: number, skip: ReadonlySet<string> = new Set(), mix?: FeedMix): string[] {
  const paths: string[] = [];
  const seen = new Set(skip);
  for (let i = 0; paths.length < count && i < count * 10; i++) {
    const scope = scopes[i % scopes.length] as string;
    const file = FEED_FILES[Math.floor(i / scopes.length) % FEED_FILES.length] as string;
    const limit = 1 + ((i * 37) % 100);
    const kind = i % 10;
    let path: string;
    const archive = mix?.archives[Math.floor(i / 10) % Math.max(1, mix.archives.length)];
    if (kind === 9 && archive) {
      path = `${archive.path}archive/${1 + ((i * 13) % archive.pages)}/${file}`;
    } else {
      const params: string[] = [];
      if (kind === 8 && mix && mix.filters.length > 0) params.push(mix.filters[Math.floor(i / 10) % mix.filters.length] as string);
      if (limit !== DEFAULT_LIMIT) params.push(`limit=${limit}`);
      if ((kind === 6 || kind === 7) && mix?.variant !== undefined) params.push(`opencc=${mix.variant}`);
      path = `${scope}${file}${params.length > 0 ? `?${params.join("&")}` : ""}`;
    }
    if (!seen.has(path)) {
      seen.add(path);
      paths.push(path);
    }
  }
  return paths;
}

export async function measureIsolate(
  configDir: string,
  app: AppTarget,
  config: ProjectConfig,
  routes: RouteProbes[],
  scopes: string[],
  responses: number,
  mix?: FeedMix,
): Promise<IsolateResult> {
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
    for (const path of distinctFeedPaths(scopes, Math.max(0, responses - all.length), asked, mix)) await ask({ path });
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
