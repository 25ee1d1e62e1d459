/**
 * @module What a site's tree holds besides articles' text (issue 18): its sections'
 * own pages (`_index.md`: what a section is called and is about) and its articles'
 * resources (page bundles' images and files), published to the assets at the paths the
 * articles' bodies link them at.
 */
import { copyFileSync, mkdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { resourcePath } from "../content/layout.ts";
import { termKey } from "../text.ts";
import type { SectionPage } from "./content-tree.ts";
import { readFrontMatter } from "./front-matter.ts";
import { cleanSource } from "./header.ts";

/** What a section's own page says of it. */
export interface SectionInfo {
  /** Its display name: the page's `title`, else the folder's name. */
  name: string;
  /** Its `description` (or `summary`), when given: its feed's description. */
  description?: string;
}

/**
 * What each section's `_index.md` says, by section key. A page that cannot be read (bad
 * front matter) is reported as a warning and the section keeps its folder's name: a
 * section's page only names it.
 */
export function readSectionPages(contentDir: string, pages: readonly SectionPage[]): { sections: Map<string, SectionInfo>; warnings: string[] } {
  const sections = new Map<string, SectionInfo>();
  const warnings: string[] = [];
  for (const { file, section } of pages) {
    if (section === undefined) continue;
    const read = readFrontMatter(cleanSource(readFileSync(join(contentDir, file), "utf8")));
    if (!read.ok) {
      warnings.push(`${file}: front matter ${read.message}; the section keeps its folder's name`);
      continue;
    }
    const text = (key: string) => (typeof read.data[key] === "string" && (read.data[key] as string).trim() !== "" ? (read.data[key] as string).trim() : undefined);
    const info: SectionInfo = { name: text("title") ?? section };
    const description = text("description") ?? text("summary");
    if (description !== undefined) info.description = description;
    sections.set(termKey(section), info);
  }
  return { sections, warnings };
}

/** The assets path (relative, no leading `/`) a resource served at `sitePath` is stored at: its decoded name, as the asset server looks it up. */
export function resourceFile(sitePath: string): string {
  return resourcePath(decodeURIComponent(sitePath)).slice(1);
}

/**
 * Copies each resource (`[source file relative to content/, site path]`) into the assets,
 * unless the copy there is as large and not older; returns the asset files (relative
 * paths) they are, and how many were copied.
 */
export function publishResources(contentDir: string, assetsDir: string, resources: Iterable<readonly [string, string]>): { files: string[]; copied: number } {
  const files: string[] = [];
  let copied = 0;
  for (const [file, sitePath] of resources) {
    const target = resourceFile(sitePath);
    files.push(target);
    const from = join(contentDir, file);
    const to = join(assetsDir, target);
    const source = statSync(from);
    let current: ReturnType<typeof statSync> | undefined;
    try {
      current = statSync(to);
    } catch {
      current = undefined;
    }
    if (current !== undefined && current.size === source.size && current.mtimeMs >= source.mtimeMs) continue;
    mkdirSync(dirname(to), { recursive: true });
    // A new file, never the old one rewritten: the schedule's versions share files by hard links (./schedule.ts).
    rmSync(to, { force: true });
    copyFileSync(from, to);
    copied++;
  }
  return { files, copied };
}
