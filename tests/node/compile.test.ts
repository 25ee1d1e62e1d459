/**
 * Issue 2: the content compiler, called as a pure function and as the CLI wrangler runs.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileContent, readHeader, readSourceHeader, type SourceFile } from "../../src/build/compile.ts";
import { parseTimestamp } from "../../src/build/dates.ts";
import { resolveUrl } from "../../src/build/markdown.ts";
import { PLACEHOLDERS } from "../../src/content/placeholders.ts";
import { truncateText } from "../../src/text.ts";

const ORIGIN_PLACEHOLDER = PLACEHOLDERS.origin;

import type { Article } from "../../src/types.ts";
import { articleSource, hostileText } from "../fixtures/articles.ts";

const SHANGHAI = { timeZone: "Asia/Shanghai" };

/** A valid article source; override front-matter lines or the body. */
function article(fields: Record<string, string> = {}, body = "Body text.", file = "post.md"): SourceFile {
  const front = { title: "A title", date: "2024-01-02 03:04:05", ...fields };
  const yaml = Object.entries(front)
    .map(([k, v]) => `${k}: ${v}`)
    .join("\n");
  return { file, source: `---\n${yaml}\n---\n${body}\n` };
}

function compileOk(sources: SourceFile[]) {
  const result = compileContent(sources, SHANGHAI);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.index;
}

describe("timestamps", () => {
  it.each([
    ["2022-05-24 01:21:51.031874", "Asia/Shanghai", "2022-05-23T17:21:51.031Z"],
    ["2022-05-24 01:21:51", "UTC", "2022-05-24T01:21:51.000Z"],
    ["2022-05-24", "Asia/Shanghai", "2022-05-23T16:00:00.000Z"],
    ["2024-03-01T09:30:00+08:00", "UTC", "2024-03-01T01:30:00.000Z"],
    ["2023-07-15T12:00:00Z", "Asia/Shanghai", "2023-07-15T12:00:00.000Z"],
    ["2023-07-15 12:00:00 -05:00", "Asia/Shanghai", "2023-07-15T17:00:00.000Z"],
    // America/New_York: EST in January, EDT in July.
    ["2024-01-15 12:00:00", "America/New_York", "2024-01-15T17:00:00.000Z"],
    ["2024-07-15 12:00:00", "America/New_York", "2024-07-15T16:00:00.000Z"],
  ])("%s in %s is %s", (text, zone, iso) => {
    expect(parseTimestamp(text, zone)?.toISOString()).toBe(iso);
  });

  it.each(["next tuesday", "2023-02-30", "2024-13-01", "2024-01-01 25:00:00", "", "2024-01-01T10:00:00+99:99x"])("%j is not a date", (text) =>
    expect(parseTimestamp(text, "UTC")).toBeUndefined(),
  );
});

describe("the seed article", () => {
  const seed = readFileSync(join(import.meta.dirname, "../../content/000_ff113f4654e3e3fe.md"), "utf8");
  const [a] = compileOk([{ file: "000_ff113f4654e3e3fe.md", source: seed }]).articles;

  it("ships unchanged in content/", () => {
    expect(seed).toBe(readFileSync("/work/shared/seeds/000_ff113f4654e3e3fe.txt", "utf8"));
  });

  it("keeps its date in the site's zone, slug, tags and categories", () => {
    expect(a?.published).toBe("2022-05-23T17:21:51.031Z");
    expect(a?.updated).toBe("2022-05-23T17:21:51.031Z");
    expect(a?.slug).toBe("a73b2dddb8d46bb4670cb0a29fd9a8be");
    expect(a?.path).toBe("/posts/a73b2dddb8d46bb4670cb0a29fd9a8be/");
    expect(a?.tags).toEqual(["南开大学"]);
    expect(a?.categories).toEqual(["nankai.info", "南开大学"]);
  });

  it("summarises up to <!--more--> and renders the whole body without the mark", () => {
    expect(a?.summary.startsWith("南开新闻网讯 （记者 付坤 摄影报道）5月19日，南开大学-")).toBe(true);
    expect(a?.summary.endsWith("南开大学副校长王新生、华为天津代表处总裁曹克乾出席并致辞。南开")).toBe(true);
    expect(a?.html).not.toContain("more");
    expect(a?.html).toContain("<strong>南开新闻网讯</strong>");
    expect(a?.html).toContain('<a href="http://news.nankai.edu.cn/ywsd/system/2022/05/20/030051382.shtml">转入文章首发地址</a>');
    expect(a?.image).toBe("http://news.nankai.edu.cn/ywsd/system/2022/05/20/g");
  });
});

describe("articles", () => {
  it.each([
    [{ slug: "from-slug", urlname: "from-urlname" }, "from-slug"],
    [{ urlname: "from-urlname" }, "from-urlname"],
    [{}, "my-file"],
  ])("%j gives the slug %s", (fields, slug) => {
    expect(compileOk([article(fields, "x", "dir/my-file.md")]).articles[0]?.slug).toBe(slug);
  });

  it.each([
    ["tags: one", ["one"]],
    ["tags: [a, B, b, 2024]", ["a", "B", "2024"]],
    ["tags: [Cloudflare Workers, open source]", ["Cloudflare Workers", "open source"]],
    ["tags: []", []],
  ])("%s gives the tags %j (duplicates by case dropped)", (line, tags) => {
    const value = line.slice("tags: ".length);
    expect(compileOk([article({ tags: value })]).articles[0]?.tags).toEqual(tags);
  });

  it("leaves drafts out, and ignores unknown fields", () => {
    const index = compileOk([article({ draft: "true", slug: "d" }), article({ authorbox: "false", sidebar: "false", slug: "p" }, "x", "p.md")]);
    expect(index.articles.map((a) => a.slug)).toEqual(["p"]);
  });

  it("sorts newest first, equal dates by slug, and indexes terms case-insensitively", () => {
    const index = compileOk([
      article({ slug: "b", date: "2024-01-01", tags: "[Rust]" }, "x", "b.md"),
      article({ slug: "a", date: "2024-01-01", tags: "[rust]" }, "x", "a.md"),
      article({ slug: "c", date: "2025-01-01", tags: "[RUST, go]" }, "x", "c.md"),
    ]);
    expect(index.articles.map((a) => a.slug)).toEqual(["c", "a", "b"]);
    expect(index.tags.rust).toEqual({ name: "RUST", articles: [0, 1, 2] });
    expect(index.tags.go).toEqual({ name: "go", articles: [0] });
  });

  it("uses description, then summary, then the text before <!--more-->, then a cut first paragraph", () => {
    const long = "长".repeat(500);
    const [d, s, m, p] = [
      article({ description: "From description", summary: "From summary", slug: "d" }, "Body", "d.md"),
      article({ summary: "From summary", slug: "s" }, "Body", "s.md"),
      article({ slug: "m" }, "Before *the* mark.\n<!--more-->\nAfter.", "m.md"),
      article({ slug: "p" }, `![img](a.png)\n\n${long}\n\nSecond paragraph.`, "p.md"),
    ].map((src) => compileOk([src]).articles[0]?.summary);
    expect([d, s, m]).toEqual(["From description", "From summary", "Before the mark."]);
    expect(p).toBe(`${"长".repeat(200)}…`);
  });

  it("resolves relative links and images against the permalink", () => {
    const body = "![a](images/a.png) [up](../other/) [root](/about/) [abs](https://x.example/y) [frag](#top) ![p](//cdn.example/i.png)";
    const [a] = compileOk([article({ slug: "here" }, body)]).articles;
    const urls = [...(a?.html ?? "").matchAll(/(?:href|src)="([^"]*)"/g)].map((m) => m[1]);
    expect(urls).toEqual(["/posts/here/images/a.png", "/posts/other/", "/about/", "https://x.example/y", "/posts/here/#top", "https://cdn.example/i.png"]);
    expect(a?.image).toBe("/posts/here/images/a.png");
  });

  it("sanitises raw HTML (issue 11: it was shown as text) and strips characters XML forbids", () => {
    const [a] = compileOk([article({ title: '"A\\u0001 <b>title</b>"' }, "<script>alert(1)</script>\n\nText \u0000 & ]]> <b>bold</b>")]).articles;
    expect(a?.title).toBe("A <b>title</b>");
    expect(a?.html).toBe("\n<p>Text  &amp; ]]&gt; <b>bold</b></p>\n");
  });

  it("keeps an http(s) source and rejects anything else", () => {
    expect(compileOk([article({ source: "https://news.example/a" })]).articles[0]?.source).toBe("https://news.example/a");
    const bad = compileContent([article({ source: "javascript:alert(1)" })], SHANGHAI);
    expect(bad.ok ? [] : bad.problems).toEqual([{ file: "post.md", field: "source", message: "must be an absolute http(s) URL" }]);
  });

  it("gives each slug a stable id", () => {
    const [a] = compileOk([article({ slug: "hello-world" })]).articles;
    // UUID v5 (RFC 9562), cross-checked with Python's uuid.uuid5(namespace, "hello-world").
    expect(a?.id).toBe("urn:uuid:671053cf-2cd0-585c-9c9e-948f31e65ab2");
    expect(compileOk([article({ slug: "hello-world", title: "Renamed", tags: "[new]" })]).articles[0]?.id).toBe(a?.id);
  });
});

describe("front matter: text is kept as written (issue 11)", () => {
  /** The article's fields after compiling `lines` of front matter (title and date added when missing). */
  function fields(lines: string) {
    const front = `${/^title:/m.test(lines) ? "" : "title: T\n"}${/^date:/m.test(lines) ? "" : "date: 2024-01-02\n"}${lines}`;
    const result = compileContent([{ file: "p.md", source: `---\n${front}\n---\nBody.\n` }], SHANGHAI);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    return result.index.articles[0];
  }

  /** Scalars YAML's core schema reads as numbers or booleans, as a text field holds them. */
  const SCALARS = ["1984", "0123", "1e5", "1905925734e539172711194675880473", "2022", "true", "False", "0x1F", "-.5", ".inf", "1_000", "12:30"];
  const FIELDS = [
    { field: "title", read: (a: Article | undefined) => a?.title },
    { field: "slug", read: (a: Article | undefined) => a?.slug },
    { field: "urlname", read: (a: Article | undefined) => a?.slug },
    { field: "author", read: (a: Article | undefined) => a?.authors[0] },
    { field: "description", read: (a: Article | undefined) => a?.summary },
    { field: "summary", read: (a: Article | undefined) => a?.summary },
    { field: "image", read: (a: Article | undefined) => a?.image?.replace("/posts/p/", "") },
  ];
  const CASES = FIELDS.flatMap(({ field, read }) =>
    SCALARS.flatMap((text) => [
      { field, written: text, read, text },
      { field, written: JSON.stringify(text), read, text },
    ]),
  );

  it.each(CASES)("$field: $written is the text $text", ({ field, written, read, text }) => {
    // The image is resolved against the permalink: give the article a slug of its own.
    const slug = field === "slug" || field === "urlname" ? "" : "\nslug: p";
    expect(read(fields(`${field}: ${written}${slug}`))).toBe(text);
  });

  it.each(SCALARS.flatMap((text) => [text, JSON.stringify(text)]))("tags and categories: - %s is the name it spells", (written) => {
    const a = fields(`tags:\n- ${written}\n- other\ncategories:\n- ${written}`);
    const text = written.replace(/^"|"$/g, "");
    expect([a?.tags, a?.categories]).toEqual([[text, "other"], [text]]);
  });

  it.each([
    ["http://example.org/2022", "http://example.org/2022"],
    ['"https://example.org/a?b=1"', "https://example.org/a?b=1"],
  ])("source: %s", (written, url) => expect(fields(`source: ${written}`)?.source).toBe(url));

  it.each([
    ["true", true],
    ["True", true],
    ["TRUE", true],
    ['"true"', true],
    ["false", false],
    ["'False'", false],
  ])("draft: %s is %s (quoted too, as Hugo reads it)", (written, draft) => {
    const result = compileContent([article({ draft: written })], SHANGHAI);
    expect(result.ok && result.index.articles.length === 0).toBe(draft);
  });

  it.each([
    ["title: ~", "title: has no value (YAML null)"],
    ["title: null", "title: has no value (YAML null)"],
    ["author:", "author: has no value (YAML null)"],
    ["slug: ~", "slug: has no value (YAML null)"],
    ["description: NULL", "description: has no value (YAML null)"],
    ["tags:", "tags: has no value (YAML null)"],
    ["tags:\n- a\n-\n- b", "tags.1: is an empty list entry"],
    ["categories:\n- ~", "categories.0: is an empty list entry"],
    ["tags: [a, null]", "tags.1: is an empty list entry"],
    ["author: {url: https://jane.example}", "author: must be a name, a mapping with a name, or a list of them"],
    ["authors: [Jane, {url: https://jane.example}]", "authors: must be a name, a mapping with a name, or a list of them"],
    ["title:\n  en: A\n  zh: B", "title: must be text, not a mapping"],
    ["image: [a.png, b.png]", "image: must be text, not a list"],
    ["tags: [a, {b: c}]", "tags.1: must be a name, not a mapping"],
    ["categories: {a: b}", "categories: must be a name or a list of names"],
    ["draft: yes", "draft: must be true or false"],
    ["draft: ~", "draft: must be true or false"],
  ])("%s is an error: %s", (lines, problem) => {
    const source = `---\n${lines.startsWith("title:") ? "" : "title: T\n"}date: 2024-01-02\n${lines}\n---\nBody.\n`;
    const result = compileContent([{ file: "p.md", source }], SHANGHAI);
    expect(result.ok ? [] : result.problems.map((p) => `${p.file}: ${p.field}: ${p.message}`)).toEqual([`p.md: ${problem}`]);
  });

  it.each([
    ['title: "~"', "~"],
    ["title: 'null'", "null"],
    ["tags:\n- '~'\n- \"\"", ["~"]],
  ])("quoted, %s is text", (line, value) => {
    const a = fields(line);
    expect(line.startsWith("tags") ? a?.tags : a?.title).toEqual(value);
  });

  it("explicit tags are checked by YAML and kept as text", () => {
    expect(fields("title: !!int 0123\nslug: !!float 1e5\nauthor: !!bool True")).toMatchObject({ title: "0123", slug: "1e5", authors: ["True"] });
    const bad = compileContent([article({ title: "!!int abc" })], SHANGHAI);
    expect(bad.ok ? [] : bad.problems.map((p) => p.field)).toEqual(["front matter"]);
  });
});

describe("summaries are cut on character boundaries", () => {
  it.each([
    ["南开大学", 2, "南开…"],
    ["short", 10, "short"],
    ["🚀🚀🚀", 2, "🚀🚀…"],
    ["e\u0301e\u0301e\u0301", 2, "e\u0301e\u0301…"],
    ["one two three four five six seven eight nine ten", 40, "one two three four five six seven eight…"],
  ])("truncateText(%j, %i) is %j", (text, max, out) => expect(truncateText(text, max)).toBe(out));

  it.each(["", "#x", "https://a.example/b", "mailto:x@y.example"])("resolveUrl leaves %j resolvable", (url) => {
    expect(typeof resolveUrl(url, "/posts/a/")).toBe("string");
  });
});

describe("the build reads front matter from the start of each source", () => {
  // Front matter short or long (past the 4,096 bytes decoded first), bodies with what cleaning removes and the origin placeholder, here or there.
  const value = fc.oneof(hostileText, fc.constantFrom("南开大学".repeat(400), "x".repeat(4090), ORIGIN_PLACEHOLDER, "---", "\n---\n"));
  const body = fc
    .array(fc.oneof(hostileText, fc.constantFrom("南开".repeat(3000), ORIGIN_PLACEHOLDER, "https://edge-feeds\u0001-origin.invalid", "\uE000", "\n---\n", "\r\n")), {
      maxLength: 5,
    })
    .map((parts) => parts.join(""));
  const source = fc.oneof(
    fc
      .record({ title: value, description: value, tags: fc.array(value, { maxLength: 3 }), body })
      .map(({ body, ...fm }) => articleSource({ ...fm, date: "2024-01-02T03:04:05Z" }, body)),
    fc.tuple(fc.constantFrom("", "\uFEFF", "---", "---\n", "---yaml\ntitle: x\n"), fc.nat(5000), body).map(([start, pad, rest]) => `${start}${"#".repeat(pad)}\n---\r\n${rest}`),
    // Valid front matter closing right where the first 4,096 bytes end, followed by any line break.
    fc.tuple(fc.integer({ min: -6, max: 6 }), fc.constantFrom("", "\n", "\r", "\r\n", "\r\r\n"), body).map(([delta, lineBreak, rest]) => {
      const start = "---\ntitle: T\ndate: 2024-01-02T03:04:05Z\n# ";
      return `${start}${"x".repeat(4096 - start.length - 4 + delta)}\n---${lineBreak}${"南开".repeat(1000)}${rest}`;
    }),
  );

  it("the same header, or the same problems, as reading the whole text (property)", () => {
    fc.assert(
      fc.property(source, fc.integer({ min: 0, max: 8 }), (text, extra) => {
        const bytes = Buffer.from(text + "\n".repeat(extra));
        expect(readSourceHeader("a.md", bytes, SHANGHAI)).toEqual(readHeader({ file: "a.md", source: bytes.toString("utf8") }, SHANGHAI));
      }),
      { numRuns: 500 },
    );
  });

  it("a long source with the origin placeholder in its body, or a character cleaning removes near it, is refused like any other", () => {
    const long = (body: string) => Buffer.from(article({}, `${"南开".repeat(2000)}${body}`).source);
    const refused = readSourceHeader("a.md", long(ORIGIN_PLACEHOLDER), SHANGHAI);
    expect(refused).toEqual({ ok: false, problems: [{ file: "a.md", field: "body", message: expect.stringContaining(ORIGIN_PLACEHOLDER) }] });
    expect(readSourceHeader("a.md", long("https://edge-feeds\u0001-origin.invalid"), SHANGHAI)).toEqual(refused);
    expect(readSourceHeader("a.md", long("https://edge-feeds-origin.invali"), SHANGHAI).ok).toBe(true);
  });
});

describe("bad articles fail the build with every problem", () => {
  const fixtures = join(import.meta.dirname, "../fixtures/broken");
  const files = readdirSync(fixtures).sort();
  const result = compileContent(
    files.map((file) => ({ file, source: readFileSync(join(fixtures, file), "utf8") })),
    SHANGHAI,
  );

  it("lists each problem with file and field", () => {
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems.map((p) => `${p.file} ${p.field}: ${p.message}`);
    expect(problems).toEqual([
      expect.stringMatching(/^bad-date\.md date: "next tuesday" is not a date/),
      "broken-yaml.md front matter: is not valid YAML (line 4): unexpected end of the stream within a double quoted scalar",
      'dup-two.md slug: "same-slug" is already used by dup-one.md',
      expect.stringMatching(/^impossible-date\.md date: "2023-02-30 12:00:00" is not a date/),
      "missing-title.md title: is required",
      "tags-wrong-type.md tags: must be a name or a list of names",
      "tags-wrong-type.md categories.1: must be a name, not a mapping",
      "two-problems.md title: must not be empty",
      "two-problems.md slug: must be one URL path segment: no spaces, '/', '?', '#', '\\' or '%'",
      "two-problems.md draft: must be true or false",
    ]);
  });

  it("the CLI prints them all, exits 1 and writes nothing", () => {
    const out = mkdtempSync(join(tmpdir(), "feeds-out-"));
    const assets = join(out, "assets");
    const run = spawnSync(process.execPath, ["src/build/cli.ts"], {
      env: { ...process.env, CONTENT_DIR: fixtures, OUT_DIR: out, ASSETS_DIR: assets },
      encoding: "utf8",
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("content build failed: 10 problem(s)");
    for (const file of files.filter((f) => !f.startsWith("dup-one"))) expect(run.stderr).toContain(`${file}: `);
    expect(readdirSync(out)).toEqual([]);
    expect(existsSync(assets)).toBe(false);
  });
});
