/**
 * Vitest global set-up of the Node project: before any test runs, one line per group of
 * checks that this machine cannot run and will skip (tests/system.ts). Nothing is skipped
 * in CI. Every temporary directory the tests make (built content's workspaces:
 * tests/fixtures/built.ts, a few hundred a run) is inside one of this run's, through
 * `TMPDIR`, which the test processes inherit, and it is removed when the run ends.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { reportSkips } from "./system.ts";

export default function setup(): () => void {
  reportSkips(["feedparser", "expat", "xmllint"]);
  const dir = mkdtempSync(join(tmpdir(), "edge-feeds-tests-"));
  process.env.TMPDIR = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
