/**
 * @module The build's independent work, spread over every core: reading front matter
 * (batches of sources), building chunks (one job per chunk), writing the scopes' files
 * (batches of windows and archives: ./scopes.ts) and a Chinese variant's words. One pool
 * serves all: one worker thread per core (./thread.ts), started on the first work big
 * enough to pay for it and kept until the build ends. Each has two jobs in hand and gets
 * the next when it sends back a result, so a slow job never leaves a core idle, and the
 * main thread keeps only what later steps need (headers, hashes), never the archive's
 * text or every article's metadata. Small builds run inline: starting a thread costs
 * more than it saves.
 */
import { readFileSync } from "node:fs";
import { getCompileCacheDir } from "node:module";
import { availableParallelism } from "node:os";
import { join, relative } from "node:path";
import { Worker } from "node:worker_threads";
import type { VariantData } from "../content/index-format.ts";
import type { ChineseVariant } from "../i18n/variants.ts";
import type { SiteSettings } from "../settings.ts";
import { buildChunks, type ChunkBuilt, type ChunkJob } from "./chunks.ts";
import { type HeaderResult, readSourceHeader } from "./compile.ts";
import type { ArticleSource } from "./content-tree.ts";
import { encodingProblem } from "./encoding.ts";
import { keepingPacksOpen } from "./files.ts";
import type { HeaderRules } from "./header.ts";
import { type ScopesDone, type ScopesJob, variantWords, writeScopes } from "./scopes.ts";

/** Below this many sources, threads do not pay for themselves. */
const PARALLEL_FROM = 400;

/** Sources per front-matter job. */
const HEADER_BATCH = 200;

interface HeaderJob {
  kind: "headers";
  /** Each source with its place in the tree (./content-tree.ts). */
  files: ArticleSource[];
  contentDir: string;
  rules: HeaderRules;
}

interface WordsJob {
  kind: "words";
  settings: SiteSettings;
  variant: ChineseVariant;
  scopes: { kind: string; key: string; name: string }[];
}

export type Job = HeaderJob | ({ kind: "chunk" } & ChunkJob) | ({ kind: "scopes" } & ScopesJob) | WordsJob;
export type HeaderDone = { file: string; result: HeaderResult };
type Done =
  | { kind: "headers"; done: HeaderDone[] }
  | { kind: "chunk"; built: ChunkBuilt[] }
  | ({ kind: "scopes" } & ScopesDone)
  | { kind: "words"; variant: ChineseVariant; words: VariantData };

/** Runs one job: in a build thread (./thread.ts), or inline. */
export function run(job: Job): Done {
  return keepingPacksOpen(() => runJob(job));
}

function runJob(job: Job): Done {
  switch (job.kind) {
    case "chunk":
      return { kind: "chunk", built: buildChunks(job) };
    case "scopes":
      return { kind: "scopes", ...writeScopes(job) };
    case "words":
      return { kind: "words", variant: job.variant, words: variantWords(job.settings, job.variant, job.scopes) };
    case "headers":
      return { kind: "headers", done: job.files.map((place) => ({ file: place.file, result: readHeaderOf(place, job) })) };
  }
}

/** The front matter of the source `file`, once its bytes are known to be UTF-8 text (./encoding.ts). */
function readHeaderOf(place: ArticleSource, job: HeaderJob): HeaderResult {
  const path = join(job.contentDir, place.file);
  const bytes = readFileSync(path);
  const problem = encodingProblem(place.file, bytes, relative(process.cwd(), path));
  return problem === undefined ? readSourceHeader(place.file, bytes, job.rules, place) : { ok: false, problems: [problem] };
}

/** Worker threads, started on first use when the work is big enough, each running one job at a time. */
export class BuildPool {
  #workers: Worker[] | undefined;
  readonly #from: number;

  /** @param from sources per thread below which threads do not pay (`BUILD_PARALLEL_FROM` overrides, for tests). */
  constructor(from = Number(process.env.BUILD_PARALLEL_FROM ?? PARALLEL_FROM)) {
    this.#from = from;
  }

  /**
   * A new build thread (./thread.ts), with Node's compile cache if this thread has it. Its
   * young generation is 16 MiB (`BUILD_YOUNG` overrides). The scavenges take about a sixth
   * of the threads' CPU; at 64 MiB the 10,000-article build used 3-5% less CPU, but the
   * 100,000-article build's peak memory went past issue 10's 1 GiB (1,031 MiB against
   * 989) without getting faster (BENCHMARKS.md).
   */
  #start(): Worker {
    return new Worker(new URL("./thread.ts", import.meta.url), {
      workerData: { compileCache: getCompileCacheDir() },
      resourceLimits: { maxYoungGenerationSizeMb: Number(process.env.BUILD_YOUNG ?? 16) },
    });
  }

  /**
   * Runs `jobs`, about `work` sources' worth, calling `receive` with each result and its
   * job as they come (in any order): on the threads when they are running or `work`
   * is worth starting them, else inline.
   */
  async #runAll(jobs: Job[], work: number, receive: (done: Done, job: Job) => void): Promise<void> {
    const size = Math.min(availableParallelism(), Math.max(1, Math.ceil(work / this.#from)));
    if (this.#workers === undefined && (size === 1 || jobs.length <= 1)) {
      for (const job of jobs) receive(run(job), job);
      return;
    }
    this.#workers ??= Array.from({ length: size }, () => this.#start());
    const queue = [...jobs];
    const threads = this.#workers.map(
      (worker) =>
        new Promise<void>((resolve, reject) => {
          // A thread answers its jobs in the order it was given them.
          const given: Job[] = [];
          const next = () => {
            const job = queue.shift();
            if (job !== undefined) {
              given.push(job);
              worker.postMessage(job);
            } else if (given.length === 0) {
              worker.off("message", onMessage);
              worker.off("error", reject);
              resolve();
            }
          };
          const onMessage = (done: Done) => {
            receive(done, given.shift() as Job);
            next();
          };
          worker.on("message", onMessage);
          worker.on("error", reject);
          next();
          next();
        }),
    );
    await Promise.all(threads);
  }

  /** Every file's front matter read and validated, in any order. */
  async readHeaders(files: ArticleSource[], contentDir: string, rules: HeaderRules): Promise<HeaderDone[]> {
    const jobs: Job[] = [];
    for (let i = 0; i < files.length; i += HEADER_BATCH) jobs.push({ kind: "headers", files: files.slice(i, i + HEADER_BATCH), contentDir, rules });
    const all: HeaderDone[] = [];
    await this.#runAll(jobs, files.length, (done) => {
      if (done.kind === "headers") all.push(...done.done);
    });
    return all;
  }

  /**
   * Builds every chunk job (a work file's chunks), and each Chinese variant's words (`words`: they need its
   * converter, which the chunks load); `receive` is called once per chunk with what it
   * made (its articles' hashes, links, warnings), in any order.
   */
  async buildChunks(jobs: ChunkJob[], words: Omit<WordsJob, "kind">[], receive: (built: ChunkBuilt) => void): Promise<Map<ChineseVariant, VariantData>> {
    const said = new Map<ChineseVariant, VariantData>();
    await this.#runAll(
      [...jobs.map((job): Job => ({ kind: "chunk", ...job })), ...words.map((job): Job => ({ kind: "words", ...job }))],
      jobs.reduce((sum, job) => sum + job.chunks.reduce((articles, chunk) => articles + ("members" in chunk ? chunk.members.length : 0), 0), 0),
      (done) => {
        if (done.kind === "chunk") for (const built of done.built) receive(built);
        if (done.kind === "words") said.set(done.variant, done.words);
      },
    );
    return said;
  }

  /** Writes every batch of scope files (about `work` articles' worth); `receive` is called with each batch's hashes. */
  async writeScopes(jobs: ScopesJob[], work: number, receive: (job: ScopesJob, done: ScopesDone) => void): Promise<void> {
    await this.#runAll(
      jobs.map((job): Job => ({ kind: "scopes", ...job })),
      work,
      (done, job) => {
        if (done.kind === "scopes" && job.kind === "scopes") receive(job, done);
      },
    );
  }

  /**
   * Replaces the threads, if any, with new ones: they go with what their heaps grew to,
   * and the new ones load while the caller prepares their next jobs.
   */
  async restart(): Promise<void> {
    const size = this.#workers?.length ?? 0;
    await this.close();
    if (size > 0) this.#workers = Array.from({ length: size }, () => this.#start());
  }

  /** Stops the threads. */
  async close(): Promise<void> {
    await Promise.all((this.#workers ?? []).map((worker) => worker.terminate()));
    this.#workers = undefined;
  }
}
