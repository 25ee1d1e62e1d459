/**
 * Issue 22, publishing on schedule, in the build: the fields in every front-matter
 * dialect, the build error for an expiry not after the publish time, `FUTURE_ARTICLES`,
 * which articles are live when, and the versions a build lays out for later moments.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileContent, readHeader, type SourceFile } from "../../src/build/compile.ts";
import { listFiles } from "../../src/build/files.ts";
import { isLive, momentsAfter, orderTime } from "../../src/build/publish-window.ts";
import { buildOnSchedule, MAX_MOMENTS } from "../../src/build/schedule.ts";
import { readSettings } from "../../src/build/settings.ts";
import { decodeEpochIndex, epochAt, type ScheduleData } from "../../src/content/schedule-format.ts";
import { siteSettings } from "../../src/settings.ts";
import { SETTINGS, workspace } from "../fixtures/built.ts";

const UTC = { timeZone: "UTC" };
const NOW = Date.UTC(2026, 11, 1);
const LIVE = "2099-01-01T00:00:00.000Z";
const GONE = "2099-02-01T00:00:00.000Z";

const yaml = (lines: string) => `---\ntitle: T\n${lines}\n---\nBody.\n`;
const toml = (lines: string) => `+++\ntitle = "T"\n${lines}\n+++\nBody.\n`;
const json = (fields: string) => `{"title": "T", ${fields}}\nBody.\n`;

describe("the fields, in YAML, TOML and JSON front matter", () => {
  it.each([
    {
      name: "YAML publishDate and expiryDate",
      source: yaml("date: 2024-01-02\npublishDate: 2099-01-01T00:00:00Z\nexpiryDate: 2099-02-01T00:00:00Z"),
      publish: LIVE,
      expires: GONE,
    },
    { name: "YAML expires", source: yaml("date: 2099-01-01T08:00:00+08:00\nexpires: 2099-02-01"), publish: undefined, expires: GONE },
    { name: "YAML publishDate alone is the date too", source: yaml("publishDate: 2099-01-01"), publish: undefined, expires: undefined },
    { name: "YAML publishdate, any case", source: yaml("date: 2024-01-02\nPUBLISHDATE: 2099-01-01"), publish: LIVE, expires: undefined },
    { name: "TOML date-times", source: toml("date = 2024-01-02T00:00:00Z\npublishDate = 2099-01-01T00:00:00Z\nexpiryDate = 2099-02-01T00:00:00Z"), publish: LIVE, expires: GONE },
    { name: "TOML strings", source: toml('date = "2024-01-02"\nexpires = "2099-02-01"'), publish: undefined, expires: GONE },
    { name: "JSON", source: json('"date": "2024-01-02", "publishDate": "2099-01-01T00:00:00Z", "expiryDate": "2099-02-01"'), publish: LIVE, expires: GONE },
  ])("$name", ({ source, publish, expires }) => {
    const read = readHeader({ file: "a.md", source }, UTC);
    if (!read.ok) throw new Error(JSON.stringify(read.problems));
    expect([read.header.publish, read.header.expires]).toEqual([publish, expires]);
  });

  it("the date shown is date, else publishDate; the publish time is publishDate, else date", () => {
    const both = readHeader({ file: "a.md", source: yaml("date: 2024-01-02\npublishDate: 2099-01-01") }, UTC);
    const only = readHeader({ file: "a.md", source: yaml("publishDate: 2099-01-01") }, UTC);
    expect(both.ok && [both.header.published, orderTime(both.header)]).toEqual(["2024-01-02T00:00:00.000Z", LIVE]);
    // Placed by its publish time, even when that is before its date.
    const early = readHeader({ file: "a.md", source: yaml("date: 2024-01-02\npublishDate: 2023-01-01") }, UTC);
    expect(early.ok && [early.header.published, orderTime(early.header)]).toEqual(["2024-01-02T00:00:00.000Z", "2023-01-01T00:00:00.000Z"]);
    expect(only.ok && [only.header.published, orderTime(only.header)]).toEqual([LIVE, LIVE]);
  });
});

describe("build errors", () => {
  it("an expiry not after the publish time names the file and the field, with every other problem at once", () => {
    const result = compileContent(
      [
        { file: "a.md", source: yaml("date: 2024-01-02\nexpiryDate: 2024-01-01") },
        { file: "b.md", source: yaml("date: 2024-01-02\npublishDate: 2099-01-01\nexpires: 2099-01-01") },
        { file: "c.md", source: yaml("date: next tuesday") },
        { file: "d.md", source: yaml("date: 2024-01-02\nexpiryDate: soon") },
      ],
      UTC,
    );
    expect(result.ok ? [] : result.problems).toEqual([
      { file: "a.md", field: "expiryDate", message: "2024-01-01T00:00:00.000Z is not after the article's publish time 2024-01-02T00:00:00.000Z: it would never be shown" },
      { file: "b.md", field: "expires", message: "2099-01-01T00:00:00.000Z is not after the article's publish time 2099-01-01T00:00:00.000Z: it would never be shown" },
      { file: "c.md", field: "date", message: expect.stringContaining('"next tuesday" is not a date') },
      { file: "d.md", field: "expirydate", message: expect.stringContaining('"soon" is not a date') },
    ]);
  });
});

describe("FUTURE_ARTICLES", () => {
  const root = join(import.meta.dirname, "../..");
  it.each([
    { env: {}, future: "schedule" },
    { env: { FUTURE_ARTICLES: "publish" }, future: "publish" },
    { env: { FUTURE_ARTICLES: " Schedule " }, future: "schedule" },
  ])("$env: $future", ({ env, future }) => {
    const read = readSettings(root, env);
    expect(read.ok && read.settings.future).toBe(future);
  });

  it("anything else is a build error naming the setting", () => {
    const read = readSettings(root, { FUTURE_ARTICLES: "later" });
    expect(read.ok ? [] : read.problems).toEqual([`FUTURE_ARTICLES: "later" is neither "schedule" nor "publish"`]);
  });

  it("defaults to schedule", () => {
    expect(siteSettings({}).future).toBe("schedule");
  });
});

describe("which articles are live when", () => {
  const header = (fields: { published: string; publish?: string; expires?: string }) => fields;
  it.each([
    { h: header({ published: "2024-01-01T00:00:00.000Z" }), at: NOW, future: "schedule", live: true },
    { h: header({ published: LIVE }), at: NOW, future: "schedule", live: false },
    { h: header({ published: LIVE }), at: NOW, future: "publish", live: true },
    { h: header({ published: LIVE }), at: Date.parse(LIVE), future: "schedule", live: true },
    { h: header({ published: "2024-01-01T00:00:00.000Z", publish: LIVE }), at: Date.parse(LIVE) - 1, future: "schedule", live: false },
    { h: header({ published: "2024-01-01T00:00:00.000Z", expires: GONE }), at: Date.parse(GONE) - 1, future: "schedule", live: true },
    { h: header({ published: "2024-01-01T00:00:00.000Z", expires: GONE }), at: Date.parse(GONE), future: "schedule", live: false },
    { h: header({ published: "2024-01-01T00:00:00.000Z", expires: GONE }), at: Date.parse(GONE), future: "publish", live: false },
  ] as const)("$h at $at ($future): $live", ({ h, at, future, live }) => {
    expect(isLive(h, { at, future })).toBe(live);
  });

  it("the moments after a time: publish times (when scheduling) and expiries, once each, ascending; drafts and the past left out", () => {
    const headers = [
      { published: LIVE, expires: GONE, draft: false },
      { published: "2024-01-01T00:00:00.000Z", publish: LIVE, draft: false },
      { published: "2024-01-01T00:00:00.000Z", expires: "2025-01-01T00:00:00.000Z", draft: false },
      { published: "2098-01-01T00:00:00.000Z", draft: true },
    ].map((header) => ({ header: { slug: "s", ...header } as never }));
    expect(momentsAfter(headers, { at: NOW, future: "schedule" })).toEqual([Date.parse(LIVE), Date.parse(GONE)]);
    expect(momentsAfter(headers, { at: NOW, future: "publish" })).toEqual([Date.parse(GONE)]);
  });

  it("an article past its publish time at build time is simply published; a future one is not, until then", () => {
    const sources: SourceFile[] = [
      { file: "past.md", source: yaml("date: 2020-01-01\npublishDate: 2025-01-01\nslug: past") },
      { file: "future.md", source: yaml("date: 2020-01-01\npublishDate: 2099-01-01\nslug: future") },
    ];
    const slugs = (at: number, future: "schedule" | "publish" = "schedule") => {
      const result = compileContent(sources, { ...UTC, visibility: { at, future } });
      return result.ok ? result.index.articles.map((a) => a.slug) : [];
    };
    expect(slugs(NOW)).toEqual(["past"]);
    expect(slugs(NOW, "publish")).toEqual(["future", "past"]);
    // Live, it is the newest: it joins the subscription document, not an old archive page.
    expect(slugs(Date.parse(LIVE))).toEqual(["future", "past"]);
  });

  it("epochAt: the version current at a time", () => {
    expect([0, 9, 10, 11, 19, 20, 99].map((t) => epochAt([10, 20], t))).toEqual([0, 0, 1, 1, 1, 2, 2]);
  });
});

describe("a build with a schedule", () => {
  const article = (slug: string, lines: string) => ({ file: `${slug}.md`, source: `---\ntitle: Title of ${slug}\nslug: ${slug}\ntags: [t]\n${lines}\n---\nText of ${slug}.\n` });

  it("lays out a version per later moment, stores only what differs from the build's own, and names no scheduled article outside the store", async () => {
    const ws = workspace();
    ws.write([
      article("old-one", "date: 2024-01-01"),
      article("old-two", "date: 2024-02-01"),
      article("leaving", "date: 2024-03-01\nexpiryDate: 2099-02-01T00:00:00Z"),
      article("secret-launch", "date: 2024-04-01\npublishDate: 2099-01-01T00:00:00Z"),
    ]);
    const result = await buildOnSchedule(ws.paths, SETTINGS, {}, NOW);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.moments).toEqual([Date.parse(LIVE), Date.parse(GONE)]);
    expect(result.expiries).toEqual([Date.parse(GONE)]);
    const schedule = JSON.parse(readFileSync(join(ws.paths.outDir, "schedule.json.txt"), "utf8")) as ScheduleData;
    expect(schedule.moments).toEqual(result.moments);
    const files = listFiles(ws.paths.assetsDir);
    const stored = files.filter((f) => f.startsWith("_c/x/"));
    expect(result.summary).toContain(`2 later versions (issue 22): ${stored.length} more asset files under _c/x/`);
    const text = (file: string) => readFileSync(join(ws.paths.assetsDir, file), "latin1");
    // Fewer stored files than a whole copy per version (2 versions): only what differs, each once.
    expect(stored.length).toBeLessThan(2 * (files.length - stored.length));
    expect(new Set(stored.map(text)).size).toBe(stored.length);
    for (const file of files.filter((f) => !f.startsWith("_c/x/"))) expect([file, text(file).includes("secret-launch")]).toEqual([file, false]);
    for (const module of ["catalog.json.txt", "schedule.json.txt"]) expect(readFileSync(join(ws.paths.outDir, module), "utf8")).not.toContain("secret");
    // Version 1 has it (its own catalog counts 4 articles); version 2 has lost "leaving".
    const version = (k: number) => decodeEpochIndex(new Uint8Array(readFileSync(join(ws.paths.assetsDir, "_c/x", schedule.epochs[k - 1] as string))));
    expect(JSON.parse(version(1).catalogText).count).toBe(4);
    expect(JSON.parse(version(2).catalogText).count).toBe(3);
    expect(ws.catalog().count).toBe(3);
    expect(stored.some((f) => text(f).includes("Title of secret-launch"))).toBe(true);
    // Built again: the same store, nothing removed; without time-bounded articles: no store at all.
    const again = await buildOnSchedule(ws.paths, SETTINGS, {}, NOW);
    expect(again.ok && again.summary).toContain("0 stale files removed");
    expect(listFiles(ws.paths.assetsDir).filter((f) => f.startsWith("_c/x/"))).toEqual(stored);
    ws.write([article("leaving", "date: 2024-03-01"), article("secret-launch", "date: 2024-04-01")]);
    const plain = await buildOnSchedule(ws.paths, SETTINGS, {}, NOW);
    expect(plain.ok && plain.moments).toEqual([]);
    expect(listFiles(ws.paths.assetsDir).filter((f) => f.startsWith("_c/x/"))).toEqual([]);
    expect(JSON.parse(readFileSync(join(ws.paths.outDir, "schedule.json.txt"), "utf8"))).toEqual({ moments: [], epochs: [], expiries: [] });
  });

  it(`more than ${MAX_MOMENTS} moments is a build error that says why`, async () => {
    const ws = workspace();
    ws.write(
      Array.from({ length: MAX_MOMENTS + 1 }, (_, i) =>
        article(`a${i}`, `date: 2099-01-01T00:00:00Z\nexpires: 2099-01-02T00:${String(Math.floor(i / 60)).padStart(2, "0")}:${String(i % 60).padStart(2, "0")}Z`),
      ),
    );
    const result = await buildOnSchedule(ws.paths, SETTINGS, {}, NOW);
    expect(result.ok ? [] : result.problems).toEqual([
      {
        file: "content/",
        field: "publishDate",
        message: `${MAX_MOMENTS + 2} times after this build at which an article goes live or expires: at most ${MAX_MOMENTS} (each is a version of the content; README "Publishing on schedule")`,
      },
    ]);
  });
});
