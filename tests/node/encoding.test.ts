/**
 * Issue 21: content files that are not UTF-8. What src/build/encoding.ts says of a file's
 * bytes (where decoding fails, which older encoding reads it cleanly, the command that
 * converts it), and what the build does with such files: it fails naming each, on
 * worker threads as inline, and the command it prints converts the file so that the
 * next build keeps its text. A UTF-8 byte order mark and CRLF line ends keep working.
 */
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { formatProblems } from "../../src/build/compile.ts";
import { decodeSource, encodingProblem, sourceText } from "../../src/build/encoding.ts";
import { readPage, readWindowMeta } from "../../src/content/store.ts";
import { workspace } from "../fixtures/built.ts";

const utf8 = (text: string) => new Uint8Array(Buffer.from(text, "utf8"));
const latin1 = (text: string) => new Uint8Array(Buffer.from(text, "latin1"));
/** 南开大学 in GB18030 (GB2312's two-byte codes). */
const NANKAI_GB = [0xc4, 0xcf, 0xbf, 0xaa, 0xb4, 0xf3, 0xd1, 0xa7];
const bytes = (...parts: (string | number[])[]) => new Uint8Array(parts.flatMap((part) => (typeof part === "string" ? [...Buffer.from(part, "latin1")] : part)));
const convert = (from: string, path: string) => `iconv -f ${from} -t UTF-8 ${path} > ${path}.utf8 && mv ${path}.utf8 ${path}`;

describe("a file's bytes", () => {
  it.each([
    ["UTF-8", utf8("---\ntitle: 南开 été\n---\nBody\n"), "---\ntitle: 南开 été\n---\nBody\n"],
    // Kept as `Buffer#toString` keeps it: gray-matter skips it, and the header's offsets count it.
    ["UTF-8 with a byte order mark", utf8("\uFEFF---\ntitle: x\n---\n"), "\uFEFF---\ntitle: x\n---\n"],
    ["CRLF line ends", utf8("---\r\ntitle: x\r\n---\r\nBody\r\n"), "---\r\ntitle: x\r\n---\r\nBody\r\n"],
    ["U+FFFD written as such", utf8("a\uFFFDb"), "a\uFFFDb"],
    ["empty", new Uint8Array(0), ""],
  ])("%s is text", (_name, given, text) => {
    expect(decodeSource("a.md", given)).toEqual({ ok: true, text });
    expect(encodingProblem("a.md", given)).toBeUndefined();
    expect(sourceText("a.md", given)).toBe(text);
  });

  it.each([
    [
      "Latin-1 (the red team's été)",
      latin1("---\ntitle: été\ndate: 2024-01-01\n---\nÇa va.\n"),
      `is not UTF-8: decoding fails at line 2, byte 12 of the file (0xE9). It reads cleanly as Latin-1 (ISO-8859-1), where that line reads "title: été": convert it with ${convert("ISO-8859-1", "content/a.md")}`,
    ],
    [
      "Windows-1252 (curly quotes, 0x93 and 0x94)",
      bytes("---\ntitle: ", [0x93], "Hi", [0x94], "\n---\n"),
      `is not UTF-8: decoding fails at line 2, byte 12 of the file (0x93). It reads cleanly as Windows-1252, where that line reads "title: “Hi”": convert it with ${convert("WINDOWS-1252", "content/a.md")}`,
    ],
    [
      "GB18030 (a Chinese CMS's export), which Latin-1 reads too, as nonsense",
      bytes("---\ntitle: ", NANKAI_GB, "\n---\n"),
      `is not UTF-8: decoding fails at line 2, byte 12 of the file (0xC4). It reads cleanly as GB18030, where that line reads "title: 南开大学": convert it with ${convert("GB18030", "content/a.md")}; or as Latin-1 (ISO-8859-1), where that line reads "title: ÄÏ¿ª´óÑ§": convert it with ${convert("ISO-8859-1", "content/a.md")}`,
    ],
    [
      "GB18030 with bytes 0x80-0x9F (GBK's extension), which neither Latin-1 nor Windows-1252 reads",
      // GBK's 乂 (81 56), 丂 (81 40) and 亶 (81 8D): lead bytes past GB2312's, 0x8D a Windows-1252 hole.
      bytes("x\n", [0x81, 0x56, 0x81, 0x40, 0x81, 0x8d]),
      `is not UTF-8: decoding fails at line 2, byte 3 of the file (0x81). It reads cleanly as GB18030, where that line reads "乂丂亶": convert it with ${convert("GB18030", "content/a.md")}`,
    ],
    [
      "a PNG image",
      bytes([0x89], "PNG\r\n", [0x1a, 0x0a, 0, 0, 0, 0x0d], "IHDR"),
      "is binary data, not text: decoding it as UTF-8 fails at line 1, byte 1 of the file (0x89), and byte 9 is NUL; an article is a UTF-8 Markdown file",
    ],
    [
      "UTF-16 (Notepad's old 'Unicode')",
      new Uint8Array(Buffer.from("\uFEFF---\ntitle: x\n", "utf16le")),
      `is UTF-16 text (it starts with a UTF-16 byte order mark), not UTF-8: decoding it as UTF-8 fails at line 1, byte 1 of the file (0xFF); convert it with ${convert("UTF-16", "content/a.md")}`,
    ],
    [
      "bytes no encoding reads as text",
      bytes("ok\n", [0xff, 0x01, 0x02, 0xfe]),
      "is not UTF-8: decoding fails at line 2, byte 4 of the file (0xFF), and it is not text in GB18030 or Latin-1 either: save it as UTF-8",
    ],
  ])("%s is a problem naming the file, the line and byte, and what to do", (_name, given, message) => {
    const problem = { file: "a.md", field: "encoding", message };
    expect(decodeSource("a.md", given, "content/a.md")).toEqual({ ok: false, problem });
    expect(encodingProblem("a.md", given, "content/a.md")).toEqual(problem);
    expect(() => sourceText("a.md", given)).toThrow(`a.md: encoding: ${message.replaceAll("content/a.md", "a.md")}`);
  });

  it.each([
    // UTF-8 forbids overlong forms, surrogates, code points past U+10FFFF and cut sequences (RFC 3629).
    ["an overlong NUL", 3, bytes("ab", [0xc0, 0x80])],
    ["a surrogate (CESU-8)", 3, bytes("ab", [0xed, 0xa0, 0x80])],
    ["past U+10FFFF", 3, bytes("ab", [0xf4, 0x90, 0x80, 0x80])],
    ["a sequence cut at the end", 3, bytes("ab", [0xe5, 0x8d])],
    ["a stray continuation byte", 4, new Uint8Array([...utf8("南"), 0x80])],
  ])("%s fails at byte %i", (_name, at, given) => {
    expect(encodingProblem("a.md", given)?.message).toMatch(new RegExp(`^is not UTF-8: decoding fails at line 1, byte ${at} of the file`));
  });

  it("the line and byte are where decoding fails, after any valid UTF-8 (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 200 }), fc.uint8Array({ maxLength: 20 }), (before, after) => {
        const valid = Buffer.from(before, "utf8");
        const line = before.split("\n").length;
        const message = encodingProblem("a.md", new Uint8Array([...valid, 0xff, ...after]))?.message ?? "";
        expect(message).toContain(`line ${line}, byte ${valid.byteLength + 1} of the file (0xFF)`);
      }),
      { numRuns: 200 },
    );
  }, 30_000);

  it("a path a shell would split is quoted in the command", () => {
    expect(encodingProblem("a b.md", latin1("é"), "content/it's a b.md")?.message).toContain(
      `iconv -f ISO-8859-1 -t UTF-8 'content/it'\\''s a b.md' > 'content/it'\\''s a b.md.utf8' && mv 'content/it'\\''s a b.md.utf8' 'content/it'\\''s a b.md'`,
    );
  });
});

describe("the build", () => {
  afterEach(() => {
    delete process.env.BUILD_PARALLEL_FROM;
  });

  const article = (title: string, body: string, eol = "\n") => ["---", `title: ${title}`, "date: 2024-01-01T00:00:00Z", "tags: [t]", "---", body, ""].join(eol);

  it.each(["100000", "1"])(
    "fails on every file that is not UTF-8 text, naming it and where (threads from %s sources), and writes nothing",
    async (from) => {
      process.env.BUILD_PARALLEL_FROM = from;
      const space = workspace();
      space.write([{ file: "good.md", source: article("Fine", "Text.") }]);
      const write = (file: string, data: Uint8Array) => writeFileSync(join(space.paths.contentDir, file), data);
      write("latin.md", latin1(article("été", "Ça va.")));
      write("gb.md", bytes("---\ntitle: ", NANKAI_GB, "\ndate: 2024-01-01T00:00:00Z\n---\n"));
      write("image.md", bytes([0x89], "PNG\r\n", [0x1a, 0x0a, 0, 0, 0, 0x0d], "IHDR"));
      const result = await space.build();
      if (result.ok) throw new Error("a build with files that are not UTF-8 succeeded");
      const shown = (file: string) => relative(process.cwd(), join(space.paths.contentDir, file));
      expect(result.problems.map((p) => [p.file, p.field, p.message.split(". ")[0]])).toEqual([
        ["gb.md", "encoding", "is not UTF-8: decoding fails at line 2, byte 12 of the file (0xC4)"],
        [
          "image.md",
          "encoding",
          "is binary data, not text: decoding it as UTF-8 fails at line 1, byte 1 of the file (0x89), and byte 9 is NUL; an article is a UTF-8 Markdown file",
        ],
        ["latin.md", "encoding", "is not UTF-8: decoding fails at line 2, byte 12 of the file (0xE9)"],
      ]);
      expect(result.problems[0]?.message).toContain(`It reads cleanly as GB18030, where that line reads "title: 南开大学": convert it with ${convert("GB18030", shown("gb.md"))}`);
      // Not "title: is required": the binary file is reported as not text, and nothing else about it.
      expect(formatProblems(result.problems)).not.toContain("required");
    },
    60_000,
  );

  it("converts a file with the command it prints, and then keeps its text", async () => {
    const space = workspace();
    const path = join(space.paths.contentDir, "latin.md");
    writeFileSync(path, latin1(article("été", "Ça va, très bien.")));
    const result = await space.build();
    if (result.ok) throw new Error("a Latin-1 file built");
    const command = /convert it with (iconv .*)$/.exec(result.problems[0]?.message ?? "")?.[1];
    expect(command).toBe(convert("ISO-8859-1", relative(process.cwd(), path)));
    execFileSync("sh", ["-c", command as string]);
    expect((await space.build()).ok).toBe(true);
    const [meta] = await readWindowMeta(space.assets().assets, space.catalog().site.id);
    expect([meta?.title, meta?.summary]).toEqual(["été", "Ça va, très bien."]);
  });

  it("reads a file with a byte order mark and CRLF line ends as the same article without them", async () => {
    const plain = workspace();
    plain.write([{ file: "a.md", source: article("南开 été", "First paragraph.\n\nSecond, *emphasised*.") }]);
    const marked = workspace();
    writeFileSync(join(marked.paths.contentDir, "a.md"), utf8(`\uFEFF${article("南开 été", "First paragraph.\r\n\r\nSecond, *emphasised*.", "\r\n")}`));
    const articles = [];
    for (const space of [plain, marked]) {
      expect((await space.build()).ok).toBe(true);
      const { assets } = space.assets();
      articles.push({ meta: await readWindowMeta(assets, space.catalog().site.id), page: await readPage(assets, 0, 1, 20) });
    }
    expect(articles[0]?.meta[0]).toMatchObject({ title: "南开 été", summary: "First paragraph." });
    expect(articles[0]?.page.html).toBe("<p>First paragraph.</p>\n<p>Second, <em>emphasised</em>.</p>\n");
    expect(articles[1]).toEqual(articles[0]);
  });
});
