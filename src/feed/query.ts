/**
 * @module The query a feed takes, read and written canonically: `?limit=`, issue 13's
 * filters (./filters.ts) and Chinese variant (`?opencc=`), and the browser view
 * (`?view=html`). Reading returns what the query asks for or why it is refused, the
 * message a route answers `400` with (src/routes.ts); nothing here throws. Anything else in
 * the query is ignored.
 */
import { CHINESE_VARIANTS, type ChineseVariant, VARIANT_PARAM, variantRule } from "../i18n/variants.ts";
import type { Parsed } from "../types.ts";
import { FILTER_PARAMS, type Filters, filterParams, parseFilters } from "./filters.ts";

/** Default and bounds of `?limit=`. */
export const LIMITS = { default: 20, min: 1, max: 100 } as const;

/** The canonical query of a feed URL for `limit`: nothing for the default. */
export function limitQuery(limit: number): string {
  return limit === LIMITS.default ? "" : `?limit=${limit}`;
}

/** Explains the accepted values; sent as the body of a 400. */
export const LIMIT_RULE = `limit must be a whole number from ${LIMITS.min} to ${LIMITS.max} (default ${LIMITS.default}), given at most once, e.g. ?limit=10`;

/**
 * Reads `?limit=`: absent means the default; `0`, `-1`, `1e3`, `abc`, `101`, `5.5`,
 * an empty value or a repeated parameter are refused, saying what is allowed.
 */
export function parseLimit(values: string[] | undefined): Parsed<number> {
  if (values === undefined || values.length === 0) return { ok: true, value: LIMITS.default };
  const [value] = values;
  if (values.length === 1 && value !== undefined && /^[0-9]{1,3}$/.test(value)) {
    const limit = Number(value);
    if (limit >= LIMITS.min && limit <= LIMITS.max) return { ok: true, value: limit };
  }
  return { ok: false, message: LIMIT_RULE };
}

/** Explains why archive pages take no `?limit=`; sent as the body of a 400. */
export const ARCHIVE_LIMIT_RULE = "limit does not apply to archive pages: each holds a fixed set of articles; for the newest, use the feed without /archive/N/";

/** Explains why archive pages take no filters; sent as the body of a 400. */
export const ARCHIVE_FILTER_RULE = "filters do not apply to archive pages: filter the feed without /archive/N/";

/** What a subscription document's query asks for (canonical: src/http/redirects.ts sends other spellings here). */
export interface FeedQuery {
  limit: number;
  /** Issue 13's filters, when any is given. */
  filters?: Filters;
  /** Issue 13's Chinese variant (`?opencc=`), when given. */
  variant?: ChineseVariant;
}

/** The parameters of `query` that shape a feed, in the order given: the rest are ignored. */
export const FEED_PARAMS: ReadonlySet<string> = new Set(["limit", ...FILTER_PARAMS, VARIANT_PARAM]);

/**
 * Reads `?opencc=`: absent, or one of `built` (the variants the content was built
 * with); anything else is refused, naming them.
 */
export function parseVariant(values: string[] | undefined, built: readonly ChineseVariant[]): Parsed<ChineseVariant | undefined> {
  if (values === undefined || values.length === 0) return { ok: true, value: undefined };
  const [value] = values;
  if (values.length === 1 && value !== undefined && built.includes(value as ChineseVariant)) return { ok: true, value: value as ChineseVariant };
  return { ok: false, message: variantRule(built) };
}

/**
 * Reads the feed parameters of a query; a value that is not allowed is refused, naming
 * the parameter and what is allowed (the limit's first, then the variant's, then the
 * filters'). `built`: the Chinese variants there are (every one of RSSHub's when only
 * the spelling matters, as for redirects).
 */
export function parseFeedQuery(values: (name: string) => string[], built: readonly ChineseVariant[] = CHINESE_VARIANTS): Parsed<FeedQuery> {
  const limit = parseLimit(values("limit"));
  if (!limit.ok) return limit;
  const variant = parseVariant(values(VARIANT_PARAM), built);
  if (!variant.ok) return variant;
  const filters = parseFilters(values);
  if (!filters.ok) return filters;
  return { ok: true, value: { limit: limit.value, ...(filters.value ? { filters: filters.value } : {}), ...(variant.value ? { variant: variant.value } : {}) } };
}

/** The canonical parameters of `query`: sorted by name, defaults left out (`limit=20`, `filter_case_sensitive=true`). */
export function feedParams(query: FeedQuery): [string, string][] {
  const params = [...(query.filters ? filterParams(query.filters) : [])];
  if (query.limit !== LIMITS.default) params.push(["limit", String(query.limit)]);
  if (query.variant) params.push([VARIANT_PARAM, query.variant]);
  return params.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

/** `?` and the canonical parameters, percent-encoded, or `""`: what the feed's own URLs end with. */
export function canonicalQuery(query: FeedQuery): string {
  const params = feedParams(query);
  return params.length === 0 ? "" : `?${new URLSearchParams(params)}`;
}

/** Explains `?view=`; sent as the body of a 400. */
export const VIEW_RULE = "view must be html (the browser page of a feed), given at most once, e.g. ?view=html";

/** Reads `?view=`: absent, or `html` for the browser page of a feed. */
export function parseView(values: string[] | undefined): Parsed<"html" | undefined> {
  if (values === undefined || values.length === 0) return { ok: true, value: undefined };
  if (values.length === 1 && values[0] === "html") return { ok: true, value: "html" };
  return { ok: false, message: VIEW_RULE };
}

/** Reads a parameter that takes one of `allowed` (`?format=`, `?theme=`), else says which. */
export function parseChoice<T extends string>(name: string, values: string[] | undefined, allowed: readonly T[], fallback: T): Parsed<T> {
  if (values === undefined || values.length === 0) return { ok: true, value: fallback };
  const [value] = values;
  if (values.length === 1 && (allowed as readonly string[]).includes(value ?? "")) return { ok: true, value: value as T };
  return {
    ok: false,
    message: `${name} must be one of ${allowed.join(", ")} (default ${fallback}), given at most once, e.g. ?${name}=${allowed.find((a) => a !== fallback) ?? fallback}`,
  };
}

/** Reads a whole-number parameter within `bounds` (an embed's `?limit=`), else states them. */
export function parseCount(name: string, values: string[] | undefined, bounds: { readonly default: number; readonly min: number; readonly max: number }): Parsed<number> {
  if (values === undefined || values.length === 0) return { ok: true, value: bounds.default };
  const [value] = values;
  if (values.length === 1 && value !== undefined && /^[0-9]{1,4}$/.test(value)) {
    const count = Number(value);
    if (count >= bounds.min && count <= bounds.max) return { ok: true, value: count };
  }
  return {
    ok: false,
    message: `${name} must be a whole number from ${bounds.min} to ${bounds.max} (default ${bounds.default}), given at most once, e.g. ?${name}=${bounds.min + 2}`,
  };
}
