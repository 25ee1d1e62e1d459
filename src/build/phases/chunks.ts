/**
 * @module The build's second phase: the article chunks, counted from the oldest, each
 * `ARCHIVE_PAGE_SIZE` articles compiled, serialised and written on every core
 * (../chunks.ts) when one of its sources, or a link its templates wrote, changed since
 * the last build; with each Chinese variant's words for the index and its scopes' names,
 * made where its converter is loaded anyway.
 */
import { join } from "node:path";
import type { VariantData } from "../../content/index-format.ts";
import { ARTICLE_KINDS, chunkPath, pageCount } from "../../content/layout.ts";
import type { ChineseVariant } from "../../i18n/variants.ts";
import { type ChunkJob, type ChunkMember, WORK_GROUP, workPath } from "../chunks.ts";
import { writeAtomic } from "../files.ts";
import { indexLinks, type LinkEntry, type LinkIndex, type LinkTable, type ResolvedRefs, resolveLink } from "../links.ts";
import type { ChunkEntry } from "../manifest.ts";
import type { BuildRun } from "../run.ts";
import type { LinkKind } from "../templates/index.ts";
import { hashWords } from "../windows.ts";
import type { FrontMatter } from "./headers.ts";

/** The work file of every published article's link (../links.ts), in the work directory. */
const LINKS_FILE = "links.json";

/** What the chunks phase made. */
export interface Chunks {
  /** How many chunks there are, and how many were built. */
  count: number;
  built: number;
  /** Each article's item hashes, two words each, by position (newest first). */
  hashes: Uint32Array;
  /** What the templates in bodies warned of, this build's and the kept chunks'. */
  warnings: string[];
  /** Each Chinese variant's words for the index. */
  variants: Map<ChineseVariant, VariantData>;
}

/**
 * Every published article's link, for the links templates write: written to the work
 * directory only when it changed. Returns the table's index.
 */
function writeLinkTable(run: BuildRun, published: FrontMatter["published"]): LinkIndex {
  const { paths, last, next, outputs } = run;
  const table: LinkTable = published.map(({ file, header }): LinkEntry => [file, header.path, header.title, header.slug]).reverse();
  const key = hashWords(JSON.stringify(table)).join("-");
  outputs.keepWork.add(LINKS_FILE);
  if (last.links !== key || !outputs.work.has(LINKS_FILE)) writeAtomic(join(paths.workDir, LINKS_FILE), JSON.stringify(table));
  next.links = key;
  return indexLinks(table);
}

/** Whether every link a chunk's templates made still resolves where it did. */
function linksHold(index: LinkIndex, refs: ResolvedRefs = {}): boolean {
  return Object.entries(refs).every(([key, path]) => {
    const [kind, target] = [key.slice(0, key.indexOf(" ")), key.slice(key.indexOf(" ") + 1)] as [LinkKind, string];
    return (resolveLink(index, kind, target)?.path ?? null) === path;
  });
}

/**
 * The jobs that build chunks, one per work file of `WORK_GROUP` chunks that has one to
 * build; a chunk kept from the last build gives `place` its hashes and its warnings.
 */
function planChunks(run: BuildRun, front: FrontMatter, links: LinkIndex, place: (n: number, words: readonly number[]) => void, warnings: string[]): ChunkJob[] {
  const { paths, settings, site, last, next, outputs } = run;
  const { published, keys } = front;
  const count = published.length;
  const { pageSize } = settings;
  const chunkCount = pageCount(count, pageSize);
  const jobs: ChunkJob[] = [];
  for (let g = 0; g * WORK_GROUP < chunkCount; g++) {
    const workFiles = outputs.workInEvery(workPath(g));
    for (const file of workFiles) outputs.keepWork.add(file);
    // Without its work file, a chunk cannot be kept: every chunk of the file is built again.
    const kept = workFiles.every((file) => outputs.work.has(file));
    const job: ChunkJob = {
      g,
      chunks: [],
      contentDir: paths.contentDir,
      assetsDir: paths.assetsDir,
      workDir: paths.workDir,
      settings,
      templates: { site, links: join(paths.workDir, LINKS_FILE) },
    };
    for (let n = g * WORK_GROUP; n < Math.min(chunkCount, (g + 1) * WORK_GROUP); n++) {
      const members: ChunkMember[] = [];
      for (let o = n * pageSize; o < Math.min(count, (n + 1) * pageSize); o++) {
        const { file, header } = published[count - 1 - o] as (typeof published)[number];
        members.push({ file, header, key: keys.get(file) as string });
      }
      const memberKeys = members.map((m) => m.key);
      const previous = last.chunks[n];
      const unchanged = previous && previous.members.join("\n") === memberKeys.join("\n") && linksHold(links, previous.refs);
      if (kept && unchanged && ARTICLE_KINDS.every((kind) => outputs.everywhere(chunkPath(kind, n).slice(1)))) {
        next.chunks[n] = previous;
        warnings.push(...(previous.warnings ?? []));
        place(n, previous.hashes);
        job.chunks.push({ n, kept: members.length });
      } else {
        next.chunks[n] = { members: memberKeys, hashes: [] };
        job.chunks.push({ n, members });
      }
    }
    if (job.chunks.some((chunk) => "members" in chunk)) jobs.push(job);
  }
  return jobs;
}

/** Builds the chunks whose inputs changed, and each Chinese variant's words when its scopes' names did. */
export async function buildChunks(run: BuildRun, front: FrontMatter, termScopes: { kind: string; key: string; name: string }[]): Promise<Chunks> {
  const { settings, pool, last, next, outputs } = run;
  const count = front.published.length;
  const { pageSize } = settings;
  const chunkCount = pageCount(count, pageSize);
  const hashes = new Uint32Array(2 * count);
  const place = (n: number, words: readonly number[]) => {
    for (let i = 0; 2 * i < words.length; i++) hashes.set([words[2 * i] as number, words[2 * i + 1] as number], 2 * (count - 1 - (n * pageSize + i)));
  };
  const warnings: string[] = [];
  const jobs = planChunks(run, front, writeLinkTable(run, front.published), place, warnings);
  const built = jobs.reduce((sum, job) => sum + job.chunks.filter((chunk) => "members" in chunk).length, 0);
  const namesKey = hashWords(JSON.stringify(termScopes)).join("-");
  const variants = new Map(settings.variants.flatMap((variant) => (last.variants[variant]?.key === namesKey ? [[variant, last.variants[variant].words] as const] : [])));
  const said = await pool.buildChunks(
    jobs,
    settings.variants.filter((variant) => !variants.has(variant)).map((variant) => ({ settings, variant, scopes: termScopes })),
    ({ n, hashes: words, refs, warnings: said }) => {
      const entry = next.chunks[n] as ChunkEntry;
      entry.hashes = words;
      if (Object.keys(refs).length > 0) entry.refs = refs;
      if (said.length > 0) entry.warnings = said;
      warnings.push(...said);
      place(n, words);
    },
  );
  for (const [variant, words] of said) variants.set(variant, words);
  for (const [variant, words] of variants) next.variants[variant] = { key: namesKey, words };
  // Every chunk is kept, in the original and in every variant's copy.
  for (let n = 0; n < chunkCount; n++) for (const kind of ARTICLE_KINDS) outputs.keepAll(chunkPath(kind, n).slice(1));
  // The threads go with what their heaps grew to; new ones load while the scope files are worked out.
  await pool.restart();
  return { count: chunkCount, built, hashes, warnings, variants };
}
