/**
 * @module The build: content/ into Workers Static Assets (dist/content/) and the
 * worker's index modules (src/generated/). `npm run build` runs it (./cli.ts).
 *
 * Streaming and incremental: front matter of every source first (all problems are
 * reported at once, with file and field, and nothing is written); then the article
 * chunks, on every core, each compiled, serialised and written as soon as it is built;
 * then the scope windows, copied from the chunks; then the index. Only the chunks and
 * windows whose inputs changed since the last build are made again (./manifest.ts).
 */
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import type { CatalogData, ScopeRow } from "../content/index-format.ts";
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
import { FEED_FORMATS } from "../feed/urls.ts";
import { type ArchiveInput, archiveFiles, type GroupJob, pagePositions, writeArchiveGroups, writeArchiveHeads } from "./archives.ts";
import { lastUpdated } from "../feed/select.ts";
import { fnv1a } from "../hash.ts";
import { type ArticleMeta, type Scope, TERM_KINDS, type TermKind } from "../types.ts";
import { briefPath, type BuiltArticle, type ChunkJob, type ChunkMember, variantDirs } from "./chunks.ts";
import { convertScope, converterFor, variantSettings } from "./convert.ts";
import { VARIANT_PARAM } from "../i18n/variants.ts";
import { checkHeaders, indexTerms, publishedOrder } from "./compile.ts";
import { writeIndexModules } from "./emit.ts";
import { opmlFiles, writeOpml } from "./lists.ts";
import { removeOthers } from "./files.ts";
import { codeHash, contentBasis, loadManifest, type Manifest, type ScopeEntry, saveManifest } from "./manifest.ts";
import { BuildPool } from "./parallel.ts";
import type { SiteSettings } from "../settings.ts";
import type { Problem } from "./compile.ts";
import type { BuildPaths } from "./settings.ts";
import { bucketKey, hashWords, metaKey, type WindowInput, windowFiles, writeWindows } from "./windows.ts";

/** A scope's asset directory id: stable for its key, whatever else changes. */
function scopeId(scope: Scope): string {
  if (scope.kind === "site") return "site";
  const [a, b] = hashWords(`${scope.kind}\u0000${scope.key}`);
  return `${scope.kind.slice(0, 1)}-${a.toString(16).padStart(8, "0")}${b.toString(16).padStart(8, "0")}`;
}

/** What a build did, or why it wrote nothing. */
export type BuildResult =
  | { ok: true; summary: string; articles: number; chunksBuilt: number; chunks: number; windowsBuilt: number; windows: number }
  | { ok: false; problems: Problem[] };

/** Builds the content at `paths` with `settings`; on any problem in any source, writes nothing. */
export async function buildContent(paths: BuildPaths, settings: SiteSettings): Promise<BuildResult> {
  const started = performance.now();
  const phases: string[] = [];
  let mark = started;
  const lap = (name: string) => {
    const now = performance.now();
    phases.push(`${name} ${((now - mark) / 1000).toFixed(2)} s${process.env.BUILD_RSS ? ` rss ${Math.round(process.resourceUsage().maxRSS / 1024)} MiB` : ""}`);
    mark = now;
  };
  const basis = contentBasis(paths.root, settings);
  const last = loadManifest(paths.manifest, basis);
  const next: Manifest = { basis, headers: {}, chunks: {}, windows: {} };

  // 1. Front matter of every source: cached by modification time and size.
  const files = (readdirSync(paths.contentDir, { recursive: true }) as string[])
    .filter((f) => f.endsWith(".md"))
    .map((f) => relative(paths.contentDir, join(paths.contentDir, f)).split("\\").join("/"))
    .sort();
  const keys = new Map(
    files.map((file) => {
      const stat = statSync(join(paths.contentDir, file));
      return [file, `${file}|${stat.mtimeMs}|${stat.size}`];
    }),
  );
  const stale = files.filter((file) => last.headers[file]?.key !== keys.get(file));
  const pool = new BuildPool(Math.max(stale.length, files.length - Object.keys(last.headers).length));
  const fresh = new Map((await pool.readHeaders(stale, paths.contentDir, settings.timeZone)).map((done) => [done.file, done.result]));
  const results = files.map((file) => {
    const result = fresh.get(file) ?? (last.headers[file]?.result as NonNullable<(typeof last.headers)[string]>["result"]);
    next.headers[file] = { key: keys.get(file) as string, result };
    return { file, result };
  });
  const checked = checkHeaders(results);
  if (!checked.ok) {
    await pool.close();
    return checked;
  }

  lap("front matter");

  // 2. Article chunks, counted from the oldest: only those whose sources changed are built.
  const published = publishedOrder(checked.headers);
  const count = published.length;
  const { pageSize } = settings;
  const chunkCount = pageCount(count, pageSize);
  const exists = (path: string, dir = paths.assetsDir) => statSync(join(dir, path), { throwIfNoEntry: false }) !== undefined;
  const metas: ArticleMeta[] = new Array(count);
  const hashes = new Uint32Array(2 * count);
  // Each Chinese variant's copy (issue 13): its settings, where it goes, its articles' metadata.
  const variants = settings.variants.map((variant) => ({
    variant,
    root: variantRoot(variant),
    settings: variantSettings(settings, variant),
    linkQuery: `?${VARIANT_PARAM}=${variant}`,
    convert: converterFor(variant),
    metas: new Array<ArticleMeta>(count),
    ...variantDirs(paths.assetsDir, paths.workDir, variant),
  }));
  const roots = ["", ...variants.map((v) => v.root)];
  const place = (n: number, built: BuiltArticle[]) => {
    built.forEach((article, i) => {
      const position = count - 1 - (n * pageSize + i);
      metas[position] = article.meta;
      hashes.set(article.hash, 2 * position);
      for (const v of variants) v.metas[position] = article.variants?.[v.variant] as ArticleMeta;
    });
  };
  /** Whether `file` (relative, no leading `/`) exists in the original and in every variant's copy. */
  const everywhere = (file: string) => roots.every((root) => exists(`${root}/${file}`));
  const jobs: ChunkJob[] = [];
  for (let n = 0; n < chunkCount; n++) {
    const members: ChunkMember[] = [];
    for (let o = n * pageSize; o < Math.min(count, (n + 1) * pageSize); o++) {
      const { file, header } = published[count - 1 - o] as (typeof published)[number];
      members.push({ file, header, key: keys.get(file) as string });
    }
    const memberKeys = members.map((m) => m.key);
    const previous = last.chunks[n];
    const built = () =>
      ARTICLE_KINDS.every((kind) => everywhere(chunkPath(kind, n).slice(1))) &&
      FEED_FORMATS.every((f) => exists(briefPath(f, n), paths.workDir) && variants.every((v) => exists(briefPath(f, n), v.workDir)));
    if (previous && previous.members.join("\n") === memberKeys.join("\n") && built()) {
      next.chunks[n] = previous;
      place(n, previous.built);
    } else {
      jobs.push({ n, members, contentDir: paths.contentDir, assetsDir: paths.assetsDir, workDir: paths.workDir, settings });
      next.chunks[n] = { members: memberKeys, built: [] };
    }
  }
  await pool.buildChunks(jobs, (n, built) => {
    (next.chunks[n] as Manifest["chunks"][string]).built = built;
    place(n, built);
  });

  lap("chunks");

  // 3. Scopes: their windows and archives, written only where their items or names changed.
  const scopes: ArchiveInput[] = [{ scope: { kind: "site" }, id: "site", positions: Array.from({ length: count }, (_, i) => i) }];
  const terms = Object.fromEntries(TERM_KINDS.map((kind) => [kind, indexTerms(metas, kind, settings.author)])) as Record<TermKind, ReturnType<typeof indexTerms>>;
  const ids = new Map<string, Scope>();
  for (const kind of TERM_KINDS) {
    for (const key of Object.keys(terms[kind]).sort()) {
      const term = terms[kind][key] as NonNullable<(typeof terms)[TermKind][string]>;
      const scope: Scope = { kind, key, name: term.name };
      const id = scopeId(scope);
      if (ids.has(id)) throw new Error(`scope id collision: ${JSON.stringify(ids.get(id))} and ${JSON.stringify(scope)}`);
      ids.set(id, scope);
      scopes.push({ scope, id, positions: term.articles });
    }
  }
  const keep = new Set<string>();
  /** Keeps `file` (relative, no leading `/`) in the original and in every variant's copy. */
  const keepAll = (file: string) => {
    for (const root of roots) keep.add(`${root.slice(1)}${root ? "/" : ""}${file}`);
  };
  for (let n = 0; n < chunkCount; n++) for (const kind of ARTICLE_KINDS) keepAll(chunkPath(kind, n).slice(1));
  const heads = new Uint32Array(12 * scopes.length);
  const sourceKey = (position: number) => keys.get((published[position] as (typeof published)[number]).file);
  const windows: { n: number; input: WindowInput }[] = [];
  const groups: GroupJob[] = [];
  let headsWritten = 0;
  /** Scopes whose archive heads are written again (the variants' are written with their other scope files). */
  const staleHeads: ArchiveInput[] = [];
  scopes.forEach((input, n) => {
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
    if (staleBuckets.length > 0 || meta) windows.push({ n, input: { scope, id, count, positions: newest, buckets: staleBuckets, meta } });
    // The archive: head templates (depend on the scope and its number of pages) and, for terms, groups of pages.
    const archive = archiveFiles(scope, id, positions.length, pageSize);
    for (const file of archive) keepAll(file);
    const pages = archivePageCount(positions.length, pageSize);
    entry.archiveKey = hashWords(JSON.stringify([scope, pages])).join("-");
    const headFiles = archive.filter((file) => file.endsWith(".heads.pack"));
    if (previous?.archiveKey === entry.archiveKey && headFiles.every(everywhere)) {
      entry.archiveHeads = previous.archiveHeads;
    } else {
      entry.archiveHeads = writeArchiveHeads(input, settings, paths.assetsDir);
      staleHeads.push(input);
      headsWritten++;
    }
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
    heads.set(entry.archiveHeads, 12 * n + 6);
  });
  // Each Chinese variant's scope files on a worker thread, while this one writes the original's.
  const background = pool.inBackground(
    variants.map((v) => ({
      windows: windows.map(({ input }) => ({ ...input, scope: convertScope(input.scope, v.convert) })),
      heads: staleHeads.map((input) => ({ ...input, scope: convertScope(input.scope, v.convert) })),
      groups,
      metas: v.metas,
      settings: v.settings,
      assetsDir: v.assetsDir,
      workDir: v.workDir,
      linkQuery: v.linkQuery,
    })),
  );
  const written = writeWindows(
    windows.map((w) => w.input),
    metas,
    settings,
    paths.assetsDir,
  );
  windows.forEach(({ input }, i) => {
    if ((written[i] as number[]).length > 0) (next.windows[input.id] as ScopeEntry).heads = written[i] as number[];
  });
  scopes.forEach(({ id }, n) => heads.set((next.windows[id] as ScopeEntry).heads, 12 * n));
  lap("windows");
  writeArchiveGroups(groups, metas, settings, paths.assetsDir, paths.workDir);
  // The OPML lists, in the original and in each variant (names converted).
  const newest = lastUpdated(metas).toISOString();
  writeOpml(scopes, newest, settings, paths.assetsDir);
  for (const v of variants)
    writeOpml(
      scopes.map((s) => ({ ...s, scope: convertScope(s.scope, v.convert) })),
      newest,
      v.settings,
      v.assetsDir,
      v.linkQuery,
    );
  for (const file of opmlFiles()) keepAll(file);
  lap("archives");
  try {
    await background;
  } finally {
    await pool.close();
  }
  const removed = removeOthers(paths.assetsDir, keep);
  lap(variants.length > 0 ? "variants" : "cleanup");

  // 4. The index the worker's script carries.
  const memberStart = new Uint32Array(scopes.length + 1);
  scopes.forEach(({ positions }, n) => {
    memberStart[n + 1] = (memberStart[n] as number) + positions.length;
  });
  const members = new Uint32Array(memberStart[scopes.length] as number);
  scopes.forEach(({ positions }, n) => members.set(positions, memberStart[n]));
  const slugPairs = metas.map((meta, position) => [fnv1a(meta.slug), position] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
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
    variantsVersion: codeHash(paths.root, ["src/build/convert.ts", "src/i18n/variants.ts", "node_modules/opencc-js/package.json"], []),
    variants: Object.fromEntries(
      variants.map((v) => {
        const names: Record<string, string> = {};
        for (const { scope } of scopes) {
          if (scope.kind === "site") continue;
          const name = v.convert(scope.name);
          if (name !== scope.name) names[`${scope.kind}/${scope.key}`] = name;
        }
        const { title, description, author, language } = v.settings;
        return [v.variant, { title, description, author, language, names }];
      }),
    ),
  };
  writeIndexModules(paths.outDir, catalog, {
    updated: Float64Array.from(metas, (m) => Date.parse(m.updated)),
    hashes,
    heads,
    memberStart,
    members,
    slugs: Uint32Array.from(slugPairs.flat()),
  });
  saveManifest(paths.manifest, next);
  lap("index");
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  const summary =
    `content: ${count} articles, ${Object.keys(catalog.tags).length} tags, ${Object.keys(catalog.categories).length} categories, ${Object.keys(catalog.authors).length} authors; ` +
    `${jobs.length} of ${chunkCount} chunks, ${windows.length} of ${scopes.length} windows (${windows.reduce((sum, w) => sum + w.input.buckets.length, 0)} buckets), ${headsWritten} archive heads and ${groups.reduce((sum, g) => sum + g.groups.length, 0)} archive groups built, ` +
    `${removed} stale files removed in ${seconds} s (${phases.join(", ")})`;
  return { ok: true, summary, articles: count, chunksBuilt: jobs.length, chunks: chunkCount, windowsBuilt: windows.length, windows: scopes.length };
}
