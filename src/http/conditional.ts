/**
 * @module Conditional requests (RFC 9110 sections 8.8 and 13). Entity tags are made by
 * the routes from what each body holds (src/feed/validators.ts), so no body is ever
 * hashed per request.
 */

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
