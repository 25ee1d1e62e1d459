/**
 * @module Links between articles that templates write (issue 18, item 9): Jekyll's
 * `{% post_url 2019-01-11-name %}` and `{% link _posts/2019-01-11-name.md %}`, Hugo's
 * `{{< ref "posts/name.md" >}}` and `relref`, Hexo's `{% post_link name %}` and
 * `post_path`, resolved to the permalink of the article they name.
 *
 * The build writes every published article's file, permalink, title and slug to one
 * work file (`LinkTable`); a thread that meets such a template reads it once per build.
 * What each article's templates resolved is kept with its chunk (./manifest.ts), and a
 * later build resolves the same targets again: a chunk is built again when one of them
 * now names another path (an article moved, or appeared, or went).
 */
import type { LinkKind } from "./templates/index.ts";

/** One published article, as links find it. */
export type LinkEntry = [file: string, path: string, title: string, slug: string];

/** Every published article, oldest first (an older one wins a tie, as it was there first). */
export type LinkTable = readonly LinkEntry[];

/** Where one target resolved: a path, or `null` for nothing. Keyed by `refKey`. */
export type ResolvedRefs = Record<string, string | null>;

/** The key of a resolved target: kind and target. */
export function refKey(kind: LinkKind, target: string): string {
  return `${kind} ${target}`;
}

const stemOf = (file: string) => (file.split("/").pop() ?? file).replace(/\.[^.]*$/, "");
const DATE_PREFIX = /^\d{4}-\d{2}-\d{2}[-_]/;

/** A look-up over a table: each way a template can name an article, to its entry. */
export interface LinkIndex {
  files: Map<string, LinkEntry>;
  stems: Map<string, LinkEntry>;
  slugs: Map<string, LinkEntry>;
  paths: Map<string, LinkEntry>;
}

/** Indexes `table` by file (with and without its extension), file name, name without its date, slug and path. */
export function indexLinks(table: LinkTable): LinkIndex {
  const index: LinkIndex = { files: new Map(), stems: new Map(), slugs: new Map(), paths: new Map() };
  const add = (map: Map<string, LinkEntry>, key: string, entry: LinkEntry) => {
    if (!map.has(key)) map.set(key, entry);
  };
  for (const entry of table) {
    const [file, path, , slug] = entry;
    add(index.files, file, entry);
    add(index.files, file.replace(/\.[^./]*$/, ""), entry);
    // A bundle is named by its folder (`posts/trip/index.md` is `posts/trip`).
    if (/(?:^|\/)index\.[^/]*$/.test(file)) add(index.files, file.replace(/\/?index\.[^/]*$/, ""), entry);
    const stem = /^index$/.test(stemOf(file)) ? stemOf(file.replace(/\/index\.[^/]*$/, "")) : stemOf(file);
    add(index.stems, stem, entry);
    add(index.stems, stem.replace(DATE_PREFIX, ""), entry);
    add(index.slugs, slug, entry);
    add(index.paths, path.replace(/\/$/, ""), entry);
  }
  return index;
}

/**
 * The article `target` names as a template of `kind` names it, and its path (with an
 * anchor kept); `undefined` when none does.
 * @example resolveLink(index, "post_url", "2019-01-11-release-notes")
 */
export function resolveLink(index: LinkIndex, kind: LinkKind, target: string): { path: string; title: string } | undefined {
  const written = target.trim().replace(/^["']|["']$/g, "");
  const hash = written.indexOf("#");
  const anchor = hash >= 0 ? written.slice(hash) : "";
  const name = (hash >= 0 ? written.slice(0, hash) : written).replace(/^\.?\/+/, "").replace(/\/+$/, "");
  const found = (() => {
    switch (kind) {
      case "post_url":
        // A post's file name, or its path under the posts folder (`blog/2019-01-11-x`).
        return index.stems.get(name.split("/").pop() ?? name);
      case "link":
        return index.files.get(name) ?? index.files.get(name.replace(/^_posts\//, ""));
      case "post_link":
      case "post_path":
        return index.slugs.get(name) ?? index.stems.get(name);
      default:
        // Hugo: a path relative to content/, a file name, or a page's path.
        return index.files.get(name) ?? index.stems.get(stemOf(name)) ?? index.paths.get(`/${name}`);
    }
  })();
  return found === undefined ? undefined : { path: found[1] + anchor, title: found[2] };
}
