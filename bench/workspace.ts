/**
 * @module One benchmark workspace per corpus size, under .wrangler/bench/ (git-ignored,
 * and outside every tsconfig's reach, unlike bench/): the generated corpus, a snapshot
 * of src/ whose build writes the index modules into its own src/generated/ and the
 * content into `assets/` (Workers Static Assets, with the build's manifest beside it),
 * the bench-only worker entry, a bench wrangler config (no `[build]`; `[assets]` as in
 * the project's wrangler.toml) and the dry-run output. The project's own src/generated/
 * and dist/ are never touched. Quick reports go to bench/out/ (git-ignored).
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { createReadStream, type Dirent } from "node:fs";
import { appendFile, cp, mkdir, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { gzipSync } from "node:zlib";
import { parse as parseToml, stringify as stringifyToml } from "smol-toml";

export const ROOT = join(import.meta.dirname, "..");
export const OUT = join(ROOT, "bench", "out");
export const WORK = join(ROOT, ".wrangler", "bench");

/** What the bench reads from the project's wrangler.toml. */
export interface ProjectConfig {
  compatibilityDate: string;
  compatibilityFlags: string[];
  vars: Record<string, string>;
  /** `[assets]`: the bench uses the same binding and routing. */
  assets: { binding: string; runWorkerFirst: boolean };
}

/**
 * Settings the bench measures with instead of the sample's wrangler.toml: the default
 * archive page size (the sample's 5 only shows its 14 articles on several pages), and no
 * Chinese variant, for issue 10's build targets. The build that the worker then serves
 * makes one variant (`SERVED_VARIANTS`, given to the build in its environment, which
 * wins over wrangler.toml), so that the variant's routes can be measured beside the
 * unconverted ones; the build without it is measured first, and alternated with it at
 * N = 10,000 (bench/run.ts).
 */
export const BENCH_VARS: Record<string, string> = { ARCHIVE_PAGE_SIZE: "20", CHINESE_VARIANTS: "none" };

/** The Chinese variant the served build makes (`CHINESE_VARIANTS`): the project's default, `s2t`. */
export const SERVED_VARIANT = "s2t";

export async function readProjectConfig(): Promise<ProjectConfig> {
  const toml = parseToml(await readFile(join(ROOT, "wrangler.toml"), "utf8")) as {
    compatibility_date?: string;
    compatibility_flags?: string[];
    vars?: Record<string, unknown>;
    assets?: { binding?: string; run_worker_first?: boolean };
  };
  const vars = {
    ...Object.fromEntries(Object.entries(toml.vars ?? {}).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)])),
    ...BENCH_VARS,
  };
  return {
    compatibilityDate: toml.compatibility_date ?? "2026-08-01",
    compatibilityFlags: toml.compatibility_flags ?? [],
    vars,
    assets: { binding: toml.assets?.binding ?? "ASSETS", runWorkerFirst: toml.assets?.run_worker_first === true },
  };
}

/** A finished child process. */
export interface Run {
  code: number;
  stdout: string;
  stderr: string;
  wallMs: number;
}

/** Runs a command to completion, capturing its output; killed after `timeoutMs`. */
export function run(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<Run> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd ?? ROOT, env: options.env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    const timer = setTimeout(
      () => {
        stderr += `\n(killed after ${options.timeoutMs} ms)`;
        child.kill("SIGKILL");
      },
      options.timeoutMs ?? 30 * 60_000,
    );
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, stdout, stderr, wallMs: performance.now() - started });
    });
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
  /** The same config without `[assets]`: a dry run that only bundles (see `dryRun`). */
  bundleConfigFile: string;
  /** Workers Static Assets: the build's `ASSETS_DIR`. */
  assetsDir: string;
  /** The compiler's index modules (src/generated/ of the snapshot): its `OUT_DIR`. */
  generatedDir: string;
  /** SITE_URL for the build and the worker ("" = the request's origin, spliced at request time). */
  siteUrl: string;
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

/** Where the corpus of `n` articles goes: inside the bench's work directory, next to its workspace. */
export const corpusDir = (n: number) => join(WORK, `corpus-${n}`);

/** Lays out a fresh workspace for `n` articles whose corpus is in `corpus`, from a `snapshotSources()` copy. */
export async function createWorkspace(n: number, corpus: string, snapshot: string, config: ProjectConfig): Promise<Workspace> {
  const dir = join(WORK, `work-${n}`);
  await rm(dir, { recursive: true, force: true });
  await cp(snapshot, dir, { recursive: true });
  const configFile = join(dir, "wrangler.toml");
  // No [[durable_objects.bindings]], [[migrations]] or [triggers]: without the WEBSUB binding the
  // worker runs without its WebSub hub (src/websub/trigger.ts `hubEnabled`): feeds still name it
  // (a build setting), `/websub` is a 404, and no request signals a Durable Object.
  const worker = {
    name: "edge-feeds-bench",
    main: "bench/worker.js",
    compatibility_date: config.compatibilityDate,
    compatibility_flags: config.compatibilityFlags,
    vars: config.vars,
  };
  await writeFile(
    configFile,
    `# Bench-only config written by bench/workspace.ts: the real app behind bench/worker.js.\n${stringifyToml({
      ...worker,
      assets: { directory: "assets", binding: config.assets.binding, run_worker_first: config.assets.runWorkerFirst },
    })}\n`,
  );
  const bundleConfigFile = join(dir, "wrangler.bundle.toml");
  await writeFile(bundleConfigFile, `# Bench-only config written by bench/workspace.ts: the same bundle, without [assets] (nothing to hash).\n${stringifyToml(worker)}\n`);
  return {
    n,
    dir,
    corpusDir: corpus,
    distDir: join(dir, "dist"),
    uploadFile: join(dir, "worker.upload"),
    configFile,
    bundleConfigFile,
    assetsDir: join(dir, "assets"),
    generatedDir: join(dir, "src", "generated"),
    siteUrl: config.vars.SITE_URL ?? "",
  };
}

/** Removes a size's workspace and corpus once measured (at N = 100,000 they hold several GB). */
export async function removeWorkspace(ws: Workspace): Promise<void> {
  await rm(ws.dir, { recursive: true, force: true });
  await rm(ws.corpusDir, { recursive: true, force: true });
}

export interface BuildResult {
  wallMs: number;
  cpuMs: number;
  /** Peak resident set of the whole build process, worker threads included (getrusage). */
  maxRssMiB: number;
  /** The build's own one-line summary, with its phase timings. */
  summary: string;
  /** `CHINESE_VARIANTS` the build ran with ("none": no variant). */
  variants?: string;
}

/**
 * `npm run build`'s compiler on the workspace's corpus, as a child with its own peak RSS
 * and CPU time. `variants`: `CHINESE_VARIANTS` for this build (the environment wins over
 * the workspace's wrangler.toml, whose value is `BENCH_VARS`'s "none").
 */
export async function buildContent(ws: Workspace, variants = BENCH_VARS.CHINESE_VARIANTS as string, timeoutMs = 20 * 60_000): Promise<BuildResult> {
  const usageFile = join(ws.dir, "build-rusage.json");
  await rm(usageFile, { force: true });
  const result = check(
    await run(process.execPath, ["--no-warnings", "--import", join(ROOT, "bench", "rusage.ts"), join(ws.dir, "src", "build", "cli.ts")], {
      cwd: ws.dir,
      env: {
        ...process.env,
        CONTENT_DIR: ws.corpusDir,
        OUT_DIR: ws.generatedDir,
        ASSETS_DIR: ws.assetsDir,
        SITE_URL: ws.siteUrl,
        CHINESE_VARIANTS: variants,
        BENCH_RUSAGE_FILE: usageFile,
      },
      timeoutMs,
    }),
    "content build",
  );
  const usage = JSON.parse(await readFile(usageFile, "utf8")) as NodeJS.ResourceUsage;
  return {
    wallMs: result.wallMs,
    cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000,
    maxRssMiB: usage.maxRSS / 1024,
    summary: result.stdout.trim(),
    variants,
  };
}

/**
 * Removes what a build left, so that the next one starts empty like the first: the
 * assets directory, everything the build keeps beside it (`assets.manifest.json`,
 * `assets.build/`, any other `assets.*`) and the index modules in src/generated/.
 */
export async function cleanBuild(ws: Workspace): Promise<void> {
  const parent = join(ws.assetsDir, "..");
  const base = relative(parent, ws.assetsDir);
  for (const entry of await readdir(parent)) {
    if (entry === base || entry.startsWith(`${base}.`)) await rm(join(parent, entry), { recursive: true, force: true });
  }
  await rm(ws.generatedDir, { recursive: true, force: true });
  await mkdir(ws.generatedDir, { recursive: true });
}

const wranglerBin = join(ROOT, "node_modules", "wrangler", "bin", "wrangler.js");

export function wrangler(args: string[], cwd: string): Promise<Run> {
  return run(process.execPath, [wranglerBin, ...args], { cwd, env: { ...process.env, WRANGLER_SEND_METRICS: "false", NO_COLOR: "1", CI: "true" }, timeoutMs: 15 * 60_000 });
}

/** What `wrangler deploy --dry-run` made and said. */
export interface DryRun {
  wallMs: number;
  /** wrangler's own "Total Upload: X KiB / gzip: Y KiB", in bytes. */
  reportedBytes: number;
  reportedGzipBytes: number;
}

/**
 * `wrangler deploy --dry-run` into dist/ (modules) and worker.upload (the upload form).
 * With `[assets]` it also reads and hashes every asset file (its asset manifest), and
 * refuses a file over 25 MiB, but it does not check the plan's file count: that is
 * the API's job at upload, so the bench counts the files itself (`measureAssets`).
 */
export async function dryRun(ws: Workspace, options: { bundleOnly?: boolean } = {}): Promise<DryRun> {
  // bundleOnly: the same modules and upload form without reading and hashing every asset file
  // (minutes at N = 100,000 with a variant), for a build whose assets the bench counts itself.
  const config = options.bundleOnly ? ws.bundleConfigFile : ws.configFile;
  await rm(ws.distDir, { recursive: true, force: true });
  const result = check(await wrangler(["deploy", "--dry-run", "--config", config, "--outdir", ws.distDir, "--outfile", ws.uploadFile], ws.dir), "wrangler deploy --dry-run");
  const total = /Total Upload: ([\d.]+) KiB \/ gzip: ([\d.]+) KiB/.exec(result.stdout + result.stderr);
  if (!total) throw new Error(`wrangler deploy --dry-run printed no "Total Upload":\n${result.stdout}\n${result.stderr}`);
  return { wallMs: result.wallMs, reportedBytes: Number(total[1]) * 1024, reportedGzipBytes: Number(total[2]) * 1024 };
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

/** The script wrangler uploads, by module. */
export interface ScriptSize {
  /** Every module (no source map): what the 64 MiB limit counts. */
  raw: number;
  gzip: number;
  /** The JavaScript alone, and the index modules alone (catalog.json.txt + index.bin). */
  code: number;
  index: number;
}

export async function measureScript(modules: BundleModule[]): Promise<ScriptSize> {
  const buffers = await Promise.all(modules.map(async (m) => ({ m, data: await readFile(m.path) })));
  const sum = (xs: typeof buffers) => xs.reduce((total, b) => total + b.data.byteLength, 0);
  return {
    raw: sum(buffers),
    gzip: gzipSync(Buffer.concat(buffers.map((b) => b.data))).byteLength,
    code: sum(buffers.filter((b) => b.m.kind === "esModule")),
    index: sum(buffers.filter((b) => b.m.kind !== "esModule")),
  };
}

/** Every file under `dir` (relative paths, `/` separators). */
async function listFiles(dir: string): Promise<string[]> {
  const entries = (await readdir(dir, { recursive: true, withFileTypes: true })) as Dirent[];
  return entries.filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name)).split("\\").join("/"));
}

/** The assets directory as the platform counts it. */
export interface AssetStats {
  files: number;
  bytes: number;
  largest: { path: string; bytes: number };
  /** Files and bytes per top-level kind: article chunks (`_c/a`) and scope files (`_c/s`, and large terms' windows, `_c/w`). */
  chunks: { files: number; bytes: number };
  windows: { files: number; bytes: number };
}

export async function measureAssets(ws: Workspace): Promise<AssetStats> {
  const files = await listFiles(ws.assetsDir);
  const stats: AssetStats = { files: 0, bytes: 0, largest: { path: "", bytes: 0 }, chunks: { files: 0, bytes: 0 }, windows: { files: 0, bytes: 0 } };
  for (const file of files) {
    const size = (await stat(join(ws.assetsDir, file))).size;
    stats.files++;
    stats.bytes += size;
    if (size > stats.largest.bytes) stats.largest = { path: file, bytes: size };
    const group = file.startsWith("_c/a/") ? stats.chunks : file.startsWith("_c/s/") || file.startsWith("_c/w/") ? stats.windows : undefined;
    if (group) {
      group.files++;
      group.bytes += size;
    }
  }
  return stats;
}

/** The Markdown sources: how many, and their total bytes. */
export async function measureCorpus(dir: string): Promise<{ files: number; bytes: number }> {
  const files = (await listFiles(dir)).filter((f) => f.endsWith(".md"));
  let bytes = 0;
  for (const file of files) bytes += (await stat(join(dir, file))).size;
  return { files: files.length, bytes };
}

/** A file's identity on disk and its content hash: a file whose identity is unchanged kept its bytes. */
interface FileState {
  ino: number;
  size: number;
  mtimeMs: number;
  sha256: string;
}
export type AssetHashes = Map<string, FileState>;

function sha256(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash("sha256");
    createReadStream(path)
      .on("data", (chunk) => hash.update(chunk))
      .on("error", reject)
      .on("end", () => resolve(hash.digest("hex")));
  });
}

/**
 * The SHA-256 of every asset file (what decides whether `wrangler deploy` uploads it).
 * With `previous`, a file whose inode, size and modification time are unchanged keeps its
 * previous hash without being read again (the build replaces files by rename, never in
 * place), so the second pass reads only what the build touched.
 */
export async function hashAssets(ws: Workspace, previous?: AssetHashes): Promise<AssetHashes> {
  const hashes: AssetHashes = new Map();
  for (const file of await listFiles(ws.assetsDir)) {
    const path = join(ws.assetsDir, file);
    const s = await stat(path);
    const before = previous?.get(file);
    const same = before && before.ino === s.ino && before.size === s.size && before.mtimeMs === s.mtimeMs;
    hashes.set(file, { ino: s.ino, size: s.size, mtimeMs: s.mtimeMs, sha256: same ? before.sha256 : await sha256(path) });
  }
  return hashes;
}

/** What changed between two `hashAssets` of the same directory. */
export function diffAssets(before: AssetHashes, after: AssetHashes): { before: number; changed: number; added: number; removed: number } {
  let changed = 0;
  let added = 0;
  for (const [file, state] of after) {
    const old = before.get(file);
    if (old === undefined) added++;
    else if (old.sha256 !== state.sha256) changed++;
  }
  const removed = [...before.keys()].filter((file) => !after.has(file)).length;
  return { before: before.size, changed, added, removed };
}

/** The corpus file with the newest `date:` (ties: the last by name): the article edited for the rebuild test. */
export async function newestSource(dir: string): Promise<string> {
  let newest = { file: "", date: "" };
  for (const file of (await listFiles(dir)).filter((f) => f.endsWith(".md")).sort()) {
    const text = await readFile(join(dir, file), "utf8");
    const date = /^date: (.+)$/m.exec(text)?.[1] ?? "";
    if (date >= newest.date) newest = { file, date };
  }
  if (newest.file === "") throw new Error(`no article in ${dir}`);
  return join(dir, newest.file);
}

/** An editor's change to an article's body: one more paragraph at the end. */
export async function editSource(path: string): Promise<void> {
  await appendFile(path, "\n\n（本文于发布后更新：补充了活动现场的更多细节。）\n");
}

/** Writes a file into the corpus (the added article). */
export async function addSource(dir: string, file: string, text: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, file), text);
}

/** Takes a file out of the corpus again (an added article, once the rebuilds are measured). */
export async function removeSource(dir: string, file: string): Promise<void> {
  await rm(join(dir, file), { force: true });
}
