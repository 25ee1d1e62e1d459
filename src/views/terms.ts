/**
 * @module `/tags.json` and `/categories.json`: every term, its article count and feeds.
 */
import { FORMATS } from "../feed/formats.ts";
import { absoluteUrl, termPath } from "../feed/urls.ts";
import { FEED_FORMATS, type FeedFormat, type TermKind, type TermListing } from "../types.ts";

/** One entry of a term list. */
export interface TermSummary {
  name: string;
  count: number;
  /** Page listing the term's articles. */
  url: string;
  feeds: Record<FeedFormat, string>;
}

/** Every term of `kind`, most articles first, then by name. */
export function listTerms(terms: TermListing[], kind: TermKind, origin: string): TermSummary[] {
  return terms
    .map((term) => {
      const path = termPath(kind, term.name);
      const feeds = Object.fromEntries(FEED_FORMATS.map((format) => [format, absoluteUrl(path + FORMATS[format].file, origin)])) as Record<FeedFormat, string>;
      return { name: term.name, count: term.count, url: absoluteUrl(path, origin), feeds };
    })
    .sort((a, b) => b.count - a.count || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
