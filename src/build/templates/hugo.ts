/**
 * @module Hugo's shortcodes (gohugo.io/content-management/shortcodes/): `{{< name args >}}`
 * and `{{% name args %}}`, closed by `{{< /name >}}` or self-closed by `{{< name />}}`,
 * arguments positional or named, bare, "quoted" or `raw`. Which shortcodes have inner
 * text is up to their templates; here a shortcode has it when a closing tag follows at
 * the same depth. The built-ins (./hugo-builtins.ts) are written out; any other is the
 * site's own template, removed with a warning, its inner text kept. Escaped shortcodes
 * (`{{</* name *\/>}}`) are undone in ./code.ts before this pass.
 */

import { unescapeCode } from "./code.ts";
import type { Expansion, Scope, Warnings } from "./env.ts";
import { HUGO_SHORTCODES } from "./hugo-builtins.ts";
import { blockCode } from "./markup.ts";
import type { Edits, Placeholders } from "./placeholders.ts";

/** One shortcode tag. */
export interface Shortcode {
  start: number;
  end: number;
  name: string;
  /** `{{< /name >}}`. */
  closing: boolean;
  /** `{{< name />}}`. */
  selfClosing: boolean;
  /** `{{% %}}`: Hugo renders the inner text and the output as Markdown. */
  markdown: boolean;
  positional: string[];
  named: Record<string, string>;
}

/** How a built-in is written; `inner`: `code` (given dedented to `expand`) or `drop` take the inner text with them. */
export interface ShortcodeRule {
  inner?: "code" | "drop";
  expand(shortcode: Shortcode, scope: Scope, inner: string): Expansion;
}

/** After `{{<` or `{{%`: `/` for a closing tag, and the name (Hugo allows `/` for shortcodes in folders, `.` for `.inline`). */
const HEAD = /[ \t\r\n]*(\/?)[ \t\r\n]*(\w[\w./-]*)/y;
/** The tag's end: `/` when it closes itself, then `>}}` or `%}}`. */
const END = /[ \t\r\n]*(\/?)[ \t\r\n]*([>%])\}\}/y;
/**
 * One argument: `name=` or not, then a "quoted" string (with `\"` escapes), a `raw`
 * string or a bare word. White space before it may break lines but not hold a blank
 * line, and a bare word does not start with `{{`: an opener there means this tag was
 * never closed, and reading on would only cost time.
 */
const PARAM = /(?:[ \t]*\r?\n)?[ \t]*(?:([A-Za-z_][\w-]*)=)?(?:"((?:[^"\\]|\\.)*)"|`([^`]*)`|((?!\{\{)(?:(?![>%]\}\}|\/[>%]\}\})\S)+))/y;

/** The tag at `start` (`{{<` or `{{%`), or undefined when it is not one. */
function readShortcode(text: string, start: number, store: Placeholders): Shortcode | undefined {
  const markdown = text[start + 2] === "%";
  HEAD.lastIndex = start + 3;
  const head = HEAD.exec(text);
  if (head === null) return undefined;
  const shortcode: Shortcode = { start, end: 0, name: head[2] ?? "", closing: head[1] === "/", selfClosing: false, markdown, positional: [], named: {} };
  for (let at = HEAD.lastIndex; at - start < 4000; ) {
    END.lastIndex = at;
    const end = END.exec(text);
    if (end !== null) return (end[2] === "%") === markdown ? { ...shortcode, end: END.lastIndex, selfClosing: end[1] === "/" } : undefined;
    PARAM.lastIndex = at;
    const param = PARAM.exec(text);
    if (param === null) return undefined;
    const bare = store.reveal(param[4] ?? "");
    const value = param[2]?.replace(/\\(.)/g, "$1") ?? param[3] ?? (/^`[\s\S]*`$/.test(bare) ? bare.slice(1, -1) : bare);
    if (param[1] !== undefined) shortcode.named[param[1]] = value;
    else shortcode.positional.push(value);
    at = PARAM.lastIndex;
  }
  return undefined;
}

/** Every shortcode tag of `text`, in order. */
function readAll(text: string, store: Placeholders): Shortcode[] {
  const found: Shortcode[] = [];
  for (const m of text.matchAll(/\{\{[<%]/g)) {
    if (found.length > 0 && m.index < (found.at(-1)?.end ?? 0)) continue;
    const shortcode = readShortcode(text, m.index, store);
    if (shortcode) found.push(shortcode);
  }
  return found;
}

/** The index of the tag closing `tags[i]`, at the same depth, or -1. */
function closerOf(tags: Shortcode[], i: number): number {
  const open = tags[i];
  if (open === undefined || open.selfClosing || open.closing) return -1;
  let depth = 0;
  for (let j = i + 1; j < tags.length; j++) {
    const tag = tags[j] as Shortcode;
    if (tag.name !== open.name || tag.selfClosing) continue;
    depth += tag.closing ? -1 : 1;
    if (depth < 0) return j;
  }
  return -1;
}

/** Expands every Hugo shortcode of `edits.text`. */
export function expandShortcodes(edits: Edits, store: Placeholders, warnings: Warnings): void {
  const text = edits.text;
  const tags = readAll(text, store);
  const closed = new Set<number>();
  for (let i = 0; i < tags.length; i++) {
    const tag = tags[i] as Shortcode;
    const sign = tag.markdown ? "%" : "<";
    const scope = warnings.scope(text, tag.start, `{{${sign} ${tag.closing ? "/" : ""}${tag.name} ${sign === "<" ? ">" : "%"}}}`);
    if (tag.closing) {
      if (!closed.has(i)) {
        scope.warn("removed: it closes no shortcode");
        edits.replace(tag.start, tag.end, "");
      }
      continue;
    }
    const j = closerOf(tags, i);
    const closer = tags[j];
    if (j !== -1) closed.add(j);
    const rule = HUGO_SHORTCODES[tag.name.toLowerCase()];
    if (rule === undefined) {
      const inline = tag.name.endsWith(".inline");
      if (inline) scope.warn("removed with its inner text: an inline shortcode's inner text is a template, which this build does not run");
      else scope.warn(`removed${closer ? ", its inner text kept" : ""}: it is one of the site's own shortcodes, whose template this build does not have`);
      if (closer && inline) {
        edits.replace(tag.start, closer.end, "");
        i = j;
      } else {
        edits.replace(tag.start, tag.end, "");
        if (closer) edits.replace(closer.start, closer.end, "");
      }
      continue;
    }
    if (rule.inner === "code" && !closer) {
      scope.warn(`removed: it is never closed with {{${sign} /${tag.name} ${sign === "<" ? ">" : "%"}}}`);
      edits.replace(tag.start, tag.end, "");
      continue;
    }
    if (rule.inner !== undefined && closer) {
      const lineStart = text.lastIndexOf("\n", tag.start - 1) + 1;
      const indent = /^[ \t]*/.exec(text.slice(lineStart, tag.start))?.[0] ?? "";
      const inner = rule.inner === "code" ? blockCode(unescapeCode(store.reveal(text.slice(tag.end, closer.start))), indent) : "";
      edits.place(tag.start, closer.end, rule.expand(tag, scope, inner));
      i = j;
      continue;
    }
    edits.place(tag.start, tag.end, rule.expand(tag, scope, ""), closer ? [closer.start, closer.end] : undefined);
  }
}
