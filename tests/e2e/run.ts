/**
 * `npm run test:e2e`: the end-to-end tests, each against real processes on loopback with
 * nothing beyond what `npm ci` installs: the built-in WebSub hub under `wrangler dev`
 * (./websub.ts), an article going live on schedule with its delivery (./schedule.ts), the deploy script's publish pings to a mock hub (./deploy.ts), a Hugo
 * site's content folder served at its own permalinks (./sites.ts), and subscriber counts
 * from 10,000 fetches under `wrangler dev` (./stats.ts). A watchdog stops everything they
 * started after nine minutes (the schedule test waits about 2 minutes for its moment).
 */
import { cleanupAll } from "./project.ts";

const stopAll = (code: number) => void cleanupAll().finally(() => process.exit(code));
const watchdog = setTimeout(() => {
  console.error("e2e tests: still running after 9 minutes, stopping");
  stopAll(1);
}, 540_000);
watchdog.unref();
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => stopAll(130));

await import("./websub.ts");
await import("./schedule.ts");
await import("./deploy.ts");
await import("./sites.ts");
await import("./stats.ts");
