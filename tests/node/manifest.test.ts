/**
 * What a build keeps for the next (src/build/manifest.ts): written in pieces, read back
 * whole, the same data; a manifest from other code or settings, or a broken one, is none.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadManifest, type Manifest, saveManifest } from "../../src/build/manifest.ts";
import { hostileText } from "../fixtures/articles.ts";

const header = fc.record({
  slug: fc.string({ minLength: 1 }),
  title: hostileText,
  published: fc.constant("2024-01-01T00:00:00.000Z"),
  updated: fc.constant("2024-01-02T00:00:00.000Z"),
  draft: fc.boolean(),
  tags: fc.array(hostileText, { maxLength: 3 }),
  categories: fc.array(hostileText, { maxLength: 2 }),
  authors: fc.array(hostileText, { maxLength: 2 }),
  path: hostileText.map((text) => `/posts/${Buffer.from(text).toString("hex")}/`),
  id: hostileText,
  aliases: fc.array(
    hostileText.map((text) => `/old/${Buffer.from(text).toString("hex")}`),
    { maxLength: 2 },
  ),
  resources: fc.array(fc.tuple(hostileText, hostileText), { maxLength: 2 }),
  bodyStart: fc.nat(),
});

const manifest: fc.Arbitrary<Manifest> = fc.record({
  basis: fc.string(),
  headers: fc.dictionary(
    hostileText,
    fc.tuple(fc.string(), header).map(([key, h]): [string, Manifest["headers"][string][1]] => [key, h]),
    { maxKeys: 30 },
  ),
  chunks: fc.dictionary(fc.nat(50).map(String), fc.record({ members: fc.array(fc.string(), { maxLength: 3 }), hashes: fc.array(fc.nat(), { maxLength: 6 }) }), { maxKeys: 10 }),
  windows: fc.dictionary(
    fc.string(),
    fc.record({
      buckets: fc.array(fc.string(), { maxLength: 6 }),
      meta: fc.string(),
      heads: fc.array(fc.nat()),
      archiveKey: fc.string(),
      archiveHeads: fc.array(fc.nat()),
      groups: fc.array(fc.string()),
    }),
    { maxKeys: 5 },
  ),
  variants: fc.dictionary(
    fc.constantFrom("s2t", "t2s"),
    fc.record({
      key: fc.string(),
      words: fc.record({ title: hostileText, description: hostileText, author: hostileText, language: fc.string(), names: fc.dictionary(fc.string(), hostileText) }),
    }),
  ),
});

describe("the manifest", () => {
  const dir = mkdtempSync(join(tmpdir(), "edge-feeds-manifest-"));
  const path = join(dir, "m.json");

  it("is JSON of everything in it, read back the same (property)", () => {
    fc.assert(
      fc.property(manifest, (m) => {
        saveManifest(path, m);
        expect(readFileSync(path, "utf8")).toBe(JSON.stringify(m));
        expect(loadManifest(path, m.basis)).toEqual(JSON.parse(JSON.stringify(m)));
      }),
      { numRuns: 100 },
    );
  });

  it("one long enough to be written in many pieces", () => {
    const big: Manifest = { basis: "b", headers: {}, chunks: {}, windows: {}, variants: {} };
    for (let i = 0; i < 20_000; i++) big.chunks[i] = { members: [`posts/${i}.md|${i}|南开大学`.repeat(4)], hashes: [i, i] };
    saveManifest(path, big);
    expect(loadManifest(path, "b")).toEqual(big);
  });

  it("of other code or settings, or broken, is none", () => {
    const empty = (basis: string): Manifest => ({ basis, headers: {}, chunks: {}, windows: {}, variants: {} });
    saveManifest(path, { ...empty("old"), chunks: { 0: { members: ["a"], hashes: [1, 2] } } });
    expect(loadManifest(path, "new")).toEqual(empty("new"));
    writeFileSync(path, '{"basis":"new","headers":{');
    expect(loadManifest(path, "new")).toEqual(empty("new"));
    expect(loadManifest(join(dir, "missing.json"), "new")).toEqual(empty("new"));
  });
});
