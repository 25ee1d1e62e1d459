/**
 * Issue 3, optional check: the sample feeds read by Python's feedparser
 * (python3-feedparser) without a single complaint (`bozo == 0`), with every item's id,
 * link and title; and so are feeds of random hostile content (ids and links: feedparser
 * sanitises HTML and reads C1 controls as windows-1252, so their text is not compared).
 * RSS and Atom: feedparser 6.0 (Debian's) reads no JSON Feed. Needs Python with
 * feedparser (tests/system.ts): skipped without it, except in CI.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileContent } from "../../src/build/compile.ts";
import { articleSource, block, hostileText, markdownBody, titleText } from "../fixtures/articles.ts";
import { decodeHtml } from "../fixtures/feed-rules.ts";
import { selectable } from "../fixtures/library.ts";
import { renderFeed, selectArticles } from "../fixtures/oracle.ts";
import { readWithFeedsmith, visible } from "../fixtures/readers.ts";
import { SAMPLE_SITE, sampleFeeds } from "../fixtures/samples.ts";
import { skipLine, skips, systemPrograms } from "../system.ts";

const SCRIPT = fileURLToPath(new URL("../feedparser_check.py", import.meta.url));
const program = systemPrograms().feedparser;

/** The Python that has feedparser; in CI a missing one fails the test that needs it. */
function python(): string {
  if (program.found === undefined) throw new Error(skipLine(program).replace(/^skipped/, "missing in CI"));
  return program.found;
}

/** Runs feedparser over `feeds`. */
function feedparser(feeds: { name: string; body: string }[]): Parsed[] {
  const run = spawnSync(python(), [SCRIPT, "read"], { input: JSON.stringify(feeds), encoding: "utf8", maxBuffer: 1 << 28 });
  expect(run.stderr).toBe("");
  return JSON.parse(run.stdout) as Parsed[];
}

interface Parsed {
  name: string;
  bozo: boolean | number;
  bozo_exception: string;
  version: string;
  title: string | null;
  entries: { id: string | null; link: string | null; title: string | null; summary: string | null; tags: string[]; author: string | null }[];
}

describe("Python feedparser reads every sample RSS and Atom feed", () => {
  it.skipIf(skips(program))("bozo == 0, and the items, ids, links and titles the feed holds", () => {
    const feeds = sampleFeeds().filter((f) => f.format !== "json");
    const parsed = feedparser(feeds.map(({ name, body }) => ({ name, body })));
    expect(parsed).toHaveLength(feeds.length);
    feeds.forEach((feed, i) => {
      const p = parsed[i] as Parsed;
      expect([p.name, p.bozo, p.bozo_exception], feed.name).toEqual([feed.name, false, ""]);
      expect(p.version, feed.name).toBe(feed.format === "rss" ? "rss20" : "atom10");
      const expected = readWithFeedsmith(feed.format, feed.body);
      expect(
        p.entries.map((e) => [e.id, e.link, visible(decodeHtml(e.title ?? ""))]),
        feed.name,
      ).toEqual(expected.items.map((item) => [item.id, item.link, visible(item.title)]));
    });
  });

  it.skipIf(skips(program))("random hostile content: bozo == 0, every item's id and link", () => {
    const article = fc.record({
      title: titleText,
      tags: fc.array(hostileText, { maxLength: 3 }),
      author: hostileText,
      description: hostileText,
      blocks: fc.array(block, { maxLength: 3 }),
    });
    const cases = fc.sample(fc.array(article, { minLength: 1, maxLength: 3 }), { numRuns: 100, seed: 7 }).flatMap((specs, n) => {
      const result = compileContent(
        specs.map((s, i) => ({
          file: `${i}.md`,
          source: articleSource(
            { title: s.title, date: "2020-01-01T00:00:00Z", slug: `s${i}`, tags: s.tags, author: s.author, description: s.description },
            markdownBody(s.blocks),
          ),
        })),
        { timeZone: "UTC" },
      );
      if (!result.ok) throw new Error(JSON.stringify(result.problems));
      const { articles } = result.index;
      return (["rss", "atom"] as const).map((format) => ({
        name: `${n} ${format}`,
        body: renderFeed(selectArticles(selectable(result.index), { kind: "site" }, 20), SAMPLE_SITE, format),
        articles,
      }));
    });
    const parsed = feedparser(cases.map(({ name, body }) => ({ name, body })));
    cases.forEach((c, i) => {
      const p = parsed[i] as Parsed;
      expect([p.name, p.bozo, p.bozo_exception]).toEqual([c.name, false, ""]);
      expect(p.entries.map((e) => [e.id, e.link])).toEqual(c.articles.map((a) => [a.id, SAMPLE_SITE.origin + a.path]));
    });
  });
});
