/**
 * @module Writes the compiled index as the module the worker imports.
 *
 * The index is emitted as JSON inside a `.txt` file, which wrangler bundles as a Text
 * module (its default rule for `**\/*.txt`). A Text module keeps CJK text as UTF-8
 * bytes in the script; the same data as a JS or JSON module would be re-encoded by
 * esbuild as `\uXXXX` escapes, doubling the size of Chinese text.
 */
import { join } from "node:path";
import type { ContentIndex } from "../types.ts";

/** The generated file, relative to the output directory. */
export const INDEX_FILE = "content-index.json.txt";

interface Fs {
  writeFile(path: string, data: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
}

/** Writes to a temporary name, then renames: a failed build never leaves half a file. */
export async function writeIndexModule(index: ContentIndex, outDir: string, fs: Fs): Promise<void> {
  const target = join(outDir, INDEX_FILE);
  const temporary = `${target}.${process.pid}.tmp`;
  await fs.writeFile(temporary, JSON.stringify(index));
  await fs.rename(temporary, target);
}
