/**
 * @module The one in-isolate cache of finished responses. A representation (a feed in
 * one format, scope, canonical query and origin; a page) is kept once, as the bytes and
 * every header the client got, under the key its route gives it (src/http/respond.ts).
 * Request URLs are aliases of those keys: once a URL has been answered, later `GET`,
 * `HEAD` and conditional requests for it are answered from here before routing and
 * middleware run (`replay`), which keeps a warm request within reach of a worker that
 * returns a constant body (BENCHMARKS.md). Other URLs of the same representation
 * (`?utm_source=x`) share its bytes.
 *
 * Keys and aliases are per isolate, and an isolate never outlives its deploy, so no key
 * needs a content version; within a deploy, each version of the schedule (issue 22,
 * src/content/schedule.ts) has keys and aliases of its own (`epochKey`), so a response
 * made before a moment is never replayed after it.
 */
import { isNotModified } from "./conditional.ts";
import { ByteLru } from "./lru.ts";

/** A finished response, ready to be sent again. */
interface Finished {
  bytes: Uint8Array;
  byteLength: number;
  headers: [string, string][];
  /** The same headers without `Content-Type` and `Content-Length`, for 304s. */
  notModified: [string, string][];
  etag: string;
  lastModified: Date;
}

/** The bytes of responses `serve()` made, so that keeping one does not read its body back. */
const bodies = new WeakMap<Response, Uint8Array>();

/** A 200 with `bytes` as its body, which `remember` can keep without reading it back. */
export function bodyResponse(bytes: Uint8Array, headers: Record<string, string>): Response {
  const response = new Response(bytes, { headers });
  bodies.set(response, bytes);
  return response;
}

/** The header through which a route names its response's representation; never sent to clients. */
export const KEY_HEADER = "x-edge-feeds-key";

/** At most 32 MiB and 4,096 responses per isolate. */
const finished = new ByteLru<Finished>(32 * 1024 * 1024, 4096);

/** URL (and `Sec-Fetch-Dest`) -> representation key; bounded like the responses. */
const aliases = new Map<string, string>();
const MAX_ALIASES = 8192;

/** The one request header a body depends on besides the URL: browser view or feed; and the schedule's version. */
function aliasOf(request: Request, epoch: number): string | undefined {
  if (request.method !== "GET" && request.method !== "HEAD") return undefined;
  return `${epoch} ${request.headers.get("sec-fetch-dest") === "document" ? "document" : "other"} ${request.url}`;
}

/** `key` in version `epoch` of the schedule: the build's own version's keys are as routes give them. */
export function epochKey(key: string, epoch: number): string {
  return epoch === 0 ? key : `${key}|@${epoch}`;
}

/** The version of the schedule a key belongs to. */
function epochOf(key: string): number {
  const at = key.lastIndexOf("|@");
  return at < 0 ? 0 : Number(key.slice(at + 2));
}

/** `kept` as the answer to `request`: a 304 when the client's copy is current, a body-less 200 to HEAD. */
function answer(request: Request, kept: Finished): Response {
  if (isNotModified(request.headers, kept.etag, kept.lastModified)) return new Response(null, { status: 304, headers: kept.notModified });
  return new Response(request.method === "HEAD" ? null : kept.bytes, { headers: kept.headers });
}

/** The kept response for `request`'s URL, if any: the warm path, before routing. */
export function replay(request: Request, epoch = 0): Response | undefined {
  const alias = aliasOf(request, epoch);
  const key = alias === undefined ? undefined : aliases.get(alias);
  const kept = key === undefined ? undefined : finished.get(key);
  return kept && answer(request, kept);
}

/** The kept response for representation `key`, if any (routes look here before making a body). */
export function recall(request: Request, key: string): Response | undefined {
  const kept = finished.get(key);
  if (kept === undefined) return undefined;
  const response = answer(request, kept);
  // So that `remember` makes this URL an alias of the representation.
  response.headers.set(KEY_HEADER, key);
  return response;
}

/**
 * Keeps `response` when its route named a representation and it is a 200 to a GET;
 * returns it without the internal header.
 */
export async function remember(request: Request, response: Response): Promise<Response> {
  const key = response.headers.get(KEY_HEADER);
  if (key === null) return response;
  const made = bodies.get(response);
  if (made !== undefined) {
    // Our own response: its headers can change, and its bytes are at hand.
    response.headers.delete(KEY_HEADER);
    keep(request, key, made, response);
    return response;
  }
  const headers = [...response.headers].filter(([name]) => name !== KEY_HEADER);
  const alias = aliasOf(request, epochOf(key));
  const etag = response.headers.get("etag");
  const lastModified = response.headers.get("last-modified");
  if (request.method !== "GET" || response.status !== 200 || alias === undefined || etag === null || lastModified === null) {
    return new Response(response.body, { status: response.status, headers });
  }
  if (finished.get(key)?.etag === etag) {
    setAlias(alias, key);
    return new Response(response.body, { status: 200, headers });
  }
  const bytes = new Uint8Array(await response.arrayBuffer());
  const kept = new Response(bytes, { status: 200, headers });
  keep(request, key, bytes, kept);
  return kept;
}

/** Keeps `response` (a 200 without the internal header, whose body is `bytes`) for `request`'s URL, when it may be kept. */
function keep(request: Request, key: string, bytes: Uint8Array, response: Response): void {
  const alias = aliasOf(request, epochOf(key));
  const etag = response.headers.get("etag");
  const lastModified = response.headers.get("last-modified");
  if (request.method !== "GET" || response.status !== 200 || alias === undefined || etag === null || lastModified === null) return;
  if (finished.get(key)?.etag !== etag) {
    const headers = [...response.headers];
    finished.set(key, {
      bytes,
      byteLength: bytes.byteLength,
      headers,
      notModified: headers.filter(([name]) => name !== "content-type" && name !== "content-length"),
      etag,
      lastModified: new Date(lastModified),
    });
  }
  setAlias(alias, key);
}

function setAlias(alias: string, key: string): void {
  if (aliases.size >= MAX_ALIASES && !aliases.has(alias)) aliases.delete(aliases.keys().next().value as string);
  aliases.set(alias, key);
}
