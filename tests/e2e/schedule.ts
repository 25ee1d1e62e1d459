/**
 * Issue 22 end to end: an article scheduled a little after the build goes live under
 * `wrangler dev` with no rebuild, and the built-in hub's alarm delivers the feed to a
 * subscriber at that moment: one signed delivery, none before.
 *
 * A copy of the project gets an article whose `publishDate` is `LEAD_SECONDS` after the
 * test starts; the copy is built and served by `wrangler dev`. A subscriber (a local HTTP
 * server) subscribes to the site's RSS feed through the hub. Before the moment the feed
 * does not name the article and the subscriber gets nothing; within a minute of the
 * moment (the bound) it gets exactly one delivery, signed with its secret, of
 * the bytes a GET of the feed then returns, with the article; nothing more follows.
 *
 * Ports (loopback): E2E_SCHEDULE_WORKER_PORT (8850), E2E_SCHEDULE_SUBSCRIBER_PORT (8851),
 * E2E_SCHEDULE_INSPECTOR_PORT (9850). Every wait is bounded; the runner (./run.ts) has a
 * watchdog.
 */
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { createHmac } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { run, stopGroup, waitReady } from "../browser/stack.ts";
import { cleanup, copyProject, ROOT, recordingServer, sleep, until } from "./project.ts";

const WORKER_PORT = Number(process.env.E2E_SCHEDULE_WORKER_PORT ?? 8850);
const SUBSCRIBER_PORT = Number(process.env.E2E_SCHEDULE_SUBSCRIBER_PORT ?? 8851);
const INSPECTOR_PORT = Number(process.env.E2E_SCHEDULE_INSPECTOR_PORT ?? 9850);
const WORKER = `http://127.0.0.1:${WORKER_PORT}`;
const SUBSCRIBER = `http://127.0.0.1:${SUBSCRIBER_PORT}`;
/** Seconds from the start of the test to the article's publish time: room for two builds, wrangler's start and a subscription. */
const LEAD_SECONDS = 120;
const TITLE = `Scheduled end to end ${process.pid}`;
const SECRET = "secret of the schedule's subscriber";

let project: Awaited<ReturnType<typeof copyProject>> | undefined;
let subscriber: Awaited<ReturnType<typeof recordingServer>> | undefined;
let wranglerProcess: ChildProcess | undefined;
const log: string[] = [];
let stop = async () => {};
let moment = 0;

/** The project copy with the scheduled article, built; the subscriber; `wrangler dev` on it, ready. */
async function start(): Promise<void> {
  moment = Math.ceil((Date.now() + LEAD_SECONDS * 1000) / 1000) * 1000;
  project = await copyProject("e2e-schedule");
  const source = `---\ntitle: ${TITLE}\ndate: 2026-01-02\npublishDate: ${new Date(moment).toISOString()}\nslug: scheduled-e2e\ntags:\n- rss\n---\nGoes live on its own.\n`;
  await writeFile(join(project.dir, "content", "zz-scheduled-e2e.md"), source);
  const bin = join(ROOT, "node_modules/.bin");
  const env = { ...process.env, PATH: `${bin}:${process.env.PATH ?? ""}`, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false", NO_COLOR: "1", CI: "1" };
  const dir = project;
  stop = cleanup(async () => {
    if (wranglerProcess) await stopGroup(wranglerProcess);
    await subscriber?.close();
    await mkdir(join(ROOT, "test-results"), { recursive: true });
    await writeFile(join(ROOT, "test-results", "wrangler-e2e-schedule.log"), log.join(""));
    await dir.remove();
  });
  await run(process.execPath, ["src/build/cli.ts"], { cwd: project.dir, env, ms: 60_000 });
  subscriber = await recordingServer(SUBSCRIBER_PORT, (request, res) => {
    const query = new URL(request.url, SUBSCRIBER).searchParams;
    if (request.method === "GET" && query.has("hub.challenge")) return void res.writeHead(200, { "Content-Type": "text/plain" }).end(query.get("hub.challenge"));
    res.writeHead(204).end();
  });
  const wrangler = spawn(
    join(bin, "wrangler"),
    [
      "dev",
      ...["--ip", "127.0.0.1", "--port", String(WORKER_PORT), "--inspector-port", String(INSPECTOR_PORT)],
      ...["--show-interactive-dev-session=false", "--log-level", "warn"],
    ],
    { cwd: project.dir, env, detached: true, stdio: ["ignore", "pipe", "pipe"] },
  );
  wranglerProcess = wrangler;
  wrangler.stdout?.on("data", (d) => log.push(String(d)));
  wrangler.stderr?.on("data", (d) => log.push(String(d)));
  await waitReady(`${WORKER}/rss.xml`, wrangler, log, 90_000);
}

const posts = () => (subscriber?.received ?? []).filter((r) => r.method === "POST");

describe("publishing on schedule under wrangler dev", () => {
  before(start, { timeout: 180_000 });
  after(() => stop());

  test("a scheduled article goes live at its time, and its feed's subscriber gets one signed delivery then, none before", { timeout: 240_000 }, async () => {
    assert.ok(Date.now() < moment - 10_000, `the build and wrangler took too long: ${Math.round((moment - Date.now()) / 1000)} s left before the moment`);
    const before = await (await fetch(`${WORKER}/rss.xml`)).text();
    assert.ok(!before.includes(TITLE) && !before.includes("scheduled-e2e"), "the feed names the article before its time");
    assert.equal((await fetch(`${WORKER}/posts/scheduled-e2e/`)).status, 404);
    const res = await fetch(`${WORKER}/websub`, {
      method: "POST",
      body: new URLSearchParams({ "hub.mode": "subscribe", "hub.topic": `${WORKER}/rss.xml`, "hub.callback": `${SUBSCRIBER}/s`, "hub.secret": SECRET }),
    });
    assert.equal(res.status, 202, await res.text());
    await until("the verification", 20_000, () => (subscriber?.received ?? []).some((r) => r.method === "GET"));
    await until("a second before the moment", moment - Date.now() + 1000, () => Date.now() >= moment - 1000);
    assert.equal(posts().length, 0, "a delivery came before the moment");
    await until("the delivery at the moment", 60_000 + 2000, () => posts().length > 0);
    const [delivery] = posts();
    assert.ok(delivery);
    const late = delivery.at - moment;
    assert.ok(late >= 0 && late <= 60_000, `delivered ${late} ms after the moment`);
    const body = delivery.body.toString("utf8");
    assert.ok(body.includes(TITLE), "the delivery holds the article");
    assert.equal(delivery.headers["x-hub-signature"], `sha256=${createHmac("sha256", SECRET).update(delivery.body).digest("hex")}`);
    assert.equal(body, await (await fetch(`${WORKER}/rss.xml`)).text(), "the delivery is what a GET of the feed returns");
    assert.equal((await fetch(`${WORKER}/posts/scheduled-e2e/`)).status, 200);
    await sleep(5000);
    assert.equal(posts().length, 1, "more than one delivery");
    console.log(`delivered ${late} ms after the moment`);
  });
});
