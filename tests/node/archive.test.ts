/**
 * Issue 12, archived feeds (RFC 5005 section 4): content with several archive pages per
 * scope, built for real and read the way the worker reads it (src/feed/documents.ts).
 * Following prev-archive (RSS, Atom) and next_url (JSON Feed) from every subscription
 * document reaches every article of the scope exactly once; archive pages are the
 * one-pass reference render byte for byte; the W3C rule set finds nothing; adding an
 * article changes no archive page but the newest.
 */
import { describe, expect, it } from "vitest";
import { compileContent, type SourceFile } from "../../src/build/compile.ts";
import type { Catalog, ScopeRef } from "../../src/content/catalog.ts";
import { archivePageCount, archivePath, archiveSegments, pagesPerGroup } from "../../src/content/layout.ts";
import { feedArchive, feedDocument, pageMembers } from "../../src/feed/documents.ts";
import { FORMATS as FORMAT_TABLE } from "../../src/feed/formats.ts";
import { termArchivePage } from "../../src/people/documents.ts";
import type { Site } from "../../src/settings.ts";
import { type FeedFormat, TERM_KINDS } from "../../src/types.ts";
import { briefArticle, renderArchivePage, selectArticles } from "../fixtures/oracle.ts";

const FEED_FILES = { rss: FORMAT_TABLE.rss.file, atom: FORMAT_TABLE.atom.file, json: FORMAT_TABLE.json.file };

import { articleSource } from "../fixtures/articles.ts";
import { contextOn, SETTINGS, siteOn, workspace } from "../fixtures/built.ts";
import { CHECKS } from "../fixtures/feed-rules.ts";
import { selectable } from "../fixtures/library.ts";
import { childrenNamed, parseXmlStrict, textOf } from "../fixtures/xml.ts";

const FORMATS: FeedFormat[] = ["rss", "atom", "json"];
const ORIGIN = "https://feeds.example";
const PAGE_SIZE = 5;
const settings = { ...SETTINGS, pageSize: PAGE_SIZE };
const site: Site = siteOn(ORIGIN, settings);
const decoder = new TextDecoder();

/**
 * `n` articles a day apart over a few tags, two categories and three authors (one CJK;
 * some name nobody); with `longTail` (issue 20), each also has a tag of its own, one it
 * shares with the next and one of seven (small scopes with archives, in shards).
 */
function corpus(n: number, from = 0, longTail = false): SourceFile[] {
  return Array.from({ length: n }, (_, j) => {
    const i = from + j;
    const authors = [[], ["张三"], ["Ada", "张三"], ["Ada"]][i % 4] as string[];
    return {
      file: `${String(i).padStart(3, "0")}.md`,
      source: articleSource(
        {
          title: `Article ${i}`,
          date: new Date(Date.UTC(2021, 0, 1) + i * 86_400_000).toISOString(),
          slug: `a${i}`,
          tags: ["all", `t${i % 3}`, ...(i % 9 === 0 ? ["rare"] : []), ...(longTail ? [`one-${i}`, `two-${i >> 1}`, `seven-${Math.floor(i / 7)}`] : [])],
          categories: [`c${i % 2}`],
          ...(authors.length ? { authors } : {}),
        } as never,
        `Body ${i}.`,
      ),
    };
  });
}

/** Every scope of a catalog. */
const scopesOf = (catalog: Catalog): ScopeRef[] => [catalog.site, ...TERM_KINDS.flatMap((kind) => catalog.terms(kind))];

/** The worker's document at `url`: a subscription document or an archive page (the routes' job, by path). */
async function fetchDocument(catalog: Catalog, assets: Parameters<typeof contextOn>[1], scopes: ScopeRef[], url: string): Promise<string> {
  const ctx = contextOn(catalog, assets, site);
  const path = new URL(url).pathname;
  for (const scope of scopes) {
    const dir = scope.kind === "site" ? "/" : `/${scope.kind}/${encodeURIComponent(scope.key)}/`;
    for (const format of FORMATS) {
      if (path === dir + FEED_FILES[format]) return decoder.decode((await feedDocument(ctx, scope, format, 20).body()) as Uint8Array);
      const archive = new RegExp(`^${dir.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}archive/(\\d+)/${FEED_FILES[format].replace(".", "\\.")}$`).exec(path);
      if (archive) return decoder.decode((await feedArchive(ctx, scope, format, Number(archive[1])).body()) as Uint8Array);
    }
  }
  throw new Error(`no document at ${url}`);
}

/** The ids of a document's items and where it links as older (prev-archive; JSON next_url). */
function readDocument(format: FeedFormat, body: string): { ids: string[]; older?: string } {
  if (format === "json") {
    const feed = JSON.parse(body) as { items: { id: string }[]; next_url?: string };
    return { ids: feed.items.map((i) => i.id), ...(feed.next_url ? { older: feed.next_url } : {}) };
  }
  const { root } = parseXmlStrict(body);
  const atom = "http://www.w3.org/2005/Atom";
  const parent = format === "rss" ? (childrenNamed(root, "", "channel")[0] ?? root) : root;
  const items =
    format === "rss"
      ? childrenNamed(parent, "", "item").map((i) => textOf(childrenNamed(i, "", "guid")[0] ?? i))
      : childrenNamed(parent, atom, "entry").map((e) => textOf(childrenNamed(e, atom, "id")[0] ?? e));
  const older = childrenNamed(parent, atom, "link").find((l) => l.attrs.rel === "prev-archive")?.attrs.href;
  return { ids: items, ...(older ? { older } : {}) };
}

async function built(sources: SourceFile[], pageSize = PAGE_SIZE) {
  const space = workspace();
  space.write(sources);
  const result = await space.build({ ...settings, pageSize });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  const compiled = compileContent(sources, { timeZone: "UTC", author: settings.author });
  if (!compiled.ok) throw new Error("does not compile");
  return { space, catalog: space.catalog(), index: compiled.index };
}

describe("archived feeds (RFC 5005)", () => {
  it.each([false, true])(
    "following prev-archive (next_url in JSON) from every feed reaches every article of its scope once; pages hold at most P (long tail: %s)",
    async (longTail) => {
      const { space, catalog, index } = await built(corpus(23, 0, longTail));
      // The long tail's small scopes share shards (issue 20): many terms, far fewer asset files of theirs.
      if (longTail) expect(new Set(scopesOf(catalog).flatMap((s) => (s.shard ? [s.shard[0]] : []))).size).toBeLessThan(scopesOf(catalog).filter((s) => s.shard).length);
      const { assets } = space.assets();
      const scopes = scopesOf(catalog);
      expect(scopes.some((s) => archivePageCount(s.count, PAGE_SIZE) >= 3)).toBe(true);
      expect(scopes.some((s) => s.count <= PAGE_SIZE)).toBe(true);
      for (const scope of scopes) {
        const expected = selectArticles(selectable(index), scope, scope.count).articles.map((a) => a.id);
        for (const format of FORMATS) {
          const where = `${scope.kind}:${"key" in scope ? scope.key : ""} ${format}`;
          const dir = scope.kind === "site" ? "/" : `/${scope.kind}/${encodeURIComponent(scope.key)}/`;
          const subscription = readDocument(format, await fetchDocument(catalog, assets, scopes, ORIGIN + dir + FEED_FILES[format]));
          const seen: string[] = [];
          let next = subscription.older;
          let pages = 0;
          while (next !== undefined) {
            const page = readDocument(format, await fetchDocument(catalog, assets, scopes, next));
            expect(page.ids.length, where).toBeLessThanOrEqual(PAGE_SIZE);
            seen.push(...page.ids);
            next = page.older;
            pages++;
            expect(pages, where).toBeLessThanOrEqual(archivePageCount(scope.count, PAGE_SIZE));
          }
          // Every article once across the archive pages, newest first; the subscription document may
          // overlap the newest page. A scope that fits on one page has no archive: its feed holds it all.
          expect(subscription.ids, where).toEqual(expected.slice(0, 20));
          if (scope.count > PAGE_SIZE) expect(seen, where).toEqual(expected);
          else expect([seen, subscription.older, subscription.ids], where).toEqual([[], undefined, expected]);
        }
      }
    },
  );

  // 212 articles: terms with several archive groups (pagesPerGroup pages each), the newest one partial; with the long tail, small scopes' archives in shards.
  // With the long tail and pages of 2, small scopes (at most 5 articles) have archives, in their shards (issue 20).
  it.each([
    [23, false, PAGE_SIZE],
    [212, false, PAGE_SIZE],
    [41, true, 2],
  ])(
    "%i articles (long tail: %s, pages of %i): archive pages are the one-pass render (full text for the site, briefs for terms) and pass the W3C rule set; two reads",
    async (n, longTail, pageSize) => {
      const { space, catalog, index } = await built(corpus(n, 0, longTail), pageSize);
      const site = siteOn(ORIGIN, { ...settings, pageSize });
      if (longTail) expect(scopesOf(catalog).some((s) => s.shard !== undefined && archivePageCount(s.count, pageSize) > 0)).toBe(true);
      if (n > 100) expect(scopesOf(catalog).some((s) => archivePageCount(s.count, pageSize) > 2 * pagesPerGroup(pageSize))).toBe(true);
      for (const scope of scopesOf(catalog)) {
        const pages = archivePageCount(scope.count, pageSize);
        const all = selectArticles(selectable(index), scope, scope.count).articles;
        for (let page = 1; page <= pages; page++) {
          const ids = new Set([...pageMembers(catalog, scope, page)].map((p) => index.articles[p]?.id));
          const articles = all.filter((a) => ids.has(a.id)).map((a) => (scope.kind === "site" ? a : briefArticle(a)));
          for (const format of FORMATS) {
            const { assets, reads } = space.assets();
            const rep = feedArchive(contextOn(catalog, assets, site), scope, format, page);
            const body = decoder.decode((await rep.body()) as Uint8Array);
            expect(body).toBe(renderArchivePage(scope, articles, site, format, page, pages));
            expect(reads.length).toBe(2);
            expect(rep.cacheControl).toBe(page < pages ? "public, max-age=31536000, immutable" : undefined);
            const dir = scope.kind === "site" ? "/" : `/${scope.kind}/${encodeURIComponent(scope.key)}/`;
            expect(CHECKS[format](body, { location: `${ORIGIN}${dir}archive/${page}/${FEED_FILES[format]}` }), `${scope.kind} ${page} ${format}`).toEqual([]);
          }
        }
      }
    },
    60_000,
  );

  it("term archive pages for people show their page's articles, from the metadata in its archive group (one read)", async () => {
    const { space, catalog, index } = await built(corpus(212));
    for (const scope of TERM_KINDS.flatMap((kind) => catalog.terms(kind))) {
      for (let page = 1; page <= archivePageCount(scope.count, PAGE_SIZE); page++) {
        const { assets, reads } = space.assets();
        const html = (await termArchivePage(contextOn(catalog, assets, site), scope, page).body()) as string;
        expect(reads).toEqual([archivePath(scope.id, archiveSegments(page, scope.count, PAGE_SIZE).group)]);
        const slugs = [...pageMembers(catalog, scope, page)].map((p) => index.articles[p]?.slug);
        expect([scope.key, page, [...html.matchAll(/\/posts\/(a\d+)\/"/g)].map((m) => m[1])]).toEqual([scope.key, page, slugs]);
      }
    }
  }, 60_000);

  it("adding an article changes no archive page but the newest: same bytes, same validators", async () => {
    const sources = corpus(23);
    const before = await built(sources);
    const pagesOf = async (b: Awaited<ReturnType<typeof built>>) => {
      const { assets } = b.space.assets();
      const out = new Map<string, { etag: string; body: string }>();
      for (const scope of scopesOf(b.catalog)) {
        for (let page = 1; page <= archivePageCount(scope.count, PAGE_SIZE); page++) {
          for (const format of FORMATS) {
            const rep = feedArchive(contextOn(b.catalog, assets, site), scope, format, page);
            out.set(`${scope.id} ${page} ${format}`, { etag: rep.etag, body: decoder.decode((await rep.body()) as Uint8Array) });
          }
        }
      }
      return out;
    };
    const old = await pagesOf(before);
    before.space.write(corpus(1, 23));
    expect((await before.space.build(settings)).ok).toBe(true);
    const after = await pagesOf({ ...before, catalog: before.space.catalog() });
    for (const scope of scopesOf(before.catalog)) {
      const newest = archivePageCount(scope.count, PAGE_SIZE);
      for (let page = 1; page < newest; page++) {
        for (const format of FORMATS) {
          const key = `${scope.id} ${page} ${format}`;
          expect(after.get(key), key).toEqual(old.get(key));
        }
      }
    }
  });
});
