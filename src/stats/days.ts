/**
 * @module Calendar days in the site's time zone (`SITE_TIMEZONE`), the unit of every
 * count (issue 23: "per day in SITE_TIMEZONE"). A day is named by its local date,
 * `YYYY-MM-DD`, which sorts as text. `dayWindow` gives the instant the day ends, so that
 * the request path formats a date once per day rather than once per fetch, and the
 * store knows when to destroy the day's salt. Days are not always 24 hours long: where
 * the zone has daylight saving time, the end is found from the zone's offsets. Pure.
 */

/** A day in a zone: its date and the instants it spans, `[start, end)` in ms since the epoch. */
export interface DayWindow {
  date: string;
  start: number;
  end: number;
}

const formats = new Map<string, Intl.DateTimeFormat>();

/** A formatter giving the zone's local date and time as numbers (`h23`, so midnight is 0, not 24). */
function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formats.set(timeZone, format);
  }
  return format;
}

/** The zone's wall clock at `ms`: its fields, and the same wall time read as if it were UTC. */
function wallClock(ms: number, timeZone: string): { date: string; asUtc: number } {
  const parts: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(ms)) if (part.type !== "literal") parts[part.type] = Number(part.value);
  const { year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = parts;
  const date = `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
  return { date, asUtc: Date.UTC(year, month - 1, day, hour, minute, second) + (((ms % 1000) + 1000) % 1000) };
}

/** The zone's offset from UTC at `ms`, in ms (Asia/Shanghai: +8 h). */
function offsetAt(ms: number, timeZone: string): number {
  return wallClock(ms, timeZone).asUtc - ms;
}

/** The local date at `ms` in `timeZone`, `YYYY-MM-DD`. @example dayOf(Date.UTC(2026, 0, 1, 16), "Asia/Shanghai") === "2026-01-02" */
export function dayOf(ms: number, timeZone: string): string {
  return wallClock(ms, timeZone).date;
}

/** The instant local midnight begins `date` in `timeZone` (a zone whose clocks skip midnight: the first instant of the date). */
export function startOfDay(date: string, timeZone: string): number {
  const [year = 1970, month = 1, day = 1] = date.split("-").map(Number);
  const midnight = Date.UTC(year, month - 1, day);
  // Read as UTC, then moved by the zone's offset; twice, since the offset at the guess may differ from the one at the answer.
  let guess = midnight - offsetAt(midnight, timeZone);
  guess = midnight - offsetAt(guess, timeZone);
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
