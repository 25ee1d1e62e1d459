/**
 * @module Lists of every feed, made at build time: the OPML subscription list in each
 * format (src/views/opml.ts). A site's hundreds of terms would cost a request several
 * milliseconds to list; written here once, with the origin token where absolute URLs go
 * when `SITE_URL` is not set, they cost the worker one read.
 */
import { join } from "node:path";
import { opmlPath } from "../content/layout.ts";
import { packSegments } from "../content/pack.ts";
import { FEED_FORMATS } from "../feed/urls.ts";
import type { SiteSettings } from "../settings.ts";
import { type Scope, TERM_KINDS, type TermKind, type TermListing } from "../types.ts";
import { renderOpml } from "../views/opml.ts";
import { writeAtomic } from "./files.ts";
import { outputSite } from "./windows.ts";

/** Writes the OPML list of every feed of `scopes` in each format; `linkQuery` is a Chinese variant's (`?opencc=s2t`). */
export function writeOpml(scopes: readonly { scope: Scope; positions: readonly number[] }[], newest: string, settings: SiteSettings, assetsDir: string, linkQuery = ""): void {
  const listings = Object.fromEntries(TERM_KINDS.map((kind) => [kind, [] as TermListing[]])) as Record<TermKind, TermListing[]>;
  for (const { scope, positions } of scopes) {
    if (scope.kind !== "site") listings[scope.kind].push({ kind: scope.kind, key: scope.key, name: scope.name, count: positions.length });
  }
  const site = outputSite(settings, linkQuery);
  const encoder = new TextEncoder();
  for (const format of FEED_FORMATS) writeAtomic(join(assetsDir, opmlPath(format)), packSegments([encoder.encode(renderOpml(listings, newest, site, format))]));
}

/** The list files (relative to the assets directory, without the leading `/`). */
export function opmlFiles(): string[] {
  return FEED_FORMATS.map((format) => opmlPath(format).slice(1));
}
