/**
 * Issue 10, "build once, serve bytes": the real build (src/build/build.ts) into
 * temporary directories, read back the way the worker reads it (src/feed/documents.ts
 * over a fake ASSETS binding). Assembled documents are byte-identical to a one-pass render
 * of the same selection; drafts never reach the assets; rebuilds redo only what changed;
 * adding an article changes few files and no other feed's validator.
 */
import { createHash } from "node:crypto";
import { readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { archiveFiles } from "../../src/build/archives.ts";
import { assetLimitWarnings } from "../../src/build/build.ts";
import { compileContent, type SourceFile } from "../../src/build/compile.ts";
import { convertArticle, converterFor } from "../../src/build/convert.ts";
import { listFiles } from "../../src/build/files.ts";
import { windowFiles } from "../../src/build/windows.ts";
import type { Catalog, ScopeRef } from "../../src/content/catalog.ts";
import {
  ARTICLE_KINDS,
  archivePageCount,
  archivePath,
  archiveSegments,
  BUCKET,
  bucketPath,
  bucketRuns,
  chunkPath,
  headsPath,
  homeTermsPath,
  metaPath,
  mostBucketReads,
  newestBucket,
  opmlPath,
  SLOTS,
  sitemapPath,
  TERM_INDEX_PAGES_PER_FILE,
  TERMS_PER_LIST_PAGE,
  termIndexPath,
  termListFile,
  variantRoot,
  WINDOW,
} from "../../src/content/layout.ts";
import { copyOf } from "../../src/content/pack.ts";
import { PLACEHOLDERS } from "../../src/content/placeholders.ts";
import { holdsEveryCopy, OWN_COPIES_FROM, shardPath } from "../../src/content/shards.ts";
import { readPage, readWindowMeta } from "../../src/content/store.ts";
import { inVariant, named } from "../../src/feed/context.ts";
import { feedDocument, feedTag, filteredFeedDocument, filterSuffix } from "../../src/feed/documents.ts";
import { matchesFilters, parseFilters } from "../../src/feed/filters.ts";
import { canonicalQuery, LIMITS, limitQuery } from "../../src/feed/query.ts";
import type { ChineseVariant } from "../../src/i18n/variants.ts";
import { homePage, termList } from "../../src/people/documents.ts";
import type { SiteSettings } from "../../src/settings.ts";
import { type FeedFormat, TERM_KINDS, type TermKind, type TermListing } from "../../src/types.ts";
import { renderHomeTerms } from "../../src/views/home-terms.ts";
import { renderHome } from "../../src/views/pages.tsx";
import { URLS_PER_SITEMAP } from "../../src/views/sitemap.ts";
import { renderTermIndexLists, termIndexOrder } from "../../src/views/term-index-list.ts";
import { listTerms } from "../../src/views/terms.ts";
import { articleSource, hostileText, titleText } from "../fixtures/articles.ts";
import { contextOn, SETTINGS, siteOn, workspace } from "../fixtures/built.ts";
import { selectable } from "../fixtures/library.ts";
import { lastUpdated, renderFeed, selectArticles } from "../fixtures/oracle.ts";

const FORMATS: FeedFormat[] = ["rss", "atom", "json"];
const KINDS: readonly TermKind[] = TERM_KINDS;
const decoder = new TextDecoder();

/** Every term of a built catalog by kind, as the home page lists them (named by `name`: a Chinese variant's names). */
function listings(catalog: Catalog, name = (scope: ScopeRef): ScopeRef => scope): Record<TermKind, TermListing[]> {
  return Object.fromEntries(KINDS.map((kind) => [kind, catalog.terms(kind).map((t) => ({ ...name(t), kind }) as TermListing)])) as Record<TermKind, TermListing[]>;
}

/** Every scope of a built catalog. */
function scopes(catalog: Catalog): ScopeRef[] {
  return [catalog.site, ...KINDS.flatMap((kind) => catalog.terms(kind))];
}

/** `n` articles over a small pool of tags and categories (so some scopes pass 20 items), dated a day apart. */
function corpus(n: number, from = 0): SourceFile[] {
  return Array.from({ length: n }, (_, j) => {
    const i = from + j;
    const tags = ["common", `t${i % 3}`, ...(i % 7 === 0 ? ["rare"] : [])];
    return {
      file: `posts/${String(i).padStart(4, "0")}.md`,
      source: articleSource(
        { title: `Article ${i} <&>`, date: new Date(Date.UTC(2020, 0, 1) + i * 86_400_000).toISOString(), slug: `a${i}`, tags, categories: [`c${i % 2}`] },
        `Body of ${i} with [a link](../a${i - 1}/) and ![an image](img/${i}.png).\n\n<!--more-->\n\nMore of ${i}.`,
      ),
    };
  });
}

/** Hash of every file in a directory tree, by relative path. */
function snapshot(dir: string): Map<string, string> {
  return new Map(
    listFiles(dir).map((file) => [
      file,
      createHash("sha256")
        .update(readFileSync(join(dir, file)))
        .digest("hex"),
    ]),
  );
}

/** Issue 14: other hubs, with characters XML and JSON escape. */
const OTHER_HUBS = ["https://hub.example/", "https://b.example/hub?a=1&b='2'"];

describe("assembled documents are the one-pass render, byte for byte", () => {
  // Issue 20's long tail: `lone` gives an article a tag of its own and one it shares with one other (small scopes' shards).
  const article = fc.record({
    title: titleText,
    tags: fc.array(fc.constantFrom("x", "y", "X", "南开"), { maxLength: 3 }),
    summary: hostileText,
    day: fc.nat(400),
    lone: fc.boolean(),
  });

  it.each([
    ["the origin filled in at request time (SITE_URL unset)", "", {}],
    ["the origin baked in at build time (SITE_URL set)", "https://feeds.example", {}],
    ["other WebSub hubs, the built-in one off", "", { websubHub: false, websubHubs: OTHER_HUBS }],
    ["the built-in WebSub hub and others (SITE_URL set)", "https://feeds.example", { websubHubs: OTHER_HUBS }],
  ])(
    "%s: any content, scope, format and limit; one read per window bucket reached",
    async (_name, url, hubs: Partial<SiteSettings>) => {
      await fc.assert(
        fc.asyncProperty(fc.array(article, { minLength: 1, maxLength: 45 }), fc.constantFrom(...FORMATS), fc.integer({ min: 1, max: 100 }), async (specs, format, limit) => {
          const sources = specs.map((s, i) => ({
            file: `${i}.md`,
            source: articleSource(
              {
                title: s.title,
                date: new Date(Date.UTC(2021, 0, 1) + s.day * 3_600_000).toISOString(),
                slug: `s${i}`,
                tags: [...s.tags, ...(s.lone ? [`one-${i}`, `two-${i >> 1}`] : [])],
                description: s.summary,
              },
              `Text ${i}.`,
            ),
          }));
          const space = workspace();
          space.write(sources);
          const settings = { ...SETTINGS, ...hubs, url };
          expect((await space.build(settings)).ok).toBe(true);
          const catalog = space.catalog();
          const compiled = compileContent(sources, { timeZone: "UTC", author: SETTINGS.author });
          if (!compiled.ok) throw new Error(JSON.stringify(compiled.problems));
          const site = siteOn(url || "https://request.example", settings);
          for (const scope of scopes(catalog)) {
            const { assets, reads } = space.assets();
            const assembled = decoder.decode((await feedDocument(contextOn(catalog, assets, site), scope, format, limit).body()) as Uint8Array);
            const reference = renderFeed(selectArticles(selectable(compiled.index), scope, limit), site, format, limit, archivePageCount(scope.count, SETTINGS.pageSize));
            expect(assembled).toBe(reference);
            // One read per bucket the limit reaches: 1 + ceil((n - r) / BUCKET) for n items when the newest bucket holds r.
            expect(reads.length).toBe(bucketRuns(Math.min(limit, scope.count), scope.count).length);
            expect(reads.length).toBeLessThanOrEqual(mostBucketReads(limit));
          }
        }),
        { numRuns: 12 },
      );
    },
    120_000,
  );
});

describe("what reaches the assets directory", () => {
  it("drafts never do: not their slug, title or text", async () => {
    const space = workspace();
    space.write([
      ...corpus(3),
      { file: "draft.md", source: articleSource({ title: "SECRET-TITLE", date: "2024-01-01T00:00:00Z", slug: "secret-slug", tags: ["secret-tag"], draft: true }, "SECRET-BODY") },
    ]);
    expect((await space.build()).ok).toBe(true);
    const files = listFiles(space.paths.assetsDir);
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const text = readFileSync(join(space.paths.assetsDir, file), "latin1") + readFileSync(join(space.paths.assetsDir, file), "utf8");
      for (const secret of ["SECRET-TITLE", "secret-slug", "secret-tag", "SECRET-BODY"]) expect([file, text.includes(secret)]).toEqual([file, false]);
    }
    expect(space.catalog().find("tags", "secret-tag")).toBeUndefined();
  });

  it("a failed build writes nothing", async () => {
    const space = workspace();
    space.write([...corpus(2), { file: "bad.md", source: "---\ntitle: x\n---\nno date" }]);
    const result = await space.build();
    expect(result.ok).toBe(false);
    expect(listFiles(space.paths.assetsDir)).toEqual([]);
    expect(listFiles(space.paths.outDir)).toEqual([]);
  });
});

describe("the home page's lists of terms, made at build time", () => {
  it.each(["", "https://feeds.example"])("are what the page lists at request time, in the original and the Chinese variant (SITE_URL %j)", async (url) => {
    const space = workspace();
    space.write(
      Array.from({ length: 30 }, (_, i) => ({
        file: `${i}.md`,
        source: articleSource(
          {
            title: `文章 ${i}`,
            date: new Date(Date.UTC(2022, 0, 1) + i * 86_400_000).toISOString(),
            slug: `z${i}`,
            tags: ["南开大学", `标签${i % 4}`, "a<b>&c"],
            categories: [`学术${i % 2}`],
            ...(i % 3 === 0 ? { author: "记者" } : {}),
          },
          `正文 ${i}。`,
        ),
      })),
    );
    const settings = { ...SETTINGS, url };
    expect((await space.build(settings)).ok).toBe(true);
    expect(settings.variants).toContain("s2t");
    const catalog = space.catalog();
    for (const variant of [undefined, "s2t"] as const) {
      const { assets, reads } = space.assets();
      const ctx = inVariant(contextOn(catalog, assets, siteOn(url || "https://request.example", settings)), variant);
      const served = await homePage(ctx).body();
      // The site's window metadata and the lists.
      expect(reads).toHaveLength(2);
      const latest = (await readWindowMeta(ctx.assets, catalog.site.id)).slice(0, LIMITS.default);
      expect(served).toBe(
        renderHome(
          renderHomeTerms(
            listings(catalog, (scope) => named(ctx, scope)),
            ctx.site,
          ),
          latest,
          ctx.site,
        ),
      );
      expect(served).toContain(variant ? "南開大學" : "南开大学");
      expect(served).not.toContain(PLACEHOLDERS.origin);
    }
  });
});

describe("asset files against the plans' limits", () => {
  it("says nothing up to the Free plan's 20,000, names the Paid plan past it, and no plan past 100,000; what makes fewer", () => {
    expect(assetLimitWarnings(20_000, ["s2t"])).toEqual([]);
    const [free] = assetLimitWarnings(21_712, ["s2t"]);
    expect(free).toContain("21,712 asset files: more than the Workers Free plan's 20,000, so deploying needs the Paid plan (100,000).");
    expect(free).toContain('CHINESE_VARIANTS = "s2t") cost few files');
    expect(assetLimitWarnings(20_001, [])).toEqual([
      "20,001 asset files: more than the Workers Free plan's 20,000, so deploying needs the Paid plan (100,000). ARCHIVE_PAGE_SIZE = 20, the most, makes the fewest chunks.",
    ]);
    const [none] = assetLimitWarnings(100_001, ["s2t", "t2s"]);
    expect(none).toContain("more than any Workers plan takes (100,000 on the Paid plan)");
    expect(none).toContain('CHINESE_VARIANTS = "s2t, t2s"');
  });

  it.each([
    [[] as ChineseVariant[], 5],
    [["s2t"] as ChineseVariant[], 20],
    [["s2t", "t2s"] as ChineseVariant[], 3],
  ])("the build says, before writing anything, how many files it will publish (variants %j, pages of %i): exactly what it publishes", async (variants, pageSize) => {
    const space = workspace();
    // Issue 20's long tail: most terms on one or two articles.
    space.write(corpus(47).map((s, i) => ({ ...s, source: s.source.replace("tags:", `tags:\n  - one-${i}\n  - two-${i >> 1}`) })));
    const said: string[] = [];
    const result = await space.build({ ...SETTINGS, variants, pageSize }, (line) => said.push(`${line} (${listFiles(space.paths.assetsDir).length} files then)`));
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const files = listFiles(space.paths.assetsDir).length;
    expect(said).toEqual([`asset files planned: ${files}, fits the Free plan (0 files then)`]);
    expect(result.assetFiles).toBe(files);
    // The long tail shares files: far fewer shards than small scopes.
    const small = space
      .catalog()
      .terms("tags")
      .filter((tag) => tag.shard !== undefined);
    expect(small.length).toBeGreaterThan(60);
    expect(listFiles(join(space.paths.assetsDir, "_c/p")).length).toBeLessThan(small.length / 4);
  });
});

describe("publishing (issue 20)", () => {
  it("with Chinese variants, each chunk and scope file is staged once holding every copy, and every asset is its staged file linked, not written again", async () => {
    const space = workspace();
    // Titles each variant converts: 后 to 後 (s2t) and 來 to 来 (t2s).
    space.write(corpus(70).map((s) => ({ ...s, source: s.source.replace("Article ", "后來 Article ") })));
    const variants: ChineseVariant[] = ["s2t", "t2s"];
    expect((await space.build({ ...SETTINGS, variants })).ok).toBe(true);
    const staged = listFiles(space.paths.stageDir).sort();
    // Nothing of a variant's chunks or terms' files is staged apart from the original's; the site's files are in each copy.
    const inVariant = staged.flatMap((file) => (/^_c\/v\/[^/]+\//.test(file) ? [file.replace(/^_c\/v\/[^/]+/, "")] : []));
    expect(inVariant.filter((file) => holdsEveryCopy(file))).toEqual([]);
    const site = staged.filter((file) => file.startsWith("_c/s/site/"));
    expect(site.length).toBeGreaterThan(5);
    expect(inVariant.filter((file) => file.startsWith("/_c/s/site/")).sort()).toEqual([...site, ...site].map((file) => `/${file}`).sort());
    const shared = staged.filter((file) => holdsEveryCopy(`/${file}`));
    expect(shared.length).toBeGreaterThan(40);
    const decoder = new TextDecoder();
    for (const file of shared) {
      const bytes = new Uint8Array(readFileSync(join(space.paths.stageDir, file)));
      // The original, then each variant, and no more; each copy converted (a title is in every file but the heads).
      expect(() => copyOf(bytes, variants.length + 1), file).toThrow(RangeError);
      const copies = [0, 1, 2].map((c) => decoder.decode(copyOf(bytes, c)));
      if (!file.endsWith(".heads.pack")) expect(new Set(copies).size, file).toBe(3);
    }
    expect(listFiles(space.paths.assetsDir).sort()).toEqual(staged);
    for (const file of staged) expect(statSync(join(space.paths.assetsDir, file)).ino, file).toBe(statSync(join(space.paths.stageDir, file)).ino);
  });
});

describe("rebuilds", () => {
  it("with nothing changed build nothing; editing one article rebuilds its chunk and its scopes' windows, the same bytes as a fresh build", async () => {
    const space = workspace();
    const sources = corpus(70);
    space.write(sources);
    const first = await space.build();
    expect(first).toMatchObject({ ok: true, chunksBuilt: 4, chunks: 4, warnings: [] });
    // The count it reports (and checks against the plans' limits) is what wrangler uploads.
    expect(first.ok && first.assetFiles).toBe(listFiles(space.paths.assetsDir).length);
    expect(await space.build()).toMatchObject({ ok: true, chunksBuilt: 0, windowsBuilt: 0 });
    const edited = { ...(sources[30] as SourceFile), source: (sources[30] as SourceFile).source.replace("More of 30.", "Edited.") };
    space.write([edited]);
    const second = await space.build();
    // Article 30 is in chunk 1 (from the oldest), and in the site, common, t0, c0, the site author's and the section posts/'s scopes (and `rare` is not its).
    expect(second).toMatchObject({ ok: true, chunksBuilt: 1, windowsBuilt: 6 });
    const fresh = workspace();
    fresh.write([...sources.slice(0, 30), edited, ...sources.slice(31)]);
    expect((await fresh.build()).ok).toBe(true);
    expect(snapshot(space.paths.assetsDir)).toEqual(snapshot(fresh.paths.assetsDir));
    expect(snapshot(space.paths.outDir)).toEqual(snapshot(fresh.paths.outDir));
  });

  it("a chunk's or a scope's file that went missing is made again, and nothing else; files no build makes are removed", async () => {
    const space = workspace();
    space.write(corpus(70));
    expect((await space.build()).ok).toBe(true);
    const before = snapshot(space.paths.assetsDir);
    // A published file that went missing is published again from the staged files, and nothing is built (src/build/publish.ts).
    rmSync(join(space.paths.assetsDir, "_c/a/page/2.pack"));
    expect(await space.build()).toMatchObject({ ok: true, chunksBuilt: 0, windowsBuilt: 0 });
    expect(snapshot(space.paths.assetsDir)).toEqual(before);
    rmSync(join(space.paths.stageDir, "_c/a/page/2.pack"));
    expect(await space.build()).toMatchObject({ ok: true, chunksBuilt: 1, windowsBuilt: 0 });
    // The four chunks share a work file (and each variant's copy has its own).
    rmSync(join(space.paths.workDir, "v/s2t/chunks/0.pack"));
    expect(await space.build()).toMatchObject({ ok: true, chunksBuilt: 4, windowsBuilt: 0 });
    const site = space.catalog().site.id;
    rmSync(join(space.paths.stageDir, `_c/s/${site}/json.1.pack`));
    writeFileSync(join(space.paths.assetsDir, "_c/a/page/99.pack"), "stale");
    writeFileSync(join(space.paths.stageDir, "_c/a/page/98.pack"), "stale");
    writeFileSync(join(space.paths.workDir, "chunks/99.pack"), "stale");
    expect(await space.build()).toMatchObject({ ok: true, chunksBuilt: 0, windowsBuilt: 1 });
    expect(snapshot(space.paths.assetsDir)).toEqual(before);
    expect(listFiles(space.paths.workDir).sort()).toEqual(["chunks/0.pack", "links.json", "v/s2t/chunks/0.pack"]);
  });

  it("a Chinese variant's names follow a term's newest spelling (its words are kept until its names change)", async () => {
    const space = workspace();
    const tagged = (i: number, tag: string) => ({
      file: `t${i}.md`,
      source: articleSource({ title: `T${i}`, date: new Date(Date.UTC(2024, 0, 1 + i)).toISOString(), slug: `t${i}`, tags: [tag] }, "Text."),
    });
    space.write([tagged(0, "南开Daxue")]);
    expect((await space.build()).ok).toBe(true);
    expect(space.catalog().data.variants.s2t?.names["tags/南开daxue"]).toBe("南開Daxue");
    expect((await space.build()).ok).toBe(true);
    expect(space.catalog().data.variants.s2t?.names["tags/南开daxue"]).toBe("南開Daxue");
    space.write([tagged(1, "南开DAXUE")]);
    expect((await space.build()).ok).toBe(true);
    expect(space.catalog().data.variants.s2t).toMatchObject({ title: "Site", language: "zh-Hant", names: { "tags/南开daxue": "南開DAXUE" } });
  });

  it("on worker threads and inline make the same bytes", async () => {
    const sources = corpus(90);
    const built = [] as Map<string, string>[];
    for (const from of ["1", "100000"]) {
      process.env.BUILD_PARALLEL_FROM = from;
      const space = workspace();
      space.write(sources);
      expect((await space.build()).ok).toBe(true);
      built.push(new Map([...snapshot(space.paths.assetsDir), ...snapshot(space.paths.outDir)]));
    }
    expect(built[0]).toEqual(built[1]);
  }, 60_000);

  it("a job that fails on a thread fails the build instead of leaving it waiting", async () => {
    process.env.BUILD_PARALLEL_FROM = "1";
    const space = workspace();
    space.write(corpus(30));
    // A source that is there (the build's listing and stat see it) but cannot be read: reading it fails on a build thread.
    symlinkSync("/proc/self/mem", join(space.paths.contentDir, "posts/zz.md"));
    await expect(space.build()).rejects.toThrow(/EIO/);
  }, 60_000);

  afterEach(() => {
    delete process.env.BUILD_PARALLEL_FROM;
  });
});

describe("adding an article", () => {
  it("changes only the newest chunk and its scopes' windows; every other feed keeps its validators", async () => {
    const space = workspace();
    const sources = corpus(65);
    space.write(sources);
    expect((await space.build()).ok).toBe(true);
    const before = { files: snapshot(space.paths.assetsDir), catalog: space.catalog() };
    const tags = (catalog: Catalog) =>
      new Map(
        scopes(catalog).flatMap((scope) =>
          FORMATS.flatMap((format) =>
            [1, 20, 100].map(
              (limit) =>
                [
                  `${scope.kind}:${scope.kind === "site" ? "" : scope.key} ${format} ${limit}`,
                  feedTag(catalog, scope, format, catalog.members(scope, limit), limitQuery(limit), "https://x.example"),
                ] as const,
            ),
          ),
        ),
      );
    // Article 65: tags common, t2; category c1; by the site's author; in the section posts/; newer than every other.
    space.write(corpus(1, 65));
    expect(await space.build()).toMatchObject({ ok: true, chunksBuilt: 1, windowsBuilt: 6 });
    const after = { files: snapshot(space.paths.assetsDir), catalog: space.catalog() };
    const changed = [...after.files].filter(([file, hash]) => before.files.get(file) !== hash).map(([file]) => file);
    const touched = [
      after.catalog.site,
      after.catalog.find("tags", "common"),
      after.catalog.find("tags", "t2"),
      after.catalog.find("categories", "c1"),
      after.catalog.find("authors", SETTINGS.author),
      after.catalog.find("sections", "posts"),
    ];
    const ids = new Set(touched.map((scope) => scope?.id));
    for (const changedFile of changed) {
      // The same in the original and in each Chinese variant's copy.
      const file = changedFile.replace(/^_c\/v\/[a-z0-9]+\//, "");
      const chunk = /^_c\/a\/[a-z]+\/(\d+)\.pack$/.exec(file);
      // The OPML lists date themselves by the newest article; the home page's lists of terms and the kinds' indexes
      // count them; the sitemaps list it and date the pages that show it.
      // The kinds' lists (/tags.json, issue 20) count them too.
      if (/^_c\/(?:opml\.(?:rss|atom|json)|home|t\/[a-z]+\.(?:list\.)?\d+|sitemap\/(?:articles|pages)-\d+)\.pack$/.test(file)) continue;
      const shard = /^_c\/p\/(\d+)\.pack$/.exec(file);
      if (chunk) expect(Number(chunk[1])).toBe(Math.floor(65 / SETTINGS.pageSize));
      else if (shard) expect(touched.some((scope) => scope?.shard?.[0] === Number(shard[1]))).toBe(true);
      else expect(ids.has(/^_c\/s\/([^/]+)\//.exec(file)?.[1])).toBe(true);
    }
    expect(changed.length).toBeGreaterThan(0);
    expect(changed.length / after.files.size).toBeLessThan(0.5);
    const [old, now] = [tags(before.catalog), tags(after.catalog)];
    for (const [key, tag] of now) {
      const changed = /^(?:site:|tags:common|tags:t2|categories:c1|authors:site author|sections:posts) /.test(key);
      expect([key, old.get(key) === tag]).toEqual([key, !changed]);
    }
  });
});

/**
 * The asset files adding the newest article should change (added, changed or removed),
 * from the catalogs before and after: the newest chunk in every kind; for every scope
 * whose count changed, its newest bucket in every format (a new bucket takes the slot of
 * the one `SLOTS` older, so it is a file changed, not one added and one removed), its
 * window metadata and, for a term with archive pages, the group of its newest page; and
 * a scope's archive heads when its archive starts (no pages to two) or gains the middle
 * page's head (two pages to three). In the original and every Chinese variant's copy:
 * the chunks and scopes' own files hold every copy, so they are one file each.
 */
function expectedChanges(before: Catalog, after: Catalog): Set<string> {
  const { pageSize } = after.settings;
  const files: string[] = ARTICLE_KINDS.map((kind) => chunkPath(kind, Math.floor((after.count - 1) / pageSize)));
  const counts = new Map(scopes(before).map((scope) => [scope.id, scope.count]));
  const shards = new Map(scopes(before).map((scope) => [scope.id, scope.shard?.[0]]));
  for (const scope of scopes(after)) {
    const was = counts.get(scope.id) ?? 0;
    if (was === scope.count) continue;
    // Issue 20: a small scope's files are its shard; one that outgrows it leaves the shard and has every file of its own anew.
    const shardBefore = shards.get(scope.id);
    if (shardBefore !== undefined) files.push(shardPath(shardBefore));
    if (scope.shard !== undefined) {
      files.push(shardPath(scope.shard[0]));
      continue;
    }
    if (shardBefore !== undefined) {
      files.push(...windowFiles(scope.id, scope.count).map((f) => `/${f}`), ...archiveFiles(scope, scope.id, scope.count, pageSize).map((f) => `/${f}`));
      continue;
    }
    // Issue 20: a term that reaches OWN_COPIES_FROM moves its window files to their own copies, once; the others keep theirs.
    if (was < OWN_COPIES_FROM && scope.count >= OWN_COPIES_FROM && scope.kind !== "site") {
      files.push(...[...windowFiles(scope.id, was), ...windowFiles(scope.id, scope.count)].map((f) => `/${f}`));
    }
    files.push(...FORMATS.map((format) => bucketPath(scope, format, newestBucket(scope.count).bucket)), metaPath(scope));
    const [pagesBefore, pages] = [archivePageCount(was, pageSize), archivePageCount(scope.count, pageSize)];
    if (scope.kind !== "site" && pages > 0) files.push(archivePath(scope.id, archiveSegments(pages, scope.count, pageSize).group));
    if ((pagesBefore === 0 && pages > 0) || (pagesBefore === 2 && pages === 3)) files.push(...FORMATS.map((format) => headsPath(scope.id, format)));
  }
  // The OPML lists date themselves by the newest article (src/build/lists.ts); the home
  // page's lists of terms change when the terms they show or count do.
  files.push(...FORMATS.map(opmlPath));
  if (renderHomeTerms(listings(before), siteOn("https://x.example")) !== renderHomeTerms(listings(after), siteOn("https://x.example"))) files.push(homeTermsPath());
  // The kinds' lists (issue 20), in the original only: each page that lists other terms or counts.
  const once: string[] = [];
  for (const kind of KINDS) {
    const [was, now] = [before, after].map((catalog) => listTerms(listings(catalog)[kind], kind, "https://x.example"));
    const page = (list: unknown[] | undefined, p: number) => JSON.stringify(list?.slice((p - 1) * TERMS_PER_LIST_PAGE, p * TERMS_PER_LIST_PAGE));
    for (let p = 1; (p - 1) * TERMS_PER_LIST_PAGE < Math.max(was?.length ?? 0, now?.length ?? 0); p++) if (page(was, p) !== page(now, p)) once.push(termListFile(kind, p));
  }
  // The kinds' indexes (issue 24): each file whose pages list other terms or counts.
  for (const kind of KINDS) {
    const [was, now] = [before, after].map((catalog) => renderTermIndexLists(kind, termIndexOrder(listings(catalog)[kind]), siteOn("https://x.example")));
    const file = (pages: string[] | undefined, f: number) => JSON.stringify(pages?.slice(f * TERM_INDEX_PAGES_PER_FILE, (f + 1) * TERM_INDEX_PAGES_PER_FILE));
    for (let f = 0; f * TERM_INDEX_PAGES_PER_FILE < Math.max(was?.length ?? 0, now?.length ?? 0); f++) if (file(was, f) !== file(now, f)) files.push(termIndexPath(kind, f));
  }
  const roots = ["", ...after.settings.variants.map(variantRoot)];
  // Issue 20: with variants, a chunk or a scope's own file is one file holding every copy; anything else is in each copy's root.
  const inEvery = (file: string) => (roots.length > 1 && holdsEveryCopy(file) ? [file] : roots.map((root) => `${root}${file}`));
  // The sitemaps, in the original only: the articles' last file (the new article), and the other pages' (the home page's date, its terms').
  const sitemaps = [`articles-${Math.ceil(after.count / URLS_PER_SITEMAP)}`, "pages-1"].map(sitemapPath);
  return new Set([...files.flatMap(inEvery).map((file) => file.slice(1)), ...[...sitemaps, ...once].map((file) => file.slice(1))]);
}

describe("adding articles one at a time (issue 10: few asset files change)", () => {
  it("changes exactly the newest chunk, and per scope its newest bucket, window metadata and newest archive group; all other files keep their bytes; the same bytes as a fresh build", async () => {
    const space = workspace();
    space.write(corpus(118));
    expect((await space.build()).ok).toBe(true);
    let before = { files: snapshot(space.paths.stageDir), assets: snapshot(space.paths.assetsDir), catalog: space.catalog() };
    // 118 to 143 articles: `common` (every article) fills its sixth bucket and starts its seventh and
    // eighth in slots 0 and 1 (buckets 0 and 1 leave), t0 gains a third archive page, `rare` its archive.
    for (let i = 118; i < 143; i++) {
      space.write(corpus(1, i));
      expect((await space.build()).ok).toBe(true);
      const after = { files: snapshot(space.paths.stageDir), assets: snapshot(space.paths.assetsDir), catalog: space.catalog() };
      const differ = (a: Map<string, string>, b: Map<string, string>) => [...new Set([...a.keys(), ...b.keys()])].filter((file) => a.get(file) !== b.get(file));
      // The staged files (one per bucket, metadata, archive file and chunk, each holding every copy; shards and lists in every copy) change exactly as expected.
      const changed = differ(before.files, after.files);
      const expected = expectedChanges(before.catalog, after.catalog);
      expect([i, changed.sort()]).toEqual([i, [...expected].sort()]);
      // The bound: 4 chunk files, 4 per scope (3 buckets, metadata), 1 more per term (its archive group),
      // a scope's 3 archive heads when its archive starts or gains its middle page, the 3 OPML lists and the
      // home page's lists of terms; per copy.
      const touched = scopes(after.catalog).filter((scope) => scope.count !== scopes(before.catalog).find((s) => s.id === scope.id)?.count);
      const starting = touched.filter(
        (scope) =>
          [0, 2].includes(archivePageCount(scope.count - 1, SETTINGS.pageSize)) &&
          archivePageCount(scope.count, SETTINGS.pageSize) > archivePageCount(scope.count - 1, SETTINGS.pageSize),
      );
      // Issue 24: at most a file of each kind's index per copy, and two sitemaps.
      // Issue 20: a scope that outgrows its shard has every file of its own anew, once.
      const leaving = touched
        .filter((scope) => scope.shard === undefined && scopes(before.catalog).find((s) => s.id === scope.id)?.shard !== undefined)
        .reduce((sum, scope) => sum + windowFiles(scope.id, scope.count).length + archiveFiles(scope, scope.id, scope.count, SETTINGS.pageSize).length, 0);
      const bound =
        leaving + ARTICLE_KINDS.length + 4 * touched.length + touched.filter((scope) => scope.kind !== "site").length + 3 * starting.length + FORMATS.length + 1 + KINDS.length;
      // Once: two sitemaps and a page of each kind's list (issue 20).
      expect(changed.length).toBeLessThanOrEqual(bound * (1 + SETTINGS.variants.length) + 2 + KINDS.length);
      // Published, a scope that outgrows its shard leaves it and takes files of its own: the same bound holds.
      expect(differ(before.assets, after.assets).length).toBeLessThanOrEqual(bound * (1 + SETTINGS.variants.length) + 2 + KINDS.length);
      before = after;
    }
    const common = before.catalog.find("tags", "common");
    expect([common?.count, newestBucket(common?.count ?? 0)]).toEqual([143, { bucket: 7, size: 3 }]);
    const fresh = workspace();
    fresh.write(corpus(143));
    expect((await fresh.build()).ok).toBe(true);
    expect(snapshot(space.paths.assetsDir)).toEqual(snapshot(fresh.paths.assetsDir));
    expect(snapshot(space.paths.stageDir)).toEqual(snapshot(fresh.paths.stageDir));
    expect(snapshot(space.paths.outDir)).toEqual(snapshot(fresh.paths.outDir));
  }, 180_000);
});

describe("window files of large terms, one per copy (issue 20)", () => {
  it("a term that reaches OWN_COPIES_FROM articles moves its buckets and metadata to one file per copy, once; each copy's feed reads only its own", async () => {
    const space = workspace();
    // Titles s2t converts (后 to 後), so each copy's feed shows which copy it read.
    const sources = (n: number, from = 0) => corpus(n, from).map((s) => ({ ...s, source: s.source.replace("Article ", "后 Article ") }));
    space.write(sources(OWN_COPIES_FROM - 1));
    expect((await space.build()).ok).toBe(true);
    const before = { files: snapshot(space.paths.stageDir), catalog: space.catalog() };
    const was = before.catalog.find("tags", "common");
    expect(was?.count).toBe(OWN_COPIES_FROM - 1);
    expect(windowFiles(was?.id ?? "", OWN_COPIES_FROM - 1).every((file) => holdsEveryCopy(`/${file}`))).toBe(true);
    space.write(sources(1, OWN_COPIES_FROM - 1));
    const said: string[] = [];
    const built = await space.build(SETTINGS, (line) => said.push(line));
    expect(built.ok).toBe(true);
    const catalog = space.catalog();
    const common = catalog.find("tags", "common") as ScopeRef;
    expect(common.count).toBe(OWN_COPIES_FROM);
    // Only what any added article changes, and the term's window files, moved: the old ones gone, the new in each copy.
    const after = snapshot(space.paths.stageDir);
    const changed = [...new Set([...before.files.keys(), ...after.keys()])].filter((file) => before.files.get(file) !== after.get(file));
    expect(changed.sort()).toEqual([...expectedChanges(before.catalog, catalog)].sort());
    const own = windowFiles(common.id, common.count);
    expect(own.every((file) => file.startsWith(`_c/w/${common.id}/`) && !holdsEveryCopy(`/${file}`))).toBe(true);
    const roots = ["", ...SETTINGS.variants.map((variant) => `${variantRoot(variant).slice(1)}/`)];
    for (const file of own) {
      for (const root of roots) {
        const bytes = new Uint8Array(readFileSync(join(space.paths.assetsDir, root + file)));
        // A file of its copy alone: no table of copies at its end.
        expect(copyOf(bytes, 0), root + file).toBe(bytes);
      }
    }
    for (const file of windowFiles(common.id, OWN_COPIES_FROM - 1)) expect(after.has(file), file).toBe(false);
    // The plan the build printed is what it published.
    expect(said.join("\n")).toContain(`asset files planned: ${listFiles(space.paths.assetsDir).length.toLocaleString("en")}`);
    // Each copy's feed of the term: its own files, the same bytes as the one-pass render of its articles.
    const compiled = compileContent(sources(OWN_COPIES_FROM), { timeZone: "UTC", author: SETTINGS.author });
    if (!compiled.ok) throw new Error(JSON.stringify(compiled.problems));
    for (const variant of [undefined, "s2t"] as const) {
      const { assets, reads } = space.assets();
      const ctx = inVariant(contextOn(catalog, assets, siteOn("https://request.example")), variant);
      const query = { limit: 100, ...(variant ? { variant } : {}) };
      const body = decoder.decode((await feedDocument(ctx, named(ctx, common), "rss", 100, canonicalQuery(query)).body()) as Uint8Array);
      const articles = variant ? { ...compiled.index, articles: compiled.index.articles.map((a) => convertArticle(a, converterFor(variant))) } : compiled.index;
      const pages = archivePageCount(common.count, SETTINGS.pageSize);
      expect(body).toBe(
        renderFeed(selectArticles(selectable(articles), named(ctx, common), 100), ctx.site, "rss", 100, pages, { query: canonicalQuery(query), titleAddition: "" }),
      );
      expect(body).toContain(variant ? "後 Article" : "后 Article");
      expect(body).not.toContain(variant ? "后 Article" : "後 Article");
      expect(
        reads.every((path) => path.startsWith(variant ? `${variantRoot(variant)}/_c/w/${common.id}/` : `/_c/w/${common.id}/`)),
        reads.join(" "),
      ).toBe(true);
      const metas = await readWindowMeta(ctx.assets, common);
      expect(metas).toHaveLength(OWN_COPIES_FROM);
    }
  });
});

describe("windows of more than SLOTS buckets", () => {
  const filters = (search: string) => {
    const params = new URLSearchParams(search);
    const parsed = parseFilters((name) => params.getAll(name));
    if (!parsed.ok || parsed.value === undefined) throw new Error(`${search}: no filters`);
    return parsed.value;
  };
  // Newest bucket of `common` (every article) with 1, 19, 20 and 5 articles; buckets in every slot, some twice.
  it.each([121, 139, 140, 205])(
    "%i articles: every feed, any limit, and filtered feeds over the whole window are the one-pass render, one read per bucket",
    async (n) => {
      const sources = corpus(n);
      const space = workspace();
      space.write(sources);
      expect((await space.build()).ok).toBe(true);
      const catalog = space.catalog();
      const compiled = compileContent(sources, { timeZone: "UTC", author: SETTINGS.author });
      if (!compiled.ok) throw new Error(JSON.stringify(compiled.problems));
      const site = siteOn("https://request.example");
      const chosen = [catalog.site, catalog.find("tags", "common"), catalog.find("tags", "t1"), catalog.find("tags", "rare")] as ScopeRef[];
      for (const scope of chosen) {
        const { size } = newestBucket(scope.count);
        for (const format of FORMATS) {
          for (const limit of [...new Set([1, size, size + 1, BUCKET, BUCKET + 1, 2 * BUCKET + size, WINDOW])]) {
            const { assets, reads } = space.assets();
            const assembled = decoder.decode((await feedDocument(contextOn(catalog, assets, site), scope, format, limit).body()) as Uint8Array);
            const reference = renderFeed(selectArticles(selectable(compiled.index), scope, limit), site, format, limit, archivePageCount(scope.count, SETTINGS.pageSize));
            expect([scope.id, format, limit, assembled === reference]).toEqual([scope.id, format, limit, true]);
            expect(reads.length).toBe(bucketRuns(Math.min(limit, scope.count), scope.count).length);
            expect(reads.length).toBeLessThanOrEqual(SLOTS);
          }
          // Filters keep articles in every bucket of the window, some a bucket's first (which has no separator before it), some not.
          for (const search of ["filter_title=Article 1", "filterout_title=Article 1", "filter_title=7|20|40|60|80|100|120|140|160|180|200", "filter_title=nothing"]) {
            const { assets, reads } = space.assets();
            const query = { limit: WINDOW, filters: filters(search) };
            const body = decoder.decode((await (await filteredFeedDocument(contextOn(catalog, assets, site, Date.UTC(2030, 0, 1)), scope, format, query)).body()) as Uint8Array);
            const window = selectArticles(selectable(compiled.index), scope, WINDOW).articles;
            const expected = window.filter((a) => matchesFilters(query.filters, a, a.authors.length > 0 ? a.authors : [SETTINGS.author], Date.UTC(2030, 0, 1)));
            const reference = renderFeed({ scope, articles: expected }, site, format, WINDOW, archivePageCount(scope.count, SETTINGS.pageSize), {
              query: canonicalQuery(query),
              titleAddition: filterSuffix(query.filters, site),
              ...(expected.length === 0 ? { updated: lastUpdated(window) } : {}),
            });
            expect([scope.id, format, search, body === reference]).toEqual([scope.id, format, search, true]);
            // The metadata, the newest bucket (head and tail), and the buckets the articles that pass are in.
            expect(reads.length).toBeLessThanOrEqual(1 + SLOTS);
          }
        }
      }
    },
    120_000,
  );
});

describe("raw HTML settings reach what is served (issue 11)", () => {
  it("the page record holds the sandboxed player and lazy images, the feeds a link; UPGRADE_IMAGE_HOSTS rebuilds everything it changes", async () => {
    const space = workspace();
    const body = `<iframe src="https://www.youtube.com/embed/x" title="Talk"></iframe>\n\n![a](http://img.example/a.png) <img src="http://img.example/b.png">`;
    space.write([{ file: "p.md", source: articleSource({ title: "Player", date: "2024-01-01T00:00:00Z", slug: "p" }, body) }]);
    const site = siteOn("https://feeds.example");
    const served = async () => {
      const catalog = space.catalog();
      const { assets } = space.assets();
      const page = await readPage(assets, 0, catalog.count, catalog.settings.pageSize);
      const rss = decoder.decode((await feedDocument(contextOn(catalog, assets, site), catalog.site, "rss", 20).body()) as Uint8Array);
      const content = /<content:encoded><!\[CDATA\[([\s\S]*?)\]\]><\/content:encoded>/.exec(rss)?.[1];
      return { page: page.html, content };
    };
    expect((await space.build()).ok).toBe(true);
    const plain = await served();
    expect(plain.page).toBe(
      `<iframe src="https://www.youtube.com/embed/x" title="Talk" sandbox="allow-scripts allow-same-origin allow-presentation allow-popups allow-popups-to-escape-sandbox" allowfullscreen loading="lazy" referrerpolicy="strict-origin-when-cross-origin"></iframe>\n` +
        `<p><img src="http://img.example/a.png" alt="a" loading="lazy" /> <img src="http://img.example/b.png" loading="lazy" /></p>\n`,
    );
    expect(plain.content).toBe(
      `<a href="https://www.youtube.com/embed/x">Talk</a>\n<p><img src="http://img.example/a.png" alt="a" /> <img src="http://img.example/b.png" /></p>\n`,
    );
    expect(await space.build({ ...SETTINGS, upgradeImageHosts: ["img.example"] })).toMatchObject({ ok: true, chunksBuilt: 1 });
    const upgraded = await served();
    expect(upgraded.page).toBe(plain.page.replaceAll("http://img.example/", "https://img.example/"));
    expect(upgraded.content).toBe(plain.content?.replaceAll("http://img.example/", "https://img.example/"));
  });
});

describe("dates before 1970", () => {
  it("the catalog's newest date is the newest article's, not the epoch", async () => {
    const space = workspace();
    space.write([{ file: "moon.md", source: articleSource({ title: "Moon", date: "1969-07-20T20:17:40Z", updated: "1969-07-21T02:56:15Z" }, "Text.") }]);
    expect((await space.build()).ok).toBe(true);
    expect(space.catalog().data.newest).toBe("1969-07-21T02:56:15.000Z");
  });
});

describe("the kinds' lists (/tags.json), made at build time (issue 20)", () => {
  it("are what listing every term at request time made, 1,000 terms a page, pages linked, past the last none; one read", async () => {
    const space = workspace();
    // 1,001 tags: a page of 1,000 and a page of one (the least used, then by name).
    const many = Array.from({ length: 1001 }, (_, i) => `t${i}`);
    space.write([
      ...corpus(2),
      { file: "posts/many.md", source: articleSource({ title: "Many", date: "2020-06-01T00:00:00Z", slug: "many", tags: [...many, "common"] }, "Body.") },
    ]);
    expect((await space.build()).ok).toBe(true);
    const catalog = space.catalog();
    const site = siteOn("https://request.example");
    const expected = listTerms(listings(catalog).tags, "tags", site.origin);
    const pages: unknown[] = [];
    for (const n of [1, 2]) {
      const { assets, reads } = space.assets();
      const rep = termList(contextOn(catalog, assets, site), "tags", n);
      if (rep === undefined) throw new Error(`no page ${n}`);
      const body = await rep.body();
      pages.push(...(JSON.parse(typeof body === "string" ? body : decoder.decode(body)) as unknown[]));
      expect(reads).toEqual([termListFile("tags", n)]);
      expect(rep.headers).toEqual({ Link: n === 1 ? '<https://request.example/tags.json?page=2>; rel="next"' : '<https://request.example/tags.json>; rel="prev"' });
    }
    expect(pages).toEqual(expected);
    expect(expected.length).toBeGreaterThan(1000);
    expect(termList(contextOn(catalog, space.assets().assets, site), "tags", 3)).toBeUndefined();
  }, 60_000);
});
