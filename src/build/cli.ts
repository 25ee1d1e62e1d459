/**
 * @module `npm run build`: the content build (./build.ts) with paths and settings from
 * the environment and wrangler.toml. Run by wrangler before every dev and deploy bundle
 * (`[build]` in wrangler.toml) and by `npm test`. On any problem it prints every one of
 * them, with file and field, writes nothing and exits 1.
 *
 * Node's compile cache is on before the build's modules load (they are imported below,
 * not statically): stripping their types and compiling them took about half of the
 * 0.4 s a rebuild with nothing to do spent before it read anything, in this thread and
 * again in each build thread (./thread.ts). The cache is Node's own (its default
 * directory, or `NODE_COMPILE_CACHE`; `NODE_DISABLE_COMPILE_CACHE=1` turns it off) and
 * never changes what the build writes.
 */
import { enableCompileCache } from "node:module";
import { relative } from "node:path";

enableCompileCache();
const { buildOnSchedule } = await import("./schedule.ts");
const { formatProblems } = await import("./compile.ts");
const { buildPaths, readSettings } = await import("./settings.ts");

async function main(): Promise<number> {
  const paths = buildPaths();
  const read = readSettings(paths.root);
  if (!read.ok) {
    console.error(`content build failed: ${read.problems.join("\n")}`);
    return 1;
  }
  for (const warning of read.warnings) console.warn(`warning: ${warning}`);
  const result = await buildOnSchedule(paths, read.settings, read.config?.values, Date.now(), (line) => console.log(line));
  if (!result.ok) {
    const shown = relative(process.cwd(), paths.contentDir) || ".";
    console.error(`content build failed: ${result.problems.length} problem(s) in ${shown}/\n${formatProblems(result.problems, `${shown}/`)}`);
    return 1;
  }
  for (const warning of result.warnings) console.warn(`warning: ${warning}`);
  console.log(result.summary);
  return 0;
}

process.exitCode = await main();
