/**
 * @module `npm run build`: compiles content/ into src/generated/. Run by wrangler
 * before every bundle (`[build]` in wrangler.toml) and by `npm test`.
 * On any problem it prints every one of them, writes nothing and exits 1.
 */
import { readFileSync } from "node:fs";
import { mkdir, readdir, readFile, rename, writeFile } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import { parse as parseToml } from "smol-toml";
import { assembleIndex, formatProblems } from "./compile.ts";
import { isTimeZone } from "./dates.ts";
import { writeModules } from "./emit.ts";
import { compileAll } from "./parallel.ts";

const root = resolve(import.meta.dirname, "../..");
const contentDir = resolve(process.env.CONTENT_DIR ?? join(root, "content"));
const outDir = resolve(process.env.OUT_DIR ?? join(root, "src/generated"));

/** SITE_TIMEZONE from the environment, else from wrangler.toml [vars], else Asia/Shanghai. */
async function siteTimeZone(): Promise<string> {
  if (process.env.SITE_TIMEZONE) return process.env.SITE_TIMEZONE;
  const config = parseToml(await readFile(join(root, "wrangler.toml"), "utf8")) as { vars?: Record<string, unknown> };
  const zone = config.vars?.SITE_TIMEZONE;
  return typeof zone === "string" && zone !== "" ? zone : "Asia/Shanghai";
}

async function main(): Promise<number> {
  const timeZone = await siteTimeZone();
  if (!isTimeZone(timeZone)) {
    console.error(`SITE_TIMEZONE: "${timeZone}" is not an IANA time zone (e.g. Asia/Shanghai, UTC)`);
    return 1;
  }
  const files = (await readdir(contentDir, { recursive: true })).filter((f) => f.endsWith(".md")).sort();
  // Synchronous reads, one after another: for thousands of small files this is about twice
  // as fast as as many concurrent promises queued on libuv's thread pool.
  const sources = files.map((f) => ({ file: relative(contentDir, join(contentDir, f)), source: readFileSync(join(contentDir, f), "utf8") }));
  const result = assembleIndex(await compileAll(sources, { timeZone }));
  const shown = relative(process.cwd(), contentDir) || ".";
  if (!result.ok) {
    console.error(`content build failed: ${result.problems.length} problem(s) in ${shown}/\n${formatProblems(result.problems, `${shown}/`)}`);
    return 1;
  }
  await mkdir(outDir, { recursive: true });
  await writeModules(result.index, outDir, { writeFile, rename });
  console.log(`content: ${result.index.articles.length} articles, ${Object.keys(result.index.tags).length} tags, ${Object.keys(result.index.categories).length} categories (version ${result.index.version})`);
  return 0;
}

process.exitCode = await main();
