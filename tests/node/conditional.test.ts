/**
 * Issue 21: the two conditional request fields, read as RFC 9110 writes them. HTTP-dates
 * (section 5.6.7: IMF-fixdate, the obsolete RFC 850 and asctime forms, and the RFC's own
 * examples) against things `Date.parse` takes and RFC 9110 does not; entity-tag lists
 * (section 8.8.3, `#rule` lists of section 5.6.1) against malformed ones; and which of
 * the two decides (section 13.2.2). Every expected instant is written as `Date.UTC`.
 */
import { describe, expect, it } from "vitest";
import { ifNoneMatchMatches, isNotModified, parseHttpDate, parseIfNoneMatch } from "../../src/http/conditional.ts";

/** The clock two-digit years are read against (RFC 850): 2026-06-15. */
const NOW = Date.UTC(2026, 5, 15);
/** RFC 9110's example instant, `Sun, 06 Nov 1994 08:49:37 GMT`. */
const EXAMPLE = Date.UTC(1994, 10, 6, 8, 49, 37);

describe("HTTP-date (RFC 9110 section 5.6.7)", () => {
  it.each([
    // The RFC's three examples of one instant.
    ["Sun, 06 Nov 1994 08:49:37 GMT", EXAMPLE],
    ["Sunday, 06-Nov-94 08:49:37 GMT", EXAMPLE],
    ["Sun Nov  6 08:49:37 1994", EXAMPLE],
    ["Sun Nov 06 08:49:37 1994", EXAMPLE],
    // What `Date#toUTCString` writes, and the edges of the calendar.
    [new Date(Date.UTC(2026, 11, 1, 23, 5, 9)).toUTCString(), Date.UTC(2026, 11, 1, 23, 5, 9)],
    ["Thu, 01 Jan 1970 00:00:00 GMT", 0],
    ["Thu, 29 Feb 2024 12:00:00 GMT", Date.UTC(2024, 1, 29, 12)],
    ["Tue, 29 Feb 2000 00:00:00 GMT", Date.UTC(2000, 1, 29)],
    ["Fri, 31 Dec 9999 23:59:59 GMT", Date.UTC(9999, 11, 31, 23, 59, 59)],
    ["Sat, 01 Jan 0000 00:00:00 GMT", new Date(0).setUTCFullYear(0, 0, 1)],
    ["Wed, 31 Dec 1969 23:59:60 GMT", 0],
    // RFC 850's two-digit year: more than 50 years ahead of NOW is the past century.
    ["Wednesday, 01-Jan-76 00:00:00 GMT", Date.UTC(2076, 0, 1)],
    ["Saturday, 01-Jan-77 00:00:00 GMT", Date.UTC(1977, 0, 1)],
    ["Saturday, 01-Jan-00 00:00:00 GMT", Date.UTC(2000, 0, 1)],
    ["Tuesday, 31-Mar-26 00:00:00 GMT", Date.UTC(2026, 2, 31)],
  ])("%j is %i", (value, expected) => {
    expect(parseHttpDate(value, NOW)).toBe(expected);
  });

  it.each([
    // The red team's: not an HTTP-date, and a day that does not exist.
    "2100-01-01",
    "Thu, 31 Feb 2026 00:00:00 GMT",
    // Other days that do not exist.
    "Thu, 29 Feb 2025 00:00:00 GMT",
    "Mon, 29 Feb 1900 00:00:00 GMT",
    "Thu, 31 Apr 2026 00:00:00 GMT",
    "Wed, 00 Jan 2026 00:00:00 GMT",
    "Sunday, 31-Jun-26 00:00:00 GMT",
    "Wed Feb 30 00:00:00 2026",
    // Times that do not exist.
    "Thu, 01 Jan 2026 24:00:00 GMT",
    "Thu, 01 Jan 2026 23:60:00 GMT",
    "Thu, 01 Jan 2026 23:59:61 GMT",
    // The wrong weekday for the date (RFC 5322 section 3.3).
    "Mon, 06 Nov 1994 08:49:37 GMT",
    "Monday, 06-Nov-94 08:49:37 GMT",
    "Mon Nov  6 08:49:37 1994",
    // Case, zones, spacing and digits as `Date.parse` forgives them.
    "sun, 06 Nov 1994 08:49:37 GMT",
    "Sun, 06 nov 1994 08:49:37 GMT",
    "Sun, 06 NOV 1994 08:49:37 GMT",
    "Sun, 06 Nov 1994 08:49:37 gmt",
    "Sun, 06 Nov 1994 08:49:37 UTC",
    "Sun, 06 Nov 1994 08:49:37 +0000",
    "Sun, 06 Nov 1994 08:49:37",
    "Sun, 6 Nov 1994 08:49:37 GMT",
    "Sun, 06 Nov 94 08:49:37 GMT",
    "Sun, 06 Nov 1994 8:49:37 GMT",
    "Sun, 06 Nov 1994 08:49 GMT",
    "Sun,  06 Nov 1994 08:49:37 GMT",
    "Sun 06 Nov 1994 08:49:37 GMT",
    "06 Nov 1994 08:49:37 GMT",
    "Sunday, 06 Nov 1994 08:49:37 GMT",
    "Sun, 06-Nov-94 08:49:37 GMT",
    "Sunday, 06-Nov-1994 08:49:37 GMT",
    "Sun Nov 6 08:49:37 1994",
    "Sun Nov  6 08:49:37 1994 GMT",
    "Sun, 06 Nov 1994 08:49:37 GMT, Mon, 07 Nov 1994 08:49:37 GMT",
    " Sun, 06 Nov 1994 08:49:37 GMT",
    "Sun, ０６ Nov 1994 08:49:37 GMT",
    "Sun, 06 Nov 1994 08:49:37.5 GMT",
    // Other spellings of dates.
    "1994-11-06T08:49:37Z",
    "784111777",
    "yesterday",
    "",
  ])("%j is not one: the field is ignored (section 13.1.3)", (value) => {
    expect(parseHttpDate(value, NOW)).toBeUndefined();
  });
});

describe("If-None-Match (RFC 9110 sections 8.8.3 and 13.1.2)", () => {
  it.each([
    ["*", "*"],
    ['"a"', [{ weak: false, opaque: "a" }]],
    ['W/"a"', [{ weak: true, opaque: "a" }]],
    ['""', [{ weak: false, opaque: "" }]],
    [
      '"a", W/"b"',
      [
        { weak: false, opaque: "a" },
        { weak: true, opaque: "b" },
      ],
    ],
    [
      '"a",W/"b"',
      [
        { weak: false, opaque: "a" },
        { weak: true, opaque: "b" },
      ],
    ],
    [
      '"a" ,\t"b"',
      [
        { weak: false, opaque: "a" },
        { weak: false, opaque: "b" },
      ],
    ],
    // Empty list elements are ignored (section 5.6.1).
    [
      ', "a", , "b",',
      [
        { weak: false, opaque: "a" },
        { weak: false, opaque: "b" },
      ],
    ],
    ["", []],
    // etagc: %x21 / %x23-7E / obs-text; commas and spaces are opaque characters too.
    ['"x,y"', [{ weak: false, opaque: "x,y" }]],
    ['"!#~\u0080\u00FF"', [{ weak: false, opaque: "!#~\u0080\u00FF" }]],
  ])("%j is %j", (value, expected) => {
    expect(parseIfNoneMatch(value)).toEqual(expected);
  });

  it.each([
    // The red team's: text after a tag, and `W/` twice.
    '"a"x',
    'W/W/"a"',
    // Unquoted, half-quoted, lower-case `w/`, a space in `W/ "a"`, no comma between tags.
    "a",
    '"a',
    'a"',
    'w/"a"',
    'W/ "a"',
    'W"a"',
    '"a" "b"',
    '"a";"b"',
    // A space, a quote or a control character inside the quotes.
    '"a b"',
    '"a"b"',
    '"a\tb"',
    '"a\u007Fb"',
    // `*` is the whole field or nothing.
    '*, "a"',
    "**",
    '"a", *',
  ])("%j is malformed: it matches nothing", (value) => {
    expect(parseIfNoneMatch(value)).toBeUndefined();
    expect(ifNoneMatchMatches(value, '"a"')).toBe(false);
  });

  it.each([
    ['"a"', '"a"', true],
    ['W/"a"', '"a"', true],
    ['"b", W/"a"', '"a"', true],
    ['"b"', '"a"', false],
    ['"A"', '"a"', false],
    ["*", '"a"', true],
    ['"a"x', '"a"', false],
    ['W/W/"a"', '"a"', false],
    ['"a"x, "a"', '"a"', false],
  ])("%j against %s: %s", (header, etag, expected) => {
    expect(ifNoneMatchMatches(header, etag)).toBe(expected);
  });
});

describe("which field decides (RFC 9110 section 13.2.2)", () => {
  const etag = '"0123456789abcdef"';
  const lastModified = new Date(EXAMPLE);
  it.each([
    [{}, false],
    [{ "If-None-Match": etag }, true],
    [{ "If-None-Match": `${etag}x` }, false],
    [{ "If-None-Match": `W/W/${etag}` }, false],
    [{ "If-Modified-Since": "Sun, 06 Nov 1994 08:49:37 GMT" }, true],
    [{ "If-Modified-Since": "Sun, 06 Nov 1994 08:49:36 GMT" }, false],
    [{ "If-Modified-Since": "Sunday, 06-Nov-94 08:49:37 GMT" }, true],
    [{ "If-Modified-Since": "Sun Nov  6 08:49:37 1994" }, true],
    [{ "If-Modified-Since": "2100-01-01" }, false],
    [{ "If-Modified-Since": "Thu, 31 Feb 2026 00:00:00 GMT" }, false],
    // If-None-Match is evaluated when present, even malformed: the date is not looked at.
    [{ "If-None-Match": '"other"', "If-Modified-Since": "Fri, 01 Jan 2100 00:00:00 GMT" }, false],
    [{ "If-None-Match": `${etag}x`, "If-Modified-Since": "Fri, 01 Jan 2100 00:00:00 GMT" }, false],
    [{ "If-None-Match": etag, "If-Modified-Since": "Thu, 01 Jan 1970 00:00:00 GMT" }, true],
  ])("%j: 304 is %s", (headers, expected) => {
    expect(isNotModified(new Headers(headers), etag, lastModified, NOW)).toBe(expected);
  });
});
