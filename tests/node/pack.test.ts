/**
 * The content file layout (src/content/pack.ts): segments sliced back out exactly, and
 * the places of the origin placeholder found wherever it is, for any view of the segments, so the
 * worker can put the origin in without searching (src/feed/assemble.ts).
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { keepingPacksOpen, readSegments } from "../../src/build/files.ts";
import { openPack, packFiles, packSegments } from "../../src/content/pack.ts";
import { PLACEHOLDERS } from "../../src/content/placeholders.ts";
import { assembleFeed } from "../../src/feed/assemble.ts";

const ORIGIN_PLACEHOLDER = PLACEHOLDERS.origin;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Text with the placeholder here and there, and near misses. */
const text = fc
  .array(fc.constantFrom(ORIGIN_PLACEHOLDER, "https://edge-feeds-origin.invali", "h", "南开", '<a href="', "/posts/x/", "", "&amp;"), { maxLength: 8 })
  .map((parts) => parts.join(""));

describe("packs", () => {
  it("give back every segment, any range, and the placeholder's places in any view (property)", () => {
    fc.assert(
      fc.property(fc.array(text, { minLength: 1, maxLength: 6 }), fc.nat(), fc.nat(), (segments, a, b) => {
        const pack = openPack(packSegments(segments.map((s) => encoder.encode(s))));
        expect(pack.length).toBe(segments.length);
        segments.forEach((segment, i) => {
          expect(decoder.decode(pack.segment(i))).toBe(segment);
        });
        const [from, to] = [a % (segments.length + 1), b % (segments.length + 1)].sort((x, y) => x - y) as [number, number];
        const range = pack.range(from, to);
        expect(decoder.decode(range)).toBe(segments.slice(from, to).join(""));
        // The recorded places are exactly where the placeholder starts in the view's bytes.
        const expected: number[] = [];
        const bytes = decoder.decode(range);
        for (let at = bytes.indexOf(ORIGIN_PLACEHOLDER); at !== -1; at = bytes.indexOf(ORIGIN_PLACEHOLDER, at + ORIGIN_PLACEHOLDER.length))
          expected.push(encoder.encode(bytes.slice(0, at)).byteLength);
        expect(pack.origins(range)).toEqual(expected);
        // Assembling with an origin is replacing the placeholder in the pieces, in one copy; the head is finished text (src/feed/template.ts fills it).
        const origin = "https://feeds.example";
        const pieces = [{ bytes: range, origins: pack.origins(range) }];
        expect(decoder.decode(assembleFeed(`<h>${ORIGIN_PLACEHOLDER}</h>`, pieces, origin))).toBe(`<h>${ORIGIN_PLACEHOLDER}</h>${bytes.replaceAll(ORIGIN_PLACEHOLDER, origin)}`);
        expect(decoder.decode(assembleFeed("<h>", pieces))).toBe(`<h>${bytes}`);
      }),
      { numRuns: 300 },
    );
  });

  it("the build reads any segments of a pack file, in any order, as the pack holds them (property)", () => {
    const dir = mkdtempSync(join(tmpdir(), "edge-feeds-pack-"));
    const long = fc.oneof(text, fc.string({ minLength: 5000, maxLength: 12000 }));
    fc.assert(
      fc.property(fc.array(long, { minLength: 1, maxLength: 12 }), fc.array(fc.nat(), { maxLength: 10 }), (segments, picks) => {
        const file = join(dir, "p.pack");
        writeFileSync(file, packSegments(segments.map((s) => encoder.encode(s))));
        const indexes = picks.map((p) => p % segments.length);
        expect(readSegments(file, indexes).map((bytes) => decoder.decode(bytes))).toEqual(indexes.map((i) => segments[i]));
        // Issue 20: the same pack as a variant's copy in a file of every copy (a chunk with variants), read open or not.
        const copies = join(dir, "c.pack");
        writeFileSync(copies, packFiles([packSegments([encoder.encode("the original's")]), packSegments(segments.map((s) => encoder.encode(s)))], true));
        expect(readSegments(copies, indexes, 1).map((bytes) => decoder.decode(bytes))).toEqual(indexes.map((i) => segments[i]));
        keepingPacksOpen(() => {
          expect(decoder.decode(readSegments(copies, [0], 0)[0] as Uint8Array)).toBe("the original's");
          expect(readSegments(copies, indexes, 1).map((bytes) => decoder.decode(bytes))).toEqual(indexes.map((i) => segments[i]));
        });
      }),
      { numRuns: 200 },
    );
    const file = join(dir, "q.pack");
    writeFileSync(file, packSegments([encoder.encode("a"), encoder.encode("b")]));
    expect(() => readSegments(file, [2])).toThrow(RangeError);
    expect(() => readSegments(file, [0], 1)).toThrow(/no copy 1 in a file of one/);
    writeFileSync(file, packFiles([packSegments([encoder.encode("a")]), packSegments([encoder.encode("b")])], true));
    expect(() => readSegments(file, [0], 2)).toThrow(/no copy 2 in a file of 2/);
    writeFileSync(file, "not a content pack at all");
    expect(() => readSegments(file, [0])).toThrow(/not a content pack/);
  });

  it("a view that is not of the pack, or a file that is not a pack, is refused", () => {
    const pack = openPack(packSegments([encoder.encode("a"), encoder.encode("b")]));
    expect(() => pack.origins(encoder.encode("a"))).toThrow(RangeError);
    expect(() => openPack(encoder.encode("not a pack at all"))).toThrow(/not a content pack/);
    expect(() => openPack(packSegments([encoder.encode("ab")]).subarray(1))).toThrow(/not a content pack/);
  });
});

describe("files of several copies and shards (issue 20)", () => {
  it("a reader takes its own copy of a file of copies, and a shard's segment by `#`; a plain pack is its own only copy", async () => {
    const { readFile, variantAssets } = await import("../../src/content/store.ts");
    const { packFiles } = await import("../../src/content/pack.ts");
    const encoder = new TextEncoder();
    const shard = packFiles([encoder.encode("meta of a"), encoder.encode("rss of b"), encoder.encode("")]);
    const copies = packFiles([encoder.encode("original"), encoder.encode("繁體")], true);
    const files: Record<string, Uint8Array> = { "/_c/a/rss/0.pack": copies, "/_c/p/3.pack": shard, "/_c/v/s2t/_c/p/3.pack": packFiles([encoder.encode("轉換")]) };
    const reader = { fetch: async (request: Request) => new Response(files[new URL(request.url).pathname] ?? null, { status: files[new URL(request.url).pathname] ? 200 : 404 }) };
    const s2t = variantAssets(reader, "s2t", 1);
    expect(decoder.decode(await readFile(reader, "/_c/a/rss/0.pack"))).toBe("original");
    expect(decoder.decode(await readFile(s2t, "/_c/a/rss/0.pack"))).toBe("繁體");
    expect(decoder.decode(await readFile(reader, "/_c/p/3.pack#1"))).toBe("rss of b");
    expect(decoder.decode(await readFile(reader, "/_c/p/3.pack#2"))).toBe("");
    expect(decoder.decode(await readFile(s2t, "/_c/p/3.pack#0"))).toBe("轉換");
    await expect(readFile(reader, "/_c/p/3.pack#3")).rejects.toThrow(/no segment/);
    await expect(readFile(variantAssets(reader, "t2s", 2), "/_c/a/rss/0.pack")).rejects.toThrow(/no copy 2/);
  });
});

describe("reading content files", () => {
  it("reads each time (the isolate keeps finished responses, not files: src/http/cache.ts); a variant's reader reads its copy; failures fail each time", async () => {
    const { readFile, variantAssets } = await import("../../src/content/store.ts");
    const reads: string[] = [];
    let fail = false;
    const reader = {
      async fetch(request: Request) {
        const path = new URL(request.url).pathname;
        reads.push(path);
        return fail ? new Response(null, { status: 404 }) : new Response(path);
      },
    };
    expect(decoder.decode(await readFile(reader, "/_c/a/rss/0.pack"))).toBe("/_c/a/rss/0.pack");
    expect(decoder.decode(await readFile(reader, "/_c/a/rss/0.pack"))).toBe("/_c/a/rss/0.pack");
    expect(reads).toEqual(["/_c/a/rss/0.pack", "/_c/a/rss/0.pack"]);
    // A variant's reader is one object per base reader and variant: files that hold every copy at the original's path, the others under its root.
    expect(variantAssets(reader, "s2t", 1)).toBe(variantAssets(reader, "s2t", 1));
    expect(decoder.decode(await readFile(variantAssets(reader, "s2t", 1), "/_c/a/rss/0.pack"))).toBe("/_c/a/rss/0.pack");
    expect(decoder.decode(await readFile(variantAssets(reader, "s2t", 1), "/_c/t/tags.0.pack"))).toBe("/_c/v/s2t/_c/t/tags.0.pack");
    expect(reads).toEqual(["/_c/a/rss/0.pack", "/_c/a/rss/0.pack", "/_c/a/rss/0.pack", "/_c/v/s2t/_c/t/tags.0.pack"]);
    fail = true;
    await expect(readFile(reader, "/_c/a/rss/1.pack")).rejects.toThrow(/answered 404/);
    await expect(readFile(reader, "/_c/a/rss/1.pack")).rejects.toThrow(/answered 404/);
    expect(reads.filter((p) => p === "/_c/a/rss/1.pack")).toHaveLength(2);
  });
});
