/**
 * @module Every comment that names a file or a function says something true (issue 19):
 * `npm test` runs this. In the comments of src/, tests/, scripts/ and bench/ (and in the
 * README), every path of the project (`src/feed/formats.ts`, `./template.ts`,
 * `../content/layout.ts`, `tests/fixtures/`) must exist, and every name written in
 * backquotes right after a path (`src/feed/documents.ts` `feedTag`, `./formats.ts`
 * `FORMATS`, `Renderer.title`) must be declared in that file; and every other name in
 * backquotes that reads as code (camel case, or `name()`) must be one the project's code
 * uses, or one of another program's that `EXTERNAL` lists. Sources are parsed, so that no
 * `//` in a regular expression is read as a comment. Prints each false one, with where it
 * is written, and exits 1.
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

/** A TypeScript source's comments, each with the line it starts on, and every identifier it uses or declares. */
function parse(file: string, text: string): { comments: { text: string; line: number }[]; identifiers: Set<string> } {
  const identifiers = new Set<string>();
  if (file.endsWith(".py")) {
    const comments = text.split("\n").flatMap((line, i) => (/^\s*#/.test(line) ? [{ text: line, line: i + 1 }] : []));
    for (const word of text.match(/[A-Za-z_][\w]*/g) ?? []) identifiers.add(word);
    return { comments, identifiers };
  }
  // Parsed, not scanned: only the parser tells a regular expression from a division.
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const seen = new Map<number, { text: string; line: number }>();
  const note = (ranges: ts.CommentRange[] | undefined) => {
    for (const range of ranges ?? []) {
      if (!seen.has(range.pos)) seen.set(range.pos, { text: text.slice(range.pos, range.end), line: source.getLineAndCharacterOfPosition(range.pos).line + 1 });
    }
  };
  const visit = (node: ts.Node) => {
    note(ts.getLeadingCommentRanges(text, node.pos));
    note(ts.getTrailingCommentRanges(text, node.end));
    // Comments after a node's last child, before a closing `}` or `)`.
    note(ts.getLeadingCommentRanges(text, node.end));
    if (ts.isIdentifier(node) || ts.isPrivateIdentifier(node)) identifiers.add(node.text.replace(/^#/, ""));
    // Names in strings count too: a setting's, a header's, a library's option.
    else if (ts.isStringLiteralLike(node)) for (const word of node.text.match(/[A-Za-z_$][\w$]*/g) ?? []) identifiers.add(word);
    ts.forEachChild(node, visit);
  };
  visit(source);
  note(ts.getLeadingCommentRanges(text, source.endOfFileToken.pos));
  return { comments: [...seen.values()].sort((a, b) => a.line - b.line), identifiers };
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

/**
 * Names of other programs that comments use in backquotes: the W3C validator's messages,
 * generators' settings, libraries' options, browser APIs. Any other camel-case name or
 * `name()` in a comment or the README must be one the project's code uses or declares.
 */
const EXTERNAL = new Set([
  // W3C Feed Validator messages.
  "SecurityRisk",
  "BadCharacters",
  "ArchiveIncomplete",
  "ContainsRelRef",
  "MissingAuthor",
  // Generators' front matter and settings (Hugo, Hexo).
  "publishDate",
  "disablePathToLower",
  "UnicodeSanitize",
  "rUrl",
  // Libraries' and browsers' APIs.
  "validateLink",
  "secureHeaders",
  "innerHTML",
  "dangerouslySetInnerHTML",
  "createElement",
  "textContentNormalized",
  "collectGarbage",
]);

/** Backquoted names in `text` that look like code (camel case, or `name()`) and are neither the project's nor in EXTERNAL. */
function unknownNames(text: string, known: Set<string>): string[] {
  const wrong: string[] = [];
  for (const m of text.matchAll(/`([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)(\(\))?`/g)) {
    const name = m[1] as string;
    const last = name.split(".").at(-1) as string;
    if (!(m[2] || /[a-z][A-Z]/.test(last)) || known.has(last) || EXTERNAL.has(last)) continue;
    wrong.push(`\`${name}${m[2] ?? ""}\`: no such name in the code`);
  }
  return wrong;
}

function main(): number {
  const problems: string[] = [];
  // This file's own description is made of examples.
  const files = DIRS.flatMap((dir) => sources(join(ROOT, dir)));
  const parsed = files.map((file) => ({ file, ...parse(file, readFileSync(file, "utf8")) }));
  const known = new Set(parsed.flatMap(({ identifiers }) => [...identifiers]));
  for (const { file, comments } of parsed.filter(({ file }) => file !== import.meta.filename)) {
    for (const comment of comments) {
      for (const wrong of [...falseReferences(file, comment.text), ...unknownNames(comment.text, known)]) problems.push(`${relative(ROOT, file)}:${comment.line}: ${wrong}`);
    }
  }
  const readme = join(ROOT, "README.md");
  readFileSync(readme, "utf8")
    .split("\n")
    .forEach((line, i) => {
      for (const wrong of [...falseReferences(readme, line), ...unknownNames(line, known)]) problems.push(`README.md:${i + 1}: ${wrong}`);
    });
  for (const problem of problems) console.error(problem);
  if (problems.length > 0) console.error(`${problems.length} comment(s) name a file or a function that is not there (scripts/check-comments.ts)`);
  return problems.length > 0 ? 1 : 0;
}

process.exitCode = main();
