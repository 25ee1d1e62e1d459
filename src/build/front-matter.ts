/**
 * @module Front matter in every form the supported generators write, read into one
 * shape: a mapping whose scalars are the text they are written as (issue 11: `slug:
 * 0123` is "0123"), with keys in lower case (Hugo reads keys case-insensitively:
 * `publishDate` is `publishdate`), and the offset where the Markdown body starts.
 *
 * | opens with | format | read by |
 * | --- | --- | --- |
 * | `---` | YAML, to the next `---` line | gray-matter with js-yaml (`FRONT_MATTER_SCHEMA`) |
 * | `+++` | TOML, to the next `+++` line (Hugo, Zola) | gray-matter with smol-toml |
 * | `{` | a JSON object (Hugo) | `JSON.parse`, numbers kept as written |
 * | `;;;` | JSON members without braces, to the next `;;;` line (Hexo) | `JSON.parse` |
 * | `key: value` lines, then `---` | YAML without its opening line (Hexo: hexo-front-matter's "new" format) | as YAML |
 *
 * Anything else has no front matter: the whole file is the body.
 */
import matter from "gray-matter";
import yaml from "js-yaml";
import { parse as parseToml, TomlDate, TomlError } from "smol-toml";

/** What opened the front matter. */
export type FrontMatterFormat = "yaml" | "toml" | "json" | "none";

export type FrontMatterResult = { ok: true; format: FrontMatterFormat; data: Record<string, unknown>; bodyStart: number } | { ok: false; message: string };

/** js-yaml 4's own scalar types (it exports them as `types`; @types/js-yaml 4.0.9 declares neither that nor `Type.tag`). */
const YAML_TYPES = (yaml as unknown as { types: Record<"null" | "bool" | "int" | "float", yaml.Type & { tag: string }> }).types;

/**
 * The YAML schema front matter is read with: every scalar is the text it is written as,
 * except null (`~`, `null`, an empty value). YAML's core schema reads `slug: 0123` as the
 * number 123, `1e5` as 100000, an md5 slug such as `1905925734e539172711194675880473` as
 * Infinity and a tag `- true` as a boolean, where the author meant the characters (issue 11).
 * So this is YAML's failsafe schema (strings, lists, mappings) plus null, and ./schema.ts
 * decides what each field is: text everywhere, `true`/`false` for flags, timestamps
 * read in the site's zone by ./dates.ts. Explicit tags (`!!int 5`) are checked as YAML
 * checks them and kept as text.
 *
 * A js-yaml schema rather than the `yaml` package: after a failsafe parse there, `~` and
 * `"~"` are the same string, so null could not be told from quoted text, and walking its
 * CST would re-implement scalar resolution. Here gray-matter (the splitter) calls this
 * engine and js-yaml's own types resolve null and check tags: no YAML rule is rewritten.
 */
const FRONT_MATTER_SCHEMA = yaml.FAILSAFE_SCHEMA.extend({
  implicit: [YAML_TYPES.null],
  explicit: [YAML_TYPES.bool, YAML_TYPES.int, YAML_TYPES.float].map(
    (type) => new yaml.Type(type.tag, { kind: "scalar", resolve: (data: string) => type.resolve(data), construct: (data: string) => data }),
  ),
});

/** Reads YAML as front matter is read: every scalar as written, null kept. */
export function loadYaml(text: string): unknown {
  return yaml.load(text, { schema: FRONT_MATTER_SCHEMA });
}

const YAML_OPTIONS = { engines: { yaml: (text: string) => loadYaml(text) as object } };

const TOML_OPTIONS = {
  delimiters: "+++",
  language: "toml",
  engines: { toml: (text: string) => tomlAsWritten(text) as object },
};

/**
 * A TOML document with its scalars as text: strings as they are, booleans as
 * `true`/`false`, date-times as TOML writes them (`2024-05-06T10:00:00` stays a local
 * time, read in the site's zone like YAML's), and numbers as written where they are a
 * key's whole value (`weight = 1e5` is "1e5"; inside arrays, as JavaScript writes them).
 */
export function tomlAsWritten(text: string): Record<string, unknown> {
  const raw = rawTomlNumbers(text);
  const convert = (value: unknown, key?: string): unknown => {
    if (value instanceof TomlDate) return value.toISOString();
    if (typeof value === "number" || typeof value === "bigint") return (key !== undefined ? raw.get(key) : undefined) ?? String(value);
    if (typeof value === "boolean") return String(value);
    if (Array.isArray(value)) return value.map((item) => convert(item));
    if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, convert(v, key === undefined ? k : undefined)]));
    return value;
  };
  return convert(parseToml(text)) as Record<string, unknown>;
}

/** Top-level `key = number` lines of a TOML document: the number as written, by key. */
function rawTomlNumbers(text: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const line of text.split("\n")) {
    if (/^\s*\[/.test(line)) break;
    const m = /^\s*([A-Za-z0-9_-]+)\s*=\s*([-+]?(?:[0-9][0-9_]*(?:\.[0-9_]+)?(?:[eE][-+]?[0-9_]+)?|0x[0-9a-fA-F_]+|0o[0-7_]+|0b[01_]+|inf|nan))\s*(?:#.*)?$/.exec(line);
    if (m) found.set(m[1] as string, m[2] as string);
  }
  return found;
}

/** A JSON text with every number as written (`1e5` stays "1e5") and booleans as text. */
function jsonAsWritten(text: string): unknown {
  return JSON.parse(text, function (this: unknown, _key, value: unknown, context?: { source?: string }) {
    if (typeof value === "number") return context?.source ?? String(value);
    if (typeof value === "boolean") return String(value);
    return value;
  });
}

/**
 * Where the JSON object that opens `text` ends (the index after its `}`), or -1: braces
 * counted outside strings, as Hugo finds the end of JSON front matter.
 */
function jsonObjectEnd(text: string): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "{") depth++;
    else if (c === "}" && --depth === 0) return i + 1;
  }
  return -1;
}

/** The offset after a line break at `at` (`\r\n` or `\n`), or `at` when there is none. */
function afterLineBreak(text: string, at: number): number {
  if (text.startsWith("\r\n", at)) return at + 2;
  return text[at] === "\n" ? at + 1 : at;
}

/** Hexo's front matter without an opening line: `key: value` lines up to a `---` (or `;;;`) line. */
const OPENLESS = /^([A-Za-z_][\w-]*:[ \t\r\n][\s\S]*?)\r?\n(-{3,}|;{3,})[ \t]*(?:\r?\n|$)/;

/**
 * What a parser said, as one line for a build problem, with the line of the file:
 * `firstLine` is the file's line the parsed text's first line is (gray-matter hands
 * YAML and TOML the text from the end of the opening line, so that is line 1).
 */
function failure(format: string, error: unknown, firstLine: number): string {
  if (error instanceof yaml.YAMLException) return `is not valid YAML (line ${error.mark.line + firstLine}): ${error.reason}`;
  if (error instanceof TomlError) return `is not valid TOML (line ${error.line + firstLine - 1}): ${error.message.split("\n")[0]}`;
  if (error instanceof SyntaxError) return `is not valid ${format}: ${error.message}`;
  return `could not be read: ${String(error)}`;
}

/** Keys in lower case, the first spelling winning (Hugo's front matter keys are case-insensitive). */
function lowerKeys(data: Record<string, unknown>): Record<string, unknown> {
  const lowered: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    const lower = key.toLowerCase();
    if (!Object.hasOwn(lowered, lower)) lowered[lower] = value;
  }
  return lowered;
}

/** The mapping `value` is, or a problem. */
function mapping(format: FrontMatterFormat, value: unknown, bodyStart: number): FrontMatterResult {
  if (value === undefined || value === null) return { ok: true, format, data: {}, bodyStart };
  if (typeof value !== "object" || Array.isArray(value)) return { ok: false, message: "must be a mapping of fields (title: ..., date: ...)" };
  return { ok: true, format, data: lowerKeys(value as Record<string, unknown>), bodyStart };
}

/** Splits `text` (a source, BOM removed) into its front matter, read, and where its body starts. */
export function readFrontMatter(text: string): FrontMatterResult {
  try {
    if (text.startsWith("---")) {
      const parsed = matter(text, YAML_OPTIONS);
      return mapping("yaml", parsed.data, text.length - parsed.content.length);
    }
    if (text.startsWith("+++")) {
      const parsed = matter(text, TOML_OPTIONS);
      return mapping("toml", parsed.data, text.length - parsed.content.length);
    }
  } catch (error) {
    return { ok: false, message: failure(text.startsWith("+++") ? "TOML" : "YAML", error, 1) };
  }
  if (text.startsWith("{")) {
    const end = jsonObjectEnd(text);
    if (end < 0) return { ok: false, message: "is not valid JSON: the object that opens the file never closes" };
    try {
      return mapping("json", jsonAsWritten(text.slice(0, end)), afterLineBreak(text, end));
    } catch (error) {
      return { ok: false, message: failure("JSON", error, 1) };
    }
  }
  if (text.startsWith(";;;")) {
    const close = /\r?\n;{3,}[ \t]*(?:\r?\n|$)/.exec(text.slice(3));
    if (close === null) return { ok: false, message: "is not valid JSON: no closing ;;; line" };
    try {
      return mapping("json", jsonAsWritten(`{${text.slice(3, 3 + close.index)}}`), 3 + close.index + close[0].length);
    } catch (error) {
      return { ok: false, message: failure("JSON", error, 1) };
    }
  }
  const openless = OPENLESS.exec(text);
  if (openless) {
    const [whole, head = "", separator = ""] = openless;
    try {
      const data = separator.startsWith(";") ? jsonAsWritten(`{${head}}`) : loadYaml(head);
      // Only a mapping is front matter: otherwise the `---` is a thematic break in a body without any.
      if (data !== null && typeof data === "object" && !Array.isArray(data)) return mapping(separator.startsWith(";") ? "json" : "yaml", data, whole.length);
    } catch {
      // Not YAML: a body that happens to start like a mapping.
    }
  }
  return { ok: true, format: "none", data: {}, bodyStart: 0 };
}
