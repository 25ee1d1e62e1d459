/**
 * @module Calendar days in the site's time zone (`SITE_TIMEZONE`), the unit of every
 * count (issue 23: "per day in SITE_TIMEZONE"). A day is named by its local date,
 * `YYYY-MM-DD`, which sorts as text. `dayWindow` gives the instant the day ends, so that
 * the request path formats a date once per day rather than once per fetch, and the
 * store knows when to destroy the day's salt. Days are not always 24 hours long: where
 * the zone has daylight saving time, the end is found from the zone's offsets. Pure.
 */
import { wallClock, zoneOffset } from "../time.ts";

/** A day in a zone: its date and the instants it spans, `[start, end)` in ms since the epoch. */
export interface DayWindow {
  date: string;
  start: number;
  end: number;
}

/** The local date at `ms` in `timeZone`, `YYYY-MM-DD`. @example dayOf(Date.UTC(2026, 0, 1, 16), "Asia/Shanghai") === "2026-01-02" */
export function dayOf(ms: number, timeZone: string): string {
  const { year, month, day } = wallClock(ms, timeZone);
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** The instant local midnight begins `date` in `timeZone` (a zone whose clocks skip midnight: the first instant of the date). */
export function startOfDay(date: string, timeZone: string): number {
  const [year = 1970, month = 1, day = 1] = date.split("-").map(Number);
  const midnight = Date.UTC(year, month - 1, day);
  // Read as UTC, then moved by the zone's offset; twice, since the offset at the guess may differ from the one at the answer.
  let guess = midnight - zoneOffset(midnight, timeZone);
  guess = midnight - zoneOffset(guess, timeZone);
  // Where midnight does not exist (a DST jump at 00:00), the day starts at the first instant that has its date.
  while (dayOf(guess, timeZone) !== date && dayOf(guess + 3_600_000, timeZone) === date) guess += 60_000;
  return guess;
}

/** The date `days` after `date` (negative: before), on the calendar alone. @example addDays("2026-03-01", -1) === "2026-02-28" */
export function addDays(date: string, days: number): string {
  const [year = 1970, month = 1, day = 1] = date.split("-").map(Number);
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/** The day containing `ms` in `timeZone`. */
export function dayWindow(ms: number, timeZone: string): DayWindow {
  const date = dayOf(ms, timeZone);
  return { date, start: startOfDay(date, timeZone), end: startOfDay(addDays(date, 1), timeZone) };
}

/** The `count` dates that end with `last`, oldest first. */
export function dateRange(last: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => addDays(last, i - count + 1));
}
