/**
 * @module The kinds' index pages (`/tags/` and the others; issue 24), made at build time:
 * each page's list of terms rendered once (src/views/term-index-list.ts), with the origin
 * token where absolute URLs go when `SITE_URL` is not set, and packed
 * `TERM_INDEX_PAGES_PER_FILE` pages to a file (src/content/layout.ts): a request reads
 * one file and takes one segment, whatever the number of terms.
 */
import { join } from "node:path";
import { TERM_INDEX_PAGES_PER_FILE, TERMS_PER_LIST_PAGE, termIndexPath, termIndexPaths, termListFile } from "../content/layout.ts";
import { packSegments } from "../content/pack.ts";
import type { SiteSettings } from "../settings.ts";
import { type Scope, TERM_KINDS, type TermListing } from "../types.ts";
import { renderTermIndexLists, termIndexOrder } from "../views/term-index-list.ts";
import { listTerms } from "../views/terms.ts";
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

/** The terms of `kind` among `scopes`, as the lists and indexes name and count them. */
function termsOf(scopes: readonly { scope: Scope; positions: readonly number[] }[], kind: (typeof TERM_KINDS)[number]): TermListing[] {
  return scopes.flatMap(({ scope, positions }): TermListing[] => (scope.kind === kind ? [{ kind, key: scope.key, name: scope.name, count: positions.length }] : []));
}

/**
 * Writes every kind's list (`/tags.json`, issue 20) in pages of `TERMS_PER_LIST_PAGE`
 * terms, each the JSON a request answers with, the origin placeholder where the origin
 * goes; returns the files (relative, no leading `/`). Once, in the original: the lists
 * name terms as the site does.
 */
export function writeTermLists(scopes: readonly { scope: Scope; positions: readonly number[] }[], settings: SiteSettings, assetsDir: string): string[] {
  const { origin } = outputSite(settings);
  const files: string[] = [];
  for (const kind of TERM_KINDS) {
    const all = listTerms(termsOf(scopes, kind), kind, origin);
    for (let page = 1; (page - 1) * TERMS_PER_LIST_PAGE < all.length; page++) {
      const path = termListFile(kind, page);
      writeAtomic(join(assetsDir, path), packSegments([encoder.encode(JSON.stringify(all.slice((page - 1) * TERMS_PER_LIST_PAGE, page * TERMS_PER_LIST_PAGE)))]));
      files.push(path.slice(1));
    }
  }
  return files;
}
