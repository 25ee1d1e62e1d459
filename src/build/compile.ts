/**
 * @module The content compiler, in two steps so that a large archive never has to be
 * held in memory: `readHeader` validates a source's front matter (cheap; the build runs
 * it over everything first, to report every problem at once and to order the articles),
 * and `compileBody` renders the Markdown of one article into an `Article` (the build
 * runs it chunk by chunk on every core). `compileContent` does both for a set of sources
 * held in memory (tests and tools). Pure apart from hashing; reading and writing files
 * is the CLI's job (./cli.ts).
 */
import { createHash } from "node:crypto";
import matter from "gray-matter";
import yaml from "js-yaml";
import { ORIGIN_TOKEN } from "../feed/template.ts";
import { authorsOf } from "../feed/describe.ts";
import { siteSettings } from "../settings.ts";
import { TERM_KINDS, type Article, type ContentIndex, type Term, type TermKind } from "../types.ts";
import { stripXmlForbidden, termKey, truncateText } from "../text.ts";
import { type BodyPolicy, markdownText, renderMarkdown, resolveUrl, upgradeImage } from "./markdown.ts";
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

/** What the compiler takes from the site settings; what is left out is the settings' default. */
export interface CompileOptions extends Partial<BodyPolicy> {
  /** IANA zone for timestamps written without one. */
  timeZone: string;
  /** Who wrote the articles that name nobody (`SITE_AUTHOR`). @default "Edge Feeds" */
  author?: string;
}

/** The body policy of the default settings (src/settings.ts). */
const DEFAULT_POLICY: BodyPolicy = siteSettings({});

/**
 * What an article's front matter says, validated and normalised: everything the build
 * needs to order articles and file them under tags and categories, before any Markdown
 * is rendered. Plain data (it is cached as JSON and sent between threads).
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
  /** Front-matter `description` or `summary`, when given. */
  summary?: string;
  /** Front-matter `image` (or `cover`), as written. */
  image?: string;
  source?: string;
  /** Where the Markdown body starts in the source, in UTF-16 code units. */
  bodyStart: number;
}

export type HeaderResult = { ok: true; header: Header } | { ok: false; problems: Problem[] };

/** The site's author when no settings are given: `SITE_AUTHOR`'s default. */
const DEFAULT_AUTHOR = siteSettings({}).author;

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

/** js-yaml 4's own scalar types (it exports them as `types`; @types/js-yaml 4.0.9 declares neither that nor `Type.tag`). */
const YAML_TYPES = (yaml as unknown as { types: Record<"null" | "bool" | "int" | "float", yaml.Type & { tag: string }> }).types;

/**
 * The YAML schema front matter is read with: every scalar is the text it is written as,
 * except null (`~`, `null`, an empty value). YAML's core schema reads `slug: 0123` as the
 * number 123, `1e5` as 100000, an md5 slug such as `1905925734e539172711194675880473` as
 * Infinity and a tag `- true` as a boolean, where the author meant the characters (issue 11).
 * So this is YAML's failsafe schema (strings, lists, mappings) plus null, and ./schema.ts
 * decides what each field is: text everywhere, `true`/`false` for `draft`, timestamps
 * read in the site's zone by ./dates.ts. Explicit tags (`!!int 5`) are checked as YAML
 * checks them and kept as text.
 *
 * A js-yaml schema rather than the `yaml` package: after a failsafe parse there, `~` and
 * `"~"` are the same string, so null could not be told from quoted text, and walking its
 * CST would re-implement scalar resolution. Here gray-matter (the splitter) calls this
 * engine and js-yaml's own types resolve null and check tags: no YAML rule is rewritten.
 */
const FRONT_MATTER_SCHEMA = yaml.FAILSAFE_SCHEMA.extend({
  implicit: [YAML_TYPES.null],
  explicit: [YAML_TYPES.bool, YAML_TYPES.int, YAML_TYPES.float].map(
    (type) => new yaml.Type(type.tag, { kind: "scalar", resolve: (data: string) => type.resolve(data), construct: (data: string) => data }),
  ),
});

const MATTER_OPTIONS = {
  engines: { yaml: (text: string) => yaml.load(text, { schema: FRONT_MATTER_SCHEMA }) as object },
};

/**
 * Private-use characters the build reserves for placeholders (src/feed/template.ts).
 * They carry no meaning in text, so they are removed from sources like the characters
 * XML forbids.
 */
const RESERVED = /[\uE000\uE001]/g;

/** A source as the compiler reads it: reserved and XML-forbidden characters removed. */
function cleanSource(source: string): string {
  return stripXmlForbidden(source).replace(RESERVED, "");
}

/** YAML escapes (`"\\u0001"`) can produce characters the source had not: clean every string. */
function cleanDeep(value: unknown): unknown {
  if (typeof value === "string") return cleanSource(value);
  if (Array.isArray(value)) return value.map(cleanDeep);
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cleanDeep(v)]));
  return value;
}

/** Validates one source's front matter; independent of every other source. */
export function readHeader({ file, source }: SourceFile, options: CompileOptions): HeaderResult {
  const text = cleanSource(source);
  let data: unknown;
  let body: string;
  try {
    const parsed = matter(text, MATTER_OPTIONS);
    data = parsed.data;
    body = parsed.content;
  } catch (error) {
    // js-yaml counts lines from 0 within the front matter, which starts on the file's line 2.
    const message = error instanceof yaml.YAMLException ? `is not valid YAML (line ${error.mark.line + 2}): ${error.reason}` : `could not be read: ${String(error)}`;
    return { ok: false, problems: [{ file, field: "front matter", message }] };
  }
  if (data !== undefined && data !== null && (typeof data !== "object" || Array.isArray(data))) {
    return { ok: false, problems: [{ file, field: "front matter", message: "must be a mapping of fields (title: ..., date: ...)" }] };
  }
  const fields = cleanDeep(data ?? {}) as Record<string, unknown>;
  const result = frontMatterSchema(options.timeZone).safeParse(fields);
  if (!result.success) {
    return {
      ok: false,
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
    return { ok: false, problems: [{ file, field: "slug", message: `"${slug}" (from the file name) is not one URL path segment: add a slug field` }] };
  }
  if (text.includes(ORIGIN_TOKEN)) return { ok: false, problems: [{ file, field: "body", message: TOKEN_PROBLEM }] };
  const header: Header = {
    slug,
    title: fm.title,
    published: fm.date.toISOString(),
    updated: (fm.updated ?? fm.lastmod ?? fm.date).toISOString(),
    draft: fm.draft === true,
    tags: uniqueNames(fm.tags ?? []),
    categories: uniqueNames(fm.categories ?? []),
    authors: uniqueNames([...(fm.author === undefined ? [] : [fm.author.trim()]), ...(fm.authors ?? [])].filter((name) => name !== "")),
    bodyStart: text.length - body.length,
  };
  const summary = fm.description ?? fm.summary;
  if (summary !== undefined) header.summary = summary.trim();
  const image = fm.image ?? fm.cover;
  if (image !== undefined) header.image = image;
  if (fm.source !== undefined) header.source = fm.source;
  return { ok: true, header };
}

/**
 * Bytes of characters `cleanSource` removes (C0 controls but tab, line feed and carriage
 * return; U+FFFE, U+FFFF; the reserved U+E000, U+E001), in a Latin-1 reading of UTF-8.
 */
const REMOVED_BYTES = /[\x00-\x08\x0B\x0C\x0E-\x1F]|\xEF\xBF[\xBE\xBF]|\xEE\x80[\x80\x81]/;

/** The origin token, and what closes front matter for gray-matter, as UTF-8 (both ASCII). */
const TOKEN_BYTES = Buffer.from(ORIGIN_TOKEN);
const CLOSE_BYTES = Buffer.from("\n---");

/**
 * `readHeader` of the source whose UTF-8 is `bytes`, decoding only its front matter:
 * the build reads every source's front matter before anything else, and decoding,
 * cleaning and splitting whole sources was most of that (gray-matter copies and hashes
 * all it is given). The same result as `readHeader` of the whole text: gray-matter ends
 * front matter at the first `\n---` (ASCII, so found in the bytes where it is in the
 * text) and drops a `\r` and a `\n` after it, so the text up to two bytes past it
 * decides the header; cleaning removes characters one by one, so that text cleaned is
 * the start of the whole's; and the body's only check, that it holds no origin token, is
 * made on the bytes when they hold nothing cleaning would remove (removing could make
 * one). Otherwise, or without that delimiter, the whole text is read.
 */
export function readSourceHeader(file: string, bytes: Buffer, options: CompileOptions): HeaderResult {
  const close = bytes.indexOf(CLOSE_BYTES, 3);
  let cut = close + CLOSE_BYTES.byteLength + 2;
  if (close >= 0 && cut < bytes.byteLength && !REMOVED_BYTES.test(bytes.toString("latin1"))) {
    // At a character's first byte, never inside one.
    while (cut < bytes.byteLength && ((bytes[cut] as number) & 0xc0) === 0x80) cut++;
    const result = readHeader({ file, source: bytes.toString("utf8", 0, cut) }, options);
    // The body is checked last, as `readHeader` checks it.
    return result.ok && bytes.indexOf(TOKEN_BYTES) >= 0 ? { ok: false, problems: [{ file, field: "body", message: TOKEN_PROBLEM }] } : result;
  }
  return readHeader({ file, source: bytes.toString("utf8") }, options);
}

/** What a source that holds the origin token is told. */
const TOKEN_PROBLEM = `contains ${ORIGIN_TOKEN}, which the build reserves for the site's origin`;

/** Renders the article whose front matter is `header` from its full `source`, with the body policy of `options`. */
export function compileBody(file: string, header: Header, source: string, options: Partial<BodyPolicy> = {}): Article {
  const policy: BodyPolicy = {
    iframeHosts: options.iframeHosts ?? DEFAULT_POLICY.iframeHosts,
    upgradeImageHosts: options.upgradeImageHosts ?? DEFAULT_POLICY.upgradeImageHosts,
  };
  const body = cleanSource(source).slice(header.bodyStart);
  const path = articlePath(header.slug);
  const [excerpt, rest] = splitMore(body);
  const full = renderMarkdown(rest === undefined ? excerpt : `${excerpt}\n${rest}`, path, policy);
  const automatic = () => (rest === undefined ? truncateText(full.firstParagraph, SUMMARY_LENGTH) : markdownText(excerpt, full.footnoteLabels).replace(/\n/g, " "));
  const image = header.image === undefined ? full.firstImage : upgradeImage(resolveUrl(header.image, path), policy.upgradeImageHosts);
  const article: Article = {
    slug: header.slug,
    path,
    id: articleId(header.slug),
    title: header.title,
    published: header.published,
    updated: header.updated,
    summary: (header.summary ?? automatic()).trim(),
    html: full.html,
    ...(full.pageHtml === undefined ? {} : { pageHtml: full.pageHtml }),
    tags: header.tags,
    categories: header.categories,
    authors: header.authors,
    file,
  };
  if (image !== undefined) article.image = image;
  if (header.source !== undefined) article.source = header.source;
  return article;
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
export function byNewest(a: { published: string; slug: string }, b: { published: string; slug: string }): number {
  return a.published < b.published ? 1 : a.published > b.published ? -1 : a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0;
}

/** A header per source, or every problem: slugs must be unique across all sources (drafts included). */
export function checkHeaders(results: { file: string; result: HeaderResult }[]): { ok: true; headers: { file: string; header: Header }[] } | { ok: false; problems: Problem[] } {
  const problems: Problem[] = [];
  const headers: { file: string; header: Header }[] = [];
  const owners = new Map<string, string>();
  for (const { file, result } of [...results].sort((a, b) => (a.file < b.file ? -1 : 1))) {
    if (!result.ok) {
      problems.push(...result.problems);
      continue;
    }
    const { slug } = result.header;
    const owner = owners.get(slug);
    if (owner !== undefined) {
      problems.push({ file, field: "slug", message: `"${slug}" is already used by ${owner}` });
      continue;
    }
    owners.set(slug, file);
    headers.push({ file, header: result.header });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, headers };
}

/** Published headers newest first: drafts are validated, then left out. */
export function publishedOrder<T extends { header: Header }>(headers: T[]): T[] {
  return headers.filter((h) => !h.header.draft).sort((a, b) => byNewest(a.header, b.header));
}

/** The names `article` is filed under as `kind`; articles naming no author are `siteAuthor`'s. */
export function termNames(article: { tags: string[]; categories: string[]; authors: string[] }, kind: TermKind, siteAuthor: string): readonly string[] {
  return kind === "authors" ? authorsOf(article, siteAuthor) : article[kind];
}

/**
 * Term indexes over articles already sorted newest first: key -> display name (the
 * newest spelling) and positions.
 */
export function indexTerms(articles: readonly { tags: string[]; categories: string[]; authors: string[] }[], kind: TermKind, siteAuthor: string): Record<string, Term> {
  // No prototype: a tag named `__proto__` or `constructor` is a key like any other.
  const terms: Record<string, Term> = Object.create(null);
  articles.forEach((article, position) => {
    for (const name of termNames(article, kind, siteAuthor)) {
      const key = termKey(name);
      (terms[key] ??= { name, articles: [] }).articles.push(position);
    }
  });
  return terms;
}

export type CompileResult = { ok: true; index: ContentIndex } | { ok: false; problems: Problem[] };

/** Compiles every source held in memory, or reports every problem in every source. */
export function compileContent(sources: SourceFile[], options: CompileOptions): CompileResult {
  const checked = checkHeaders(sources.map((source) => ({ file: source.file, result: readHeader(source, options) })));
  if (!checked.ok) return checked;
  const text = new Map(sources.map((s) => [s.file, s.source]));
  const articles = publishedOrder(checked.headers).map(({ file, header }) => compileBody(file, header, text.get(file) ?? "", options));
  const author = options.author ?? DEFAULT_AUTHOR;
  const [tags, categories, authors] = TERM_KINDS.map((kind) => indexTerms(articles, kind, author)) as [Record<string, Term>, Record<string, Term>, Record<string, Term>];
  return { ok: true, index: { articles, tags, categories, authors } };
}

/** One line per problem: `content/a.md: date: "x" is not a date ...`. */
export function formatProblems(problems: Problem[], prefix = ""): string {
  return problems.map((p) => `${prefix}${p.file}: ${p.field}: ${p.message}`).join("\n");
}
