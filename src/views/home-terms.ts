/**
 * @module The home page's lists of terms: each kind's most used terms with their article
 * counts and feeds, and a link to the kind's index of all of them (issue 24, whose lists
 * use `termItem` too: ./term-index-list.ts). Made at build time (src/build/lists.ts) and read by the home page
 * (src/views/pages.tsx), because a news site's hundreds of terms took a first request
 * about 2 ms of CPU to list (BENCHMARKS.md). Plain TypeScript, not JSX, so that the build
 * (Node, which strips types but does not compile JSX) can run it: `hono/html` escapes
 * every value as `hono/jsx` does, and the markup is the page views' own
 * (tests/worker/people-views.test.ts renders the same lists with `FeedLinks`).
 */
import { html } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import { FORMATS } from "../feed/formats.ts";
import { kindIndexPath, termPath } from "../feed/urls.ts";
import { pageStrings } from "../i18n/strings.ts";
import type { Site } from "../settings.ts";
import { FEED_FORMATS, TERM_KINDS, type TermKind, type TermListing } from "../types.ts";
import { feedUrl, pageUrl } from "./html.ts";

/**
 * Terms of a kind the home page lists: the most used, so that a news site's hundreds of
 * tags do not bury the page. Every one is on the kind's index (`/tags/`), which it links.
 */
export const HOME_TERMS = 40;

/** The terms the home page lists: the `HOME_TERMS` with the most articles, then by name. */
export function homeTerms(terms: readonly TermListing[]): TermListing[] {
  return [...terms].sort((a, b) => b.count - a.count || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).slice(0, HOME_TERMS);
}

/** The lists of every kind of term the site has, as HTML (each value escaped): a site without sections lists none. */
export function renderHomeTerms(terms: Record<TermKind, TermListing[]>, site: Site): string {
  return TERM_KINDS.map((kind) => (kind === "sections" && terms[kind].length === 0 ? "" : String(termSection(site, kind, terms[kind])))).join("");
}

/** A term as lists show it: its page, its article count and its feeds (the home page, the kind's index: ./term-index.tsx). */
export function termItem(site: Site, kind: TermKind, term: TermListing): HtmlEscapedString | Promise<HtmlEscapedString> {
  const words = pageStrings(site.language);
  const scope = { kind, key: term.key, name: term.name };
  const links = FEED_FORMATS.map((f) => html`<a href="${feedUrl(site, scope, f)}" type="${FORMATS[f].type}">${FORMATS[f].name}</a>`);
  return html`<li><a href="${pageUrl(site, termPath(kind, term.key))}">${term.name}</a> <span class="muted">${words.termCount(term.count)}</span>${words.colon}${links.flatMap((link, i) => (i === 0 ? [link] : [" · ", link]))}</li>`;
}

/** One kind of term: its most used terms, each with its article count and its feeds; a link to the index of all of them (issue 24). */
function termSection(site: Site, kind: TermKind, terms: TermListing[]): HtmlEscapedString | Promise<HtmlEscapedString> {
  const words = pageStrings(site.language);
  const items = homeTerms(terms).map((t) => termItem(site, kind, t));
  const all = terms.length > 0 ? html`<p class="all"><a href="${pageUrl(site, kindIndexPath(kind))}">${words.allTerms[kind](terms.length)}</a></p>` : "";
  return html`<h2>${words.kinds[kind].many}</h2><ul class="plain">${items}</ul>${all}`;
}
