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
import { xmlForbiddenIn } from "../text.ts";
import type { ArticleMeta } from "../types.ts";

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
] as const;
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

/** A parameter's value is not allowed: the 400's message says which and what is. */
export class FilterError extends Error {}

/** The values of a query parameter (one, unless repeated). */
type Values = (name: string) => string[];

/** Reads the filter parameters of a query; throws a `FilterError` for a value that is not allowed. Returns `undefined` when none is given. */
export function parseFilters(values: Values): Filters | undefined {
  const filters: Filters = { text: {}, caseSensitive: true };
  let any = false;
  const one = (name: string): string | undefined => {
    const all = values(name);
    if (all.length > 1) throw new FilterError(`${name} must be given at most once`);
    return all[0];
  };
  for (const name of TEXT_PARAMS) {
    const raw = one(name);
    if (raw === undefined) continue;
    any = true;
    // Issue 21: refused, not removed. A filter's words reach its feed's title, and no
    // article can hold such a character (the build removes them), so a value with one is
    // never a spelling of a value that could match: removing it would change what the
    // reader asked for. One rule for every format, and for WebSub topics, which are read
    // with this parser.
    const forbidden = xmlForbiddenIn(raw);
    if (forbidden !== undefined) throw new FilterError(`${name} must not contain ${forbidden}: ${XML_CHARS_RULE}`);
    const value = raw.normalize("NFKC");
    if (value.trim() === "") throw new FilterError(`${name} must not be empty: give one or more words separated by |, e.g. ?${name}=南开|Nankai`);
    if ([...value].length > FILTER_LIMITS.length) throw new FilterError(`${name} must be at most ${FILTER_LIMITS.length} characters`);
    const alternatives = value.split("|");
    if (alternatives.length > FILTER_LIMITS.alternatives) throw new FilterError(`${name} must have at most ${FILTER_LIMITS.alternatives} alternatives separated by |`);
    if (alternatives.some((a) => a.trim() === "")) throw new FilterError(`${name} must not have an empty alternative: words separated by single |, e.g. ?${name}=南开|Nankai`);
    filters.text[name] = alternatives;
  }
  const sensitive = one("filter_case_sensitive");
  if (sensitive !== undefined) {
    any = true;
    if (sensitive !== "true" && sensitive !== "false") throw new FilterError("filter_case_sensitive must be true or false (default true)");
    filters.caseSensitive = sensitive === "true";
  }
  const time = one("filter_time");
  if (time !== undefined) {
    any = true;
    if (!/^[1-9][0-9]{0,9}$/.test(time)) throw new FilterError("filter_time must be a whole number of seconds, at least 1, e.g. ?filter_time=86400 for the last day");
    filters.time = Number(time);
  }
  return any ? filters : undefined;
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

/** What one article offers to filters. */
interface Fields {
  title: string;
  description: string;
  authors: string[];
  categories: string[];
}

/**
 * Whether `article` passes `filters` at `now` (ms). `authors` are who wrote it (its
 * own, or the site's author). The description is the summary, or the title when the
 * summary is empty, as RSSHub falls back to the title.
 */
export function matchesFilters(filters: Filters, article: ArticleMeta, authors: readonly string[], now: number): boolean {
  const fold = (s: string) => (filters.caseSensitive ? s.normalize("NFKC") : s.normalize("NFKC").toLowerCase());
  const fields: Fields = {
    title: fold(article.title),
    description: fold(article.summary || article.title),
    authors: authors.map(fold),
    categories: [...article.tags, ...article.categories].map(fold),
  };
  const words = (name: TextParam) => filters.text[name]?.map(fold);
  const has = (text: string, alternatives: string[]) => alternatives.some((a) => text.includes(a));
  const test = (name: TextParam, field: keyof Fields): boolean | undefined => {
    const alternatives = words(name);
    if (alternatives === undefined) return undefined;
    const value = fields[field];
    return typeof value === "string" ? has(value, alternatives) : value.some((v) => has(v, alternatives));
  };
  const filter = words("filter");
  if (filter !== undefined) {
    if (!has(fields.title, filter) && !has(fields.description, filter)) return false;
  } else {
    for (const [name, field] of [
      ["filter_title", "title"],
      ["filter_description", "description"],
      ["filter_author", "authors"],
      ["filter_category", "categories"],
    ] as const) {
      if (test(name, field) === false) return false;
    }
  }
  const out = words("filterout");
  for (const [name, field] of [
    ["filterout_title", "title"],
    ["filterout_description", "description"],
  ] as const) {
    const alternatives = words(name) ?? out;
    if (alternatives !== undefined && has(fields[field], alternatives)) return false;
  }
  for (const [name, field] of [
    ["filterout_author", "authors"],
    ["filterout_category", "categories"],
  ] as const) {
    if (test(name, field) === true) return false;
  }
  if (filters.time !== undefined && now - Date.parse(article.published) > filters.time * 1000) return false;
  return true;
}

/** How each parameter is described to people, in `describeFilters`. */
export interface FilterWords {
  /** `filter=a|b` and its field-specific forms, shown as `label: a | b`. */
  labels: Record<TextParam, string>;
  caseInsensitive: string;
  /** `filter_time`: the last `seconds`. */
  time: (seconds: number) => string;
  /** Between parts. */
  separator: string;
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
