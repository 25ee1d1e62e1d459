/**
 * Issue 18 end to end: a Hugo site's content folder (tests/fixtures/sites/hugo-yaml: its
 * hugo.yaml, a section with its _index.md, a page bundle with an image and an SVG, an
 * alias, per-section permalinks) copied into a copy of the project's content/ as a site
 * owner would, then `wrangler dev` on it, with SITE_URL naming the worker itself so that
 * it serves the site's pages. Every article answers at its real permalink, other
 * spellings and old paths redirect there, the bundle's files are served with their types
 * and validators, the section has its feeds, list and page, and a crawler from
 * /robots.txt reaches every article page through the sitemaps (issue 24).
 *
 * Ports (loopback): E2E_SITE_PORT (8836), E2E_SITE_INSPECTOR_PORT (9836). Every wait is
 * bounded; the runner (./run.ts) has a watchdog.
 */
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { cp, mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { run, stopGroup, waitReady } from "../browser/stack.ts";
import { checkSitemap, checkSitemapIndex, robotsAllows, robotsSitemaps } from "../fixtures/sitemap-rules.ts";
import { cleanup, copyProject, ROOT } from "./project.ts";

const PORT = Number(process.env.E2E_SITE_PORT ?? 8836);
const INSPECTOR_PORT = Number(process.env.E2E_SITE_INSPECTOR_PORT ?? 9836);
const WORKER = `http://127.0.0.1:${PORT}`;
const SITE = join(ROOT, "tests/fixtures/sites/hugo-yaml");

let wranglerProcess: ChildProcess | undefined;
const log: string[] = [];
let stop = async () => {};

async function start(): Promise<void> {
  const project = await copyProject("e2e-site");
  const content = join(project.dir, "content");
  await rm(content, { recursive: true, force: true });
  await cp(SITE, content, { recursive: true });
  const bin = join(ROOT, "node_modules/.bin");
  // The site's config names its own host (https://hugo.example/); here the worker serves its pages.
  const env = {
    ...process.env,
    PATH: `${bin}:${process.env.PATH ?? ""}`,
    SITE_URL: WORKER,
    WRANGLER_SEND_METRICS: "false",
    CLOUDFLARE_CF_FETCH_ENABLED: "false",
    NO_COLOR: "1",
    CI: "1",
  };
  stop = cleanup(async () => {
    if (wranglerProcess) await stopGroup(wranglerProcess);
    await mkdir(join(ROOT, "test-results"), { recursive: true });
    await writeFile(join(ROOT, "test-results", "wrangler-e2e-site.log"), log.join(""));
    await project.remove();
  });
  await run(process.execPath, ["src/build/cli.ts"], { cwd: project.dir, env, ms: 60_000 });
  const wrangler = spawn(
    join(bin, "wrangler"),
    [
      "dev",
      "--ip",
      "127.0.0.1",
      "--port",
      String(PORT),
      "--inspector-port",
      String(INSPECTOR_PORT),
      "--var",
      `SITE_URL:${WORKER}`,
      "--show-interactive-dev-session=false",
      "--log-level",
      "warn",
    ],
    { cwd: project.dir, env, detached: true, stdio: ["ignore", "pipe", "pipe"] },
  );
  wranglerProcess = wrangler;
  wrangler.stdout?.on("data", (d) => log.push(String(d)));
  wrangler.stderr?.on("data", (d) => log.push(String(d)));
  await waitReady(`${WORKER}/rss.xml`, wrangler, log, 90_000);
}

/** A GET that does not follow redirects. */
const get = (path: string, headers: Record<string, string> = {}) => fetch(WORKER + path, { redirect: "manual", headers });

describe("a Hugo site's content folder under wrangler dev", () => {
  before(start, { timeout: 180_000 });
  after(() => stop());

  test("articles at their permalinks; other spellings and aliases redirect there", { timeout: 60_000 }, async () => {
    const page = await get("/2021/03/first-walk-up-the-hill/");
    assert.equal(page.status, 200);
    assert.match(page.headers.get("content-type") ?? "", /^text\/html/);
    assert.match(await page.text(), /First Walk: Up the Hill!/);
    const bundle = await get("/2021/04/my-trip/");
    assert.equal(bundle.status, 200);
    assert.match(await bundle.text(), /src="http:\/\/127\.0\.0\.1:\d+\/2021\/04\/my-trip\/photo\.png"/);
    for (const [from, to] of [
      ["/2021/03/first-walk-up-the-hill", "/2021/03/first-walk-up-the-hill/"],
      ["/2021/03/first-walk-up-the-hill/index.html", "/2021/03/first-walk-up-the-hill/"],
      ["/old/first-walk/", "/2021/03/first-walk-up-the-hill/"],
      ["/about", "/about/"],
    ]) {
      const res = await get(from as string);
      assert.deepEqual([from, res.status, res.headers.get("location")], [from, 301, WORKER + to]);
    }
    for (const missing of ["/posts/first-walk/", "/2021/03/draft-walk/", "/2021/04/my-trip/missing.png"]) assert.equal((await get(missing)).status, 404, missing);
  });

  test("a page bundle's files are served with their types and validators", { timeout: 30_000 }, async () => {
    const png = await get("/2021/04/my-trip/photo.png");
    assert.equal(png.status, 200);
    assert.equal(png.headers.get("content-type"), "image/png");
    assert.deepEqual(Buffer.from(await png.arrayBuffer()), readFileSync(join(SITE, "posts/my-trip/photo.png")));
    const etag = png.headers.get("etag");
    assert.ok(etag);
    assert.equal((await get("/2021/04/my-trip/photo.png", { "If-None-Match": etag })).status, 304);
    const svg = await get("/2021/04/my-trip/images/map.svg");
    assert.deepEqual([svg.status, svg.headers.get("content-type")?.split(";")[0]], [200, "image/svg+xml"]);
  });

  test("a crawler from /robots.txt reaches every article page through the sitemaps (issue 24)", { timeout: 60_000 }, async () => {
    const robots = await (await get("/robots.txt")).text();
    assert.deepEqual(robotsSitemaps(robots), [`${WORKER}/sitemap.xml`]);
    const index = checkSitemapIndex(await (await get("/sitemap.xml")).text(), `${WORKER}/sitemap.xml`);
    assert.deepEqual(index.findings, []);
    const listed: string[] = [];
    for (const { loc } of index.listed) {
      const sitemap = checkSitemap(await (await get(new URL(loc).pathname)).text(), loc);
      assert.deepEqual(sitemap.findings, [], loc);
      listed.push(...sitemap.listed.map((entry) => entry.loc));
    }
    for (const loc of listed) {
      assert.ok(robotsAllows(robots, new URL(loc).pathname), loc);
      const res = await get(new URL(loc).pathname + new URL(loc).search);
      await res.arrayBuffer();
      assert.equal(res.status, 200, loc);
    }
    // Every article, as the site's own feed lists them (three: it fits in one document).
    const feed = (await (await get("/feed.json")).json()) as { items: { url: string }[] };
    assert.deepEqual(feed.items.map((item) => item.url).sort(), [`${WORKER}/2021/03/first-walk-up-the-hill/`, `${WORKER}/2021/04/my-trip/`, `${WORKER}/about/`].sort());
    for (const { url } of feed.items) assert.ok(listed.includes(url), url);
    // The section's index page and its term page are listed too.
    for (const path of ["/", "/sections/", "/sections/posts/"]) assert.ok(listed.includes(WORKER + path), path);
  });

  test("the section has its feeds, its list entry and its page", { timeout: 30_000 }, async () => {
    const rss = await (await get("/sections/posts/rss.xml")).text();
    assert.match(rss, /<description>Every walk, newest first<\/description>/);
    assert.deepEqual(
      [...rss.matchAll(/<item>[\s\S]*?<link>([^<]*)<\/link>/g)].map((m) => m[1]),
      [`${WORKER}/2021/04/my-trip/`, `${WORKER}/2021/03/first-walk-up-the-hill/`],
    );
    const list = (await (await get("/sections.json")).json()) as { name: string; count: number }[];
    assert.deepEqual(
      list.map((s) => [s.name, s.count]),
      [["Walks", 2]],
    );
    const page = await get("/sections/posts/");
    assert.equal(page.status, 200);
    assert.match(await page.text(), /Walks/);
  });
});
