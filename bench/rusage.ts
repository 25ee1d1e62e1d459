/**
 * @module Preloaded into a measured Node child (`node --import ./bench/rusage.ts ...`):
 * on exit it writes the child's own `process.resourceUsage()` to the file named by
 * BENCH_RUSAGE_FILE, so the bench needs no `/usr/bin/time`. getrusage(RUSAGE_SELF) is
 * per process: peak RSS and CPU time include every worker thread of the build. Worker
 * threads inherit the preload; only the main thread writes, last.
 */
import { writeFileSync } from "node:fs";
import { isMainThread } from "node:worker_threads";

if (isMainThread) {
  process.on("exit", () => {
    const file = process.env.BENCH_RUSAGE_FILE;
    if (file) writeFileSync(file, JSON.stringify(process.resourceUsage()));
  });
}
