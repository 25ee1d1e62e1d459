/**
 * @module Query parameters the feeds accept. Anything else in the query is ignored.
 */
import { HTTPException } from "hono/http-exception";
import { FILTER_PARAMS, FilterError, type Filters, filterParams, parseFilters } from "../feed/filters.ts";
import { LIMITS } from "../feed/formats.ts";
import { CHINESE_VARIANTS, type ChineseVariant, VARIANT_PARAM, variantRule } from "../i18n/variants.ts";

/** Explains the accepted values; sent as the body of a 400. */
export const LIMIT_RULE = `limit must be a whole number from ${LIMITS.min} to ${LIMITS.max} (default ${LIMITS.default}), given at most once, e.g. ?limit=10`;

/**
 * Reads `?limit=`: absent means the default; `0`, `-1`, `1e3`, `abc`, `101`, `5.5`,
 * an empty value or a repeated parameter are a 400 that says what is allowed.
 */
export function parseLimit(values: string[] | undefined): number {
  if (values === undefined || values.length === 0) return LIMITS.default;
  const [value] = values;
  if (values.length === 1 && value !== undefined && /^[0-9]{1,3}$/.test(value)) {
    const limit = Number(value);
    if (limit >= LIMITS.min && limit <= LIMITS.max) return limit;
  }
  throw new HTTPException(400, { message: LIMIT_RULE });
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
 * with); anything else is a 400 naming them.
 */
export function parseVariant(values: string[] | undefined, built: readonly ChineseVariant[]): ChineseVariant | undefined {
  if (values === undefined || values.length === 0) return undefined;
  const [value] = values;
  if (values.length === 1 && value !== undefined && built.includes(value as ChineseVariant)) return value as ChineseVariant;
  throw new HTTPException(400, { message: variantRule(built) });
}

/**
 * Reads the feed parameters of a query; a value that is not allowed is a 400 naming the
 * parameter and what is allowed. `built`: the Chinese variants there are (every one of
 * RSSHub's when only the spelling matters, as for redirects).
 */
export function parseFeedQuery(values: (name: string) => string[], built: readonly ChineseVariant[] = CHINESE_VARIANTS): FeedQuery {
  const limit = parseLimit(values("limit"));
  const variant = parseVariant(values(VARIANT_PARAM), built);
  try {
    const filters = parseFilters(values);
    return { limit, ...(filters ? { filters } : {}), ...(variant ? { variant } : {}) };
  } catch (error) {
    if (error instanceof FilterError) throw new HTTPException(400, { message: error.message });
    throw error;
  }
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
export function parseView(values: string[] | undefined): "html" | undefined {
  if (values === undefined || values.length === 0) return undefined;
  if (values.length === 1 && values[0] === "html") return "html";
  throw new HTTPException(400, { message: VIEW_RULE });
}
