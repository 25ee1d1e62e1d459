/**
 * @module Request time: a feed document from finished bytes. The head (filled in by
 * ./template.ts, its origin included), runs of items exactly as the build serialised and
 * placed them (each run contiguous in a content file, separators included), and the
 * tail, concatenated in one copy; when the build could not know the origin, it goes
 * where the build marked `ORIGIN_TOKEN` in them (src/content/pack.ts), in the same copy.
 * No XML or JSON is parsed, escaped or searched here, and the cost does not depend on
 * what the items say, only on how many bytes they are.
 */
import { ORIGIN_TOKEN } from "./template.ts";

const encoder = new TextEncoder();
const TOKEN_LENGTH = encoder.encode(ORIGIN_TOKEN).byteLength;

/** Bytes to copy, and where in them the origin token starts (none: the build filled the origin in, or there is no URL). */
export interface Piece {
  bytes: Uint8Array;
  marks: readonly number[];
}

/** A piece with no origin token in it. */
export const plain = (bytes: Uint8Array): Piece => ({ bytes, marks: [] });

/**
 * `head` (finished: ./template.ts `fillHead` puts its origin in) + `pieces` as one byte
 * array. `origin`, when given, replaces the origin token at every mark of the pieces
 * (the build left it in because `SITE_URL` was not set).
 */
export function assembleFeed(head: string, pieces: readonly Piece[], origin?: string): Uint8Array {
  const first = encoder.encode(head);
  const fill = origin === undefined ? undefined : encoder.encode(origin);
  const delta = fill === undefined ? 0 : fill.byteLength - TOKEN_LENGTH;
  let size = first.byteLength;
  for (const piece of pieces) size += piece.bytes.byteLength + (fill === undefined ? 0 : piece.marks.length * delta);
  const out = new Uint8Array(size);
  out.set(first, 0);
  let at = first.byteLength;
  for (const { bytes, marks } of pieces) {
    if (fill === undefined || marks.length === 0) {
      out.set(bytes, at);
      at += bytes.byteLength;
      continue;
    }
    let from = 0;
    for (const mark of marks) {
      out.set(bytes.subarray(from, mark), at);
      at += mark - from;
      out.set(fill, at);
      at += fill.byteLength;
      from = mark + TOKEN_LENGTH;
    }
    out.set(bytes.subarray(from), at);
    at += bytes.byteLength - from;
  }
  return out;
}
