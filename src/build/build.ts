/**
 * @module The build: content/ into Workers Static Assets (dist/content/) and the
 * worker's index modules (src/generated/). `npm run build` runs it (./cli.ts).
 *
 * Streaming and incremental, in phases (./phases/), each a function of one build's state
 * (./run.ts `BuildRun`): the front matter of every source first (all problems are
 * reported at once, with file and field, and nothing is written: ./phases/headers.ts);
 * then the article chunks, on every core, each compiled, serialised and written as soon
 * as it is built (./phases/chunks.ts); then the scope windows and archives, copied from
 * the chunks, in batches on every core (./phases/scopes.ts); then the lists, the kinds'
 * indexes, the sitemaps and the resources (./phases/site-files.ts); then the index
 * (./phases/index-modules.ts). This thread holds the articles' front matter and hashes,
 * never their text or every article's metadata (the batches read what they list from
 * the chunks' work files). Only the chunks and scope files whose inputs changed since
 * the last build are made again (./manifest.ts).
 */
import type { CatalogData } from "../content/index-format.ts";
import { TERM_INDEX_PAGES_PER_FILE, TERMS_PER_LIST_PAGE, termIndexPageCount } from "../content/layout.ts";
import type { SiteSettings } from "../settings.ts";
import { URLS_PER_SITEMAP } from "../views/sitemap.ts";
import { readSectionPages } from "./bundles.ts";
import type { Problem } from "./compile.ts";
import { listPaths } from "./lists.ts";
import { contentBasis, loadManifest, type Manifest, saveManifest } from "./manifest.ts";
import { BuildPool } from "./parallel.ts";
import { buildChunks, type Chunks } from "./phases/chunks.ts";
import { readArticleHeaders } from "./phases/headers.ts";
import { writeIndex } from "./phases/index-modules.ts";
import { collectScopes, type ScopePlan, writeScopeFiles } from "./phases/scopes.ts";
import { newestUpdate, type SiteFiles, writeSiteFiles } from "./phases/site-files.ts";
import { ASSET_FILE_LIMITS, type Published, placeScopes, planLine, plannedAssetFiles, publishAssets } from "./publish.ts";
import type { Visibility } from "./publish-window.ts";
import { type BuildRun, Outputs, phaseTimer } from "./run.ts";
import type { BuildPaths } from "./settings.ts";

/** What a build did, or why it wrote nothing. */
export type BuildResult =
  | {
      ok: true;
      summary: string;
      /** Said before the summary: today, only that the asset files are past a plan's limit. */
      warnings: string[];
      articles: number;
      chunksBuilt: number;
      chunks: number;
      windowsBuilt: number;
      windows: number;
      assetFiles: number;
      /** Times after the build's at which what is live changes (issue 22): ./schedule.ts builds a version for each. */
      moments: number[];
      /** Those of `moments` at which an article expires. */
      expiries: number[];
    }
  | { ok: false; problems: Problem[] };

export { ASSET_FILE_LIMITS };

/**
 * What a site owner should hear about a build of `files` asset files with `variants`:
 * past the Free plan's limit (the deploy fails there; the Paid plan takes it, or fewer
 * variants do), past the Paid plan's (no plan takes it). Nothing when it fits both.
 */
export function assetLimitWarnings(files: number, variants: readonly string[]): string[] {
  const count = files.toLocaleString("en");
  const { free, paid } = ASSET_FILE_LIMITS;
  const fewer =
    variants.length > 0
      ? ` Chinese variants (CHINESE_VARIANTS = "${variants.join(", ")}") cost few files (the chunks and the scopes' own files hold every copy; each adds its shards, lists and indexes); ARCHIVE_PAGE_SIZE = 20, the most, makes the fewest chunks.`
      : " ARCHIVE_PAGE_SIZE = 20, the most, makes the fewest chunks.";
  if (files > paid) return [`${count} asset files: more than any Workers plan takes (${paid.toLocaleString("en")} on the Paid plan), so wrangler deploy will refuse it.${fewer}`];
  if (files > free)
    return [`${count} asset files: more than the Workers Free plan's ${free.toLocaleString("en")}, so deploying needs the Paid plan (${paid.toLocaleString("en")}).${fewer}`];
  return [];
}

/**
 * Builds the content at `paths` with `settings`; on any problem in any source, writes
 * nothing. `say` hears, before anything is written, how many asset files the build
 * will publish and which plan takes them. `at`: the time whose live articles it lays
 * out (issue 22, ./schedule.ts).
 */
export async function buildContent(
  paths: BuildPaths,
  settings: SiteSettings,
  site: Record<string, unknown> = {},
  say: (line: string) => void = () => {},
  at = Date.now(),
): Promise<BuildResult> {
  // Threads are stopped however the build ends: a job that throws must not leave one running.
  const pool = new BuildPool();
  try {
    return await build(paths, settings, site, pool, say, { at, future: settings.future });
  } finally {
    await pool.close();
  }
}

/** `site`: the site's generator config, what templates in bodies read as `site.*` (./site-config.ts). */
async function build(
  published: BuildPaths,
  settings: SiteSettings,
  site: Record<string, unknown>,
  pool: BuildPool,
  say: (line: string) => void,
  visibility: Visibility,
): Promise<BuildResult> {
  const timer = phaseTimer();
  // The phases write the staged files; the assets are made from them at the end (./publish.ts).
  const paths: BuildPaths = { ...published, assetsDir: published.stageDir };
  const basis = contentBasis(paths.root, settings, site);
  const last = loadManifest(paths.manifest, basis);
  const next: Manifest = { basis, headers: {}, chunks: {}, windows: {}, variants: {} };
  const front = await readArticleHeaders({ paths, settings, site, pool, last, next, visibility, lap: timer.lap });
  if (!front.ok) return front;
  timer.lap("front matter");
  const run: BuildRun = { paths, settings, site, pool, last, next, visibility, lap: timer.lap, outputs: new Outputs(paths, settings.variants) };
  const headers = front.published.map(({ header }) => header);
  const sections = readSectionPages(paths.contentDir, front.tree.sectionPages);
  const scopes = collectScopes(headers, settings, sections.sections);
  const placement = placeScopes(scopes, settings.pageSize);
  say(planLine(plannedAssetFiles(scopes, placement, planOf(headers, scopes, settings))));
  const chunks = await buildChunks(
    run,
    front,
    scopes.flatMap(({ scope }) => (scope.kind === "site" ? [] : [scope])),
  );
  timer.lap("chunks");
  const { plan, heads } = await writeScopeFiles(run, scopes, front, chunks.variants, placement);
  timer.lap("scopes");
  const newest = newestUpdate(headers);
  const files = writeSiteFiles(run, scopes, front, newest, chunks.variants);
  const removed = run.outputs.removeOthers();
  timer.lap("cleanup");
  const assets = publishAssets({ stageDir: paths.stageDir, assetsDir: published.assetsDir }, run.outputs.keep);
  timer.lap("publish");
  const catalog = writeIndex(run, { scopes, front, newest, sitemaps: files.sitemaps.rows, variants: chunks.variants, hashes: chunks.hashes, heads, placement });
  saveManifest(paths.manifest, next);
  timer.lap("index");
  const assetFiles = assets.files;
  const summary = summarise({
    catalog,
    files,
    chunks,
    plan,
    scopes: scopes.length,
    removed,
    assets,
    seconds: (performance.now() - timer.started) / 1000,
    phases: timer.phases,
  });
  return {
    ok: true,
    summary,
    warnings: [
      ...front.tree.warnings.map(({ file, message }) => `${file}: ${message}`),
      ...sections.warnings,
      ...chunks.warnings.sort(),
      ...files.sitemaps.warnings,
      ...assetLimitWarnings(assetFiles, settings.variants),
    ],
    articles: catalog.count,
    chunksBuilt: chunks.built,
    chunks: chunks.count,
    windowsBuilt: plan.windows.length,
    windows: scopes.length,
    assetFiles,
    moments: front.moments,
    expiries: front.expiries,
  };
}

/** What besides the chunks and the scopes' files the build publishes: lists and indexes in each copy, sitemaps and resources once. */
function planOf(headers: readonly { resources?: readonly unknown[] }[], scopes: readonly { scope: { kind: string } }[], settings: SiteSettings) {
  const terms = (kind: string) => scopes.filter(({ scope }) => scope.kind === kind).length;
  const indexFiles = ["tags", "categories", "authors", "sections"].reduce((sum, kind) => sum + Math.ceil(termIndexPageCount(terms(kind)) / TERM_INDEX_PAGES_PER_FILE), 0);
  const pages = 1 + scopes.length;
  const lists = ["tags", "categories", "authors", "sections"].reduce((sum, kind) => sum + Math.ceil(terms(kind) / TERMS_PER_LIST_PAGE), 0);
  const sitemaps = settings.crawling ? Math.ceil(headers.length / URLS_PER_SITEMAP) + Math.ceil(pages / URLS_PER_SITEMAP) : 0;
  return {
    count: headers.length,
    pageSize: settings.pageSize,
    copies: settings.variants.length + 1,
    perCopy: listPaths().length + indexFiles,
    once: sitemaps + lists + headers.reduce((sum, header) => sum + (header.resources?.length ?? 0), 0),
  };
}

/** The line a build prints: what the content has, what was built, how long each phase took. */
function summarise(done: {
  catalog: CatalogData;
  files: SiteFiles;
  chunks: Chunks;
  plan: ScopePlan;
  scopes: number;
  removed: number;
  assets: Published;
  seconds: number;
  phases: string[];
}): string {
  const { catalog, files, chunks, plan } = done;
  const count = (terms: Record<string, unknown>) => Object.keys(terms).length;
  const sections = count(catalog.sections) > 0 ? `, ${count(catalog.sections)} sections` : "";
  const resources = files.resources.files.length > 0 ? `, ${files.resources.files.length} resources (${files.resources.copied} copied)` : "";
  const buckets = plan.windows.reduce((sum, w) => sum + w.buckets.length, 0);
  const groups = plan.groups.reduce((sum, g) => sum + g.groups.length, 0);
  return (
    `content: ${catalog.count} articles, ${count(catalog.tags)} tags, ${count(catalog.categories)} categories, ${count(catalog.authors)} authors${sections}${resources}; ` +
    `${chunks.built} of ${chunks.count} chunks, ${plan.windows.length} of ${done.scopes} windows (${buckets} buckets), ${plan.heads.length} archive heads and ${groups} archive groups built, ` +
    `${done.removed} stale files removed, ${done.assets.files} asset files (${done.assets.written} written), in ${done.seconds.toFixed(2)} s (${done.phases.join(", ")})`
  );
}
