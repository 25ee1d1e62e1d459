/**
 * @module Template syntax in article bodies (issue 18, item 9): Hugo, Jekyll, Hexo and
 * Zola bodies carry their generator's templates, and none of it may reach a reader as
 * text outside code. `expandTemplates` turns such a body into plain Markdown (with some
 * raw HTML, which the body's sanitiser still judges), in passes over one working text:
 *
 * 1. code (./code.ts): fenced and indented code blocks, `<pre>` blocks and code spans are
 *    set aside as written, but for the escapes the generators undo (`{% raw %}` markers,
 *    `{{</* x *\/>}}`);
 * 2. escapes outside code (./code.ts): the inside of `{% raw %}`, and escaped Hugo and
 *    Zola shortcodes unescaped, set aside as literal text;
 * 3. Hugo's shortcodes (./hugo.ts, ./hugo-builtins.ts);
 * 4. `{% %}` and `{{ }}` (./braces.ts): Jekyll's own tags (./jekyll.ts), Hexo's tag
 *    plugins and its themes' (./hexo.ts, ./hexo-themes.ts) and Zola's shortcodes
 *    (./zola.ts) expanded or removed, anything else that is template syntax removed,
 *    braces that are not templates left as they are;
 * 5. Liquid (./liquid.ts) for what is left: control flow, variables, filters; variables
 *    written out but not set are warned about (./unset.ts).
 *
 * What a pass finishes becomes a placeholder (./placeholders.ts), so the passes after it
 * never read it and every pass sees the body's own line numbers. The dialect is not
 * given: the syntaxes do not collide (Hugo's `{{<`, Zola's calls, Hexo's and Jekyll's tag
 * names; `{% link %}` is Jekyll's with one word and Hexo's with more).
 *
 * Pure and synchronous; a body with no `{{` and no `{%` is returned as it is.
 */

import { expandBraces } from "./braces.ts";
import { hideCode, hideEscapes } from "./code.ts";
import { type TemplateContext, type TemplateWarning, Warnings } from "./env.ts";
import { expandShortcodes } from "./hugo.ts";
import { renderLiquid } from "./liquid.ts";
import { Edits, Placeholders } from "./placeholders.ts";

export type { LinkKind, TemplateContext, TemplateWarning } from "./env.ts";

/** `body` as Markdown without template syntax outside code, and what was removed or could not be found, one warning per construct and problem. */
export function expandTemplates(body: string, context: TemplateContext): { markdown: string; warnings: TemplateWarning[] } {
  if (!body.includes("{{") && !body.includes("{%")) return { markdown: body, warnings: [] };
  const store = new Placeholders(body);
  const warnings = new Warnings(context);
  const pass = (text: string, run: (edits: Edits) => void) => {
    const edits = new Edits(text);
    run(edits);
    return edits.apply(store);
  };
  let text = pass(body, hideCode);
  text = pass(text, hideEscapes);
  text = pass(text, (edits) => expandShortcodes(edits, store, warnings));
  let liquid = false;
  text = pass(text, (edits) => {
    liquid = expandBraces(edits, store, warnings);
  });
  if (liquid) text = renderLiquid(text, store, warnings, context);
  return { markdown: store.reveal(text), warnings: warnings.list() };
}
