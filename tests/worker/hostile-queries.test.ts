/**
 * Issue 21: no query makes a feed that is not well-formed. The red team's reproductions,
 * then a property over every feed route (subscription documents of every kind of scope,
 * archive pages) and every parameter the feeds read (and one they ignore), with values
 * from all of Unicode (tests/fixtures/articles.ts `hostileText`: the characters XML
 * forbids, noncharacters, lone surrogates, `]]>`, markup, very long strings), written
 * into the URL raw, percent-encoded as UTF-8, or as arbitrary bytes: the answer is a 400
 * naming the parameter, a 301 to a canonical URL, or a 200 that fast-xml-parser's strict
 * validator and this project's XML 1.0 parser (tests/fixtures/xml.ts, which also checks
 * the Char production fast-xml-parser does not), or `JSON.parse`, accept. In workerd.
 */
import fc from "fast-check";
import { XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { content } from "../../src/content/bundled.ts";
import { archivePageCount } from "../../src/content/layout.ts";
import { PLACEHOLDERS } from "../../src/content/placeholders.ts";
import { FILTER_PARAMS } from "../../src/feed/filters.ts";
import { archiveFeedPath, feedPath } from "../../src/feed/urls.ts";
import { FEED_FORMATS, TERM_KINDS } from "../../src/types.ts";
import { hostileText } from "../fixtures/hostile-text.ts";
import { parseXmlStrict } from "../fixtures/xml.ts";
import { get, ORIGIN } from "./helpers.ts";

/** Characters XML 1.0 forbids (https://www.w3.org/TR/xml/#charsets), in any answer's text. */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

describe("the red team's reproductions", () => {
  it.each([
    ["/rss.xml?filter=a%03b", "filter must not contain U+0003"],
    ["/rss.xml?filter=a%0Cb", "filter must not contain U+000C"],
    ["/rss.xml?filter=a%EF%BF%BEb", "filter must not contain U+FFFE"],
    ["/atom.xml?filter=a%03b", "filter must not contain U+0003"],
    ["/atom.xml?filter_category=a%EF%BF%BEb", "filter_category must not contain U+FFFE"],
    ["/rss.xml?filterout_author=a%0Cb", "filterout_author must not contain U+000C"],
    ["/feed.json?filter_title=%EF%BF%BF", "filter_title must not contain U+FFFF"],
    ["/tags/rss/atom.xml?filter=ok&filterout=%00", "filterout must not contain U+0000"],
    ["/rss.xml?filter=a%03b&view=html", "filter must not contain U+0003"],
  ])("%s is a 400 naming the parameter and the character, the same in every format", async (path, start) => {
    const res = await get(path);
    const body = await res.text();
    expect([res.status, res.headers.get("content-type"), res.headers.get("x-content-type-options")]).toEqual([400, "text/plain; charset=UTF-8", "nosniff"]);
    expect(body).toBe(
      `${start}: feeds are XML, and XML 1.0 allows no control character but tab, line feed and carriage return, no U+FFFE or U+FFFF and no unpaired surrogate; every format takes the same values`,
    );
  });

  it("characters XML allows pass, whatever they look like: ]]>, markup, tab, noncharacters U+FDD0 and U+1FFFE, C1 controls", async () => {
    for (const format of FEED_FORMATS) {
      const path = `/${format === "json" ? "feed.json" : `${format}.xml`}?filter=${encodeURIComponent("a]]>b|<b>&amp;|\tx\u0085|\uFDD0|\u{1FFFE}")}`;
      const res = await get(path, { redirect: "manual" });
      expect([path, res.status]).toEqual([path, 200]);
      expectWellFormed(res.headers.get("content-type") ?? "", await res.text());
    }
  });
});

/** Fails unless `body`, served as `type`, is a document its format's strict parser accepts. */
function expectWellFormed(type: string, body: string): void {
  expect(body).not.toMatch(NOT_XML_CHAR);
  if (type.startsWith("application/feed+json")) {
    expect(() => JSON.parse(body)).not.toThrow();
  } else if (type.startsWith("application/rss+xml") || type.startsWith("application/atom+xml")) {
    expect(XMLValidator.validate(body, { allowBooleanAttributes: false })).toBe(true);
    expect(() => parseXmlStrict(body)).not.toThrow();
  } else {
    // The browser view of a feed (`?view=html`): a page, escaped by the views.
    expect([type, body.startsWith("<!doctype html>")]).toEqual(["text/html; charset=utf-8", true]);
  }
}

/** Every feed route: each kind of scope's subscription documents, and an archive page of each kind that has one. */
function feedRoutes(): string[] {
  const catalog = content();
  const scopes = [catalog.site, ...TERM_KINDS.flatMap((kind) => catalog.terms(kind).slice(0, 2))];
  const withArchive = [catalog.site, ...TERM_KINDS.map((kind) => catalog.terms(kind).find((t) => archivePageCount(t.count, catalog.settings.pageSize) > 0))];
  return FEED_FORMATS.flatMap((format) => [
    ...scopes.map((scope) => feedPath(scope, format)),
    ...withArchive.flatMap((scope) => (scope ? [archiveFeedPath(scope, 1, format)] : [])),
  ]);
}

const ROUTES = feedRoutes();

/** Every parameter a feed reads, and one it ignores. */
const PARAMS = ["limit", "opencc", "view", ...FILTER_PARAMS, "utm_source"];

/** Values each parameter takes, so that many requests are answered with a document, not a 400. */
const ALLOWED = fc.constantFrom("5", "20", "100", "s2t", "html", "true", "false", "86400000", "RSS", "南开", "a|b", "Ｎａｎｋａｉ");

/** What the build and the worker use as placeholders in documents (src/content/placeholders.ts): a value must stay text. */
const PLACEHOLDER = fc.constantFrom(...Object.values(PLACEHOLDERS));

/** A value: allowed, hostile text, or hostile text or a placeholder after an allowed value. */
const value = fc.oneof(
  { weight: 2, arbitrary: ALLOWED },
  { weight: 3, arbitrary: hostileText },
  { weight: 2, arbitrary: fc.tuple(ALLOWED, fc.oneof(hostileText, PLACEHOLDER)).map(([word, text]) => `${word}${text}`) },
);

/** How a value is written into the URL: percent-encoded as UTF-8 (lone surrogates as U+FFFD), as it is, or as bytes of any kind. */
const written = fc.oneof(
  value.map((v) => new URLSearchParams({ v }).toString().slice(2)),
  value.map((v) => v.replace(/[&#]/g, encodeURIComponent)),
  fc.uint8Array({ maxLength: 12 }).map((bytes) => [...bytes].map((b) => `%${b.toString(16).padStart(2, "0")}`).join("")),
);

const query = fc.array(fc.tuple(fc.constantFrom(...PARAMS), written), { minLength: 1, maxLength: 4 }).map((pairs) => pairs.map(([name, v]) => `${name}=${v}`).join("&"));

describe("any query on any feed route (property)", () => {
  it("is a 400 naming a parameter, a 301 to a canonical URL, or a 200 whose document is well-formed", async () => {
    const seen = { 200: 0, 301: 0, 400: 0 };
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ROUTES), query, async (route, search) => {
        const res = await get(`${route}?${search}`, { redirect: "manual" });
        const body = await res.text();
        expect(res.headers.get("x-content-type-options")).toBe("nosniff");
        expect([200, 301, 400]).toContain(res.status);
        seen[res.status as 200 | 301 | 400]++;
        if (res.status === 400) {
          expect(res.headers.get("content-type")).toBe("text/plain; charset=UTF-8");
          expect(body).toMatch(/^(?:limit|opencc|view|filter\w*) (?:must|does not apply)|^filters do not apply/);
          return;
        }
        if (res.status === 301) {
          // One hop: the canonical URL is answered, never redirected again.
          const location = res.headers.get("location") ?? "";
          expect(location.startsWith(`${ORIGIN}/`)).toBe(true);
          const next = await get(location.slice(ORIGIN.length), { redirect: "manual" });
          const nextBody = await next.text();
          expect([200, 400]).toContain(next.status);
          if (next.status === 200) expectWellFormed(next.headers.get("content-type") ?? "", nextBody);
          return;
        }
        expectWellFormed(res.headers.get("content-type") ?? "", body);
      }),
      { numRuns: 400 },
    );
    // The property reached every kind of answer.
    expect(Math.min(seen[200], seen[301], seen[400])).toBeGreaterThan(0);
  }, 120_000);
});
