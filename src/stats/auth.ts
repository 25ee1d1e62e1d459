/**
 * @module Who may read the counts: whoever sends the secret `STATS_TOKEN` (issue 23),
 * as a bearer token (RFC 6750, `Authorization: Bearer <token>`) or as the password of
 * HTTP Basic authentication with any user name (RFC 7617), so that a browser can open
 * `/stats/` with its own login dialog. The comparison takes the same time whatever the
 * token sent: both sides are hashed with SHA-256 (so their lengths do not show either)
 * and compared with `crypto.subtle.timingSafeEqual`.
 */

/** The realm both challenges name. */
export const REALM = "stats";

/**
 * The challenges of a 401 (RFC 9110 section 11.6.1), Basic first so that browsers show
 * their login dialog: one `WWW-Authenticate` header each. `invalid` adds RFC 6750's
 * `error="invalid_token"` when a token was sent and is wrong.
 */
export function challenges(invalid: boolean): string[] {
  return [`Basic realm="${REALM}", charset="UTF-8"`, `Bearer realm="${REALM}"${invalid ? ', error="invalid_token"' : ""}`];
}

/**
 * The token an `Authorization` header carries: a bearer token, or a Basic password
 * (the part after the first `:` of the decoded credentials, UTF-8). `undefined` when
 * there is none or the header is malformed.
 * @example presentedToken("Bearer abc") === "abc"
 * @example presentedToken(`Basic ${btoa("me:abc")}`) === "abc"
 */
export function presentedToken(authorization: string | null | undefined): string | undefined {
  const match = /^\s*(\S+)\s+(\S+)\s*$/.exec(authorization ?? "");
  if (match === null) return undefined;
  const [, scheme = "", credentials = ""] = match;
  if (scheme.toLowerCase() === "bearer") return credentials;
  if (scheme.toLowerCase() !== "basic") return undefined;
  let decoded: string;
  try {
    decoded = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(Uint8Array.from(atob(credentials), (c) => c.charCodeAt(0)));
  } catch {
    return undefined;
  }
  const colon = decoded.indexOf(":");
  return colon < 0 ? undefined : decoded.slice(colon + 1);
}

const encoder = new TextEncoder();

/** workerd's `crypto.subtle.timingSafeEqual`, a Cloudflare extension (Node's types, which check this file too, lack it). */
type WorkerSubtle = typeof crypto.subtle & { timingSafeEqual(a: ArrayBuffer, b: ArrayBuffer): boolean };

/** Whether `given` is `expected`, in time that does not depend on where they differ or how long they are. */
export async function tokenMatches(given: string, expected: string): Promise<boolean> {
  const [a, b] = await Promise.all([crypto.subtle.digest("SHA-256", encoder.encode(given)), crypto.subtle.digest("SHA-256", encoder.encode(expected))]);
  return (crypto.subtle as WorkerSubtle).timingSafeEqual(a, b);
}
