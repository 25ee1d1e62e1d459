/**
 * Issue 21: the worker fills a head template (src/feed/template.ts `fillHead`) with what
 * the one-pass reference (tests/fixtures/oracle.ts `renderFeed`) writes for the same
 * request, byte for byte, for any title addition: the characters XML forbids, U+000C
 * (once written as `]]]]><![CDATA[>`), the placeholders spelled out, in every format,
 * with the origin left to the request or filled in by the build. Filter words are the
 * only text a request puts in a document, and the parser refuses what XML forbids; this
 * holds whatever reaches it.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PLACEHOLDERS } from "../../src/content/placeholders.ts";
import { FORMATS as FORMAT_TABLE } from "../../src/feed/formats.ts";
import { fillHead, headTemplate } from "../../src/feed/template.ts";
import type { Site } from "../../src/settings.ts";
import type { FeedFormat, Scope } from "../../src/types.ts";
import { SETTINGS } from "../fixtures/built.ts";
import { hostileText } from "../fixtures/hostile-text.ts";
import { renderFeed } from "../fixtures/oracle.ts";

const FORMATS: FeedFormat[] = ["rss", "atom", "json"];
const ORIGIN = "https://feeds.example";

/** A title addition as a filter makes one (` (with ...)`, `（含...）`) around any text. */
const suffix = fc
  .tuple(fc.constantFrom(" (", "（"), fc.array(fc.oneof(hostileText, fc.constantFrom(...Object.values(PLACEHOLDERS), "\u000C", "\u0001", "]]>", "&#x26;")), { maxLength: 4 }))
  .map(([open, parts]) => `${open}${parts.join("")}${open === " (" ? ")" : "）"}`);

describe("a head filled in is the reference's head", () => {
  it("for any title addition, query and time, in every format, whoever fills in the origin (property)", () => {
    fc.assert(
      fc.property(
        suffix,
        fc.constantFrom("", "?limit=5", "?filter=%E5%8D%97&limit=5"),
        fc.date({ min: new Date(0), max: new Date(Date.UTC(2100, 0, 1)), noInvalidDate: true }),
        fc.constantFrom<Scope>({ kind: "site" }, { kind: "tags", key: "rss", name: "RSS" }),
        fc.boolean(),
        (titleAddition, query, updated, scope, buildKnowsOrigin) => {
          const site: Site = { ...SETTINGS, origin: ORIGIN };
          for (const format of FORMATS) {
            const template = headTemplate(scope, buildKnowsOrigin ? site : { ...site, origin: PLACEHOLDERS.origin }, format, { kind: "subscription", newest: 0 });
            const head = fillHead(template, format, { query, updated, titleAddition, ...(buildKnowsOrigin ? {} : { origin: ORIGIN }) });
            const reference = renderFeed({ scope, articles: [] }, site, format, 20, 0, { query, titleAddition, updated });
            expect(head + FORMAT_TABLE[format].render.tail).toBe(reference);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
