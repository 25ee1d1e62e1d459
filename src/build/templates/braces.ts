/**
 * @module `{{ ... }}` and `{% ... %}` outside code: Jekyll's Liquid, Hexo's tag plugins and
 * Zola's shortcodes share these delimiters. This pass reads each construct once, left to
 * right, and decides:
 * - a tag a dialect defines (`comment`, say: ./jekyll.ts, ./hexo.ts) is expanded here (`raw`
 *   was, in ./code.ts, but for one never closed);
 * - a Zola shortcode (`{{ name(...) }}`, `{% name(...) %}...{% end %}`, ./zola.ts) is removed;
 * - Liquid's own tags and `{{ expression }}` outputs are left for liquidjs (./liquid.ts);
 * - anything else that is template syntax is removed with a warning (an unknown block
 *   tag keeps its inner text);
 * - braces that are not template syntax stay text: `{{` or `{%` with no closer before a
 *   blank line, `{{ ... }}` holding braces or backslashes (`{{1, 2}, {3, 4}}`, TeX),
 *   `{{` right after `^`, `_` or `\` on a line with math (`$x^{{2}}$`), `{%` not
 *   followed by a tag name.
 */

import { unescapeCode } from "./code.ts";
import { abbreviate, type Construct, constructs, findEnd, splitWords } from "./constructs.ts";
import type { Expansion, Scope, Warnings } from "./env.ts";
import { HEXO_TAGS } from "./hexo.ts";
import { JEKYLL_TAGS } from "./jekyll.ts";
import { blockCode } from "./markup.ts";
import type { Edits, Placeholders } from "./placeholders.ts";
import { isZolaCall, removeZola } from "./zola.ts";

/** A tag as its handler sees it. */
export interface Tag {
  name: string;
  /** Everything after the name, trimmed. */
  args: string;
  /** `args` split at white space, quoted strings as one word without their quotes (Hexo's reading). */
  words: string[];
}

/** How a dialect expands one tag; `body` says what `{% end<name> %}` closes and what the text up to it is. */
export interface TagRule {
  /** `code`: code, given to `expand` dedented; `literal`: kept as written; `drop`: removed; `markdown`: stays in the body. */
  body?: "code" | "literal" | "drop" | "markdown";
  expand(tag: Tag, scope: Scope, body: string): Expansion;
}

/** Tags liquidjs renders (shopify.github.io/liquid/tags): control flow, iteration, variables. */
const LIQUID_TAGS = new Set(
  "assign capture endcapture case when endcase cycle decrement increment echo for endfor break continue if elsif else endif unless endunless tablerow endtablerow liquid".split(
    " ",
  ),
);

const RULES: Record<string, TagRule> = {
  ...HEXO_TAGS,
  ...JEKYLL_TAGS,
  raw: { body: "literal", expand: (_tag, _scope, body) => body },
  comment: { body: "drop", expand: () => "" },
};

/** A Liquid output expression: a value (path, string, number, range) and filters with arguments. */
const LIQUID_OUTPUT = (() => {
  const string = `"[^"]*"|'[^']*'`;
  const id = `[\\p{L}_][\\p{L}\\p{N}_-]*\\??`;
  const path = `(?:${id}|\\[[^\\[\\]]*\\])(?:\\.${id}|\\.\\d+|\\[[^\\[\\]]*\\])*`;
  const number = `-?\\d+(?:\\.\\d+)?`;
  const value = `(?:${string}|${number}|\\(\\s*(?:${number}|${path})\\s*\\.\\.\\s*(?:${number}|${path})\\s*\\)|${path})`;
  const arg = `(?:${id}\\s*:\\s*)?${value}`;
  return new RegExp(`^${value}(?:\\s*\\|\\s*${id}(?:\\s*:\\s*${arg}(?:\\s*,\\s*${arg})*)?)*$`, "u");
})();

/** Expands or removes every construct but Liquid's own; says whether any of those is left. */
export function expandBraces(edits: Edits, store: Placeholders, warnings: Warnings): boolean {
  const text = edits.text;
  const closed = new Set<number>();
  let liquid = false;
  const walk = constructs(text);
  for (let step = walk.next(); !step.done; ) {
    const { start, construct: c } = step.value;
    const literal = () => edits.replace(start, start + 2, text.slice(start, start + 2));
    if (c === undefined || closed.has(start)) {
      if (c === undefined) literal();
      step = walk.next(c?.end);
      continue;
    }
    let resume = c.end;
    if (c.kind === "output") {
      const bare = c.inner.replace(/"[^"]*"|'[^']*'/g, '""');
      if (isZolaCall(c.inner)) removeZola(edits, c, warnings, closed);
      else if (/[{}\\]/.test(bare) || inMath(text, start)) {
        literal();
        resume = start + 2;
      } else if (LIQUID_OUTPUT.test(c.inner)) liquid = true;
      else {
        warnings.add(edits.line(start), abbreviate(text.slice(start, c.end)), "removed: this is not a template this build can render");
        edits.replace(start, c.end, "");
      }
      step = walk.next(resume);
      continue;
    }
    const m = /^([A-Za-z_][\w-]*|#)\s*([\s\S]*)$/.exec(c.inner);
    const name = m?.[1] ?? "";
    const args = m?.[2] ?? "";
    const rule = RULES[name];
    if (m === null) {
      literal();
      resume = start + 2;
    } else if (name === "#") edits.replace(start, c.end, "");
    else if (args.startsWith("(") && !LIQUID_TAGS.has(name)) resume = removeZola(edits, c, warnings, closed);
    else if (rule !== undefined) resume = expandTag(edits, store, warnings, c, { name, args, words: splitWords(args) }, rule, closed);
    else if (LIQUID_TAGS.has(name)) liquid = true;
    else {
      const end = findEnd(text, c.end, name);
      const inner = end ? `; the text up to {% end${name} %} is kept` : "";
      warnings.add(edits.line(start), `{% ${name} %}`, `removed: not a tag this build knows${inner}`);
      edits.replace(start, c.end, "");
      if (end) {
        edits.replace(end[0], end[1], "");
        closed.add(end[0]);
      }
    }
    step = walk.next(resume);
  }
  return liquid;
}

/** Expands one tag of a dialect; returns where reading goes on. */
function expandTag(edits: Edits, store: Placeholders, warnings: Warnings, c: Construct, tag: Tag, rule: TagRule, closed: Set<number>): number {
  const text = edits.text;
  const scope = warnings.scope(text, c.start, `{% ${tag.name} %}`);
  if (rule.body === undefined) {
    edits.place(c.start, c.end, rule.expand(tag, scope, ""));
    return c.end;
  }
  const end = findEnd(text, c.end, tag.name);
  if (end === undefined) {
    scope.warn(`removed: it is never closed with {% end${tag.name} %}`);
    edits.replace(c.start, c.end, "");
    return c.end;
  }
  if (rule.body === "markdown") {
    edits.place(c.start, c.end, rule.expand(tag, scope, ""), end);
    closed.add(end[0]);
    return c.end;
  }
  const body = text.slice(c.end, end[0]);
  const indent = /^[ \t]*/.exec(text.slice(text.lastIndexOf("\n", c.start - 1) + 1, c.start))?.[0] ?? "";
  const given = rule.body === "code" ? blockCode(unescapeCode(store.reveal(body)), indent) : body;
  edits.place(c.start, end[1], rule.expand(tag, scope, given));
  return end[1];
}

/** Whether the `{{` at `start` is TeX's (`x^{{2}}`, `a_{{i}}`): after `^`, `_` or `\`, on a line with `$`, `\(` or `\[`. */
function inMath(text: string, start: number): boolean {
  if (!/[\^_\\]/.test(text[start - 1] ?? "")) return false;
  const lineStart = text.lastIndexOf("\n", start) + 1;
  const lineEnd = text.indexOf("\n", start);
  return /\$|\\[([]/.test(text.slice(lineStart, lineEnd === -1 ? undefined : lineEnd));
}
