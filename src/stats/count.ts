/**
 * @module Counting at the HTTP edge (issue 23): every response the worker sends passes
 * `countFetch` once it is made, whether the isolate's response cache replayed it before
 * routing (src/http/cache.ts: warm hits and their 304s) or the app made it, so each
 * fetch that reaches the worker is seen. What it counts: `GET` and `HEAD` answered 200
 * or 304 with a subscription feed, recognised by the `Link: <...>; rel="self"` header
 * every feed response carries (src/feed/documents.ts `feedHeaders`), whose URL is the
 * feed's canonical form. Archive pages (`/archive/N/`) are not subscriptions and are not
 * counted; neither are browser views of feeds (HTML, no `Link`).
 *
 * The request path pays a few header reads, two map look-ups (the feed by its `Link`,
 * the reader by its UA) and adding to the isolate's tally (./batch.ts). The tally is
 * sent to the store (./object.ts) through `ctx.waitUntil`, never awaited by a response:
 * when its first fetch is one flush interval old (`STATS_FLUSH_SECONDS`), or sooner once
 * it holds `FLUSH_FETCHES` fetches, but never within one interval of the isolate's last
 * send. So a poll storm costs one Durable Object request per isolate per interval.
 *
 * Failure: nothing here throws into a response. A send that fails puts its counts back
 * into the tally, to go with the next one; what is lost is what an isolate still holds
 * when it is shut down (at most one interval of its fetches), and clients beyond
 * `MAX_PENDING_CLIENTS` while the store stays unreachable (logged).
 */
import { content } from "../content/bundled.ts";
import { digestBatch, MAX_BATCH_CLIENTS, type PendingBatch, Tally } from "./batch.ts";
import { type DayWindow, dayWindow } from "./days.ts";
import type { SubscriberStats } from "./object.ts";
import { readStatsPolicy } from "./policy.ts";
import { type Agent, classifyAgent } from "./user-agents.ts";

/** Whether this worker counts: `STATS` is on and the store's Durable Object is bound. */
export function counting(env: Partial<Cloudflare.Env>): env is Cloudflare.Env {
  return env.STATS_STORE !== undefined && readStatsPolicy(env).on;
}

/** The store: one Durable Object for the whole site. */
export function statsStub(env: Cloudflare.Env): DurableObjectStub<SubscriberStats> {
  return env.STATS_STORE.get(env.STATS_STORE.idFromName("stats"));
}

/**
 * The isolate's counting state. `clock` dates the fetches (tests set a fixed one); the
 * flush timing runs on the real clock.
 */
export const counter = {
  tally: new Tally(),
  clock: (): number => Date.now(),
  /** When this isolate last sent a batch (ms); -Infinity before its first. */
  lastSent: Number.NEGATIVE_INFINITY,
  /** When the send under way started, if one is. */
  sendingSince: undefined as number | undefined,
  /** When the timed send waiting for the tally was set up, if one is (one per isolate). */
  timedSince: undefined as number | undefined,
  /** Sends that failed in a row, and fetches that could not be counted (each logged the first time). */
  failures: 0,
  errors: 0,
  /** Bumped by `resetCounting`: a timed send set up before it does nothing. */
  generation: 0,
};

/** Forgets what the isolate counted and any timed send waiting (tests start from here). */
export function resetCounting(): void {
  counter.tally.take();
  counter.lastSent = Number.NEGATIVE_INFINITY;
  counter.sendingSince = undefined;
  counter.timedSince = undefined;
  counter.generation++;
}

/**
 * A send or timer older than this is taken for dead: `waitUntil` work is cancelled 30 s
 * after its response, and then its promise never settles.
 */
const STALE_MS = 30_000;

const alive = (since: number | undefined, now: number): boolean => since !== undefined && now - since < STALE_MS;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `<...>; rel="self"` in a `Link` header: the feed's canonical URL. */
const SELF = /<([^>]*)>;\s*rel="self"/;
/** Archive pages (RFC 5005) are documents of a feed, not subscriptions. */
const ARCHIVE = /\/archive\/\d+\//;

/** A response's `Link` header -> its feed's canonical path and query (`null`: not counted). */
const feeds = new Map<string, string | null>();
/** UA string -> who it is. */
const agents = new Map<string, Agent>();
/** Feed -> the size of the last 200 this isolate sent for it: what a 304 of it saves. */
const sizes = new Map<string, number>();
const MAX_KEYS = 4096;

function remember<V>(map: Map<string, V>, key: string, value: V): V {
  if (map.size >= MAX_KEYS) map.delete(map.keys().next().value as string);
  map.set(key, value);
  return value;
}

function feedOf(link: string): string | null {
  const known = feeds.get(link);
  if (known !== undefined) return known;
  const self = SELF.exec(link)?.[1];
  const url = self === undefined ? undefined : URL.parse(self);
  const feed = url && !ARCHIVE.test(url.pathname) ? url.pathname + url.search : null;
  return remember(feeds, link, feed);
}

function agentOf(ua: string): Agent {
  return agents.get(ua) ?? remember(agents, ua, classifyAgent(ua));
}

let today: DayWindow | undefined;

/** The day `ms` falls on in `SITE_TIMEZONE`, formatted once per day. */
function dayAt(ms: number): string {
  if (today === undefined || ms < today.start || ms >= today.end) today = dayWindow(ms, content().settings.timeZone);
  return today.date;
}

/** Counts `response` to `request`, when it is a fetch of a subscription feed; schedules the send. Never throws. */
export function countFetch(request: Request, response: Response, env: Cloudflare.Env, ctx: ExecutionContext): void {
  // Counting off (the default) is the first thing looked at: a replayed feed's cheapest answer.
  if (!counting(env)) return;
  const status = response.status;
  if (status !== 200 && status !== 304) return;
  const method = request.method;
  if (method !== "GET" && method !== "HEAD") return;
  const link = response.headers.get("link");
  if (link === null) return;
  try {
    const feed = feedOf(link);
    if (feed === null) return;
    const ua = request.headers.get("user-agent") ?? "";
    const agent = agentOf(ua);
    const head = method === "HEAD";
    const notModified = status === 304;
    let bytes: number | undefined;
    if (!head && !notModified) {
      const length = Number(response.headers.get("content-length") ?? Number.NaN);
      if (Number.isFinite(length)) {
        bytes = length;
        if (sizes.get(feed) !== length) remember(sizes, feed, length);
      }
    }
    const at = counter.clock();
    const ip = request.headers.get("cf-connecting-ip") ?? "";
    counter.tally.add({
      day: dayAt(at),
      feed,
      agent,
      head,
      notModified,
      bytes,
      saved: notModified ? sizes.get(feed) : undefined,
      client: agent.kind === "client" && !head ? `${ip}\n${ua}` : undefined,
      at,
    });
    if (counter.tally.dropped === 1 && counter.errors++ === 0) console.error("stats: too many clients wait for the store; further ones are not counted until it takes them");
    schedule(env, ctx, Date.now());
  } catch (error) {
    if (counter.errors++ === 0) console.error("stats: a fetch could not be counted:", error);
  }
}

/** Sends the tally now when it is due and the isolate may; otherwise makes sure a timed send waits for it. */
function schedule(env: Cloudflare.Env, ctx: ExecutionContext, now: number): void {
  const { flushMs, flushFetches } = readStatsPolicy(env);
  if (counter.tally.fetches >= flushFetches && now - counter.lastSent >= flushMs && !alive(counter.sendingSince, now)) {
    ctx.waitUntil(send(env));
    return;
  }
  if (alive(counter.timedSince, now)) return;
  counter.timedSince = now;
  ctx.waitUntil(timedSend(env, flushMs, now));
}

/**
 * One flush interval after the tally's first fetch (later if the isolate sent within the
 * interval), sends it; again one interval later while clients remain (a batch takes at
 * most `MAX_BATCH_CLIENTS`), within `waitUntil`'s 30 s.
 */
async function timedSend(env: Cloudflare.Env, flushMs: number, armed: number): Promise<void> {
  const generation = counter.generation;
  const deadline = armed + 25_000;
  try {
    let wait = flushMs;
    for (;;) {
      if (Date.now() + wait > deadline) return;
      await sleep(wait);
      const now = Date.now();
      if (counter.tally.empty || generation !== counter.generation) return;
      if (now - counter.lastSent >= flushMs && !alive(counter.sendingSince, now)) {
        await send(env);
        wait = flushMs;
      } else {
        wait = Math.max(25, counter.lastSent + flushMs - now);
      }
    }
  } finally {
    if (counter.timedSince === armed) counter.timedSince = undefined;
  }
}

/**
 * Sends what the isolate has counted to the store: one Durable Object request. A send
 * that fails puts the counts back. Never rejects.
 */
export async function send(env: Cloudflare.Env): Promise<void> {
  if (counter.tally.empty) return;
  const pending = counter.tally.take(MAX_BATCH_CLIENTS);
  const started = Date.now();
  counter.lastSent = started;
  counter.sendingSince = started;
  try {
    await statsStub(env).record(await digestBatch(pending));
    counter.failures = 0;
  } catch (error) {
    counter.tally.restore(pending);
    if (counter.failures++ === 0) console.error("stats: the store did not take a batch; its counts wait for the next one:", error);
  } finally {
    if (counter.sendingSince === started) counter.sendingSince = undefined;
  }
}

/**
 * For the stats routes: waits (a few seconds at most) for a send under way, then takes
 * what this isolate still holds (up to `MAX_BATCH_CLIENTS` clients), to go with the report
 * request in the same Durable Object request. It polls rather than awaiting the send,
 * which belongs to another request's context.
 */
export async function pendingBatch(): Promise<PendingBatch | undefined> {
  for (let waited = 0; alive(counter.sendingSince, Date.now()) && waited < 5000; waited += 20) await sleep(20);
  return counter.tally.empty ? undefined : counter.tally.take(MAX_BATCH_CLIENTS);
}
