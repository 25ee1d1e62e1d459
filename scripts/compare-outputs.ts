/**
 * @module Nothing visible changes (issue 19): every response the worker gives, before and
 * after a change, compared byte for byte. Two versions of the project are each built on
 * the same content and served by `wrangler dev`, one after the other on the same port (so
 * that URLs built on the request's origin are the same), and crawled by
 * ./outputs/crawl.ts; ./outputs/diff.ts compares the recordings.
 *
 *     node scripts/compare-outputs.ts --before <git-rev> [--after <git-rev>] [--corpus 3000 | --content a,b] [--site-url https://feeds.example]
 *     node scripts/compare-outputs.ts record (--ref <git-rev> | --tree <dir>) --out <dir> [--corpus N | --content a,b] [--site-url URL]
 *     node scripts/compare-outputs.ts diff <before-dir> <after-dir>
 *
 * Without `--after`, "after" is this working tree as it is (uncommitted changes too).
 * Content is content/ unless `--corpus N` generates N articles with
 * scripts/generate-corpus.ts (its default seed), or `--content a,b` names folders whose
 * Markdown files are put together (`--content content,tests/fixtures/hostile`). Recordings go to .wrangler/compare/
 * (git-ignored) unless `--out` says otherwise; `diff` compares two kept recordings, so a
 * "before" recorded once serves every later step. Exit status 0: the same, but entity tags
 * renamed one for one (README, "Checking that nothing visible changed"); 1: differences,
 * printed; 2: usage.
 */
import { existsSync } from "node:fs";
import { cp, mkdir, readdir, rm, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { writeCorpus } from "./generate-corpus.ts";
import { crawl } from "./outputs/crawl.ts";
import { type DiffReport, diffRecordings } from "./outputs/diff.ts";
import { buildTree, copyTree, ROOT, run, serveTree } from "./outputs/tree.ts";

const USAGE = `usage: node scripts/compare-outputs.ts --before <git-rev> [--after <git-rev>] [--corpus N | --content a,b] [--site-url URL] [--port P] [--stride S]
       node scripts/compare-outputs.ts record (--ref <git-rev> | --tree <dir>) --out <dir> [--corpus N | --content a,b] [--site-url URL] [--port P] [--stride S]
       node scripts/compare-outputs.ts diff <before-dir> <after-dir>`;

const WORK = join(ROOT, ".wrangler", "compare");

interface RecordOptions {
  source: { ref: string } | { dir: string };
  out: string;
  corpus: number;
  /** Folders whose Markdown files make the content, when not content/ or a corpus. */
  content: string[];
  siteUrl: string;
  port: number;
  /** Ask everything of one URL in `stride` (1: of all). */
  stride: number;
}

/** The content to build: content/, folders put together, or a generated corpus of `count` articles (made once, kept). */
async function contentDir(count: number, folders: string[]): Promise<string> {
  if (folders.length > 0) {
    const dir = join(WORK, `content-${folders.map((f) => f.replace(/\W+/g, "-")).join("+")}`);
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    for (const folder of folders) {
      for (const file of await readdir(resolve(ROOT, folder))) {
        if (file.endsWith(".md") || file.endsWith(".toml")) await cp(join(resolve(ROOT, folder), file), join(dir, file));
      }
    }
    return dir;
  }
  if (count === 0) return join(ROOT, "content");
  const dir = join(WORK, `corpus-${count}`);
  if (!existsSync(join(dir, ".complete"))) {
    await rm(dir, { recursive: true, force: true });
    await writeCorpus(dir, count);
    await writeFile(join(dir, ".complete"), "");
  }
  return dir;
}

/** What must be undone however a recording ends: the server stopped, the copy removed. */
const cleanups = new Set<() => Promise<void>>();
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void Promise.all([...cleanups].map((undo) => undo())).finally(() => process.exit(130));
  });
}

/** Builds, serves and crawls one version; the recording goes to `options.out`. */
export async function record(options: RecordOptions): Promise<void> {
  const started = Date.now();
  await rm(options.out, { recursive: true, force: true });
  await mkdir(options.out, { recursive: true });
  const tree = await copyTree(options.source);
  cleanups.add(tree.remove);
  try {
    const serve = { contentDir: await contentDir(options.corpus, options.content), siteUrl: options.siteUrl, port: options.port, inspectorPort: options.port + 100 };
    const revision = "ref" in options.source ? (await run("git", ["-C", ROOT, "rev-parse", options.source.ref], { cwd: ROOT, ms: 10_000 })).trim() : options.source.dir;
    const what = options.content.length > 0 ? options.content.join(" + ") : options.corpus === 0 ? "content/" : `${options.corpus} generated articles`;
    console.log(`${revision}: building ${what}${options.siteUrl ? ` with SITE_URL=${options.siteUrl}` : ""}`);
    console.log(`  ${(await buildTree(tree.dir, serve)).trim().split("\n").at(-1)}`);
    const server = await serveTree(tree.dir, serve);
    cleanups.add(server.stop);
    try {
      const count = await crawl({
        origin: server.origin,
        alsoSite: options.siteUrl ? [new URL(options.siteUrl).origin] : [],
        stride: options.stride,
        concurrency: 4,
        out: options.out,
        limit: 400_000,
      });
      await writeFile(
        join(options.out, "meta.json"),
        JSON.stringify({ revision, corpus: options.corpus, siteUrl: options.siteUrl, stride: options.stride, requests: count }, null, 2),
      );
      console.log(`  ${count} requests recorded in ${((Date.now() - started) / 1000).toFixed(0)} s: ${options.out}`);
    } finally {
      cleanups.delete(server.stop);
      await server.stop();
    }
  } finally {
    cleanups.delete(tree.remove);
    await tree.remove();
  }
}

/** Prints `report`; true when nothing differs but entity tags renamed one for one. */
export function printReport(report: DiffReport): boolean {
  console.log(`${report.compared} requests compared: ${report.identical} identical in every byte and header`);
  for (const [route, n] of [...report.renamed].sort()) console.log(`  ${n} identical but for an entity tag renamed (${route})`);
  if (report.conflicts.length > 0) console.log(`entity tags NOT renamed one for one:\n  ${report.conflicts.slice(0, 20).join("\n  ")}`);
  else if (report.renamed.size > 0) console.log("  every renamed entity tag is renamed one for one");
  if (report.sameMeaning.length > 0) console.log(`${report.sameMeaning.length} bodies with other bytes but the same meaning (listed below too)`);
  if (report.problems.length > 0) {
    console.log(`${report.problems.length} differences:`);
    for (const problem of report.problems.slice(0, 60)) console.log(`  ${problem}`);
    if (report.problems.length > 60) console.log(`  ... and ${report.problems.length - 60} more`);
  }
  return report.problems.length === 0 && report.conflicts.length === 0;
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      before: { type: "string" },
      after: { type: "string" },
      ref: { type: "string" },
      tree: { type: "string" },
      out: { type: "string" },
      corpus: { type: "string", default: "0" },
      content: { type: "string", default: "" },
      "site-url": { type: "string", default: "" },
      port: { type: "string", default: "9761" },
      stride: { type: "string" },
    },
  });
  const corpus = Number(values.corpus);
  const port = Number(values.port);
  const siteUrl = values["site-url"] ?? "";
  const content = (values.content ?? "").split(",").filter((f) => f !== "");
  const stride = Number(values.stride ?? (corpus > 0 ? 7 : 1));
  if (!Number.isInteger(corpus) || corpus < 0 || !Number.isInteger(port) || !Number.isInteger(stride) || stride < 1) {
    console.error(USAGE);
    return 2;
  }
  const [command, ...rest] = positionals;
  if (command === "diff") {
    const [a, b] = rest;
    if (a === undefined || b === undefined) {
      console.error(USAGE);
      return 2;
    }
    return printReport(await diffRecordings(resolve(a), resolve(b))) ? 0 : 1;
  }
  if (command === "record") {
    const source = values.ref !== undefined ? { ref: values.ref } : values.tree !== undefined ? { dir: resolve(values.tree) } : undefined;
    if (source === undefined || values.out === undefined) {
      console.error(USAGE);
      return 2;
    }
    await record({ source, out: resolve(values.out), corpus, content, siteUrl, port, stride });
    return 0;
  }
  if (command !== undefined || values.before === undefined) {
    console.error(USAGE);
    return 2;
  }
  const label = `${content.length > 0 ? content.map((f) => f.replace(/\W+/g, "-")).join("+") : corpus === 0 ? "sample" : `corpus-${corpus}`}${siteUrl ? "-site-url" : ""}`;
  const out = resolve(values.out ?? WORK);
  const before = join(out, `before-${label}`);
  const after = join(out, `after-${label}`);
  await record({ source: { ref: values.before }, out: before, corpus, content, siteUrl, port, stride });
  await record({ source: values.after !== undefined ? { ref: values.after } : { dir: ROOT }, out: after, corpus, content, siteUrl, port, stride });
  return printReport(await diffRecordings(before, after)) ? 0 : 1;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  process.exitCode = await main();
}
