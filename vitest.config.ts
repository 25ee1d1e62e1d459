import { type Dirent, existsSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { sampleIndex } from "./tests/fixtures/samples.ts";

// In CI a JSON report lets .ci/run refuse skipped tests (tests/ci-no-skips.ts).
const CI = Boolean(process.env.CI) && process.env.CI !== "false" && process.env.CI !== "0";

/** fast-check's seed (tests/fast-check-setup.ts): `FC_SEED`, else fixed in CI, else a new one each run. */
const FAST_CHECK_SEED = process.env.FC_SEED ? Number(process.env.FC_SEED) : CI ? 20261208 : undefined;

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
    provide: { fastCheckSeed: FAST_CHECK_SEED },
    reporters: CI ? ["default", ["json", { outputFile: "test-results/vitest.json" }]] : ["default"],
    projects: [
      {
        // The content compiler and scripts: Node-only code.
        test: { name: "node", include: ["tests/node/**/*.test.ts"], environment: "node", globalSetup: ["tests/vitest-setup.ts"], setupFiles: ["tests/fast-check-setup.ts"] },
      },
      {
        // The worker, inside workerd, configured from wrangler.toml, with the built assets.
        plugins: [
          cloudflareTest({
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: { bindings: { TEST_CONTENT: JSON.parse(JSON.stringify(sampleIndex())), TEST_ASSET_PATHS: assetPaths() } },
          }),
        ],
        test: { name: "worker", include: ["tests/worker/**/*.test.ts"], setupFiles: ["tests/fast-check-setup.ts"] },
      },
    ],
  },
});
