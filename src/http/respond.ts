/**
 * @module The one way a cacheable GET is answered: memoised bytes in the isolate
 * (byte-bounded LRU), then the Workers Cache API, then `build()`; validators from the
 * content version and the cache key; 304 when the client's copy is current.
 *
 * Cache keys always include the content version, so a deploy with new content never
 * serves an old body from either cache.
 */
import type { Context } from "hono";
import { contentLibrary } from "../articles.ts";
import { type CachePolicy, readCachePolicy, readSite, type Site } from "../site.ts";
import { entityTag, isNotModified } from "./conditional.ts";
import { ByteLru } from "./lru.ts";

/** What a route produces, before bytes and headers. */
export interface Representation {
  body: string;
  contentType: string;
  /** Newest change to what the body shows, for `Last-Modified`. */
  lastModified: Date;
}

/** A memoised response body with its validators. */
interface Stored {
  bytes: Uint8Array;
  byteLength: number;
  contentType: string;
  etag: string;
  /** HTTP-date (RFC 9110 section 5.6.7). */
  lastModified: string;
}

/** Memoised bodies: at most 32 MiB and 4,096 entries per isolate. */
export const memo = new ByteLru<Stored>(32 * 1024 * 1024, 4096);

const encoder = new TextEncoder();

/** Headers a 304 repeats from the 200 (RFC 9110 section 15.4.5) plus our own. */
function validatorHeaders(stored: Stored, policy: CachePolicy, vary: string): Record<string, string> {
  return {
    ETag: stored.etag,
    "Last-Modified": stored.lastModified,
    "Cache-Control": `public, max-age=${policy.maxAge}, s-maxage=${policy.sMaxAge}, stale-while-revalidate=${policy.staleWhileRevalidate}`,
    Vary: vary,
    "X-Content-Type-Options": "nosniff",
  };
}

/** The `waitUntil` of the current request, when there is one (not in `app.request()` tests). */
function waitUntil(c: Context): ((promise: Promise<unknown>) => void) | undefined {
  try {
    const ctx = c.executionCtx;
    return (promise) => ctx.waitUntil(promise);
  } catch {
    return undefined;
  }
}

/** The Cache API's default cache, where the runtime has one. */
const edgeCache = (): Cache | undefined => (typeof caches === "undefined" ? undefined : (caches as unknown as { default: Cache }).default);

/** A Cache API key for `key`: same origin as the request, never a real route. */
const edgeKey = (c: Context, key: string) => `${new URL(c.req.url).origin}/__cache/${encodeURIComponent(key)}`;

async function fromEdge(c: Context, key: string): Promise<Stored | undefined> {
  const hit = await edgeCache()?.match(edgeKey(c, key));
  if (!hit) return undefined;
  const bytes = new Uint8Array(await hit.arrayBuffer());
  return {
    bytes,
    byteLength: bytes.byteLength,
    contentType: hit.headers.get("content-type") ?? "application/octet-stream",
    etag: hit.headers.get("etag") ?? "",
    lastModified: hit.headers.get("last-modified") ?? "",
  };
}

/**
 * Answers a GET (Hono runs HEAD through it and drops the body) for the representation
 * identified by `key`, which must name everything the body depends on except the
 * content `version`.
 */
export async function respond(
  c: Context,
  options: { version: string; key: string; policy: CachePolicy; vary?: string },
  build: () => Representation,
): Promise<Response> {
  const key = `${options.version}|${options.key}`;
  const vary = options.vary ?? "Accept-Encoding";
  let stored = memo.get(key) ?? (await fromEdge(c, key));
  if (stored === undefined) {
    const made = build();
    const bytes = encoder.encode(made.body);
    stored = {
      bytes,
      byteLength: bytes.byteLength,
      contentType: made.contentType,
      etag: entityTag(options.version, options.key),
      lastModified: made.lastModified.toUTCString(),
    };
    const response = new Response(bytes, { headers: { "Content-Type": stored.contentType, ...validatorHeaders(stored, options.policy, vary) } });
    const cache = edgeCache();
    if (cache) waitUntil(c)?.(cache.put(edgeKey(c, key), response));
  }
  memo.set(key, stored);
  const headers = validatorHeaders(stored, options.policy, vary);
  if (isNotModified(c.req.raw.headers, stored.etag, new Date(stored.lastModified))) {
    return new Response(null, { status: 304, headers });
  }
  return new Response(stored.bytes, {
    headers: { ...headers, "Content-Type": stored.contentType, "Content-Length": String(stored.byteLength) },
  });
}

/** Extra response headers and `Vary` for `serve()`. */
export interface ServeOptions {
  /** Headers that are not part of the cached body (CSP): set on 200 and 304 alike. */
  headers?: Record<string, string>;
  /** `Vary` value. @default "Accept-Encoding" */
  vary?: string;
}

/**
 * What every route calls: `respond()` with the content version, the site's settings and
 * the origin in the key (bodies hold absolute URLs). `key` must name everything else the
 * body depends on (scope, format, canonical query) and nothing more, so ignored query
 * parameters cannot fragment the caches.
 */
export async function serve(c: Context, key: string, build: (site: Site) => Representation, options: ServeOptions = {}) {
  const site = readSite(c.env, c.req.url);
  const response = await respond(
    c,
    {
      version: contentLibrary().version,
      key: `${key}|${site.origin}`,
      policy: readCachePolicy(c.env),
      ...(options.vary ? { vary: options.vary } : {}),
    },
    () => build(site),
  );
  for (const [name, value] of Object.entries(options.headers ?? {})) response.headers.set(name, value);
  return response;
}
