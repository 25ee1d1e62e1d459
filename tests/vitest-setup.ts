/**
 * Vitest global set-up: before any test runs, one line per group of checks that this
 * machine cannot run and will skip (tests/system.ts). Nothing is skipped in CI.
 */
import { reportSkips } from "./system.ts";

export default function setup(): void {
  reportSkips(["feedparser", "expat", "xmllint"]);
}
