/**
 * @module A subscription request to the built-in hub (W3C WebSub, section 5.1), read and
 * checked before anything is stored or any callback is contacted. Pure. A request that
 * is not one is refused with the status and the reason the hub answers (section 5.1.2:
 * "an appropriate HTTP error response code (4xx or 5xx) MUST be returned ... a
 * description of the error in the response body as plain text"), every problem at once.
 * A reason names the parameter and what it must be, never the value sent (issue 21):
 * an answer is no place for text a client chose.
 */

export type HubMode = "subscribe" | "unsubscribe";

/** What a subscriber asked for. */
export interface HubRequest {
  mode: HubMode;
  /** `hub.topic` as sent: the verification request echoes it (section 5.3). */
  topic: string;
  /**
   * `hub.callback` normalised (`normaliseCallback`): the URL the hub calls, and with the
   * topic what identifies a subscription.
   */
  callback: string;
  /** `hub.lease_seconds`, when a subscription asks for one. */
  leaseSeconds?: number;
  /** `hub.secret`, when a subscription gives one (empty means none). */
  secret?: string;
}

/** Why a request is refused: the status and the plain-text body of the answer. */
export interface Refusal {
  status: 400 | 404 | 413 | 415 | 429;
  reason: string;
}

/** Longest request body read, and longest topic or callback URL accepted. */
export const MAX_BODY_BYTES = 16 * 1024;
const MAX_URL_LENGTH = 2048;
/** Section 5.1: hub.secret "MUST be less than 200 bytes in length". */
const SECRET_BYTES = 200;

const FORM = "application/x-www-form-urlencoded";
const encoder = new TextEncoder();

/** `value` as an absolute http(s) URL, or `undefined`. */
export function httpUrl(value: string): URL | undefined {
  const url = URL.parse(value);
  return url && (url.protocol === "http:" || url.protocol === "https:") ? url : undefined;
}

/**
 * `%XX` escapes of unreserved characters (RFC 3986 section 2.3) decoded: "Hubs MUST
 * always decode non-reserved characters for these URL parameters" (WebSub 5.1.1, of
 * `hub.topic` and `hub.callback`).
 */
export function decodeUnreserved(text: string): string {
  return text.replace(/%([0-9A-Fa-f]{2})/g, (encoded, hex: string) => {
    const c = String.fromCharCode(Number.parseInt(hex, 16));
    return /[A-Za-z0-9\-._~]/.test(c) ? c : encoded;
  });
}

/**
 * A callback URL as the hub keeps and calls it (issue 21): as the WHATWG URL parser, which
 * `fetch` uses, writes it (scheme and host in lower case, IP addresses in their canonical
 * form, `0x7f000001` and `127.1` as `127.0.0.1`, white space around it gone), its
 * unreserved characters decoded, without a fragment (no request carries one). Two
 * requests whose callbacks differ only in spelling are then the same subscription.
 */
export function normaliseCallback(callback: URL): string {
  const url = new URL(callback.href);
  url.hash = "";
  url.pathname = decodeUnreserved(url.pathname);
  if (url.search !== "") url.search = decodeUnreserved(url.search);
  return url.href;
}

/**
 * The host a callback counts against in the per-host limit: its normalised host name
 * (`normaliseCallback`) without the trailing dot of a fully qualified name, which names
 * the same host (`localhost.` is `localhost`).
 */
export function callbackHost(callback: string): string {
  return new URL(callback).hostname.replace(/\.+$/, "");
}

/**
 * Reads a request to the hub from its `Content-Type` and body. Parameters the hub does
 * not know are ignored ("Hubs MUST ignore additional request parameters they do not
 * understand"); `hub.lease_seconds` and `hub.secret` are ignored when unsubscribing
 * (section 5.1: "MUST be ignored by the hub in that case").
 */
export function parseHubRequest(contentType: string | null | undefined, body: string): { ok: true; request: HubRequest } | ({ ok: false } & Refusal) {
  const type = (contentType ?? "").split(";")[0]?.trim().toLowerCase();
  if (type !== FORM)
    return {
      ok: false,
      status: 415,
      reason: `A subscription request is a form: Content-Type must be ${FORM} (WebSub 5.1).`,
    };
  const params = new URLSearchParams(body);
  const problems: string[] = [];
  const one = (name: string, required: boolean): string | undefined => {
    const values = params.getAll(name);
    if (values.length > 1) problems.push(`${name} is given ${values.length} times: give it once`);
    else if (required && (values[0] ?? "") === "") problems.push(`${name} is required (WebSub 5.1)`);
    return values.length === 1 ? values[0] : undefined;
  };
  const mode = one("hub.mode", true);
  const topic = one("hub.topic", true);
  const callback = one("hub.callback", true);
  if (mode && mode !== "subscribe" && mode !== "unsubscribe") {
    problems.push(`hub.mode must be "subscribe" or "unsubscribe" (WebSub 5.1)${mode === "publish" ? ": this hub notices new content by itself, publishers need not ping it" : ""}`);
  }
  const callbackUrl = callback && callback.length <= MAX_URL_LENGTH ? httpUrl(callback) : undefined;
  if (callback && callbackUrl === undefined) {
    problems.push(`hub.callback must be an absolute http or https URL of at most ${MAX_URL_LENGTH} characters (WebSub 5.1.1)`);
  }
  if (topic && topic.length > MAX_URL_LENGTH) problems.push(`hub.topic must be at most ${MAX_URL_LENGTH} characters`);
  const request: HubRequest = { mode: mode as HubMode, topic: topic ?? "", callback: callbackUrl ? normaliseCallback(callbackUrl) : "" };
  if (mode === "subscribe") {
    const lease = one("hub.lease_seconds", false);
    if (lease !== undefined && lease !== "") {
      if (/^[0-9]{1,10}$/.test(lease) && Number(lease) > 0) request.leaseSeconds = Number(lease);
      else problems.push("hub.lease_seconds must be a positive whole number of seconds (WebSub 5.1)");
    }
    const secret = one("hub.secret", false);
    if (secret !== undefined && secret !== "") {
      const bytes = encoder.encode(secret).byteLength;
      if (bytes >= SECRET_BYTES) problems.push(`hub.secret must be less than ${SECRET_BYTES} bytes (WebSub 5.1); this one is ${bytes}`);
      else request.secret = secret;
    }
  }
  if (problems.length > 0) return { ok: false, status: 400, reason: `Bad subscription request: ${problems.join("; ")}.` };
  return { ok: true, request };
}
