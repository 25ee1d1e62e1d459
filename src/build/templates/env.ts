/**
 * @module What every dialect's handlers share: the article's context (the public
 * `TemplateContext`), the warnings of one body (merged so that a site owner reads one
 * line per problem, with every line it occurs at), and the shapes a handler's output
 * takes (`Expansion`).
 */

/** The article a body belongs to, and what its templates may read. */
export interface TemplateContext {
  /** The article's file, relative to content/ (warnings name it). */
  file: string;
  /** 1-based line number in the file where the body starts, so warnings name the file's own line. */
  firstLine: number;
  /** `site.*` values: the generator config's keys (title, url, baseurl, description, author, repository, ... anything). */
  site: Record<string, unknown>;
  /** `page.*` values: the article's front matter as parsed (title, date, tags, any custom key). Hugo's `.Params`/`param` read these too. */
  page: Record<string, unknown>;
  /**
   * Finds another article (or content file) a template names, as a site path or absolute URL, with its title;
   * undefined when nothing matches (then the module warns and writes the text without a link).
   */
  resolve(kind: LinkKind, target: string): { path: string; title: string } | undefined;
}

/** The templates that name another article: Jekyll's, Hugo's and Hexo's. */
export type LinkKind = "post_url" | "link" | "ref" | "relref" | "post_link" | "post_path";

/** One problem with one kind of construct in a body. */
export interface TemplateWarning {
  /** The file's line of its first occurrence. */
  line: number;
  /** The construct as a site owner would search for it: `{% include %}`, `{{< qr >}}`, `{{ site.repository }}`. */
  construct: string;
  /** What was done and why; further lines with the same problem are listed at its end. */
  message: string;
}

/** Where one handler's output goes and what it may do there. */
export interface Scope {
  readonly context: TemplateContext;
  /** Warns about this construct (at its line). */
  warn(message: string, construct?: string): void;
  /** The article `target` names, or undefined after a warning. */
  link(kind: LinkKind, target: string): { path: string; title: string } | undefined;
}

/**
 * What a construct becomes:
 * - a string: inline text, in place of the construct;
 * - `lines`: lines of their own (a fence, a caption), at the construct's indentation;
 * - `open`/`close`: blocks around the construct's inner text (which stays in the body and
 *   is processed like the rest), each on lines of its own with blank lines between them
 *   and the inner text, so that raw HTML there does not swallow the Markdown inside;
 * - `unresolved`: a path that was not found: a Markdown link around the construct
 *   (`[text]({% post_url x %})`) becomes its text, elsewhere `unresolved` is written.
 */
export type Expansion = string | { lines: string[] } | { open: string[]; close: string[] } | { unresolved: string };

/** Nothing, after warning that the construct was removed and why. */
export function removed(scope: Scope, reason: string): "" {
  scope.warn(`removed: ${reason}`);
  return "";
}

/** The warnings of one body, one per construct and problem. */
export class Warnings {
  private readonly found = new Map<string, { warning: TemplateWarning; lines: number[] }>();
  private readonly context: TemplateContext;

  constructor(context: TemplateContext) {
    this.context = context;
  }

  /** Records a problem at `bodyLine` (0-based line of the body). */
  add(bodyLine: number, construct: string, message: string): void {
    const line = this.context.firstLine + bodyLine;
    const key = `${construct}\u0000${message}`;
    const seen = this.found.get(key);
    if (seen === undefined) this.found.set(key, { warning: { line, construct, message }, lines: [line] });
    else if (!seen.lines.includes(line)) seen.lines.push(line);
  }

  /** A scope for the construct at `position` of `text` (its line is counted when it warns). */
  scope(text: string, position: number, construct: string): Scope {
    const context = this.context;
    const warn = (message: string, named = construct) => this.add(lineIndex(text, position), named, message);
    return {
      context,
      warn,
      link: (kind, target) => {
        const found = target === "" ? undefined : context.resolve(kind, target);
        if (found === undefined) warn(`"${target}" names no article or file here: written without a link`);
        return found;
      },
    };
  }

  /** Every warning, by the line it is first found at. */
  list(): TemplateWarning[] {
    return [...this.found.values()]
      .map(({ warning, lines }) => {
        const more = lines.filter((l) => l !== warning.line).sort((a, b) => a - b);
        return more.length === 0 ? warning : { ...warning, message: `${warning.message} (also at line${more.length > 1 ? "s" : ""} ${more.join(", ")})` };
      })
      .sort((a, b) => a.line - b.line);
  }
}

/** 0-based line of `position` in `text`. */
export function lineIndex(text: string, position: number): number {
  let count = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < position; i = text.indexOf("\n", i + 1)) count++;
  return count;
}
