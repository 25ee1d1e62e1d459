/**
 * @module Writes the worker's index modules (src/content/index-format.ts) into
 * src/generated/, and nothing else there: a module whose bytes did not change is not
 * rewritten, so `wrangler dev` does not reload for nothing.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { type CatalogData, encodeIndex, type IndexArrays } from "../content/index-format.ts";
import { writeAtomic } from "./files.ts";

/** The generated modules, relative to the output directory. */
export const MODULES = { catalog: "catalog.json.txt", index: "index.bin", schedule: "schedule.json.txt" } as const;

/** Writes both modules when they changed and removes anything else from `outDir`. */
export function writeIndexModules(outDir: string, catalog: CatalogData, arrays: IndexArrays): void {
  const files: Record<string, Uint8Array | string> = { [MODULES.catalog]: JSON.stringify(catalog), [MODULES.index]: encodeIndex(arrays) };
  for (const [name, data] of Object.entries(files)) {
    const path = join(outDir, name);
    const bytes = typeof data === "string" ? Buffer.from(data) : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    if (!existsSync(path) || !readFileSync(path).equals(bytes)) writeAtomic(path, bytes);
  }
  // The schedule (issue 22) is written after the index, by ./schedule.ts.
  const kept = new Set([...Object.keys(files), MODULES.schedule]);
  for (const name of existsSync(outDir) ? readdirSync(outDir) : []) if (!kept.has(name)) rmSync(join(outDir, name), { recursive: true });
}
