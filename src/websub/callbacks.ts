/**
 * @module The two requests the hub makes to a subscriber's callback, and how it reads
 * the answers: verification of intent, a GET that must echo a challenge (W3C WebSub,
 * section 5.3), and content distribution, a POST of the topic's new document (section
 * 7). Pure: the hub (./hub.ts) sends them.
 */

import type { HubMode } from "./request.ts";
import { signature } from "./signature.ts";

/** How long the hub waits for a callback to answer, ms. */
export const CALLBACK_TIMEOUT_MS = 10_000;

/**
 * Sends `request` and reads its answer with `read`, both within `ms`. The timer is
 * cleared as soon as that is done: `AbortSignal.timeout` would keep it running for its
 * whole span, and with it the Durable Object awake (and billed for duration).
 */
export async function exchange<T>(request: Request, ms: number, read: (response: Response) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error(`no answer within ${ms} ms`)), ms);
  try {
    return await read(await fetch(request, { signal: controller.signal }));
  } finally {
    clearTimeout(timer);
  }
}

/** A hub-generated, random, single-use challenge (section 8.2): 128 bits, hex. */
export function newChallenge(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/**
 * The verification URL: the callback with `hub.mode`, `hub.topic` (as the subscriber gave
 * it), `hub.challenge` and, when subscribing, `hub.lease_seconds` appended to its query
 * with `&`, the callback's own parameters kept as they are (section 5.1.1).
 */
export function verificationUrl(callback: string, mode: HubMode, topic: string, challenge: string, leaseSeconds?: number): string {
  const url = new URL(callback);
  const params = new URLSearchParams({ "hub.mode": mode, "hub.topic": topic, "hub.challenge": challenge });
  if (mode === "subscribe" && leaseSeconds !== undefined) params.set("hub.lease_seconds", String(leaseSeconds));
  url.hash = "";
  url.search = url.search === "" ? `?${params}` : `${url.search}&${params}`;
  return url.href;
}

/**
 * Whether a verification answer confirms the subscriber's intent: a 2xx whose body is
 * the challenge. "Other server response codes (3xx, 4xx, 5xx) ... [mean] the
 * verification request has failed", as does a 2xx with another body (section 5.3.1).
 */
export function confirms(status: number, body: string, challenge: string): boolean {
  return status >= 200 && status < 300 && body === challenge;
}

/**
 * A body as text, read up to a byte more than `max` and no further (a callback or a
 * client could send anything), the rest cancelled.
 */
export async function readCapped(message: { body: ReadableStream<Uint8Array> | null }, max: number): Promise<string> {
  if (message.body === null) return "";
  const reader = message.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (size <= max) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
  }
  await reader.cancel().catch(() => {});
  const bytes = new Uint8Array(Math.min(size, max + 1));
  let at = 0;
  for (const chunk of chunks) {
    const part = chunk.subarray(0, bytes.byteLength - at);
    bytes.set(part, at);
    at += part.byteLength;
  }
  return new TextDecoder().decode(bytes);
}

/** A topic's new document, ready to send to every subscriber. */
export interface Distribution {
  body: Uint8Array;
  /** The topic's `Content-Type` (section 7: "corresponding to the Content-Type of the topic"). */
  contentType: string;
  /** `<hub>; rel="hub", <topic>; rel="self"` (section 7). */
  link: string;
}

/** The POST that delivers `content` to `callback`, signed when the subscription has a secret (section 7.1). */
export async function distributionRequest(callback: string, content: Distribution, secret: string | null): Promise<Request> {
  const headers: Record<string, string> = { "Content-Type": content.contentType, Link: content.link };
  if (secret !== null) headers["X-Hub-Signature"] = await signature(secret, content.body);
  // The exact callback, query included (section 8.3); redirects are answers, not hops (section 7).
  return new Request(callback, { method: "POST", headers, body: content.body, redirect: "manual" });
}

/** What a distribution answer means for the subscription: done, retry later, or the subscriber has deleted it (410, section 7). */
export function outcome(status: number): "delivered" | "gone" | "failed" {
  if (status >= 200 && status < 300) return "delivered";
  return status === 410 ? "gone" : "failed";
}
