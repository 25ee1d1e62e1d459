/**
 * @module The build: content/ into Workers Static Assets (dist/content/) and the
 * worker's index modules (src/generated/). `npm run build` runs it (./cli.ts).
 *
 * Streaming and incremental: front matter of every source first (all problems are
 * reported at once, with file and field, and nothing is written); then the article
 * chunks, on every core, each compiled, serialised and written as soon as it is built;
 * then the scope windows and archives, copied from the chunks, in batches on every
 * core; then the index. This thread holds the articles' front matter and hashes, never
 * their text or every article's metadata (the batches read what they list from the
 * chunks' work files). Only the chunks and scope files whose inputs changed since the
 * last build are made again (./manifest.ts).
 */
import { statSync } from "node:fs";
import { join } from "node:path";
import type { CatalogData, ScopeRow, VariantData } from "../content/index-format.ts";
import {
  ARTICLE_KINDS,
  archivePageCount,
  archivePath,
  BUCKET,
  bucketPath,
  bucketSlot,
  chunkPath,
  groupPages,
  keptBuckets,
  metaPath,
  pageCount,
  pagesPerGroup,
  variantRoot,
} from "../content/layout.ts";
import { fnv1a } from "../hash.ts";
import { VARIANT_PARAM } from "../i18n/variants.ts";
import type { SiteSettings } from "../settings.ts";
import { FEED_FORMATS, type Scope, TERM_KINDS, type TermKind } from "../types.ts";
import { type ArchiveInput, archiveFiles, type GroupJob, pagePositions } from "./archives.ts";
import { publishResources, readSectionPages } from "./bundles.ts";
import { type ChunkJob, type ChunkMember, variantDirs, WORK_GROUP, workPath } from "./chunks.ts";
import type { Problem } from "./compile.ts";
import { checkHeaders, type HeaderResult, indexTerms, publishedOrder } from "./compile.ts";
import { type ArticleSource, classifyTree } from "./content-tree.ts";
import { writeIndexModules } from "./emit.ts";
import { listFiles, removeOthers, writeAtomic } from "./files.ts";
import type { HeaderRules } from "./header.ts";
import { indexLinks, type LinkEntry, type LinkTable, type ResolvedRefs, resolveLink } from "./links.ts";
import { listPaths, writeLists } from "./lists.ts";
import { type ChunkEntry, codeHash, contentBasis, loadManifest, type Manifest, type ScopeEntry, saveManifest } from "./manifest.ts";
import { BuildPool } from "./parallel.ts";
import { type ScopesJob, scopeBatches, variantScope, variantSite } from "./scopes.ts";
import type { BuildPaths } from "./settings.ts";
import { writeSitemaps } from "./sitemaps.ts";
import type { LinkKind } from "./templates/index.ts";
import { termIndexFiles, writeTermIndexes } from "./term-index.ts";
import { bucketKey, hashWords, metaKey, type WindowInput, windowFiles } from "./windows.ts";

/** Newest `updated` of `articles` (ISO 8601); the epoch for none (never the clock). */
function newestUpdate(articles: readonly { updated: string }[]): string {
  // Seeded with an article, not the epoch: an archive from before 1970 is still dated right.
  const [first] = articles;
  return first === undefined ? new Date(0).toISOString() : new Date(articles.reduce((max, a) => (a.updated > max ? a.updated : max), first.updated)).toISOString();
}

/** A scope's asset directory id: stable for its key, whatever else changes. */
function scopeId(scope: Scope): string {
  if (scope.kind === "site") return "site";
  const [a, b] = hashWords(`${scope.kind}\u0000${scope.key}`);
  return `${scope.kind.slice(0, 1)}-${a.toString(16).padStart(8, "0")}${b.toString(16).padStart(8, "0")}`;
}

/** How the build reads headers under `settings` (./header.ts). */
export function headerRules(settings: SiteSettings): HeaderRules {
  return {
    timeZone: settings.timeZone,
    ...(settings.generator === undefined ? {} : { generator: settings.generator }),
    ...(settings.permalinks === undefined ? {} : { permalink: settings.permalinks }),
    sectionPermalinks: settings.sectionPermalinks,
    basePath: settings.basePath,
    articleIds: settings.articleIds,
  };
}

/** The work file of every published article's link (./links.ts), in the work directory. */
const LINKS_FILE = "links.json";

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
    }
  | { ok: false; problems: Problem[] };

/** Workers Static Assets' file limits (Cloudflare's Workers docs, 2026): what `wrangler deploy` uploads at most. */
export const ASSET_FILE_LIMITS = { free: 20_000, paid: 100_000 } as const;

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
      ? ` Each Chinese variant (CHINESE_VARIANTS = "${variants.join(", ")}") is a whole copy: with CHINESE_VARIANTS = "none" it is about ${Math.ceil(files / (variants.length + 1)).toLocaleString("en")}.`
      : "";
  if (files > paid) return [`${count} asset files: more than any Workers plan takes (${paid.toLocaleString("en")} on the Paid plan), so wrangler deploy will refuse it.${fewer}`];
  if (files > free)
    return [`${count} asset files: more than the Workers Free plan's ${free.toLocaleString("en")}, so deploying needs the Paid plan (${paid.toLocaleString("en")}).${fewer}`];
  return [];
}

/**
 * Articles' worth of work per batch of scope files: enough that a batch's files are
 * most of its cost, few enough that a batch holds a few megabytes of items.
 */
const SCOPE_BATCH = 6000;

/** Builds the content at `paths` with `settings`; on any problem in any source, writes nothing. */
export async function buildContent(paths: BuildPaths, settings: SiteSettings, site: Record<string, unknown> = {}): Promise<BuildResult> {
  // Threads are stopped however the build ends: a job that throws must not leave one running.
  const pool = new BuildPool();
  try {
    return await build(paths, settings, site, pool);
  } finally {
    await pool.close();
  }
}

/** `site`: the site's generator config, what templates in bodies read as `site.*` (./site-config.ts). */
async function build(paths: BuildPaths, settings: SiteSettings, site: Record<string, unknown>, pool: BuildPool): Promise<BuildResult> {
  const started = performance.now();
  const phases: string[] = [];
  let mark = started;
  const lap = (name: string) => {
    const now = performance.now();
    const memory = process.env.BUILD_RSS ? ` rss ${Math.round(process.resourceUsage().maxRSS / 1024)} MiB heap ${Math.round(process.memoryUsage().heapUsed / 2 ** 20)} MiB` : "";
    phases.push(`${name} ${((now - mark) / 1000).toFixed(2)} s${memory}`);
    mark = now;
  };
  const basis = contentBasis(paths.root, settings, site);
  const last = loadManifest(paths.manifest, basis);
  const next: Manifest = { basis, headers: {}, chunks: {}, windows: {}, variants: {} };

  // 1. Front matter of every source: cached by modification time and size, and by its place in the tree (bundle, resources, section).
  const tree = classifyTree(listFiles(paths.contentDir));
  const places = new Map(tree.articles.map((place) => [place.file, place]));
  const files = tree.articles.map((place) => place.file);
  const keys = new Map(
    tree.articles.map((place) => {
      const stat = statSync(join(paths.contentDir, place.file));
      return [place.file, `${place.file}|${stat.mtimeMs}|${stat.size}|${hashWords(JSON.stringify(place)).join("-")}`];
    }),
  );
  const stale = files.filter((file) => last.headers[file]?.[0] !== keys.get(file));
  const fresh = new Map(
    (
      await pool.readHeaders(
        stale.map((file) => places.get(file) as ArticleSource),
        paths.contentDir,
        headerRules(settings),
      )
    ).map((done) => [done.file, done.result]),
  );
  const checked = checkHeaders(
    files.map((file): { file: string; result: HeaderResult } => ({
      file,
      result: fresh.get(file) ?? { ok: true, header: (last.headers[file] as Manifest["headers"][string])[1] },
    })),
  );
  fresh.clear();
  if (!checked.ok) return checked;
  for (const { file, header } of checked.headers) next.headers[file] = [keys.get(file) as string, header];
  lap("front matter");

  // 2. Article chunks, counted from the oldest: only those whose sources changed are built.
  const published = publishedOrder(checked.headers);
  const count = published.length;
  const { pageSize } = settings;
  const chunkCount = pageCount(count, pageSize);
  // Every scope: the site, and every tag, category and author (their names go into the variants' words with the chunks).
  const headers = published.map(({ header }) => header);
  const scopes: ArchiveInput[] = [{ scope: { kind: "site" }, id: "site", positions: Array.from({ length: count }, (_, i) => i) }];
  const terms = Object.fromEntries(TERM_KINDS.map((kind) => [kind, indexTerms(headers, kind, settings.author)])) as Record<TermKind, ReturnType<typeof indexTerms>>;
  const sectionPages = readSectionPages(paths.contentDir, tree.sectionPages);
  const ids = new Map<string, Scope>();
  for (const kind of TERM_KINDS) {
    for (const key of Object.keys(terms[kind]).sort()) {
      const term = terms[kind][key] as NonNullable<(typeof terms)[TermKind][string]>;
      // A section is named and described by its own page (`_index.md`).
      const section = kind === "sections" ? sectionPages.sections.get(key) : undefined;
      const scope: Scope = { kind, key, name: section?.name ?? term.name, ...(section?.description === undefined ? {} : { description: section.description }) };
      const id = scopeId(scope);
      if (ids.has(id)) throw new Error(`scope id collision: ${JSON.stringify(ids.get(id))} and ${JSON.stringify(scope)}`);
      ids.set(id, scope);
      scopes.push({ scope, id, positions: term.articles });
    }
  }
  const termScopes = scopes.flatMap(({ scope }) => (scope.kind === "site" ? [] : [scope]));
  // What the last build left: one listing each instead of a look-up per file, also for removing what is no longer made.
  const assets = new Set(listFiles(paths.assetsDir));
  const work = new Set(listFiles(paths.workDir));
  const hashes = new Uint32Array(2 * count);
  // Each Chinese variant's copy (issue 13): where it goes in the assets and work directories.
  const roots = ["", ...settings.variants.map((variant) => variantRoot(variant))];
  const workRoots = ["", ...settings.variants.map((variant) => `v/${variant}/`)];
  const place = (n: number, words: readonly number[]) => {
    for (let i = 0; 2 * i < words.length; i++) hashes.set([words[2 * i] as number, words[2 * i + 1] as number], 2 * (count - 1 - (n * pageSize + i)));
  };
  /** `file` (relative, no leading `/`) in the original's and every variant's copy. */
  const inEvery = (file: string) => roots.map((root) => `${root.slice(1)}${root ? "/" : ""}${file}`);
  /** Whether `file` exists in the original and in every variant's copy. */
  const everywhere = (file: string) => inEvery(file).every((path) => assets.has(path));
  // Every published article, for the links templates write (./links.ts): rewritten only when it changes.
  const linkTable: LinkTable = published.map(({ file, header }): LinkEntry => [file, header.path, header.title, header.slug]).reverse();
  const linkIndex = indexLinks(linkTable);
  const links = { file: LINKS_FILE, key: hashWords(JSON.stringify(linkTable)).join("-") };
  const keepWork = new Set<string>([links.file]);
  if (last.links !== links.key || !work.has(links.file)) writeAtomic(join(paths.workDir, links.file), JSON.stringify(linkTable));
  next.links = links.key;
  /** Whether every link a chunk's templates made still resolves where it did. */
  const linksHold = (refs: ResolvedRefs = {}) =>
    Object.entries(refs).every(([key, path]) => {
      const [kind, target] = [key.slice(0, key.indexOf(" ")), key.slice(key.indexOf(" ") + 1)] as [LinkKind, string];
      return (resolveLink(linkIndex, kind, target)?.path ?? null) === path;
    });
  const templateWarnings: string[] = [];
  const jobs: ChunkJob[] = [];
  let chunksBuilt = 0;
  for (let g = 0; g * WORK_GROUP < chunkCount; g++) {
    const workFiles = workRoots.map((root) => root + workPath(g));
    for (const file of workFiles) keepWork.add(file);
    // Without its work file, a chunk cannot be kept: every chunk of the file is built again.
    const kept = workFiles.every((file) => work.has(file));
    const job: ChunkJob = {
      g,
      chunks: [],
      contentDir: paths.contentDir,
      assetsDir: paths.assetsDir,
      workDir: paths.workDir,
      settings,
      templates: { site, links: join(paths.workDir, links.file) },
    };
    for (let n = g * WORK_GROUP; n < Math.min(chunkCount, (g + 1) * WORK_GROUP); n++) {
      const members: ChunkMember[] = [];
      for (let o = n * pageSize; o < Math.min(count, (n + 1) * pageSize); o++) {
        const { file, header } = published[count - 1 - o] as (typeof published)[number];
        members.push({ file, header, key: keys.get(file) as string });
      }
      const memberKeys = members.map((m) => m.key);
      const previous = last.chunks[n];
      if (
        kept &&
        previous &&
        previous.members.join("\n") === memberKeys.join("\n") &&
        linksHold(previous.refs) &&
        ARTICLE_KINDS.every((kind) => everywhere(chunkPath(kind, n).slice(1)))
      ) {
        next.chunks[n] = previous;
        templateWarnings.push(...(previous.warnings ?? []));
        place(n, previous.hashes);
        job.chunks.push({ n, kept: members.length });
      } else {
        next.chunks[n] = { members: memberKeys, hashes: [] };
        job.chunks.push({ n, members });
        chunksBuilt++;
      }
    }
    if (job.chunks.some((chunk) => "members" in chunk)) jobs.push(job);
  }
  // With each Chinese variant's words for the index and its scopes' names, when they changed: made where its converter is loaded anyway.
  const namesKey = hashWords(JSON.stringify(termScopes)).join("-");
  const variantData = new Map(settings.variants.flatMap((variant) => (last.variants[variant]?.key === namesKey ? [[variant, last.variants[variant].words] as const] : [])));
  const said = await pool.buildChunks(
    jobs,
    settings.variants.filter((variant) => !variantData.has(variant)).map((variant) => ({ settings, variant, scopes: termScopes })),
    ({ n, hashes: words, refs, warnings }) => {
      const entry = next.chunks[n] as ChunkEntry;
      entry.hashes = words;
      if (Object.keys(refs).length > 0) entry.refs = refs;
      if (warnings.length > 0) entry.warnings = warnings;
      templateWarnings.push(...warnings);
      place(n, words);
    },
  );
  for (const [variant, words] of said) variantData.set(variant, words);
  for (const [variant, words] of variantData) next.variants[variant] = { key: namesKey, words };
  // The threads go with what their heaps grew to; new ones load while the scope files are worked out.
  await pool.restart();
  lap("chunks");

  // 3. Scopes: their windows and archives, written only where their items or names changed.
  const keep = new Set<string>();
  /** Keeps `file` (relative, no leading `/`) in the original and in every variant's copy. */
  const keepAll = (file: string) => {
    for (const path of inEvery(file)) keep.add(path);
  };
  for (let n = 0; n < chunkCount; n++) for (const kind of ARTICLE_KINDS) keepAll(chunkPath(kind, n).slice(1));
  const heads = new Uint32Array(12 * scopes.length);
  const sourceKey = (position: number) => keys.get((published[position] as (typeof published)[number]).file);
  const windows: WindowInput[] = [];
  const groups: GroupJob[] = [];
  /** Scopes whose archive heads are written again. */
  const staleHeads: ArchiveInput[] = [];
  scopes.forEach((input) => {
    const { scope, id, positions } = input;
    const previous = last.windows[id];
    const entry: ScopeEntry = { buckets: [], meta: "", heads: [], archiveKey: "", archiveHeads: [], groups: [] };
    // The window: the newest buckets (the newest's head names the newest archive page), and the newest items' metadata.
    const count = positions.length;
    const kept = keptBuckets(count);
    const newest = positions.slice(0, count - (kept[kept.length - 1] as number) * BUCKET);
    const newestKeys = newest.map((position) => sourceKey(position) as string);
    for (const file of windowFiles(id, count)) keepAll(file);
    const staleBuckets = kept.filter((bucket) => {
      const key = bucketKey(scope, newestKeys, bucket, count, pageSize);
      entry.buckets[bucketSlot(bucket)] = key;
      return previous?.buckets[bucketSlot(bucket)] !== key || !FEED_FORMATS.every((format) => everywhere(bucketPath(id, format, bucket).slice(1)));
    });
    entry.meta = metaKey(newestKeys);
    const meta = previous?.meta !== entry.meta || !everywhere(metaPath(id).slice(1));
    if (!staleBuckets.includes(kept[0] as number)) entry.heads = previous?.heads ?? [];
    if (staleBuckets.length > 0 || meta) windows.push({ scope, id, count, positions: newest, buckets: staleBuckets, meta });
    // The archive: head templates (depend on the scope and its number of pages) and, for terms, groups of pages.
    const archive = archiveFiles(scope, id, positions.length, pageSize);
    for (const file of archive) keepAll(file);
    const pages = archivePageCount(positions.length, pageSize);
    entry.archiveKey = hashWords(JSON.stringify([scope, pages])).join("-");
    const headFiles = archive.filter((file) => file.endsWith(".heads.pack"));
    if (previous?.archiveKey === entry.archiveKey && headFiles.every(everywhere)) entry.archiveHeads = previous.archiveHeads;
    else staleHeads.push(input);
    if (scope.kind !== "site") {
      const stale: number[] = [];
      const groupCount = Math.ceil(pages / pagesPerGroup(pageSize));
      for (let g = 0; g < groupCount; g++) {
        const key = hashWords(JSON.stringify(groupPages(g, pages, pageSize).map((page) => pagePositions(positions, page, pageSize).map(sourceKey)))).join("-");
        entry.groups.push(key);
        const written = previous?.groups[g] === key && everywhere(archivePath(id, g).slice(1));
        if (!written) stale.push(g);
      }
      if (stale.length > 0) groups.push({ input, groups: stale });
    }
    next.windows[id] = entry;
  });
  // In batches, on every core: the original's and each Chinese variant's, and each variant's words for the index.
  const batches = scopeBatches({ windows, heads: staleHeads, groups }, pageSize, SCOPE_BATCH);
  const scopeJobs = batches.flatMap((batch) =>
    [undefined, ...settings.variants].map(
      (variant): ScopesJob => ({
        ...batch,
        count,
        settings,
        ...(variant ? { variant: { variant, words: variantData.get(variant) as VariantData } } : {}),
        assetsDir: paths.assetsDir,
        workDir: paths.workDir,
      }),
    ),
  );
  // Files are most of what scope files cost: about as much each as building an article.
  const scopeWork =
    (settings.variants.length + 1) *
    (windows.reduce((sum, w) => sum + FEED_FORMATS.length * w.buckets.length + (w.meta ? 1 : 0), 0) + staleHeads.length * 3 + groups.reduce((sum, g) => sum + g.groups.length, 0));
  await pool.writeScopes(scopeJobs, scopeWork, (job, done) => {
    if (job.variant !== undefined) return;
    // A window whose newest bucket was not written keeps the hashes of its head.
    job.windows.forEach(({ id }, i) => {
      if ((done.windows[i] as number[]).length > 0) (next.windows[id] as ScopeEntry).heads = done.windows[i] as number[];
    });
    job.heads.forEach(({ id }, i) => {
      (next.windows[id] as ScopeEntry).archiveHeads = done.heads[i] as number[];
    });
  });
  await pool.close();
  scopes.forEach(({ id }, n) => {
    const entry = next.windows[id] as ScopeEntry;
    heads.set(entry.heads, 12 * n);
    heads.set(entry.archiveHeads, 12 * n + 6);
  });
  lap("scopes");
  // The OPML lists and the home page's lists of terms, in the original and in each variant (named and worded as the variant's words say).
  const newest = newestUpdate(headers);
  // With the kinds' index pages (issue 24), made the same way.
  writeLists(scopes, newest, settings, paths.assetsDir);
  writeTermIndexes(scopes, settings, paths.assetsDir);
  for (const variant of settings.variants) {
    const words = variantData.get(variant) as VariantData;
    const named = scopes.map((s) => ({ ...s, scope: variantScope(s.scope, words) }));
    const { assetsDir } = variantDirs(paths.assetsDir, paths.workDir, variant);
    writeLists(named, newest, variantSite(settings, words), assetsDir, `?${VARIANT_PARAM}=${variant}`);
    writeTermIndexes(named, variantSite(settings, words), assetsDir, `?${VARIANT_PARAM}=${variant}`);
  }
  for (const file of [...listPaths(), ...termIndexFiles(scopes)]) keepAll(file);
  // The sitemaps (issue 24): the original's pages, once; none when crawling is off.
  const sitemaps = settings.crawling
    ? writeSitemaps({ articles: published.map(({ file, header }) => ({ path: header.path, updated: header.updated, file })), scopes, newest }, settings, paths.assetsDir)
    : { rows: [], files: [], warnings: [] };
  for (const file of sitemaps.files) keep.add(file);
  // Articles' resources (page bundles' files), once: the same in every variant.
  const resources = publishResources(
    paths.contentDir,
    paths.assetsDir,
    headers.flatMap((header) => header.resources ?? []),
  );
  for (const file of resources.files) keep.add(file);
  const removed = removeOthers(paths.assetsDir, keep, assets);
  removeOthers(paths.workDir, keepWork, work);
  lap("cleanup");

  // 4. The index the worker's script carries.
  const memberStart = new Uint32Array(scopes.length + 1);
  scopes.forEach(({ positions }, n) => {
    memberStart[n + 1] = (memberStart[n] as number) + positions.length;
  });
  const members = new Uint32Array(memberStart[scopes.length] as number);
  scopes.forEach(({ positions }, n) => {
    members.set(positions, memberStart[n]);
  });
  const pathPairs = headers.map((header, position) => [fnv1a(header.path), position] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const resourceHashes = Uint32Array.from(headers.flatMap((header) => (header.resources ?? []).map(([, path]) => fnv1a(path)))).sort();
  const aliases = Object.fromEntries(
    headers.flatMap((header) => (header.aliases ?? []).map((alias): [string, string] => [alias, header.path])).sort(([a], [b]) => (a < b ? -1 : 1)),
  );
  const rows = scopes.map(({ scope, id, positions }, n): ScopeRow => [n, id, positions.length, scope.kind === "site" ? "" : scope.name]);
  const termRows = (kind: TermKind) => Object.fromEntries(scopes.flatMap(({ scope }, n) => (scope.kind === kind ? [[scope.key, rows[n] as ScopeRow]] : [])));
  const catalog: CatalogData = {
    settings,
    pagesVersion: codeHash(paths.root, ["src/views", "src/people"], [basis]),
    scopesVersion: hashWords(JSON.stringify(rows.map((row, n) => [row, (scopes[n] as (typeof scopes)[number]).scope]))).join("-"),
    count,
    newest,
    site: rows[0] as ScopeRow,
    tags: termRows("tags"),
    categories: termRows("categories"),
    authors: termRows("authors"),
    sections: termRows("sections"),
    sectionDescriptions: Object.fromEntries(scopes.flatMap(({ scope }) => (scope.kind === "sections" && scope.description !== undefined ? [[scope.key, scope.description]] : []))),
    aliases,
    sitemaps: sitemaps.rows,
    variantsVersion: codeHash(paths.root, ["src/build/convert.ts", "src/i18n/variants.ts", "node_modules/opencc-js/package.json"], []),
    variants: Object.fromEntries(settings.variants.map((variant) => [variant, variantData.get(variant)])),
  };
  writeIndexModules(paths.outDir, catalog, {
    updated: Float64Array.from(headers, (header) => Date.parse(header.updated)),
    hashes,
    heads,
    memberStart,
    members,
    paths: Uint32Array.from(pathPairs.flat()),
    resources: resourceHashes,
  });
  saveManifest(paths.manifest, next);
  lap("index");
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  const summary =
    `content: ${count} articles, ${Object.keys(catalog.tags).length} tags, ${Object.keys(catalog.categories).length} categories, ${Object.keys(catalog.authors).length} authors` +
    `${Object.keys(catalog.sections).length > 0 ? `, ${Object.keys(catalog.sections).length} sections` : ""}${resources.files.length > 0 ? `, ${resources.files.length} resources (${resources.copied} copied)` : ""}; ` +
    `${chunksBuilt} of ${chunkCount} chunks, ${windows.length} of ${scopes.length} windows (${windows.reduce((sum, w) => sum + w.buckets.length, 0)} buckets), ${staleHeads.length} archive heads and ${groups.reduce((sum, g) => sum + g.groups.length, 0)} archive groups built, ` +
    `${removed} stale files removed, ${keep.size} asset files, in ${seconds} s (${phases.join(", ")})`;
  return {
    ok: true,
    summary,
    warnings: [
      ...tree.warnings.map(({ file, message }) => `${file}: ${message}`),
      ...sectionPages.warnings,
      ...templateWarnings.sort(),
      ...sitemaps.warnings,
      ...assetLimitWarnings(keep.size, settings.variants),
    ],
    articles: count,
    chunksBuilt,
    chunks: chunkCount,
    windowsBuilt: windows.length,
    windows: scopes.length,
    assetFiles: keep.size,
  };
}
