/**
 * @module The article store: each published article compiled and serialised once, in
 * every feed format and as a page record, and written into chunk files of `pageSize`
 * articles counted from the oldest (src/content/layout.ts). Each article's brief items
 * (no body: what archive pages of tags, categories and authors carry) go to the build's
 * work directory, from where ./archives.ts copies them. One chunk is one job,
 * independent of every other, so chunks are built on every core (./parallel.ts) and
 * only the chunks whose sources changed are built again.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ARTICLE_KINDS, type ArticleKind, chunkPath, variantRoot } from "../content/layout.ts";
import { packSegments } from "../content/pack.ts";
import { briefArticle, renderFragments } from "../feed/serialise.ts";
import { ORIGIN_TOKEN } from "../feed/template.ts";
import { FEED_FORMATS } from "../feed/urls.ts";
import type { SiteSettings } from "../settings.ts";
import type { Article, ArticleMeta, FeedFormat, PageRecord } from "../types.ts";
import type { ChineseVariant } from "../i18n/variants.ts";
import { compileBody, type Header } from "./compile.ts";
import { convertArticle, converterFor, convertHtml, convertItem, itemContent, remembering } from "./convert.ts";
import { writeAtomic } from "./files.ts";

/** One article of a chunk: where its source is, its validated front matter, and the source's identity. */
export interface ChunkMember {
  file: string;
  header: Header;
  /** Changes whenever the source file does (its modification time and size). */
  key: string;
}

export interface ChunkJob {
  n: number;
  /** Oldest first, as they sit in the chunk. */
  members: ChunkMember[];
  contentDir: string;
  assetsDir: string;
  workDir: string;
  settings: SiteSettings;
}

/** What the rest of the build keeps of an article: its metadata and a 64-bit hash of everything served for it. */
export interface BuiltArticle {
  meta: ArticleMeta;
  hash: [number, number];
  /** Its metadata in each built Chinese variant (issue 13). Its bytes there follow from the original's and the converter's (src/build/convert.ts), so the hash covers them. */
  variants?: Partial<Record<ChineseVariant, ArticleMeta>>;
}

/** Path, in the work directory, of chunk `n`'s brief items in `format`. */
export function briefPath(format: FeedFormat, n: number): string {
  return `brief/${format}/${n}.pack`;
}

/** Where a variant's copy goes: its root under the assets directory (src/content/layout.ts `variantRoot`) and its own work directory. */
export function variantDirs(assetsDir: string, workDir: string, variant: ChineseVariant): { assetsDir: string; workDir: string } {
  return { assetsDir: join(assetsDir, variantRoot(variant)), workDir: join(workDir, "v", variant) };
}

/**
 * Serialises `articles` (one chunk): their items in every feed format, on the site's
 * origin or the origin token, their page records and their brief items; and what the
 * rest of the build keeps of each, with a hash of every byte served for it.
 */
export function serialiseArticles(
  articles: Article[],
  settings: SiteSettings,
): { parts: Record<ArticleKind, Uint8Array[]>; briefs: Record<FeedFormat, Uint8Array[]>; built: BuiltArticle[] } {
  const encoder = new TextEncoder();
  const site = { ...settings, origin: ORIGIN_TOKEN };
  const bake = (text: string) => encoder.encode(settings.url === "" ? text : text.replaceAll(ORIGIN_TOKEN, () => settings.url));
  const metas = articles.map(({ html: _html, pageHtml: _page, file: _file, ...meta }): ArticleMeta => meta);
  const full = renderFragments(articles, site);
  const brief = renderFragments(articles.map(briefArticle), site);
  const parts: Record<ArticleKind, Uint8Array[]> = {
    rss: full.rss.map(bake),
    atom: full.atom.map(bake),
    json: full.json.map(bake),
    page: articles.map((article, i) => encoder.encode(JSON.stringify({ ...(metas[i] as ArticleMeta), html: article.pageHtml ?? article.html } satisfies PageRecord))),
  };
  const briefs = Object.fromEntries(FEED_FORMATS.map((f) => [f, brief[f].map(bake)])) as Record<FeedFormat, Uint8Array[]>;
  const built = metas.map((meta, i): BuiltArticle => {
    const digest = createHash("sha256");
    for (const kind of ARTICLE_KINDS) digest.update(parts[kind][i] as Uint8Array);
    for (const format of FEED_FORMATS) digest.update(briefs[format][i] as Uint8Array);
    const bytes = digest.digest();
    return { meta, hash: [bytes.readUInt32LE(0), bytes.readUInt32LE(4)] };
  });
  return { parts, briefs, built };
}

/**
 * A serialised chunk (`serialiseArticles`) in a Chinese variant: every item converted
 * where it stands (src/build/convert.ts `convertItem`), each body converted once, the
 * page records made from the converted articles. The same bytes as serialising the
 * converted articles (tests/node/variants.test.ts holds them equal), at a fraction of
 * the cost, which keeps a variant inside issue 13's build budget.
 */
export function convertSerialised(
  serialised: ReturnType<typeof serialiseArticles>,
  articles: Article[],
  settings: SiteSettings,
  variant: ChineseVariant,
): ReturnType<typeof serialiseArticles> {
  const convert = remembering(converterFor(variant));
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  const origin = settings.url || ORIGIN_TOKEN;
  const converted = articles.map((article) => convertArticle(article, convert));
  const contents = articles.map((article, i) => itemContent(article.html, (converted[i] as Article).html, origin));
  const markup = remembering((text) => convertHtml(text, convert));
  const each = (items: Uint8Array[], format: FeedFormat, full: boolean) =>
    items.map((item, i) => encoder.encode(convertItem(format, decoder.decode(item), convert, full ? contents[i] : undefined, markup)));
  const parts: Record<ArticleKind, Uint8Array[]> = {
    rss: each(serialised.parts.rss, "rss", true),
    atom: each(serialised.parts.atom, "atom", true),
    json: each(serialised.parts.json, "json", true),
    page: converted.map(({ html, pageHtml, file: _file, ...meta }) => encoder.encode(JSON.stringify({ ...meta, html: pageHtml ?? html } satisfies PageRecord))),
  };
  const briefs = Object.fromEntries(FEED_FORMATS.map((f) => [f, each(serialised.briefs[f], f, false)])) as Record<FeedFormat, Uint8Array[]>;
  const built = converted.map(({ html: _html, pageHtml: _page, file: _file, ...meta }, i): BuiltArticle => ({ meta, hash: (serialised.built[i] as BuiltArticle).hash }));
  return { parts, briefs, built };
}

/** Writes a serialised chunk: its article files into `assetsDir`, its brief items into `workDir`. */
function writeChunk(n: number, serialised: ReturnType<typeof serialiseArticles>, assetsDir: string, workDir: string): void {
  for (const kind of ARTICLE_KINDS) writeAtomic(join(assetsDir, chunkPath(kind, n)), packSegments(serialised.parts[kind]));
  for (const format of FEED_FORMATS) writeAtomic(join(workDir, briefPath(format, n)), packSegments(serialised.briefs[format]));
}

/**
 * Compiles, serialises and writes one chunk, then the same articles converted into each
 * Chinese variant the settings name, into the variant's copy; returns its articles in
 * chunk order.
 */
export function buildChunk(job: ChunkJob): BuiltArticle[] {
  const articles = job.members.map((member) => compileBody(member.file, member.header, readFileSync(join(job.contentDir, member.file), "utf8"), job.settings));
  const serialised = serialiseArticles(articles, job.settings);
  writeChunk(job.n, serialised, job.assetsDir, job.workDir);
  const { built } = serialised;
  for (const variant of job.settings.variants) {
    const converted = convertSerialised(serialised, articles, job.settings, variant);
    const dirs = variantDirs(job.assetsDir, job.workDir, variant);
    writeChunk(job.n, converted, dirs.assetsDir, dirs.workDir);
    converted.built.forEach((article, i) => {
      const own = built[i] as BuiltArticle;
      own.variants = { ...own.variants, [variant]: article.meta };
    });
  }
  return built;
}
