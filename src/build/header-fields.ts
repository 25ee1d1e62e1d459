/**
 * @module The fields of an article's header that front matter gives in each generator's
 * own way (./header.ts `readHeader`): titles from file names, tags and categories as
 * each generator splits them, the summary's field, the permalink, and the optional
 * fields (summary, image, source, section, aliases, resources).
 */
import { canonicalSegment } from "../feed/urls.ts";
import { termKey } from "../text.ts";
import type { ArticleSource } from "./content-tree.ts";
import type { Timestamp } from "./dates.ts";
import type { Header, HeaderRules } from "./header.ts";
import { resolveUrl } from "./markdown.ts";
import { fillPermalink, type PermalinkFacts, tidyPath, unknownPlaceholders, writtenPath } from "./permalinks.ts";
import type { FrontMatter } from "./schema.ts";
import type { Generator } from "./site-config.ts";

/** `release-notes` as Jekyll titles a post whose front matter has none: `Release Notes`. */
export function titleize(name: string): string {
  return name
    .split(/[-_\s]+/)
    .filter((word) => word !== "")
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(" ");
}

/** Names from several fields, in order, without repeats (by key). */
export function uniqueNames(names: string[]): string[] {
  const seen = new Set<string>();
  return names.filter((name) => name !== "" && !seen.has(termKey(name)) && seen.add(termKey(name)));
}

/** The summary front matter gives, in the order the generator's own feeds take them. */
function summaryOf(fm: FrontMatter, generator: Generator | undefined): string | undefined {
  switch (generator) {
    case "hugo":
      return fm.summary ?? fm.description ?? fm.excerpt;
    case "jekyll":
      return fm.excerpt ?? fm.description ?? fm.summary;
    default:
      return fm.description ?? fm.summary ?? fm.excerpt;
  }
}

/**
 * Tags or categories as a generator reads `raw` (the field as written): Jekyll splits a
 * string on white space (`categories: tech news` is two), Hexo's list of lists is
 * several hierarchies (each flattened here into its names).
 */
export function termField(raw: unknown, read: string[] | undefined, generator: Generator | undefined): string[] {
  if (typeof raw === "string" && generator === "jekyll") return raw.split(/\s+/).filter((name) => name !== "");
  return read ?? [];
}

/** What a permalink is made of, besides the front matter. */
export interface PermalinkInput {
  rules: HeaderRules;
  place: ArticleSource;
  date: Timestamp;
  slug: string;
  title: string;
  fileName: string;
  baseName: string;
  categories: string[];
}

/**
 * Where the article lives: its front matter's own path (Hugo's `url`, Zola's `path`;
 * Jekyll's and Hexo's `permalink`, which may hold placeholders), else its section's
 * pattern, else the site's; under the site's base path.
 */
export function permalinkOf(fm: FrontMatter, input: PermalinkInput): string {
  const { rules, place } = input;
  const basePath = rules.basePath ?? "";
  if (fm.url !== undefined) return basePath + writtenPath(fm.url, rules.generator, "url");
  if (fm.path !== undefined) return basePath + writtenPath(fm.path, rules.generator, "path");
  const facts = (): PermalinkFacts => ({
    generator: rules.generator,
    date: input.date.date,
    timeZone: rules.timeZone,
    ...(input.date.offset !== undefined && (rules.generator === "hugo" || rules.generator === "zola") ? { offset: input.date.offset } : {}),
    slug: input.slug,
    ...(fm.slug === undefined ? {} : { slugField: fm.slug }),
    title: input.title,
    fileName: input.fileName,
    baseName: input.baseName,
    folders: place.folders,
    ...(place.section === undefined ? {} : { section: place.section }),
    categories: input.categories,
  });
  if (fm.permalink !== undefined) {
    const pattern = fm.permalink;
    return (
      basePath + (/:[a-z_]+/.test(pattern) && unknownPlaceholders(pattern).length === 0 ? fillPermalink(pattern, facts()) : writtenPath(pattern, rules.generator, "permalink"))
    );
  }
  const pattern = (place.section !== undefined ? rules.sectionPermalinks?.[place.section] : undefined) ?? rules.permalink;
  // No pattern: today's URLs, `/posts/<slug>/` (`DEFAULT_PERMALINK`), the slug read the project's own way.
  if (pattern === undefined) return `${basePath}/posts/${canonicalSegment(input.slug)}/`;
  return tidyPath(basePath + fillPermalink(pattern, facts()));
}

/** The header's optional fields, where the front matter and the article's place give them. */
export function addOptionalFields(header: Header, fm: FrontMatter, place: ArticleSource, rules: HeaderRules): void {
  const summary = summaryOf(fm, rules.generator);
  if (summary !== undefined) header.summary = summary.trim();
  const image = fm.image ?? fm.cover ?? fm.images?.[0];
  if (image !== undefined) header.image = image;
  if (fm.source !== undefined) header.source = fm.source;
  if (place.section !== undefined) header.section = place.section;
  const { path } = header;
  const aliases = [...(fm.aliases ?? []), ...(fm.redirect_from ?? [])].map((alias) =>
    alias.startsWith("/") ? (rules.basePath ?? "") + writtenPath(alias, rules.generator, "alias") : resolveUrl(alias, path.replace(/[^/]*\/?$/, "")),
  );
  if (aliases.length > 0) header.aliases = [...new Set(aliases)];
  const bundle = place.bundle;
  if (bundle === undefined || place.resources.length === 0) return;
  const sitePath = (resource: string) =>
    resource
      .slice(bundle.length + 1)
      .split("/")
      .map(encodeURIComponent)
      .join("/");
  header.resources = place.resources.map((resource) => [resource, resolveUrl(sitePath(resource), path)]);
}
