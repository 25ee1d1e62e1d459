/**
 * @module Placeholders: text the build writes into content where only a request knows
 * what goes, and the worker replaces (the one word for such text in this project). Each
 * is text no real input can hold, and each survives the escaping of every format it is
 * written in unchanged:
 *
 * - `origin`, when `SITE_URL` is not set at build time (`wrangler dev`, a fresh
 *   `*.workers.dev`): every absolute URL is written on it, a valid URL origin on a
 *   reserved `.invalid` host (RFC 6761), so no real link can point there. Packs record
 *   where it is (./pack.ts), so the worker puts the request's origin in while it copies
 *   (src/feed/assemble.ts); the build refuses sources that hold it (src/build/header.ts).
 * - `query`: the canonical query (`""`, `?limit=5`) in a feed head's own URLs; URL-safe.
 * - `title`: what a filtered feed's title adds (issue 13), after the head's title.
 * - `updated`: the feed's update time, the newest of the items shown.
 * - `page`, `older`, `newer`: the page numbers in archive page heads (RFC 5005); path
 *   segments.
 *
 * `title` and `updated` are private-use characters, which the build removes from sources
 * (src/build/header.ts). src/feed/template.ts fills a head's placeholders.
 */

export const PLACEHOLDERS = {
  origin: "https://edge-feeds-origin.invalid",
  query: "?edge-feeds-query",
  title: "\uE000title\uE001",
  updated: "\uE000updated\uE001",
  page: "edge-feeds-page",
  older: "edge-feeds-older",
  newer: "edge-feeds-newer",
} as const;
