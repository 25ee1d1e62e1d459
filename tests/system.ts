/**
 * @module System programs a few checks need beyond npm: Debian's Chromium (browser
 * tests), Python with feedparser (a third, independent feed reader) or expat (an
 * independent strict XML parser), and libxml2's xmllint (XML Schema validation of the
 * sitemaps). Found once, here, so every test asks the same way.
 *
 * On a developer's machine without them, those checks are skipped and `npm test` says
 * so in one line each, naming the Debian package to install (`reportSkips()`, run by
 * Vitest's global set-up and by the browser runner). In CI (`CI` set) nothing is
 * skipped: a missing program fails the check that needs it, and `.ci/run` installs the
 * packages first and then refuses any skipped test (`tests/ci-no-skips.ts`).
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

/** A program some checks need, and where it was found. */
export interface SystemProgram {
  /** What the checks are, for the skip line: "browser tests". */
  checks: string;
  /** The Debian package that provides it. */
  debian: string;
  /** How to point the tests at it by hand. */
  override: string;
  /** The command or path found, or `undefined`. */
  found: string | undefined;
}

/** True when running in CI, where a missing program is a failure, never a skip. */
export const IN_CI = Boolean(process.env.CI) && process.env.CI !== "false" && process.env.CI !== "0";

/** The first Python (from `$PYTHON`, `python3`, `/usr/bin/python3`) that can import `module`. */
function pythonWith(module: string): string | undefined {
  return [process.env.PYTHON, "python3", "/usr/bin/python3"].find((cmd) => cmd !== undefined && spawnSync(cmd, ["-c", `import ${module}`], { encoding: "utf8" }).status === 0);
}

/** `command` when it runs (`--version` answers with status 0). */
function runs(command: string): string | undefined {
  return spawnSync(command, ["--version"], { encoding: "utf8" }).status === 0 ? command : undefined;
}

let found: Record<"chromium" | "feedparser" | "expat" | "xmllint", SystemProgram> | undefined;

/** Every system program the tests can use, looked up once per process. */
export function systemPrograms(): Record<"chromium" | "feedparser" | "expat" | "xmllint", SystemProgram> {
  const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  found ??= {
    chromium: { checks: "browser tests (tests/browser/)", debian: "chromium", override: "CHROMIUM_PATH", found: existsSync(chromium) ? chromium : undefined },
    feedparser: { checks: "Python feedparser checks (tests/node/feedparser.test.ts)", debian: "python3-feedparser", override: "PYTHON", found: pythonWith("feedparser") },
    expat: { checks: "Python expat well-formedness check (tests/node/validity.property.test.ts)", debian: "python3", override: "PYTHON", found: pythonWith("xml.parsers.expat") },
    xmllint: { checks: "sitemap XML Schema checks (tests/node/sitemaps.test.ts)", debian: "libxml2-utils", override: "XMLLINT", found: runs(process.env.XMLLINT ?? "xmllint") },
  };
  return found;
}

/** Whether checks needing `program` are skipped here: only when it is missing and this is not CI. */
export function skips(program: SystemProgram): boolean {
  return program.found === undefined && !IN_CI;
}

/** The one line `npm test` prints for a skipped group of checks. */
export function skipLine(program: SystemProgram): string {
  return `skipped: ${program.checks}: needs ${program.debian} (apt-get install ${program.debian}, or set ${program.override})`;
}

/** Prints one line per skipped group of checks; returns how many there were. */
export function reportSkips(names: (keyof ReturnType<typeof systemPrograms>)[]): number {
  const skipped = names.map((name) => systemPrograms()[name]).filter(skips);
  for (const program of skipped) console.log(skipLine(program));
  return skipped.length;
}
