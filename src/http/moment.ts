/**
 * @module What a request sees of the schedule (issue 22): the version of the content
 * current at its time (src/content/schedule.ts), chosen once per request by the app's
 * first middleware with the app's clock, and `Cache-Control` lifetimes capped to the
 * seconds left before the next version starts, so that no cache keeps a response past
 * a moment at which it may change (RFC 9111 section 5.2.2: `max-age`, `s-maxage`;
 * RFC 5861: `stale-while-revalidate`).
 */
import type { Context, MiddlewareHandler } from "hono";
import { content } from "../content/bundled.ts";
import { type ContentAt, contentAt } from "../content/schedule.ts";

export type { ContentAt };

/** What the app's middleware leaves for the routes. */
export type MomentVariables = { content: ContentAt };

/**
 * The middleware that picks the content current at `clock()` for each request. The clock
 * is the app's (src/index.ts `createApp`): `Date.now` in the worker, a fixed time in
 * tests; nothing a request sends chooses it.
 */
export function pickContent(clock: () => number, fixed: (env: unknown) => boolean): MiddlewareHandler<{ Bindings: Cloudflare.Env; Variables: MomentVariables }> {
  return async (c, next) => {
    // Start-up's warm-up requests (src/warm-up.ts) read no real content: the build's own version.
    c.set("content", await contentAt(fixed(c.env) ? 0 : clock(), c.env.ASSETS));
    await next();
  };
}

/** The content `c`'s request sees: what the middleware picked, or (an app without it) the build's own version now. */
export function contentOf(c: Context): ContentAt {
  const picked = c.get("content") as ContentAt | undefined;
  return picked ?? { catalog: content(), assets: c.env.ASSETS, now: Date.now(), epoch: 0 };
}

/**
 * Whole seconds from `at.now` to the next version that may change a response with
 * `cacheControl`, if one is to come: the next version, or for what is `immutable` (a
 * complete archive page) the next at which an article expires.
 */
export function secondsLeft(at: Pick<ContentAt, "now" | "next" | "nextExpiry">, cacheControl = ""): number | undefined {
  const until = cacheControl.includes("immutable") ? at.nextExpiry : at.next;
  return until === undefined ? undefined : Math.max(0, Math.floor((until - at.now) / 1000));
}

/**
 * `value` (a `Cache-Control` header) with no lifetime past `left` seconds: `max-age` and
 * `s-maxage` at most `left`, `stale-while-revalidate` at most what is left after them,
 * and no `immutable` once anything was cut. Unchanged when `left` is undefined.
 */
export function capCacheControl(value: string, left: number | undefined): string {
  if (left === undefined) return value;
  const directives = value.split(",").map((d) => d.trim());
  let cut = false;
  const seconds = (name: string) => Number(directives.find((d) => d.startsWith(`${name}=`))?.slice(name.length + 1) ?? Number.NaN);
  const fresh = Math.min(left, Math.max(0, ...["max-age", "s-maxage"].map(seconds).filter((n) => !Number.isNaN(n))));
  const capped = directives.map((directive) => {
    const [name, raw] = directive.split("=") as [string, string | undefined];
    if (raw === undefined || !["max-age", "s-maxage", "stale-while-revalidate"].includes(name)) return directive;
    const limit = name === "stale-while-revalidate" ? left - fresh : left;
    if (Number(raw) <= limit) return directive;
    cut = true;
    return `${name}=${Math.max(0, limit)}`;
  });
  return (cut ? capped.filter((d) => d !== "immutable") : capped).join(", ");
}

/** `response` (replayed from the isolate's cache) with its `Cache-Control` capped as `at` says (`secondsLeft`). */
export function capResponse(response: Response, at: Pick<ContentAt, "now" | "next" | "nextExpiry">): Response {
  // Without a later moment (no schedule: every replay) there is nothing to cap, and no header to read.
  if (at.next === undefined) return response;
  const value = response.headers.get("cache-control");
  if (value !== null) response.headers.set("cache-control", capCacheControl(value, secondsLeft(at, value)));
  return response;
}
