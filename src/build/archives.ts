/**
 * @module RFC 5005 archives of every scope: the head templates of its archive pages
 * (all scopes) and, for tags, categories and authors, its archive pages themselves,
 * grouped `pagesPerGroup` to a file with every format and their metadata, each page's
 * brief items newest first and placed as they sit in a document. The site's archive
 * pages are the article chunks. See src/content/layout.ts.
 */
import { join } from "node:path";
import { ARCHIVE_HEADS, type ArchiveHead, archivePageCount, archivePath, groupPages, headsPath, pagesPerGroup } from "../content/layout.ts";
import { PackTrailer, packSegments } from "../content/pack.ts";
import { type ArchiveLinks, renderTemplate } from "../feed/serialise.ts";
import { NEWER_MARK, OLDER_MARK, PAGE_MARK } from "../feed/template.ts";
import { FEED_FORMATS } from "../feed/urls.ts";
import type { SiteSettings } from "../settings.ts";
import type { ArticleMeta, FeedFormat, Scope } from "../types.ts";
import { briefPath } from "./chunks.ts";
import { appendAtomic, writeAtomic } from "./files.ts";
import { hashWords, outputSite, placeItems, readChunkParts } from "./windows.ts";

/** A scope and all its articles, newest first. */
export interface ArchiveInput {
  scope: Scope;
  id: string;
  positions: number[];
}

/** Which links each head variant has: the first page has no older page, the last no newer. */
const VARIANTS: Record<ArchiveHead, (pages: number) => ArchiveLinks | undefined> = {
  first: () => ({ kind: "page", page: PAGE_MARK, newer: NEWER_MARK }),
  middle: (pages) => (pages > 2 ? { kind: "page", page: PAGE_MARK, older: OLDER_MARK, newer: NEWER_MARK } : undefined),
  last: () => ({ kind: "page", page: PAGE_MARK, older: OLDER_MARK }),
};

/**
 * Writes `input`'s archive head templates in every format (the variants its number of
 * pages needs; the others empty) and returns their hash (two words per format, for
 * validators). A scope whose articles fit on one page has no archive and no file.
 */
export function writeArchiveHeads(input: ArchiveInput, settings: SiteSettings, assetsDir: string, linkQuery = ""): number[] {
  const pages = archivePageCount(input.positions.length, settings.pageSize);
  if (pages === 0) return [0, 0, 0, 0, 0, 0];
  const encoder = new TextEncoder();
  const site = outputSite(settings, linkQuery);
  return FEED_FORMATS.flatMap((format) => {
    let tail = "";
    const heads = ARCHIVE_HEADS.map((variant) => {
      const links = VARIANTS[variant](pages);
      if (links === undefined) return "";
      const template = renderTemplate(input.scope, site, format, links);
      tail = template.tail;
      return template.head;
    });
    const segments = [...heads, tail];
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
 * items in the work directory: one file per group, appended to a format at a time (so
 * only one format's items of all groups are in memory at once), then the metadata and
 * the pack's trailer.
 */
export function writeArchiveGroups(jobs: readonly GroupJob[], metas: readonly ArticleMeta[], settings: SiteSettings, assetsDir: string, workDir: string): void {
  const { pageSize } = settings;
  const encoder = new TextEncoder();
  const files = jobs.flatMap((job) =>
    job.groups.map((g) => ({
      job,
      pages: groupPages(g, archivePageCount(job.input.positions.length, pageSize), pageSize),
      file: appendAtomic(join(assetsDir, archivePath(job.input.id, g))),
      trailer: new PackTrailer(),
    })),
  );
  /** Appends `segments` to `file` in one write. */
  const write = (file: (typeof files)[number], segments: readonly Uint8Array[]) => {
    const bytes = new Uint8Array(segments.reduce((sum, s) => sum + s.byteLength, 0));
    let at = 0;
    for (const segment of segments) {
      bytes.set(segment, at);
      at += segment.byteLength;
      file.trailer.add(segment);
    }
    file.file.append(bytes);
  };
  const needed = new Set<number>();
  for (const { job, pages } of files) for (const page of pages) for (const p of pagePositions(job.input.positions, page, pageSize)) needed.add(p);
  for (const format of FEED_FORMATS as FeedFormat[]) {
    const parts = readChunkParts(workDir, metas.length, pageSize, (n) => briefPath(format, n), needed);
    for (const file of files) {
      write(
        file,
        file.pages.flatMap((page) =>
          placeItems(
            pagePositions(file.job.input.positions, page, pageSize).map((p) => parts.get(p) as Uint8Array),
            format,
          ),
        ),
      );
    }
  }
  for (const file of files) {
    write(
      file,
      file.pages.map((page) => encoder.encode(JSON.stringify(pagePositions(file.job.input.positions, page, pageSize).map((p) => metas[p])))),
    );
    file.file.append(file.trailer.bytes());
    file.file.done();
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
