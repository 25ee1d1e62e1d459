/**
 * `npm run test:e2e`: the end-to-end tests, each against real processes on loopback with
 * nothing beyond what `npm ci` installs: the built-in WebSub hub under `wrangler dev`
 * (./websub.ts), the deploy script's publish pings to a mock hub (./deploy.ts), and a Hugo
 * site's content folder served at its own permalinks (./sites.ts). A
 * watchdog stops everything they started after five minutes.
 */
import { cleanupAll } from "./project.ts";

const stopAll = (code: number) => void cleanupAll().finally(() => process.exit(code));
const watchdog = setTimeout(() => {
  console.error("e2e tests: still running after 5 minutes, stopping");
  stopAll(1);
}, 300_000);
watchdog.unref();
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => stopAll(130));

await import("./websub.ts");
await import("./deploy.ts");
await import("./sites.ts");
