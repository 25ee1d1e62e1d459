/**
 * @module What a route answers with, before any content is read: the contract between
 * the modules that describe documents (src/feed/documents.ts, src/people/documents.ts)
 * and the one that serves them (./respond.ts).
 */

export interface Representation {
  /** Everything the body depends on (kind, scope, format, canonical query, origin): the cache key. */
  key: string;
  /** The opaque part of a strong entity tag, from what the body holds (never the whole content's version). */
  etag: string;
  /** Newest change to what the body shows. */
  lastModified: Date;
  contentType: string;
  /** Makes the body: reads content files and assembles or renders. */
  body(): Promise<Uint8Array | string>;
  /** Further headers of the 200 and 304 alike (CSP; a feed's WebSub `Link`, src/feed/documents.ts `feedHeaders`). */
  headers?: Record<string, string>;
  /** `Vary`. @default "Accept-Encoding" */
  vary?: string;
  /** `Cache-Control`, when not the site's policy. */
  cacheControl?: string;
  /** Whether the worker may keep the finished response for later requests (not when it changes with time). @default true */
  keep?: boolean;
}
