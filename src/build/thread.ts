/**
 * @module Entry of the build's worker threads (./parallel.ts): turns on Node's compile
 * cache when the thread that started it has it (./cli.ts), then loads the pool's job
 * runner and answers each job posted to this thread with its result. Importing ./parallel.ts
 * statically would load every module before the cache is on.
 */
import { enableCompileCache } from "node:module";
import { parentPort, workerData } from "node:worker_threads";

const { compileCache } = (workerData ?? {}) as { compileCache?: string };
if (compileCache !== undefined) enableCompileCache(compileCache);
const { run } = await import("./parallel.ts");
const port = parentPort;
port?.on("message", (job: import("./parallel.ts").Job) => port.postMessage(run(job)));
