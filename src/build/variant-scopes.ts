/**
 * @module A Chinese variant's scope files (issue 13): its windows, archive heads and
 * archive groups, made from its own article chunks exactly as the original's are. One
 * job per variant, independent of the original's, so the build runs it on a worker
 * thread while the main thread writes the original's (./parallel.ts).
 */
import type { SiteSettings } from "../settings.ts";
import type { ArticleMeta } from "../types.ts";
import { type ArchiveInput, type GroupJob, writeArchiveGroups, writeArchiveHeads } from "./archives.ts";
import { type CopyDirs, type WindowInput, writeWindows } from "./windows.ts";

export interface VariantScopesJob {
  /** Windows to write, their scopes named as the variant names them. */
  windows: WindowInput[];
  /** Scopes whose archive heads to write, named as the variant names them. */
  heads: ArchiveInput[];
  /** Archive groups to write. */
  groups: GroupJob[];
  /** The variant's articles' metadata, by position. */
  metas: ArticleMeta[];
  /** The variant's settings (src/build/convert.ts `variantSettings`). */
  settings: SiteSettings;
  /** The variant's root in the assets directory and where its items are (the chunks, which hold every copy), and its work directory. */
  dirs: CopyDirs;
  workDir: string;
  /** `?opencc=<variant>`, on links to other documents. */
  linkQuery: string;
}

export function writeVariantScopes(job: VariantScopesJob): void {
  const { assetsDir } = job.dirs;
  writeWindows(job.windows, job.metas, job.settings, job.dirs, job.linkQuery);
  for (const input of job.heads) writeArchiveHeads(input, job.settings, assetsDir, job.linkQuery);
  writeArchiveGroups(job.groups, job.metas, job.settings, assetsDir, job.workDir);
}
