/**
 * @module `npm run build`: the content build (./build.ts) with paths and settings from
 * the environment and wrangler.toml. Run by wrangler before every dev and deploy bundle
 * (`[build]` in wrangler.toml) and by `npm test`. On any problem it prints every one of
 * them, with file and field, writes nothing and exits 1.
 */
import { relative } from "node:path";
import { buildContent } from "./build.ts";
import { formatProblems } from "./compile.ts";
import { buildPaths, readSettings } from "./settings.ts";

async function main(): Promise<number> {
  const paths = buildPaths();
  const read = readSettings(paths.root);
  if (!read.ok) {
    console.error(`content build failed: ${read.problems.join("\n")}`);
    return 1;
  }
  for (const warning of read.warnings) console.warn(`warning: ${warning}`);
  const result = await buildContent(paths, read.settings);
  if (!result.ok) {
    const shown = relative(process.cwd(), paths.contentDir) || ".";
    console.error(`content build failed: ${result.problems.length} problem(s) in ${shown}/\n${formatProblems(result.problems, `${shown}/`)}`);
    return 1;
  }
  console.log(result.summary);
  return 0;
}

process.exitCode = await main();
