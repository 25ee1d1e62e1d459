/**
 * Issue 14 end to end: the built-in WebSub hub under `wrangler dev` (its Durable Object,
 * alarms and cron trigger, offline), with subscribers of its own, a local HTTP server.
 *
 * Four subscribers discover the hub from the feeds' Link headers and subscribe, each
 * answering the challenge: A to the `rss` tag's RSS feed, C (which answers 500 twice,
 * then 200) to its Atom feed, B to the `typescript` tag's JSON Feed, D to the `tech`
 * category's RSS feed filtered by the first new article's title (issue 13). An article tagged
 * `rss` is then added to the content of the project copy; wrangler rebuilds, and the
 * first request to the new version makes the hub compare its topics. Within a bounded
 * time A and D receive the new feed with the new item, signed; C receives it three times
 * (two retries, one second apart and then two) and then never again, a cron trigger
 * included; B receives nothing. Then a second article, and no request to the rebuilt
 * worker but cron triggers (`/__scheduled`, `--test-scheduled`): the cron trigger alone
 * makes the hub deliver it, to A and C; not to D, whose filter leaves it out.
 *
 * Ports (loopback): E2E_WORKER_PORT (8830), E2E_SUBSCRIBER_PORT (8831),
 * E2E_INSPECTOR_PORT (9830). Every wait is bounded; the runner (./run.ts) has a watchdog.
 */
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { createHmac } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { run, stopGroup, waitReady } from "../browser/stack.ts";
import { addArticle, cleanup, copyProject, type Received, ROOT, recordingServer, sleep, until } from "./project.ts";

const WORKER_PORT = Number(process.env.E2E_WORKER_PORT ?? 8830);
const SUBSCRIBER_PORT = Number(process.env.E2E_SUBSCRIBER_PORT ?? 8831);
const INSPECTOR_PORT = Number(process.env.E2E_INSPECTOR_PORT ?? 9830);
const WORKER = `http://127.0.0.1:${WORKER_PORT}`;
const SUBSCRIBER = `http://127.0.0.1:${SUBSCRIBER_PORT}`;
/** Seconds before the first retry; the second waits twice as long. */
const RETRY_SECONDS = 1;

const TITLE = `WebSub end to end ${process.pid}`;
const SECOND = `WebSub by cron ${process.pid}`;
const SECRETS = { a: "secret of A", b: "secret of B", c: "secret of C 秘密", d: "secret of D" };

let project: Awaited<ReturnType<typeof copyProject>> | undefined;
let subscriber: Awaited<ReturnType<typeof recordingServer>> | undefined;
let wranglerProcess: ChildProcess | undefined;
const log: string[] = [];
let stop = async () => {};

/** The project copy, built; the subscriber; `wrangler dev` on it, ready. */
async function start(): Promise<void> {
  project = await copyProject("e2e-websub");
  const bin = join(ROOT, "node_modules/.bin");
  const env = {
    ...process.env,
    PATH: `${bin}:${process.env.PATH ?? ""}`,
    WRANGLER_SEND_METRICS: "false",
    CLOUDFLARE_CF_FETCH_ENABLED: "false",
    NO_COLOR: "1",
    CI: "1",
  };
  const dir = project;
  stop = cleanup(async () => {
    if (wranglerProcess) await stopGroup(wranglerProcess);
    await subscriber?.close();
    await mkdir(join(ROOT, "test-results"), { recursive: true });
    await writeFile(join(ROOT, "test-results", "wrangler-e2e-websub.log"), log.join(""));
    await dir.remove();
  });
  // Fail fast, with the compiler's own message, if the content does not build.
  await run(process.execPath, ["src/build/cli.ts"], {
    cwd: project.dir,
    env,
    ms: 60_000,
  });
  let failuresOfC = 0;
  subscriber = await recordingServer(SUBSCRIBER_PORT, (request, res) => {
    const query = new URL(request.url, SUBSCRIBER).searchParams;
    if (request.method === "GET" && query.has("hub.challenge")) return void res.writeHead(200, { "Content-Type": "text/plain" }).end(query.get("hub.challenge"));
    if (request.method === "POST" && request.url.startsWith("/c") && failuresOfC < 2) {
      failuresOfC++;
      return void res.writeHead(500).end("not now");
    }
    res.writeHead(204).end();
  });
  const wrangler = spawn(
    join(bin, "wrangler"),
    [
      "dev",
      ...["--ip", "127.0.0.1", "--port", String(WORKER_PORT), "--inspector-port", String(INSPECTOR_PORT)],
      ...["--test-scheduled", "--var", `WEBSUB_RETRY_SECONDS:${RETRY_SECONDS}`],
      ...["--show-interactive-dev-session=false", "--log-level", "warn"],
    ],
    {
      cwd: project.dir,
      env,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  wranglerProcess = wrangler;
  wrangler.stdout?.on("data", (d) => log.push(String(d)));
  wrangler.stderr?.on("data", (d) => log.push(String(d)));
  await waitReady(`${WORKER}/rss.xml`, wrangler, log, 90_000);
}
/** The hub and self URLs a feed's Link header names. */
async function discover(path: string): Promise<{ hub: string; self: string }> {
  const res = await fetch(WORKER + path);
  await res.arrayBuffer();
  const links = Object.fromEntries([...(res.headers.get("link") ?? "").matchAll(/<([^>]*)>; rel="(\w+)"/g)].map(([, url, rel]) => [rel, url]));
  assert.ok(links.hub && links.self, `${path}: Link ${res.headers.get("link")}`);
  return { hub: links.hub, self: links.self };
}

const posts = (path: string): Received[] => (subscriber?.received ?? []).filter((r) => r.method === "POST" && new URL(r.url, SUBSCRIBER).pathname === path);
const verified = (path: string) => (subscriber?.received ?? []).some((r) => r.method === "GET" && new URL(r.url, SUBSCRIBER).pathname === path);
const signed = (secret: string, body: Buffer) => `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;

describe("the built-in WebSub hub under wrangler dev", () => {
  before(start, { timeout: 180_000 });
  after(() => stop());

  test("a new article reaches the subscribers of its feeds through the built-in hub, signed, retried, once", {
    timeout: 240_000,
  }, async () => {
    const started = Date.now();
    const feeds = {
      a: "/tags/rss/rss.xml",
      c: "/tags/rss/atom.xml",
      b: "/tags/typescript/feed.json",
      // A scope whose archive page count the second article leaves as it is (tech: 7 and 8 articles, 5 a page): a new
      // prev-archive link would change the document's head, and so every feed of the scope, filtered or not.
      d: `/categories/tech/rss.xml?${new URLSearchParams({ filter: TITLE })}`,
    };
    const topics: Record<string, string> = {};
    for (const [name, path] of Object.entries(feeds)) {
      const { hub, self } = await discover(path);
      assert.deepEqual([hub, self], [`${WORKER}/websub`, WORKER + path]);
      const callback = `${SUBSCRIBER}/${name}?token=${name}-1`;
      const res = await fetch(hub, {
        method: "POST",
        body: new URLSearchParams({
          "hub.mode": "subscribe",
          "hub.topic": self,
          "hub.callback": callback,
          "hub.secret": SECRETS[name as keyof typeof SECRETS],
        }),
      });
      assert.equal(res.status, 202, await res.text());
      topics[name] = self;
    }
    await until("the four verifications", 20_000, () => ["/a", "/b", "/c", "/d"].every(verified));
    // The hub stores a subscription right after the callback's answer; give it a moment.
    await sleep(1000);

    assert.ok(project);
    await addArticle(join(project.dir, "content"), "zz-websub-e2e.md", {
      title: TITLE,
      slug: "websub-e2e",
      tags: ["rss"],
      categories: ["tech"],
    });
    const added = Date.now();
    // Polling the feed is what a reader does; the first request to the rebuilt worker is also what tells the hub.
    let current = "";
    await until("wrangler to rebuild with the new article", 90_000, async () => {
      current = await fetch(WORKER + feeds.a).then(
        (r) => r.text(),
        () => "",
      );
      return current.includes(TITLE);
    });
    const rebuilt = Date.now();

    await until("the delivery to A", 30_000, () => posts("/a").length > 0);
    const [toA] = posts("/a");
    assert.ok(toA);
    assert.equal(toA.url, "/a?token=a-1");
    assert.equal(toA.headers["content-type"], "application/rss+xml; charset=utf-8");
    assert.equal(toA.headers.link, `<${WORKER}/websub>; rel="hub", <${topics.a}>; rel="self"`);
    assert.equal(toA.body.toString("utf8"), current, "A gets the bytes a GET of the feed gets");
    assert.ok(toA.body.toString("utf8").includes(TITLE));
    assert.equal(toA.headers["x-hub-signature"], signed(SECRETS.a, toA.body));
    const delivered = Date.now();

    await until("the delivery to D", 10_000, () => posts("/d").length > 0);
    const [toD] = posts("/d");
    assert.ok(toD);
    assert.equal(toD.headers.link, `<${WORKER}/websub>; rel="hub", <${topics.d}>; rel="self"`);
    assert.equal(toD.body.toString("utf8"), await fetch(WORKER + feeds.d).then((r) => r.text()), "D gets the bytes a GET of the filtered feed gets");
    assert.ok(toD.body.toString("utf8").includes(TITLE));
    assert.equal(toD.headers["x-hub-signature"], signed(SECRETS.d, toD.body));

    await until("three attempts at C", 30_000, () => posts("/c").length >= 3);
    const toC = posts("/c");
    for (const attempt of toC) {
      assert.equal(attempt.headers["content-type"], "application/atom+xml; charset=utf-8");
      assert.equal(attempt.headers.link, `<${WORKER}/websub>; rel="hub", <${topics.c}>; rel="self"`);
      assert.ok(attempt.body.toString("utf8").includes(TITLE));
      assert.equal(attempt.headers["x-hub-signature"], signed(SECRETS.c, attempt.body));
      assert.deepEqual(attempt.body, toC[0]?.body);
    }
    const gaps = toC.slice(1).map((attempt, i) => attempt.at - (toC[i]?.at ?? 0));
    assert.ok(
      gaps.every((gap, i) => gap >= RETRY_SECONDS * 1000 * 2 ** i - 250),
      `retries back off: ${gaps.join(", ")} ms`,
    );

    // Nothing more: not on the next retry's schedule, not on a cron trigger, not on a new request.
    const scheduled = () => fetch(`${WORKER}/__scheduled?cron=${encodeURIComponent("*/15 * * * *")}`).then((r) => r.arrayBuffer().then(() => r.status));
    assert.equal(await scheduled(), 200);
    await fetch(`${WORKER}/tags/rss/atom.xml`).then((r) => r.arrayBuffer());
    await sleep(4 * RETRY_SECONDS * 1000 + 1000);
    assert.deepEqual(
      { a: posts("/a").length, b: posts("/b").length, c: posts("/c").length, d: posts("/d").length },
      { a: 1, b: 0, c: 3, d: 1 },
      "A and D once, C three times (500, 500, 200), B (another topic) never",
    );

    // A second article, and no request at all to the new version: the cron trigger alone tells the hub.
    await addArticle(join(project.dir, "content"), "zz-websub-e2e-2.md", { title: SECOND, slug: "websub-e2e-2", tags: ["rss"], categories: ["tech"] });
    await until("the cron trigger on the rebuilt worker to deliver the second article", 90_000, async () => {
      await scheduled().catch(() => 0);
      return posts("/a").length > 1;
    });
    await until("the second article at C", 10_000, () => posts("/c").length > 3);
    await sleep(1000);
    const second = [posts("/a")[1], posts("/c")[3]];
    assert.ok(second.every((delivery) => delivery?.body.toString("utf8").includes(SECOND)));
    assert.equal(posts("/a")[1]?.headers["x-hub-signature"], signed(SECRETS.a, posts("/a")[1]?.body ?? Buffer.alloc(0)));
    // D's filter leaves the second article out: its feed did not change, though its tag's window did.
    assert.deepEqual({ a: posts("/a").length, b: posts("/b").length, c: posts("/c").length, d: posts("/d").length }, { a: 2, b: 0, c: 4, d: 1 });
    console.log(
      `e2e websub: subscribed in ${((added - started) / 1000).toFixed(1)} s; the worker rebuilt ${((rebuilt - added) / 1000).toFixed(1)} s after the article was added; ` +
        `A received it ${((delivered - rebuilt) / 1000).toFixed(1)} s after the first request to the new version; the cron-only round took ${((Date.now() - delivered) / 1000).toFixed(1)} s`,
    );
  });
});
