/**
 * @module The `{{ ... }}` and `{% ... %}` constructs of a text, as Liquid delimits them
 * (Jekyll's, Hexo's and Zola's templates share the delimiters): where each closes,
 * where a block tag's `{% end<name> %}` is, how Hexo splits a tag's arguments. A
 * construct never runs past a blank line, so a stray `{{` in prose does not swallow the
 * paragraphs after it.
 */

/** One `{{ ... }}` or `{% ... %}`. */
export interface Construct {
  kind: "output" | "tag";
  start: number;
  end: number;
  /** Between the delimiters, without Liquid's `-` whitespace control, trimmed. */
  inner: string;
}

/**
 * Where the construct opened at `from` closes (`}}` or `%}`), skipping quoted strings;
 * -1 when a blank line, the end, or an opener no construct may hold comes first (a tag
 * may hold `{{ }}`: Jekyll's `{% link {{ page.x }} %}`).
 */
function closing(text: string, from: number, close: "}}" | "%}"): number {
  const pattern = close === "}}" ? OUTPUT_END : TAG_END;
  pattern.lastIndex = from;
  for (let m = pattern.exec(text); m !== null && m.index - from < 4000; m = pattern.exec(text)) {
    if (m[0] === close) return m.index + 2;
    if (!m[0].startsWith('"') && !m[0].startsWith("'")) return -1;
  }
  return -1;
}

const OUTPUT_END = /"[^"\n]*"|'[^'\n]*'|\n[ \t]*(?:\n|$)|\{[{%]|\}\}/g;
const TAG_END = /"[^"\n]*"|'[^'\n]*'|\n[ \t]*(?:\n|$)|\{%|%\}/g;

/** Every opener of `text` from `from`, with its construct when it has a closer. */
export function* constructs(text: string, from = 0): Generator<{ start: number; construct?: Construct }> {
  const openers = /\{[{%]/g;
  openers.lastIndex = from;
  for (let m = openers.exec(text); m !== null; m = openers.exec(text)) {
    const start = m.index;
    const kind = m[0] === "{{" ? "output" : "tag";
    const end = closing(text, start + 2, kind === "output" ? "}}" : "%}");
    const inner =
      end === -1
        ? ""
        : text
            .slice(start + 2, end - 2)
            .replace(/^-|-$/g, "")
            .trim();
    const resume: number = yield end === -1 ? { start } : { start, construct: { kind, start, end, inner } };
    openers.lastIndex = resume ?? start + 2;
  }
}

/** Hexo's reading of tag arguments: words, or quoted strings without their quotes. */
export function splitWords(args: string): string[] {
  return [...args.matchAll(/"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3] ?? "");
}

/** The span of the `{% end<name> %}` that closes the tag ending at `from`, counting nested ones. */
export function findEnd(text: string, from: number, name: string): [number, number] | undefined {
  const pattern = new RegExp(`\\{%-?\\s*(end)?${name.replace(/[^\w]/g, "\\$&")}(?![\\w-])(?:[^%]|%(?!\\}))*%\\}`, "g");
  pattern.lastIndex = from;
  let depth = 1;
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
    depth += m[1] ? -1 : 1;
    if (depth === 0) return [m.index, m.index + m[0].length];
  }
  return undefined;
}

/** A construct as a warning names it: at most 60 characters, on one line. */
export function abbreviate(construct: string): string {
  const line = construct.replace(/\s+/g, " ");
  return line.length > 60 ? `${line.slice(0, 57)}...` : line;
}
