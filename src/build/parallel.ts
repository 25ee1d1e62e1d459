/**
 * @module The build's two kinds of independent work, spread over every core: reading
 * front matter (batches of sources) and building chunks (one job per chunk). One pool
 * serves both: one worker thread per core, started once. Each has two jobs in hand and
 * gets the next when it sends back a result, so a slow job never leaves a core idle,
 * and the main thread keeps only what later steps need (headers, metadata, hashes),
 * never the archive's text. Small builds run inline: starting a thread costs more than
 * it saves.
 */
import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { isMainThread, parentPort, Worker } from "node:worker_threads";
import { type BuiltArticle, buildChunk, type ChunkJob } from "./chunks.ts";
import { type HeaderResult, readHeader } from "./compile.ts";
import { type VariantScopesJob, writeVariantScopes } from "./variant-scopes.ts";

/** Below this many sources, threads do not pay for themselves. */
const PARALLEL_FROM = 400;

/** Sources per front-matter job. */
const HEADER_BATCH = 200;

interface HeaderJob {
  kind: "headers";
  files: string[];
  contentDir: string;
  timeZone: string;
}

type Job = HeaderJob | ({ kind: "chunk" } & ChunkJob) | { kind: "variant-scopes"; job: VariantScopesJob };
export type HeaderDone = { file: string; result: HeaderResult };
type Done = { kind: "headers"; done: HeaderDone[] } | { kind: "chunk"; n: number; built: BuiltArticle[] } | { kind: "variant-scopes" };

function run(job: Job): Done {
  if (job.kind === "chunk") return { kind: "chunk", n: job.n, built: buildChunk(job) };
  if (job.kind === "variant-scopes") {
    writeVariantScopes(job.job);
    return { kind: "variant-scopes" };
  }
  const done = job.files.map((file) => ({
    file,
    result: readHeader({ file, source: readFileSync(join(job.contentDir, file), "utf8") }, { timeZone: job.timeZone }),
  }));
  return { kind: "headers", done };
}

/** Worker threads, started on first use when the work is big enough, each running one job at a time. */
export class BuildPool {
  #workers: Worker[] | undefined;
  readonly #size: number;

  /**
   * @param work about how many sources the build has.
   * @param from sources per thread below which threads do not pay (`BUILD_PARALLEL_FROM` overrides, for tests).
   */
  constructor(work: number, from = Number(process.env.BUILD_PARALLEL_FROM ?? PARALLEL_FROM)) {
    this.#size = Math.min(availableParallelism(), Math.max(1, Math.ceil(work / from)));
  }

  /** Runs `jobs`, calling `receive` with each result as it comes (in any order). */
  async #runAll(jobs: Job[], receive: (done: Done) => void): Promise<void> {
    if (this.#size === 1 || jobs.length <= 1) {
      for (const job of jobs) receive(run(job));
      return;
    }
    this.#workers ??= Array.from(
      { length: this.#size },
      () => new Worker(new URL(import.meta.url), { resourceLimits: { maxYoungGenerationSizeMb: Number(process.env.BUILD_YOUNG ?? 16) } }),
    );
    const queue = [...jobs];
    const threads = this.#workers.map(
      (worker) =>
        new Promise<void>((resolve, reject) => {
          let pending = 0;
          const next = () => {
            const job = queue.shift();
            if (job !== undefined) {
              pending++;
              worker.postMessage(job);
            } else if (pending === 0) {
              worker.off("message", onMessage);
              worker.off("error", reject);
              resolve();
            }
          };
          const onMessage = (done: Done) => {
            pending--;
            receive(done);
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
  async readHeaders(files: string[], contentDir: string, timeZone: string): Promise<HeaderDone[]> {
    const jobs: Job[] = [];
    for (let i = 0; i < files.length; i += HEADER_BATCH) jobs.push({ kind: "headers", files: files.slice(i, i + HEADER_BATCH), contentDir, timeZone });
    const all: HeaderDone[] = [];
    await this.#runAll(jobs, (done) => {
      if (done.kind === "headers") all.push(...done.done);
    });
    return all;
  }

  /** Builds every chunk job; `receive` is called once per chunk, in any order. */
  async buildChunks(jobs: ChunkJob[], receive: (n: number, built: BuiltArticle[]) => void): Promise<void> {
    await this.#runAll(
      jobs.map((job) => ({ kind: "chunk", ...job })),
      (done) => {
        if (done.kind === "chunk") receive(done.n, done.built);
      },
    );
  }

  /**
   * Writes Chinese variants' scope files on one thread, in order, while the caller goes on
   * (with the original's); inline, before returning, when the build is too small for threads.
   */
  inBackground(jobs: VariantScopesJob[]): Promise<void> {
    if (jobs.length === 0) return Promise.resolve();
    if (this.#size === 1) {
      for (const job of jobs) writeVariantScopes(job);
      return Promise.resolve();
    }
    return this.#runAll(
      jobs.map((job) => ({ kind: "variant-scopes", job })),
      () => {},
    );
  }

  /** Stops the threads. */
  async close(): Promise<void> {
    await Promise.all((this.#workers ?? []).map((worker) => worker.terminate()));
    this.#workers = undefined;
  }
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  port.on("message", (job: Job) => port.postMessage(run(job)));
}
