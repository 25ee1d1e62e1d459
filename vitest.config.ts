import { cloudflareTest } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      {
        // The content compiler and scripts: Node-only code.
        test: { name: "node", include: ["tests/node/**/*.test.ts"], environment: "node" },
      },
      {
        // The worker, inside workerd, configured from wrangler.toml.
        plugins: [cloudflareTest({ wrangler: { configPath: "./wrangler.toml" } })],
        test: { name: "worker", include: ["tests/worker/**/*.test.ts"] },
      },
    ],
  },
});
