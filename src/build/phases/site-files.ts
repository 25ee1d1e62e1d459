/**
 * @module The build's files made of every scope at once, after the scopes' own: the OPML
 * lists and the home page's lists of terms, the kinds' index pages (issue 24), in the
 * original and in each Chinese variant (named and worded as the variant's words say);
 * the sitemaps, once; and the articles' resources (page bundles' files), once.
 */
import type { SitemapRow, VariantData } from "../../content/index-format.ts";
import { VARIANT_PARAM } from "../../i18n/variants.ts";
import type { ArchiveInput } from "../archives.ts";
import { publishResources } from "../bundles.ts";
import { variantDirs } from "../chunks.ts";
import { listPaths, writeLists } from "../lists.ts";
import type { BuildRun } from "../run.ts";
import { variantScope, variantSite } from "../scopes.ts";
import { writeSitemaps } from "../sitemaps.ts";
import { termIndexFiles, writeTermIndexes, writeTermLists } from "../term-index.ts";
import type { FrontMatter } from "./headers.ts";

/** Newest `updated` of `articles` (ISO 8601); the epoch for none (never the clock). */
export function newestUpdate(articles: readonly { updated: string }[]): string {
  // Seeded with an article, not the epoch: an archive from before 1970 is still dated right.
  const [first] = articles;
  return first === undefined ? new Date(0).toISOString() : new Date(articles.reduce((max, a) => (a.updated > max ? a.updated : max), first.updated)).toISOString();
}

/** What the site files phase made: the sitemaps' rows and warnings, and the resources published. */
export interface SiteFiles {
  sitemaps: { rows: SitemapRow[]; warnings: string[] };
  resources: { files: string[]; copied: number };
}

/** Writes the lists and the kinds' indexes of `scopes` (newest update `newest`) in the original and in each variant. */
function writeListsEverywhere(run: BuildRun, scopes: readonly ArchiveInput[], newest: string, variants: Map<string, VariantData>): void {
  const { paths, settings, outputs } = run;
  writeLists(scopes, newest, settings, paths.assetsDir);
  writeTermIndexes(scopes, settings, paths.assetsDir);
  for (const variant of settings.variants) {
    const words = variants.get(variant) as VariantData;
    const named = scopes.map((s) => ({ ...s, scope: variantScope(s.scope, words) }));
    const { assetsDir } = variantDirs(paths.assetsDir, paths.workDir, variant);
    writeLists(named, newest, variantSite(settings, words), assetsDir, `?${VARIANT_PARAM}=${variant}`);
    writeTermIndexes(named, variantSite(settings, words), assetsDir, `?${VARIANT_PARAM}=${variant}`);
  }
  for (const file of [...listPaths(), ...termIndexFiles(scopes)]) outputs.keepAll(file);
}

/** Writes the lists, the kinds' indexes, the sitemaps (none when crawling is off) and the articles' resources. */
export function writeSiteFiles(run: BuildRun, scopes: readonly ArchiveInput[], front: FrontMatter, newest: string, variants: Map<string, VariantData>): SiteFiles {
  const { paths, settings, outputs } = run;
  writeListsEverywhere(run, scopes, newest, variants);
  const articles = front.published.map(({ file, header }) => ({ path: header.path, updated: header.updated, file }));
  const sitemaps = settings.crawling ? writeSitemaps({ articles, scopes, newest }, settings, paths.assetsDir) : { rows: [], files: [], warnings: [] };
  for (const file of sitemaps.files) outputs.keep.add(file);
  for (const file of writeTermLists(scopes, settings, paths.assetsDir)) outputs.keep.add(file);
  const resources = publishResources(
    paths.contentDir,
    paths.assetsDir,
    front.published.flatMap(({ header }) => header.resources ?? []),
  );
  for (const file of resources.files) outputs.keep.add(file);
  return { sitemaps, resources };
}
