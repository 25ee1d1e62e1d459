/**
 * @module Conditional requests (RFC 9110 sections 8.8 and 13). Entity tags are made by
 * the routes from what each body holds (src/feed/documents.ts), so no body is ever
 * hashed per request. The two request fields are read exactly as RFC 9110 writes them
 * (issue 21): a value that is not one (`2100-01-01`, `Thu, 31 Feb 2026 00:00:00 GMT`,
 * `"tag"x`, `W/W/"tag"`) never makes a 304.
 */

/** An entity tag (RFC 9110 section 8.8.3): its opaque part, without quotes, and whether it is weak. */
export interface EntityTag {
  weak: boolean;
  opaque: string;
}

/**
 * `entity-tag = [ weak ] opaque-tag`, `weak = %s"W/"`, `opaque-tag = DQUOTE *etagc DQUOTE`,
 * `etagc = %x21 / %x23-7E / obs-text` (RFC 9110 section 8.8.3). Fetch's `Headers` give
 * field values as byte strings, so obs-text (%x80-FF) is U+0080 to U+00FF here.
 */
const ENTITY_TAG = /(W\/)?"([\x21\x23-\x7E\x80-\xFF]*)"/y;

/**
 * The entity tags of an `If-None-Match` value (`If-None-Match = "*" / #entity-tag`),
 * `"*"` for `*`, or `undefined` when it is neither: a malformed list matches nothing.
 * A list is RFC 9110 section 5.6.1's `#rule`: elements separated by commas with optional
 * white space around them, empty elements ignored.
 */
export function parseIfNoneMatch(value: string): EntityTag[] | "*" | undefined {
  // Fetch has already removed white space around the whole value.
  if (value === "*") return "*";
  const tags: EntityTag[] = [];
  let at = 0;
  const skipWhiteSpace = () => {
    while (value[at] === " " || value[at] === "\t") at++;
  };
  for (;;) {
    skipWhiteSpace();
    ENTITY_TAG.lastIndex = at;
    const tag = ENTITY_TAG.exec(value);
    if (tag) {
      tags.push({ weak: tag[1] !== undefined, opaque: tag[2] as string });
      at = ENTITY_TAG.lastIndex;
      skipWhiteSpace();
    }
    if (at === value.length) return tags;
    if (value[at] !== ",") return undefined;
    at++;
  }
}

/**
 * Whether `If-None-Match` matches `etag` (ours, `"..."`): `*` matches any current
 * representation; otherwise a listed tag whose opaque part is ours, by weak comparison
 * (RFC 9110 sections 8.8.3.2 and 13.1.2). A value that is not a list of entity tags
 * matches nothing.
 */
export function ifNoneMatchMatches(header: string, etag: string): boolean {
  const listed = parseIfNoneMatch(header);
  if (listed === "*") return true;
  const ours = parseIfNoneMatch(etag);
  const opaque = Array.isArray(ours) && ours.length === 1 ? (ours[0] as EntityTag).opaque : undefined;
  return opaque !== undefined && (listed?.some((tag) => tag.opaque === opaque) ?? false);
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const LONG_DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const MONTH = `(?<month>${MONTHS.join("|")})`;
const TIME = "(?<hour>\\d{2}):(?<minute>\\d{2}):(?<second>\\d{2})";

/**
 * The three forms of an HTTP-date (RFC 9110 section 5.6.7), case-sensitive. `\d` is
 * [0-9] in a regular expression without the `u` flag.
 */
const HTTP_DATES = [
  // IMF-fixdate: `Sun, 06 Nov 1994 08:49:37 GMT`.
  new RegExp(`^(?<weekday>${DAYS.join("|")}), (?<day>\\d{2}) ${MONTH} (?<year>\\d{4}) ${TIME} GMT$`),
  // Obsolete RFC 850 format: `Sunday, 06-Nov-94 08:49:37 GMT`.
  new RegExp(`^(?<weekday>${LONG_DAYS.join("|")}), (?<day>\\d{2})-${MONTH}-(?<year>\\d{2}) ${TIME} GMT$`),
  // ANSI C's asctime() format: `Sun Nov  6 08:49:37 1994`.
  new RegExp(`^(?<weekday>${DAYS.join("|")}) ${MONTH} (?<day>\\d{2}| \\d) ${TIME} (?<year>\\d{4})$`),
];

/** Days in `month` (0 = January) of `year`, proleptic Gregorian. */
function daysIn(year: number, month: number): number {
  if (month === 1) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [3, 5, 8, 10].includes(month) ? 30 : 31;
}

/** Midnight UTC starting a day, in ms; years below 100 are not taken for 19xx as `Date.UTC` takes them. */
function dayStart(year: number, month: number, day: number): number {
  return new Date(0).setUTCFullYear(year, month, day);
}

/**
 * An HTTP-date (RFC 9110 section 5.6.7) in ms since the epoch, or `undefined` when
 * `value` is not one: any of the three forms, exactly, naming a day that exists
 * (`31 Feb` does not) and the weekday it falls on (RFC 5322 section 3.3, of which
 * IMF-fixdate is a subset: "the day-of-week ... MUST be the day implied by the date").
 * A two-digit year more than 50 years after `now` is the most recent past year that
 * ends in those digits (section 5.6.7). `23:59:60` (a leap second) is allowed.
 */
export function parseHttpDate(value: string, now: number = Date.now()): number | undefined {
  const fields = HTTP_DATES.map((form) => form.exec(value)?.groups).find((groups) => groups !== undefined);
  if (fields === undefined) return undefined;
  const { weekday = "", day = "", month = "", year = "", hour = "", minute = "", second = "" } = fields;
  let fullYear = Number(year);
  if (year.length === 2) {
    const thisYear = new Date(now).getUTCFullYear();
    fullYear += thisYear - (thisYear % 100);
    if (fullYear > thisYear + 50) fullYear -= 100;
  }
  const monthIndex = MONTHS.indexOf(month);
  const dayOfMonth = Number(day);
  if (dayOfMonth < 1 || dayOfMonth > daysIn(fullYear, monthIndex) || Number(hour) > 23 || Number(minute) > 59 || Number(second) > 60) return undefined;
  const start = dayStart(fullYear, monthIndex, dayOfMonth);
  const days = weekday.length === 3 ? DAYS : LONG_DAYS;
  if (days[new Date(start).getUTCDay()] !== weekday) return undefined;
  return start + ((Number(hour) * 60 + Number(minute)) * 60 + Number(second)) * 1000;
}

/**
 * Whether a GET/HEAD should be answered `304 Not Modified`. `If-None-Match` wins when
 * present; `If-Modified-Since` is only evaluated without it (RFC 9110 section 13.2.2),
 * and is ignored unless it is an HTTP-date (section 13.1.3).
 */
export function isNotModified(headers: Headers, etag: string, lastModified: Date, now: number = Date.now()): boolean {
  const inm = headers.get("if-none-match");
  if (inm !== null) return ifNoneMatchMatches(inm, etag);
  const ims = headers.get("if-modified-since");
  const since = ims === null ? undefined : parseHttpDate(ims, now);
  // HTTP dates have whole seconds: compare at that precision.
  return since !== undefined && Math.floor(lastModified.getTime() / 1000) * 1000 <= since;
}
