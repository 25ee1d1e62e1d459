/**
 * @module The sitemap files (issue 24; the protocol's rules: src/views/sitemap.ts), made at
 * build time from what the main thread holds (every published article's permalink and
 * update time, every term's articles), so a crawler's request reads one file:
 *
 * - `articles-<n>`: every article's page, counted from the oldest (as the chunks count
 *   them), `<lastmod>` its update time: adding an article rewrites the last file only;
 * - `pages-<n>`: the home page, each kind's index pages and every term's page, `<lastmod>`
 *   when what the page shows last changed (the `Last-Modified` the worker answers with).
 *
 * Written on `SITE_URL`'s origin, or with the origin placeholder for the worker to replace. The
 * catalog lists the files with a hash and their newest `<lastmod>`, which is all the
 * sitemap index and every validator need.
 */
import { join } from "node:path";
import type { SitemapRow } from "../content/index-format.ts";
import { sitemapPath, termIndexPageCount } from "../content/layout.ts";
import { packSegments } from "../content/pack.ts";
import { LIMITS } from "../feed/query.ts";
import { termPath } from "../feed/urls.ts";
import type { SiteSettings } from "../settings.ts";
import { type Scope, TERM_KINDS } from "../types.ts";
import { LONGEST_ORIGIN, newestLastmod, renderUrlset, SITEMAP_LIMITS, type SitemapBudget, type SitemapEntry, splitSitemaps, URLS_PER_SITEMAP } from "../views/sitemap.ts";
import { indexQuery } from "../views/term-index-list.ts";
import { writeAtomic } from "./files.ts";
import { hashWords, outputSite } from "./windows.ts";

/** What the sitemaps are made from: articles newest first (by position), and every scope with its positions. */
export interface SitemapInput {
  articles: readonly { path: string; updated: string; file?: string }[];
  scopes: readonly { scope: Scope; positions: readonly number[] }[];
  /** Newest update of any article (ISO 8601): when the kinds' indexes last changed. */
  newest: string;
}

/** Files our sitemaps are split into: at most `URLS_PER_SITEMAP` URLs, and 50 MB whatever origin a request fills in. */
export const SITEMAP_BUDGET: SitemapBudget = { urls: URLS_PER_SITEMAP, bytes: SITEMAP_LIMITS.bytes, originLength: LONGEST_ORIGIN };

/** The pages a sitemap lists, by file group: articles oldest first; then the home page, the kinds' index pages and the terms' pages. */
export function sitemapEntries({ articles, scopes, newest }: SitemapInput): { articles: SitemapEntry[]; pages: SitemapEntry[] } {
  /** When a page showing the scope's newest articles last changed: its newest update among them. */
  const shown = (positions: readonly number[]) =>
    newestLastmod(positions.slice(0, LIMITS.default).map((position) => ({ path: "", lastmod: (articles[position] as SitemapInput["articles"][number]).updated })));
  const pages: SitemapEntry[] = [];
  for (const { scope, positions } of scopes) if (scope.kind === "site") pages.push({ path: "/", lastmod: shown(positions) });
  for (const kind of TERM_KINDS) {
    const terms = scopes.filter(({ scope }) => scope.kind === kind);
    for (let page = 1; page <= termIndexPageCount(terms.length); page++) pages.push({ path: `/${kind}/${indexQuery(page)}`, lastmod: newest });
    for (const { scope, positions } of terms) if (scope.kind !== "site") pages.push({ path: termPath(kind, scope.key), lastmod: shown(positions) });
  }
  return { articles: [...articles].reverse().map(({ path, updated }) => ({ path, lastmod: updated })), pages };
}

/** A row's hash: the file's text, as hex. */
function textHash(text: string): string {
  return hashWords(text)
    .map((word) => word.toString(16).padStart(8, "0"))
    .join("");
}

/**
 * Writes the sitemap files of `input` into `assetsDir`; returns the catalog's rows, in
 * the order the index lists them, and a warning for each page left out because its URL
 * would be 2,048 characters or more (SITE_URL's origin counted, or the origin placeholder's
 * when it is unset: about a `*.workers.dev` origin's length).
 */
export function writeSitemaps(input: SitemapInput, settings: SiteSettings, assetsDir: string): { rows: SitemapRow[]; files: string[]; warnings: string[] } {
  const { origin } = outputSite(settings);
  const groups = sitemapEntries(input);
  const warnings: string[] = [];
  const fits = (entry: SitemapEntry, i: number, what: "articles" | "pages") => {
    if (origin.length + entry.path.length <= SITEMAP_LIMITS.urlLength) return true;
    const file = what === "articles" ? input.articles[input.articles.length - 1 - i]?.file : undefined;
    warnings.push(`${file ?? entry.path}: left out of the sitemap: its URL would be ${origin.length + entry.path.length} characters, and a sitemap's must be under 2,048`);
    return false;
  };
  const rows: SitemapRow[] = [];
  for (const what of ["articles", "pages"] as const) {
    const entries = groups[what].filter((entry, i) => fits(entry, i, what));
    splitSitemaps(entries, origin, SITEMAP_BUDGET).forEach((part, i) => {
      const name = `${what}-${i + 1}`;
      const text = renderUrlset(part, origin);
      writeAtomic(join(assetsDir, sitemapPath(name)), packSegments([new TextEncoder().encode(text)]));
      rows.push([name, textHash(text), newestLastmod(part)]);
    });
  }
  return { rows, files: rows.map(([name]) => sitemapPath(name).slice(1)), warnings };
}
