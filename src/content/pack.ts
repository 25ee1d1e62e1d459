/**
 * @module The one binary layout of content files: byte segments back to back, then a
 * trailer saying where each starts, so a reader slices out the segments it needs
 * without parsing the rest.
 *
 *     [segment 0][segment 1]...[segment n-1][u32 offsets[0..n]][u32 n]["EFP1"]
 *
 * All integers little-endian. `offsets[i]` is where segment `i` starts; `offsets[n]`
 * is where the trailer starts. Used for article chunks, scope windows and their heads
 * (src/content/layout.ts); written by the build, read by the worker.
 */

const MAGIC = 0x31504645; // "EFP1" read as a little-endian u32

/** Concatenates `segments` and appends the trailer. */
export function packSegments(segments: readonly Uint8Array[]): Uint8Array {
  const size = segments.reduce((sum, s) => sum + s.byteLength, 0);
  const out = new Uint8Array(size + 4 * (segments.length + 1) + 8);
  const view = new DataView(out.buffer);
  let at = 0;
  segments.forEach((segment, i) => {
    view.setUint32(size + 4 * i, at, true);
    out.set(segment, at);
    at += segment.byteLength;
  });
  view.setUint32(size + 4 * segments.length, at, true);
  view.setUint32(out.byteLength - 8, segments.length, true);
  view.setUint32(out.byteLength - 4, MAGIC, true);
  return out;
}

/** A packed file opened for reading. */
export interface Pack {
  /** Number of segments. */
  readonly length: number;
  /** Segment `i`, a view into the file's bytes (no copy). */
  segment(i: number): Uint8Array;
  /** Segments `from` (inclusive) to `to` (exclusive) as one view: they are contiguous. */
  range(from: number, to: number): Uint8Array;
}

/** Opens `bytes` as a pack; throws when it is not one (a truncated or foreign file). */
export function openPack(bytes: Uint8Array): Pack {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < 12 || view.getUint32(bytes.byteLength - 4, true) !== MAGIC) throw new Error("not a content pack");
  const length = view.getUint32(bytes.byteLength - 8, true);
  const table = bytes.byteLength - 8 - 4 * (length + 1);
  if (table < 0) throw new Error("not a content pack");
  const offset = (i: number) => view.getUint32(table + 4 * i, true);
  if (offset(length) !== table) throw new Error("not a content pack");
  const check = (i: number) => {
    if (!Number.isInteger(i) || i < 0 || i > length) throw new RangeError(`no segment ${i} in a pack of ${length}`);
    return i;
  };
  return {
    length,
    segment: (i) => bytes.subarray(offset(check(i)), offset(check(i + 1))),
    range: (from, to) => bytes.subarray(offset(check(from)), offset(check(to))),
  };
}
