/**
 * Issue 14, external hubs: `npm run deploy -- --dry-run` (scripts/deploy.ts) on a copy
 * of the project whose `WEBSUB_HUBS` names a mock hub (a local server) and a hub nobody
 * listens at. After an article tagged `rss` in category `tech` is added, the mock hub
 * receives a `hub.mode=publish` ping for exactly the feeds whose documents changed (the
 * site's, the tag's and the category's, in three formats); the unreachable hub is
 * reported and the deploy still succeeds; a dry run records nothing.
 *
 * Ports (loopback): E2E_HUB_PORT (8832) for the mock hub, E2E_DOWN_PORT (8833) for the
 * hub that is not there.
 */
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { openCatalog } from "../../src/content/catalog.ts";
import { siteTopics } from "../../src/websub/topic.ts";
import { run } from "../browser/stack.ts";
import { addArticle, cleanup, copyProject, ROOT, recordingServer } from "./project.ts";

const HUB = `http://127.0.0.1:${Number(process.env.E2E_HUB_PORT ?? 8832)}/hub`;
const DOWN = `http://127.0.0.1:${Number(process.env.E2E_DOWN_PORT ?? 8833)}/down`;
const SITE = "https://feeds.example";

let project: Awaited<ReturnType<typeof copyProject>> | undefined;
let hub: Awaited<ReturnType<typeof recordingServer>> | undefined;
let stop = async () => {};

/** The copy's topics and their tags, read from the index its last build wrote. */
function topicsOf(dir: string): { url: string; tag: string }[] {
  const index = readFileSync(join(dir, "src/generated/index.bin"));
  const catalog = openCatalog(readFileSync(join(dir, "src/generated/catalog.json.txt"), "utf8"), index.buffer.slice(index.byteOffset, index.byteOffset + index.byteLength));
  return siteTopics(catalog, SITE);
}

describe("npm run deploy pings the hubs in WEBSUB_HUBS", () => {
  const env = {
    ...process.env,
    PATH: `${join(ROOT, "node_modules/.bin")}:${process.env.PATH ?? ""}`,
    WRANGLER_SEND_METRICS: "false",
    NO_COLOR: "1",
    CI: "1",
    SITE_URL: SITE,
    WEBSUB_HUBS: `${HUB} ${DOWN}`,
  };

  before(async () => {
    project = await copyProject("e2e-deploy");
    const dir = project;
    stop = cleanup(async () => {
      await hub?.close();
      await dir.remove();
    });
    hub = await recordingServer(Number(new URL(HUB).port), (_request, res) => void res.writeHead(204).end());
    await run(process.execPath, ["src/build/cli.ts"], { cwd: project.dir, env, ms: 60_000 });
  });
  after(() => stop());

  test("after a deploy that adds an article, each hub hears of exactly the feeds that changed; an unreachable one is reported", {
    timeout: 180_000,
  }, async () => {
    assert.ok(project && hub);
    // As after an earlier deploy that told both hubs about the current content.
    const told = Object.fromEntries(topicsOf(project.dir).map(({ url, tag }) => [url, tag]));
    const record = join(project.dir, "dist", "websub-published.json");
    await mkdir(join(project.dir, "dist"), { recursive: true });
    const before = JSON.stringify({ [HUB]: told, [DOWN]: told });
    writeFileSync(record, before);
    await addArticle(join(project.dir, "content"), "zz-deploy-e2e.md", {
      title: "Deployed and pinged",
      slug: "deploy-e2e",
      tags: ["rss"],
      categories: ["tech"],
    });

    const output = await run(process.execPath, ["scripts/deploy.ts", "--dry-run"], { cwd: project.dir, env, ms: 150_000 });

    const pings = hub.received.map((r) => ({ method: r.method, type: r.headers["content-type"], body: new URLSearchParams(r.body.toString("utf8")) }));
    assert.ok(pings.every((p) => p.method === "POST" && p.type === "application/x-www-form-urlencoded" && p.body.get("hub.mode") === "publish"));
    const files = ["rss.xml", "atom.xml", "feed.json"];
    // The new article names no author: the site author's (SITE_AUTHOR) feeds change too.
    const expected = ["/", "/tags/rss/", "/categories/tech/", "/authors/edge%20feeds/"].flatMap((folder) => files.map((file) => `${SITE}${folder}${file}`));
    assert.deepEqual(pings.map((p) => p.body.get("hub.url")).sort(), expected.sort());
    assert.match(output, new RegExp(`WebSub: ${DOWN} is unreachable \\(.*\\); it will be told again on the next deploy\\.`));
    assert.match(output, new RegExp(`WebSub: told ${HUB} about 12 of 12 changed feed\\(s\\)\\.`));
    assert.equal(readFileSync(record, "utf8"), before, "a dry run records nothing");
  });
});
