/**
 * @module Validators and conditional requests (RFC 9110 sections 8.8 and 13).
 * ETags are derived from the build's content version and the representation's cache
 * key, so no body is ever hashed per request.
 */

/** 32-bit FNV-1a of a string's UTF-16 code units, as 8 hex digits. */
export function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, "0");
}

/** A strong entity tag for the representation identified by `key` in content `version`. */
export function entityTag(version: string, key: string): string {
  return `"${version}-${fnv1a(key)}${fnv1a(`${key}#`)}"`;
}

/** The opaque part of an entity tag, without `W/` (weak comparison, RFC 9110 section 8.8.3.2). */
const opaque = (tag: string) => tag.trim().replace(/^W\//, "");

/**
 * Whether `If-None-Match` matches `etag`: `*` matches any current representation;
 * otherwise any listed tag matches by weak comparison (RFC 9110 section 13.1.2).
 */
export function ifNoneMatchMatches(header: string, etag: string): boolean {
  if (header.trim() === "*") return true;
  const wanted = opaque(etag);
  return (header.match(/(?:W\/)?"[^"]*"/g) ?? []).some((tag) => opaque(tag) === wanted);
}

/**
 * Whether a GET/HEAD should be answered `304 Not Modified`. `If-None-Match` wins when
 * present; `If-Modified-Since` is only evaluated without it (RFC 9110 section 13.2.2),
 * and an unparsable date is ignored (section 13.1.3).
 */
export function isNotModified(headers: Headers, etag: string, lastModified: Date): boolean {
  const inm = headers.get("if-none-match");
  if (inm !== null) return ifNoneMatchMatches(inm, etag);
  const ims = headers.get("if-modified-since");
  if (ims === null) return false;
  const since = Date.parse(ims);
  // HTTP dates have whole seconds: compare at that precision.
  return !Number.isNaN(since) && Math.floor(lastModified.getTime() / 1000) * 1000 <= since;
}
