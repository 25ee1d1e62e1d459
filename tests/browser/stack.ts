/**
 * What the browser tests run against: the worker under `wrangler dev` on loopback,
 * built from content/ plus the hostile fixtures, and a host page on a second origin.
 *
 * The worker runs from a throwaway copy of the project (src/, wrangler.toml,
 * package.json, a node_modules symlink) so that building the fixture content never
 * touches src/generated/ of the working tree, which other tests and `wrangler dev`
 * sessions may be using at the same time. Everything is bounded by timeouts, and
 * every process started here is stopped by its own process-group id.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { cp, mkdir, mkdtemp, readdir, rm, symlink, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const ROOT = resolve(import.meta.dirname, "../..");

/** Fixed loopback ports, overridable when they are taken. */
export const WORKER_PORT = Number(process.env.BROWSER_WORKER_PORT ?? 8797);
export const HOST_PORT = Number(process.env.BROWSER_HOST_PORT ?? 8798);
const INSPECTOR_PORT = Number(process.env.BROWSER_INSPECTOR_PORT ?? 9797);

/** The secret that opens the subscriber counts' page (issue 23), written to the copy's .dev.vars. */
export const STATS_TOKEN = "browser-tests-stats-token";

/** The worker's origin, and the host page's: another host name and port, so another site. */
export const WORKER = `http://127.0.0.1:${WORKER_PORT}`;
export const HOST = `http://localhost:${HOST_PORT}`;

export interface Stack {
  tmp: string;
  log: string[];
  stop(): Promise<void>;
}

/** Copies the project's runtime parts and content/ + tests/fixtures/hostile/ into a temp dir. */
async function prepareCopy(): Promise<string> {
  const tmp = await mkdtemp(join(tmpdir(), "edge-feeds-browser-"));
  await cp(join(ROOT, "src"), join(tmp, "src"), { recursive: true, filter: (source) => !source.includes(`${join(ROOT, "src", "generated")}`) });
  for (const file of ["wrangler.toml", "package.json", "tsconfig.json"]) await cp(join(ROOT, file), join(tmp, file));
  await symlink(join(ROOT, "node_modules"), join(tmp, "node_modules"), "dir");
  await mkdir(join(tmp, "content"));
  await cp(join(ROOT, "content"), join(tmp, "content"), { recursive: true });
  const fixtures = join(ROOT, "tests/fixtures/hostile");
  for (const file of await readdir(fixtures)) if (file.endsWith(".md")) await cp(join(fixtures, file), join(tmp, "content", `zz-fixture-${file}`));
  // wrangler dev reads secrets from .dev.vars.
  await writeFile(join(tmp, ".dev.vars"), `STATS_TOKEN=${STATS_TOKEN}\n`);
  return tmp;
}

/** Runs a command to completion within `ms`, or rejects with its output. */
export function run(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv; ms: number }): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${command} ${args.join(" ")} timed out after ${options.ms} ms\n${output}`));
    }, options.ms);
    child.on("exit", (code) => {
      clearTimeout(timer);
      if (code === 0) resolvePromise(output);
      else reject(new Error(`${command} ${args.join(" ")} exited ${code}\n${output}`));
    });
  });
}

/** Stops a detached child and everything it started (its process group), TERM then KILL. */
export async function stopGroup(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {
    return;
  }
  const killed = await Promise.race([exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 5000))]);
  if (!killed) {
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {}
    await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
  }
}

/** Polls `url` until it answers 200, the process dies, or `ms` pass. */
export async function waitReady(url: string, child: ChildProcess, log: string[], ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited with ${child.exitCode}:\n${log.join("")}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      if (res.ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`wrangler dev not ready at ${url} after ${ms} ms:\n${log.join("")}`);
}

/** The host page: the iframe embed and the script embed, on another origin. */
export function hostPage(hostileTag: string): string {
  const tag = encodeURIComponent(hostileTag);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>A site that embeds the feed</title>
<link rel="icon" href="data:,">
<style>
body{font:16px/1.5 Georgia,serif;margin:0 auto;max-width:60rem;padding:1rem;background:#faf7f2;color:#222}
#demo{display:grid;grid-template-columns:repeat(auto-fit,minmax(18rem,1fr));gap:1.5rem;align-items:start}
section{background:#fff;border:1px solid #e5dfd5;border-radius:10px;padding:1rem}
h2{font-size:1.05rem;margin:0 0 .5rem}iframe{width:100%;height:26rem;border:0;border-radius:6px}
.feed-embed{list-style:none;margin:0;padding:0}.feed-embed__item{padding:.5rem 0;border-top:1px solid #eee}
.feed-embed__title{font-weight:bold;color:#8a3b12}.feed-embed__date{display:block;color:#777;font-size:.85em}
.feed-embed__summary{margin:.2rem 0 0;color:#555;font-size:.9em}
</style>
</head>
<body>
<h1>My blog, with the feed embedded</h1>
<div id="demo">
<section>
<h2>&lt;iframe&gt; embed</h2>
<iframe id="frame" src="${WORKER}/embed/tags/rss?limit=3&amp;theme=light" title="Latest articles tagged rss"></iframe>
</section>
<section>
<h2>embed.js</h2>
<div id="scripted" data-feed-embed="/tags/rss/feed.json" data-limit="3"><a href="${WORKER}/tags/rss/">Articles tagged rss</a></div>
</section>
</div>
<div id="hostile">
<iframe id="hostile-frame" src="${WORKER}/embed/tags/${tag}" title="hostile"></iframe>
<div id="hostile-scripted" data-feed-embed="${WORKER}/tags/${tag}/feed.json"></div>
<div id="bad-url" data-feed-embed="javascript:alert(11)"><a href="#">fallback stays</a></div>
</div>
<script src="${WORKER}/embed.js" async></script>
</body>
</html>
`;
}

function startHost(html: string): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.url === "/" || req.url?.startsWith("/?")) {
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
      res.end(html);
    } else {
      res.writeHead(404, { "Content-Type": "text/plain" });
      res.end("not found");
    }
  });
  return new Promise((r, reject) => {
    server.once("error", reject);
    server.listen(HOST_PORT, "127.0.0.1", () => r(server));
  });
}

/** Builds the fixture copy, starts `wrangler dev` and the host page, waits for both. */
export async function startStack(hostileTag: string): Promise<Stack> {
  const tmp = await prepareCopy();
  const bin = join(ROOT, "node_modules/.bin");
  const env = {
    ...process.env,
    PATH: `${bin}:${process.env.PATH ?? ""}`,
    WRANGLER_SEND_METRICS: "false",
    CLOUDFLARE_CF_FETCH_ENABLED: "false",
    CONTENT_DIR: join(tmp, "content"),
    NO_COLOR: "1",
    CI: "1",
  };
  // Fail fast, with the compiler's own message, if the fixtures do not build.
  await run(process.execPath, ["--experimental-strip-types", "src/build/cli.ts"], { cwd: tmp, env, ms: 60_000 });
  const log: string[] = [];
  const wrangler = spawn(
    join(bin, "wrangler"),
    ["dev", "--ip", "127.0.0.1", "--port", String(WORKER_PORT), "--inspector-port", String(INSPECTOR_PORT), "--show-interactive-dev-session=false", "--log-level", "warn"],
    { cwd: tmp, env, detached: true, stdio: ["ignore", "pipe", "pipe"] },
  );
  wrangler.stdout?.on("data", (d) => log.push(String(d)));
  wrangler.stderr?.on("data", (d) => log.push(String(d)));
  let host: Server | undefined;
  const stop = async () => {
    await stopGroup(wrangler);
    if (host) {
      const server = host;
      const closed = new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections();
      await closed;
    }
    await mkdir(join(ROOT, "test-results"), { recursive: true });
    await writeFile(join(ROOT, "test-results", "wrangler.log"), log.join(""));
    await rm(tmp, { recursive: true, force: true });
  };
  try {
    await waitReady(`${WORKER}/embed.js`, wrangler, log, 90_000);
    host = await startHost(hostPage(hostileTag));
  } catch (error) {
    await stop();
    throw error;
  }
  return { tmp, log, stop };
}
