/**
 * @module Bench-only worker entry (never deployed): the real app, plus two routes the
 * benchmark needs inside the same isolate.
 * - `/__baseline?bytes=N` answers N constant bytes from a cached `Uint8Array`: the
 *   cheapest response this worker can give, the denominator of every ratio.
 * - `/__index` only opens the index the script carries (`content()`: parses
 *   catalog.json.txt and maps index.bin), so that its cold cost minus the cold cost of
 *   `/__baseline` is the price of opening the index alone. It reads no content file.
 * Everything else goes to the app unchanged.
 *
 * Plain JavaScript on purpose: tsconfig.node.json checks everything under bench/ as
 * Node code, and this file runs in workerd (the worker tsconfig checks src/ itself).
 */
import { content } from "../src/content/bundled.ts";
import app from "../src/index.ts";

/** @type {Map<number, Uint8Array>} */
const bodies = new Map();

/** @param {number} bytes */
function constantBody(bytes) {
  let body = bodies.get(bytes);
  if (body === undefined) {
    body = new Uint8Array(bytes).fill(0x61);
    bodies.set(bytes, body);
  }
  return body;
}

export default {
  /** @param {Request} request @param {any} env @param {any} ctx */
  fetch(request, env, ctx) {
    const url = new URL(request.url);
    if (url.pathname === "/__baseline") {
      const bytes = Math.min(Math.max(Number(url.searchParams.get("bytes")) || 0, 0), 64 << 20);
      return new Response(constantBody(bytes), { headers: { "Content-Type": "application/rss+xml; charset=utf-8" } });
    }
    if (url.pathname === "/__index") return new Response(String(content().count));
    return app.fetch(request, env, ctx);
  },
};
