/**
 * @module The three formats the service speaks and the `?limit=` every feed takes:
 * constants shared by the build, the worker and the pages, kept apart from the
 * serialiser so the worker does not bundle `feed`.
 */
import type { FeedFormat } from "../types.ts";

/** Default and bounds of `?limit=`. */
export const LIMITS = { default: 20, min: 1, max: 100 } as const;

export const CONTENT_TYPES: Record<FeedFormat, string> = {
  rss: "application/rss+xml; charset=utf-8",
  atom: "application/atom+xml; charset=utf-8",
  json: "application/feed+json; charset=utf-8",
};

/** Media type of a format without parameters, for `type` attributes. */
export function mediaType(format: FeedFormat): string {
  return CONTENT_TYPES[format].split(";")[0] as string;
}

/** The canonical query of a feed URL for `limit`: nothing for the default. */
export function limitQuery(limit: number): string {
  return limit === LIMITS.default ? "" : `?limit=${limit}`;
}
