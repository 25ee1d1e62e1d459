/**
 * @module Read access to the index the build bundles into the script
 * (./index-format.ts): settings, scopes and their members, per-article update times and
 * content hashes. Everything here is answered without reading a content file, so
 * validators and 304s cost no read. The worker's own index is `content()` (./bundled.ts).
 */
import { fnv1a } from "../hash.ts";
import type { SiteSettings } from "../settings.ts";
import { termKey } from "../text.ts";
import { FEED_FORMATS, type FeedFormat, type Scope, type TermKind } from "../types.ts";
import { type CatalogData, decodeIndex, type IndexArrays, type ScopeRow } from "./index-format.ts";

/** A scope as the catalog knows it: what it is, plus where its data is. */
export type ScopeRef = Scope & {
  /** Its number in the binary index. */
  n: number;
  /** Its asset directory id (src/content/layout.ts). */
  id: string;
  /** How many published articles it has. */
  count: number;
  /** A small scope's shard and the segment its first file is in (src/content/shards.ts `scopeFile`); absent for a scope with files of its own. */
  shard?: readonly [number, number];
};

/** The bundled content's index. */
export class Catalog {
  readonly data: CatalogData;
  readonly arrays: IndexArrays;
  readonly site: ScopeRef;

  constructor(data: CatalogData, arrays: IndexArrays) {
    this.data = data;
    this.arrays = arrays;
    const [n, id, count] = data.site;
    this.site = { kind: "site", n, id, count };
  }

  /** Settings the content was built with. */
  get settings(): SiteSettings {
    return this.data.settings;
  }

  /** Number of published articles. */
  get count(): number {
    return this.data.count;
  }

  /** The tag, category, author or section a URL segment names (case-insensitive, NFC), or `undefined`. */
  find(kind: TermKind, segment: string): (ScopeRef & { kind: TermKind }) | undefined {
    const key = termKey(segment);
    // Own keys only: `/tags/constructor/` must not find Object.prototype.constructor.
    const row: ScopeRow | undefined = Object.hasOwn(this.data[kind], key) ? this.data[kind][key] : undefined;
    return row && this.#scope(kind, key, row);
  }

  /** The scope of a catalog row; a section's with what its own page says of it. */
  #scope(kind: TermKind, key: string, [n, id, count, name, shard, first]: ScopeRow): ScopeRef & { kind: TermKind } {
    const description = kind === "sections" && Object.hasOwn(this.data.sectionDescriptions, key) ? this.data.sectionDescriptions[key] : undefined;
    const place = shard === undefined ? {} : { shard: [shard, first ?? 0] as const };
    return description === undefined ? { kind, key, name, n, id, count, ...place } : { kind, key, name, description, n, id, count, ...place };
  }

  /** Whether `key` is a term of `kind`. */
  has(kind: TermKind, key: string): boolean {
    return Object.hasOwn(this.data[kind], key);
  }

  /** Every term of `kind`, in key order. */
  terms(kind: TermKind): (ScopeRef & { kind: TermKind })[] {
    return Object.entries(this.data[kind]).map(([key, row]) => this.#scope(kind, key, row));
  }

  /** Positions (0 = newest) of the scope's newest `limit` articles, newest first. */
  members(scope: ScopeRef, limit = scope.count): Uint32Array {
    const start = this.arrays.memberStart[scope.n] as number;
    return this.arrays.members.subarray(start, start + Math.min(limit, scope.count));
  }

  /** Newest update time among `positions`, in ms; the epoch for none. */
  updated(positions: Uint32Array): number {
    if (positions.length === 0) return 0;
    let newest = -Infinity;
    for (const position of positions) newest = Math.max(newest, this.arrays.updated[position] as number);
    return newest;
  }

  /** The two words of the article at `position`'s content hash. */
  hash(position: number): [number, number] {
    return [this.arrays.hashes[2 * position] as number, this.arrays.hashes[2 * position + 1] as number];
  }

  /** The two words of the hash of `scope`'s subscription (`feed`) or archive head templates and tail in `format` (in the order of `FEED_FORMATS`). */
  headHash(scope: ScopeRef, format: FeedFormat, document: "feed" | "archive" = "feed"): [number, number] {
    const at = 12 * scope.n + (document === "archive" ? 6 : 0) + 2 * FEED_FORMATS.indexOf(format);
    return [this.arrays.heads[at] as number, this.arrays.heads[at + 1] as number];
  }

  /** Positions of the articles whose permalink path may be `path` (same 32-bit hash); the caller checks. */
  pathCandidates(path: string): number[] {
    const { paths } = this.arrays;
    const hash = fnv1a(path);
    const found: number[] = [];
    for (let i = lowerBound(paths, hash, 2); i < paths.length / 2 && paths[2 * i] === hash; i++) found.push(paths[2 * i + 1] as number);
    return found;
  }

  /** Whether `path` may be an article's resource (a page bundle's file; same 32-bit hash: its file may still be missing). */
  mayBeResource(path: string): boolean {
    const { resources } = this.arrays;
    const hash = fnv1a(path);
    return resources[lowerBound(resources, hash, 1)] === hash;
  }

  /** The permalink path an old path (an alias) redirects to, if it is one. */
  alias(path: string): string | undefined {
    return Object.hasOwn(this.data.aliases, path) ? this.data.aliases[path] : undefined;
  }
}

/** The first entry of `sorted` (records of `width` words, keyed by their first) not below `key`. */
function lowerBound(sorted: Uint32Array, key: number, width: number): number {
  let lo = 0;
  let hi = sorted.length / width;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[width * mid] as number) < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A catalog over the two index modules' contents. */
export function openCatalog(catalogJson: string, index: ArrayBuffer): Catalog {
  return new Catalog(JSON.parse(catalogJson) as CatalogData, decodeIndex(index));
}
