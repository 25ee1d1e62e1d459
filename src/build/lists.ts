/**
 * @module Lists of every feed, made at build time: the OPML subscription list in each
 * format (src/views/opml.ts) and the home page's lists of terms (src/views/home-terms.ts). A site's hundreds of terms would cost a request several
 * milliseconds to list; written here once, with the origin placeholder where absolute URLs go
 * when `SITE_URL` is not set, they cost the worker one read.
 */
import { join } from "node:path";
import { homeTermsPath, opmlPath } from "../content/layout.ts";
import { packSegments } from "../content/pack.ts";
import type { SiteSettings } from "../settings.ts";
import { FEED_FORMATS, type Scope, TERM_KINDS, type TermKind, type TermListing } from "../types.ts";
import { renderHomeTerms } from "../views/home-terms.ts";
import { renderOpml } from "../views/opml.ts";
import { writeAtomic } from "./files.ts";
import { outputSite } from "./windows.ts";

/** Writes the OPML list of every feed of `scopes` in each format, and the home page's lists of terms; `linkQuery` is a Chinese variant's (`?opencc=s2t`). */
export function writeLists(scopes: readonly { scope: Scope; positions: readonly number[] }[], newest: string, settings: SiteSettings, assetsDir: string, linkQuery = ""): void {
  const listings = Object.fromEntries(TERM_KINDS.map((kind) => [kind, [] as TermListing[]])) as Record<TermKind, TermListing[]>;
  for (const { scope, positions } of scopes) {
    if (scope.kind === "site") continue;
    const listing: TermListing = { kind: scope.kind, key: scope.key, name: scope.name, count: positions.length };
    if (scope.description !== undefined) listing.description = scope.description;
    listings[scope.kind].push(listing);
  }
  const site = outputSite(settings, linkQuery);
  const encoder = new TextEncoder();
  for (const format of FEED_FORMATS) writeAtomic(join(assetsDir, opmlPath(format)), packSegments([encoder.encode(renderOpml(listings, newest, site, format))]));
  writeAtomic(join(assetsDir, homeTermsPath()), packSegments([encoder.encode(renderHomeTerms(listings, site))]));
}

/** The list files (relative to the assets directory, without the leading `/`). */
export function listPaths(): string[] {
  return [...FEED_FORMATS.map(opmlPath), homeTermsPath()].map((path) => path.slice(1));
}
