import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

// In CI a JSON report lets .ci/run refuse skipped tests (tests/ci-no-skips.ts).
const CI = Boolean(process.env.CI) && process.env.CI !== "false" && process.env.CI !== "0";

export default defineConfig({
  test: {
    reporters: CI ? ["default", ["json", { outputFile: "test-results/vitest.json" }]] : ["default"],
    projects: [
      {
        // The content compiler and scripts: Node-only code.
        test: { name: "node", include: ["tests/node/**/*.test.ts"], environment: "node", globalSetup: ["tests/vitest-setup.ts"] },
      },
      {
        // The worker, inside workerd, configured from wrangler.toml.
        plugins: [cloudflareTest({ wrangler: { configPath: "./wrangler.toml" } })],
        test: { name: "worker", include: ["tests/worker/**/*.test.ts"] },
      },
    ],
  },
});
