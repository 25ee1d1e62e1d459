/**
 * @module The one way a cacheable GET is answered. A route describes its
 * representation (`Representation`, src/types.ts): a key naming everything the body depends on, its
 * validators, computed from the content index without reading any content, and how to
 * make the body. `serve` answers from the finished-response cache (./cache.ts) when it
 * can, with `304 Not Modified` when the client's copy is current (no read at all), and
 * otherwise makes the body once and lets the cache keep it.
 */
import type { Context } from "hono";
import type { Representation } from "../types.ts";
import { bodyResponse, epochKey, KEY_HEADER, recall } from "./cache.ts";
import { isNotModified } from "./conditional.ts";
import { capCacheControl, contentOf, type MomentVariables, secondsLeft } from "./moment.ts";
import { readCachePolicy } from "./site.ts";

export type { Representation };

/** What every route of the app is given: the worker's bindings and `[vars]`. */
export type AppEnv = { Bindings: Cloudflare.Env; Variables: MomentVariables };

const encoder = new TextEncoder();

/** Headers a 304 repeats from the 200 (RFC 9110 section 15.4.5) plus our own. */
function validatorHeaders(c: Context, rep: Representation, etag: string): Record<string, string> {
  const policy = readCachePolicy(c.env ?? {});
  const cacheControl = rep.cacheControl ?? `public, max-age=${policy.maxAge}, s-maxage=${policy.sMaxAge}, stale-while-revalidate=${policy.staleWhileRevalidate}`;
  return {
    ETag: etag,
    "Last-Modified": rep.lastModified.toUTCString(),
    // Issue 22: no cache keeps it past the next moment of the schedule.
    "Cache-Control": capCacheControl(cacheControl, secondsLeft(contentOf(c), cacheControl)),
    Vary: rep.vary ?? "Accept-Encoding",
    "X-Content-Type-Options": "nosniff",
    ...rep.headers,
  };
}

/** Answers a GET (Hono runs HEAD through it and drops the body) with `rep`. */
export async function serve(c: Context, shown: Representation): Promise<Response> {
  // Each version of the schedule (issue 22) keeps its own responses (./cache.ts `epochKey`).
  const rep = { ...shown, key: epochKey(shown.key, contentOf(c).epoch) };
  const kept = rep.keep === false ? undefined : recall(c.req.raw, rep.key);
  if (kept) return kept;
  const etag = `"${rep.etag}"`;
  const headers = validatorHeaders(c, rep, etag);
  if (isNotModified(c.req.raw.headers, etag, rep.lastModified)) return new Response(null, { status: 304, headers });
  const body = await rep.body();
  const bytes = typeof body === "string" ? encoder.encode(body) : body;
  return bodyResponse(bytes, {
    ...headers,
    "Content-Type": rep.contentType,
    "Content-Length": String(bytes.byteLength),
    ...(rep.keep === false ? {} : { [KEY_HEADER]: rep.key }),
  });
}
