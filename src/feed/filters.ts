/**
 * @module Feeds people shape themselves (issue 13): RSSHub's filter parameters
 * (https://docs.rsshub.app/guide/parameters, lib/middleware/parameter.ts in DIYgod/RSSHub)
 * with their names and semantics, minus regular expressions. Pure: parsing and
 * validation, the canonical query, matching, and the words that say what is filtered.
 *
 * - `filter`: the title or the description matches; when it is given, `filter_title`,
 *   `filter_description`, `filter_author` and `filter_category` are ignored (as in RSSHub).
 * - `filter_title`, `filter_description`, `filter_author`, `filter_category`: each given
 *   one must match (an author: any of the article's authors; a category: any of its tags
 *   and categories).
 * - `filterout` (title or description), `filterout_title`, `filterout_description`,
 *   `filterout_author`, `filterout_category`: an article that matches any is left out;
 *   `filterout` beats `filter`.
 * - `filter_case_sensitive=false` makes every comparison ignore case (default true).
 * - `filter_time=N`: only articles published in the N seconds before the request.
 *
 * A value is one or more literal alternatives separated by `|`. Unlike RSSHub they are
 * not regular expressions, so no request can make matching slow (no catastrophic
 * backtracking): matching is substring search after Unicode NFKC normalisation (so
 * full-width and compatibility forms match their plain forms), and raw and
 * percent-encoded CJK in the URL are the same value. "Description" is the article's
 * summary (its full text is not searched at request time).
 */
import type { FilterWords } from "../i18n/strings.ts";
import { xmlForbiddenIn } from "../text.ts";
import type { ArticleMeta, Parsed } from "../types.ts";

/** The text parameters, in the canonical (sorted) order. */
export const TEXT_PARAMS = [
  "filter",
  "filter_author",
  "filter_category",
  "filter_description",
  "filter_title",
  "filterout",
  "filterout_author",
  "filterout_category",
  "filterout_description",
  "filterout_title",
] as const satisfies readonly (keyof FilterWords["labels"])[];
export type TextParam = (typeof TEXT_PARAMS)[number];

/** Every filter parameter. */
export const FILTER_PARAMS = [...TEXT_PARAMS, "filter_case_sensitive", "filter_time"] as const;

/** Limits on a value, so that no request can make matching expensive. */
export const FILTER_LIMITS = { length: 200, alternatives: 16 } as const;

/** A feed's filters, validated and normalised. */
export interface Filters {
  /** Alternatives per text parameter given, NFKC-normalised (not yet case-folded). */
  text: Partial<Record<TextParam, string[]>>;
  /** Whether case matters. @default true */
  caseSensitive: boolean;
  /** Seconds before the request an article must have been published in, if given. */
  time?: number;
}

/** Why some characters are refused in a value (https://www.w3.org/TR/xml/#charsets). */
export const XML_CHARS_RULE =
  "feeds are XML, and XML 1.0 allows no control character but tab, line feed and carriage return, no U+FFFE or U+FFFF and no unpaired surrogate; every format takes the same values";

/** The values of a query parameter (one, unless repeated). */
type Values = (name: string) => string[];

/**
 * Reads the filter parameters of a query: `undefined` when none is given, or why a value
 * is not allowed (the 400's message names the parameter and what is).
 */
export function parseFilters(values: Values): Parsed<Filters | undefined> {
  const filters: Filters = { text: {}, caseSensitive: true };
  let any = false;
  const refuse = (message: string) => ({ ok: false as const, message });
  const repeated = (name: string) => (values(name).length > 1 ? refuse(`${name} must be given at most once`) : undefined);
  for (const name of TEXT_PARAMS) {
    const [raw] = values(name);
    if (raw === undefined) continue;
    any = true;
    const refused = repeated(name) ?? refuseText(name, raw);
    if (refused !== undefined) return refused;
    filters.text[name] = raw.normalize("NFKC").split("|");
  }
  const [sensitive] = values("filter_case_sensitive");
  if (sensitive !== undefined) {
    any = true;
    const refused = repeated("filter_case_sensitive");
    if (refused !== undefined) return refused;
    if (sensitive !== "true" && sensitive !== "false") return refuse("filter_case_sensitive must be true or false (default true)");
    filters.caseSensitive = sensitive === "true";
  }
  const [time] = values("filter_time");
  if (time !== undefined) {
    any = true;
    const refused = repeated("filter_time");
    if (refused !== undefined) return refused;
    if (!/^[1-9][0-9]{0,9}$/.test(time)) return refuse("filter_time must be a whole number of seconds, at least 1, e.g. ?filter_time=86400 for the last day");
    filters.time = Number(time);
  }
  return { ok: true, value: any ? filters : undefined };
}

/** Why the value `raw` of text parameter `name` is not allowed, if it is not. */
function refuseText(name: string, raw: string): { ok: false; message: string } | undefined {
  const refuse = (message: string) => ({ ok: false as const, message });
  // Issue 21: refused, not removed. A filter's words reach its feed's title, and no
  // article can hold such a character (the build removes them), so a value with one is
  // never a spelling of a value that could match: removing it would change what the
  // reader asked for. One rule for every format, and for WebSub topics, which are read
  // with this parser.
  const forbidden = xmlForbiddenIn(raw);
  if (forbidden !== undefined) return refuse(`${name} must not contain ${forbidden}: ${XML_CHARS_RULE}`);
  const value = raw.normalize("NFKC");
  if (value.trim() === "") return refuse(`${name} must not be empty: give one or more words separated by |, e.g. ?${name}=南开|Nankai`);
  if ([...value].length > FILTER_LIMITS.length) return refuse(`${name} must be at most ${FILTER_LIMITS.length} characters`);
  const alternatives = value.split("|");
  if (alternatives.length > FILTER_LIMITS.alternatives) return refuse(`${name} must have at most ${FILTER_LIMITS.alternatives} alternatives separated by |`);
  if (alternatives.some((a) => a.trim() === "")) return refuse(`${name} must not have an empty alternative: words separated by single |, e.g. ?${name}=南开|Nankai`);
  return undefined;
}

/**
 * The filters as canonical query parameters: sorted by name, values NFKC-normalised,
 * defaults left out (`filter_case_sensitive=true`).
 */
export function filterParams(filters: Filters): [string, string][] {
  const params: [string, string][] = [];
  for (const name of TEXT_PARAMS) {
    const alternatives = filters.text[name];
    if (alternatives) params.push([name, alternatives.join("|")]);
  }
  if (!filters.caseSensitive) params.push(["filter_case_sensitive", "false"]);
  if (filters.time !== undefined) params.push(["filter_time", String(filters.time)]);
  return params;
}

/** The fields of an article a filter can test. */
type Field = "title" | "description" | "authors" | "categories";

/** Each filter parameter that tests one field, with the field. */
const FIELD_TESTS = {
  keep: [
    ["filter_title", "title"],
    ["filter_description", "description"],
    ["filter_author", "authors"],
    ["filter_category", "categories"],
  ],
  drop: [
    ["filterout_title", "title"],
    ["filterout_description", "description"],
    ["filterout_author", "authors"],
    ["filterout_category", "categories"],
  ],
} as const satisfies Record<string, readonly (readonly [TextParam, Field])[]>;

/**
 * Whether `article` passes `filters` at `now` (ms). `authors` are who wrote it (its
 * own, or the site's author). The description is the summary, or the title when the
 * summary is empty, as RSSHub falls back to the title.
 */
export function matchesFilters(filters: Filters, article: ArticleMeta, authors: readonly string[], now: number): boolean {
  return filterMatcher(filters, now)(article, authors);
}

/**
 * `matchesFilters` for many articles: the filters' words are folded once, and an
 * article's fields only when a test reads them (a window of 100 articles, filtered by
 * title, normalises no summary, author or category).
 */
export function filterMatcher(filters: Filters, now: number): (article: ArticleMeta, authors: readonly string[]) => boolean {
  const fold = filters.caseSensitive ? (s: string) => s.normalize("NFKC") : (s: string) => s.normalize("NFKC").toLowerCase();
  const words: Partial<Record<TextParam, string[]>> = {};
  for (const name of TEXT_PARAMS) {
    const alternatives = filters.text[name];
    if (alternatives !== undefined) words[name] = alternatives.map(fold);
  }
  const has = (text: string, alternatives: readonly string[]) => alternatives.some((a) => text.includes(a));
  // `filter` replaces the field tests that keep (below); `filterout` stands for the title and description tests that drop, unless given their own.
  const keep: [readonly string[], Field][] = words.filter ? [] : FIELD_TESTS.keep.flatMap(([name, field]) => (words[name] ? [[words[name], field] as [string[], Field]] : []));
  const drop: [readonly string[], Field][] = FIELD_TESTS.drop.flatMap(([name, field]) => {
    const alternatives = words[name] ?? (field === "title" || field === "description" ? words.filterout : undefined);
    return alternatives ? [[alternatives, field] as [string[], Field]] : [];
  });
  const since = filters.time === undefined ? undefined : now - filters.time * 1000;
  return (article, authors) => {
    if (since !== undefined && Date.parse(article.published) < since) return false;
    const folded: Partial<Record<Field, string | string[]>> = {};
    const field = (name: Field): string | string[] => {
      let value = folded[name];
      if (value === undefined) {
        value =
          name === "title"
            ? fold(article.title)
            : name === "description"
              ? fold(article.summary || article.title)
              : name === "authors"
                ? authors.map(fold)
                : [...article.tags, ...article.categories].map(fold);
        folded[name] = value;
      }
      return value;
    };
    const test = (alternatives: readonly string[], name: Field): boolean => {
      const value = field(name);
      return typeof value === "string" ? has(value, alternatives) : value.some((v) => has(v, alternatives));
    };
    if (words.filter) {
      if (!test(words.filter, "title") && !test(words.filter, "description")) return false;
    } else if (keep.some(([alternatives, name]) => !test(alternatives, name))) return false;
    return !drop.some(([alternatives, name]) => test(alternatives, name));
  };
}

/** What is filtered, in words: for feed titles and the browser view. */
export function describeFilters(filters: Filters, words: FilterWords): string {
  const parts: string[] = [];
  for (const name of TEXT_PARAMS) {
    const alternatives = filters.text[name];
    if (alternatives) parts.push(`${words.labels[name]}${alternatives.join(" | ")}`);
  }
  if (!filters.caseSensitive) parts.push(words.caseInsensitive);
  if (filters.time !== undefined) parts.push(words.time(filters.time));
  return parts.join(words.separator);
}
