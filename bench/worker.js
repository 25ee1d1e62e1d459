/**
 * @module Bench-only worker entry (never deployed): the real app, plus two routes the
 * benchmark needs inside the same isolate.
 * - `/__baseline?bytes=N` answers N constant bytes from a cached `Uint8Array`: the
 *   cheapest response this worker can give, the denominator of every ratio.
 * - `/__count?n=N&count=yes|no&clients=one|distinct&from=K` makes N feed requests (one
 *   reader's, or each from its own address, numbered from K) and, with `count=yes`, counts
 *   each as the worker counts a 304 of the site RSS (src/stats/count.ts `countFetch`),
 *   then sends the batches (1,000 clients at most each) and waits for the store to take them: the CPU of `count=yes` less
 *   that of `count=no` over N is what counting costs a fetch (./stats.ts).
 * - `/__index` only opens the index the script carries (`content()`: parses
 *   catalog.json.txt and maps index.bin), so that its cold cost minus the cold cost of
 *   `/__baseline` is the price of opening the index alone. It reads no content file.
 * Everything else goes to the app unchanged. The subscriber counts' Durable Object class is
 * exported too, for the bench that binds it (./stats.ts); the rest of the bench binds no
 * Durable Object, so the worker counts nothing there.
 *
 * Plain JavaScript on purpose: tsconfig.node.json checks everything under bench/ as
 * Node code, and this file runs in workerd (the worker tsconfig checks src/ itself).
 */
import { content } from "../src/content/bundled.ts";
import app from "../src/index.ts";
import { counter, countFetch, send } from "../src/stats/count.ts";

export { SubscriberStats } from "../src/index.ts";

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

const READER = "NetNewsWire (RSS Reader; https://netnewswire.com/)";

/** @param {URL} url @param {any} env @param {any} ctx */
async function countMany(url, env, ctx) {
  const n = Math.min(Number(url.searchParams.get("n")) || 1000, 100_000);
  const from = Number(url.searchParams.get("from")) || 0;
  const counted = url.searchParams.get("count") === "yes";
  const distinct = url.searchParams.get("clients") === "distinct";
  const response = new Response(null, { status: 304, headers: { link: `<${url.origin}/rss.xml>; rel="self"`, etag: '"bench"' } });
  for (let i = from; i < from + n; i++) {
    const ip = distinct ? `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` : "192.0.2.1";
    const request = new Request(`${url.origin}/rss.xml`, { headers: { "user-agent": READER, "cf-connecting-ip": ip } });
    if (counted) countFetch(request, response, env, ctx);
  }
  // Every client sent (a batch takes at most 1,000), so that their whole cost is this request's.
  if (counted)
    do await send(env);
    while (!counter.tally.empty);
  return new Response(String(n));
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
    if (url.pathname === "/__count") return countMany(url, env, ctx);
    return app.fetch(request, env, ctx);
  },
};
