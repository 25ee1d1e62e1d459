/**
 * @module Writing the assets directory: every file through a temporary name and a
 * rename, so `wrangler dev` (which watches it) never reads half a file; and removing
 * what the current build no longer makes.
 */
import { appendFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, rmdirSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";

/** Writes `data` to `path` atomically, creating directories as needed. */
export function writeAtomic(path: string, data: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, data);
  renameSync(temporary, path);
}

/**
 * A file written in several appends, as `writeAtomic` writes one in one go: under a
 * temporary name until `done` puts it in place.
 */
export function appendAtomic(path: string): { append(data: Uint8Array): void; done(): void } {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, new Uint8Array(0));
  return {
    append: (data) => appendFileSync(temporary, data),
    done: () => renameSync(temporary, path),
  };
}

/** Every file under `dir`, as paths relative to it with `/` separators. */
export function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as import("node:fs").Dirent[])
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split("\\").join("/"));
}

/** Removes every file under `dir` not in `keep` (relative paths), then empty directories; returns how many files went. */
export function removeOthers(dir: string, keep: ReadonlySet<string>): number {
  let removed = 0;
  for (const file of listFiles(dir)) {
    if (!keep.has(file)) {
      rmSync(join(dir, file));
      removed++;
    }
  }
  const prune = (folder: string): boolean => {
    let empty = true;
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      if (entry.isDirectory() ? !prune(join(folder, entry.name)) : true) empty = false;
    }
    if (empty && folder !== dir) rmdirSync(folder);
    return empty;
  };
  if (existsSync(dir)) prune(dir);
  return removed;
}
