/**
 * @module The schedule's formats (issue 22): what the build writes for the versions of
 * the content after its own (src/build/schedule.ts) and the worker reads
 * (./schedule.ts).
 *
 * - `schedule.json.txt` in the script (`ScheduleData`): the moments, ascending, in ms, and
 *   for the version starting at each the hash of its index file.
 * - A version's index file, `/_c/x/<hash>` in the assets:
 *
 *       [u32 magic "EFS1"][u32 catalog bytes][u32 files bytes][u32 index bytes]
 *       [catalog.json.txt][files: JSON [[path digest, stored hash], ...]][pad to 8][index.bin]
 *
 *   The catalog and index.bin are the version's own (./index-format.ts); the files are
 *   the asset paths (as a 64-bit digest, src/hash.ts `Digest`) whose bytes in this version
 *   are not version 0's, and the hash of the file under `/_c/x/` that holds them.
 */

/** Where a later version's files and index files are, by hash. */
export const SCHEDULE_STORE = "/_c/x";

/** `schedule.json.txt`. */
export interface ScheduleData {
  /** When each later version starts, ms since the epoch, ascending: version k + 1 starts at `moments[k]`. */
  moments: number[];
  /** The hash of each later version's index file, in the same order. */
  epochs: string[];
}

/** A later version's index file, read. */
export interface EpochIndex {
  catalogText: string;
  index: ArrayBuffer;
  /** Path digest -> hash of the stored file. */
  files: Map<string, string>;
}

const MAGIC = 0x31534645; // "EFS1"
const HEADER = 16;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

const padTo8 = (n: number) => (n + 7) & ~7;

/** A version's index file. */
export function encodeEpochIndex(catalogText: string, index: Uint8Array, files: [string, string][]): Uint8Array {
  const catalog = encoder.encode(catalogText);
  const list = encoder.encode(JSON.stringify(files));
  const at = padTo8(HEADER + catalog.byteLength + list.byteLength);
  const out = new Uint8Array(at + index.byteLength);
  const view = new DataView(out.buffer);
  for (const [i, word] of [MAGIC, catalog.byteLength, list.byteLength, index.byteLength].entries()) view.setUint32(4 * i, word, true);
  out.set(catalog, HEADER);
  out.set(list, HEADER + catalog.byteLength);
  out.set(index, at);
  return out;
}

/** Reads a version's index file; throws on anything else. */
export function decodeEpochIndex(bytes: Uint8Array): EpochIndex {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < HEADER || view.getUint32(0, true) !== MAGIC) throw new Error("not a schedule version's index");
  const [catalog, list, index] = [view.getUint32(4, true), view.getUint32(8, true), view.getUint32(12, true)];
  const at = padTo8(HEADER + catalog + list);
  return {
    catalogText: decoder.decode(bytes.subarray(HEADER, HEADER + catalog)),
    files: new Map(JSON.parse(decoder.decode(bytes.subarray(HEADER + catalog, HEADER + catalog + list))) as [string, string][]),
    // Its own buffer: index.bin's arrays are used in place, and Float64Array needs 8-byte alignment.
    index: bytes.slice(at, at + index).buffer,
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
