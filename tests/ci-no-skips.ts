/**
 * `.ci/run`'s last step: fails when the Vitest run recorded any skipped or todo test
 * (test-results/vitest.json, written by the JSON reporter when `CI` is set), so a
 * check that quietly stopped running cannot pass CI. The browser runner enforces the
 * same on its own (tests/browser/run.ts).
 */
import { readFileSync } from "node:fs";

const report = JSON.parse(readFileSync(new URL("../test-results/vitest.json", import.meta.url), "utf8")) as {
  numTotalTests: number;
  numPendingTests: number;
  numTodoTests: number;
  testResults: { name: string; assertionResults: { fullName: string; status: string }[] }[];
};
const skipped = report.testResults.flatMap((file) =>
  file.assertionResults.filter((t) => t.status !== "passed" && t.status !== "failed").map((t) => `${file.name}: ${t.fullName} (${t.status})`),
);
if (report.numPendingTests + report.numTodoTests > 0 || skipped.length > 0) {
  console.error(`CI: ${skipped.length} test(s) were skipped; CI installs what they need and runs everything:\n${skipped.join("\n")}`);
  process.exit(1);
}
console.log(`CI: all ${report.numTotalTests} Vitest tests ran, none skipped.`);
