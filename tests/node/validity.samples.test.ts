/**
 * Issue 3 on the sample content, in Node: the ids pinned per article, and every feed
 * (site, each tag and category, three formats) read back by @rowanmanning/feed-parser,
 * which workerd cannot load (tests/worker/validity.test.ts checks the served feeds with
 * the W3C rules and feedsmith), and checked against the same rules for parity.
 */
import { describe, expect, it } from "vitest";
import { articleId } from "../../src/build/compile.ts";
import { CHECKS } from "../fixtures/feed-rules.ts";
import { readWithFeedsmith, visible } from "../fixtures/readers.ts";
import { readWithRowan } from "../fixtures/readers-rowan.ts";
import { SAMPLE_IDS } from "../fixtures/sample-ids.ts";
import { SAMPLE_SITE, sampleFeeds, sampleIndex } from "../fixtures/samples.ts";

const index = sampleIndex();
const feeds = sampleFeeds(index);

describe("sample article ids are pinned", () => {
  it("every published sample article is in the table", () => {
    expect(index.articles.map((a) => a.file).sort()).toEqual(SAMPLE_IDS.map(([file]) => file));
  });

  it.each(SAMPLE_IDS)("%s (%s) is %s", (file, slug, id) => {
    const a = index.articles.find((x) => x.file === file);
    expect([a?.slug, a?.id]).toEqual([slug, id]);
    // UUID v5 of the slug alone: not of the file name, the host, the date or the tags.
    expect(articleId(slug)).toBe(id);
  });
});

describe.each(feeds)("$name", ({ format, body, location }) => {
  it("zero W3C errors and warnings (JSON Feed 1.1 for JSON)", () => {
    expect(CHECKS[format](body, { location })).toEqual([]);
  });
});

describe.each(feeds.filter((f) => f.format !== "json"))("$name", ({ format, body, location }) => {
  it("rowan and feedsmith read the same items, text and ids", () => {
    const a = readWithFeedsmith(format, body);
    const b = readWithRowan(body);
    const summary = (r: typeof a) => r.items.map((i) => [i.id, visible(i.title), visible(i.summary), i.link, i.tags.map(visible), i.published]);
    expect(summary(b)).toEqual(summary(a));
    expect([visible(b.title), b.self]).toEqual([visible(a.title), location]);
    expect(a.items.every((i) => i.link?.startsWith(`${SAMPLE_SITE.origin}/posts/`))).toBe(true);
  });
});
