/**
 * @module The build's last phase: the index the worker's script carries
 * (src/content/index-format.ts), written by ../emit.ts: the catalog (settings, scopes'
 * rows, aliases, sitemaps, each Chinese variant's words, the versions of the code that
 * made pages) and the arrays (update times, item and head hashes, scopes' members,
 * article paths' and resources' hashes).
 */
import type { CatalogData, IndexArrays, ScopeRow, SitemapRow, VariantData } from "../../content/index-format.ts";
import { fnv1a } from "../../hash.ts";
import type { TermKind } from "../../types.ts";
import type { ArchiveInput } from "../archives.ts";
import { writeIndexModules } from "../emit.ts";
import { codeHash } from "../manifest.ts";
import type { Placement } from "../publish.ts";
import type { BuildRun } from "../run.ts";
import { hashWords } from "../windows.ts";
import type { FrontMatter } from "./headers.ts";

/** What the index is made of, besides the run's settings. */
export interface IndexInput {
  scopes: readonly ArchiveInput[];
  front: FrontMatter;
  newest: string;
  sitemaps: SitemapRow[];
  variants: Map<string, VariantData>;
  /** Each article's item hashes and each scope's head hashes (../phases/chunks.ts, ./scopes.ts). */
  hashes: Uint32Array;
  heads: Uint32Array;
  /** Where the small scopes' files are (../publish.ts). */
  placement: Placement;
}

/** The catalog: what the worker knows of the site and every scope without reading a file. */
function catalogOf(run: BuildRun, input: IndexInput): CatalogData {
  const { paths, settings, next } = run;
  const { scopes, front, newest, variants } = input;
  const headers = front.published.map(({ header }) => header);
  const aliases = Object.fromEntries(
    headers.flatMap((header) => (header.aliases ?? []).map((alias): [string, string] => [alias, header.path])).sort(([a], [b]) => (a < b ? -1 : 1)),
  );
  const rows = scopes.map(({ scope, id, positions }, n): ScopeRow => {
    const place = input.placement.places.get(id);
    return [n, id, positions.length, scope.kind === "site" ? "" : scope.name, ...(place ?? [])];
  });
  const termRows = (kind: TermKind) => Object.fromEntries(scopes.flatMap(({ scope }, n) => (scope.kind === kind ? [[scope.key, rows[n] as ScopeRow]] : [])));
  return {
    settings,
    pagesVersion: codeHash(paths.root, ["src/views", "src/people"], [next.basis]),
    // Where a small scope's files are (its shard) is no part of what pages show.
    scopesVersion: hashWords(JSON.stringify(rows.map((row, n) => [row.slice(0, 4), (scopes[n] as (typeof scopes)[number]).scope]))).join("-"),
    count: headers.length,
    newest,
    site: rows[0] as ScopeRow,
    tags: termRows("tags"),
    categories: termRows("categories"),
    authors: termRows("authors"),
    sections: termRows("sections"),
    sectionDescriptions: Object.fromEntries(scopes.flatMap(({ scope }) => (scope.kind === "sections" && scope.description !== undefined ? [[scope.key, scope.description]] : []))),
    aliases,
    sitemaps: input.sitemaps,
    variantsVersion: codeHash(paths.root, ["src/build/convert.ts", "src/i18n/variants.ts", "node_modules/opencc-js/package.json"], []),
    variants: Object.fromEntries(settings.variants.map((variant) => [variant, variants.get(variant)])),
  };
}

/** The index's arrays: update times, hashes, each scope's members, the paths' and resources' hashes. */
function arraysOf(input: IndexInput): IndexArrays {
  const { scopes, front } = input;
  const headers = front.published.map(({ header }) => header);
  const memberStart = new Uint32Array(scopes.length + 1);
  scopes.forEach(({ positions }, n) => {
    memberStart[n + 1] = (memberStart[n] as number) + positions.length;
  });
  const members = new Uint32Array(memberStart[scopes.length] as number);
  scopes.forEach(({ positions }, n) => {
    members.set(positions, memberStart[n]);
  });
  const pathPairs = headers.map((header, position) => [fnv1a(header.path), position] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return {
    updated: Float64Array.from(headers, (header) => Date.parse(header.updated)),
    hashes: input.hashes,
    heads: input.heads,
    memberStart,
    members,
    paths: Uint32Array.from(pathPairs.flat()),
    resources: Uint32Array.from(headers.flatMap((header) => (header.resources ?? []).map(([, path]) => fnv1a(path)))).sort(),
  };
}

/** Writes the index modules; returns the catalog. */
export function writeIndex(run: BuildRun, input: IndexInput): CatalogData {
  const catalog = catalogOf(run, input);
  writeIndexModules(run.paths.outDir, catalog, arraysOf(input));
  return catalog;
}
