/**
 * @module One benchmark workspace per corpus size, under .wrangler/bench/ (git-ignored,
 * and outside every tsconfig's reach, unlike bench/): a snapshot of src/ with its own
 * generated index, the bench-only worker entry, a bench wrangler config (no `[build]`,
 * an `[assets]` directory), and the dry-run bundle. The project's own src/generated/ is
 * never touched. Generated corpora and quick reports go to bench/out/ (git-ignored).
 */
import { spawn } from "node:child_process";
import { cp, mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { parse as parseToml, stringify as stringifyToml } from "smol-toml";

export const ROOT = join(import.meta.dirname, "..");
export const OUT = join(ROOT, "bench", "out");
const WORK = join(ROOT, ".wrangler", "bench");

/** Where the static-asset baseline lives in the assets directory and in URLs. */
export const ASSET_PATH = "/__static/rss.xml";

/** What the bench reads from the project's wrangler.toml. */
export interface ProjectConfig {
  compatibilityDate: string;
  compatibilityFlags: string[];
  vars: Record<string, string>;
}

export async function readProjectConfig(): Promise<ProjectConfig> {
  const toml = parseToml(await readFile(join(ROOT, "wrangler.toml"), "utf8")) as {
    compatibility_date?: string;
    compatibility_flags?: string[];
    vars?: Record<string, unknown>;
  };
  const vars = Object.fromEntries(
    Object.entries(toml.vars ?? {}).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]),
  );
  return {
    compatibilityDate: toml.compatibility_date ?? "2026-08-01",
    compatibilityFlags: toml.compatibility_flags ?? [],
    vars,
  };
}

/** A finished child process. */
export interface Run {
  code: number;
  stdout: string;
  stderr: string;
  wallMs: number;
}

/** Runs a command to completion, capturing its output. */
export function run(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Run> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd ?? ROOT, env: options.env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr, wallMs: performance.now() - started }));
  });
}

/** Fails with the command's output when it did not exit 0. */
export function check(result: Run, what: string): Run {
  if (result.code !== 0) throw new Error(`${what} failed (exit ${result.code}):\n${result.stdout}\n${result.stderr}`);
  return result;
}

export interface Workspace {
  n: number;
  dir: string;
  corpusDir: string;
  distDir: string;
  /** The multipart upload form (`--outfile`), input of `wrangler check startup`. */
  uploadFile: string;
  configFile: string;
  assetsDir: string;
  /** The compiler's output directory (src/generated/ of the snapshot). */
  generatedDir: string;
}

/**
 * Copies src/ (without generated/) and the bench entry once per run, so every corpus
 * size measures the same code even while the working tree changes under the run.
 */
export async function snapshotSources(): Promise<string> {
  const dir = join(WORK, "snapshot");
  await rm(dir, { recursive: true, force: true });
  await cp(join(ROOT, "src"), join(dir, "src"), { recursive: true, filter: (source) => !source.startsWith(join(ROOT, "src", "generated")) });
  await cp(join(ROOT, "bench", "worker.js"), join(dir, "bench", "worker.js"));
  return dir;
}

/** Lays out a fresh workspace for `n` articles whose corpus is in `corpusDir`, from a `snapshotSources()` copy. */
export async function createWorkspace(n: number, corpusDir: string, snapshot: string, config: ProjectConfig): Promise<Workspace> {
  const dir = join(WORK, `work-${n}`);
  await rm(dir, { recursive: true, force: true });
  await cp(snapshot, dir, { recursive: true });
  const assetsDir = join(dir, "assets");
  await mkdir(join(assetsDir, "__static"), { recursive: true });
  await writeFile(join(assetsDir, ASSET_PATH), "written once the site feed is rendered\n");
  const configFile = join(dir, "wrangler.toml");
  await writeFile(
    configFile,
    `# Bench-only config written by bench/workspace.ts: the real app behind bench/worker.js.\n${stringifyToml({
      name: "edge-feeds-bench",
      main: "bench/worker.js",
      compatibility_date: config.compatibilityDate,
      compatibility_flags: config.compatibilityFlags,
      vars: config.vars,
      assets: { directory: "assets" },
    })}\n`,
  );
  return {
    n,
    dir,
    corpusDir,
    distDir: join(dir, "dist"),
    uploadFile: join(dir, "worker.upload"),
    configFile,
    assetsDir,
    generatedDir: join(dir, "src", "generated"),
  };
}

export interface BuildResult {
  wallMs: number;
  cpuMs: number;
  maxRssMiB: number;
  summary: string;
}

/** `npm run build`'s compiler on the corpus, as a child with its own peak RSS and CPU time. */
export async function buildContent(ws: Workspace): Promise<BuildResult> {
  const usageFile = join(ws.dir, "build-rusage.json");
  const result = check(
    await run(process.execPath, ["--no-warnings", "--import", join(ROOT, "bench", "rusage.ts"), join(ws.dir, "src", "build", "cli.ts")], {
      env: { ...process.env, CONTENT_DIR: ws.corpusDir, OUT_DIR: ws.generatedDir, BENCH_RUSAGE_FILE: usageFile },
    }),
    "content build",
  );
  const usage = JSON.parse(await readFile(usageFile, "utf8")) as NodeJS.ResourceUsage;
  return {
    wallMs: result.wallMs,
    cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000,
    maxRssMiB: usage.maxRSS / 1024,
    summary: result.stdout.trim(),
  };
}

const wranglerBin = join(ROOT, "node_modules", "wrangler", "bin", "wrangler.js");

export function wrangler(args: string[], cwd: string): Promise<Run> {
  return run(process.execPath, [wranglerBin, ...args], { cwd, env: { ...process.env, WRANGLER_SEND_METRICS: "false", NO_COLOR: "1", CI: "true" } });
}

/** `wrangler deploy --dry-run` into dist/ (modules) and worker.upload (the upload form); returns its wall time. */
export async function bundle(ws: Workspace): Promise<number> {
  const result = check(
    await wrangler(["deploy", "--dry-run", "--config", ws.configFile, "--outdir", ws.distDir, "--outfile", ws.uploadFile], ws.dir),
    "wrangler deploy --dry-run",
  );
  return result.wallMs;
}

/** One module of the bundle as workerd loads it. */
export interface BundleModule {
  name: string;
  path: string;
  kind: "esModule" | "text" | "data";
}

/** The dry-run's modules, the JavaScript (main) module first, as workerd and miniflare expect. */
export async function bundleModules(ws: Workspace): Promise<BundleModule[]> {
  const files = (await readdir(ws.distDir)).filter((f) => !f.endsWith(".map") && f !== "README.md").sort();
  const modules: BundleModule[] = files.map((name) => ({
    name,
    path: join(ws.distDir, name),
    kind: /\.m?js$/.test(name) ? "esModule" : /\.(txt|html|sql)$/.test(name) ? "text" : "data",
  }));
  return modules.sort((a, b) => Number(b.kind === "esModule") - Number(a.kind === "esModule"));
}

export interface Sizes {
  /** Markdown sources: total bytes, gzip of their concatenation, mean bytes per article. */
  contentRaw: number;
  contentGzip: number;
  meanArticle: number;
  /** Every module wrangler uploads (no source maps), and the gzip of them together as wrangler reports it. */
  bundleRaw: number;
  bundleGzip: number;
  /** The JavaScript alone: the fixed part of the bundle. */
  codeRaw: number;
  codeGzip: number;
  /** The generated index module alone. */
  indexRaw: number;
  indexGzip: number;
}

/** gzip level 6 (zlib's default), as wrangler's size report and the old limit check used. */
const gzipSize = (data: Buffer) => gzipSync(data).byteLength;

export async function measureSizes(ws: Workspace, modules: BundleModule[]): Promise<Sizes> {
  const sources = (await readdir(ws.corpusDir)).filter((f) => f.endsWith(".md")).sort();
  const content = Buffer.concat(await Promise.all(sources.map((f) => readFile(join(ws.corpusDir, f)))));
  const buffers = await Promise.all(modules.map(async (m) => ({ m, data: await readFile(m.path) })));
  const code = Buffer.concat(buffers.filter((b) => b.m.kind === "esModule").map((b) => b.data));
  const index = Buffer.concat(buffers.filter((b) => b.m.kind !== "esModule").map((b) => b.data));
  const all = Buffer.concat(buffers.map((b) => b.data));
  return {
    contentRaw: content.byteLength,
    contentGzip: gzipSize(content),
    meanArticle: content.byteLength / sources.length,
    bundleRaw: all.byteLength,
    bundleGzip: gzipSize(all),
    codeRaw: code.byteLength,
    codeGzip: gzipSize(code),
    indexRaw: index.byteLength,
    indexGzip: gzipSize(index),
  };
}

/** A term of the built index with its article count. */
export interface TermCount {
  name: string;
  count: number;
}

/**
 * The most and the least used tag of the build (ties: first by name), from whichever
 * module holds the term index: catalog.json.txt, or the older content-index.json.txt.
 */
export async function tagExtremes(ws: Workspace): Promise<{ popular: TermCount; rare: TermCount; tags: number }> {
  const text = await readFile(join(ws.generatedDir, "catalog.json.txt"), "utf8").catch(() => readFile(join(ws.generatedDir, "content-index.json.txt"), "utf8"));
  const index = JSON.parse(text) as { tags: Record<string, { name: string; articles: number[] }> };
  const terms = Object.values(index.tags)
    .map((t) => ({ name: t.name, count: t.articles.length }))
    .sort((a, b) => b.count - a.count || (a.name < b.name ? -1 : 1));
  const popular = terms[0];
  const rare = terms.find((t) => t.count === terms[terms.length - 1]?.count);
  if (!popular || !rare) throw new Error("the built index has no tags");
  return { popular, rare, tags: terms.length };
}
