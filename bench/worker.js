/**
 * @module Bench-only worker entry (never deployed): the real app, plus two routes the
 * benchmark needs inside the same isolate.
 * - `/__baseline?bytes=N` answers N constant bytes from a cached `Uint8Array`: the
 *   cheapest response this worker can give, the denominator of every warm ratio.
 * - `/__index` only opens the bundled content (parses the index or catalog module),
 *   so that its cold cost minus the cold cost of `/__baseline` is the price of that
 *   parse alone. It calls whichever of `contentLibrary()` (catalog + Data module) or
 *   `contentIndex()` (one JSON index) src/articles.ts exports.
 * Everything else goes to the app unchanged.
 *
 * Plain JavaScript on purpose: tsconfig.node.json checks everything under bench/ as
 * Node code, and this file runs in workerd (the worker tsconfig checks src/ itself).
 */
import * as content from "../src/articles.ts";
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
  /** @param {Request} request @param {...any} rest */
  fetch(request, ...rest) {
    const url = new URL(request.url);
    if (url.pathname === "/__baseline") {
      const bytes = Math.min(Math.max(Number(url.searchParams.get("bytes")) || 0, 0), 64 << 20);
      return new Response(constantBody(bytes), { headers: { "Content-Type": "application/rss+xml; charset=utf-8" } });
    }
    if (url.pathname === "/__index") {
      const open = /** @type {any} */ (content);
      const opened = (open.contentLibrary ?? open.contentIndex)?.();
      return new Response(String(opened?.count ?? opened?.articles?.length));
    }
    return app.fetch(request, ...rest);
  },
};
