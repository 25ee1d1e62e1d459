/**
 * @module RFC 5005 archives of every scope: the head templates of its archive pages
 * (all scopes) and, for tags, categories and authors, its archive pages themselves,
 * grouped `pagesPerGroup` to a file with every format and their metadata, each page's
 * brief items newest first and placed as they sit in a document. The site's archive
 * pages are the article chunks. See src/content/layout.ts.
 */
import { join } from "node:path";
import { ARCHIVE_HEADS, type ArchiveHead, archivePageCount, archivePath, groupPages, headsPath, pagesPerGroup } from "../content/layout.ts";
import { packSegments } from "../content/pack.ts";
import { FORMATS } from "../feed/formats.ts";
import { ARCHIVE_PAGE_LINKS, headTemplate } from "../feed/template.ts";
import type { SiteSettings } from "../settings.ts";
import { type ArticleMeta, FEED_FORMATS, type FeedFormat, type Scope } from "../types.ts";
import { readBriefs } from "./chunks.ts";
import { writeAtomic } from "./files.ts";
import { hashWords, outputSite, placeItems } from "./windows.ts";

/** A scope and all its articles, newest first. */
export interface ArchiveInput {
  scope: Scope;
  id: string;
  positions: number[];
}

/** Whether a scope with `pages` archive pages has a page with this head: a middle page needs three. */
const HAS_HEAD: Record<ArchiveHead, (pages: number) => boolean> = { first: () => true, middle: (pages) => pages > 2, last: () => true };

/**
 * Writes `input`'s archive head templates in every format (the heads its number of
 * pages needs; the others empty) and returns their hash (two words per format, for
 * validators). A scope whose articles fit on one page has no archive and no file.
 */
export function writeArchiveHeads(input: ArchiveInput, settings: SiteSettings, assetsDir: string, linkQuery = ""): number[] {
  const pages = archivePageCount(input.positions.length, settings.pageSize);
  if (pages === 0) return [0, 0, 0, 0, 0, 0];
  const encoder = new TextEncoder();
  const site = outputSite(settings, linkQuery);
  return FEED_FORMATS.flatMap((format) => {
    const heads = ARCHIVE_HEADS.map((head) => (HAS_HEAD[head](pages) ? headTemplate(input.scope, site, format, ARCHIVE_PAGE_LINKS[head]) : ""));
    const segments = [...heads, FORMATS[format].render.tail];
    writeAtomic(join(assetsDir, headsPath(input.id, format)), packSegments(segments.map((s) => encoder.encode(s))));
    return hashWords(segments.join("\u0000"));
  });
}

/** The articles of archive page `page` (1 = oldest) of a scope, newest first. */
export function pagePositions(positions: readonly number[], page: number, pageSize: number): number[] {
  const count = positions.length;
  const from = (page - 1) * pageSize;
  const to = Math.min(page * pageSize, count);
  const out: number[] = [];
  for (let fromOldest = to - 1; fromOldest >= from; fromOldest--) out.push(positions[count - 1 - fromOldest] as number);
  return out;
}

/** Archive groups to write: a scope and which of its groups. */
export interface GroupJob {
  input: ArchiveInput;
  groups: number[];
}

/**
 * Writes the archive groups in `jobs` (tags, categories and authors), from the brief
 * items in the work directory (read ahead for a batch of scope files: ./chunks.ts
 * `readAhead`): one pack per group, every format's items of its pages, then each page's
 * metadata, written in one go (a batch's items are in memory already, and a file made
 * with appends cost a system call per append).
 */
export function writeArchiveGroups(jobs: readonly GroupJob[], metas: readonly ArticleMeta[], settings: SiteSettings, assetsDir: string, workDir: string): void {
  const { pageSize } = settings;
  const files = jobs.flatMap((job) => job.groups.map((g) => ({ job, g, pages: groupPages(g, archivePageCount(job.input.positions.length, pageSize), pageSize) })));
  const needed = new Set<number>();
  for (const { job, pages } of files) for (const page of pages) for (const p of pagePositions(job.input.positions, page, pageSize)) needed.add(p);
  const parts = Object.fromEntries(FEED_FORMATS.map((format) => [format, readBriefs(workDir, metas.length, pageSize, format, needed)])) as Record<
    FeedFormat,
    Map<number, Uint8Array>
  >;
  for (const { job, g, pages } of files) {
    const positions = pages.map((page) => pagePositions(job.input.positions, page, pageSize));
    const segments = FEED_FORMATS.flatMap((format) =>
      positions.flatMap((page) =>
        placeItems(
          page.map((p) => parts[format].get(p) as Uint8Array),
          format,
        ),
      ),
    );
    for (const page of positions) segments.push(Buffer.from(JSON.stringify(page.map((p) => metas[p])), "utf8"));
    writeAtomic(join(assetsDir, archivePath(job.input.id, g)), packSegments(segments));
  }
}

/** Every archive file of a scope with `count` articles (relative to the assets directory, without the leading `/`). */
export function archiveFiles(scope: Scope, id: string, count: number, pageSize: number): string[] {
  const pages = archivePageCount(count, pageSize);
  if (pages === 0) return [];
  const heads = FEED_FORMATS.map((f) => headsPath(id, f));
  if (scope.kind === "site") return heads.map((p) => p.slice(1));
  const groups = Math.ceil(pages / pagesPerGroup(pageSize));
  const files = Array.from({ length: groups }, (_, g) => archivePath(id, g));
  return [...heads, ...files].map((p) => p.slice(1));
}
