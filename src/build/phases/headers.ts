/**
 * @module The build's first phase: the header (front matter) of every article source, read on every core
 * (only the bytes up to its closing `---` are decoded) and cached by modification time
 * and size and by the source's place in the tree (bundle, resources, section). Every
 * problem of every source is reported at once, with file and field, and nothing is
 * written.
 */
import { statSync } from "node:fs";
import { join } from "node:path";
import type { SiteSettings } from "../../settings.ts";
import { checkHeaders, type HeaderResult, publishedOrder } from "../compile.ts";
import { type ContentTree, classifyTree } from "../content-tree.ts";
import { listFiles } from "../files.ts";
import type { Header, HeaderRules, Problem } from "../header.ts";
import { expiriesAfter, momentsAfter } from "../publish-window.ts";
import type { BuildRun } from "../run.ts";
import { hashWords } from "../windows.ts";

/** A published article's source and header. */
export interface Published {
  file: string;
  header: Header;
}

/** What the front matter said: the tree's files, each source's key, and the published articles, newest first. */
export interface FrontMatter {
  tree: ContentTree;
  /** Each source's key in the manifest: its path, modification time, size and place in the tree. */
  keys: Map<string, string>;
  published: Published[];
  /** The times after the build's (ms, ascending) at which an article goes live or expires: where a new version of the content starts (issue 22, ../schedule.ts). */
  moments: number[];
  /** Those of `moments` at which an article expires. */
  expiries: number[];
}

/** How the build reads headers under `settings` (../header.ts). */
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

/** Each article source's key: a source whose key is the last build's is not read again. */
function sourceKeys(contentDir: string, tree: ContentTree): Map<string, string> {
  return new Map(
    tree.articles.map((place) => {
      const stat = statSync(join(contentDir, place.file));
      return [place.file, `${place.file}|${stat.mtimeMs}|${stat.size}|${hashWords(JSON.stringify(place)).join("-")}`];
    }),
  );
}

/** Reads every source's front matter (what changed since the last build) into `run.next`, or says every problem. */
export async function readArticleHeaders(run: Omit<BuildRun, "outputs">): Promise<({ ok: true } & FrontMatter) | { ok: false; problems: Problem[] }> {
  const { paths, last, next } = run;
  const tree = classifyTree(listFiles(paths.contentDir));
  const keys = sourceKeys(paths.contentDir, tree);
  const stale = tree.articles.filter((place) => last.headers[place.file]?.[0] !== keys.get(place.file));
  const fresh = new Map((await run.pool.readHeaders(stale, paths.contentDir, headerRules(run.settings))).map((done) => [done.file, done.result]));
  const checked = checkHeaders(
    tree.articles.map(({ file }): { file: string; result: HeaderResult } => ({
      file,
      result: fresh.get(file) ?? { ok: true, header: (last.headers[file] as (typeof last.headers)[string])[1] },
    })),
  );
  if (!checked.ok) return checked;
  for (const { file, header } of checked.headers) next.headers[file] = [keys.get(file) as string, header];
  return {
    ok: true,
    tree,
    keys,
    published: publishedOrder(checked.headers, run.visibility),
    moments: momentsAfter(checked.headers, run.visibility),
    expiries: expiriesAfter(checked.headers, run.visibility),
  };
}
