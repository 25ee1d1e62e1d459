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
import { ARTICLE_KINDS, CHUNK_SIZE, chunkPath, WINDOW } from "../content/layout.ts";
import { lastUpdated } from "../feed/select.ts";
import { fnv1a } from "../hash.ts";
import type { ArticleMeta, Scope, TermKind } from "../types.ts";
import type { BuiltArticle, ChunkJob, ChunkMember } from "./chunks.ts";
import { checkHeaders, indexTerms, publishedOrder } from "./compile.ts";
import { writeIndexModules } from "./emit.ts";
import { removeOthers } from "./files.ts";
import { codeHash, contentBasis, loadManifest, type Manifest, saveManifest } from "./manifest.ts";
import { BuildPool } from "./parallel.ts";
import type { SiteSettings } from "../settings.ts";
import type { Problem } from "./compile.ts";
import type { BuildPaths } from "./settings.ts";
import { hashWords, type WindowInput, windowFiles, writeWindows } from "./windows.ts";

const TERM_KINDS: TermKind[] = ["tags", "categories"];

/** A scope's asset directory id: stable for its key, whatever else changes. */
function scopeId(scope: Scope): string {
  if (scope.kind === "site") return "site";
  const [a, b] = hashWords(`${scope.kind}\u0000${scope.key}`);
  return `${scope.kind === "tags" ? "t" : "c"}-${a.toString(16).padStart(8, "0")}${b.toString(16).padStart(8, "0")}`;
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
  const keys = new Map(files.map((file) => {
    const stat = statSync(join(paths.contentDir, file));
    return [file, `${file}|${stat.mtimeMs}|${stat.size}`];
  }));
  const stale = files.filter((file) => last.headers[file]?.key !== keys.get(file));
  const pool = new BuildPool(Math.max(stale.length, files.length - Object.keys(last.headers).length));
  const fresh = new Map((await pool.readHeaders(stale, paths.contentDir, settings.timeZone)).map((done) => [done.file, done.result]));
  const results = files.map((file) => {
    const result = fresh.get(file) ?? (last.headers[file]?.result as NonNullable<typeof last.headers[string]>["result"]);
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
  const chunkCount = Math.ceil(count / CHUNK_SIZE);
  const metas: ArticleMeta[] = new Array(count);
  const hashes = new Uint32Array(2 * count);
  const place = (n: number, built: BuiltArticle[]) => {
    built.forEach((article, i) => {
      const position = count - 1 - (n * CHUNK_SIZE + i);
      metas[position] = article.meta;
      hashes.set(article.hash, 2 * position);
    });
  };
  const jobs: ChunkJob[] = [];
  const exists = (path: string) => statSync(join(paths.assetsDir, path), { throwIfNoEntry: false }) !== undefined;
  for (let n = 0; n < chunkCount; n++) {
    const members: ChunkMember[] = [];
    for (let o = n * CHUNK_SIZE; o < Math.min(count, (n + 1) * CHUNK_SIZE); o++) {
      const { file, header } = published[count - 1 - o] as (typeof published)[number];
      members.push({ file, header, key: keys.get(file) as string });
    }
    const memberKeys = members.map((m) => m.key);
    const previous = last.chunks[n];
    if (previous && previous.members.join("\n") === memberKeys.join("\n") && ARTICLE_KINDS.every((kind) => exists(chunkPath(kind, n)))) {
      next.chunks[n] = previous;
      place(n, previous.built);
    } else {
      jobs.push({ n, members, contentDir: paths.contentDir, assetsDir: paths.assetsDir, settings });
      next.chunks[n] = { members: memberKeys, built: [] };
    }
  }
  await pool.buildChunks(jobs, (n, built) => {
    (next.chunks[n] as Manifest["chunks"][string]).built = built;
    place(n, built);
  });
  await pool.close();

  lap("chunks");

  // 3. Scopes and their windows: only those whose items or names changed are written.
  const scopes: { scope: Scope; positions: number[] }[] = [{ scope: { kind: "site" }, positions: Array.from({ length: count }, (_, i) => i) }];
  const terms = Object.fromEntries(TERM_KINDS.map((kind) => [kind, indexTerms(metas, kind)])) as Record<TermKind, ReturnType<typeof indexTerms>>;
  for (const kind of TERM_KINDS) {
    for (const key of Object.keys(terms[kind]).sort()) {
      const term = terms[kind][key] as NonNullable<(typeof terms)[TermKind][string]>;
      scopes.push({ scope: { kind, key, name: term.name }, positions: term.articles });
    }
  }
  const keep = new Set<string>();
  for (let n = 0; n < chunkCount; n++) for (const kind of ARTICLE_KINDS) keep.add(chunkPath(kind, n).slice(1));
  const ids = new Map<string, Scope>();
  const heads = new Uint32Array(6 * scopes.length);
  const toWrite: { n: number; input: WindowInput; key: string }[] = [];
  scopes.forEach(({ scope, positions }, n) => {
    const id = scopeId(scope);
    if (ids.has(id)) throw new Error(`scope id collision: ${JSON.stringify(ids.get(id))} and ${JSON.stringify(scope)}`);
    ids.set(id, scope);
    const window = positions.slice(0, WINDOW);
    const files = windowFiles(id, window.length);
    for (const file of files) keep.add(file);
    const key = hashWords(JSON.stringify([scope, window.map((p) => keys.get((published[p] as (typeof published)[number]).file))])).join("-");
    const previous = last.windows[id];
    if (previous && previous.key === key && files.every((file) => exists(`/${file}`))) {
      next.windows[id] = previous;
      heads.set(previous.heads, 6 * n);
    } else {
      toWrite.push({ n, input: { scope, id, positions: window }, key });
    }
  });
  const written = writeWindows(
    toWrite.map((w) => w.input),
    metas,
    settings,
    paths.assetsDir,
  );
  toWrite.forEach(({ n, input, key }, i) => {
    const words = written[i] as number[];
    next.windows[input.id] = { key, heads: words };
    heads.set(words, 6 * n);
  });
  const removed = removeOthers(paths.assetsDir, keep);
  lap("windows");

  // 4. The index the worker's script carries.
  const memberStart = new Uint32Array(scopes.length + 1);
  scopes.forEach(({ positions }, n) => {
    memberStart[n + 1] = (memberStart[n] as number) + positions.length;
  });
  const members = new Uint32Array(memberStart[scopes.length] as number);
  scopes.forEach(({ positions }, n) => members.set(positions, memberStart[n]));
  const slugPairs = metas.map((meta, position) => [fnv1a(meta.slug), position] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const rows = scopes.map(({ scope, positions }, n): ScopeRow => [n, scopeId(scope), positions.length, scope.kind === "site" ? "" : scope.name]);
  const termRows = (kind: TermKind) =>
    Object.fromEntries(scopes.flatMap(({ scope }, n) => (scope.kind === kind ? [[scope.key, rows[n] as ScopeRow]] : [])));
  const catalog: CatalogData = {
    settings,
    pagesVersion: codeHash(paths.root, ["src/views", "src/people"], [basis]),
    scopesVersion: hashWords(JSON.stringify(rows.map((row, n) => [row, (scopes[n] as (typeof scopes)[number]).scope]))).join("-"),
    count,
    newest: lastUpdated(metas).toISOString(),
    site: rows[0] as ScopeRow,
    tags: termRows("tags"),
    categories: termRows("categories"),
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
    `content: ${count} articles, ${Object.keys(catalog.tags).length} tags, ${Object.keys(catalog.categories).length} categories; ` +
    `${jobs.length} of ${chunkCount} chunks and ${toWrite.length} of ${scopes.length} windows built, ${removed} stale files removed in ${seconds} s (${phases.join(", ")})`;
  return { ok: true, summary, articles: count, chunksBuilt: jobs.length, chunks: chunkCount, windowsBuilt: toWrite.length, windows: scopes.length };
}
