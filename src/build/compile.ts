/**
 * @module The content compiler: Markdown sources in, a `ContentIndex` out, or every
 * problem found in every file. Pure apart from hashing; reading and writing files is
 * the CLI's job (./cli.ts), which keeps this testable with in-memory fixtures.
 */
import { createHash } from "node:crypto";
import matter from "gray-matter";
import yaml from "js-yaml";
import type { Article, ContentIndex, Term } from "../types.ts";
import { stripXmlForbidden, termKey, truncateText } from "../text.ts";
import { renderMarkdown, resolveUrl } from "./markdown.ts";
import { frontMatterSchema } from "./schema.ts";

/** One article source. */
export interface SourceFile {
  /** Path relative to the content directory, used in messages: `posts/hello.md`. */
  file: string;
  /** The file's text. */
  source: string;
}

/** One thing wrong with one article. */
export interface Problem {
  file: string;
  /** The front-matter field at fault, or `front matter` / `body` for the whole. */
  field: string;
  message: string;
}

export type CompileResult = { ok: true; index: ContentIndex } | { ok: false; problems: Problem[] };

export interface CompileOptions {
  /** IANA zone for timestamps written without one. */
  timeZone: string;
}

/** Where an article lives on the site. */
export function articlePath(slug: string): string {
  return `/posts/${encodeURIComponent(slug)}/`;
}

/** Longest automatic summary, in grapheme clusters. */
const SUMMARY_LENGTH = 200;

/** The `<!--more-->` mark that ends the excerpt (Hugo accepts inner spaces). */
const MORE = /<!--\s*more\s*-->/;

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

/** Front matter parsed with timestamps left as strings: ./dates.ts reads them in the site's zone. */
const MATTER_OPTIONS = {
  engines: { yaml: (text: string) => yaml.load(text, { schema: yaml.CORE_SCHEMA }) as object },
};

/** One source compiled on its own: an article (drafts flagged), or its problems. */
export type Compiled = { file: string; article: Article; draft: boolean } | { file: string; problems: Problem[] };

/** Compiles one source. Independent of every other source, so sources can be compiled in parallel. */
export function compileOne(source: SourceFile, options: CompileOptions): Compiled {
  const compiled = compileSource(source, options);
  return { file: source.file, ...compiled };
}

type Parsed = { article: Article; draft: boolean } | { problems: Problem[] };

function compileSource({ file, source }: SourceFile, options: CompileOptions): Parsed {
  let data: unknown;
  let body: string;
  try {
    const parsed = matter(stripXmlForbidden(source), MATTER_OPTIONS);
    data = parsed.data;
    body = parsed.content;
  } catch (error) {
    // js-yaml counts lines from 0 within the front matter, which starts on the file's line 2.
    const message =
      error instanceof yaml.YAMLException
        ? `is not valid YAML (line ${error.mark.line + 2}): ${error.reason}`
        : `could not be read: ${String(error)}`;
    return { problems: [{ file, field: "front matter", message }] };
  }
  if (data !== undefined && data !== null && (typeof data !== "object" || Array.isArray(data))) {
    return { problems: [{ file, field: "front matter", message: "must be a mapping of fields (title: ..., date: ...)" }] };
  }
  const fields = stripDeep(data ?? {}) as Record<string, unknown>;
  const result = frontMatterSchema(options.timeZone).safeParse(fields);
  if (!result.success) {
    return {
      problems: result.error.issues.map((issue) => {
        const [key] = issue.path;
        return {
          file,
          field: issue.path.length > 0 ? issue.path.join(".") : "front matter",
          message: typeof key === "string" && fields[key] === undefined ? "is required" : issue.message,
        };
      }),
    };
  }
  const fm = result.data;
  const slug = fm.slug ?? fm.urlname ?? fileSlug(file);
  if (!/^[^\s/?#\\%]+$/.test(slug)) {
    return {
      problems: [{ file, field: "slug", message: `"${slug}" (from the file name) is not one URL path segment: add a slug field` }],
    };
  }
  const path = articlePath(slug);
  const [excerpt, rest] = splitMore(body);
  const full = renderMarkdown(rest === undefined ? excerpt : `${excerpt}\n${rest}`, path);
  const automatic =
    rest === undefined ? truncateText(full.firstParagraph, SUMMARY_LENGTH) : renderMarkdown(excerpt, path).text.replace(/\n/g, " ");
  const published = fm.date.toISOString();
  const image = fm.image === undefined ? full.firstImage : resolveUrl(fm.image, path);
  const article: Article = {
    slug,
    path,
    id: articleId(slug),
    title: fm.title,
    published,
    updated: (fm.updated ?? fm.lastmod ?? fm.date).toISOString(),
    summary: (fm.description ?? fm.summary ?? automatic).trim(),
    html: full.html,
    tags: uniqueNames(fm.tags ?? []),
    categories: uniqueNames(fm.categories ?? []),
    file,
  };
  if (fm.author !== undefined && fm.author.trim() !== "") article.author = fm.author.trim();
  if (image !== undefined) article.image = image;
  if (fm.source !== undefined) article.source = fm.source;
  return { article, draft: fm.draft === true };
}

/** YAML escapes (`"\\u0001"`) can produce characters XML forbids: strip them from every string. */
function stripDeep(value: unknown): unknown {
  if (typeof value === "string") return stripXmlForbidden(value);
  if (Array.isArray(value)) return value.map(stripDeep);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, stripDeep(v)]));
  }
  return value;
}

/** The file name without directories and extension. */
function fileSlug(file: string): string {
  return (file.split("/").pop() ?? file).replace(/\.[^.]*$/, "");
}

/** `[before, after]` the `<!--more-->` mark, or `[body, undefined]` without one. */
function splitMore(body: string): [string, string | undefined] {
  const m = MORE.exec(body);
  return m ? [body.slice(0, m.index), body.slice(m.index + m[0].length)] : [body, undefined];
}

/** Drops names that differ only by case or normalisation, keeping the first spelling. */
function uniqueNames(names: string[]): string[] {
  const seen = new Set<string>();
  return names.filter((name) => !seen.has(termKey(name)) && seen.add(termKey(name)));
}

/** Newest first; equal dates fall back to the slug so the order never depends on file order. */
function byNewest(a: Article, b: Article): number {
  return a.published < b.published ? 1 : a.published > b.published ? -1 : a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0;
}

/** Term indexes over articles already sorted newest first. */
function indexTerms(articles: Article[], pick: (a: Article) => string[]): Record<string, Term> {
  // No prototype: a tag named `__proto__` or `constructor` is a key like any other.
  const terms: Record<string, Term> = Object.create(null);
  articles.forEach((article, position) => {
    for (const name of pick(article)) {
      const key = termKey(name);
      (terms[key] ??= { name, articles: [] }).articles.push(position);
    }
  });
  return terms;
}

/** Compiles every source, or reports every problem in every source. Drafts are validated, then left out. */
export function compileContent(sources: SourceFile[], options: CompileOptions): CompileResult {
  return assembleIndex(sources.map((source) => compileOne(source, options)));
}

/**
 * Puts compiled sources together: checks that slugs are unique, sorts newest first,
 * indexes tags and categories, hashes the result. Any problem anywhere fails it all.
 */
export function assembleIndex(compiled: Compiled[]): CompileResult {
  const problems: Problem[] = [];
  const articles: Article[] = [];
  const slugOwners = new Map<string, string>();
  for (const parsed of [...compiled].sort((a, b) => (a.file < b.file ? -1 : 1))) {
    if ("problems" in parsed) {
      problems.push(...parsed.problems);
      continue;
    }
    const { slug } = parsed.article;
    const owner = slugOwners.get(slug);
    if (owner !== undefined) {
      problems.push({ file: parsed.file, field: "slug", message: `"${slug}" is already used by ${owner}` });
      continue;
    }
    slugOwners.set(slug, parsed.file);
    if (!parsed.draft) articles.push(parsed.article);
  }
  if (problems.length > 0) return { ok: false, problems };
  articles.sort(byNewest);
  const body = { articles, tags: indexTerms(articles, (a) => a.tags), categories: indexTerms(articles, (a) => a.categories) };
  return { ok: true, index: { version: contentVersion(body), ...body } };
}

/**
 * A hash of everything the index holds: it changes exactly when some output can.
 * Bodies are hashed as they are rather than inside one JSON string of the whole
 * archive, which for large archives costs more than the hashing.
 */
function contentVersion({ articles, tags, categories }: Omit<ContentIndex, "version">): string {
  const hash = createHash("sha256");
  for (const { html, ...rest } of articles) hash.update(JSON.stringify(rest)).update("\u0000").update(html).update("\u0000");
  return hash.update(JSON.stringify([tags, categories])).digest("hex").slice(0, 16);
}

/** One line per problem: `content/a.md: date: "x" is not a date ...`. */
export function formatProblems(problems: Problem[], prefix = ""): string {
  return problems.map((p) => `${prefix}${p.file}: ${p.field}: ${p.message}`).join("\n");
}
