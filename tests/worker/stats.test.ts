/**
 * Issue 23, subscriber counts in workerd: fetches counted through the real worker
 * (made and replayed responses, 200s and 304s, HEAD, crawlers, bots, browser views and
 * archive pages), the store's Durable Object (SQLite, alarms) with a fixed clock: the
 * aggregation, the day boundary in SITE_TIMEZONE (the sample's Asia/Shanghai), the
 * daily salt made, kept that day and destroyed, late batches, retention; one Durable
 * Object request per isolate per flush interval under a poll storm; feeds unaffected
 * when the store fails; the cache headers counting forces; `/stats/` and `/stats.json`
 * with no token, a wrong one, Basic and Bearer; and no IP address or UA string anywhere
 * in the store afterwards.
 */
import { createExecutionContext, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { pageStrings } from "../../src/i18n/strings.ts";
import worker from "../../src/index.ts";
import { tokenMatches } from "../../src/stats/auth.ts";
import { clientDigest, MAX_BATCH_CLIENTS, type StatsBatch } from "../../src/stats/batch.ts";
import { CHART_FEEDS, chartPoints, fetchedRuns, scaleTop } from "../../src/stats/chart.tsx";
import { counter, resetCounting, send, statsStub } from "../../src/stats/count.ts";
import { startOfDay } from "../../src/stats/days.ts";
import type { SubscriberStats } from "../../src/stats/object.ts";
import type { StatsReport } from "../../src/stats/report.ts";
import { NOT_ENABLED, parseDays } from "../../src/stats/routes.ts";
import { MAX_FEED_IDS, MAX_FEEDS_PER_DAY, OTHER_FEEDS, STATS_TABLES } from "../../src/stats/store.ts";
import { PAGE_CSP } from "../../src/views/html.ts";
import { ORIGIN } from "./helpers.ts";

const TOKEN = "s3cret-stats-token";
const ZONE = "Asia/Shanghai";
/** Noon on 2100-01-01 in Shanghai: far ahead, so no alarm the store sets fires by itself. */
const T0 = Date.UTC(2100, 0, 1, 4);
const DAY1 = "2100-01-01";
const DAY2 = "2100-01-02";
/** The instant 2100-01-02 begins in Shanghai: 16:00 UTC the day before. */
const MIDNIGHT = Date.UTC(2100, 0, 1, 16);
let now = T0;

const UA = {
  feedly: (n: number) => `Feedly/1.0 (+http://www.feedly.com/fetcher.html; ${n} subscribers; )`,
  feedbin: (id: number, n: number) => `Feedbin feed-id:${id} - ${n} subscribers`,
  inoreader: (n: number) => `Mozilla/5.0 (compatible; inoreader.com; ${n} subscribers)`,
  netnewswire: "NetNewsWire (RSS Reader; https://netnewswire.com/)",
  newsboat: "Newsboat/2.36 (Linux x86_64)",
  googlebot: "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
  uptime: "Mozilla/5.0+(compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)",
  superfeedr: "Superfeedr bot/2.0 http://superfeedr.com - Make your feeds realtime: get in touch - feed-id:46271263",
  chrome: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
};

const stub = () => statsStub(env);

/** The store's instance, with the test clock. */
async function setClock(): Promise<void> {
  await runInDurableObject(stub(), (store: SubscriberStats) => {
    store.clock = () => now;
  });
}

beforeEach(async () => {
  now = T0;
  resetCounting();
  counter.clock = () => now;
  await runInDurableObject(stub(), async (store: SubscriberStats, state) => {
    for (const table of STATS_TABLES) state.storage.sql.exec(`DELETE FROM ${table}`);
    await state.storage.deleteAlarm();
    store.clock = () => now;
  });
});

interface Call {
  ua?: string;
  ip?: string;
  method?: string;
  headers?: Record<string, string>;
}

/** `request` through the worker's own fetch handler with `environment`. */
function fetchWith(request: Request, environment: Record<string, unknown>): Promise<Response> {
  return worker.fetch(request as Request<unknown, IncomingRequestCfProperties>, environment as unknown as Cloudflare.Env, createExecutionContext());
}

/** A request through the worker's own fetch handler, with `env` changed by `overrides` (STATS_TOKEN set unless overridden). */
async function call(path: string, { ua, ip, method = "GET", headers = {} }: Call = {}, overrides: Record<string, unknown> = {}): Promise<Response> {
  const all: Record<string, string> = { ...headers };
  if (ua !== undefined) all["User-Agent"] = ua;
  if (ip !== undefined) all["CF-Connecting-IP"] = ip;
  const request = new Request(ORIGIN + path, { method, headers: all });
  const response = await fetchWith(request, { ...env, STATS_TOKEN: TOKEN, ...overrides });
  await response.arrayBuffer();
  return response;
}

const bearer = { Authorization: `Bearer ${TOKEN}` };
const basic = (user: string, password: string) => ({ Authorization: `Basic ${btoa(`${user}:${password}`)}` });

/** `/stats.json?days=N` as the owner reads it. */
async function statsJson(days = 1): Promise<{ feeds: Array<{ url: string; days: unknown[]; readers: Record<string, number> }> }> {
  const res = await fetchWith(new Request(`${ORIGIN}/stats.json?days=${days}`, { headers: bearer }), { ...env, STATS_TOKEN: TOKEN });
  expect(res.status).toBe(200);
  return res.json();
}

/** The store's full report, this isolate's counts sent first. */
async function report(days = 1): Promise<StatsReport> {
  await send(env);
  return stub().report(days);
}

/** Every row of a store table. */
function rows(table: (typeof STATS_TABLES)[number]): Promise<Record<string, SqlStorageValue>[]> {
  return runInDurableObject(stub(), (_store: SubscriberStats, state) => state.storage.sql.exec(`SELECT * FROM ${table}`).toArray());
}

const hex = (buffer: ArrayBuffer) => [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, "0")).join("");

describe("counting feed fetches through the worker", () => {
  it("200s and 304s, made or replayed; hosted readers by their latest report per feed id; other readers once per IP and UA; crawlers, bots and HEAD apart", async () => {
    const feed = "/tags/rss/rss.xml";
    const first = await call(feed, { ua: UA.feedly(12), ip: "192.0.2.10" });
    const etag = first.headers.get("etag") as string;
    now += 60_000;
    expect((await call(feed, { ua: UA.feedly(15), ip: "192.0.2.11", headers: { "If-None-Match": etag } })).status).toBe(304);
    await call(feed, { ua: UA.feedbin(11, 5), ip: "192.0.2.20" });
    await call(feed, { ua: UA.feedbin(12, 3), ip: "192.0.2.20" });
    await call(feed, { ua: UA.netnewswire, ip: "192.0.2.1" });
    expect((await call(feed, { ua: UA.netnewswire, ip: "192.0.2.1", headers: { "If-None-Match": etag } })).status).toBe(304);
    await call(feed, { ua: UA.netnewswire, ip: "192.0.2.2" });
    await call(feed, { ua: UA.newsboat, ip: "192.0.2.1" });
    await call(feed, { ua: UA.googlebot, ip: "198.51.100.1" });
    await call(feed, { ua: UA.uptime, ip: "198.51.100.2" });
    await call(feed, { ua: UA.superfeedr, ip: "198.51.100.3" });
    expect((await call(feed, { ua: UA.netnewswire, ip: "192.0.2.3", method: "HEAD" })).status).toBe(200);
    // Not counted: a person's browser view, an archive page, a redirect, a 404, a POST.
    expect((await call(feed, { ua: UA.chrome, ip: "192.0.2.50", headers: { "Sec-Fetch-Dest": "document" } })).headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect((await call("/archive/1/rss.xml", { ua: UA.netnewswire, ip: "192.0.2.51" })).status).toBe(200);
    expect((await call("/tags/RSS/rss.xml", { ua: UA.netnewswire, ip: "192.0.2.52" })).status).toBe(301);
    expect((await call("/tags/no-such-tag/rss.xml", { ua: UA.netnewswire, ip: "192.0.2.53" })).status).toBe(404);
    expect((await call("/rss.xml", { ua: UA.netnewswire, ip: "192.0.2.54", method: "POST" })).status).toBe(405);
    // Another canonical URL is another feed.
    await call("/rss.xml?limit=5", { ua: UA.inoreader(40), ip: "192.0.2.30" });

    expect(await statsJson()).toEqual({
      feeds: [
        {
          url: "/rss.xml?limit=5",
          days: [{ date: DAY1, subscribers: 40, requests: 1, not_modified: 0 }],
          readers: { Inoreader: 40 },
        },
        {
          url: feed,
          // Feedly's latest report (15), Feedbin's two feed ids (5 + 3), two NetNewsWire clients and one newsboat client.
          days: [{ date: DAY1, subscribers: 15 + 8 + 2 + 1, requests: 12, not_modified: 2 }],
          readers: { Feedly: 15, Feedbin: 8, NetNewsWire: 2, newsboat: 1 },
        },
      ],
    });
    const full = await report();
    const rss = full.feeds.find((f) => f.url === feed);
    expect(rss?.crawlers).toEqual({ Googlebot: 1 });
    expect([rss?.bots, rss?.hubs, rss?.probes]).toEqual([1, 1, 1]);
    // Each 304 saved the 200's bytes.
    expect(rss?.days[0]?.saved).toBe(2 * Number(first.headers.get("content-length")));
  });

  it("the replayed answers are counted like the first: ten polls of one reader are ten requests and one subscriber", async () => {
    for (let i = 0; i < 10; i++) await call("/tags/typescript/feed.json", { ua: UA.netnewswire, ip: "192.0.2.1" });
    expect((await statsJson()).feeds).toEqual([
      { url: "/tags/typescript/feed.json", days: [{ date: DAY1, subscribers: 1, requests: 10, not_modified: 0 }], readers: { NetNewsWire: 1 } },
    ]);
  });

  it("a 304 of a feed this isolate never sent a 200 for saves the size the store knows for it", async () => {
    const made = await call("/atom.xml", { ua: UA.newsboat, ip: "192.0.2.1" });
    await send(env);
    // As if another isolate, which never made the 200, answered the 304.
    const batch: StatsBatch = {
      traffic: [{ day: DAY1, feed: "/atom.xml", agent: "newsboat", kind: "client", requests: 2, notModified: 2, saved: 0, unsized: 2 }],
      reports: [],
      clients: [],
      sizes: [],
    };
    await stub().record(batch);
    expect((await report()).feeds[0]?.days[0]?.saved).toBe(2 * Number(made.headers.get("content-length")));
  });

  it("days are SITE_TIMEZONE's: a fetch at 23:59:59 and one at 00:00:01 in Shanghai are on two days, one subscriber each", async () => {
    now = MIDNIGHT - 1000;
    await call("/feed.json", { ua: UA.netnewswire, ip: "192.0.2.1" });
    await send(env);
    now = MIDNIGHT + 1000;
    await setClock();
    await call("/feed.json", { ua: UA.netnewswire, ip: "192.0.2.1" });
    expect((await statsJson(2)).feeds).toEqual([
      {
        url: "/feed.json",
        days: [
          { date: DAY1, subscribers: 1, requests: 1, not_modified: 0 },
          { date: DAY2, subscribers: 1, requests: 1, not_modified: 0 },
        ],
        readers: { NetNewsWire: 1 },
      },
    ]);
  });
});

describe("the daily salt", () => {
  it("is made with the day's first client, keys its hashes, and is destroyed with them at midnight in SITE_TIMEZONE", async () => {
    const ip = "192.0.2.77";
    await call("/rss.xml", { ua: UA.netnewswire, ip });
    await send(env);
    const [salt] = await rows("salt");
    expect(salt?.day).toBe(DAY1);
    expect((salt?.salt as ArrayBuffer | undefined)?.byteLength).toBe(32);
    const [client] = await rows("clients");
    const digest = await clientDigest(`${ip}\n${UA.netnewswire}\n/rss.xml`);
    const key = await crypto.subtle.importKey("raw", salt?.salt as ArrayBuffer, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    // What is stored is HMAC(salt, SHA-256(IP, UA, feed)), never the unsalted digest.
    expect(hex(client?.hash as ArrayBuffer)).toBe(hex((await crypto.subtle.sign("HMAC", key, digest)).slice(0, 16)));
    expect(hex(client?.hash as ArrayBuffer)).not.toBe(hex(digest));
    // The alarm is set for the instant the day ends in Shanghai.
    expect(startOfDay(DAY2, ZONE)).toBe(MIDNIGHT);
    expect(await runInDurableObject(stub(), (_s: SubscriberStats, state) => state.storage.getAlarm())).toBe(MIDNIGHT);

    now = MIDNIGHT;
    expect(await runDurableObjectAlarm(stub())).toBe(true);
    expect(await rows("salt")).toEqual([]);
    expect(await rows("clients")).toEqual([]);
    expect(await runInDurableObject(stub(), (_s: SubscriberStats, state) => state.storage.getAlarm())).toBeNull();
    // The day's count outlives its salt.
    expect(await rows("counted")).toEqual([{ day: DAY1, feed: "/rss.xml", agent: "NetNewsWire", subscribers: 1 }]);

    // The next day has a salt of its own: the same client hashes to something else, and counts again.
    now = MIDNIGHT + 3_600_000;
    await call("/rss.xml", { ua: UA.netnewswire, ip });
    await send(env);
    const [next] = await rows("salt");
    expect(next?.day).toBe(DAY2);
    expect(hex(next?.salt as ArrayBuffer)).not.toBe(hex(salt?.salt as ArrayBuffer));
    expect(hex((await rows("clients"))[0]?.hash as ArrayBuffer)).not.toBe(hex(client?.hash as ArrayBuffer));
    expect((await rows("counted")).map((r) => [r.day, r.subscribers])).toEqual([
      [DAY1, 1],
      [DAY2, 1],
    ]);
  });

  it("is destroyed by the first call after midnight when no alarm ran", async () => {
    await call("/rss.xml", { ua: UA.netnewswire, ip: "192.0.2.1" });
    await send(env);
    now = MIDNIGHT + 5;
    await stub().report(1);
    expect(await rows("salt")).toEqual([]);
    expect(await rows("clients")).toEqual([]);
  });

  it("a batch that reaches the store after its day ended counts its requests, not its clients (their salt is gone)", async () => {
    await call("/rss.xml", { ua: UA.netnewswire, ip: "192.0.2.1" });
    await send(env);
    now = MIDNIGHT + 1000;
    counter.clock = () => MIDNIGHT - 1000;
    await call("/rss.xml", { ua: UA.netnewswire, ip: "192.0.2.2" });
    await send(env);
    const full = await stub().report(2);
    expect(full.feeds[0]?.days.map((d) => [d.date, d.requests, d.subscribers])).toEqual([
      [DAY1, 2, 1],
      [DAY2, 0, 0],
    ]);
    expect(full.lateClients).toBe(1);
  });

  it(`aggregates are kept STATS_DAYS days (${env.STATS_DAYS}), today included`, async () => {
    await call("/rss.xml", { ua: UA.netnewswire, ip: "192.0.2.1" });
    await send(env);
    const days = Number(env.STATS_DAYS);
    now = T0 + (days - 1) * 86_400_000;
    await stub().report(1);
    expect((await rows("traffic")).length).toBe(1);
    now = T0 + days * 86_400_000;
    await stub().report(1);
    expect(await rows("traffic")).toEqual([]);
    expect(await rows("counted")).toEqual([]);
  });
});

describe("bounds", () => {
  it(`at most ${MAX_FEEDS_PER_DAY} feeds a day are counted apart, the rest together; at most ${MAX_FEED_IDS} feed ids per hosted reader and feed`, async () => {
    // A day of its own, so that the store's list of the day's feeds starts empty.
    now = T0 + 10 * 86_400_000;
    const day = "2100-01-11";
    const traffic = Array.from({ length: MAX_FEEDS_PER_DAY + 5 }, (_, i) => ({
      day,
      feed: `/rss.xml?filter=w${i}`,
      agent: "Other",
      kind: "client" as const,
      requests: 1,
      notModified: 0,
      saved: 0,
      unsized: 0,
    }));
    const reports = Array.from({ length: MAX_FEED_IDS + 5 }, (_, i) => ({ day, feed: "/rss.xml?filter=w0", agent: "Feedbin", feedId: String(i), subscribers: 1, at: i }));
    await stub().record({ traffic, reports, clients: [], sizes: [] });
    const feeds = (await stub().report(1)).feeds;
    expect(feeds).toHaveLength(MAX_FEEDS_PER_DAY + 1);
    expect(feeds.find((f) => f.url === OTHER_FEEDS)?.days[0]?.requests).toBe(5);
    expect(feeds.find((f) => f.url === "/rss.xml?filter=w0")?.readers).toEqual({ Feedbin: MAX_FEED_IDS });
  });
});

describe("the cost of counting", () => {
  it("a poll storm costs one Durable Object request per isolate per flush interval, and every fetch is counted", async () => {
    let requests = 0;
    const namespace = env.STATS_STORE;
    const counted = {
      idFromName: (name: string) => namespace.idFromName(name),
      get: (id: DurableObjectId) => {
        const real = namespace.get(id);
        return {
          record: (batch: StatsBatch) => {
            requests++;
            return real.record(batch);
          },
          report: (days: number, batch?: StatsBatch) => real.report(days, batch),
        };
      },
    };
    const overrides = { STATS_STORE: counted, STATS_FLUSH_SECONDS: "1" };
    const started = Date.now();
    let fetches = 0;
    while (Date.now() - started < 3200) {
      await Promise.all(Array.from({ length: 50 }, (_, i) => call("/tags/rss/atom.xml", { ua: UA.netnewswire, ip: `10.0.0.${(fetches + i) % 250}` }, overrides)));
      fetches += 50;
    }
    // The last timed send (one interval after its tally's first fetch).
    for (let waited = 0; !counter.tally.empty && waited < 3000; waited += 50) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 200));
    const elapsed = Date.now() - started;
    expect(counter.tally.empty).toBe(true);
    expect(fetches).toBeGreaterThan(500);
    expect(requests).toBeGreaterThanOrEqual(2);
    expect(requests).toBeLessThanOrEqual(Math.ceil(elapsed / 1000) + 1);
    const full = await stub().report(1);
    // The store's own count of the batches it took agrees.
    expect(full.batchesToday).toBe(requests);
    const feed = full.feeds[0];
    expect([feed?.days[0]?.requests, feed?.days[0]?.subscribers]).toEqual([fetches, Math.min(fetches, 250)]);
  }, 20_000);

  it(`a batch carries at most ${MAX_BATCH_CLIENTS} new clients (their digests are the sending request's CPU); the rest go with the next`, async () => {
    const clients = 2 * MAX_BATCH_CLIENTS + 600;
    for (let i = 0; i < clients; i++) await call("/rss.xml", { ua: UA.newsboat, ip: `10.7.${i >> 8}.${i & 255}` });
    // The 500th fetch may have sent a batch already (FLUSH_FETCHES); let it land.
    for (let waited = 0; counter.sendingSince !== undefined && waited < 5000; waited += 20) await new Promise((r) => setTimeout(r, 20));
    const stored = async () => (await rows("clients")).length;
    let before = await stored();
    expect(clients - before).toBeGreaterThan(MAX_BATCH_CLIENTS);
    while (!counter.tally.empty) {
      const left = clients - before;
      await send(env);
      const after = await stored();
      expect(after - before).toBe(Math.min(left, MAX_BATCH_CLIENTS));
      before = after;
    }
    expect((await stub().report(1)).feeds[0]?.days[0]?.subscribers).toBe(clients);
  }, 30_000);

  it("when the store fails, feeds are served exactly as before and the counts wait for the next batch", async () => {
    const broken = {
      idFromName: (name: string) => env.STATS_STORE.idFromName(name),
      get: () => ({
        record: () => Promise.reject(new Error("store unavailable")),
      }),
    };
    const throwing = {
      idFromName: () => {
        throw new Error("no namespace");
      },
    };
    const path = "/categories/tech/rss.xml";
    const good = await fetchWith(new Request(ORIGIN + path, { headers: { "User-Agent": UA.newsboat } }), { ...env });
    const body = await good.text();
    for (const STATS_STORE of [broken, throwing]) {
      const res = await fetchWith(new Request(ORIGIN + path, { headers: { "User-Agent": UA.newsboat } }), { ...env, STATS_STORE });
      expect([res.status, await res.text(), [...res.headers]]).toEqual([200, body, [...good.headers]]);
      await send({ ...env, STATS_STORE } as unknown as Cloudflare.Env);
      expect(counter.tally.empty).toBe(false);
    }
    await send(env);
    expect((await stub().report(1)).feeds[0]?.days[0]?.requests).toBe(3);
  });
});

describe("caching while counting", () => {
  it("feeds are private to readers' caches while counting is on, public when it is off; archive pages and pages as before", async () => {
    expect((await call("/tags/rss/rss.xml?limit=3")).headers.get("cache-control")).toBe("private, max-age=300");
    expect((await call("/tags/rss/rss.xml?limit=4", {}, { STATS: "off" })).headers.get("cache-control")).toBe("public, max-age=300, s-maxage=600, stale-while-revalidate=86400");
    expect((await call("/tags/rss/rss.xml?filter_time=100000000")).headers.get("cache-control")).toBe("private, max-age=60");
    expect((await call("/archive/1/atom.xml")).headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect((await call("/tags/rss/")).headers.get("cache-control")).toBe("public, max-age=300, s-maxage=600, stale-while-revalidate=86400");
    expect((await call("/stats.json", { headers: bearer })).headers.get("cache-control")).toBe("private, no-store");
  });

  it("with STATS off nothing is counted", async () => {
    await call("/tags/rss/rss.xml", { ua: UA.netnewswire, ip: "192.0.2.1" }, { STATS: "off" });
    expect(counter.tally.empty).toBe(true);
  });
});

describe("/stats/ and /stats.json", () => {
  const PATHS = ["/stats.json", "/stats/"];

  it.each(PATHS)("%s without STATS_TOKEN: a 404 that says how to turn it on", async (path) => {
    for (const token of [undefined, ""]) {
      const res = await fetchWith(new Request(ORIGIN + path, { headers: bearer }), { ...env, STATS_TOKEN: token });
      expect([res.status, await res.text(), res.headers.get("cache-control")]).toEqual([404, NOT_ENABLED.token, "private, no-store"]);
    }
  });

  it.each(PATHS)("%s with STATS off: a 404 saying so", async (path) => {
    const res = await fetchWith(new Request(ORIGIN + path, { headers: bearer }), { ...env, STATS_TOKEN: TOKEN, STATS: "off" });
    expect([res.status, await res.text()]).toEqual([404, NOT_ENABLED.off]);
  });

  it.each(PATHS)("%s: no token, a wrong one, or a malformed header is a 401 with both challenges", async (path) => {
    for (const [headers, invalid] of [
      [{}, false],
      [{ Authorization: "Bearer wrong" }, true],
      [{ Authorization: `Bearer ${TOKEN}x` }, true],
      [basic("owner", "wrong"), true],
      [basic(TOKEN, ""), true],
      [{ Authorization: "Basic not-base64!" }, false],
      [{ Authorization: `Token ${TOKEN}` }, false],
    ] as const) {
      const res = await call(path, { headers });
      expect(res.status, JSON.stringify(headers)).toBe(401);
      expect(res.headers.get("www-authenticate")).toBe(`Basic realm="stats", charset="UTF-8", Bearer realm="stats"${invalid ? ', error="invalid_token"' : ""}`);
      expect(res.headers.get("cache-control")).toBe("private, no-store");
    }
  });

  it("the token as a Bearer token or as the Basic password (any user name) opens both", async () => {
    await call("/rss.xml", { ua: UA.feedly(3), ip: "192.0.2.1" });
    for (const headers of [bearer, basic("owner", TOKEN), basic("", TOKEN), { Authorization: `bearer ${TOKEN}` }]) {
      const json = await fetchWith(new Request(`${ORIGIN}/stats.json`, { headers }), { ...env, STATS_TOKEN: TOKEN });
      expect([json.status, json.headers.get("content-type")]).toEqual([200, "application/json"]);
      const body = (await json.json()) as { feeds: Array<{ days: unknown[] }> };
      // 30 days unless asked otherwise.
      expect(body.feeds[0]?.days).toHaveLength(30);
      expect((await call("/stats/", { headers })).status).toBe(200);
    }
  });

  it("the page: the site's language, a server-drawn SVG chart, readers with their share, the share of 304s, the bytes saved", async () => {
    const etag = (await call("/rss.xml", { ua: UA.feedly(30), ip: "192.0.2.1" })).headers.get("etag") as string;
    await call("/rss.xml", { ua: UA.inoreader(10), ip: "192.0.2.2", headers: { "If-None-Match": etag } });
    await call("/atom.xml", { ua: UA.netnewswire, ip: "192.0.2.3" });
    await call("/atom.xml", { ua: UA.googlebot, ip: "192.0.2.4" });
    const res = await fetchWith(new Request(`${ORIGIN}/stats/?days=7`, { headers: basic("owner", TOKEN) }), { ...env, STATS_TOKEN: TOKEN });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=UTF-8");
    expect(res.headers.get("content-security-policy")).toBe(PAGE_CSP);
    const html = await res.text();
    const words = pageStrings("zh-CN").stats;
    expect(html).toMatch(/^<!doctype html>\n<html lang="zh-CN">/);
    expect(html).toContain(`<title>${words.title} · 南开新闻精选</title>`);
    expect(html).toContain(`<svg viewBox="0 0 640 240" width="100%" role="img"`);
    // Two feeds, two series; one day of data each: a point each, no line.
    expect(html.match(/<circle /g)).toHaveLength(2);
    expect(html).not.toContain("<polyline");
    expect(html).toContain('<th scope="row">Feedly</th><td>30</td><td>73.2%</td>');
    expect(html).toContain('<th scope="row">Inoreader</th><td>10</td><td>24.4%</td>');
    expect(html).toContain('<th scope="row">NetNewsWire</th><td>1</td><td>2.4%</td>');
    expect(html).toContain('<th scope="row">Googlebot</th><td>1</td>');
    // Subscribers 41, four requests, one 304, what it saved.
    expect(html).toMatch(/<tbody><tr><td>41<\/td><td>4<\/td><td>25%<\/td><td>[\d.]+ kB<\/td><\/tr><\/tbody>/);
    expect(html).not.toContain("<script");
    expect(html).toContain(words.privacy(400));
  });

  it.each([
    [undefined, 30],
    [["7"], 7],
    [["400"], 400],
    [["0"], "days must be a whole number from 1 to 400, given at most once, e.g. ?days=30"],
    [["401"], "days must be a whole number from 1 to 400, given at most once, e.g. ?days=30"],
    [["1.5"], "days must be a whole number from 1 to 400, given at most once, e.g. ?days=30"],
    [["7", "7"], "days must be a whole number from 1 to 400, given at most once, e.g. ?days=30"],
  ])("?days=%j -> %j", (values, days) => {
    expect(parseDays(values, 400)).toBe(days);
  });

  it("a bad ?days= is a 400; /stats is /stats/", async () => {
    const res = await call("/stats.json?days=0", { headers: bearer });
    expect(res.status).toBe(400);
    const moved = await call("/stats");
    expect([moved.status, moved.headers.get("location")]).toEqual([301, `${ORIGIN}/stats/`]);
  });

  it("the token is compared whole, in constant time", async () => {
    expect(await tokenMatches(TOKEN, TOKEN)).toBe(true);
    expect(await tokenMatches(`${TOKEN} `, TOKEN)).toBe(false);
    expect(await tokenMatches("", TOKEN)).toBe(false);
    expect(await tokenMatches(TOKEN.slice(0, -1), TOKEN)).toBe(false);
  });

  it("the chart's scale, points, and runs of days with a fetch (a day without one is a gap, not a zero)", () => {
    expect(fetchedRuns([0, 3, 4, 0, 0, 5, 0, 2, 2, 2])).toEqual([
      [1, 2],
      [5, 5],
      [7, 9],
    ]);
    expect(fetchedRuns([0, 0])).toEqual([]);
    expect([0, 3, 4, 5, 9, 41, 100, 101, 2500].map(scaleTop)).toEqual([4, 4, 4, 8, 12, 100, 100, 200, 5000]);
    expect(chartPoints([0, 4], 4)).toEqual([
      [44, 212],
      [628, 12],
    ]);
    expect(chartPoints([2], 4)).toEqual([[336, 112]]);
    expect(CHART_FEEDS).toBe(6);
  });
});

describe("privacy", () => {
  it("after counting many readers from many addresses, no IP address and no UA string is anywhere in the store", async () => {
    const uas = [...Object.values(UA).filter((ua) => typeof ua === "string"), UA.feedly(7), UA.feedbin(3, 9), UA.inoreader(2)];
    const ips = ["192.0.2.1", "198.51.100.77", "203.0.113.250", "2001:db8::1", "2001:db8:85a3::8a2e:370:7334"];
    for (const ip of ips) for (const ua of uas) await call("/tags/rss/rss.xml", { ua, ip });
    await send(env);
    // The day changes halfway: yesterday's salt is destroyed, today's kept.
    now = MIDNIGHT + 1;
    for (const ip of ips) await call("/rss.xml", { ua: UA.netnewswire, ip });
    await send(env);
    const stored = await runInDurableObject(stub(), async (_store: SubscriberStats, state) => {
      const tables = state.storage.sql
        .exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_cf\\_%' ESCAPE '\\' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'")
        .toArray()
        .map((row) => row.name);
      const values = tables.flatMap((table) =>
        state.storage.sql
          .exec(`SELECT * FROM "${table}"`)
          .toArray()
          .flatMap((row) => Object.values(row)),
      );
      const kv = [...(await state.storage.list()).entries()].flat();
      return { tables, values, kv };
    });
    expect(stored.tables.sort()).toEqual([...STATS_TABLES].sort());
    expect(stored.kv).toEqual([]);
    // Every value as text, and every blob as text and as hex.
    const texts = stored.values.flatMap((value) => {
      if (value instanceof ArrayBuffer) return [new TextDecoder("latin1").decode(value), hex(value)];
      return [String(value)];
    });
    const ipBytes = (ip: string) => (ip.includes(":") ? [] : [hex(Uint8Array.from(ip.split(".").map(Number)).buffer)]);
    for (const ip of ips) {
      for (const text of texts) {
        expect(text.includes(ip), `${ip} in ${text}`).toBe(false);
        for (const bytes of ipBytes(ip)) expect(text.includes(bytes), `${ip} as bytes in ${text}`).toBe(false);
      }
    }
    for (const ua of uas) {
      // No UA, nor any 16 characters of one: reader names (at most 15) are all that is kept of them.
      const pieces = Array.from({ length: Math.max(1, ua.length - 15) }, (_, i) => ua.slice(i, i + 16));
      for (const text of texts) for (const piece of pieces) expect(text.includes(piece), `${piece} in ${text}`).toBe(false);
    }
    // What is there: daily totals, today's salt and hashes.
    expect((await rows("salt")).map((row) => row.day)).toEqual([DAY2]);
    expect(new Set((await rows("clients")).map((row) => row.day))).toEqual(new Set([DAY2]));
  });
});
