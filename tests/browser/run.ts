/**
 * `npm run test:browser`: the browser checks (./checks.ts) in headless Chromium. On a
 * machine without Debian's Chromium they are skipped with one line naming the package;
 * in CI they always run, and a missing Chromium fails them (tests/system.ts).
 */
import { reportSkips } from "../system.ts";

if (reportSkips(["chromium"]) === 0) await import("./checks.ts");
