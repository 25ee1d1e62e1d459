/**
 * @module The warm path. Once the app has answered a GET with a 200, the finished
 * response (bytes and every header, CORS and CSP included) is kept per request URL, and
 * later GET, HEAD and conditional requests for that URL are answered from it before
 * routing and middleware run. Benchmarks showed Hono's routing and middleware as most of
 * a warm request's CPU (BENCHMARKS.md); this puts a memoised feed within reach of a
 * worker returning a constant body.
 *
 * Only 200s with an ETag are kept (cacheable representations, from `respond()`), keyed by
 * the full URL and by `Sec-Fetch-Dest: document` (the one request header a body depends
 * on: browser view or feed). Entries are per isolate, and an isolate never outlives its
 * deploy's content version, so no key needs the version.
 */
import { isNotModified } from "./conditional.ts";
import { ByteLru } from "./lru.ts";

/** A finished response, ready to be sent again. */
interface Replay {
  bytes: Uint8Array;
  byteLength: number;
  headers: [string, string][];
  /** The same headers without `Content-Type` and `Content-Length`, for 304s. */
  notModified: [string, string][];
  etag: string;
  lastModified: Date;
}

/** At most 16 MiB and 2,048 responses per isolate. */
const replays = new ByteLru<Replay>(16 * 1024 * 1024, 2048);

function replayKey(request: Request): string | undefined {
  if (request.method !== "GET" && request.method !== "HEAD") return undefined;
  return `${request.headers.get("sec-fetch-dest") === "document" ? "document" : "other"} ${request.url}`;
}

/** The kept response for `request`, as a 200, a body-less HEAD answer, or a 304; `undefined` when none is kept. */
export function replay(request: Request): Response | undefined {
  const key = replayKey(request);
  const kept = key === undefined ? undefined : replays.get(key);
  if (kept === undefined) return undefined;
  if (isNotModified(request.headers, kept.etag, kept.lastModified)) return new Response(null, { status: 304, headers: kept.notModified });
  return new Response(request.method === "HEAD" ? null : kept.bytes, { headers: kept.headers });
}

/** Keeps `response` for replay when it is a 200 to a GET with an ETag; returns an equivalent response. */
export async function remember(request: Request, response: Response): Promise<Response> {
  const key = replayKey(request);
  const etag = response.headers.get("etag");
  const lastModified = response.headers.get("last-modified");
  if (request.method !== "GET" || key === undefined || response.status !== 200 || etag === null || lastModified === null) return response;
  const bytes = new Uint8Array(await response.arrayBuffer());
  const headers = [...response.headers];
  replays.set(key, {
    bytes,
    byteLength: bytes.byteLength,
    headers,
    notModified: headers.filter(([name]) => name !== "content-type" && name !== "content-length"),
    etag,
    lastModified: new Date(lastModified),
  });
  return new Response(bytes, { status: 200, headers });
}
