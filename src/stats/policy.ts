/**
 * @module The subscriber counts' run-time settings (`[vars]`, read by the worker; no
 * rebuild needed to change them) and the one caching decision counting forces on feeds.
 * Pure.
 *
 * Counting sees only fetches that reach the worker (issue 23, point 3). Workers Cache
 * (`[cache] enabled`) and any other shared cache that `s-maxage` lets keep a feed answer
 * their hits without running the worker, so while counting is on, subscription feeds are
 * sent `Cache-Control: private`: readers' own caches keep them for `max-age` as before,
 * shared caches keep nothing (RFC 9111 section 5.2.2.7), and every poll reaches an
 * isolate, which answers it from its response cache (src/http/cache.ts). README
 * "Subscribers" says what that costs.
 */
import type { CachePolicy } from "../settings.ts";

/** The `[vars]` that set the policy (`STATS_TOKEN` is a secret: `wrangler secret put STATS_TOKEN`). */
export type StatsVar = "STATS" | "STATS_DAYS" | "STATS_FLUSH_SECONDS";

export interface StatsPolicy {
  /** `STATS`: count feed fetches. @default true ("on") */
  on: boolean;
  /** `STATS_DAYS`: days of daily aggregates kept, today included; older days are deleted at each day change. @default 400 */
  days: number;
  /**
   * `STATS_FLUSH_SECONDS`: how long an isolate holds its counts before sending them to
   * the store, and the least time between two of its sends, 1 to 25 (`waitUntil` may
   * run 30 s after the response). @default 5
   */
  flushMs: number;
  /** Fetches after which an isolate sends its counts early, when its last send is `flushMs` old. */
  flushFetches: number;
}

/** A batch is sent early once it holds this many fetches (and the last send is a flush interval old). */
export const FLUSH_FETCHES = 500;

/** The days `/stats.json` and `/stats/` show when `?days=` is not given. */
export const DEFAULT_REPORT_DAYS = 30;

const wholeNumber = (value: string | undefined, fallback: number, min: number, max: number) => {
  const text = value?.trim() ?? "";
  return /^\d{1,9}$/.test(text) && Number(text) >= min && Number(text) <= max ? Number(text) : fallback;
};

/** The policy from `vars`; a missing or malformed value falls back to its default. */
export function statsPolicy(vars: Partial<Record<StatsVar, string | undefined>>): StatsPolicy {
  return {
    on: vars.STATS?.trim().toLowerCase() !== "off",
    days: wholeNumber(vars.STATS_DAYS, 400, 1, 100_000),
    flushMs: wholeNumber(vars.STATS_FLUSH_SECONDS, 5, 1, 25) * 1000,
    flushFetches: FLUSH_FETCHES,
  };
}

const policies = new WeakMap<object, StatsPolicy>();

/** The policy of `env`, read once per `env` object. */
export function readStatsPolicy(env: Partial<Record<StatsVar, string | undefined>>): StatsPolicy {
  let policy = policies.get(env);
  if (policy === undefined) policies.set(env, (policy = statsPolicy(env)));
  return policy;
}

/**
 * A subscription feed's `Cache-Control` while counting is on: `cacheControl` (the
 * route's own, as for feeds filtered by time) or the site's `policy`, made private:
 * `public` and `s-maxage` (which only shared caches read) dropped, `max-age` kept.
 * @example privateFeedCaching(undefined, { maxAge: 300, sMaxAge: 600, staleWhileRevalidate: 86400 }) === "private, max-age=300"
 * @example privateFeedCaching("public, max-age=60, s-maxage=60", policy) === "private, max-age=60"
 */
export function privateFeedCaching(cacheControl: string | undefined, policy: CachePolicy): string {
  if (cacheControl === undefined) return `private, max-age=${policy.maxAge}`;
  const kept = cacheControl
    .split(",")
    .map((directive) => directive.trim())
    .filter((directive) => directive !== "" && !/^(?:public|private|s-maxage=\d+|stale-while-revalidate=\d+|stale-if-error=\d+)$/i.test(directive));
  return ["private", ...kept].join(", ");
}
