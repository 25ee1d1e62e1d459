/**
 * @module Files shared by many scopes or copies (issue 20): the shards small scopes'
 * files are segments of, how a scope's file is addressed (its own directory, or its
 * shard and segment), and which files hold every copy (the original and each Chinese
 * variant) when the build makes variants. ./layout.ts draws the whole layout.
 */
import { FEED_FORMATS } from "../types.ts";
import { archivePageCount, CONTENT_PREFIX } from "./layout.ts";

/**
 * Where a scope's files are: its id (its own directory, `/_c/s/<id>/`), or, for a small
 * scope, its shard and the segment its first file is in.
 */
export type ScopeFiles = string | { id: string; count?: number; shard?: readonly [shard: number, first: number] | undefined };

/**
 * Scopes of at most this many articles share files (issue 20): all of a small scope's
 * files (one bucket per format, its metadata and, with pages smaller than this, its
 * archive heads and its one archive group) are segments of a shard, one file shared with
 * the other small scopes whose id hashes to it. A long tail of tags used once or twice
 * then costs files by their bytes, not one set of files per tag. Five, not a whole
 * bucket (20): on the long-tail corpus at 20,000 articles, 6,349 of 7,020 tags have at
 * most five articles, and shards of scopes of up to 20 grew to 2.7 MiB (a read of one
 * costs CPU by its bytes), where up to five keeps the largest under 1 MiB.
 */
export const SMALL_SCOPE = 5;

/** The files of a small scope (one bucket, in slot 0), in the order they sit in its shard: the first four always, the rest when it has an archive. */
export const SMALL_SCOPE_FILES = [...FEED_FORMATS.map((f) => `${f}.0.pack`), "meta.json", ...FEED_FORMATS.map((f) => `${f}.heads.pack`), "archive.0.pack"] as const;

/** How many files a small scope of `count` articles has in its shard. */
export function smallScopeFileCount(count: number, pageSize: number): number {
  return archivePageCount(count, pageSize) > 0 ? SMALL_SCOPE_FILES.length : FEED_FORMATS.length + 1;
}

/**
 * Small-scope bytes a shard holds, about: 256 KiB, so a read of one costs about what a
 * full window bucket's does, and a shard count is about those bytes divided by this.
 */
export const SHARD_BYTES = 256 * 1024;

/**
 * How many shards the small scopes share, given their articles (`members`: the sum of
 * their counts; one item in three formats and its metadata is about 30 KB on the
 * generated corpus): a power of two, so the count, and with it which shard each scope is
 * in, changes only when the small scopes' articles double or halve.
 */
export function shardCount(members: number): number {
  const wanted = Math.max(1, Math.ceil((members * 30 * 1024) / SHARD_BYTES));
  return 2 ** Math.ceil(Math.log2(wanted));
}

/**
 * Terms of at least this many articles (a full window, src/content/layout.ts `WINDOW`)
 * keep their window files, the buckets and the metadata, one per copy, as the site does
 * (`holdsEveryCopy`), under `/_c/w/<id>/` rather than in their own directory: a read of a
 * file of every copy moves every copy, and these are the feeds read most and the ones a
 * `?limit=100` reads up to six files of. At 10,000 articles with `s2t`, an author's feed
 * of 100 items read 2.3 MiB for a body of 0.9 MiB. The cost is about 19 files per
 * variant for each such term: 836 at 10,000 articles (500 tags), 1,634 at 20,000
 * long-tail articles, 7,379 at 100,000 (README, Limits). Their archives, read far less,
 * stay in files of every copy. A term that grows past this moves its window files once.
 */
export const OWN_COPIES_FROM = 100;

/**
 * Path of a scope's window file `name` (a bucket, its metadata): one per copy under
 * `/_c/w/` for a term of `OWN_COPIES_FROM` articles or more, else where its other files are.
 */
export function windowFile(scope: ScopeFiles, name: string): string {
  if (typeof scope !== "string" && scope.shard === undefined && scope.id !== "site" && (scope.count ?? 0) >= OWN_COPIES_FROM) {
    return `${CONTENT_PREFIX}w/${scope.id}/${name}`;
  }
  return scopeFile(scope, name);
}

/** Path of shard `shard`. */
export function shardPath(shard: number): string {
  return `${CONTENT_PREFIX}p/${shard}.pack`;
}

/**
 * Path of a scope's file `name`: in its own directory, or, for a small scope, its
 * shard's path and `#` and the segment that holds the file (src/content/store.ts
 * `readFile` reads the shard and takes the segment).
 */
export function scopeFile(scope: ScopeFiles, name: string): string {
  if (typeof scope === "string") return `${CONTENT_PREFIX}s/${scope}/${name}`;
  if (scope.shard === undefined) return `${CONTENT_PREFIX}s/${scope.id}/${name}`;
  const [shard, first] = scope.shard;
  return `${shardPath(shard)}#${first + (SMALL_SCOPE_FILES as readonly string[]).indexOf(name)}`;
}

/**
 * Paths (the original's) of files that hold every copy (the original and each Chinese
 * variant, src/content/pack.ts `packFiles`) when the build makes variants: the article
 * chunks and the terms' own files. A variant then costs bytes, not files. A read of such
 * a file reads every copy, so the site scope's files (about 22, whatever the archive's
 * size), which every site feed and every filter of it reads, are one per copy instead:
 * a site feed of 100 items then reads 1 MiB, not 2. So are large terms' window files
 * (`windowFile`), whose paths are under `/_c/w/`.
 */
export function holdsEveryCopy(path: string): boolean {
  return path.startsWith(`${CONTENT_PREFIX}a/`) || (path.startsWith(`${CONTENT_PREFIX}s/`) && !path.startsWith(`${CONTENT_PREFIX}s/site/`));
}
