/**
 * @module Preloaded into a measured Node child (`node --import ./bench/rusage.ts ...`):
 * on exit it writes the child's own `process.resourceUsage()` (peak RSS, CPU time) to
 * the file named by BENCH_RUSAGE_FILE, so the bench needs no `/usr/bin/time`.
 */
import { writeFileSync } from "node:fs";

process.on("exit", () => {
  const file = process.env.BENCH_RUSAGE_FILE;
  if (file) writeFileSync(file, JSON.stringify(process.resourceUsage()));
});
