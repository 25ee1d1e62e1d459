/**
 * The content file layout (src/content/pack.ts): segments sliced back out exactly, and
 * the origin token's marks found wherever it is, for any view of the segments, so the
 * worker can put the origin in without searching (src/feed/assemble.ts).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { openPack, packSegments } from "../../src/content/pack.ts";
import { assembleFeed } from "../../src/feed/assemble.ts";
import { ORIGIN_TOKEN } from "../../src/feed/template.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Text with the token here and there, and near misses. */
const text = fc
  .array(fc.constantFrom(ORIGIN_TOKEN, "https://edge-feeds-origin.invali", "h", "南开", '<a href="', "/posts/x/", "", "&amp;"), { maxLength: 8 })
  .map((parts) => parts.join(""));

describe("packs", () => {
  it("give back every segment, any range, and the token's place in any view (property)", () => {
    fc.assert(
      fc.property(fc.array(text, { minLength: 1, maxLength: 6 }), fc.nat(), fc.nat(), (segments, a, b) => {
        const pack = openPack(packSegments(segments.map((s) => encoder.encode(s))));
        expect(pack.length).toBe(segments.length);
        segments.forEach((segment, i) => expect(decoder.decode(pack.segment(i))).toBe(segment));
        const [from, to] = [a % (segments.length + 1), b % (segments.length + 1)].sort((x, y) => x - y) as [number, number];
        const range = pack.range(from, to);
        expect(decoder.decode(range)).toBe(segments.slice(from, to).join(""));
        // The marks are exactly where the token starts in the view's bytes.
        const expected: number[] = [];
        const bytes = decoder.decode(range);
        for (let at = bytes.indexOf(ORIGIN_TOKEN); at !== -1; at = bytes.indexOf(ORIGIN_TOKEN, at + ORIGIN_TOKEN.length))
          expected.push(encoder.encode(bytes.slice(0, at)).byteLength);
        expect(pack.marks(range)).toEqual(expected);
        // Assembling with an origin is replacing the token, in one copy.
        const origin = "https://feeds.example";
        const pieces = [{ bytes: range, marks: pack.marks(range) }];
        expect(decoder.decode(assembleFeed(`<h>${ORIGIN_TOKEN}</h>`, pieces, origin))).toBe(`<h>${origin}</h>${bytes.replaceAll(ORIGIN_TOKEN, origin)}`);
        expect(decoder.decode(assembleFeed("<h>", pieces))).toBe(`<h>${bytes}`);
      }),
      { numRuns: 300 },
    );
  });

  it("a view that is not of the pack, or a file that is not a pack, is refused", () => {
    const pack = openPack(packSegments([encoder.encode("a"), encoder.encode("b")]));
    expect(() => pack.marks(encoder.encode("a"))).toThrow(RangeError);
    expect(() => openPack(encoder.encode("not a pack at all"))).toThrow(/not a content pack/);
    expect(() => openPack(packSegments([encoder.encode("ab")]).subarray(1))).toThrow(/not a content pack/);
  });
});

describe("files read lately are kept", () => {
  it("a second read of a file through the same reader reads nothing; another reader reads it; failures are not kept", async () => {
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
    expect(reads).toEqual(["/_c/a/rss/0.pack"]);
    // A variant's reader is one object per base reader and variant, so its files are kept too.
    expect(variantAssets(reader, "s2t")).toBe(variantAssets(reader, "s2t"));
    await readFile(variantAssets(reader, "s2t"), "/_c/a/rss/0.pack");
    await readFile(variantAssets(reader, "s2t"), "/_c/a/rss/0.pack");
    expect(reads).toEqual(["/_c/a/rss/0.pack", "/_c/v/s2t/_c/a/rss/0.pack"]);
    fail = true;
    await expect(readFile(reader, "/_c/a/rss/1.pack")).rejects.toThrow(/answered 404/);
    await expect(readFile(reader, "/_c/a/rss/1.pack")).rejects.toThrow(/answered 404/);
    expect(reads.filter((p) => p === "/_c/a/rss/1.pack")).toHaveLength(2);
  });
});
