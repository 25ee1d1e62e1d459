import { type Dirent, existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { compileContent } from "./src/build/compile.ts";

// In CI a JSON report lets .ci/run refuse skipped tests (tests/ci-no-skips.ts).
const CI = Boolean(process.env.CI) && process.env.CI !== "false" && process.env.CI !== "0";

/**
 * content/ compiled in memory, the reference the worker tests compare the worker's
 * answers with (the worker itself reads what `npm run build` wrote to dist/content/).
 */
function sampleContent() {
  const dir = join(import.meta.dirname, "content");
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".md"))
    .sort();
  const result = compileContent(
    files.map((file) => ({ file, source: readFileSync(join(dir, file), "utf8") })),
    { timeZone: "Asia/Shanghai" },
  );
  if (!result.ok) throw new Error(`content/ does not compile: ${JSON.stringify(result.problems)}`);
  return result.index;
}

/** Every file the build wrote to the assets directory (paths as the ASSETS binding serves them). */
function assetPaths(): string[] {
  const dir = join(import.meta.dirname, "dist/content");
  if (!existsSync(dir)) return [];
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as Dirent[])
    .filter((entry) => entry.isFile())
    .map((entry) => `/${relative(dir, join(entry.parentPath, entry.name)).split("\\").join("/")}`);
}

export default defineConfig({
  test: {
    reporters: CI ? ["default", ["json", { outputFile: "test-results/vitest.json" }]] : ["default"],
    projects: [
      {
        // The content compiler and scripts: Node-only code.
        test: { name: "node", include: ["tests/node/**/*.test.ts"], environment: "node", globalSetup: ["tests/vitest-setup.ts"] },
      },
      {
        // The worker, inside workerd, configured from wrangler.toml, with the built assets.
        plugins: [
          cloudflareTest({
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: { bindings: { TEST_CONTENT: JSON.parse(JSON.stringify(sampleContent())), TEST_ASSET_PATHS: assetPaths() } },
          }),
        ],
        test: { name: "worker", include: ["tests/worker/**/*.test.ts"] },
      },
    ],
  },
});
