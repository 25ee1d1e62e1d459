/**
 * @module Query parameters of the pages for people (`/opml.xml`, `/embed/...`).
 * Same rules as `?limit=` on feeds (src/http/query.ts): absent means the default; a
 * value outside the allowed set, an empty value or a repeated parameter is a 400
 * whose body says what is allowed. Other parameters are ignored.
 */
import { HTTPException } from "hono/http-exception";

/** Reads a parameter that takes one of `allowed`, else throws a 400 that lists them. */
export function parseChoice<T extends string>(name: string, values: string[] | undefined, allowed: readonly T[], fallback: T): T {
  if (values === undefined || values.length === 0) return fallback;
  const [value] = values;
  if (values.length === 1 && (allowed as readonly string[]).includes(value ?? "")) return value as T;
  throw new HTTPException(400, {
    message: `${name} must be one of ${allowed.join(", ")} (default ${fallback}), given at most once, e.g. ?${name}=${allowed.find((a) => a !== fallback) ?? fallback}`,
  });
}

/** Reads a whole-number parameter within `bounds`, else throws a 400 that states them. */
export function parseCount(
  name: string,
  values: string[] | undefined,
  bounds: { readonly default: number; readonly min: number; readonly max: number },
): number {
  if (values === undefined || values.length === 0) return bounds.default;
  const [value] = values;
  if (values.length === 1 && value !== undefined && /^[0-9]{1,4}$/.test(value)) {
    const count = Number(value);
    if (count >= bounds.min && count <= bounds.max) return count;
  }
  throw new HTTPException(400, {
    message: `${name} must be a whole number from ${bounds.min} to ${bounds.max} (default ${bounds.default}), given at most once, e.g. ?${name}=${bounds.min + 2}`,
  });
}
