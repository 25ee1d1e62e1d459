/**
 * @module Code in a body, kept as written: fenced and indented code blocks, `<pre>`
 * blocks and inline code spans become placeholders before any template is read. The
 * blocks are found by markdown-it's block parser (the parser that renders the body
 * later, ../markdown.ts, with raw HTML on), so fences inside lists and block quotes and
 * indented code are found as CommonMark finds them; code spans are found in its
 * paragraphs, headings and table rows by CommonMark's backtick-string rule (spec 0.31,
 * section 6.1).
 *
 * The only change made to code is undoing the escapes the generators themselves undo
 * (`unescapeCode`); outside code, Hugo's and Zola's escaped shortcodes become literal
 * text that no later pass reads (`hideEscapes`).
 */
import MarkdownIt from "markdown-it";
import type Token from "markdown-it/lib/token.mjs";
import type { Edits } from "./placeholders.ts";

const md = new MarkdownIt({ html: true });

/** Liquid's `{% raw %}`/`{% endraw %}` (Jekyll, Hexo), alone on a line with its line break, or anywhere. */
const RAW_MARKER_LINE = /^[ \t]*\{%-?[ \t]*(?:end)?raw[ \t]*-?%\}[ \t]*(?:\r?\n|$)/gm;
const RAW_MARKER = /\{%-?\s*(?:end)?raw\s*-?%\}/g;

/** Hugo's `{{</* name *\/>}}` and `{{%/* name *\/%}}` (gohugo.io/content-management/shortcodes/#escaping). */
const HUGO_ESCAPE = /\{\{([<%])\s*\/\*([\s\S]*?)\*\/\s*([>%])\}\}/g;

/**
 * Zola's `{{/* name(...) *\/}}`, `{%/* name(...) *\/%}` and `{%/* end *\/%}`
 * (getzola.org/documentation/content/shortcodes/#shortcodes-without-arguments-escaping).
 * Only around a call or `end`: `{{/* text *\/}}` is also a Go template comment, which
 * Hugo sites show in code as it is.
 */
const ZOLA_ESCAPE_OUTPUT = /\{\{\/\*(\s*[A-Za-z_]\w*\s*\([\s\S]*?\)\s*)\*\/\}\}/g;
const ZOLA_ESCAPE_TAG = /\{%\/\*(\s*(?:[A-Za-z_]\w*\s*\([\s\S]*?\)|end)\s*)\*\/%\}/g;

/**
 * Code as the generators show it: raw markers removed (a marker alone on its line with
 * that line, so the block does not start or end with an empty line), Hugo's and Zola's
 * escaped shortcodes unescaped.
 */
export function unescapeCode(code: string): string {
  if (!code.includes("{")) return code;
  return code.replace(RAW_MARKER_LINE, "").replace(RAW_MARKER, "").replace(HUGO_ESCAPE, "{{$1$2$3}}").replace(ZOLA_ESCAPE_OUTPUT, "{{$1}}").replace(ZOLA_ESCAPE_TAG, "{%$1%}");
}

/** Liquid's `{% raw %}...{% endraw %}` (Jekyll, Hexo): what is inside is text, as written. */
const RAW_BLOCK = /\{%-?\s*raw\s*-?%\}([\s\S]*?)\{%-?\s*endraw\s*-?%\}/g;

/**
 * Outside code, the escapes are text as their generators write it: the inside of
 * `{% raw %}` as it is, escaped Hugo and Zola shortcodes unescaped. Before any template
 * is read, so that no dialect's pass reads them (a Jekyll post may show Hugo's syntax
 * in `{% raw %}`). An unclosed `{% raw %}` is left for ./braces.ts to warn about.
 */
export function hideEscapes(edits: Edits): void {
  for (const pattern of [RAW_BLOCK, HUGO_ESCAPE, ZOLA_ESCAPE_OUTPUT, ZOLA_ESCAPE_TAG]) {
    for (const m of edits.text.matchAll(pattern)) edits.replace(m.index, m.index + m[0].length, pattern === RAW_BLOCK ? (m[1] ?? "") : unescapeCode(m[0]));
  }
}

/** Block tokens whose lines are code. */
function isCodeBlock(token: { type: string; content: string }): boolean {
  return token.type === "fence" || token.type === "code_block" || (token.type === "html_block" && /^[ \t]*<pre[\s>]/i.test(token.content));
}

/** Hides every code block and code span of `edits.text`, as `unescapeCode` shows it. */
export function hideCode(edits: Edits): void {
  const text = edits.text;
  const starts = [0];
  for (const m of text.matchAll(/\n/g)) starts.push(m.index + 1);
  const offset = (line: number) => starts[line] ?? text.length;
  const hide = (start: number, end: number) => edits.replace(start, end, unescapeCode(text.slice(start, end)));
  for (const token of blockTokens(text)) {
    if (!token.map) continue;
    const [first, last] = token.map;
    if (isCodeBlock(token)) hide(offset(first), trimEnd(text, offset(last)));
    else if (token.type === "paragraph_open" || token.type === "heading_open") hideSpans(text, offset(first), offset(last), hide);
    else if (token.type === "tr_open") for (let l = first; l < last; l++) hideSpans(text, offset(l), offset(l + 1), hide);
  }
}

/** markdown-it's block tokens for `text` (no inline parsing: spans are found below). */
function blockTokens(text: string): Token[] {
  const tokens: Token[] = [];
  md.block.parse(text, md, {}, tokens);
  return tokens;
}

/** `end` moved back over the line break that ends a block, which is not part of it. */
function trimEnd(text: string, end: number): number {
  if (text[end - 1] === "\n") end--;
  if (text[end - 1] === "\r") end--;
  return end;
}

/**
 * Calls `hide` for each code span in `[from, to)`: a backtick string opens one, and the
 * next backtick string of the same length closes it; one that is never closed is
 * literal backticks. A backslash before a backtick outside a span escapes it.
 */
function hideSpans(text: string, from: number, to: number, hide: (start: number, end: number) => void): void {
  const part = text.slice(from, to);
  if (!part.includes("`")) return;
  const runs = [...part.matchAll(/`+/g)].map((m) => ({ start: m.index, length: m[0].length }));
  for (let i = 0; i < runs.length; i++) {
    const open = runs[i] as { start: number; length: number };
    let backslashes = 0;
    while (part[open.start - 1 - backslashes] === "\\") backslashes++;
    if (backslashes % 2 === 1) {
      if (open.length === 1) continue;
      open.start++;
      open.length--;
    }
    const close = runs.findIndex((run, j) => j > i && run.length === open.length);
    if (close === -1) continue;
    const closing = runs[close] as { start: number; length: number };
    hide(from + open.start, from + closing.start + closing.length);
    i = close;
  }
}
