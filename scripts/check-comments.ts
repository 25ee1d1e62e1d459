/**
 * @module Every comment that names a file or a function says something true (issue 19):
 * `npm test` runs this. In the comments of src/, tests/, scripts/ and bench/ (and in the
 * README), every path of the project (`src/feed/formats.ts`, `./template.ts`,
 * `../content/layout.ts`, `tests/fixtures/`) must exist, and every name written in
 * backquotes right after a path (`src/feed/documents.ts` `feedTag`, `./formats.ts`
 * `FORMATS`, `Renderer.title`) must be declared in that file. Prints each one that is not,
 * with where it is written, and exits 1.
 *
 *     node scripts/check-comments.ts
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";

const ROOT = resolve(import.meta.dirname, "..");

/** Where comments are read. */
const DIRS = ["src", "tests", "scripts", "bench"];

/** The project's top-level folders and files a comment can name. */
const TOP = /^(?:src|tests|scripts|bench|\.ci|content)\/|^(?:README\.md|BENCHMARKS\.md|wrangler\.toml|package\.json|vitest\.config\.ts|tsconfig(?:\.node)?\.json)$/;

/** A path as comments write it, and the backquoted names that may follow it. */
const REFERENCE = /(?<![\w./-])((?:\.\.?\/)+[\w.@-]+(?:\/[\w.@-]+)*\/?|(?:src|tests|scripts|bench|\.ci)\/[\w.@-]+(?:\/[\w.@-]+)*\/?)((?:\s*,?\s*`[\w.#$]+`)*)/g;

/** Folders the build or the tests make, which need not exist in a fresh clone. */
const MADE = [/^src\/generated\//, /^test-results\//, /^dist\//, /^bench\/out\//];

function sources(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === "generated" || name === "node_modules" ? [] : sources(path);
    return /\.(?:tsx?|py)$/.test(name) ? [path] : [];
  });
}

/** The comments of a TypeScript source, each with the line it starts on. */
function commentsOf(file: string, text: string): { text: string; line: number }[] {
  if (file.endsWith(".py")) return text.split("\n").flatMap((line, i) => (/^\s*#/.test(line) ? [{ text: line, line: i + 1 }] : []));
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, file.endsWith(".tsx") ? ts.LanguageVariant.JSX : ts.LanguageVariant.Standard, text);
  const found: { text: string; line: number }[] = [];
  const lineOf = (pos: number) => text.slice(0, pos).split("\n").length;
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    if (kind === ts.SyntaxKind.SingleLineCommentTrivia || kind === ts.SyntaxKind.MultiLineCommentTrivia) found.push({ text: scanner.getTokenText(), line: lineOf(scanner.getTokenStart()) });
    // Template literals and regular expressions are read as such, so that no `//` in them is a comment.
    if (kind === ts.SyntaxKind.TemplateHead || kind === ts.SyntaxKind.TemplateMiddle) scanner.reScanTemplateToken(false);
  }
  return found;
}

/** Whether `name` (or the member after its last dot) is declared in the text of `file`. */
function declares(file: string, name: string): boolean {
  const text = readFileSync(file, "utf8");
  const last = name.split(/[.#]/).at(-1) ?? name;
  const word = last.replace(/[$]/g, "\\$");
  return new RegExp(
    `(?:function\\*?|const|let|var|class|interface|type|enum)\\s+${word}\\b|^\\s*(?:export\\s+)?(?:readonly\\s+|static\\s+|async\\s+|get\\s+|set\\s+|#)*${word}\\??\\s*[(<:=]|\\b${word}\\s*[:(]|export\\s*\\{[^}]*\\b${word}\\b|def\\s+${word}\\b|\\b${word}\\s*=`,
    "m",
  ).test(text);
}

/** Every false reference in `text` (a comment of `file`, or the README when `file` is it). */
function falseReferences(file: string, text: string): string[] {
  const wrong: string[] = [];
  for (const m of text.matchAll(REFERENCE)) {
    const written = (m[1] ?? "").replace(/[.,:;)]+$/, "");
    const relativeOne = /^\.\.?\//.test(written);
    // A relative path names a file by its extension (`../b/` in an example is a URL path).
    if (relativeOne ? !/\.\w+$/.test(written) : !TOP.test(written)) continue;
    // A relative path is the file's, or, in a command line, the project's (`node --import ./bench/x.ts`).
    const fromFile = relative(ROOT, resolve(dirname(file), written));
    const path = relativeOne && !existsSync(join(ROOT, fromFile)) && existsSync(join(ROOT, written)) ? relative(ROOT, resolve(ROOT, written)) : relativeOne ? fromFile : written;
    if (MADE.some((made) => made.test(`${path}/`))) continue;
    const full = join(ROOT, path);
    if (!existsSync(full)) {
      wrong.push(`${written}: no such file`);
      continue;
    }
    if (statSync(full).isDirectory()) continue;
    for (const name of [...(m[2] ?? "").matchAll(/`([\w.#$]+)`/g)].map((n) => n[1] as string)) {
      if (!/^[A-Za-z_$#]/.test(name) || /\.(?:ts|tsx|md|json|toml)$/.test(name)) continue;
      if (!declares(full, name)) wrong.push(`${written} \`${name}\`: not declared there`);
    }
  }
  return wrong;
}

function main(): number {
  const problems: string[] = [];
  // This file's own description is made of examples.
  for (const file of DIRS.flatMap((dir) => sources(join(ROOT, dir))).filter((f) => f !== import.meta.filename)) {
    const text = readFileSync(file, "utf8");
    for (const comment of commentsOf(file, text)) {
      for (const wrong of falseReferences(file, comment.text)) problems.push(`${relative(ROOT, file)}:${comment.line}: ${wrong}`);
    }
  }
  const readme = join(ROOT, "README.md");
  readFileSync(readme, "utf8")
    .split("\n")
    .forEach((line, i) => {
      for (const wrong of falseReferences(readme, line)) problems.push(`README.md:${i + 1}: ${wrong}`);
    });
  for (const problem of problems) console.error(problem);
  if (problems.length > 0) console.error(`${problems.length} comment(s) name a file or a function that is not there (scripts/check-comments.ts)`);
  return problems.length > 0 ? 1 : 0;
}

process.exitCode = main();
