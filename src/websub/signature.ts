/**
 * @module The signature of a content distribution request (W3C WebSub, section 7.1):
 * `X-Hub-Signature: sha256=<hex>`, the HMAC of the request body keyed with the
 * subscriber's `hub.secret`. SHA-256, not the SHA-1 many hubs still send: section 8.3
 * asks for "a minimum of SHA-256". WebCrypto, so the same code runs in workerd and Node.
 */

const encoder = new TextEncoder();

/**
 * The `X-Hub-Signature` value of `body` under `secret`, keyed with its UTF-8 bytes.
 * `secret` is never empty: an empty `hub.secret` means none (./request.ts), and
 * WebCrypto refuses a zero-length HMAC key.
 */
export async function signature(secret: string, body: Uint8Array): Promise<string> {
  const key = await crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, body));
  return `sha256=${Array.from(mac, (byte) => byte.toString(16).padStart(2, "0")).join("")}`;
}
