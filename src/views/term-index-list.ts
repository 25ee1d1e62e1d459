/**
 * @module The lists on a kind's index pages (`/tags/`, `/tags/?page=2`; issue 24): every
 * term of the kind, `TERMS_PER_PAGE` a page, most articles first. Made at build time
 * (src/build/term-index.ts) like the home page's lists (./home-terms.ts, whose items
 * these are), because listing a news site's thousands of tags at request time would cost
 * milliseconds of CPU; the page around a list is ./term-index.tsx. Plain TypeScript, not
 * JSX, so that the build can run it; `hono/html` escapes every value.
 */
import { html } from "hono/html";
import { TERMS_PER_PAGE } from "../content/layout.ts";
import type { Site } from "../settings.ts";
import type { TermKind, TermListing } from "../types.ts";
import { termItem } from "./home-terms.ts";

/**
 * Terms in the order the index lists them: most articles first, then by key (the name in
 * lower case, NFC), which no Chinese variant converts, so that a term is on the same page
 * in the original and in every variant.
 */
export function termIndexOrder<T extends Pick<TermListing, "count" | "key">>(terms: readonly T[]): T[] {
  return [...terms].sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** The query of page `page` of a kind's index: none for the first (`/tags/`, `/tags/?page=2`). */
export function indexQuery(page: number): string {
  return page === 1 ? "" : `?page=${page}`;
}

/** Each page's list of the index of `kind`, as HTML: `terms` (in index order) `perPage` at a time. */
export function renderTermIndexLists(kind: TermKind, terms: readonly TermListing[], site: Site, perPage = TERMS_PER_PAGE): string[] {
  const pages: string[] = [];
  for (let from = 0; from < terms.length; from += perPage) {
    pages.push(String(html`<ul class="plain terms">${terms.slice(from, from + perPage).map((term) => termItem(site, kind, term))}</ul>`));
  }
  return pages;
}
