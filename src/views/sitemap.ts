/**
 * @module Sitemaps (the sitemaps.org protocol, https://www.sitemaps.org/protocol.html;
 * issue 24): the `<urlset>` files that list the site's pages, and the `<sitemapindex>`
 * at `/sitemap.xml` that lists them. Pure and deterministic: every date is an article's,
 * never the clock. XML, not HTML, so it keeps its own escaping (as ./opml.ts does).
 *
 * The protocol's rules, each kept here:
 * - a file holds at most 50,000 URLs and 52,428,800 bytes (50 MB) uncompressed; ours hold
 *   at most `URLS_PER_SITEMAP`, and the byte limit is checked with room for the longest
 *   origin a request can fill in (`SitemapBudget`);
 * - `<loc>` is an absolute URL, escaped as XML (`&amp;`, `&apos;`, `&quot;`, `&gt;`,
 *   `&lt;`), under 2,048 characters; every URL of a sitemap is on its host, in or below
 *   its folder (ours are at the site's root, so every path qualifies);
 * - `<lastmod>` is a W3C Datetime (an ISO 8601 instant: `2022-05-23T17:21:51.031Z`);
 * - a sitemap index lists at most 50,000 sitemaps, each on the index's own host.
 */
import { escapeEntities } from "../feed/xml.ts";

/** The protocol's namespace, on `<urlset>` and `<sitemapindex>` alike. */
export const SITEMAP_NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9";

/** What one sitemap file may hold (sitemaps.org, "Sitemap Index files"; "Using Sitemap index files"). */
export const SITEMAP_LIMITS = { urls: 50_000, bytes: 52_428_800, urlLength: 2_047, sitemaps: 50_000 } as const;

/**
 * URLs our sitemap files hold at most: a tenth of the protocol's 50,000, about 600 KiB.
 * A request reads the whole file and, with `SITE_URL` unset, puts its origin into every
 * `<loc>`: its CPU grows with the file's bytes. Measured in a fresh isolate (bare workerd,
 * the asset read counted): 10,000 URLs cost about 9.5 ms, 5,000 about 6, against 4 to 5
 * for the sitemap index, which reads nothing. 100,000 articles are 20 files.
 */
export const URLS_PER_SITEMAP = 5_000;

export const SITEMAP_CONTENT_TYPE = "application/xml; charset=utf-8";

/** A page a sitemap lists: its path on the site (percent-encoded, as links spell it) and when it last changed. */
export interface SitemapEntry {
  path: string;
  /** ISO 8601 instant. */
  lastmod: string;
}

/** A URL as the protocol wants it in `<loc>`: the five XML specials as entities (sitemaps.org, "Entity escaping"). */
export const escapeLoc: (url: string) => string = escapeEntities;

const HEAD = `<?xml version="1.0" encoding="UTF-8"?>\n`;

/** The `<url>` element of `entry` on `origin`. */
function urlElement(origin: string, entry: SitemapEntry): string {
  return `<url><loc>${escapeLoc(origin + entry.path)}</loc><lastmod>${entry.lastmod}</lastmod></url>\n`;
}

/** A sitemap file listing `entries` on `origin` (the origin placeholder when the build cannot know it). */
export function renderUrlset(entries: readonly SitemapEntry[], origin: string): string {
  return `${HEAD}<urlset xmlns="${SITEMAP_NAMESPACE}">\n${entries.map((entry) => urlElement(origin, entry)).join("")}</urlset>\n`;
}

/** The sitemap index: each sitemap file's URL on `origin` and its newest `lastmod`. */
export function renderSitemapIndex(sitemaps: readonly { path: string; lastmod: string }[], origin: string): string {
  const items = sitemaps.map(({ path, lastmod }) => `<sitemap><loc>${escapeLoc(origin + path)}</loc><lastmod>${lastmod}</lastmod></sitemap>\n`);
  return `${HEAD}<sitemapindex xmlns="${SITEMAP_NAMESPACE}">\n${items.join("")}</sitemapindex>\n`;
}

/**
 * How entries are shared out over files: at most `urls` a file, and at most `bytes` once
 * the origin is filled in, counting every `<loc>`'s origin as `originLength` characters
 * (the longest a request can bring when the build writes the origin placeholder).
 */
export interface SitemapBudget {
  urls: number;
  bytes: number;
  originLength: number;
}

/** Origins a request can bring: `https://`, a host name of up to 253 characters and a port. */
export const LONGEST_ORIGIN = "https://".length + 253 + ":65535".length;

const encoder = new TextEncoder();

/**
 * `entries` in files, in their order, none past `budget`; `origin` is what the build
 * writes (SITE_URL's, or the origin placeholder).
 */
export function splitSitemaps(entries: readonly SitemapEntry[], origin: string, budget: SitemapBudget): SitemapEntry[][] {
  const frame = encoder.encode(renderUrlset([], origin)).byteLength;
  const files: SitemapEntry[][] = [];
  let file: SitemapEntry[] = [];
  let bytes = frame;
  for (const entry of entries) {
    const size = encoder.encode(urlElement(origin, entry)).byteLength + Math.max(0, budget.originLength - origin.length);
    if (file.length > 0 && (file.length === budget.urls || bytes + size > budget.bytes)) {
      files.push(file);
      file = [];
      bytes = frame;
    }
    file.push(entry);
    bytes += size;
  }
  if (file.length > 0) files.push(file);
  return files;
}

/** The newest `lastmod` of `entries` (ISO 8601 instants compare as text when all are UTC with the same precision; compared as times here). */
export function newestLastmod(entries: readonly SitemapEntry[]): string {
  let newest = entries[0]?.lastmod ?? new Date(0).toISOString();
  for (const { lastmod } of entries) if (Date.parse(lastmod) > Date.parse(newest)) newest = lastmod;
  return newest;
}
