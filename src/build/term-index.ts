/**
 * @module The kinds' index pages (`/tags/` and the others; issue 24), made at build time:
 * each page's list of terms rendered once (src/views/term-index-list.ts), with the origin
 * token where absolute URLs go when `SITE_URL` is not set, and packed
 * `TERM_INDEX_PAGES_PER_FILE` pages to a file (src/content/layout.ts): a request reads
 * one file and takes one segment, whatever the number of terms.
 */
import { join } from "node:path";
import { TERM_INDEX_PAGES_PER_FILE, termIndexPath, termIndexPaths } from "../content/layout.ts";
import { packSegments } from "../content/pack.ts";
import type { SiteSettings } from "../settings.ts";
import { type Scope, TERM_KINDS, type TermListing } from "../types.ts";
import { renderTermIndexLists, termIndexOrder } from "../views/term-index-list.ts";
import { writeAtomic } from "./files.ts";
import { outputSite } from "./windows.ts";

const encoder = new TextEncoder();

/** Writes every kind's index pages for `scopes` (the site's too, ignored); `linkQuery` is a Chinese variant's (`?opencc=s2t`), whose names `scopes` carry. */
export function writeTermIndexes(scopes: readonly { scope: Scope; positions: readonly number[] }[], settings: SiteSettings, assetsDir: string, linkQuery = ""): void {
  const site = outputSite(settings, linkQuery);
  for (const kind of TERM_KINDS) {
    const terms = termIndexOrder(
      scopes.flatMap(({ scope, positions }): TermListing[] => (scope.kind === kind ? [{ kind, key: scope.key, name: scope.name, count: positions.length }] : [])),
    );
    const pages = renderTermIndexLists(kind, terms, site).map((list) => encoder.encode(list));
    for (let file = 0; file * TERM_INDEX_PAGES_PER_FILE < pages.length; file++) {
      writeAtomic(join(assetsDir, termIndexPath(kind, file)), packSegments(pages.slice(file * TERM_INDEX_PAGES_PER_FILE, (file + 1) * TERM_INDEX_PAGES_PER_FILE)));
    }
  }
}

/** The index files (relative to the assets directory, without the leading `/`) for `scopes`. */
export function termIndexFiles(scopes: readonly { scope: Scope }[]): string[] {
  return TERM_KINDS.flatMap((kind) => termIndexPaths(kind, scopes.filter(({ scope }) => scope.kind === kind).length)).map((path) => path.slice(1));
}
