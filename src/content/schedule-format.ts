/**
 * @module The schedule's formats (issue 22): what the build writes for the versions of
 * the content after its own (src/build/schedule.ts) and the worker reads
 * (./schedule.ts).
 *
 * - `schedule.json.txt` in the script (`ScheduleData`): the moments, ascending, in ms, and
 *   for the version starting at each the hash of its index file.
 * - A version's index file, `/_c/x/<hash>` in the assets:
 *
 *       [index.bin][catalog.json.txt][files: JSON [[path digest, stored hash], ...]]
 *       [u32 index bytes][u32 catalog bytes][u32 files bytes][u32 magic "EFS1"]
 *
 *   index.bin first, at offset 0, so that its arrays are used in place where the file was
 *   read, with no copy (./index-format.ts `decodeIndex` reads only its own length). The
 *   catalog and index.bin are the version's own; the files are the asset paths (as a
 *   64-bit digest, src/hash.ts `Digest`) whose bytes in this version are not version 0's,
 *   and the hash of the file under `/_c/x/` that holds them.
 */

/** Where a later version's files and index files are, by hash. */
export const SCHEDULE_STORE = "/_c/x";

/** `schedule.json.txt`. */
export interface ScheduleData {
  /** When each later version starts, ms since the epoch, ascending: version k + 1 starts at `moments[k]`. */
  moments: number[];
  /** The hash of each later version's index file, in the same order. */
  epochs: string[];
  /**
   * Those of `moments` at which an article expires: the only moments a complete archive
   * page can change at (articles go live as the newest), so what is `immutable` is cut
   * only to the next of these (src/http/moment.ts).
   */
  expiries?: number[];
}

/** A later version's index file, read. */
export interface EpochIndex {
  catalogText: string;
  index: ArrayBuffer;
  /** Path digest -> hash of the stored file. */
  files: Map<string, string>;
}

const MAGIC = 0x31534645; // "EFS1"
const TRAILER = 16;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A version's index file. */
export function encodeEpochIndex(catalogText: string, index: Uint8Array, files: [string, string][]): Uint8Array {
  const catalog = encoder.encode(catalogText);
  const list = encoder.encode(JSON.stringify(files));
  const out = new Uint8Array(index.byteLength + catalog.byteLength + list.byteLength + TRAILER);
  out.set(index, 0);
  out.set(catalog, index.byteLength);
  out.set(list, index.byteLength + catalog.byteLength);
  const view = new DataView(out.buffer, out.byteLength - TRAILER);
  for (const [i, word] of [index.byteLength, catalog.byteLength, list.byteLength, MAGIC].entries()) view.setUint32(4 * i, word, true);
  return out;
}

/** Reads a version's index file (index.bin in place when `bytes` starts its own buffer); throws on anything else. */
export function decodeEpochIndex(bytes: Uint8Array): EpochIndex {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = bytes.byteLength - TRAILER;
  if (end < 0 || view.getUint32(end + 12, true) !== MAGIC) throw new Error("not a schedule version's index");
  const [index, catalog, list] = [view.getUint32(end, true), view.getUint32(end + 4, true), view.getUint32(end + 8, true)];
  if (index + catalog + list !== end) throw new Error("a schedule version's index of the wrong length");
  return {
    // index.bin's arrays are views at 8-byte-aligned offsets of the buffer they are given: this one, unless the bytes start elsewhere in theirs.
    index: bytes.byteOffset === 0 ? (bytes.buffer as ArrayBuffer) : bytes.slice(0, index).buffer,
    catalogText: decoder.decode(bytes.subarray(index, index + catalog)),
    files: new Map(JSON.parse(decoder.decode(bytes.subarray(index + catalog, end))) as [string, string][]),
  };
}

/** The version current at `now` (0: the build's own), for `moments` ascending. */
export function epochAt(moments: readonly number[], now: number): number {
  let lo = 0;
  let hi = moments.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((moments[mid] as number) <= now) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
