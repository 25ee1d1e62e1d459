/**
 * Issue 22, publishing on schedule, in workerd. content/015_scheduled-launch.md goes live
 * at 2100-01-01T00:00:00Z (`publishDate`) and expires a day later (`expiryDate`); it is
 * the only article of the tag `schedule-only`. The app runs on a fixed clock (the clock
 * `createApp` takes; the worker's is `Date.now`), before, at and after each moment, and
 * the hub's Durable Object on its own fixed clock.
 */
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { content } from "../../src/content/bundled.ts";
import { Catalog } from "../../src/content/catalog.ts";
import { contentAt, epochNow, scheduleData } from "../../src/content/schedule.ts";
import { termPath } from "../../src/feed/urls.ts";
import { capCacheControl, secondsLeft } from "../../src/http/moment.ts";
import { createApp } from "../../src/index.ts";
import type { WebSubHub } from "../../src/websub/hub.ts";
import { tellOtherHubs } from "../../src/websub/moments.ts";
import { hubStub } from "../../src/websub/trigger.ts";
import { ORIGIN } from "./helpers.ts";

const LIVE = Date.UTC(2100, 0, 1);
const GONE = Date.UTC(2100, 0, 2);
const BEFORE = LIVE - 1000;
const SCHEDULED = { title: "A scheduled launch note", slug: "scheduled-launch", tag: "schedule-only" };

/** A response of the app at `time`. */
async function at(time: number, path: string, headers: Record<string, string> = {}) {
  const res = await createApp(undefined, () => time).request(ORIGIN + path, { headers }, env);
  const body = await res.text();
  return { status: res.status, body, etag: res.headers.get("etag"), lastModified: res.headers.get("last-modified"), cache: res.headers.get("cache-control") };
}

type Answer = Awaited<ReturnType<typeof at>>;

/** Responses of the app at each of `times`, in order. */
const atEach = async <const T extends readonly number[]>(times: T, path: string, headers?: Record<string, string>) =>
  (await Promise.all(times.map((t) => at(t, path, headers)))) as { [K in keyof T]: Answer };

/** Whether `body` names the scheduled article in any way: its title, slug or tag (percent-encoded or not). */
const names = (body: string) => [SCHEDULED.title, SCHEDULED.slug, SCHEDULED.tag].some((needle) => body.includes(needle));

/**
 * Every kind of response a reader or crawler gets, whether it names the article while it
 * is live, and whether it changes then at all (counts, dates: `changes`, else as `shows`).
 */
const RESPONSES: { path: string; headers?: Record<string, string>; shows: boolean; changes?: boolean }[] = [
  { path: "/rss.xml", shows: true },
  { path: "/atom.xml", shows: true },
  { path: "/feed.json", shows: true },
  { path: "/rss.xml?limit=1", shows: true },
  { path: "/feed.json?limit=100", shows: true },
  { path: "/rss.xml?filter=scheduled", shows: true },
  { path: "/atom.xml?opencc=s2t", shows: true },
  { path: "/rss.xml", headers: { "Sec-Fetch-Dest": "document" }, shows: true },
  { path: `${termPath("tags", "notes")}rss.xml`, shows: true },
  { path: `${termPath("categories", "notes")}atom.xml`, shows: true },
  { path: `${termPath("authors", "Jane Doe")}feed.json`, shows: true },
  // The newest archive page is still open (4 of 5 articles): the article fills it, as a deployed one would.
  { path: "/archive/3/rss.xml", shows: true },
  // A complete archive page never changes when an article goes live.
  { path: "/archive/1/atom.xml?opencc=s2t", shows: false, changes: false },
  { path: "/archive/2/feed.json", shows: false, changes: false },
  { path: "/tags.json", shows: true },
  { path: "/categories.json", shows: false, changes: true },
  { path: "/authors.json", shows: false, changes: true },
  { path: "/tags/", shows: true },
  { path: "/tags/?opencc=s2t", shows: true },
  { path: "/opml.xml", shows: true },
  { path: "/opml.xml?format=json", shows: true },
  { path: "/", shows: true },
  { path: "/?opencc=s2t", shows: true },
  { path: termPath("tags", "notes"), shows: true },
  { path: "/embed/site", shows: true },
  { path: "/embed/tags/notes", shows: true },
  { path: "/sitemap.xml", shows: false, changes: true },
  { path: "/sitemap-articles-1.xml", shows: true },
  { path: "/sitemap-pages-1.xml", shows: true },
];

describe("what each response shows before, at and after a moment", () => {
  it("the schedule has the two moments, and the versions change exactly at them", () => {
    expect(scheduleData().moments).toEqual([LIVE, GONE]);
    expect(scheduleData().expiries).toEqual([GONE]);
    expect([BEFORE, LIVE - 1, LIVE, GONE - 1, GONE, GONE + 1].map((t) => epochNow(t).epoch)).toEqual([0, 0, 1, 1, 2, 2]);
  });

  it.each(RESPONSES)(
    "$path $headers: nothing before, the article while live, nothing after; the ETag changes at each moment",
    async ({ path, headers, shows, changes = shows }) => {
      const [before, live, late, gone] = await atEach([BEFORE, LIVE, GONE - 1, GONE], path, headers);
      expect([before.status, live.status, gone.status]).toEqual([200, 200, 200]);
      expect(names(before.body)).toBe(false);
      expect(names(gone.body)).toBe(false);
      expect(names(live.body)).toBe(shows);
      expect(late.body).toBe(live.body);
      expect(live.body !== before.body).toBe(changes);
      expect(live.etag !== before.etag).toBe(changes);
      expect(gone.etag !== live.etag).toBe(changes);
      // After it expired, what is live is what was before it went live: the same document.
      expect([gone.etag, gone.body]).toEqual([before.etag, before.body]);
    },
  );

  it("the article's page, its old path, its tag's page, feeds and embed are 404s before and after, there while live", async () => {
    const alias = await atEach([BEFORE, LIVE, GONE], "/notes/launch-note/");
    expect(alias.map((a) => a.status)).toEqual([404, 301, 404]);
    const paths = ["/posts/scheduled-launch/", termPath("tags", SCHEDULED.tag), `${termPath("tags", SCHEDULED.tag)}rss.xml`, `/embed/tags/${SCHEDULED.tag}`];
    for (const path of paths) {
      const statuses = await Promise.all([BEFORE, LIVE, GONE].map(async (t) => (await at(t, path)).status));
      expect([path, statuses]).toEqual([path, [404, 200, 404]]);
    }
    // Its tag's spellings do not redirect before it exists either.
    expect((await at(BEFORE, "/tags/Schedule-Only/rss.xml")).status).toBe(404);
    expect((await at(LIVE, "/tags/Schedule-Only/rss.xml")).status).toBe(301);
  });

  it("Last-Modified and the feed's update time follow the newest live article", async () => {
    const [before, live] = await atEach([BEFORE, LIVE], "/atom.xml");
    expect(new Date(before.lastModified ?? "").getTime()).toBeLessThan(LIVE);
    const updated = (body: string) => /<updated>([^<]+)<\/updated>/.exec(body)?.[1];
    expect(updated(before.body)).not.toBe(updated(live.body));
    expect(new Date(live.lastModified ?? "").toISOString()).toBe("2026-06-20T01:00:00.000Z");
  });

  it("nothing in the script's schedule or version 0's catalog names the article", () => {
    const script = JSON.stringify(scheduleData()) + JSON.stringify(content().data);
    expect(names(script)).toBe(false);
  });
});

describe("304s across a moment", () => {
  it.each(["/rss.xml", "/", "/tags.json", "/sitemap-articles-1.xml"])("%s: the copy from before is current before and stale at the moment", async (path) => {
    const before = await at(BEFORE, path);
    const live = await at(LIVE, path);
    expect((await at(BEFORE + 500, path, { "If-None-Match": before.etag ?? "" })).status).toBe(304);
    expect((await at(LIVE, path, { "If-None-Match": before.etag ?? "" })).status).toBe(200);
    expect((await at(LIVE + 500, path, { "If-None-Match": live.etag ?? "" })).status).toBe(304);
    expect((await at(GONE, path, { "If-None-Match": live.etag ?? "" })).status).toBe(200);
    expect((await at(GONE, path, { "If-None-Match": before.etag ?? "" })).status).toBe(304);
  });
});

describe("cache lifetimes near a moment", () => {
  it.each([
    { time: LIVE - 100_500, path: "/", cache: "public, max-age=100, s-maxage=100, stale-while-revalidate=0" },
    { time: LIVE - 400_000, path: "/", cache: "public, max-age=300, s-maxage=400, stale-while-revalidate=0" },
    { time: LIVE - 10_000_000, path: "/", cache: "public, max-age=300, s-maxage=600, stale-while-revalidate=9400" },
    { time: LIVE - 2 * 86_400_000, path: "/", cache: "public, max-age=300, s-maxage=600, stale-while-revalidate=86400" },
    { time: LIVE - 100_000, path: "/rss.xml", cache: "private, max-age=100" },
    // A complete archive page is cut only to the next expiry: articles going live never change it.
    { time: LIVE - 100_000, path: "/archive/1/rss.xml", cache: "public, max-age=86500" },
    { time: LIVE, path: "/archive/1/rss.xml", cache: "public, max-age=86400" },
    { time: GONE, path: "/archive/1/rss.xml", cache: "public, max-age=31536000, immutable" },
    { time: GONE, path: "/", cache: "public, max-age=300, s-maxage=600, stale-while-revalidate=86400" },
    { time: LIVE - 10_000, path: "/sitemap.xml", cache: "public, max-age=10, s-maxage=10, stale-while-revalidate=0" },
    { time: LIVE - 1, path: "/tags.json", cache: "public, max-age=0, s-maxage=0, stale-while-revalidate=0" },
  ])("$path at $time: $cache", async ({ time, path, cache }) => {
    expect((await at(time, path)).cache).toBe(cache);
  });

  it.each([
    ["public, max-age=300, s-maxage=600, stale-while-revalidate=86400", undefined, "public, max-age=300, s-maxage=600, stale-while-revalidate=86400"],
    ["public, max-age=300, s-maxage=600, stale-while-revalidate=86400", 1000, "public, max-age=300, s-maxage=600, stale-while-revalidate=400"],
    ["public, max-age=300, s-maxage=600, stale-while-revalidate=86400", 0, "public, max-age=0, s-maxage=0, stale-while-revalidate=0"],
    ["public, max-age=31536000, immutable", 5, "public, max-age=5"],
    ["public, max-age=31536000, immutable", 40_000_000, "public, max-age=31536000, immutable"],
    ["private, max-age=300", 299, "private, max-age=299"],
  ] as const)("capCacheControl(%s, %s) = %s", (value, left, capped) => {
    expect(capCacheControl(value, left)).toBe(capped);
  });

  it.each([
    { cache: "public, max-age=300", at: { now: 0, next: 5000 }, left: 5 },
    { cache: "public, max-age=31536000, immutable", at: { now: 0, next: 5000 }, left: undefined },
    { cache: "public, max-age=31536000, immutable", at: { now: 0, next: 5000, nextExpiry: 9000 }, left: 9 },
    { cache: "public, max-age=300", at: { now: 1999, next: 5000, nextExpiry: 9000 }, left: 3 },
    { cache: "public, max-age=300", at: { now: 0 }, left: undefined },
  ])("secondsLeft($at, $cache) = $left", ({ cache, at, left }) => {
    expect(secondsLeft(at, cache)).toBe(left);
  });
});

describe("the WebSub hub at a moment", () => {
  let now = LIVE - 60_000;
  let sent: { url: URL; method: string; headers: Headers; body: string }[] = [];

  beforeEach(async () => {
    sent = [];
    now = LIVE - 60_000;
    vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
      const request = new Request(input as RequestInfo, init);
      const url = new URL(request.url);
      if (!url.hostname.endsWith("sub.example")) throw new Error(`unexpected fetch of ${request.url}`);
      sent.push({ url, method: request.method, headers: request.headers, body: await request.text() });
      return request.method === "GET" ? new Response(url.searchParams.get("hub.challenge")) : new Response(null, { status: 204 });
    });
    await runInDurableObject(hubStub(env), async (hub: WebSubHub, state) => {
      for (const table of ["deliveries", "subscriptions", "verifications", "topics"]) state.storage.sql.exec(`DELETE FROM ${table}`);
      await state.storage.deleteAlarm();
      hub.clock = () => now;
      hub.catalog = content;
    });
  });

  afterEach(() => {
    vi.restoreAllMocks();
  });

  const deliveries = () => sent.filter((s) => s.method === "POST");

  it("a subscriber gets one signed delivery at the moment the article goes live, none before, one when it expires", async () => {
    const form = { "hub.mode": "subscribe", "hub.topic": `${ORIGIN}/rss.xml`, "hub.callback": "https://s.sub.example/cb", "hub.secret": "a secret" };
    const res = await createApp(undefined, () => now).request(`${ORIGIN}/websub`, { method: "POST", body: new URLSearchParams(form) }, env);
    expect(res.status).toBe(202);
    expect(await runDurableObjectAlarm(hubStub(env))).toBe(true);
    expect(sent.map((s) => s.method)).toEqual(["GET"]);
    // The hub's next alarm is the moment itself.
    expect(await runInDurableObject(hubStub(env), (_hub: WebSubHub, state) => state.storage.getAlarm())).toBe(LIVE);
    now = LIVE - 1;
    await runDurableObjectAlarm(hubStub(env));
    expect(deliveries()).toEqual([]);
    now = LIVE;
    expect(await runDurableObjectAlarm(hubStub(env))).toBe(true);
    expect(deliveries().length).toBe(1);
    const delivered = deliveries()[0];
    expect(delivered?.body).toContain(SCHEDULED.title);
    expect(delivered?.headers.get("x-hub-signature")).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(delivered?.body).toBe((await at(LIVE, "/rss.xml")).body);
    now = LIVE + 30_000;
    await runDurableObjectAlarm(hubStub(env));
    expect(deliveries().length).toBe(1);
    expect(await runInDurableObject(hubStub(env), (_hub: WebSubHub, state) => state.storage.getAlarm())).toBe(GONE);
    now = GONE;
    await runDurableObjectAlarm(hubStub(env));
    expect(deliveries().length).toBe(2);
    expect(names(deliveries()[1]?.body ?? "")).toBe(false);
  });

  it("other hubs (WEBSUB_HUBS) are told once per moment of every default feed that changed at it", async () => {
    const at = await contentAt(LIVE, env.ASSETS);
    const settings = { ...at.catalog.settings, url: ORIGIN, websubHubs: ["https://hub.sub.example/"] };
    const told = { ...at, catalog: new Catalog({ ...at.catalog.data, settings }, at.catalog.arrays) };
    await runInDurableObject(hubStub(env), async (_hub: WebSubHub, state) => {
      await state.storage.delete("websub:moment-told");
      const pinged = await tellOtherHubs(state.storage, told, 40);
      const topics = sent.filter((s) => s.url.hostname === "hub.sub.example").map((s) => new URLSearchParams(s.body).get("hub.url"));
      expect(pinged).toBe(2 + topics.length);
      // The site's feeds, and those of every scope the article is in (its own new tag's included), in three formats.
      for (const path of ["/rss.xml", "/atom.xml", "/feed.json", `${termPath("tags", "notes")}rss.xml`, `${termPath("tags", SCHEDULED.tag)}feed.json`])
        expect(topics).toContain(ORIGIN + path);
      expect(topics).not.toContain(`${ORIGIN}${termPath("tags", "rss")}rss.xml`);
      expect(new Set(topics).size).toBe(topics.length);
      expect(await tellOtherHubs(state.storage, told, 40)).toBe(0);
    });
  });
});
