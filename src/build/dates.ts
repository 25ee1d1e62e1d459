/**
 * @module Front-matter timestamps. YAML parsers read a timestamp without a zone as
 * UTC; a Hugo-style site means local time in the site's time zone. The front matter
 * is therefore parsed with timestamps left as strings, and this module reads them.
 */
import { clockAt, type WallClock, zoneOffset } from "../time.ts";

export type { WallClock };

/**
 * YAML 1.1 timestamp (https://yaml.org/type/timestamp.html), also ISO 8601 / RFC 3339,
 * and what site generators write besides: Hexo's default `2019-01-11 22:13` (no seconds,
 * moment.js), Jekyll's `2019-01-11 22:13:00 +0800` (an offset without a colon, after a
 * space: Ruby's `Time.parse`), TOML's local date-times (`2019-01-11T22:13:00.000`) and
 * a `UTC`/`GMT` zone name.
 */
const TIMESTAMP = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:[Tt]|[ \t]+)(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?[ \t]*(Z|z|UTC|GMT|[+-]\d{1,2}(?::?\d{2})?)?)?$/;

/**
 * Offset of `timeZone` from UTC, in minutes, at the instant `utcMillis`.
 * @example zoneOffsetMinutes("Asia/Shanghai", Date.UTC(2022, 4, 23)) === 480
 */
function zoneOffsetMinutes(timeZone: string, utcMillis: number): number {
  return Math.round(zoneOffset(utcMillis, timeZone) / 60_000);
}

/** True when `timeZone` is an IANA zone name this runtime knows. */
export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
    return true;
  } catch {
    return false;
  }
}

/**
 * Reads a front-matter timestamp. A timestamp without a zone (`2022-05-24 01:21:51.031874`,
 * or a bare date) is wall-clock time in `timeZone`; one with `Z` or an offset keeps it.
 * Fractions beyond milliseconds are dropped. Returns `undefined` for anything that is
 * not a real calendar instant (`2022-02-30`, `25:00:00`, free text).
 */
export function parseTimestamp(text: string, timeZone: string): Date | undefined {
  return readTimestamp(text, timeZone)?.date;
}

/** A timestamp read: its instant, and the offset it was written with (minutes east of UTC), when it has one. */
export interface Timestamp {
  date: Date;
  /** `+08:00` is 480, `Z` is 0; absent for a wall-clock time read in the site's zone. */
  offset?: number;
}

/** `parseTimestamp`, keeping the offset the timestamp was written with. */
export function readTimestamp(text: string, timeZone: string): Timestamp | undefined {
  const m = TIMESTAMP.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h = "0", mi = "0", s = "0", frac = "", zone] = m;
  const fields = [Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)] as const;
  const wall = Date.UTC(...fields, Number(frac.padEnd(3, "0").slice(0, 3)));
  const check = new Date(wall);
  if (
    check.getUTCFullYear() !== fields[0] ||
    check.getUTCMonth() !== fields[1] ||
    check.getUTCDate() !== fields[2] ||
    check.getUTCHours() !== fields[3] ||
    check.getUTCMinutes() !== fields[4] ||
    check.getUTCSeconds() !== fields[5]
  ) {
    return undefined;
  }
  if (zone === undefined) {
    // Two passes settle instants next to a daylight-saving change.
    const guess = wall - zoneOffsetMinutes(timeZone, wall) * 60_000;
    return { date: new Date(wall - zoneOffsetMinutes(timeZone, guess) * 60_000) };
  }
  if (/^(?:z|utc|gmt)$/i.test(zone)) return { date: new Date(wall), offset: 0 };
  const zm = /^([+-])(\d{1,2}):?(\d{2})?$/.exec(zone);
  if (!zm || Number(zm[2]) > 23 || Number(zm[3] ?? 0) > 59) return undefined;
  const offset = (Number(zm[2]) * 60 + Number(zm[3] ?? 0)) * (zm[1] === "-" ? -1 : 1);
  return { date: new Date(wall - offset * 60_000), offset };
}

/**
 * The wall clock at `date` in `timeZone`, or at a fixed `offset` (minutes east of UTC)
 * when one is given: what `:year`, `:month` and `:day` of a permalink read (./permalinks.ts).
 */
export function wallClock(date: Date, timeZone: string, offset?: number): WallClock {
  const ms = date.getTime();
  return clockAt(ms, (offset ?? zoneOffsetMinutes(timeZone, ms)) * 60_000);
}
