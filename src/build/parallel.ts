/**
 * @module Compiles sources on every core. Each source compiles independently
 * (`compileOne`); worker threads take a share each and send back what they made, and
 * `assembleIndex` puts it together on the main thread. Small collections compile
 * inline: starting a thread costs more than it saves.
 */
import { availableParallelism } from "node:os";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { type CompileOptions, type Compiled, compileOne, type SourceFile } from "./compile.ts";

/** Below this many sources, threads do not pay for themselves. */
const PARALLEL_FROM = 400;

interface Job {
  sources: SourceFile[];
  options: CompileOptions;
}

/** Every source compiled, in any order. */
export async function compileAll(sources: SourceFile[], options: CompileOptions): Promise<Compiled[]> {
  const threads = Math.min(availableParallelism(), Math.ceil(sources.length / PARALLEL_FROM));
  if (threads <= 1) return sources.map((source) => compileOne(source, options));
  const shares = Array.from({ length: threads }, (_, i) => sources.filter((_, j) => j % threads === i));
  const results = await Promise.all(
    shares.map(
      (share) =>
        new Promise<Compiled[]>((resolve, reject) => {
          const worker = new Worker(new URL(import.meta.url), { workerData: { sources: share, options } satisfies Job });
          worker.once("message", resolve);
          worker.once("error", reject);
        }),
    ),
  );
  return results.flat();
}

if (!isMainThread && parentPort) {
  const { sources, options } = workerData as Job;
  parentPort.postMessage(sources.map((source) => compileOne(source, options)));
}
