/**
 * @module A time zone's wall clock, read with `Intl` (the runtime's time-zone data, in
 * Node and in workerd alike). The build reads front-matter timestamps written in the
 * site's zone with it (src/build/dates.ts), and the worker names the days its counts
 * fall on (src/stats/days.ts). Pure.
 */

/** One formatter per zone: creating an `Intl.DateTimeFormat` costs far more than using one. */
const formats = new Map<string, Intl.DateTimeFormat>();

/** A formatter giving the zone's local date and time as numbers (`h23`, so midnight is 0, not 24). */
function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formats.set(timeZone, format);
  }
  return format;
}

/** An instant's calendar fields as a wall clock shows them. */
export interface WallClock {
  year: number;
  /** 1 to 12. */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** 0 = Sunday. */
  weekday: number;
}

/** The offset of `timeZone` from UTC at `ms` (ms since the epoch), in ms (Asia/Shanghai: +8 h). */
export function zoneOffset(ms: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(ms)) if (part.type !== "literal") parts[part.type] = Number(part.value);
  const { year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = parts;
  return Date.UTC(year, month - 1, day, hour, minute, second) - (ms - (((ms % 1000) + 1000) % 1000));
}

/** The wall clock at `ms` of a place `offset` ms east of UTC. */
export function clockAt(ms: number, offset: number): WallClock {
  const shifted = new Date(ms + offset);
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
    second: shifted.getUTCSeconds(),
    weekday: shifted.getUTCDay(),
  };
}

/** The wall clock of `timeZone` at `ms`. @example wallClock(Date.UTC(2026, 0, 1, 16), "Asia/Shanghai").day === 2 */
export function wallClock(ms: number, timeZone: string): WallClock {
  return clockAt(ms, zoneOffset(ms, timeZone));
}
