/**
 * @module Variables a body writes out that are not set. Liquid writes them as nothing,
 * as Jekyll does; a site owner should hear of it when text goes missing that way
 * (`{{ site.repository }}` without a config, a `for` over `site.posts`), not when a
 * template only tests a value (`{% if page.comments %}`) or gives a `default`.
 */
import { abbreviate, constructs } from "./constructs.ts";
import { lineIndex, type Warnings } from "./env.ts";

/** A variable path at the start of an expression: `site.author.name`, `page.tags[0]`, `a["b c"]`. */
const PATH = /^([\p{L}_][\p{L}\p{N}_-]*)((?:\.[\p{L}\p{N}_-]+\??|\[(?:\d+|"[^"]*"|'[^']*')\])*)/u;

/** Its segments: `page.tags[0]` is page, tags, 0. */
function segments(path: RegExpExecArray): (string | number)[] {
  const rest = [...(path[2] ?? "").matchAll(/\.([^.[]+)|\[(\d+)\]|\["([^"]*)"\]|\['([^']*)'\]/g)];
  return [path[1] ?? "", ...rest.map((m) => (m[2] !== undefined ? Number(m[2]) : (m[1] ?? m[3] ?? m[4] ?? "")))];
}

/**
 * Warns about every variable written out (first in `{{ }}` without `default`, or as the
 * list of a `for`) that is not set: `site.*` and `page.*` when the context lacks them,
 * other names when no tag of the body assigns them. (liquidjs's static analysis would
 * say the same with its scoping, but finds each position by counting from the start of
 * the text: quadratic in long bodies.)
 */
export function warnUnset(text: string, scope: Record<string, unknown>, warnings: Warnings): void {
  const all = [...constructs(text)].flatMap(({ construct }) => (construct ? [construct] : []));
  const assigned = new Set(
    all.flatMap((c) => /^(?:(?:assign|capture|increment|decrement)\s+([\w-]+)|(?:for|tablerow)\s+([\w-]+)\s+in\b)/.exec(c.inner)?.slice(1).filter(Boolean) ?? []),
  );
  for (const c of all) {
    const expression = c.kind === "output" ? (/\|\s*default\b/.test(c.inner) ? undefined : c.inner) : /^(?:for|tablerow)\s+[\w-]+\s+in\s+(.*)$/s.exec(c.inner)?.[1];
    const path = expression === undefined ? null : PATH.exec(expression);
    if (path === null) continue;
    const names = segments(path);
    const root = names[0] as string;
    if (Object.hasOwn(scope, root) ? isSet(scope, names) : assigned.has(root) || /^(?:forloop|tablerowloop|true|false|nil|null|empty|blank)$/.test(root)) continue;
    const where = root === "site" ? "is not in the site's config" : root === "page" ? "is not in the front matter" : "is not defined";
    const construct = c.kind === "output" ? abbreviate(text.slice(c.start, c.end)) : `{% ${/^\w+/.exec(c.inner)?.[0]} %}`;
    warnings.add(lineIndex(text, c.start), construct, `"${names.join(".")}" ${where}: written as nothing`);
  }
}

/** Whether `path` leads to a value in `scope`. */
function isSet(scope: object, path: (string | number)[]): boolean {
  let at: unknown = scope;
  for (const segment of path) {
    // Liquid's own properties of lists and strings.
    if ((Array.isArray(at) || typeof at === "string") && (segment === "size" || segment === "first" || segment === "last")) return true;
    if (at === null || typeof at !== "object" || !Object.hasOwn(at, segment)) return false;
    at = (at as Record<string | number, unknown>)[segment];
  }
  return at !== undefined && at !== null;
}
