/**
 * @module Request time: a document from finished bytes. The head (filled in by
 * ./template.ts, its origin included), runs of items exactly as the build wrote and
 * joined them (each run contiguous in a content file, what joins them included), and the
 * tail, concatenated in one copy; when the build could not know the origin, it goes
 * where the build left the `origin` placeholder in them (src/content/pack.ts), in the
 * same copy. No XML or JSON is parsed, escaped or searched here, and the cost does not
 * depend on what the items say, only on how many bytes they are.
 */
import { PLACEHOLDERS } from "../content/placeholders.ts";

const encoder = new TextEncoder();
const PLACEHOLDER_LENGTH = encoder.encode(PLACEHOLDERS.origin).byteLength;

/** Bytes to copy, and where in them the origin placeholder starts (none: the build wrote the origin, or there is no URL). */
export interface Piece {
  bytes: Uint8Array;
  origins: readonly number[];
}

/** A piece with no origin placeholder in it. */
export const plain = (bytes: Uint8Array): Piece => ({ bytes, origins: [] });

/**
 * `head` (finished: ./template.ts `fillHead` puts its origin in) + `pieces` as one byte
 * array. `origin`, when given, replaces the origin placeholder wherever the pieces hold it
 * (the build left it because `SITE_URL` was not set).
 */
export function assembleFeed(head: string, pieces: readonly Piece[], origin?: string): Uint8Array {
  const first = encoder.encode(head);
  const fill = origin === undefined ? undefined : encoder.encode(origin);
  const delta = fill === undefined ? 0 : fill.byteLength - PLACEHOLDER_LENGTH;
  let size = first.byteLength;
  for (const piece of pieces) size += piece.bytes.byteLength + (fill === undefined ? 0 : piece.origins.length * delta);
  const out = new Uint8Array(size);
  out.set(first, 0);
  let at = first.byteLength;
  for (const { bytes, origins } of pieces) {
    if (fill === undefined || origins.length === 0) {
      out.set(bytes, at);
      at += bytes.byteLength;
      continue;
    }
    let from = 0;
    for (const start of origins) {
      out.set(bytes.subarray(from, start), at);
      at += start - from;
      out.set(fill, at);
      at += fill.byteLength;
      from = start + PLACEHOLDER_LENGTH;
    }
    out.set(bytes.subarray(from), at);
    at += bytes.byteLength - from;
  }
  return out;
}
