/**
 * @module Writing the assets directory: every file through a temporary name and a
 * rename, so `wrangler dev` (which watches it) never reads half a file; and removing
 * what the current build no longer makes.
 */
import {
  closeSync,
  type Dirent,
  existsSync,
  fstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { dirname, join } from "node:path";
import { COPIES_TAIL, copiesTable, PACK_TAIL, packTable } from "../content/pack.ts";

/**
 * Writes `data` to `path` atomically, creating directories as needed: only when the
 * write finds none (making them before every file was a system call each, about 2% of
 * a build's CPU).
 */
export function writeAtomic(path: string, data: string | Uint8Array): void {
  for (let holder = collecting; holder !== undefined; holder = holder.outer) {
    if (holder.wanted(path)) {
      holder.files.set(path, typeof data === "string" ? Buffer.from(data, "utf8") : data);
      return;
    }
  }
  const temporary = `${path}.${process.pid}.tmp`;
  makingDirectory(path, () => writeFileSync(temporary, data));
  renameSync(temporary, path);
}

/**
 * Runs `make`, which creates a file at `path` (or beside it), and runs it again after
 * making `path`'s directory when it failed for want of one: a directory is made only
 * when a file needs it, never before every file.
 */
export function makingDirectory(path: string, make: () => void): void {
  try {
    make();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    mkdirSync(dirname(path), { recursive: true });
    make();
  }
}

/** Writes `collectingWrites` holds instead of making files, while it runs: the innermost first, then those it runs inside. */
interface Holder {
  wanted(path: string): boolean;
  files: Map<string, Uint8Array>;
  outer: Holder | undefined;
}
let collecting: Holder | undefined;

/**
 * Runs `work` with every `writeAtomic` of a path `wanted` says yes to held in memory
 * rather than written, and returns what was held, by path: for files that go into one
 * file with others (a shard of small scopes, a file of every copy: ./scopes.ts), where
 * making each would cost a file creation (about 1 ms of system time) and a second write
 * for nothing. A write this one does not want goes to the one it runs inside, if any.
 */
export function collectingWrites<T>(wanted: (path: string) => boolean, work: () => T): { result: T; files: Map<string, Uint8Array> } {
  const outer = collecting;
  collecting = { wanted, files: new Map(), outer };
  try {
    const result = work();
    return { result, files: collecting.files };
  } finally {
    collecting = outer;
  }
}

/**
 * Writes `pieces`, one after another, to `path` atomically (as `writeAtomic`): for text
 * too long to hold as one string and its bytes at once.
 */
export function writeAtomicPieces(path: string, pieces: Iterable<string>): void {
  const temporary = `${path}.${process.pid}.tmp`;
  mkdirSync(dirname(path), { recursive: true });
  const fd = openSync(temporary, "w");
  try {
    for (const piece of pieces) writeSync(fd, piece);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, path);
}

/** Fills `into` from `fd` at `position`. */
function readAt(fd: number, into: Uint8Array, position: number): void {
  let done = 0;
  while (done < into.byteLength) {
    const read = readSync(fd, into, done, into.byteLength - done, position + done);
    if (read === 0) throw new Error("not a content pack");
    done += read;
  }
}

/** Wanted segments closer than this in a pack are read in one piece, with what lies between. */
const READ_GAP = 8192;

/** A pack `readSegments` has open: its descriptor, where in the file it starts, and its segment offsets. */
interface OpenPack {
  fd: number;
  /** Where the pack starts in the file: 0, or where its copy starts in a file of copies. */
  base: number;
  /** The offsets table: segment i starts at base + offset(i); offset(length) is where the table starts. */
  offsets: DataView;
  length: number;
}

/**
 * Packs kept open while a build job runs (`keepingPacksOpen`), by path, at most
 * `MOST_OPEN`: a scope batch takes a few items from each of many chunks, many times
 * over, and opening a pack (open, fstat, its trailer and table, close) for each took
 * 2 of a 10,000-article build's 6 s of CPU. Only within one job, during which no pack
 * it reads is rewritten.
 */
let kept: Map<string, OpenPack> | undefined;
const MOST_OPEN = 256;

/** Runs `work` with the packs it reads through `readSegments` kept open until it ends. */
export function keepingPacksOpen<T>(work: () => T): T {
  const outer = kept;
  kept = new Map();
  try {
    return work();
  } finally {
    for (const pack of kept.values()) closeSync(pack.fd);
    kept = outer;
  }
}

/** Where copy `copy` of the file of copies open at `fd` (`size` bytes) is, or the whole file when it is not one (src/content/pack.ts `packFiles`). */
function copyRange(fd: number, size: number, copy: number): { start: number; end: number } {
  const tail = new Uint8Array(COPIES_TAIL);
  if (size >= COPIES_TAIL) readAt(fd, tail, size - COPIES_TAIL);
  const copies = copiesTable(tail, size);
  if (copies === undefined) {
    if (copy !== 0) throw new RangeError(`no copy ${copy} in a file of one`);
    return { start: 0, end: size };
  }
  if (copy >= copies.length) throw new RangeError(`no copy ${copy} in a file of ${copies.length}`);
  const bounds = new Uint8Array(8);
  readAt(fd, bounds, copies.at + 4 * copy);
  const view = new DataView(bounds.buffer);
  return { start: view.getUint32(0, true), end: view.getUint32(4, true) };
}

function openPackFile(path: string, copy: number): OpenPack {
  const fd = openSync(path, "r");
  try {
    const { start: base, end } = copyRange(fd, fstatSync(fd).size, copy);
    const size = end - base;
    const tail = new Uint8Array(PACK_TAIL);
    readAt(fd, tail, base + size - PACK_TAIL);
    const { at, length } = packTable(tail, size);
    const table = new Uint8Array(4 * (length + 1));
    readAt(fd, table, base + at);
    const offsets = new DataView(table.buffer);
    if (offsets.getUint32(4 * length, true) !== at) throw new Error("not a content pack");
    return { fd, base, offsets, length };
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}

/**
 * Segments `indexes` of the pack at `path` (src/content/pack.ts), in that order, or of
 * its copy `copy` when it is a file of every copy (a chunk with Chinese variants): read
 * from its trailer and the runs of bytes that hold them, never the whole file unless
 * they are most of it. Each is a view of a buffer holding its run only, so what is kept
 * of a chunk is what was asked for (scope windows take a few items of many chunks).
 */
export function readSegments(path: string, indexes: readonly number[], copy = 0): Uint8Array[] {
  const key = `${path}\u0000${copy}`;
  let pack = kept?.get(key);
  if (pack === undefined) {
    pack = openPackFile(path, copy);
    if (kept !== undefined) {
      if (kept.size >= MOST_OPEN) {
        const [oldest, first] = kept.entries().next().value as [string, OpenPack];
        closeSync(first.fd);
        kept.delete(oldest);
      }
      kept.set(key, pack);
    }
  }
  try {
    const { fd, base, offsets, length } = pack;
    const offset = (i: number) => base + offsets.getUint32(4 * i, true);
    for (const i of indexes) if (!Number.isInteger(i) || i < 0 || i >= length) throw new RangeError(`no segment ${i} in a pack of ${length}`);
    const wanted = [...new Set(indexes)].sort((a, b) => a - b);
    const segments = new Map<number, Uint8Array>();
    for (let r = 0; r < wanted.length; ) {
      // A run: wanted segments whose gaps are short, read at once.
      let last = r;
      while (last + 1 < wanted.length && offset(wanted[last + 1] as number) - offset((wanted[last] as number) + 1) <= READ_GAP) last++;
      const start = offset(wanted[r] as number);
      const bytes = Buffer.allocUnsafe(offset((wanted[last] as number) + 1) - start);
      readAt(fd, bytes, start);
      for (let w = r; w <= last; w++) {
        const i = wanted[w] as number;
        segments.set(i, bytes.subarray(offset(i) - start, offset(i + 1) - start));
      }
      r = last + 1;
    }
    return indexes.map((i) => segments.get(i) as Uint8Array);
  } finally {
    if (kept === undefined) closeSync(pack.fd);
  }
}

/**
 * Every entry under `dir` for which `keep` says yes, as paths relative to it with `/`
 * separators, directories walked one by one (Node's recursive `readdirSync` took four
 * times as long on 100,000 files).
 */
function walk(dir: string, keep: (entry: Dirent) => boolean): string[] {
  const found: string[] = [];
  const visit = (folder: string, prefix: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      // A symbolic link (a site's posts linked in from elsewhere) is what it points at; a broken one, a file that cannot be read.
      const directory = entry.isDirectory() || (entry.isSymbolicLink() && statSync(join(folder, entry.name), { throwIfNoEntry: false })?.isDirectory() === true);
      if (directory) visit(join(folder, entry.name), `${prefix}${entry.name}/`);
      else if (keep(entry)) found.push(prefix + entry.name);
    }
  };
  visit(dir, "");
  return found;
}

/** Every file under `dir` (none when there is no `dir`), as paths relative to it with `/` separators; symbolic links followed. */
export function listFiles(dir: string): string[] {
  return existsSync(dir) ? walk(dir, (entry) => entry.isFile() || entry.isSymbolicLink()) : [];
}

/**
 * Removes every file under `dir` not in `keep` (relative paths), then empty directories;
 * returns how many files went. `listed` is what `listFiles(dir)` said, when it was
 * called earlier and every file written since is in `keep`.
 */
export function removeOthers(dir: string, keep: ReadonlySet<string>, listed: Iterable<string> = listFiles(dir)): number {
  let removed = 0;
  for (const file of listed) {
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
