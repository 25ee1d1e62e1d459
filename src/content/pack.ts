/**
 * @module The one binary layout of content files: byte segments back to back, then a
 * trailer saying where each starts and where the origin placeholder is, so a reader
 * slices out the segments it needs without parsing the rest, and puts the request's
 * origin in without searching for it.
 *
 *     [segment 0]...[segment n-1][u32 offsets[0..n]][u32 origins[0..m-1]][u32 m][u32 n]["EFP2"]
 *
 * All integers little-endian. `offsets[i]` is where segment `i` starts; `offsets[n]`
 * is where the trailer starts. `origins` are where the `origin` placeholder
 * (./placeholders.ts) starts in the segments, ascending: the build leaves it where
 * absolute URLs go when `SITE_URL` is not set, and the worker replaces it
 * (src/feed/assemble.ts). Used for every content file but the window metadata
 * (./layout.ts); written by the build, read by the worker.
 */

import { PLACEHOLDERS } from "./placeholders.ts";

const MAGIC = 0x32504645; // "EFP2" read as a little-endian u32

/** What `origins` locate: the origin placeholder, as bytes (ASCII). */
const ORIGIN = new TextEncoder().encode(PLACEHOLDERS.origin);

/**
 * Which byte of the placeholder `occurrences` looks for first: the `v` of `.invalid`, which
 * items have far less often than the `h` of `https` (about one in sixty as often in the
 * generated corpus's items), so fewer places are compared in full.
 */
const KEY = ORIGIN.lastIndexOf(0x76);

/** Where `needle` (whose byte `key` is looked for first) starts in `haystack`, every time, ascending. */
function occurrences(haystack: Uint8Array, needle: Uint8Array, key = 0): number[] {
  const found: number[] = [];
  const byte = needle[key] as number;
  const last = haystack.byteLength - needle.byteLength + key;
  for (let at = haystack.indexOf(byte, key); at !== -1 && at <= last; at = haystack.indexOf(byte, at + 1)) {
    const start = at - key;
    let i = 0;
    while (i < needle.byteLength && haystack[start + i] === needle[i]) i++;
    if (i === needle.byteLength) {
      found.push(start);
      at = start + needle.byteLength + key - 1;
    }
  }
  return found;
}

/**
 * The trailer of a pack whose segments are recorded one at a time, in order: for a
 * writer that appends them to a file as it makes them (src/build/archives.ts), holding
 * only where each starts and where the origin placeholder is.
 */
export class PackTrailer {
  readonly #offsets: number[] = [0];
  readonly #origins: number[] = [];

  /** Bytes recorded so far. */
  get size(): number {
    return this.#offsets[this.#offsets.length - 1] as number;
  }

  /** Records `segment`, the next one. */
  add(segment: Uint8Array): void {
    const at = this.size;
    for (const origin of occurrences(segment, ORIGIN, KEY)) this.#origins.push(at + origin);
    this.#offsets.push(at + segment.byteLength);
  }

  /** The trailer that follows the segments recorded. */
  bytes(): Uint8Array {
    const offsets = this.#offsets;
    const origins = this.#origins;
    const out = new Uint8Array(4 * offsets.length + 4 * origins.length + 12);
    const view = new DataView(out.buffer);
    for (const [i, offset] of offsets.entries()) view.setUint32(4 * i, offset, true);
    for (const [i, origin] of origins.entries()) view.setUint32(4 * (offsets.length + i), origin, true);
    view.setUint32(out.byteLength - 12, origins.length, true);
    view.setUint32(out.byteLength - 8, offsets.length - 1, true);
    view.setUint32(out.byteLength - 4, MAGIC, true);
    return out;
  }
}

/** Magic of a file that holds one content file per copy (the original, then each Chinese variant): `packFiles`. */
const COPIES_MAGIC = 0x31504345; // "ECP1"

/**
 * `files` (whole content files) as segments of one file, with no origins recorded: a
 * file of several copies (`magic` = copies) or a shard of small scopes' files (a pack).
 */
export function packFiles(files: readonly Uint8Array[], copies = false): Uint8Array {
  const size = files.reduce((sum, file) => sum + file.byteLength, 0);
  const out = new Uint8Array(size + 4 * (files.length + 1) + 12);
  const view = new DataView(out.buffer);
  let at = 0;
  files.forEach((file, i) => {
    view.setUint32(size + 4 * i, at, true);
    out.set(file, at);
    at += file.byteLength;
  });
  view.setUint32(size + 4 * files.length, size, true);
  view.setUint32(out.byteLength - 12, 0, true);
  view.setUint32(out.byteLength - 8, files.length, true);
  view.setUint32(out.byteLength - 4, copies ? COPIES_MAGIC : MAGIC, true);
  return out;
}

/** How many bytes at the end of a file of copies say how many copies it holds (`copiesTable`). */
export const COPIES_TAIL = 12;

/**
 * Where the copy offsets of a file of copies of `size` bytes start (`offsets[0..length]`,
 * u32 each) and how many copies it holds, from its last `COPIES_TAIL` bytes; `undefined`
 * when they are not a file of copies' (the file is its own only copy).
 */
export function copiesTable(tail: Uint8Array, size: number): { at: number; length: number } | undefined {
  const view = new DataView(tail.buffer, tail.byteOffset, tail.byteLength);
  if (tail.byteLength !== COPIES_TAIL || size < 16 || view.getUint32(8, true) !== COPIES_MAGIC) return undefined;
  const length = view.getUint32(4, true);
  const at = size - COPIES_TAIL - 4 * (length + 1);
  if (at < 0) throw new RangeError(`not a file of copies: ${length} copies in ${size} bytes`);
  return { at, length };
}

/**
 * Copy `copy` (0 = the original) of a file the build wrote for every copy at once
 * (`packFiles` with `copies`); any other file is its own only copy.
 */
export function copyOf(bytes: Uint8Array, copy: number): Uint8Array {
  const table = copiesTable(bytes.subarray(Math.max(0, bytes.byteLength - COPIES_TAIL)), bytes.byteLength);
  if (table === undefined) return bytes;
  if (copy >= table.length) throw new RangeError(`no copy ${copy} in a file of ${table.length}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return bytes.subarray(view.getUint32(table.at + 4 * copy, true), view.getUint32(table.at + 4 * (copy + 1), true));
}

/** Concatenates `segments` and appends the trailer, with every place the origin placeholder starts. */
export function packSegments(segments: readonly Uint8Array[]): Uint8Array {
  const trailer = new PackTrailer();
  for (const segment of segments) trailer.add(segment);
  const end = trailer.bytes();
  const out = new Uint8Array(trailer.size + end.byteLength);
  let at = 0;
  for (const segment of segments) {
    out.set(segment, at);
    at += segment.byteLength;
  }
  out.set(end, at);
  return out;
}

/** How many bytes at the end of a pack say how long its trailer is (`packTable`). */
export const PACK_TAIL = 12;

/**
 * Where the segment offsets of a pack of `size` bytes start (`offsets[0..length]`, u32
 * each) and how many segments it has, from its last `PACK_TAIL` bytes: so a reader can
 * read a pack's trailer and then only the segments it needs (the build does, from
 * chunks whose other segments it does not need). Throws when they are not a pack's.
 */
export function packTable(tail: Uint8Array, size: number): { at: number; length: number } {
  const view = new DataView(tail.buffer, tail.byteOffset, tail.byteLength);
  if (tail.byteLength !== PACK_TAIL || size < 16 || view.getUint32(8, true) !== MAGIC) throw new Error("not a content pack");
  const length = view.getUint32(4, true);
  const at = size - PACK_TAIL - 4 * view.getUint32(0, true) - 4 * (length + 1);
  if (at < 0) throw new Error("not a content pack");
  return { at, length };
}

/** A packed file opened for reading. */
export interface Pack {
  /** Number of segments. */
  readonly length: number;
  /** Segment `i`, a view into the file's bytes (no copy). */
  segment(i: number): Uint8Array;
  /** Segments `from` (inclusive) to `to` (exclusive) as one view: they are contiguous. */
  range(from: number, to: number): Uint8Array;
  /** Where the origin placeholder starts in `view` (any part of a segment or range of this pack), relative to its start. */
  origins(view: Uint8Array): number[];
}

/** Opens `bytes` as a pack; throws when it is not one (a truncated or foreign file). */
export function openPack(bytes: Uint8Array): Pack {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < 16 || view.getUint32(bytes.byteLength - 4, true) !== MAGIC) throw new Error("not a content pack");
  const length = view.getUint32(bytes.byteLength - 8, true);
  const originCount = view.getUint32(bytes.byteLength - 12, true);
  const originsAt = bytes.byteLength - 12 - 4 * originCount;
  const table = originsAt - 4 * (length + 1);
  if (table < 0) throw new Error("not a content pack");
  const offset = (i: number) => view.getUint32(table + 4 * i, true);
  if (offset(length) !== table) throw new Error("not a content pack");
  const origin = (i: number) => view.getUint32(originsAt + 4 * i, true);
  const check = (i: number) => {
    if (!Number.isInteger(i) || i < 0 || i > length) throw new RangeError(`no segment ${i} in a pack of ${length}`);
    return i;
  };
  return {
    length,
    segment: (i) => bytes.subarray(offset(check(i)), offset(check(i + 1))),
    range: (from, to) => bytes.subarray(offset(check(from)), offset(check(to))),
    origins(part) {
      const start = part.byteOffset - bytes.byteOffset;
      if (part.buffer !== bytes.buffer || start < 0 || start + part.byteLength > table) throw new RangeError("not a view of this pack's segments");
      // The first origin at or after `start`, by binary search; then every one inside the view.
      let low = 0;
      let high = originCount;
      while (low < high) {
        const middle = (low + high) >>> 1;
        if (origin(middle) < start) low = middle + 1;
        else high = middle;
      }
      const found: number[] = [];
      for (let i = low; i < originCount && origin(i) + ORIGIN.byteLength <= start + part.byteLength; i++) found.push(origin(i) - start);
      return found;
    },
  };
}
