/**
 * @module Request time: a feed document from finished bytes. The head (filled in by
 * ./template.ts), runs of items exactly as the build serialised and placed them (each
 * run contiguous in a window file, separators included), and the tail, concatenated;
 * then, when the build could not know the origin, `ORIGIN_TOKEN` replaced by it. No
 * XML or JSON is parsed or escaped here, and the cost does not depend on what the
 * items say, only on how many bytes they are.
 */
import { ORIGIN_TOKEN } from "./template.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * `head` + `runs` + `tail` as one byte array. `origin`, when given, replaces every
 * `ORIGIN_TOKEN` (the build left it in because `SITE_URL` was not set).
 */
export function assembleFeed(head: string, runs: readonly Uint8Array[], tail: Uint8Array, origin?: string): Uint8Array {
  const first = encoder.encode(head);
  const size = first.byteLength + runs.reduce((sum, run) => sum + run.byteLength, 0) + tail.byteLength;
  const out = new Uint8Array(size);
  out.set(first, 0);
  let at = first.byteLength;
  for (const run of runs) {
    out.set(run, at);
    at += run.byteLength;
  }
  out.set(tail, at);
  return origin === undefined ? out : spliceOrigin(out, origin);
}

/** `bytes` with every `ORIGIN_TOKEN` replaced by `origin` (a URL origin: no character needs escaping in XML or JSON). */
export function spliceOrigin(bytes: Uint8Array, origin: string): Uint8Array {
  return encoder.encode(decoder.decode(bytes).replaceAll(ORIGIN_TOKEN, () => origin));
}
