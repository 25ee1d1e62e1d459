/**
 * @module A version of the project to serve for scripts/compare-outputs.ts: a throwaway
 * copy of a git revision (`git archive`) or of a working tree, with a node_modules
 * symlink, built on the content given and served by `wrangler dev` on loopback. The
 * working tree's own src/generated/ and dist/ are never touched, so tests and dev servers
 * running there are not disturbed. Node only.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { cp, mkdtemp, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const ROOT = resolve(import.meta.dirname, "../..");

/** What a copy needs to build and serve: the rest of the project (tests, bench, docs) is left out. */
const PARTS = ["src", "scripts", "content", "wrangler.toml", "package.json", "package-lock.json", "tsconfig.json"];

/** Runs `command` to completion within `ms`; resolves with its output, rejects with it on failure. */
export function run(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; ms: number }): Promise<string> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      fail(new Error(`${command} ${args.join(" ")} timed out after ${options.ms} ms\n${output}`));
    }, options.ms);
    child.on("exit", (code) => {
      clearTimeout(timer);
      if (code === 0) done(output);
      else fail(new Error(`${command} ${args.join(" ")} exited ${code}\n${output}`));
    });
  });
}

/** A copy of the project at `source` (a git revision, or a directory holding a working tree). */
export async function copyTree(source: { ref: string } | { dir: string }): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), "edge-feeds-compare-"));
  if ("ref" in source) {
    const listed = (await run("git", ["-C", ROOT, "ls-tree", "--name-only", source.ref], { cwd: ROOT, ms: 30_000 })).split("\n");
    const parts = PARTS.filter((part) => listed.includes(part));
    await run("sh", ["-c", `git -C "${ROOT}" archive --format=tar "$0" "$@" | tar -x -C "${dir}"`, source.ref, ...parts], { cwd: ROOT, ms: 120_000 });
  } else {
    const generated = join(source.dir, "src", "generated");
    for (const part of PARTS) {
      await cp(join(source.dir, part), join(dir, part), { recursive: true, filter: (path) => !path.startsWith(generated) }).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== "ENOENT") throw error;
      });
    }
  }
  await symlink(join(ROOT, "node_modules"), join(dir, "node_modules"), "dir");
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** What a copy is built and served with. */
export interface ServeOptions {
  /** The Markdown sources (`CONTENT_DIR`). */
  contentDir: string;
  /** `SITE_URL` for the build and the worker; `""` serves every request on its own origin. */
  siteUrl: string;
  port: number;
  inspectorPort: number;
}

/** The environment the build and `wrangler dev` get. */
function environment(options: ServeOptions): NodeJS.ProcessEnv {
  const bin = join(ROOT, "node_modules/.bin");
  return {
    ...process.env,
    PATH: `${bin}:${process.env.PATH ?? ""}`,
    WRANGLER_SEND_METRICS: "false",
    CLOUDFLARE_CF_FETCH_ENABLED: "false",
    CONTENT_DIR: options.contentDir,
    SITE_URL: options.siteUrl,
    NO_COLOR: "1",
    CI: "1",
  };
}

/** Builds the copy's content (the compiler's own summary is returned). */
export function buildTree(dir: string, options: ServeOptions): Promise<string> {
  return run(process.execPath, ["src/build/cli.ts"], { cwd: dir, env: environment(options), ms: 30 * 60_000 });
}

/** A running `wrangler dev` of a copy. */
export interface Server {
  origin: string;
  log: string[];
  stop(): Promise<void>;
}

/** Stops a detached child and its process group: TERM, then KILL. */
async function stopGroup(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {
    return;
  }
  const stopped = await Promise.race([exited.then(() => true), new Promise<boolean>((done) => setTimeout(() => done(false), 5000))]);
  if (!stopped) {
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {}
    await Promise.race([exited, new Promise((done) => setTimeout(done, 2000))]);
  }
}

/** Serves the copy (already built: wrangler's own build step then finds nothing to do) until `stop()`. */
export async function serveTree(dir: string, options: ServeOptions): Promise<Server> {
  const origin = `http://127.0.0.1:${options.port}`;
  const args = [
    "dev",
    "--ip",
    "127.0.0.1",
    "--port",
    String(options.port),
    "--inspector-port",
    String(options.inspectorPort),
    "--show-interactive-dev-session=false",
    "--log-level",
    "warn",
  ];
  if (options.siteUrl !== "") args.push("--var", `SITE_URL:${options.siteUrl}`);
  const child = spawn(join(ROOT, "node_modules/.bin/wrangler"), args, { cwd: dir, env: environment(options), detached: true, stdio: ["ignore", "pipe", "pipe"] });
  const log: string[] = [];
  child.stdout?.on("data", (d) => log.push(String(d)));
  child.stderr?.on("data", (d) => log.push(String(d)));
  const server = { origin, log, stop: () => stopGroup(child) };
  const deadline = Date.now() + 10 * 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited with ${child.exitCode}:\n${log.join("")}`);
    try {
      const response = await fetch(`${origin}/embed.js`, { signal: AbortSignal.timeout(5000) });
      await response.arrayBuffer();
      if (response.ok) return server;
    } catch {}
    await new Promise((done) => setTimeout(done, 500));
  }
  await server.stop();
  throw new Error(`wrangler dev not ready at ${origin}:\n${log.join("")}`);
}
