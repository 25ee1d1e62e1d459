/**
 * @module What the last build made, so the next one redoes only what changed: front
 * matter by source (keyed by modification time and size), chunks by the sources they
 * hold, window buckets and archive groups by their inputs. Everything is discarded
 * when the code or the settings the output depends on change (`basis`). Kept next to
 * the assets directory, never in it.
 *
 * Articles' metadata is not in it (it is in the chunks' work files, ./chunks.ts): a
 * chunk is its sources' keys and its articles' hashes, which keeps the manifest to
 * about a third of what it was (5 MB at 10,000 articles), quick to read and to write.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { VariantData } from "../content/index-format.ts";
import type { SiteSettings } from "../settings.ts";
import type { Header } from "./compile.ts";
import { writeAtomicPieces } from "./files.ts";
import type { ResolvedRefs } from "./links.ts";

export interface Manifest {
  /** Hash of the code and settings every output depends on. */
  basis: string;
  /** Front matter by file: the key of the source it was read from (./build.ts), and what it says. */
  headers: Record<string, [key: string, header: Header]>;
  /** Chunks by number: what each was built from and made (`ChunkEntry`). */
  chunks: Record<string, ChunkEntry>;
  /** Scopes by id: what their window and archive files were written from, and their head hashes. */
  windows: Record<string, ScopeEntry>;
  /** Each Chinese variant's words for the index, and the key of the scope names they were made from. */
  variants: Record<string, { key: string; words: VariantData }>;
  /** Key of the links work file's table (./links.ts), when it was written. */
  links?: string;
  /** Each shard's members (id and file count), by shard: a shard whose members changed is written again (./phases/scopes.ts). */
  shards?: Record<string, string>;
}

/** What the last build made of one chunk. */
export interface ChunkEntry {
  /** The source keys it was built from, oldest first. */
  members: string[];
  /** Its articles' hashes, two words each, in the same order. */
  hashes: number[];
  /** Where its articles' templates' links to other articles resolved (./links.ts): it is built again when one resolves elsewhere. */
  refs?: ResolvedRefs;
  /** What its templates warned of (./templates/), said again by every build that keeps it. */
  warnings?: string[];
}

/** What the last build wrote for one scope. */
export interface ScopeEntry {
  /** Key of the inputs of the window bucket in each slot (src/build/windows.ts `bucketKey`), by slot. */
  buckets: string[];
  /** Key of the window metadata's inputs. */
  meta: string;
  /** Hash of the newest bucket's head in each format (two words each). */
  heads: number[];
  /** Key of the archive heads' inputs, and their hash in each format. */
  archiveKey: string;
  archiveHeads: number[];
  /** Key of each archive group's inputs (tags, categories, authors). */
  groups: string[];
}

/** SHA-256 (hex, 16 digits) of `paths` under `root` (files, or every `.ts` and `.tsx` file directly in a directory) and of `extra`. */
export function codeHash(root: string, paths: string[], extra: string[] = []): string {
  const hash = createHash("sha256");
  for (const path of paths) {
    const full = join(root, path);
    if (!existsSync(full)) continue;
    const files = statSync(full).isDirectory()
      ? readdirSync(full)
          .filter((n) => /\.tsx?$/.test(n))
          .sort()
          .map((n) => join(full, n))
      : [full];
    for (const file of files) hash.update(file.slice(root.length)).update(readFileSync(file));
  }
  for (const text of extra) hash.update(text);
  return hash.digest("hex").slice(0, 16);
}

/** The basis of `settings` and the content code (compiler, serialiser, layout) with its locked dependencies. */
export function contentBasis(root: string, settings: SiteSettings, site: Record<string, unknown> = {}): string {
  const lock = existsSync(join(root, "package-lock.json")) ? readFileSync(join(root, "package-lock.json"), "utf8") : "";
  return codeHash(
    root,
    ["src/build", "src/build/templates", "src/feed", "src/content", "src/i18n", "src/text.ts", "src/types.ts", "src/settings.ts"],
    [lock, JSON.stringify(settings), JSON.stringify(site)],
  );
}

/** The last manifest when it has the same basis, else an empty one. */
export function loadManifest(path: string, basis: string): Manifest {
  const empty: Manifest = { basis, headers: {}, chunks: {}, windows: {}, variants: {} };
  if (!existsSync(path)) return empty;
  try {
    const last = JSON.parse(readFileSync(path, "utf8")) as Manifest;
    return last.basis === basis ? last : empty;
  } catch {
    return empty;
  }
}

/** Writes `manifest` as JSON, a megabyte or so at a time: as one string, its JSON and bytes took 150 MB at 100,000 articles. */
export function saveManifest(path: string, manifest: Manifest): void {
  writeAtomicPieces(path, manifestJson(manifest));
}

/** `JSON.stringify(manifest)`, in pieces. */
function* manifestJson(manifest: Manifest): Generator<string> {
  yield `{"basis":${JSON.stringify(manifest.basis)}`;
  for (const part of ["headers", "chunks", "windows", "variants", "shards"] as const) {
    if (manifest[part] === undefined) continue;
    let piece = `,"${part}":{`;
    let first = true;
    for (const [key, value] of Object.entries(manifest[part])) {
      piece += `${first ? "" : ","}${JSON.stringify(key)}:${JSON.stringify(value)}`;
      first = false;
      if (piece.length > 1 << 20) {
        yield piece;
        piece = "";
      }
    }
    yield `${piece}}`;
  }
  yield "}";
}
