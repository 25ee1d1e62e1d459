/**
 * Issue 23 end to end: subscriber counts under `wrangler dev` (its Durable Object,
 * `.dev.vars` for the STATS_TOKEN secret, offline), on a copy of the project.
 *
 * 10,000 fetches of four feeds from a mix of readers, 16 at a time, as readers make
 * them: hosted readers (Feedly, Inoreader, NewsBlur, Feedbin with two feed ids, The Old
 * Reader, Feedspot, BazQux) announcing counts that change, the last announcement of
 * each sent once everything else has been answered; 335 clients of one person each
 * (NetNewsWire, newsboat, Reeder, Thunderbird, Outlook, Miniflux, FreshRSS, Tiny Tiny
 * RSS, curl) on their own addresses (CF-Connecting-IP, which wrangler dev passes
 * through), each sending back the ETag it was given; HEAD probes, some from addresses
 * that never GET; crawlers, link previewers, bots and a WebSub hub. Then `/stats.json`
 * must give exactly what the clients saw and the plan implies: per feed the requests and
 * 304s the clients received, the latest count of each hosted reader (per feed id) plus
 * one per distinct IP address and UA, and the readers; and the store must have taken
 * a bounded number of batches (one per isolate per flush interval, and wrangler dev runs
 * one isolate), not one per fetch.
 *
 * The copy's SITE_TIMEZONE is the Etc/GMT zone where it is about noon now, so the run
 * never straddles a day change. Ports (loopback): E2E_STATS_PORT (8834),
 * E2E_STATS_INSPECTOR_PORT (9834). Every wait is bounded; ./run.ts has a watchdog.
 */
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { run, stopGroup, waitReady } from "../browser/stack.ts";
import { cleanup, copyProject, ROOT, sleep } from "./project.ts";

const PORT = Number(process.env.E2E_STATS_PORT ?? 8834);
const INSPECTOR_PORT = Number(process.env.E2E_STATS_INSPECTOR_PORT ?? 9834);
const WORKER = `http://127.0.0.1:${PORT}`;
const TOKEN = `e2e-stats-${process.pid}`;
const FLUSH_SECONDS = 2;
const FETCHES = 10_000;
const CONCURRENCY = 16;

/** The Etc/GMT zone whose local time is about noon now ("Etc/GMT-8" is UTC+8). */
function noonZone(now: Date): string {
  const offset = 12 - now.getUTCHours();
  return offset === 0 ? "Etc/GMT" : offset > 0 ? `Etc/GMT-${offset}` : `Etc/GMT+${-offset}`;
}

const FEEDS = ["/rss.xml", "/atom.xml", "/tags/rss/feed.json", "/rss.xml?limit=5"];

/** A deterministic pseudo-random sequence (a linear congruential generator). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

/** One planned fetch. `actor` names who makes it (its ETags are its own); `key` is a hosted reader's count key. */
interface Fetch {
  feed: string;
  method: "GET" | "HEAD";
  ua: string;
  ip: string;
  actor: string;
  /** Hosted readers: reader name, feed id and the count this fetch announces. */
  hosted?: { reader: string; feedId: string; count: number };
  /** A client of one person: its reader's name. */
  client?: string;
}

/** Hosted readers, with the feeds each follows and how its UA says a count (`id`: its own feed id, if it sends one). */
const HOSTED: Array<{ reader: string; feed: string; id: string; ua: (count: number, id: string) => string; silent?: true }> = [
  ...FEEDS.map((feed) => ({ reader: "Feedly", feed, id: "", ua: (n: number) => `Feedly/1.0 (+http://www.feedly.com/fetcher.html; ${n} subscribers; )` })),
  ...["/rss.xml", "/atom.xml"].map((feed) => ({ reader: "Inoreader", feed, id: "", ua: (n: number) => `Mozilla/5.0 (compatible; inoreader.com; ${n} subscribers)` })),
  {
    reader: "NewsBlur",
    feed: "/rss.xml",
    id: "7704055",
    ua: (n, id) =>
      `NewsBlur Feed Fetcher - ${n} subscribers - https://www.newsblur.com/site/${id}/edge-feeds ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/14.0.1 Safari/605.1.15")`,
  },
  { reader: "Feedbin", feed: "/rss.xml", id: "11", ua: (n, id) => `Feedbin feed-id:${id} - ${n} subscribers` },
  { reader: "Feedbin", feed: "/rss.xml", id: "12", ua: (n, id) => `Feedbin feed-id:${id} - ${n} subscribers` },
  { reader: "Feedbin", feed: "/atom.xml", id: "13", ua: (n, id) => `Feedbin feed-id:${id} - ${n} subscribers` },
  { reader: "The Old Reader", feed: "/tags/rss/feed.json", id: "5f1e0c2a9b", ua: (n, id) => `Mozilla/5.0 (compatible; theoldreader.com; ${n} subscribers; feed-id=${id})` },
  // Feedspot announces no count: one subscriber.
  { reader: "Feedspot", feed: "/rss.xml", id: "", ua: () => "Feedspot/1.0 (+https://www.feedspot.com/fs/fetcher; like FeedFetcher-Google)", silent: true },
  { reader: "BazQux", feed: "/atom.xml", id: "", ua: (n) => `Mozilla/5.0 (compatible; BazQux/2.4; +https://bazqux.com/fetcher; ${n} subscribers)` },
];

/** Clients of one person each: reader, UA, how many addresses. */
const CLIENTS: Array<[string, string, number]> = [
  ["NetNewsWire", "NetNewsWire (RSS Reader; https://netnewswire.com/)", 120],
  ["newsboat", "Newsboat/2.36 (Linux x86_64)", 80],
  ["Reeder", "Reeder/5050.04.02 CFNetwork/1496.0.7 Darwin/23.5.0", 40],
  ["Thunderbird", "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Thunderbird/128.5.2", 30],
  ["Outlook", "Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17928; Pro)", 20],
  ["Miniflux", "Mozilla/5.0 (compatible; Miniflux/2.2.3; +https://miniflux.app)", 10],
  ["FreshRSS", "FreshRSS/1.24.3 (Linux; https://freshrss.org)", 10],
  ["Tiny Tiny RSS", "Tiny Tiny RSS/24.09-4b4e6f1 (https://tt-rss.org/)", 10],
  ["Other", "curl/8.5.0", 15],
];

/** Not subscribers: crawlers and link previewers, bots, a hub. */
const OTHERS = [
  "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
  "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
  "Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)",
  "Mozilla/5.0+(compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)",
  "Mozilla/5.0 (compatible; ExampleBot/1.0; +https://bot.example)",
  "Superfeedr bot/2.0 http://superfeedr.com - Make your feeds realtime: get in touch - feed-id:46271263",
];

/** The 10,000 fetches: the concurrent part, then each hosted reader's last announcement. */
function plan(): { concurrent: Fetch[]; last: Fetch[] } {
  const next = random(23);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T;
  const clients = CLIENTS.flatMap(([reader, ua, count], r) =>
    Array.from({ length: count }, (_, i) => {
      const ip = `10.${r + 1}.${i >> 8}.${i & 255}`;
      // Every client follows the site's RSS; some follow more.
      const feeds = FEEDS.filter((_, f) => f === 0 || (i + r) % (f + 2) === 0);
      return { reader, ua, ip, feeds };
    }),
  );
  const concurrent: Fetch[] = [];
  // Each client fetches each of its feeds at least once.
  for (const c of clients) for (const feed of c.feeds) concurrent.push({ feed, method: "GET", ua: c.ua, ip: c.ip, actor: `${c.ip} ${c.ua}`, client: c.reader });
  // Each hosted reader polls about 20 times, with counts that change.
  for (const h of HOSTED) {
    for (let i = 0; i < 20; i++) {
      const count = h.silent ? 1 : 1 + Math.floor(next() * 500);
      concurrent.push({
        feed: h.feed,
        method: "GET",
        ua: h.ua(count, h.id),
        ip: `203.0.113.${Math.floor(next() * 250)}`,
        actor: `${h.reader} ${h.feed} ${h.id}`,
        hosted: { reader: h.reader, feedId: h.id, count },
      });
    }
  }
  // Crawlers, bots and a hub; HEAD probes from clients and from addresses that never GET.
  for (let i = 0; i < 300; i++) concurrent.push({ feed: pick(FEEDS), method: "GET", ua: pick(OTHERS), ip: `198.51.100.${i % 250}`, actor: `other ${i % 6}` });
  for (let i = 0; i < 200; i++) {
    const c = pick(clients);
    concurrent.push({ feed: pick(c.feeds), method: "HEAD", ua: c.ua, ip: i % 2 === 0 ? c.ip : `10.99.0.${i % 250}`, actor: `head ${i}` });
  }
  const last: Fetch[] = HOSTED.map((h) => {
    const count = h.silent ? 1 : 1 + Math.floor(next() * 500);
    return { feed: h.feed, method: "GET", ua: h.ua(count, h.id), ip: "203.0.113.251", actor: `${h.reader} ${h.feed} ${h.id}`, hosted: { reader: h.reader, feedId: h.id, count } };
  });
  // The rest: clients polling their feeds again.
  while (concurrent.length + last.length < FETCHES) {
    const c = pick(clients);
    concurrent.push({ feed: pick(c.feeds), method: "GET", ua: c.ua, ip: c.ip, actor: `${c.ip} ${c.ua}`, client: c.reader });
  }
  // Shuffled (Fisher-Yates), so that every kind of fetch is spread over the run.
  for (let i = concurrent.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [concurrent[i], concurrent[j]] = [concurrent[j] as Fetch, concurrent[i] as Fetch];
  }
  return { concurrent, last };
}

let project: Awaited<ReturnType<typeof copyProject>> | undefined;
let wranglerProcess: ChildProcess | undefined;
const log: string[] = [];
let stop = async () => {};
let zone = "";

async function start(): Promise<void> {
  project = await copyProject("e2e-stats");
  zone = noonZone(new Date());
  const bin = join(ROOT, "node_modules/.bin");
  // SITE_TIMEZONE is read by the build (the counts use the zone the content was built with).
  const env = {
    ...process.env,
    PATH: `${bin}:${process.env.PATH ?? ""}`,
    WRANGLER_SEND_METRICS: "false",
    CLOUDFLARE_CF_FETCH_ENABLED: "false",
    NO_COLOR: "1",
    CI: "1",
    SITE_TIMEZONE: zone,
  };
  const dir = project;
  stop = cleanup(async () => {
    if (wranglerProcess) await stopGroup(wranglerProcess);
    await mkdir(join(ROOT, "test-results"), { recursive: true });
    await writeFile(join(ROOT, "test-results", "wrangler-e2e-stats.log"), log.join(""));
    await dir.remove();
  });
  await writeFile(join(project.dir, ".dev.vars"), `STATS_TOKEN=${TOKEN}\n`);
  await run(process.execPath, ["src/build/cli.ts"], { cwd: project.dir, env, ms: 60_000 });
  wranglerProcess = spawn(
    join(bin, "wrangler"),
    [
      "dev",
      ...["--ip", "127.0.0.1", "--port", String(PORT), "--inspector-port", String(INSPECTOR_PORT)],
      ...["--var", `STATS_FLUSH_SECONDS:${FLUSH_SECONDS}`],
      ...["--show-interactive-dev-session=false", "--log-level", "warn"],
    ],
    { cwd: project.dir, env, detached: true, stdio: ["ignore", "pipe", "pipe"] },
  );
  wranglerProcess.stdout?.on("data", (d) => log.push(String(d)));
  wranglerProcess.stderr?.on("data", (d) => log.push(String(d)));
  // The home page: not a feed, so the wait for wrangler counts nothing.
  await waitReady(`${WORKER}/`, wranglerProcess, log, 90_000);
}

describe("subscriber counts under wrangler dev", () => {
  before(start, { timeout: 180_000 });
  after(() => stop());

  test(`${FETCHES} fetches from a mix of readers: /stats.json gives exactly the expected counts, from a bounded number of batches`, { timeout: 240_000 }, async () => {
    const { concurrent, last } = plan();
    assert.equal(concurrent.length + last.length, FETCHES);
    const etags = new Map<string, string>();
    const seen = new Map<string, { requests: number; notModified: number }>();
    const statuses = new Map<number, number>();
    const doFetch = async (f: Fetch) => {
      const key = `${f.actor} ${f.feed}`;
      const headers: Record<string, string> = { "User-Agent": f.ua, "CF-Connecting-IP": f.ip };
      const etag = etags.get(key);
      if (etag && f.method === "GET") headers["If-None-Match"] = etag;
      const res = await fetch(WORKER + f.feed, { method: f.method, headers });
      await res.arrayBuffer();
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      assert.equal(res.headers.get("cache-control"), "private, max-age=300", "feeds are private while counting");
      if (res.status === 200 && f.method === "GET") etags.set(key, res.headers.get("etag") ?? "");
      const tally = seen.get(f.feed) ?? { requests: 0, notModified: 0 };
      if (res.status === 200 || res.status === 304) tally.requests++;
      if (res.status === 304) tally.notModified++;
      seen.set(f.feed, tally);
    };
    const started = Date.now();
    let cursor = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (cursor < concurrent.length) await doFetch(concurrent[cursor++] as Fetch);
      }),
    );
    for (const f of last) await doFetch(f);
    const fetched = Date.now();
    assert.deepEqual([...statuses.keys()].sort(), [200, 304], `every fetch answered 200 or 304: ${JSON.stringify([...statuses])}`);

    // What the counts must be: per feed, each hosted reader's last count (per feed id) and one per IP address and UA that GETs.
    const reports = new Map<string, number>();
    const clients = new Map<string, Map<string, string>>();
    for (const f of [...concurrent, ...last]) {
      if (f.hosted) reports.set(`${f.feed}\n${f.hosted.reader}\n${f.hosted.feedId}`, f.hosted.count);
      if (f.client && f.method === "GET") {
        const byFeed = clients.get(f.feed) ?? new Map<string, string>();
        byFeed.set(`${f.ip}\n${f.ua}`, f.client);
        clients.set(f.feed, byFeed);
      }
    }
    const date = new Intl.DateTimeFormat("en-CA", { timeZone: zone }).format(started);
    const expected = FEEDS.map((feed) => {
      const readers: Record<string, number> = {};
      for (const [key, count] of reports) {
        const [of, reader] = key.split("\n");
        if (of === feed && reader) readers[reader] = (readers[reader] ?? 0) + count;
      }
      for (const reader of clients.get(feed)?.values() ?? []) readers[reader] = (readers[reader] ?? 0) + 1;
      const subscribers = Object.values(readers).reduce((a, b) => a + b, 0);
      const { requests, notModified } = seen.get(feed) ?? { requests: 0, notModified: 0 };
      return { url: feed, days: [{ date, subscribers, requests, not_modified: notModified }], readers };
    }).sort((a, b) => (b.days[0]?.subscribers ?? 0) - (a.days[0]?.subscribers ?? 0) || (b.days[0]?.requests ?? 0) - (a.days[0]?.requests ?? 0) || (a.url < b.url ? -1 : 1));

    // Another flush interval, so that the last timed batch is sent (the route would also take it).
    await sleep(FLUSH_SECONDS * 1000 + 1000);
    const res = await fetch(`${WORKER}/stats.json?days=1`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("cache-control"), "private, no-store");
    const body = await res.json();
    assert.deepEqual(body, { feeds: expected });
    const total = expected.reduce((sum, feed) => sum + (feed.days[0]?.requests ?? 0), 0);
    assert.equal(total, FETCHES, "every fetch is counted");

    const batches = Number(res.headers.get("stats-batches-today"));
    const seconds = (Date.now() - started) / 1000;
    const bound = Math.ceil(seconds / FLUSH_SECONDS) + 2;
    assert.ok(batches >= 1 && batches <= bound, `${batches} batches in ${seconds.toFixed(1)} s: at most one per ${FLUSH_SECONDS} s interval (${bound})`);

    // The page opens with the token as a Basic password.
    const page = await fetch(`${WORKER}/stats/`, { headers: { Authorization: `Basic ${Buffer.from(`owner:${TOKEN}`).toString("base64")}` } });
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<svg viewBox="0 0 640 240"/);
    const unauthorized = await fetch(`${WORKER}/stats.json`);
    assert.equal(unauthorized.status, 401);

    console.log(
      `e2e stats: ${FETCHES} fetches in ${((fetched - started) / 1000).toFixed(1)} s (${Math.round(FETCHES / ((fetched - started) / 1000))}/s, ${statuses.get(304)} of them 304s); ` +
        `${batches} batches to the Durable Object (at most ${bound}); subscribers ${expected.map((f) => `${f.url} ${f.days[0]?.subscribers}`).join(", ")}`,
    );
  });
});
