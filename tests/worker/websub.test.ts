/**
 * Issue 14, the built-in WebSub hub in workerd: its Durable Object (SQLite, alarms) and
 * the `/websub` route of the real worker, with every callback answered by a mock of
 * `fetch` (the object runs in the tests' isolate, so a global mock reaches it, as the
 * vitest plugin documents). The hub's clock is fixed far ahead: an alarm it sets then
 * never fires on its own, and each test runs it with `runDurableObjectAlarm`.
 */
import { createExecutionContext, evictDurableObject, runDurableObjectAlarm, runInDurableObject, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { content } from "../../src/content/bundled.ts";
import { Catalog } from "../../src/content/catalog.ts";
import { WINDOW } from "../../src/content/layout.ts";
import { feedTag } from "../../src/feed/documents.ts";
import worker, { createApp } from "../../src/index.ts";
import type { WebSubHub } from "../../src/websub/hub.ts";
import { hubPolicy } from "../../src/websub/policy.ts";
import { callbackHost } from "../../src/websub/request.ts";
import { HubStore } from "../../src/websub/store.ts";
import { resolveTopic } from "../../src/websub/topic.ts";
import { hubStub } from "../../src/websub/trigger.ts";
import { contentIndex, get, ORIGIN } from "./helpers.ts";

const HUB = `${ORIGIN}/websub`;
const POLICY = hubPolicy(env);
const T0 = Date.UTC(2100, 0, 1);
let now = T0;
/** The content the hub works from: the bundled index, or a later version a test makes (`editing`). */
let version: Catalog = content();
const stub = () => hubStub(env);

/** A request the hub sent to a callback. */
interface Sent {
  method: string;
  url: URL;
  headers: Headers;
  body: Uint8Array;
}
let sent: Sent[] = [];
/** How each callback (by path) answers; the default confirms verifications and accepts deliveries. */
let answers = new Map<string, (request: Sent, n: number) => Response | Promise<Response>>();
const confirm = (request: Sent) => (request.method === "GET" ? new Response(request.url.searchParams.get("hub.challenge")) : new Response(null, { status: 204 }));

beforeEach(async () => {
  sent = [];
  answers = new Map();
  now = T0;
  version = content();
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const request = new Request(input as RequestInfo, init);
    const url = new URL(request.url);
    // Subscribers' hosts, and loopback names for the callback identity tests (issue 21).
    if (!url.hostname.endsWith("sub.example") && !["127.0.0.1", "localhost", "localhost."].includes(url.hostname)) throw new Error(`unexpected fetch of ${request.url}`);
    const record: Sent = { method: request.method, url, headers: request.headers, body: new Uint8Array(await request.arrayBuffer()) };
    sent.push(record);
    const answer = answers.get(url.pathname) ?? confirm;
    return answer(record, sent.filter((s) => s.url.pathname === url.pathname && s.method === record.method).length);
  });
  await runInDurableObject(stub(), async (hub: WebSubHub, state) => {
    for (const table of ["deliveries", "subscriptions", "verifications", "topics"]) state.storage.sql.exec(`DELETE FROM ${table}`);
    await state.storage.deleteAlarm();
    hub.clock = () => now;
    hub.catalog = () => version;
  });
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** A POST to the hub: a form, or any other body. */
function post(form: Record<string, string> | URLSearchParams | string, contentType = "application/x-www-form-urlencoded"): Promise<Response> {
  const body = typeof form === "string" || form instanceof URLSearchParams ? form : new URLSearchParams(form);
  return get("/websub", { method: "POST", headers: { "Content-Type": contentType }, body });
}

/** Every row of a hub table, in insertion order, without row ids (which the tables never reuse). */
function rows(table: "topics" | "subscriptions" | "verifications" | "deliveries"): Promise<Record<string, unknown>[]> {
  return runInDurableObject(stub(), (_hub: WebSubHub, state) =>
    state.storage.sql
      .exec(`SELECT * FROM ${table} ORDER BY rowid`)
      .toArray()
      .map(({ id: _id, ...row }) => row),
  );
}

/** Runs the hub's alarm now (at the hub's clock); false when none was set. */
const alarm = () => runDurableObjectAlarm(stub());

/** Subscribes `callback` to `topic` and lets the hub verify it; the subscription's row. */
async function subscribe(topic: string, callback: string, extra: Record<string, string> = {}): Promise<Record<string, unknown>> {
  const res = await post({ "hub.mode": "subscribe", "hub.topic": topic, "hub.callback": callback, ...extra });
  expect([res.status, await res.text()]).toEqual([202, `Accepted: the hub will now verify this request with a GET to ${callback} (WebSub 5.3).`]);
  expect(await alarm()).toBe(true);
  const row = (await rows("subscriptions")).find((r) => r.callback === callback && r.topic === topic);
  if (!row) throw new Error(`${callback} is not subscribed to ${topic}`);
  return row;
}

/** As after a deploy whose content changed `topics`: their stored tags are old, and the hub is a fresh instance. */
async function newVersionChanging(...topics: string[]): Promise<void> {
  await runInDurableObject(stub(), (_hub: WebSubHub, state) => {
    for (const topic of topics) state.storage.sql.exec("UPDATE topics SET tag = 'an older version' WHERE url = ?", topic);
  });
  await restart();
}

/** Evicts the hub's instance (as a deploy or an idle period does) and gives the new one the test clock and content. */
async function restart(): Promise<void> {
  await evictDurableObject(stub()).catch(() => {});
  await runInDurableObject(stub(), (hub: WebSubHub) => {
    hub.clock = () => now;
    hub.catalog = () => version;
  });
}

/**
 * The next version of `base`: the articles at `positions` (0 = newest) edited, as a
 * deploy with new text for them makes it. Their content hashes change; everything else
 * (metadata, assets) is as built, so a document's bytes are still what a GET serves.
 */
function editing(base: Catalog, ...positions: number[]): Catalog {
  const hashes = base.arrays.hashes.slice();
  for (const position of positions) hashes[2 * position] = ((hashes[2 * position] as number) + 1) >>> 0;
  return new Catalog(base.data, { ...base.arrays, hashes });
}

/** As after a deploy of `next`: the hub is a fresh instance working from it. */
async function deploy(next: Catalog): Promise<void> {
  version = next;
  await restart();
}

/** The HMAC-SHA256 of `body` under `secret`, computed here, apart from the hub's code. */
async function hmac(secret: string, body: Uint8Array): Promise<string> {
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return [...new Uint8Array(await crypto.subtle.sign("HMAC", key, body))].map((b) => b.toString(16).padStart(2, "0")).join("");
}

const deliveriesTo = (path: string) => sent.filter((s) => s.method === "POST" && s.url.pathname === path);

describe("discovery on every feed", () => {
  it("every feed response names the hub and its own canonical URL in Link, and the document says the same", async () => {
    const feeds = [
      "/rss.xml",
      "/atom.xml",
      "/feed.json",
      "/rss.xml?limit=5",
      "/tags/rss/atom.xml",
      "/categories/tech/feed.json?limit=1",
      "/tags/%E5%8D%97%E5%BC%80%E5%A4%A7%E5%AD%A6/rss.xml",
      "/feed.json?filterout=%E5%8D%97%E5%BC%80",
      "/tags/rss/atom.xml?filter=RSS&limit=5",
    ];
    for (const path of feeds) {
      const res = await get(path);
      const body = await res.text();
      const self = `${ORIGIN}${path}`;
      expect(res.headers.get("link"), path).toBe(`<${HUB}>; rel="hub", <${self}>; rel="self"`);
      if (path.includes(".json")) {
        const doc = JSON.parse(body) as { hubs: unknown; feed_url: string };
        expect([doc.hubs, doc.feed_url]).toEqual([[{ type: "WebSub", url: HUB }], self]);
      } else {
        const links = [...body.matchAll(/<(?:atom:)?link ([^>]*)\/>/g)].map((m) => m[1] ?? "");
        const attr = (link: string, name: string) => new RegExp(`${name}="([^"]*)"`).exec(link)?.[1]?.replaceAll("&amp;", "&");
        expect(
          links.filter((l) => attr(l, "rel") === "hub").map((l) => attr(l, "href")),
          path,
        ).toEqual([HUB]);
        expect(
          links.filter((l) => attr(l, "rel") === "self").map((l) => attr(l, "href")),
          path,
        ).toEqual([self]);
      }
      const revalidated = await get(path, { headers: { "If-None-Match": res.headers.get("etag") ?? "" } });
      expect([revalidated.status, revalidated.headers.get("link")]).toEqual([304, res.headers.get("link")]);
    }
  });

  it("GET /websub says what the hub is; other methods than GET, HEAD and POST are 405 there, and POST stays 405 elsewhere", async () => {
    const res = await get("/websub");
    expect([res.status, res.headers.get("content-type")]).toEqual([200, "text/plain; charset=UTF-8"]);
    expect(await res.text()).toContain(`POST a form\n(Content-Type: application/x-www-form-urlencoded) to ${HUB} with`);
    const put = await get("/websub", { method: "PUT" });
    expect([put.status, put.headers.get("allow"), await put.text()]).toEqual([405, "GET, HEAD, POST, OPTIONS", "Method PUT not allowed: use GET, HEAD or POST."]);
    const elsewhere = await get("/rss.xml", { method: "POST" });
    expect([elsewhere.status, elsewhere.headers.get("allow")]).toEqual([405, "GET, HEAD, OPTIONS"]);
  });

  it("without the hub's binding, /websub does not exist and feeds are served as before", async () => {
    const app = createApp();
    const off = { ...env, WEBSUB: undefined } as unknown as Cloudflare.Env;
    expect((await app.request(`${ORIGIN}/websub`, {}, off)).status).toBe(404);
    const form = { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: "hub.mode=subscribe" };
    expect((await app.request(`${ORIGIN}/websub`, form, off)).status).toBe(404);
    expect((await app.request(`${ORIGIN}/rss.xml`, {}, off)).status).toBe(200);
  });
});

describe("subscribing", () => {
  it("202, then a verification GET to the callback (its query kept); active only once the challenge is echoed; the topic starts at the feed's current version", async () => {
    const topic = `${ORIGIN}/tags/rss/rss.xml`;
    const callback = "https://a.sub.example/cb?user=7&hub.mode=mine";
    const res = await post({ "hub.mode": "subscribe", "hub.topic": topic, "hub.callback": callback, "hub.secret": "s3cret", "unknown.param": "ignored" });
    expect(res.status).toBe(202);
    expect(sent).toEqual([]);
    expect(await rows("subscriptions")).toEqual([]);
    expect((await rows("verifications")).length).toBe(1);

    expect(await alarm()).toBe(true);
    const [verification] = sent;
    expect(verification?.method).toBe("GET");
    const params = [...(verification?.url.searchParams ?? [])];
    expect(params.map(([name]) => name)).toEqual(["user", "hub.mode", "hub.mode", "hub.topic", "hub.challenge", "hub.lease_seconds"]);
    expect(params.slice(0, 4)).toEqual([
      ["user", "7"],
      ["hub.mode", "mine"],
      ["hub.mode", "subscribe"],
      ["hub.topic", topic],
    ]);
    expect(verification?.url.searchParams.get("hub.challenge")).toMatch(/^[0-9a-f]{32}$/);
    expect(verification?.url.searchParams.get("hub.lease_seconds")).toBe(String(POLICY.leaseDefault));

    expect(await rows("verifications")).toEqual([]);
    expect(await rows("subscriptions")).toEqual([
      { topic, callback, host: "a.sub.example", secret: "s3cret", lease_seconds: POLICY.leaseDefault, expires_at: T0 + POLICY.leaseDefault * 1000 },
    ]);
    const etag = (await get("/tags/rss/rss.xml")).headers.get("etag");
    expect(await rows("topics")).toEqual([
      { url: topic, origin: ORIGIN, kind: "tags", key: "rss", format: "rss", query: "", tag: etag?.slice(1, -1), window_tag: "", unchecked: 0 },
    ]);
    // Nothing is delivered for the version the subscriber could already read.
    await restart();
    expect(await stub().sync()).toBe(0);
    expect(await alarm()).toBe(false);
  });

  it.each([
    ["absent", undefined, POLICY.leaseDefault],
    ["below the minimum", "60", POLICY.leaseMin],
    ["within the bounds", "7200", 7200],
    ["above the maximum", "999999999", POLICY.leaseMax],
  ])("a lease %s is granted as %s -> %i seconds", async (_name, asked, granted) => {
    const extra: Record<string, string> = asked === undefined ? {} : { "hub.lease_seconds": asked };
    const row = await subscribe(`${ORIGIN}/rss.xml`, "https://b.sub.example/lease", extra);
    expect(sent[0]?.url.searchParams.get("hub.lease_seconds")).toBe(String(granted));
    expect([row.lease_seconds, row.expires_at]).toEqual([granted, T0 + granted * 1000]);
  });

  it("a renewal replaces the lease and the secret of the one subscription; a renewal that fails verification leaves it as it was", async () => {
    const topic = `${ORIGIN}/atom.xml`;
    const callback = "https://c.sub.example/renew";
    await subscribe(topic, callback, { "hub.secret": "first", "hub.lease_seconds": "7200" });
    now = T0 + 1000;
    await subscribe(topic, callback, { "hub.lease_seconds": "9000" });
    expect(await rows("subscriptions")).toEqual([{ topic, callback, host: "c.sub.example", secret: null, lease_seconds: 9000, expires_at: T0 + 1000 + 9_000_000 }]);
    answers.set("/renew", () => new Response("not mine", { status: 404 }));
    await post({ "hub.mode": "subscribe", "hub.topic": topic, "hub.callback": callback, "hub.secret": "other", "hub.lease_seconds": "3600" });
    expect(await alarm()).toBe(true);
    expect(await rows("subscriptions")).toEqual([{ topic, callback, host: "c.sub.example", secret: null, lease_seconds: 9000, expires_at: T0 + 1000 + 9_000_000 }]);
  });

  it.each([
    ["404 Not Found", () => new Response("no", { status: 404 })],
    ["500", () => new Response("oops", { status: 500 })],
    ["a 2xx with another body", () => new Response("something else")],
    ["a 2xx with the challenge and more", (s: Sent) => new Response(`${s.url.searchParams.get("hub.challenge")}\n`)],
    ["a redirect", (s: Sent) => new Response(s.url.searchParams.get("hub.challenge"), { status: 302, headers: { Location: "https://elsewhere.sub.example/" } })],
    ["a network error", () => Promise.reject(new Error("connection refused"))],
  ])("a verification answered with %s stores nothing", async (_name, answer) => {
    answers.set("/refuses", answer);
    const res = await post({ "hub.mode": "subscribe", "hub.topic": `${ORIGIN}/feed.json`, "hub.callback": "https://d.sub.example/refuses", "hub.secret": "x" });
    expect(res.status).toBe(202);
    expect(await alarm()).toBe(true);
    expect(sent.map((s) => s.method)).toEqual(["GET"]);
    for (const table of ["topics", "subscriptions", "verifications", "deliveries"] as const) expect([table, await rows(table)]).toEqual([table, []]);
    expect(await alarm()).toBe(false);
  });

  it.each([
    ["/tags/RSS/rss", "/tags/rss/rss.xml"],
    ["/rss.xml?limit=20", "/rss.xml"],
    ["/r%73s.xml", "/rss.xml"],
    ["/tags/TypeScript/atom.xml?limit=05", "/tags/typescript/atom.xml?limit=5"],
    ["/categories/Tech/json#fragment", "/categories/tech/feed.json"],
    ["/rss.xml?filterout=b&filter=a", "/rss.xml?filter=a&filterout=b"],
    ["/tags/RSS/rss?filter=%EF%BC%A1&limit=05", "/tags/rss/rss.xml?filter=A&limit=5"],
  ])("a topic that redirects to a feed (%s) is that feed, %s; the verification echoes the topic as sent", async (given, canonical) => {
    const res = await post({ "hub.mode": "subscribe", "hub.topic": `${ORIGIN}${given}`, "hub.callback": "https://e.sub.example/alias" });
    expect(res.status).toBe(202);
    await alarm();
    expect(sent[0]?.url.searchParams.get("hub.topic")).toBe(`${ORIGIN}${given}`);
    expect((await rows("subscriptions")).map((r) => r.topic)).toEqual([`${ORIGIN}${canonical}`]);
  });
});

describe("bad requests: a 4xx with the reason, nothing stored, no callback contacted", () => {
  const form = (fields: Record<string, string>) => ({
    "hub.mode": "subscribe",
    "hub.topic": `${ORIGIN}/rss.xml`,
    "hub.callback": "https://f.sub.example/cb",
    ...fields,
  });
  const without = (name: string) => Object.fromEntries(Object.entries(form({})).filter(([k]) => k !== name));
  const cases: [string, () => Promise<Response>, number, string][] = [
    ["hub.mode missing", () => post(without("hub.mode")), 400, "Bad subscription request: hub.mode is required (WebSub 5.1)."],
    ["hub.topic missing", () => post(without("hub.topic")), 400, "Bad subscription request: hub.topic is required (WebSub 5.1)."],
    ["hub.callback missing", () => post(without("hub.callback")), 400, "Bad subscription request: hub.callback is required (WebSub 5.1)."],
    ["hub.callback empty", () => post(form({ "hub.callback": "" })), 400, "Bad subscription request: hub.callback is required (WebSub 5.1)."],
    [
      "every field missing",
      () => post({}),
      400,
      "Bad subscription request: hub.mode is required (WebSub 5.1); hub.topic is required (WebSub 5.1); hub.callback is required (WebSub 5.1).",
    ],
    ...["ftp://f.sub.example/cb", "/relative/cb", "javascript:alert(1)", "mailto:a@f.sub.example"].map((callback): [string, () => Promise<Response>, number, string] => [
      `hub.callback ${callback}`,
      () => post(form({ "hub.callback": callback })),
      400,
      "Bad subscription request: hub.callback must be an absolute http or https URL of at most 2048 characters (WebSub 5.1.1).",
    ]),
    [
      "hub.secret of 200 bytes",
      () => post(form({ "hub.secret": "s".repeat(200) })),
      400,
      "Bad subscription request: hub.secret must be less than 200 bytes (WebSub 5.1); this one is 200.",
    ],
    [
      "hub.secret of 67 CJK characters (201 bytes)",
      () => post(form({ "hub.secret": "密".repeat(67) })),
      400,
      "Bad subscription request: hub.secret must be less than 200 bytes (WebSub 5.1); this one is 201.",
    ],
    [
      "hub.mode publish",
      () => post(form({ "hub.mode": "publish" })),
      400,
      'Bad subscription request: hub.mode must be "subscribe" or "unsubscribe" (WebSub 5.1): this hub notices new content by itself, publishers need not ping it.',
    ],
    ["hub.mode Subscribe", () => post(form({ "hub.mode": "Subscribe" })), 400, 'Bad subscription request: hub.mode must be "subscribe" or "unsubscribe" (WebSub 5.1).'],
    // Issue 21: what the client sent is never echoed, however long or whatever it holds.
    [
      "hub.mode markup, controls and 10,000 characters",
      () => post(form({ "hub.mode": `<script>alert(1)</script>\u0000\u000C]]>${"x".repeat(10_000)}` })),
      400,
      'Bad subscription request: hub.mode must be "subscribe" or "unsubscribe" (WebSub 5.1).',
    ],
    [
      "hub.topic twice",
      () => post(new URLSearchParams([...Object.entries(form({})), ["hub.topic", `${ORIGIN}/atom.xml`]])),
      400,
      "Bad subscription request: hub.topic is given 2 times: give it once.",
    ],
    ...["0", "-5", "1e3", "ten", "3600.5"].map((lease): [string, () => Promise<Response>, number, string] => [
      `hub.lease_seconds ${lease}`,
      () => post(form({ "hub.lease_seconds": lease })),
      400,
      "Bad subscription request: hub.lease_seconds must be a positive whole number of seconds (WebSub 5.1).",
    ]),
    [
      "a JSON body",
      () => post(JSON.stringify(form({})), "application/json"),
      415,
      "A subscription request is a form: Content-Type must be application/x-www-form-urlencoded (WebSub 5.1).",
    ],
    ["a body over 16 KiB", () => post(form({ padding: "x".repeat(17_000) })), 413, "Subscription requests are at most 16384 bytes."],
    [
      "a topic on another site",
      () => post(form({ "hub.topic": "https://elsewhere.example/rss.xml" })),
      400,
      `hub.topic https://elsewhere.example/rss.xml is not on this site: this hub serves only ${ORIGIN}'s own feeds (every feed is listed at ${ORIGIN}/opml.xml).`,
    ],
    ["a topic that is not a URL", () => post(form({ "hub.topic": "rss.xml" })), 400, "hub.topic must be an absolute http(s) URL."],
    [
      "a page, not a feed",
      () => post(form({ "hub.topic": `${ORIGIN}/tags/rss/` })),
      400,
      `hub.topic ${ORIGIN}/tags/rss/ is not a feed of this site: topics are feed URLs such as ${ORIGIN}/rss.xml (every feed is listed at ${ORIGIN}/opml.xml).`,
    ],
    [
      "a tag no article has",
      () => post(form({ "hub.topic": `${ORIGIN}/tags/no-such-tag/rss.xml` })),
      404,
      `hub.topic ${ORIGIN}/tags/no-such-tag/rss.xml: no article has this tag, so there is no such feed.`,
    ],
    [
      "a feed's browser view",
      () => post(form({ "hub.topic": `${ORIGIN}/rss.xml?view=html` })),
      400,
      `hub.topic must be the canonical URL of a feed, as its rel=self link says: this query is not part of it (subscribe to ${ORIGIN}/rss.xml).`,
    ],
    [
      "a limit out of range",
      () => post(form({ "hub.topic": `${ORIGIN}/rss.xml?limit=101` })),
      400,
      "hub.topic must be the canonical URL of a feed, as its rel=self link says: limit must be a whole number from 1 to 100 (default 20), given at most once, e.g. ?limit=10.",
    ],
    [
      "unsubscribing what was never subscribed",
      () => post(form({ "hub.mode": "unsubscribe" })),
      404,
      `Not subscribed: https://f.sub.example/cb has no subscription to ${ORIGIN}/rss.xml here.`,
    ],
  ];

  it.each(cases)("%s -> %i", async (_name, send, status, reason) => {
    const res = await send();
    expect([res.status, res.headers.get("content-type"), res.headers.get("x-content-type-options"), await res.text()]).toEqual([
      status,
      "text/plain; charset=UTF-8",
      "nosniff",
      reason,
    ]);
    expect(await alarm()).toBe(false);
    expect(sent).toEqual([]);
    for (const table of ["topics", "subscriptions", "verifications", "deliveries"] as const) expect([table, await rows(table)]).toEqual([table, []]);
  });

  it.each([
    "?filter=",
    "?filter=a||b",
    "?filter_case_sensitive=yes",
    "?filter_time=1h",
    "?filter=a&filter=b",
    "?filter=a&limit=101",
    // Issue 21: characters XML forbids, refused by the hub as by the feed.
    "?filter=a%03b",
    "?filter_category=a%EF%BF%BEb",
    "?filter=a&filterout_author=a%0Cb",
  ])("a filtered feed the feed route refuses (%s) -> 400 with the route's own message", async (search) => {
    const route = await get(`/rss.xml${search}`);
    expect(route.status).toBe(400);
    const res = await post(form({ "hub.topic": `${ORIGIN}/rss.xml${search}` }));
    expect([res.status, await res.text()]).toEqual([400, `hub.topic must be the canonical URL of a feed, as its rel=self link says: ${await route.text()}.`]);
    expect(await alarm()).toBe(false);
    expect(sent).toEqual([]);
  });

  it("a feed filtered by time -> 400: it changes as time passes, not on a deploy, so there is nothing to push; subscribe without filter_time", async () => {
    const topic = `${ORIGIN}/tags/rss/rss.xml?filter_time=86400&filter=RSS`;
    const res = await post(form({ "hub.topic": topic }));
    expect([res.status, await res.text()]).toEqual([
      400,
      `hub.topic ${topic} is filtered by time (filter_time), so it cannot be a topic: what such a feed holds changes as time passes, not when content is deployed, so the hub has nothing to push. Subscribe without filter_time: ${ORIGIN}/tags/rss/rss.xml?filter=RSS`,
    ]);
    expect(await alarm()).toBe(false);
    for (const table of ["topics", "verifications"] as const) expect([table, await rows(table)]).toEqual([table, []]);
  });

  it("a secret of 199 bytes is accepted", async () => {
    expect((await subscribe(`${ORIGIN}/rss.xml`, "https://f.sub.example/cb", { "hub.secret": "s".repeat(199) })).secret).toBe("s".repeat(199));
  });
});

/**
 * `n` active subscriptions, stored as the hub stores verified ones, until `expiresAt`;
 * `host` is the host the store keeps for a callback (this version's by default).
 */
async function seed(
  n: number,
  topicOf: (i: number) => string,
  callbackOf: (i: number) => string,
  { expiresAt = T0 + 3_600_000, host = callbackHost }: { expiresAt?: number; host?: (callback: string) => string } = {},
): Promise<void> {
  await runInDurableObject(stub(), (_hub: WebSubHub, state) => {
    const store = new HubStore(state.storage.sql);
    for (let i = 0; i < n; i++) {
      const resolved = resolveTopic(topicOf(i), ORIGIN, content());
      if (!resolved.ok) throw new Error(resolved.reason);
      const callback = callbackOf(i);
      const v = {
        id: 0,
        mode: "subscribe" as const,
        topic: resolved.topic,
        requested: topicOf(i),
        callback,
        host: host(callback),
        secret: null,
        leaseSeconds: 3600,
      };
      store.activate(v, "tag", expiresAt);
    }
  });
}

describe("limits", () => {
  it(`a topic with ${POLICY.maxPerTopic} subscriptions takes no other (429), but renewals still pass; expired ones do not count`, async () => {
    const topic = `${ORIGIN}/rss.xml`;
    await seed(
      POLICY.maxPerTopic,
      () => topic,
      (i) => `https://s${i}.sub.example/cb`,
    );
    const res = await post({ "hub.mode": "subscribe", "hub.topic": topic, "hub.callback": "https://one-more.sub.example/cb" });
    expect([res.status, await res.text()]).toEqual([429, `Too many subscriptions: ${topic} has the most this hub takes (${POLICY.maxPerTopic}). Try again later.`]);
    expect(await rows("verifications")).toEqual([]);
    expect((await post({ "hub.mode": "subscribe", "hub.topic": topic, "hub.callback": "https://s0.sub.example/cb" })).status).toBe(202);
    now = T0 + 3_600_000;
    expect((await post({ "hub.mode": "subscribe", "hub.topic": topic, "hub.callback": "https://one-more.sub.example/cb" })).status).toBe(202);
  });

  it(`callbacks on one host hold at most ${POLICY.maxPerHost} subscriptions (429), counting those being verified`, async () => {
    const topics = [`${ORIGIN}/rss.xml`, `${ORIGIN}/atom.xml`, `${ORIGIN}/feed.json`];
    await seed(
      POLICY.maxPerHost - 1,
      (i) => topics[i % 3] as string,
      (i) => `https://busy.sub.example/${i}`,
    );
    expect((await post({ "hub.mode": "subscribe", "hub.topic": `${ORIGIN}/tags/rss/rss.xml`, "hub.callback": "https://busy.sub.example/last" })).status).toBe(202);
    const res = await post({ "hub.mode": "subscribe", "hub.topic": `${ORIGIN}/tags/rss/atom.xml`, "hub.callback": "https://busy.sub.example/over" });
    expect([res.status, await res.text()]).toEqual([
      429,
      `Too many subscriptions: callbacks on busy.sub.example have the most this hub takes (${POLICY.maxPerHost}). Try again later.`,
    ]);
    expect((await post({ "hub.mode": "subscribe", "hub.topic": `${ORIGIN}/rss.xml`, "hub.callback": "https://other.sub.example/cb" })).status).toBe(202);
  });

  it.each([
    ["localhost", ["http://localhost./over", "http://LOCALHOST/over", "http://localhost../over"]],
    ["127.0.0.1", ["http://0x7f000001/over", "http://127.1/over", "http://127.0.0.1./over"]],
  ])("the per-host limit counts every spelling of %s as one host (issue 21)", async (host, others) => {
    const topics = [`${ORIGIN}/rss.xml`, `${ORIGIN}/atom.xml`, `${ORIGIN}/feed.json`];
    await seed(
      POLICY.maxPerHost,
      (i) => topics[i % 3] as string,
      (i) => `http://${host}/${i}`,
    );
    for (const callback of others) {
      const res = await post({ "hub.mode": "subscribe", "hub.topic": `${ORIGIN}/tags/rss/rss.xml`, "hub.callback": callback });
      expect([callback, res.status, res.headers.get("x-content-type-options"), await res.text()]).toEqual([
        callback,
        429,
        "nosniff",
        `Too many subscriptions: callbacks on ${host} have the most this hub takes (${POLICY.maxPerHost}). Try again later.`,
      ]);
    }
    expect(await rows("verifications")).toEqual([]);
  });
});

describe("callback identity (issue 21)", () => {
  it.each([
    ["https://j.sub.example/cb", ["HTTPS://J.SUB.EXAMPLE/cb", " https://j.sub.example/cb", "https://j.sub.example:443/%63b", "https://j.sub.example/cb#fragment"]],
    // Unreserved characters decoded (WebSub 5.1.1), reserved ones kept escaped.
    ["http://127.0.0.1/cb?x=A&y=%26", ["http://0x7f000001/cb?x=%41&y=%26", "http://127.1/cb?x=A&y=%26", "http://127.0.0.1./cb?x=%41&y=%26", "HTTP://0177.0.0.1/%63b?x=A&y=%26"]],
  ])("spellings of %s are one subscription, called at that URL, and unsubscribed by any of them", async (normal, spellings) => {
    const topic = `${ORIGIN}/rss.xml`;
    for (const callback of [normal, ...spellings]) {
      const res = await post({ "hub.mode": "subscribe", "hub.topic": topic, "hub.callback": callback });
      expect([callback, res.status, await res.text()]).toEqual([callback, 202, `Accepted: the hub will now verify this request with a GET to ${normal} (WebSub 5.3).`]);
      expect(await alarm()).toBe(true);
      expect((await rows("subscriptions")).map((r) => [r.callback, r.host])).toEqual([[normal, new URL(normal).hostname]]);
    }
    // Every verification went to the one URL, the callback's own query kept.
    const called = sent.map((s) => {
      const url = new URL(s.url);
      for (const name of ["hub.mode", "hub.topic", "hub.challenge", "hub.lease_seconds"]) url.searchParams.delete(name);
      return url.href.replace(/\?$/, "");
    });
    expect(new Set(called)).toEqual(new Set([new URL(normal).href]));
    await newVersionChanging(topic);
    expect(await stub().sync()).toBe(1);
    sent = [];
    await alarm();
    expect(sent.map((s) => [s.method, s.url.href])).toEqual([["POST", normal]]);
    const res = await post({ "hub.mode": "unsubscribe", "hub.topic": topic, "hub.callback": spellings.at(-1) as string });
    expect(res.status).toBe(202);
    await alarm();
    expect(await rows("subscriptions")).toEqual([]);
  });

  it("rows a version before this one stored (the callback as sent, the host with its dot) are rewritten once: one row per callback, the longest lease kept, each delivered once", async () => {
    const [rss, atom] = [`${ORIGIN}/rss.xml`, `${ORIGIN}/atom.xml`];
    const asSent = (callback: string) => new URL(callback).hostname;
    await seed(
      1,
      () => rss,
      () => "HTTP://K.SUB.EXAMPLE/cb",
      { expiresAt: T0 + 2 * 3_600_000, host: asSent },
    );
    await seed(
      1,
      () => rss,
      () => "http://k.sub.example/%63b",
      { expiresAt: T0 + 5 * 3_600_000, host: asSent },
    );
    await seed(
      1,
      () => rss,
      () => "http://localhost./cb",
      { host: asSent },
    );
    await seed(
      1,
      () => atom,
      () => "http://k.sub.example/cb",
      { host: asSent },
    );
    await runInDurableObject(stub(), (_hub: WebSubHub, state) => {
      // The shorter lease has a delivery pending; two verification requests wait for one endpoint.
      state.storage.sql.exec(
        "INSERT INTO deliveries (subscription, tag, attempts, next_at) SELECT id, 'owed', 1, ? FROM subscriptions WHERE callback = 'HTTP://K.SUB.EXAMPLE/cb'",
        T0 + 3_600_000 * 9,
      );
      for (const callback of ["http://0x7f000001/v", "http://127.1/v"]) {
        state.storage.sql.exec(
          "INSERT INTO verifications (mode, topic, origin, kind, key, format, query, requested, callback, host, secret, lease_seconds) VALUES ('subscribe', ?, ?, 'site', '', 'rss', '', ?, ?, '127.0.0.1', NULL, 3600)",
          rss,
          ORIGIN,
          rss,
          callback,
        );
      }
      state.storage.sql.exec("DELETE FROM migrations");
    });
    await restart();
    expect((await rows("subscriptions")).map((r) => [r.topic, r.callback, r.host, r.expires_at])).toEqual([
      [rss, "http://k.sub.example/cb", "k.sub.example", T0 + 5 * 3_600_000],
      [rss, "http://localhost./cb", "localhost", T0 + 3_600_000],
      [atom, "http://k.sub.example/cb", "k.sub.example", T0 + 3_600_000],
    ]);
    expect(await rows("deliveries")).toEqual([]);
    expect((await rows("verifications")).map((r) => [r.callback, r.host])).toEqual([["http://127.0.0.1/v", "127.0.0.1"]]);
    // Made once: a row written afterwards as the old version wrote it stays as it is.
    await seed(
      1,
      () => atom,
      () => "HTTP://L.SUB.EXAMPLE/x",
      { host: asSent },
    );
    await restart();
    expect((await rows("subscriptions")).map((r) => r.callback)).toContain("HTTP://L.SUB.EXAMPLE/x");
    await runInDurableObject(stub(), (_hub: WebSubHub, state) => void state.storage.sql.exec("DELETE FROM subscriptions WHERE callback = 'HTTP://L.SUB.EXAMPLE/x'"));
    // The rewritten subscriptions work: a change is delivered once to each endpoint, and any spelling unsubscribes.
    // (The seeded topics' stored versions are all made up: each topic is new to this version of the content.)
    await newVersionChanging(rss);
    expect(await stub().sync()).toBe(3);
    sent = [];
    await alarm();
    const self = (s: Sent) => /<([^>]*)>; rel="self"/.exec(s.headers.get("link") ?? "")?.[1];
    expect(
      sent
        .filter((s) => s.method === "POST")
        .map((s) => [self(s), s.url.href])
        .sort(),
    ).toEqual([
      [atom, "http://k.sub.example/cb"],
      [rss, "http://k.sub.example/cb"],
      [rss, "http://localhost./cb"],
    ]);
    expect((await post({ "hub.mode": "unsubscribe", "hub.topic": rss, "hub.callback": "HTTP://K.SUB.EXAMPLE/%63b" })).status).toBe(202);
  });
});

describe("unsubscribing", () => {
  it("is verified like a subscription (no lease), then removes the subscription, its pending delivery and its topic", async () => {
    const topic = `${ORIGIN}/tags/rss/feed.json`;
    const callback = "https://g.sub.example/bye";
    await subscribe(topic, callback, { "hub.secret": "x" });
    await newVersionChanging(topic);
    expect(await stub().sync()).toBe(1);
    answers.set("/bye", (s) => (s.method === "GET" ? confirm(s) : new Response("busy", { status: 503 })));
    sent = [];
    const res = await post({ "hub.mode": "unsubscribe", "hub.topic": topic, "hub.callback": callback, "hub.lease_seconds": "junk is ignored" });
    expect([res.status, await res.text()]).toEqual([202, `Accepted: the hub will now verify this request with a GET to ${callback} (WebSub 5.3).`]);
    await alarm();
    const verification = sent.find((s) => s.method === "GET");
    expect([...(verification?.url.searchParams.keys() ?? [])]).toEqual(["hub.mode", "hub.topic", "hub.challenge"]);
    expect(verification?.url.searchParams.get("hub.mode")).toBe("unsubscribe");
    for (const table of ["topics", "subscriptions", "verifications", "deliveries"] as const) expect([table, await rows(table)]).toEqual([table, []]);
  });

  it("an unsubscription the callback does not confirm changes nothing", async () => {
    const topic = `${ORIGIN}/atom.xml`;
    const callback = "https://h.sub.example/keep";
    const row = await subscribe(topic, callback);
    answers.set("/keep", () => new Response("I did not ask", { status: 404 }));
    expect((await post({ "hub.mode": "unsubscribe", "hub.topic": topic, "hub.callback": callback })).status).toBe(202);
    await alarm();
    expect(await rows("subscriptions")).toEqual([row]);
  });
});

describe("leases", () => {
  it("end at the granted time, measured from the verification (fixed clock): no delivery after, and the subscription is gone", async () => {
    const topic = `${ORIGIN}/rss.xml`;
    now = T0 + 5000;
    await subscribe(topic, "https://i.sub.example/short", { "hub.lease_seconds": String(POLICY.leaseMin) });
    const end = T0 + 5000 + POLICY.leaseMin * 1000;
    now = end - 1;
    await newVersionChanging(topic);
    expect(await stub().sync()).toBe(1);
    now = end;
    expect(await alarm()).toBe(true);
    expect(deliveriesTo("/short")).toEqual([]);
    for (const table of ["topics", "subscriptions", "deliveries"] as const) expect([table, await rows(table)]).toEqual([table, []]);
    const again = await post({ "hub.mode": "unsubscribe", "hub.topic": topic, "hub.callback": "https://i.sub.example/short" });
    expect(again.status).toBe(404);
  });

  it("the cron trigger drops expired subscriptions", async () => {
    await subscribe(`${ORIGIN}/atom.xml`, "https://j.sub.example/cron", { "hub.lease_seconds": String(POLICY.leaseMin) });
    now = T0 + POLICY.leaseMin * 1000;
    const ctx = createExecutionContext();
    await worker.scheduled?.({ cron: "*/15 * * * *", scheduledTime: now, noRetry() {} } as ScheduledController, env, ctx);
    await waitOnExecutionContext(ctx);
    expect(await rows("subscriptions")).toEqual([]);
  });
});

describe("content distribution", () => {
  it("a changed topic's document goes to each subscriber: the bytes a GET serves, its Content-Type, Link and a signature an independent HMAC reproduces", async () => {
    const topic = `${ORIGIN}/tags/rss/atom.xml`;
    await subscribe(topic, "https://k.sub.example/signed?x=1", { "hub.secret": "a secret 秘密" });
    await subscribe(topic, "https://k.sub.example/plain");
    await newVersionChanging(topic);
    expect(await stub().sync()).toBe(2);
    sent = [];
    expect(await alarm()).toBe(true);
    const feed = await get("/tags/rss/atom.xml");
    const bytes = new Uint8Array(await feed.arrayBuffer());
    const [signed] = deliveriesTo("/signed");
    const [plain] = deliveriesTo("/plain");
    expect(signed?.url.search).toBe("?x=1");
    for (const delivery of [signed, plain]) {
      expect(delivery?.body).toEqual(bytes);
      expect(delivery?.headers.get("content-type")).toBe("application/atom+xml; charset=utf-8");
      expect(delivery?.headers.get("link")).toBe(`<${HUB}>; rel="hub", <${topic}>; rel="self"`);
    }
    expect(signed?.headers.get("x-hub-signature")).toBe(`sha256=${await hmac("a secret 秘密", bytes)}`);
    expect(plain?.headers.has("x-hub-signature")).toBe(false);
    expect(await rows("deliveries")).toEqual([]);
    // Delivered: not again, not after a restart, not on a cron trigger.
    await restart();
    expect(await stub().sync(true)).toBe(0);
    expect(await alarm()).toBe(false);
    expect(sent.length).toBe(2);
  });

  it("a topic that did not change gets no delivery", async () => {
    await subscribe(`${ORIGIN}/rss.xml`, "https://l.sub.example/changed");
    await subscribe(`${ORIGIN}/tags/typescript/rss.xml`, "https://l.sub.example/same");
    await subscribe(`${ORIGIN}/rss.xml?limit=5`, "https://l.sub.example/other-limit");
    await newVersionChanging(`${ORIGIN}/rss.xml`);
    expect(await stub().sync()).toBe(1);
    sent = [];
    await alarm();
    expect(sent.map((s) => `${s.method} ${s.url.pathname}`)).toEqual(["POST /changed"]);
  });

  it("failures are retried with backoff while others are delivered at once; accepted once, never again, even across a restart; 410 ends a subscription", async () => {
    const topic = `${ORIGIN}/feed.json`;
    for (const path of ["/flaky", "/fine", "/down", "/gone"]) await subscribe(topic, `https://m.sub.example${path}`);
    answers.set("/flaky", (s, n) => (s.method === "GET" ? confirm(s) : new Response(null, { status: n <= 2 ? 500 : 200 })));
    answers.set("/down", (s) => (s.method === "GET" ? confirm(s) : Promise.reject(new Error("unreachable"))));
    answers.set("/gone", (s) => (s.method === "GET" ? confirm(s) : new Response(null, { status: 410 })));
    await newVersionChanging(topic);
    expect(await stub().sync()).toBe(4);
    sent = [];
    await alarm();
    expect(deliveriesTo("/fine").length).toBe(1);
    expect(deliveriesTo("/flaky").length).toBe(1);
    expect((await rows("subscriptions")).map((r) => r.callback)).toEqual(["https://m.sub.example/flaky", "https://m.sub.example/fine", "https://m.sub.example/down"]);
    const pending = await rows("deliveries");
    expect(pending.map((d) => [d.attempts, d.next_at])).toEqual([
      [1, T0 + POLICY.retrySeconds * 1000],
      [1, T0 + POLICY.retrySeconds * 1000],
    ]);
    // Not due yet: nothing is sent.
    await alarm();
    expect(sent.filter((s) => s.method === "POST").length).toBe(4);
    now = T0 + POLICY.retrySeconds * 1000;
    await alarm();
    now += 2 * POLICY.retrySeconds * 1000;
    await alarm();
    expect(deliveriesTo("/flaky").length).toBe(3);
    expect(deliveriesTo("/flaky").every((d) => d.body.length > 0 && d.body.toString() === deliveriesTo("/fine")[0]?.body.toString())).toBe(true);
    // The unreachable subscriber is tried `attempts` times, then that version is given up; its subscription stays (WebSub 7).
    for (let wait = 4; deliveriesTo("/down").length < POLICY.attempts; wait *= 2) {
      now += Math.min(wait * POLICY.retrySeconds * 1000, 6 * 3_600_000);
      await alarm();
    }
    expect(await rows("deliveries")).toEqual([]);
    expect((await rows("subscriptions")).length).toBe(3);
    await restart();
    await stub().sync(true);
    now += 86_400_000;
    await alarm();
    expect([deliveriesTo("/fine").length, deliveriesTo("/flaky").length, deliveriesTo("/down").length, deliveriesTo("/gone").length]).toEqual([1, 3, POLICY.attempts, 1]);
  });

  it(`an alarm run makes at most ${POLICY.batch} outbound requests; the rest follow in the next run`, async () => {
    const topic = `${ORIGIN}/rss.xml`;
    const n = POLICY.batch + 5;
    await runInDurableObject(stub(), (_hub: WebSubHub, state) => {
      const store = new HubStore(state.storage.sql);
      const resolved = resolveTopic(topic, ORIGIN, content());
      if (!resolved.ok) throw new Error(resolved.reason);
      for (let i = 0; i < n; i++) {
        const callback = `https://n${i}.sub.example/cb`;
        store.activate(
          { id: 0, mode: "subscribe", topic: resolved.topic, requested: topic, callback, host: `n${i}.sub.example`, secret: null, leaseSeconds: 3600 },
          "an older version",
          T0 + 3_600_000,
        );
      }
    });
    await restart();
    expect(await stub().sync()).toBe(n);
    await alarm();
    // Two content reads budgeted for the document (20 items: its newest bucket, and the one before when the newest holds fewer), the rest callbacks.
    expect(sent.length).toBe(POLICY.batch - 2);
    await alarm();
    expect(sent.length).toBe(n);
    expect(new Set(sent.map((s) => s.url.hostname)).size).toBe(n);
    expect(await alarm()).toBe(false);
  });
});

describe("filtered feeds (issue 13) as topics", () => {
  const WORD = "南开";
  const FILTERED = `${ORIGIN}/rss.xml?filter=${encodeURIComponent(WORD)}`;
  const articles = contentIndex().articles;
  const matches = (a: (typeof articles)[number]) => a.title.includes(WORD) || (a.summary || a.title).includes(WORD);
  /** Positions (0 = newest, all in the site's window) of an article the filter keeps and of one it leaves out. */
  const kept = articles.findIndex(matches);
  const left = articles.findIndex((a) => !matches(a));

  /** What a GET of `url` answers now: its bytes and its entity tag. */
  async function current(url: string): Promise<{ bytes: Uint8Array; etag: string }> {
    const res = await get(url.slice(ORIGIN.length));
    expect(res.status).toBe(200);
    return { bytes: new Uint8Array(await res.arrayBuffer()), etag: (res.headers.get("etag") ?? "").slice(1, -1) };
  }

  /** The window tag of the site's RSS feed with `query` in `catalog` (src/websub/topic.ts `topicProbe`). */
  const windowTag = (catalog: Catalog, query: string) => feedTag(catalog, catalog.site, "rss", catalog.members(catalog.site, WINDOW), query, ORIGIN);

  it("is subscribed to at its canonical URL, starting at the version a GET serves; its row keeps the canonical query and its window's tag", async () => {
    const callback = "https://o.sub.example/filtered";
    const res = await post({ "hub.mode": "subscribe", "hub.topic": `${ORIGIN}/rss.xml?filter=${WORD}&limit=20`, "hub.callback": callback });
    expect(res.status).toBe(202);
    expect(await alarm()).toBe(true);
    expect(sent[0]?.url.searchParams.get("hub.topic")).toBe(`${ORIGIN}/rss.xml?filter=${WORD}&limit=20`);
    const query = `?filter=${encodeURIComponent(WORD)}`;
    expect(await rows("topics")).toEqual([
      { url: FILTERED, origin: ORIGIN, kind: "site", key: "", format: "rss", query, tag: (await current(FILTERED)).etag, window_tag: windowTag(content(), query), unchecked: 0 },
    ]);
    expect((await rows("subscriptions")).map((r) => [r.topic, r.callback])).toEqual([[FILTERED, callback]]);
    // Nothing is delivered for the version the subscriber could already read.
    await restart();
    expect(await stub().sync()).toBe(0);
    expect(await alarm()).toBe(false);
    expect(deliveriesTo("/filtered")).toEqual([]);
  });

  it("gets a delivery when an article it holds changes, none when only an article it leaves out does, and nothing twice", async () => {
    expect([kept, left].every((p) => p >= 0 && p < WINDOW)).toBe(true);
    await subscribe(FILTERED, "https://p.sub.example/filtered", { "hub.secret": "s" });
    await subscribe(`${ORIGIN}/rss.xml`, "https://p.sub.example/plain");
    const first = (await rows("topics")).find((t) => t.url === FILTERED);

    // A deploy that edits an article the filter leaves out: the full feed changes, the filtered one does not.
    await deploy(editing(content(), left));
    expect(await stub().sync()).toBe(1);
    // The first call to the new version only compares tags from the index: the filtered topic is marked, not read.
    expect((await rows("topics")).find((t) => t.url === FILTERED)).toEqual({ ...first, window_tag: windowTag(version, first?.query as string), unchecked: 1 });
    sent = [];
    expect(await alarm()).toBe(true);
    expect(sent.map((s) => `${s.method} ${s.url.pathname}`)).toEqual(["POST /plain"]);
    expect((await rows("topics")).find((t) => t.url === FILTERED)).toMatchObject({ tag: first?.tag, unchecked: 0 });
    expect(await rows("deliveries")).toEqual([]);
    expect(await alarm()).toBe(false);

    // A deploy that edits an article it keeps: its subscriber gets the filtered document a GET serves, signed, with its own Link.
    await deploy(editing(version, kept));
    expect(await stub().sync()).toBe(1);
    sent = [];
    expect(await alarm()).toBe(true);
    expect(sent.map((s) => `${s.method} ${s.url.pathname}`).sort()).toEqual(["POST /filtered", "POST /plain"]);
    const [delivery] = deliveriesTo("/filtered");
    const { bytes } = await current(FILTERED);
    expect(delivery?.body).toEqual(bytes);
    expect(delivery?.headers.get("content-type")).toBe("application/rss+xml; charset=utf-8");
    expect(delivery?.headers.get("link")).toBe(`<${HUB}>; rel="hub", <${FILTERED}>; rel="self"`);
    expect(delivery?.headers.get("x-hub-signature")).toBe(`sha256=${await hmac("s", bytes)}`);
    const second = (await rows("topics")).find((t) => t.url === FILTERED);
    expect(second?.tag).not.toBe(first?.tag);
    expect(second).toMatchObject({ window_tag: windowTag(version, first?.query as string), unchecked: 0 });

    // Delivered: not again, not after a restart, not on a cron trigger.
    await restart();
    expect(await stub().sync(true)).toBe(0);
    expect(await alarm()).toBe(false);
    const ctx = createExecutionContext();
    await worker.scheduled?.({ cron: "*/15 * * * *", scheduledTime: now, noRetry() {} } as ScheduledController, env, ctx);
    await waitOnExecutionContext(ctx);
    await alarm();
    expect([deliveriesTo("/filtered").length, deliveriesTo("/plain").length]).toEqual([1, 1]);
    expect((await rows("topics")).find((t) => t.url === FILTERED)).toEqual(second);
  });

  it("a subscriber that failed is retried with the version it is owed; a newer filtered version replaces it, once", async () => {
    const topic = `${ORIGIN}/feed.json?filter=${encodeURIComponent(WORD)}`;
    await subscribe(topic, "https://q.sub.example/flaky");
    answers.set("/flaky", (s, n) => (s.method === "GET" ? confirm(s) : new Response(null, { status: n === 1 ? 503 : 204 })));
    await deploy(editing(content(), kept));
    expect(await stub().sync()).toBe(0);
    await alarm();
    expect(deliveriesTo("/flaky").length).toBe(1);
    expect((await rows("deliveries")).map((d) => d.attempts)).toEqual([1]);
    // Another edit before the retry: one delivery, of the newer version.
    await deploy(editing(version, kept));
    await stub().sync();
    await alarm();
    expect(deliveriesTo("/flaky").length).toBe(2);
    expect(await rows("deliveries")).toEqual([]);
    now += 86_400_000;
    expect(await alarm()).toBe(false);
    expect(deliveriesTo("/flaky").length).toBe(2);
  });
});
