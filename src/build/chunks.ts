/**
 * @module The article store: each published article compiled and serialised once, in
 * every feed format and as a page record, and written into chunk files of `pageSize`
 * articles counted from the oldest (src/content/layout.ts). What only later steps of
 * the build need goes to one file per chunk in the build's work directory (`workPath`):
 * each article's brief items (no body: what archive pages of tags, categories and
 * authors carry, which ./archives.ts copies) and its metadata (what window and archive
 * metadata files list), so no thread holds every article's metadata (./build.ts). One
 * chunk is one job, independent of every other, so chunks are built on every core
 * (./parallel.ts) and only the chunks whose sources changed are built again.
 */
import { createHash } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { ARTICLE_KINDS, type ArticleKind, chunkOf, chunkPath, variantRoot } from "../content/layout.ts";
import { packFiles, packSegments } from "../content/pack.ts";
import { FORMATS } from "../feed/formats.ts";
import { type FeedItem, itemOf } from "../feed/model.ts";
import type { ChineseVariant } from "../i18n/variants.ts";
import type { SiteSettings } from "../settings.ts";
import { type Article, type ArticleMeta, FEED_FORMATS, type FeedFormat, type PageRecord } from "../types.ts";
import { type BodyOptions, compileBody, type Header } from "./compile.ts";
import { convertArticle, converterFor, remembering, variantSettings } from "./convert.ts";
import { sourceText } from "./encoding.ts";
import { readSegments, writeAtomic } from "./files.ts";
import { indexLinks, type LinkIndex, type LinkTable, type ResolvedRefs, refKey, resolveLink } from "./links.ts";
import { outputSite } from "./windows.ts";

/** One article of a chunk: where its source is, its validated front matter, and the source's identity. */
export interface ChunkMember {
  file: string;
  header: Header;
  /** Changes whenever the source file does (its modification time and size). */
  key: string;
}

/** The chunks of one work file (`workGroup`), to build or to keep. */
export interface ChunkJob {
  /** The work file. */
  g: number;
  /** Every chunk in it, in order: those to build with their members (oldest first, as they sit in the chunk), those to keep with their number of articles. */
  chunks: ({ n: number; members: ChunkMember[] } | { n: number; kept: number })[];
  contentDir: string;
  assetsDir: string;
  workDir: string;
  settings: SiteSettings;
  /** What templates in bodies read (./templates/): `site.*` (the generator config), and the work file of every article's link (./links.ts). */
  templates: { site: Record<string, unknown>; links: string };
}

/** What building one chunk made: its articles' hashes (two words each), where their templates' links resolved, what they warned of. */
export interface ChunkBuilt {
  n: number;
  hashes: number[];
  refs: ResolvedRefs;
  warnings: string[];
}

/** The link index of the work file at `path`, read once per thread and build (the file is rewritten only when it changes). */
const linkIndexes = new Map<string, { mtimeMs: number; index: LinkIndex }>();

function linkIndexAt(path: string): LinkIndex {
  const { mtimeMs } = statSync(path);
  let known = linkIndexes.get(path);
  if (known === undefined || known.mtimeMs !== mtimeMs) {
    known = { mtimeMs, index: indexLinks(JSON.parse(readFileSync(path, "utf8")) as LinkTable) };
    linkIndexes.set(path, known);
  }
  return known.index;
}

/**
 * A serialised article's metadata and a 64-bit hash of everything served for it. In a
 * Chinese variant (issue 13) its bytes follow from the original's and the converter's
 * (src/build/convert.ts), so the original's hash covers them.
 */
export interface BuiltArticle {
  meta: ArticleMeta;
  hash: [number, number];
}

/**
 * Chunks per work file. Creating a file costs far more than writing it (0.6-1 ms of
 * system time each on the development machine's disk, against 40 us to rewrite one),
 * and a work file is never served, so eight chunks share one.
 */
export const WORK_GROUP = 8;

/** The work file chunk `n` is in. */
export function workGroup(n: number): number {
  return Math.floor(n / WORK_GROUP);
}

/** Path, in the work directory, of work file `g`: a pack of the brief items in each feed format and the metadata of the articles of chunks `WORK_GROUP * g` on. */
export function workPath(g: number): string {
  return `chunks/${g}.pack`;
}

/** What a work file holds of each article (chunk by chunk, oldest first), in this order: an article's parts are read together. */
const WORK_PARTS = [...FEED_FORMATS, "meta"] as const;
type WorkPart = (typeof WORK_PARTS)[number];

/** Where the parts of article `index` of chunk `n` start in its work file (every chunk before it in the file is full). */
function workIndex(n: number, index: number, pageSize: number): number {
  return WORK_PARTS.length * ((n - WORK_GROUP * workGroup(n)) * pageSize + index);
}

/**
 * Every part of each of `positions` (of `count` articles), from the work files in
 * `workDir`: each file opened once, and only the bytes those articles' parts are in.
 */
function readWork(workDir: string, count: number, pageSize: number, positions: Iterable<number>): Map<number, Uint8Array[]> {
  const byFile = new Map<number, { position: number; at: number }[]>();
  for (const position of positions) {
    const { chunk, index } = chunkOf(position, count, pageSize);
    let list = byFile.get(workGroup(chunk));
    if (list === undefined) byFile.set(workGroup(chunk), (list = []));
    list.push({ position, at: workIndex(chunk, index, pageSize) });
  }
  const parts = new Map<number, Uint8Array[]>();
  const width = WORK_PARTS.length;
  for (const [g, wanted] of byFile) {
    const segments = readSegments(
      join(workDir, workPath(g)),
      wanted.flatMap(({ at }) => WORK_PARTS.map((_, part) => at + part)),
    );
    wanted.forEach(({ position }, i) => {
      parts.set(position, segments.slice(width * i, width * (i + 1)));
    });
  }
  return parts;
}

/** Work files' parts read ahead for a batch of scope files (`readAhead`), by work directory. */
const ahead = new Map<string, Map<number, Uint8Array[]>>();

/**
 * Runs `write` with every part of `positions` in the work files of `workDir` read ahead,
 * each file once, for `readBriefs` and `readMetas` to take from: a batch of scope files
 * reads each format's brief items and the metadata of the same articles, and reading
 * each file four times cost more than writing the scope files did.
 */
export function readAhead<T>(workDir: string, count: number, pageSize: number, positions: Iterable<number>, write: () => T): T {
  ahead.set(workDir, readWork(workDir, count, pageSize, positions));
  try {
    return write();
  } finally {
    ahead.delete(workDir);
  }
}

/** Part `part` of each of `positions`: read ahead when it was, else from the work files. */
function workPart(workDir: string, count: number, pageSize: number, part: WorkPart, positions: Iterable<number>): Map<number, Uint8Array> {
  const at = WORK_PARTS.indexOf(part);
  const read = ahead.get(workDir);
  const wanted = [...positions];
  const missing = read === undefined ? wanted : wanted.filter((position) => !read.has(position));
  const more = missing.length > 0 ? readWork(workDir, count, pageSize, missing) : undefined;
  return new Map(wanted.map((position) => [position, (read?.get(position) ?? (more as Map<number, Uint8Array[]>).get(position) ?? [])[at] as Uint8Array]));
}

/** The brief item in `format` of each of `positions` (of `count` articles), from the work files in `workDir`. */
export function readBriefs(workDir: string, count: number, pageSize: number, format: FeedFormat, positions: Iterable<number>): Map<number, Uint8Array> {
  return workPart(workDir, count, pageSize, format, positions);
}

/**
 * The metadata of `positions` (of `count` articles) from the work files in `workDir`: an
 * array by position, as long as the archive, holding only those (what ./windows.ts and
 * ./archives.ts take).
 */
export function readMetas(workDir: string, count: number, pageSize: number, positions: Iterable<number>): ArticleMeta[] {
  const decoder = new TextDecoder();
  const metas = new Array<ArticleMeta>(count);
  for (const [position, bytes] of workPart(workDir, count, pageSize, "meta", positions)) metas[position] = JSON.parse(decoder.decode(bytes)) as ArticleMeta;
  return metas;
}

/**
 * Where a variant's copy goes: its root under the assets directory (src/content/layout.ts
 * `variantRoot`: its files other than the chunks and scope files, which hold every copy)
 * and its own work directory.
 */
export function variantDirs(assetsDir: string, workDir: string, variant: ChineseVariant): { assetsDir: string; workDir: string } {
  return { assetsDir: join(assetsDir, variantRoot(variant)), workDir: join(workDir, "v", variant) };
}

/** `text` as UTF-8 (Node's encoder: half again as fast as `TextEncoder` on the articles' text). */
const utf8 = (text: string): Uint8Array => Buffer.from(text, "utf8");

/** A serialised chunk (`serialiseArticles`). */
export interface Serialised {
  /** Each article's item in every format and its page record, as served. */
  parts: Record<ArticleKind, Uint8Array[]>;
  /** Each article's brief item in every format: without its body (src/content/layout.ts says why). */
  briefs: Record<FeedFormat, Uint8Array[]>;
  built: BuiltArticle[];
}

/**
 * Serialises `articles` (one chunk): their items in every feed format, full and brief,
 * on `SITE_URL` or the `origin` placeholder, and their page records; and what the rest
 * of the build keeps of each, with a hash of every byte served for it (`hashes`, when
 * given: a Chinese variant's articles are served under the original's).
 */
export function serialiseArticles(articles: Article[], settings: SiteSettings, hashes?: readonly BuiltArticle["hash"][]): Serialised {
  const site = outputSite(settings);
  const metas = articles.map(({ html: _html, pageHtml: _page, file: _file, ...meta }): ArticleMeta => meta);
  const items = articles.map((article) => itemOf(article, site));
  const render = (item: FeedItem) => Object.fromEntries(FEED_FORMATS.map((format) => [format, utf8(FORMATS[format].render.item(item))])) as Record<FeedFormat, Uint8Array>;
  const full = items.map(render);
  // An article without a body has the same item full and brief.
  const brief = items.map((item, i) => (item.body === "" ? (full[i] as Record<FeedFormat, Uint8Array>) : render({ ...item, body: "" })));
  const parts: Record<ArticleKind, Uint8Array[]> = {
    rss: full.map((item) => item.rss),
    atom: full.map((item) => item.atom),
    json: full.map((item) => item.json),
    page: articles.map((article, i) => utf8(JSON.stringify({ ...(metas[i] as ArticleMeta), html: article.pageHtml ?? article.html } satisfies PageRecord))),
  };
  const briefs = Object.fromEntries(FEED_FORMATS.map((f) => [f, brief.map((item) => item[f])])) as Record<FeedFormat, Uint8Array[]>;
  const built = metas.map((meta, i): BuiltArticle => {
    const given = hashes?.[i];
    if (given !== undefined) return { meta, hash: given };
    const digest = createHash("sha256");
    for (const kind of ARTICLE_KINDS) digest.update(parts[kind][i] as Uint8Array);
    for (const format of FEED_FORMATS) digest.update(briefs[format][i] as Uint8Array);
    const bytes = digest.digest();
    return { meta, hash: [bytes.readUInt32LE(0), bytes.readUInt32LE(4)] };
  });
  return { parts, briefs, built };
}

/**
 * `articles` (one chunk) in a Chinese variant, serialised as the original's are: the
 * articles are converted (their titles, summaries, bodies and names: src/build/convert.ts
 * `convertArticle`), then written by the same renderers on the variant's settings. Their
 * hashes are the original's (`original`): a variant's bytes follow from the original's
 * and the converter's, which validators name apart (src/feed/documents.ts).
 */
export function serialiseVariant(articles: Article[], settings: SiteSettings, variant: ChineseVariant, original: Serialised): Serialised {
  const convert = remembering(converterFor(variant));
  return serialiseArticles(
    articles.map((article) => convertArticle(article, convert)),
    variantSettings(settings, variant),
    original.built.map(({ hash }) => hash),
  );
}

/** A serialised chunk's article files (one pack per kind), and its work parts (brief items, metadata), article by article. */
function chunkFiles(serialised: Serialised): { files: Record<ArticleKind, Uint8Array>; work: Uint8Array[] } {
  const files = Object.fromEntries(ARTICLE_KINDS.map((kind) => [kind, packSegments(serialised.parts[kind])])) as Record<ArticleKind, Uint8Array>;
  const metas = serialised.built.map(({ meta }) => utf8(JSON.stringify(meta)));
  const parts = { ...serialised.briefs, meta: metas };
  return { files, work: metas.flatMap((_, i) => WORK_PARTS.map((part) => parts[part][i] as Uint8Array)) };
}

/**
 * Writes chunk `n`'s article files into `assetsDir`, each holding every copy (the
 * original's, then each variant's: src/content/pack.ts `packFiles`) when there are
 * Chinese variants, so each is written once, as it is published (./publish.ts).
 */
function writeChunk(n: number, copies: readonly Record<ArticleKind, Uint8Array>[], assetsDir: string): void {
  for (const kind of ARTICLE_KINDS) {
    const files = copies.map((files) => files[kind]);
    writeAtomic(join(assetsDir, chunkPath(kind, n)), files.length === 1 ? (files[0] as Uint8Array) : packFiles(files, true));
  }
}

/**
 * Compiles, serialises and writes the chunks to build in `job`, with the same articles
 * converted into each Chinese variant the settings name in the same files; then its
 * work file, in the original and each variant, with the work parts of the chunks it
 * keeps read from the last one. Returns the hash of each article of each chunk built
 * (two words each, in chunk order).
 */
export function buildChunks(job: ChunkJob): ChunkBuilt[] {
  const { settings } = job;
  const workDirs = [job.workDir, ...settings.variants.map((variant) => variantDirs(job.assetsDir, job.workDir, variant).workDir)];
  const work = workDirs.map((): Uint8Array[] => []);
  const built: ChunkBuilt[] = [];
  for (const chunk of job.chunks) {
    if ("kept" in chunk) {
      const from = workIndex(chunk.n, 0, settings.pageSize);
      const indexes = Array.from({ length: WORK_PARTS.length * chunk.kept }, (_, i) => from + i);
      workDirs.forEach((workDir, c) => {
        work[c]?.push(...readSegments(join(workDir, workPath(job.g)), indexes));
      });
      continue;
    }
    const refs: ResolvedRefs = {};
    const warnings: string[] = [];
    const options: BodyOptions = {
      ...settings,
      site: job.templates.site,
      resolve: (kind, target) => {
        const found = resolveLink(linkIndexAt(job.templates.links), kind, target);
        refs[refKey(kind, target)] = found?.path ?? null;
        return found;
      },
      warn: (message) => warnings.push(message),
    };
    const articles = chunk.members.map((member) => compileBody(member.file, member.header, sourceText(member.file, readFileSync(join(job.contentDir, member.file))), options));
    const serialised = serialiseArticles(articles, settings);
    const made = [serialised, ...settings.variants.map((variant) => serialiseVariant(articles, settings, variant, serialised))].map(chunkFiles);
    made.forEach(({ work: parts }, c) => {
      work[c]?.push(...parts);
    });
    writeChunk(
      chunk.n,
      made.map(({ files }) => files),
      job.assetsDir,
    );
    built.push({ n: chunk.n, hashes: serialised.built.flatMap(({ hash }) => hash), refs, warnings });
  }
  workDirs.forEach((workDir, c) => {
    writeAtomic(join(workDir, workPath(job.g)), packSegments(work[c] as Uint8Array[]));
  });
  return built;
}
