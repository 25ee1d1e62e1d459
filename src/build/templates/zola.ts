/**
 * @module Zola's shortcodes (getzola.org/documentation/content/shortcodes/): `{{ name(arg=value) }}`
 * and `{% name(arg=value) %}body{% end %}`. Zola has no built-in shortcodes: each is a
 * template of the site's theme (templates/shortcodes/name.html), which this build does
 * not have. So each is removed with a warning, and a block shortcode's body, which is
 * Markdown the template would have rendered, stays. What tells one from Liquid's
 * `{{ page.title }}` is the call: a name and its parenthesised arguments. Escaped
 * shortcodes (`{{/* ... *\/}}`) are undone in ./code.ts.
 */
import type { Construct } from "./constructs.ts";
import type { Warnings } from "./env.ts";
import type { Edits } from "./placeholders.ts";

/** A call, as Zola's content grammar has it: a name, then arguments in parentheses. */
const CALL = /^([A-Za-z_]\w*)\s*\(([\s\S]*)\)$/;

/** Whether the inside of `{{ ... }}` or `{% ... %}` is a Zola shortcode call. */
export function isZolaCall(inner: string): boolean {
  return CALL.test(inner);
}

/** The first `{% end %}` after `from`: Zola's block shortcodes do not nest. */
const END = /\{%-?\s*end\s*-?%\}/g;

/**
 * Removes the shortcode `c` (and a block's `{% end %}`, recorded in `closed`), with a
 * warning naming it; returns where reading goes on (inside a block's body).
 */
export function removeZola(edits: Edits, c: Construct, warnings: Warnings, closed: Set<number>): number {
  const name = CALL.exec(c.inner)?.[1] ?? c.inner;
  const line = edits.line(c.start);
  edits.replace(c.start, c.end, "");
  if (c.kind === "output") {
    warnings.add(line, `{{ ${name}(...) }}`, "removed: Zola shortcodes are the theme's templates, which this build does not have");
    return c.end;
  }
  END.lastIndex = c.end;
  const end = END.exec(edits.text);
  if (end === null) {
    warnings.add(line, `{% ${name}(...) %}`, "removed: Zola shortcodes are the theme's templates, which this build does not have; it has no {% end %}");
    return c.end;
  }
  edits.replace(end.index, end.index + end[0].length, "");
  closed.add(end.index);
  warnings.add(line, `{% ${name}(...) %}`, "removed, its body kept: Zola shortcodes are the theme's templates, which this build does not have");
  return c.end;
}
