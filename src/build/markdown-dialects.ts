/**
 * @module Markdown as Hugo (Goldmark), Jekyll (kramdown), Hexo and Zola write it (issue 18,
 * item 8), on top of markdown-it's CommonMark with GFM tables and strikethrough:
 *
 * - footnotes, `[^1]` and `[^note]` with `[^note]: text` definitions (indented lines
 *   continue one, paragraphs included): markdown-it-footnote, with Pandoc's inline
 *   `^[note]`, which none of the four writes, switched off;
 * - GFM task lists, `- [ ]` and `- [x]`: @mdit/plugin-tasklist finds them;
 * - definition lists, a one-line term then `: definition` (kramdown, Goldmark, PHP
 *   Markdown Extra): markdown-it-deflist, without its Pandoc marker `~`;
 * - heading attributes `## Title {#id .class}` (Goldmark, kramdown, Zola): the id is
 *   kept, classes (and Goldmark's `key=value`) go, and the braces are never text;
 * - kramdown's attribute lists: a line that is only `{: .class}`, `{: #id}`, `{:toc}`,
 *   `{:.no_toc}` or `{:name: ...}` is dropped (a `{: #id}` next to a heading gives it that
 *   id), a `{: ...}` right after an image, link, emphasis or code span is dropped, and
 *   kramdown's table of contents, a list followed by `{:toc}`, goes with it.
 *
 * markdown-it-attrs is not used: it reads `{...}` after any inline element and at the end
 * of any block, bare words included, so prose such as `the set {x}` or `$\frac{a}{b}$` at the
 * end of a paragraph lost its braces, and `*e*{#y}` gave an `<em>` an id; its
 * `allowedAttributes` filters what it writes, not what it takes from the text. The rules
 * below read exactly the two places these generators read.
 *
 * Everything is written with elements the raw-HTML allow-list already keeps (./raw-html.ts),
 * without classes, which it would drop: a body with raw HTML renders like one without.
 * Ids are the only addition, and the sanitiser keeps exactly those in `DialectEnv.ids`.
 * Syntax is read from text tokens before escapes are joined in (`text_join`), so code and
 * `\{: .c\}` stay as written, and a body that uses none of these renders byte for byte
 * as before (tests/node/markdown-identity.test.ts).
 */
import { createHash } from "node:crypto";
import { tasklist } from "@mdit/plugin-tasklist";
import type MarkdownIt from "markdown-it";
import { escapeHtml } from "markdown-it/lib/common/utils.mjs";
import type { RenderRule } from "markdown-it/lib/renderer.mjs";
import type StateBlock from "markdown-it/lib/rules_block/state_block.mjs";
import type StateCore from "markdown-it/lib/rules_core/state_core.mjs";
import type Token from "markdown-it/lib/token.mjs";
import deflist from "markdown-it-deflist";
import footnote from "markdown-it-footnote";

/** What rendering one article needs besides its source, and what it learns (the `env` markdown-it passes around). */
export interface DialectEnv {
  /** The article page as its links are written (`/posts/x/`): footnote links are fragments of it. */
  readonly page: string;
  /**
   * What tells this article's footnote ids from another's where a page or a reader shows
   * several: eight hex digits of the SHA-256 of `page`. Deterministic, letters and digits.
   */
  readonly noteKey: string;
  /** Every id written (headings', footnotes'): the only ids the sanitiser keeps. */
  ids: Set<string>;
}

/**
 * The `env` for rendering the article whose page is `page()`, asked for (and its key
 * computed) only by articles that have footnotes: most have none, and every build renders
 * every article.
 */
export function dialectEnv(page: () => string): DialectEnv {
  let path: string | undefined;
  let key: string | undefined;
  return {
    get page() {
      path ??= page();
      return path;
    },
    get noteKey() {
      key ??= createHash("sha256").update(this.page).digest("hex").slice(0, 8);
      return key;
    },
    ids: new Set(),
  };
}

/**
 * Ids a heading may take from `{#id}` or `{: #id}`: letters, digits and marks of any
 * script, `_`, `-`, `.`, `:` (kramdown's `[A-Za-z][\w:-]*`, widened to other scripts).
 * Nothing that could end an attribute or start markup; anything else is not an id.
 */
const SAFE_ID = /^[\p{L}\p{N}_][\p{L}\p{N}\p{M}_.:-]*$/u;

/** `id` given to `token` when it is safe and not taken yet (the first heading keeps a repeated id: ids are unique). */
function giveId(token: Token, id: string | undefined, env: DialectEnv): void {
  if (id === undefined || token.attrGet("id") !== null || !SAFE_ID.test(id) || env.ids.has(id)) return;
  token.attrSet("id", id);
  env.ids.add(id);
}

// Footnotes -------------------------------------------------------------------------------

/** `fn-<key>-<n>`: the footnote's list item. */
const noteId = (token: Token, env: DialectEnv) => `fn-${env.noteKey}-${(token.meta.id as number) + 1}`;
/** `fnref-<key>-<n>`, `-2`, `-3` for further references to the same note: the reference. */
const refId = (token: Token, env: DialectEnv) => `fnref-${env.noteKey}-${(token.meta.id as number) + 1}${token.meta.subId > 0 ? `-${token.meta.subId + 1}` : ""}`;

/**
 * Hugo's and kramdown's markup without their classes and roles: `<sup id>` holding a link
 * to the note, numbered without brackets; after the text, a rule and an ordered list whose
 * items end with a link back to each reference. Links are the page's URL plus a fragment,
 * as every link is resolved (feeds carry no relative reference), so they work from a
 * reader too: they open the article at the note.
 */
const FOOTNOTE_RULES: Record<string, RenderRule> = {
  footnote_ref(tokens, idx, _options, env: DialectEnv) {
    const token = tokens[idx] as Token;
    const id = refId(token, env);
    env.ids.add(id);
    return `<sup id="${id}"><a href="${escapeHtml(env.page)}#${noteId(token, env)}">${(token.meta.id as number) + 1}</a></sup>`;
  },
  footnote_block_open: () => "<hr>\n<ol>\n",
  footnote_block_close: () => "</ol>\n",
  footnote_open(tokens, idx, _options, env: DialectEnv) {
    const id = noteId(tokens[idx] as Token, env);
    env.ids.add(id);
    return `<li id="${id}">`;
  },
  footnote_close: () => "</li>\n",
  // ↩ followed by VS15, text presentation (not an emoji), as markdown-it-footnote writes it.
  footnote_anchor: (tokens, idx, _options, env: DialectEnv) => ` <a href="${escapeHtml(env.page)}#${refId(tokens[idx] as Token, env)}">\u21a9\ufe0e</a>`,
};

// Task lists ------------------------------------------------------------------------------

/** Classes @mdit/plugin-tasklist puts on the item and the list (dropped: the sanitiser would drop them). */
const TASK_CLASSES = new Set(["task-list-item", "task-list-container"]);

/**
 * A task's state as a character, ☐ (U+2610) or ☑ (U+2611), in feeds and on the page alike,
 * where GitHub writes a disabled checkbox: feed readers strip form controls (and the
 * allow-list drops them), which would leave every task looking alike, while a character is
 * text that every reader shows, that summaries and the article's text carry, and that reads
 * out as "ballot box" / "ballot box with check". The plugin finds the items (GFM's rules);
 * this turns its checkbox into that text and takes its classes off.
 */
function taskCharacters(state: StateCore): void {
  // The plugin counts the tasks it found in `env.tasklistId`.
  if (!(state.env as { tasklistId?: number }).tasklistId) return;
  for (const token of state.tokens) {
    const cls = token.attrGet("class");
    if (cls !== null && TASK_CLASSES.has(cls)) token.attrs = (token.attrs ?? []).filter(([name]) => name !== "class");
    const box = token.type === "inline" ? token.children?.[0] : undefined;
    if (box?.type !== "checkbox_input" || !token.children) continue;
    const text = new state.Token("text", "", 0);
    text.content = box.attrGet("checked") === null ? "\u2610" : "\u2611";
    token.children[0] = text;
  }
}

// Definition lists ------------------------------------------------------------------------

type BlockRule = (state: StateBlock, startLine: number, endLine: number, silent: boolean) => boolean;

/** Whether the line that would hold the first definition (or, inside one, the next) starts with `~`. */
function tildeMarker(state: StateBlock, startLine: number, silent: boolean): boolean {
  let line = silent ? startLine : startLine + 1;
  if (!silent && line < state.lineMax && state.isEmpty(line)) line++;
  return line < state.lineMax && state.src.charCodeAt((state.bMarks[line] ?? 0) + (state.tShift[line] ?? 0)) === 0x7e;
}

/**
 * markdown-it-deflist also reads Pandoc's `~` marker, which none of these generators
 * does: `Term` then `~ 5 minutes` stays a paragraph. Its rule is wrapped, found by its
 * function's name (the plugin exports no other handle); a renamed rule fails loudly.
 */
function withoutTildeMarker(md: MarkdownIt): void {
  const rule = md.block.ruler.getRules("").find((fn) => fn.name === "deflist") as BlockRule | undefined;
  if (rule === undefined) throw new Error("markdown-it-deflist: no block rule named deflist");
  const guarded: BlockRule = (state, startLine, endLine, silent) => !tildeMarker(state, startLine, silent) && rule(state, startLine, endLine, silent);
  md.block.ruler.at("deflist", guarded, { alt: ["paragraph", "reference", "blockquote"] });
}

// Heading attributes and kramdown's attribute lists ----------------------------------------

/** One heading attribute: `#id`, `.class`, or Goldmark's `key=value` (`"value"`, `'value'`). */
const ITEM = String.raw`(?:[#.][^\s{}]+|[A-Za-z_:][\w.:-]*=(?:"[^"{}]*"|'[^'{}]*'|[^\s"'{}=<>\x60]+))`;

/**
 * Heading attributes, the braces that end a heading after white space, with an id or a
 * class among them: `{#id}`, `{#id .class}` (kramdown, Zola, Goldmark's
 * `parser.attribute.title`, which also takes `key=value`). Only the id is kept. Matched
 * from the last `{`, in linear time whatever the heading holds.
 */
const HEADING_ATTRIBUTES = new RegExp(String.raw`^\{[ \t]*(${ITEM}(?:[ \t]+${ITEM})*)[ \t]*\}$`);

/** A kramdown attribute list (`{: .c #id k="v"}`, `{:toc}`, `{:name: .c}`), not an extension (`{::comment}`, `{:/}`). */
const ATTRIBUTE_LIST = /^\{:(?![:/])([^{}\n]*)\}/;

/** Tokens a span attribute list may follow directly (kramdown: span elements). */
const SPANS = new Set(["image", "link_close", "em_close", "strong_close", "s_close", "code_inline"]);

/** The id (`#id`) and whether it asks for a table of contents (`toc`) of an attribute list's inside; none for a definition (`name: ...`). */
function readAttributes(inside: string): { id?: string; toc: boolean } {
  if (/^\s*[\w-]+:/.test(inside)) return { toc: false };
  const items = inside.trim().split(/\s+/);
  const id = items.find((item) => item.startsWith("#"))?.slice(1);
  return id === undefined ? { toc: items.includes("toc") } : { id, toc: items.includes("toc") };
}

/** `## Title {#id .class}`: the braces leave the text, the id goes on the heading. */
function headingAttributes(tokens: Token[], env: DialectEnv): void {
  tokens.forEach((open, i) => {
    const last = open.type === "heading_open" ? tokens[i + 1]?.children?.at(-1) : undefined;
    if (last?.type !== "text" || !last.content.endsWith("}")) return;
    const at = last.content.lastIndexOf("{");
    const items = HEADING_ATTRIBUTES.exec(last.content.slice(at))?.[1]?.match(new RegExp(ITEM, "g")) ?? [];
    if (!items.some((item) => /^[#.]/.test(item)) || !/[ \t]/.test(last.content.charAt(at - 1))) return;
    last.content = last.content.slice(0, at).trimEnd();
    giveId(open, items.find((item) => item.startsWith("#"))?.slice(1), env);
  });
}

/** Whether `line` (inline tokens between line breaks) is one attribute list and nothing else. */
function attributeLine(line: Token[]): { id?: string; toc: boolean } | undefined {
  const [only] = line;
  if (line.length !== 1 || only?.type !== "text") return undefined;
  const m = ATTRIBUTE_LIST.exec(only.content);
  return m && m[0].length === only.content.length ? readAttributes(m[1] ?? "") : undefined;
}

/**
 * A paragraph's inline tokens without its lines that are attribute lists (with the line
 * break before them, or after them for the first line), and what those lists said.
 */
function dropAttributeLines(children: Token[]): { kept: Token[]; lists: { id?: string; toc: boolean }[] } {
  const lines: { breakBefore?: Token; line: Token[] }[] = [{ line: [] }];
  for (const child of children) {
    if (child.type === "softbreak" || child.type === "hardbreak") lines.push({ breakBefore: child, line: [] });
    else lines.at(-1)?.line.push(child);
  }
  const lists: { id?: string; toc: boolean }[] = [];
  const kept: Token[] = [];
  for (const { breakBefore, line } of lines) {
    const list = attributeLine(line);
    if (list !== undefined) lists.push(list);
    else kept.push(...(kept.length > 0 && breakBefore ? [breakBefore] : []), ...line);
  }
  return { kept, lists };
}

/** Index of the token that closes the one opened at `open` (same level, nesting -1). */
function closing(tokens: Token[], open: number): number {
  const { level } = tokens[open] as Token;
  let i = open + 1;
  while (i < tokens.length && !((tokens[i] as Token).nesting === -1 && (tokens[i] as Token).level === level)) i++;
  return i;
}

/** kramdown's attribute lists out of the text: see the module comment. */
function attributeLists(state: StateCore): void {
  if (!state.src.includes("{")) return;
  const tokens = state.tokens;
  const env = state.env as DialectEnv;
  headingAttributes(tokens, env);
  const removed = new Set<number>();
  const remove = (from: number, to: number) => {
    for (let r = from; r <= to; r++) removed.add(r);
  };
  for (const [i, token] of tokens.entries()) {
    const children = token.type === "inline" ? token.children : null;
    if (!children) continue;
    // A span attribute list directly after a span element.
    children.forEach((child, j) => {
      const m = child.type === "text" && j > 0 && SPANS.has((children[j - 1] as Token).type) ? ATTRIBUTE_LIST.exec(child.content) : null;
      if (m) child.content = child.content.slice(m[0].length);
    });
    if (tokens[i - 1]?.type !== "paragraph_open" || !children.some((c) => c.type === "text" && c.content.startsWith("{:"))) continue;
    const { kept, lists } = dropAttributeLines(children);
    if (lists.length === 0) continue;
    token.children = kept;
    // kramdown's table of contents: `* TOC` then `{:toc}`, a list of one item of one paragraph, goes.
    const holder = tokens[i - 3];
    const isList = holder?.type === "bullet_list_open" || holder?.type === "ordered_list_open";
    if (isList && lists.some((list) => list.toc) && closing(tokens, i - 3) === i + 3) {
      remove(i - 3, i + 3);
      continue;
    }
    if (kept.length > 0) continue;
    // The paragraph's tags and text; a footnote's back link before its end tag stays.
    remove(i - 1, i);
    remove(closing(tokens, i - 1), closing(tokens, i - 1));
    // `{: #id}` alone, after a heading (or before one): the heading's id, as kramdown reads it.
    const heading = tokens[i - 2]?.type === "heading_close" ? i - 4 : tokens[i + 2]?.type === "heading_open" ? i + 2 : -1;
    const open = tokens[heading];
    if (open !== undefined) giveId(open, lists.find((list) => list.id !== undefined)?.id, env);
  }
  if (removed.size > 0) state.tokens = tokens.filter((_, i) => !removed.has(i));
}

/** Adds the dialects to `md` (CommonMark, `html: true`); render with a `DialectEnv`. */
export function useDialects(md: MarkdownIt): void {
  md.use(footnote);
  md.inline.ruler.disable("footnote_inline");
  Object.assign(md.renderer.rules, FOOTNOTE_RULES);
  md.use(tasklist, { label: false });
  md.core.ruler.after("task_list", "task_characters", taskCharacters);
  md.use(deflist);
  withoutTildeMarker(md);
  md.core.ruler.before("text_join", "attribute_lists", attributeLists);
}
