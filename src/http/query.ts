/**
 * @module Query parameters the feeds accept. Anything else in the query is ignored.
 */
import { HTTPException } from "hono/http-exception";
import { LIMITS } from "../feed/formats.ts";

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

/** Explains `?view=`; sent as the body of a 400. */
export const VIEW_RULE = "view must be html (the browser page of a feed), given at most once, e.g. ?view=html";

/** Reads `?view=`: absent, or `html` for the browser page of a feed. */
export function parseView(values: string[] | undefined): "html" | undefined {
  if (values === undefined || values.length === 0) return undefined;
  if (values.length === 1 && values[0] === "html") return "html";
  throw new HTTPException(400, { message: VIEW_RULE });
}
