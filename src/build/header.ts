/**
 * @module An article's header: its front matter read (./front-matter.ts), validated
 * (./schema.ts) and settled into what the build needs to order and file it before any
 * Markdown is rendered: title, dates, slug, permalink, id, terms, section, aliases and
 * resources. Each generator's names and habits (README "Bring your site") are settled
 * here, once: a date from the file name, Jekyll's space-separated categories, Hexo's
 * category hierarchies, Hugo's `url`, Jekyll's `permalink`, Zola's `path`. Pure apart
 * from hashing.
 */
import { createHash } from "node:crypto";
import { PLACEHOLDERS } from "../content/placeholders.ts";
import { stripXmlForbidden } from "../text.ts";
import type { ArticleSource } from "./content-tree.ts";
import { readTimestamp, type Timestamp } from "./dates.ts";
import { readFrontMatter } from "./front-matter.ts";
import { addOptionalFields, permalinkOf, termField, titleize, uniqueNames } from "./header-fields.ts";
import { PermalinkError } from "./permalinks.ts";
import { addPublishWindow } from "./publish-window.ts";
import { parseFrontMatter } from "./schema.ts";
import type { Generator } from "./site-config.ts";

/** One article source. */
export interface SourceFile {
  /** Path relative to the content directory, used in messages: `posts/hello.md`. */
  file: string;
  /** The file's text. */
  source: string;
  /** Where it sits in the tree (./content-tree.ts); without it, a file on its own (no bundle, its first folder its section). */
  place?: ArticleSource;
}

/** One thing wrong with one article. */
export interface Problem {
  file: string;
  /** The front-matter field at fault, or `front matter` / `body` for the whole. */
  field: string;
  message: string;
}

/** How the site's sources are read: the settings that decide an article's header. */
export interface HeaderRules {
  /** IANA zone for timestamps written without one. */
  timeZone: string;
  /** The generator whose conventions the sources follow; `undefined`: this project's own. */
  generator?: Generator;
  /** The permalink pattern (./permalinks.ts); unset: `/posts/<slug>/` with the project's own slug, whatever the generator. */
  permalink?: string;
  /** Patterns by section (Hugo's `[permalinks]`), before `permalink`. */
  sectionPermalinks?: Readonly<Record<string, string>>;
  /** The path the site lives under (`/blog`, from `SITE_URL`), before every permalink. @default "" */
  basePath?: string;
  /** `ARTICLE_IDS`: ids from slugs (`uuid`) or permalinks. @default "uuid" */
  articleIds?: "uuid" | "permalink";
}

/**
 * What an article's front matter says, validated and normalised: everything the build
 * needs to order articles and file them under their terms, before any Markdown is
 * rendered. Plain data (it is cached as JSON and sent between threads).
 */
export interface Header {
  slug: string;
  title: string;
  /** ISO 8601, UTC. */
  published: string;
  /** ISO 8601, UTC; `published` when the front matter has no `updated`/`lastmod`. */
  updated: string;
  draft: boolean;
  tags: string[];
  categories: string[];
  /** Front-matter `author` then `authors`, without duplicates; empty when the article names nobody. */
  authors: string[];
  /** Front-matter summary (`description`, `summary` or `excerpt`, in the generator's order), when given. */
  summary?: string;
  /** Front-matter `image` (or `cover`, or the first of `images`), as written. */
  image?: string;
  source?: string;
  /** Where the article lives: a site path, percent-encoded (`/posts/a/`, `/2019/01/11/a.html`). */
  path: string;
  /** Its id in feeds: front-matter `id`/`guid`, else a UUID from the slug or its permalink path (`ARTICLE_IDS`). */
  id: string;
  /** Its section's key (the folder's name), when it has one. */
  section?: string;
  /** Old paths that redirect to `path` (Hugo's and Zola's `aliases`, Jekyll's `redirect_from`). */
  aliases?: string[];
  /** Its resources (a page bundle's files): the source path relative to content/, and the site path it is served at. */
  resources?: [file: string, path: string][];
  /** Where the Markdown body starts in the source, in UTF-16 code units. */
  bodyStart: number;
  /** ISO 8601, UTC: when it goes live (front-matter `publishDate`), when that is not `published` (issue 22, ./schedule.ts). */
  publish?: string;
  /** ISO 8601, UTC: when it leaves every response (`expiryDate` or `expires`), if ever. */
  expires?: string;
}

export type HeaderResult = { ok: true; header: Header } | { ok: false; problems: Problem[] };

/** Namespace for article ids (UUID v5, RFC 9562 section 5.5); fixed forever. */
const ID_NAMESPACE = "6b1f3c2e-5f0a-4d4e-9b8a-2f6d0c7e9a41";

/** UUID v5 of `name` in `ID_NAMESPACE`: the same slug always gets the same id. */
export function articleId(slug: string): string {
  const ns = Buffer.from(ID_NAMESPACE.replace(/-/g, ""), "hex");
  const hash = createHash("sha1").update(ns).update(slug, "utf8").digest();
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString("hex");
  return `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Private-use characters the build reserves for placeholders (src/content/placeholders.ts).
 * They carry no meaning in text, so they are removed from sources like the characters
 * XML forbids.
 */
const RESERVED = /[\uE000\uE001]/g;

/** A source as the compiler reads it: a byte-order mark, reserved and XML-forbidden characters removed. */
export function cleanSource(source: string): string {
  return stripXmlForbidden(source.startsWith("\uFEFF") ? source.slice(1) : source).replace(RESERVED, "");
}

/** Escapes in front matter (YAML's `"\\u0001"`, JSON's, TOML's) can produce characters the source had not: clean every string. */
function cleanDeep(value: unknown): unknown {
  if (typeof value === "string") return cleanSource(value);
  if (Array.isArray(value)) return value.map(cleanDeep);
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cleanDeep(v)]));
  return value;
}

/** What a source that holds the origin placeholder is told. */
export const ORIGIN_PROBLEM = `contains ${PLACEHOLDERS.origin}, which the build reserves for the site's origin`;

/** A `YYYY-MM-DD-` (or Zola's `YYYY-MM-DD_`) prefix of a file or folder name: the date it gives, and the name after it. */
const DATE_PREFIX = /^(\d{4}-\d{2}-\d{2})[-_](.+)$/;

/** A date in a path: `/2024/05/06/`. */
const PATH_DATE = /(?:^|\/)(\d{4})\/(\d{2})\/(\d{2})(?:\/|$)/;

/** A file on its own, when the tree was not classified: its first folder its section, unless `_`. */
function placeOf(file: string): ArticleSource {
  const parts = file.split("/");
  const place: ArticleSource = { file, resources: [], folders: parts.slice(0, -1).filter((p) => !p.startsWith("_")), draft: false, folderCategories: [] };
  if (parts.length > 1 && !(parts[0] as string).startsWith("_")) place.section = parts[0] as string;
  return place;
}

/** Every problem `issues` names, as problems of `file`. */
function schemaProblems(file: string, issues: readonly { path: readonly PropertyKey[]; message: string }[]): Problem[] {
  return issues.map((issue) => ({ file, field: issue.path.length > 0 ? issue.path.join(".") : "front matter", message: issue.message }));
}

/** Validates one source's front matter, in its place in the tree; independent of every other source. */
export function readHeader({ file, source, place = placeOf(file) }: SourceFile, rules: HeaderRules): HeaderResult {
  const text = cleanSource(source);
  const read = readFrontMatter(text);
  if (!read.ok) return { ok: false, problems: [{ file, field: "front matter", message: read.message }] };
  // Hexo's category hierarchies (`[[a, b], c]`) are names too.
  const data = cleanDeep(read.data) as Record<string, unknown>;
  for (const key of ["categories", "category"]) if (Array.isArray(data[key])) data[key] = (data[key] as unknown[]).flat();
  const result = parseFrontMatter(data, rules.timeZone);
  if (!result.success) return { ok: false, problems: schemaProblems(file, result.error.issues) };
  const fm = result.data;
  const { generator } = rules;
  const problems: Problem[] = [];
  const problem = (field: string, message: string) => problems.push({ file, field, message });

  const { fileName, baseName, prefixDate } = fileNames(file, place);

  const title = fm.title ?? (generator === "jekyll" ? titleize(baseName) : undefined);
  if (title === undefined) problem("title", "is required");

  const written = fm.url ?? fm.permalink ?? fm.path;
  const pathDate = written === undefined ? undefined : PATH_DATE.exec(written);
  const draft = fm.draft === true || fm.published === false || place.draft;
  const date: Timestamp | undefined =
    fm.date ??
    fm.pubdate ??
    fm.publishdate ??
    (prefixDate ? readTimestamp(prefixDate, rules.timeZone) : undefined) ??
    (pathDate ? readTimestamp(`${pathDate[1]}-${pathDate[2]}-${pathDate[3]}`, rules.timeZone) : undefined) ??
    // A draft is never published, so it needs no date yet (Jekyll dates `_drafts` by their files' times).
    (draft ? { date: new Date(0) } : undefined);
  if (date === undefined) problem("date", "is required: give a date field, or start the file's name with the date (2024-05-06-name.md)");

  const slug = fm.slug ?? fm.urlname ?? baseName;
  if (!/^[^\s/?#\\%]+$/.test(slug)) problem("slug", `"${slug}" (from the file name) is not one URL path segment: add a slug field`);
  if (problems.length > 0 || title === undefined || date === undefined) return { ok: false, problems };
  // Last, as the build's fast path checks it (src/build/compile.ts `readSourceHeader`).
  if (text.includes(PLACEHOLDERS.origin)) return { ok: false, problems: [{ file, field: "body", message: ORIGIN_PROBLEM }] };

  const categories = uniqueNames([
    ...(generator === "jekyll" ? place.folderCategories : []),
    ...termField(read.data.categories, fm.categories, generator),
    ...termField(read.data.category, fm.category, generator),
    ...(fm.taxonomies?.categories ?? []),
  ]);
  let path: string;
  try {
    path = permalinkOf(fm, { rules, place, date, slug, title, fileName, baseName, categories });
  } catch (error) {
    if (!(error instanceof PermalinkError)) throw error;
    // Front matter's own patterns are filled only when every placeholder is known: this is the site's.
    return { ok: false, problems: [{ file, field: "PERMALINKS", message: error.message }] };
  }
  const header: Header = {
    slug,
    title,
    published: date.date.toISOString(),
    updated: (fm.updated ?? fm.lastmod ?? fm.last_modified_at ?? date).date.toISOString(),
    draft,
    tags: uniqueNames([...termField(read.data.tags, fm.tags, generator), ...termField(read.data.tag, fm.tag, generator), ...(fm.taxonomies?.tags ?? [])]),
    categories,
    authors: uniqueNames([...(fm.author ?? []), ...(fm.authors ?? []), ...(fm.taxonomies?.authors ?? [])]),
    path,
    id: fm.id ?? fm.guid ?? (rules.articleIds === "permalink" ? path : articleId(slug)),
    bodyStart: read.bodyStart,
  };
  addOptionalFields(header, fm, place, rules);
  const bounds = addPublishWindow(header, fm, file);
  if (bounds.length > 0) return { ok: false, problems: bounds };
  return { ok: true, header };
}

/** The file's own names: a bundle's is its folder's; a date prefix gives a date and is no part of the slug. */
function fileNames(file: string, place: ArticleSource): { fileName: string; baseName: string; prefixDate?: string } {
  const name = (place.bundle !== undefined && /^index\./i.test(file.slice(file.lastIndexOf("/") + 1)) ? place.bundle : file).split("/").pop();
  const fileName = name?.replace(/\.[^.]*$/, "") ?? file;
  const prefix = DATE_PREFIX.exec(fileName);
  return prefix ? { fileName, baseName: prefix[2] as string, prefixDate: prefix[1] as string } : { fileName, baseName: fileName };
}
