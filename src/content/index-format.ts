/**
 * @module The compact index the worker's script carries: everything a request needs
 * before it reads any content file, so that validators, `Last-Modified`, 304s and
 * lookups cost no read at all. Written by the build (src/build/emit.ts), read by the
 * worker (./catalog.ts). Two modules:
 *
 * - `catalog.json.txt` (`CatalogData`): settings, counts, and every scope by key.
 * - `index.bin`: typed arrays, used in place without parsing. Per article (by position,
 *   0 = newest): update time and a 64-bit content hash; per scope: its members
 *   (positions, newest first) and the hash of its subscription and archive heads in
 *   each format; permalink paths by hash, for article pages; the paths of articles'
 *   resources (page bundles' files) by hash.
 *
 *     [u32 magic "EFI1"][u32 3][u32 N articles][u32 S scopes][u32 M members][u32 R resources][u32 pad ×2]
 *     [f64 updated ×N][u32 hash ×2N][u32 head hash ×12S][u32 member start ×(S+1)]
 *     [u32 member ×M][u32 (path hash, position) ×2N, sorted][u32 resource path hash ×R, sorted]
 */
import type { ChineseVariant } from "../i18n/variants.ts";
import type { SiteSettings } from "../settings.ts";

/**
 * A scope in the catalog: its number in `index.bin`, its asset directory id, article
 * count and display name; for a small scope, its shard and the segment of its first
 * file there (./shards.ts `scopeFile`).
 */
export type ScopeRow = [n: number, id: string, count: number, name: string, shard?: number, first?: number];

/** `catalog.json.txt`. */
export interface CatalogData {
  /** Settings baked into the content (feed heads, pages). */
  settings: SiteSettings;
  /** Hash of the settings and of the code that renders pages: part of every page's validator. */
  pagesVersion: string;
  /** Hash of every scope's key, name and count: part of validators of pages that list scopes. */
  scopesVersion: string;
  /** Published articles. */
  count: number;
  /** Newest `updated` of any article (ISO 8601), the epoch when there are none. */
  newest: string;
  site: ScopeRow;
  tags: Record<string, ScopeRow>;
  categories: Record<string, ScopeRow>;
  authors: Record<string, ScopeRow>;
  sections: Record<string, ScopeRow>;
  /** What each section's own page (`_index.md`) says of it, by key: its description. */
  sectionDescriptions: Record<string, string>;
  /** Old paths (front-matter `aliases`, `redirect_from`) -> the permalink path they redirect to. */
  aliases: Record<string, string>;
  /**
   * The sitemap files (issue 24, src/build/sitemaps.ts), in the order the sitemap index
   * lists them; none when `CRAWLING` is off. Absent in an index built before them.
   */
  sitemaps?: SitemapRow[];
  /** Hash of the Chinese converter (its code and opencc-js's version): part of every variant's validators. */
  variantsVersion: string;
  /** Each built Chinese variant (issue 13): the site's words in it, and the names of the terms that convert (by `kind/key`). */
  variants: Partial<Record<ChineseVariant, VariantData>>;
}

/** A sitemap file: its name (`articles-1`: `/sitemap-articles-1.xml`), the hash of its bytes and its newest `<lastmod>`. */
export type SitemapRow = [name: string, hash: string, lastmod: string];

/** What a Chinese variant shows of the site and its terms. */
export interface VariantData {
  title: string;
  description: string;
  author: string;
  language: string;
  /** Converted display names of the terms whose names change, by `<kind>/<key>`. */
  names: Record<string, string>;
}

/** The typed arrays of `index.bin`. */
export interface IndexArrays {
  /** Update time in ms since the epoch, by position. */
  updated: Float64Array;
  /** Two words per position. */
  hashes: Uint32Array;
  /** Twelve words per scope: rss, atom, json subscription head hashes, then the same for archive heads. */
  heads: Uint32Array;
  /** `memberStart[n]..memberStart[n + 1]` are scope `n`'s members in `members`. */
  memberStart: Uint32Array;
  members: Uint32Array;
  /** Pairs (fnv1a(permalink path), position), sorted. */
  paths: Uint32Array;
  /** fnv1a of each resource's site path, sorted (the file is at `/_c/r` + its path: src/content/layout.ts). */
  resources: Uint32Array;
}

const MAGIC = 0x31494645; // "EFI1"
const VERSION = 3;
const HEADER = 32;

/** `index.bin` for `arrays`. */
export function encodeIndex(arrays: IndexArrays): Uint8Array {
  const n = arrays.updated.length;
  const s = arrays.memberStart.length - 1;
  const parts = [arrays.updated, arrays.hashes, arrays.heads, arrays.memberStart, arrays.members, arrays.paths, arrays.resources];
  const size = HEADER + parts.reduce((sum, p) => sum + p.byteLength, 0);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  [MAGIC, VERSION, n, s, arrays.members.length, arrays.resources.length].forEach((word, i) => {
    view.setUint32(4 * i, word, true);
  });
  let at = HEADER;
  for (const part of parts) {
    out.set(new Uint8Array(part.buffer, part.byteOffset, part.byteLength), at);
    at += part.byteLength;
  }
  return out;
}

/** Views over `index.bin` (no copy). Little-endian hosts only, as Workers are. */
export function decodeIndex(buffer: ArrayBuffer): IndexArrays {
  const view = new DataView(buffer);
  if (view.getUint32(0, true) !== MAGIC || view.getUint32(4, true) !== VERSION) throw new Error("index.bin: not an index of this version");
  const [n, s, m, r] = [view.getUint32(8, true), view.getUint32(12, true), view.getUint32(16, true), view.getUint32(20, true)];
  let at = HEADER;
  const take = <T>(make: (offset: number, length: number) => T, length: number, bytes: number): T => {
    const array = make(at, length);
    at += length * bytes;
    return array;
  };
  const f64 = (offset: number, length: number) => new Float64Array(buffer, offset, length);
  const u32 = (offset: number, length: number) => new Uint32Array(buffer, offset, length);
  return {
    updated: take(f64, n, 8),
    hashes: take(u32, 2 * n, 4),
    heads: take(u32, 12 * s, 4),
    memberStart: take(u32, s + 1, 4),
    members: take(u32, m, 4),
    paths: take(u32, 2 * n, 4),
    resources: take(u32, r, 4),
  };
}
