/**
 * @module The article store: each published article compiled and serialised once, in
 * every feed format and as a page record, and written into chunk files of
 * `CHUNK_SIZE` articles counted from the oldest (src/content/layout.ts). One chunk is
 * one job: independent of every other, so chunks are built on every core
 * (./parallel.ts) and only the chunks whose sources changed are built again.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ARTICLE_KINDS, type ArticleKind, chunkPath } from "../content/layout.ts";
import { packSegments } from "../content/pack.ts";
import { renderFragments } from "../feed/serialise.ts";
import { ORIGIN_TOKEN } from "../feed/template.ts";
import type { SiteSettings } from "../settings.ts";
import type { Article, ArticleMeta, PageRecord } from "../types.ts";
import { compileBody, type Header } from "./compile.ts";
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
  settings: SiteSettings;
}

/** What the rest of the build keeps of an article: its metadata and a 64-bit hash of everything served for it. */
export interface BuiltArticle {
  meta: ArticleMeta;
  hash: [number, number];
}

/**
 * Serialises `articles` (one chunk): their items in every feed format, on the site's
 * origin or the origin token, and their page records; and what the rest of the build
 * keeps of each, with a hash of every byte served for it.
 */
export function serialiseArticles(articles: Article[], settings: SiteSettings): { parts: Record<ArticleKind, Uint8Array[]>; built: BuiltArticle[] } {
  const encoder = new TextEncoder();
  const site = { ...settings, origin: ORIGIN_TOKEN };
  const bake = (text: string) => encoder.encode(settings.url === "" ? text : text.replaceAll(ORIGIN_TOKEN, () => settings.url));
  const metas = articles.map(({ html: _html, pageHtml: _page, file: _file, ...meta }): ArticleMeta => meta);
  const fragments = renderFragments(articles, site);
  const parts: Record<ArticleKind, Uint8Array[]> = {
    rss: fragments.rss.map(bake),
    atom: fragments.atom.map(bake),
    json: fragments.json.map(bake),
    page: articles.map((article, i) => encoder.encode(JSON.stringify({ ...(metas[i] as ArticleMeta), html: article.pageHtml ?? article.html } satisfies PageRecord))),
  };
  const built = metas.map((meta, i): BuiltArticle => {
    const digest = createHash("sha256");
    for (const kind of ARTICLE_KINDS) digest.update(parts[kind][i] as Uint8Array);
    const bytes = digest.digest();
    return { meta, hash: [bytes.readUInt32LE(0), bytes.readUInt32LE(4)] };
  });
  return { parts, built };
}

/** Compiles, serialises and writes one chunk; returns its articles in chunk order. */
export function buildChunk(job: ChunkJob): BuiltArticle[] {
  const articles = job.members.map((member) => compileBody(member.file, member.header, readFileSync(join(job.contentDir, member.file), "utf8"), job.settings));
  const { parts, built } = serialiseArticles(articles, job.settings);
  for (const kind of ARTICLE_KINDS) writeAtomic(join(job.assetsDir, chunkPath(kind, job.n)), packSegments(parts[kind]));
  return built;
}
