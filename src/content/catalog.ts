/**
 * @module Read access to the index the build bundles into the script
 * (./index-format.ts): settings, scopes and their members, per-article update times and
 * content hashes. Everything here is answered without reading a content file, so
 * validators and 304s cost no read. The worker's own index is `content()` (./bundled.ts).
 */
import { fnv1a } from "../hash.ts";
import type { SiteSettings } from "../settings.ts";
import { termKey } from "../text.ts";
import type { FeedFormat, Scope, TermKind } from "../types.ts";
import { type CatalogData, decodeIndex, type IndexArrays, type ScopeRow } from "./index-format.ts";

/** A scope as the catalog knows it: what it is, plus where its data is. */
export type ScopeRef = Scope & {
  /** Its number in the binary index. */
  n: number;
  /** Its asset directory id (src/content/layout.ts). */
  id: string;
  /** How many published articles it has. */
  count: number;
};

const FORMAT_WORDS: Record<FeedFormat, number> = { rss: 0, atom: 2, json: 4 };

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

  /** The tag or category a URL segment names (case-insensitive, NFC), or `undefined`. */
  find(kind: TermKind, segment: string): (ScopeRef & { kind: TermKind }) | undefined {
    const key = termKey(segment);
    // Own keys only: `/tags/constructor/` must not find Object.prototype.constructor.
    const row: ScopeRow | undefined = Object.hasOwn(this.data[kind], key) ? this.data[kind][key] : undefined;
    return row && { kind, key, name: row[3], n: row[0], id: row[1], count: row[2] };
  }

  /** Whether `key` is a term of `kind`. */
  has(kind: TermKind, key: string): boolean {
    return Object.hasOwn(this.data[kind], key);
  }

  /** Every term of `kind`, in key order. */
  terms(kind: TermKind): (ScopeRef & { kind: TermKind })[] {
    return Object.entries(this.data[kind]).map(([key, [n, id, count, name]]) => ({ kind, key, name, n, id, count }));
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

  /** The two words of the hash of `scope`'s subscription (`feed`) or archive head templates and tail in `format`. */
  headHash(scope: ScopeRef, format: FeedFormat, document: "feed" | "archive" = "feed"): [number, number] {
    const at = 12 * scope.n + (document === "archive" ? 6 : 0) + FORMAT_WORDS[format];
    return [this.arrays.heads[at] as number, this.arrays.heads[at + 1] as number];
  }

  /** Positions of the articles whose slug may be `slug` (same 32-bit hash); the caller checks. */
  slugCandidates(slug: string): number[] {
    const { slugs } = this.arrays;
    const hash = fnv1a(slug);
    let lo = 0;
    let hi = slugs.length / 2;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((slugs[2 * mid] as number) < hash) lo = mid + 1;
      else hi = mid;
    }
    const found: number[] = [];
    for (let i = lo; i < slugs.length / 2 && slugs[2 * i] === hash; i++) found.push(slugs[2 * i + 1] as number);
    return found;
  }
}

/** A catalog over the two index modules' contents. */
export function openCatalog(catalogJson: string, index: ArrayBuffer): Catalog {
  return new Catalog(JSON.parse(catalogJson) as CatalogData, decodeIndex(index));
}
