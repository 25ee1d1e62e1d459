/**
 * @module Jekyll's Liquid, rendered by liquidjs, synchronously, after ./braces.ts has
 * taken out every construct that is not Liquid's own. What Jekyll adds to Liquid and the
 * body may use is added here: `site.*` and `page.*` (with Jekyll's defaults for `url` and
 * `baseurl`, empty), and the filters liquidjs lacks (jekyllrb.com/docs/liquid/filters/;
 * liquidjs already has `where`, `group_by`, `slugify`, `jsonify`, `xml_escape`,
 * `cgi_escape`, `uri_escape`, `number_of_words`, `date_to_*` and the rest).
 *
 * Rendering is deterministic and reads nothing: `"now"` in a date filter is the
 * article's date (Jekyll's would be the time of the build), `sample` takes the first
 * items, the file tags render nothing, dates are shown in the site's `timezone` (UTC
 * when it has none), and a runaway loop stops at a memory limit.
 *
 * A construct liquidjs refuses (an `{% if %}` never closed, an unknown filter) is
 * removed with a warning and the body rendered again, until it renders. A variable that
 * is not set renders empty, as in Jekyll; a warning says so when it was written out
 * (`{{ site.repository }}`, or the list of a `for`), not when it was only tested.
 */
import { filters, Liquid, LiquidError, Tag, type Token } from "liquidjs";
import { abbreviate, constructs } from "./constructs.ts";
import type { TemplateContext, Warnings } from "./env.ts";
import { Edits, type Placeholders } from "./placeholders.ts";
import { warnUnset } from "./unset.ts";

/** Tags that read the site's files: they render nothing here (./jekyll.ts warns about them). */
class NoFile extends Tag {
  render(): string {
    return "";
  }
}

type Filter = (this: unknown, value: unknown, ...args: unknown[]) => unknown;

/** liquidjs with Jekyll's additions, for one article. */
function jekyllLiquid(context: TemplateContext): Liquid {
  const zone = typeof context.site.timezone === "string" && isTimeZone(context.site.timezone) ? context.site.timezone : 0;
  const engine = new Liquid({ strictFilters: true, ownPropertyOnly: true, jekyllWhere: true, timezoneOffset: zone, memoryLimit: 10_000_000, cache: false });
  for (const name of ["include", "render", "layout"]) engine.registerTag(name, NoFile);
  const site = (key: string) => String(context.site[key] ?? "").replace(/\/$/, "");
  const leadingSlash = (path: string) => (path === "" || path.startsWith("/") ? path : `/${path}`);
  const absolute = (url: string) => /^[A-Za-z][\w+.-]*:/.test(url);
  // jekyll/filters/url_filters.rb: baseurl then the path, each with a leading slash; `url` before both.
  const relative = (input: unknown) => (absolute(String(input ?? "")) ? String(input) : leadingSlash(site("baseurl")) + leadingSlash(String(input ?? "")));
  engine.registerFilter("relative_url", relative);
  engine.registerFilter("absolute_url", (input: unknown) => (absolute(String(input ?? "")) ? String(input) : site("url") + relative(input)));
  // Jekyll renders these to HTML; the body is Markdown rendered later, so Markdown stays Markdown.
  for (const name of ["markdownify", "smartify", "sassify", "scssify"]) engine.registerFilter(name, (input: unknown) => String(input ?? ""));
  for (const name of ["date", "date_to_xmlschema", "date_to_rfc822", "date_to_string", "date_to_long_string"]) {
    const builtin = filters[name] as Filter;
    engine.registerFilter(name, function (this: unknown, value: unknown, ...args: unknown[]) {
      return builtin.call(this, value === "now" || value === "today" ? (context.page.date ?? "") : value, ...args);
    });
  }
  engine.registerFilter("sample", (value: unknown, count?: unknown) => (Array.isArray(value) ? (count === undefined ? value[0] : value.slice(0, Number(count))) : value));
  return engine;
}

/**
 * `value` with every date written as Jekyll writes a Time (`2019-02-01 09:30:00 +0800`,
 * in the site's zone): liquidjs would write a `Date` with JavaScript's `toString`, in
 * the zone of the machine that builds. Filters read the text as the date it is.
 */
function withTimes(value: Record<string, unknown>, engine: Liquid): Record<string, unknown> {
  const convert = (v: unknown): unknown => {
    if (v instanceof Date) return engine.parseAndRenderSync("{{ t | date: '%Y-%m-%d %H:%M:%S %z' }}", { t: v });
    if (Array.isArray(v)) return v.map(convert);
    if (v !== null && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, item]) => [k, convert(item)]));
    return v;
  };
  return convert(value) as Record<string, unknown>;
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** What a site owner is told about a construct liquidjs refused. */
function problem(error: LiquidError): string {
  const reason = (error as { originalError?: Error }).originalError?.message ?? error.message;
  if (/not closed/.test(reason)) return "removed: it is never closed; the text inside is kept";
  if (/^tag "(?:end\w*|else|elsif|when)" not found/.test(reason)) return "removed: there is no open tag for it to close or continue";
  const filter = /^undefined filter: (\S+)/.exec(reason);
  if (filter) return `removed: Jekyll has no "${filter[1]}" filter here`;
  if (/memory alloc limit/.test(reason)) return "removed: it would write far too much";
  return `removed: Liquid could not render it (${reason.replace(/, line:\d+, col:\d+$/, "")})`;
}

/** Renders `text` (placeholders and Liquid only) for `context`. */
export function renderLiquid(text: string, store: Placeholders, warnings: Warnings, context: TemplateContext): string {
  const engine = jekyllLiquid(context);
  const scope = { site: { url: "", baseurl: "", ...withTimes(context.site, engine) }, page: withTimes(context.page, engine) };
  let current = text;
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      const templates = engine.parse(current);
      const output: string = engine.renderSync(templates, scope);
      warnUnset(current, scope, warnings);
      return output;
    } catch (error) {
      const token = (error as { token?: Token }).token;
      if (!LiquidError.is(error) || token === undefined) break;
      const name = (token as { name?: string }).name;
      warnings.add((token.getPosition()[0] ?? 1) - 1, name ? `{% ${name} %}` : abbreviate(token.getText()), problem(error as LiquidError));
      current = current.slice(0, token.begin) + store.hide(current.slice(token.begin, token.end), "") + current.slice(token.end);
    }
  }
  // Not rendered after a hundred fixes: every construct goes, with one warning.
  const edits = new Edits(current);
  for (const { start, construct } of constructs(current)) {
    if (construct === undefined) continue;
    warnings.add(edits.line(start), abbreviate(current.slice(start, construct.end)), "removed: Liquid could not render this body");
    edits.replace(start, construct.end, "");
  }
  return edits.apply(store);
}
