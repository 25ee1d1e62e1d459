/**
 * @module The content compiler, in two steps so that a large archive never has to be
 * held in memory: `readHeader` validates a source's front matter (cheap; the build runs
 * it over everything first, to report every problem at once and to order the articles),
 * and `compileBody` renders the Markdown of one article into an `Article` (the build
 * runs it chunk by chunk on every core). `compileContent` does both for a set of sources
 * held in memory (tests and tools). Pure apart from hashing; reading and writing files
 * is the CLI's job (./cli.ts).
 */

import { PLACEHOLDERS } from "../content/placeholders.ts";
import { authorsOf } from "../feed/describe.ts";
import { isReservedPath } from "../feed/urls.ts";
import { siteSettings } from "../settings.ts";
import { termKey, truncateText } from "../text.ts";
import { type Article, type ContentIndex, TERM_KINDS, type Term, type TermKind } from "../types.ts";
import { type ArticleSource, classifyTree } from "./content-tree.ts";
import { readFrontMatter } from "./front-matter.ts";
import { articleId, cleanSource, type Header, type HeaderResult, type HeaderRules, ORIGIN_PROBLEM, type Problem, readHeader, type SourceFile } from "./header.ts";
import { type BodyPolicy, markdownText, renderMarkdown, resolveUrl, upgradeImage } from "./markdown.ts";
import { isLive, orderTime, type Visibility } from "./publish-window.ts";
import { expandTemplates, type TemplateContext } from "./templates/index.ts";

export { articleId, type Header, type HeaderResult, type Problem, readHeader, type SourceFile } from "./header.ts";

/** What the compiler takes from the site settings; what is left out is the settings' default. */
export interface CompileOptions extends Partial<BodyPolicy>, HeaderRules {
  /** Who wrote the articles that name nobody (`SITE_AUTHOR`). @default "Edge Feeds" */
  author?: string;
  /** Jekyll's `excerpt_separator`: the text that ends an article's excerpt, besides `<!--more-->`. */
  excerptSeparator?: string;
  /** Which articles are live (issue 22): those at this time, by `FUTURE_ARTICLES`, as the build lays them out. @default now, "schedule" */
  visibility?: Visibility;
}

/** The body policy of the default settings (src/settings.ts). */
const DEFAULT_POLICY: BodyPolicy = siteSettings({});

/** The site's author when no settings are given: `SITE_AUTHOR`'s default. */
const DEFAULT_AUTHOR = siteSettings({}).author;

/** Longest automatic summary, in grapheme clusters. */
const SUMMARY_LENGTH = 200;

/** The `<!--more-->` mark that ends the excerpt (Hugo accepts inner spaces). */
const MORE = /<!--\s*more\s*-->/;

/** Bytes of characters `cleanSource` removes (C0 controls but tab, line feed and carriage
 * return; U+FFFE, U+FFFF; the reserved U+E000, U+E001), in a Latin-1 reading of UTF-8.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the bytes to find.
const REMOVED_BYTES = /[\x00-\x08\x0B\x0C\x0E-\x1F]|\xEF\xBF[\xBE\xBF]|\xEE\x80[\x80\x81]/;

/** The origin placeholder (ASCII) as UTF-8. */
const ORIGIN_BYTES = Buffer.from(PLACEHOLDERS.origin);

/** What closes YAML and TOML front matter, as UTF-8 (ASCII). */
const CLOSING = { "---": Buffer.from("\n---"), "+++": Buffer.from("\n+++") } as const;

/**
 * `readHeader` of the source whose UTF-8 is `bytes`, decoding only its front matter:
 * the build reads every source's front matter before anything else, and decoding,
 * cleaning and splitting whole sources was most of that (gray-matter copies and hashes
 * all it is given). The same result as `readHeader` of the whole text: YAML and TOML
 * front matter end at the first `\n---` or `\n+++` (ASCII, so found in the bytes where
 * it is in the text) and a `\r` and a `\n` after it are dropped, so the text up to two
 * bytes past it decides the header; cleaning removes characters one by one, so that text
 * cleaned is the start of the whole's; and the body's only check, that it holds no
 * origin placeholder, is made on the bytes when they hold nothing cleaning would remove
 * (removing could make one). Otherwise (JSON, Hexo's front matter without an opening
 * line, a byte-order mark), or without that delimiter, the whole text is read.
 */
export function readSourceHeader(file: string, bytes: Buffer, rules: HeaderRules, place?: ArticleSource): HeaderResult {
  const opening = bytes.toString("latin1", 0, 3);
  const closing = opening === "---" || opening === "+++" ? CLOSING[opening] : undefined;
  const close = closing === undefined ? -1 : bytes.indexOf(closing, 3);
  let cut = close + 4 + 2;
  const input = (source: string): SourceFile => (place === undefined ? { file, source } : { file, source, place });
  if (close >= 0 && cut < bytes.byteLength && !REMOVED_BYTES.test(bytes.toString("latin1"))) {
    // At a character's first byte, never inside one.
    while (cut < bytes.byteLength && ((bytes[cut] as number) & 0xc0) === 0x80) cut++;
    const result = readHeader(input(bytes.toString("utf8", 0, cut)), rules);
    // The body is checked last, as `readHeader` checks it.
    return result.ok && bytes.indexOf(ORIGIN_BYTES) >= 0 ? { ok: false, problems: [{ file, field: "body", message: ORIGIN_PROBLEM }] } : result;
  }
  return readHeader(input(bytes.toString("utf8")), rules);
}

/** How a body is compiled: the site's body policy, excerpt mark, and what its templates read (./templates/). */
export interface BodyOptions extends Partial<BodyPolicy> {
  /** Jekyll's `excerpt_separator`. */
  excerptSeparator?: string;
  /** The path the site lives under (`SITE_URL`'s): `page.url` is the permalink without it, as in Jekyll. */
  basePath?: string;
  /** `site.*` for templates: the site's generator config. @default {} */
  site?: Record<string, unknown>;
  /** Finds the article a template links to (./links.ts); without it, no link resolves. */
  resolve?: TemplateContext["resolve"];
  /** Told each template construct removed or not understood, as one line for the site's owner. */
  warn?: (message: string) => void;
}

/**
 * The body of `text` (a source cleaned), its templates expanded (./templates/): what a
 * Hugo, Jekyll, Hexo or Zola site writes in its bodies never reaches a reader as text
 * outside code. A body without `{{` or `{%` is itself.
 */
function expandedBody(file: string, header: Header, text: string, options: BodyOptions): string {
  const body = text.slice(header.bodyStart);
  if (!body.includes("{{") && !body.includes("{%")) return body;
  const read = readFrontMatter(text);
  const url = options.basePath && header.path.startsWith(`${options.basePath}/`) ? header.path.slice(options.basePath.length) : header.path;
  const page = { ...(read.ok ? read.data : {}), url, date: header.published, title: header.title, slug: header.slug, tags: header.tags, categories: header.categories };
  const firstLine = text.slice(0, header.bodyStart).split("\n").length;
  const { markdown, warnings } = expandTemplates(body, { file, firstLine, site: options.site ?? {}, page, resolve: options.resolve ?? (() => undefined) });
  for (const warning of warnings) options.warn?.(`${file}: line ${warning.line}: ${warning.construct} ${warning.message}`);
  return markdown;
}

/** Renders the article whose front matter is `header` from its full `source`, with the body policy of `options`. */
export function compileBody(file: string, header: Header, source: string, options: BodyOptions = {}): Article {
  const policy: BodyPolicy = {
    iframeHosts: options.iframeHosts ?? DEFAULT_POLICY.iframeHosts,
    upgradeImageHosts: options.upgradeImageHosts ?? DEFAULT_POLICY.upgradeImageHosts,
  };
  const body = expandedBody(file, header, cleanSource(source), options);
  const { path } = header;
  const [excerpt, rest] = splitMore(body, options.excerptSeparator);
  const full = renderMarkdown(rest === undefined ? excerpt : `${excerpt}\n${rest}`, path, policy);
  const automatic = () => (rest === undefined ? truncateText(full.firstParagraph, SUMMARY_LENGTH) : markdownText(excerpt, full.footnoteLabels).replace(/\n/g, " "));
  const image = header.image === undefined ? full.firstImage : upgradeImage(resolveUrl(header.image, path), policy.upgradeImageHosts);
  const article: Article = {
    slug: header.slug,
    path,
    id: header.id,
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
  if (header.section !== undefined) article.section = header.section;
  return article;
}

/** `[before, after]` the excerpt mark (`<!--more-->`, or Jekyll's `excerpt_separator`), or `[body, undefined]` without one. */
function splitMore(body: string, separator?: string): [string, string | undefined] {
  const m = MORE.exec(body);
  const at = separator ? body.indexOf(separator) : -1;
  if (at >= 0 && (m === null || at < m.index)) return [body.slice(0, at), body.slice(at + (separator as string).length)];
  return m ? [body.slice(0, m.index), body.slice(m.index + m[0].length)] : [body, undefined];
}

/** Newest first; equal dates fall back to the slug so the order never depends on file order. */
export function byNewest(a: { published: string; slug: string }, b: { published: string; slug: string }): number {
  return a.published < b.published ? 1 : a.published > b.published ? -1 : a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0;
}

/**
 * A header per source, or every problem: across all sources (drafts included), paths
 * and ids must be unique (with `ARTICLE_IDS = "uuid"`, ids come from slugs: slugs too),
 * no path may be one the worker answers itself, and an alias may be no article's path
 * nor another's alias.
 */
export function checkHeaders(results: { file: string; result: HeaderResult }[]): { ok: true; headers: { file: string; header: Header }[] } | { ok: false; problems: Problem[] } {
  const problems: Problem[] = [];
  const headers: { file: string; header: Header }[] = [];
  const ids = new Map<string, string>();
  const paths = new Map<string, string>();
  const sorted = [...results].sort((a, b) => (a.file < b.file ? -1 : 1));
  for (const { file, result } of sorted) {
    if (!result.ok) {
      problems.push(...result.problems);
      continue;
    }
    const { header } = result;
    const idOwner = ids.get(header.id);
    if (idOwner !== undefined) {
      problems.push(
        header.id === articleId(header.slug)
          ? { file, field: "slug", message: `"${header.slug}" is already used by ${idOwner}` }
          : { file, field: "id", message: `"${header.id}" is already the id of ${idOwner}: ids must be unique` },
      );
      continue;
    }
    const pathOwner = paths.get(header.path);
    if (pathOwner !== undefined) {
      problems.push({ file, field: "permalink", message: `${header.path} is already the permalink of ${pathOwner}: give one a slug, url or permalink of its own` });
      continue;
    }
    if (isReservedPath(header.path)) {
      problems.push({ file, field: "permalink", message: `${header.path} is where the worker serves feeds or lists: give the article another url, permalink or slug` });
      continue;
    }
    ids.set(header.id, file);
    paths.set(header.path, file);
    headers.push({ file, header });
  }
  const aliases = new Map<string, string>();
  for (const { file, header } of headers) {
    for (const alias of header.aliases ?? []) {
      const taken = paths.get(alias) ?? aliases.get(alias);
      if (taken !== undefined || isReservedPath(alias)) {
        problems.push({
          file,
          field: "aliases",
          message: `${alias} ${taken === undefined ? "is where the worker serves feeds or lists" : `is already used by ${taken}`}: an alias must be a path of its own`,
        });
      } else aliases.set(alias, file);
    }
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, headers };
}

/** Published headers newest first: drafts are validated, then left out. */
export function publishedOrder<T extends { header: Header }>(headers: T[], visibility?: Visibility): T[] {
  return headers
    .filter((h) => !h.header.draft && (visibility === undefined || isLive(h.header, visibility)))
    .sort((a, b) => byNewest({ published: orderTime(a.header), slug: a.header.slug }, { published: orderTime(b.header), slug: b.header.slug }));
}

/** What terms are read from: an article's or a header's names. */
type Filed = { tags: string[]; categories: string[]; authors: string[]; section?: string };

/** The names `article` is filed under as `kind`; articles naming no author are `siteAuthor`'s; a section is its folder's name. */
export function termNames(article: Filed, kind: TermKind, siteAuthor: string): readonly string[] {
  if (kind === "sections") return article.section === undefined ? [] : [article.section];
  return kind === "authors" ? authorsOf(article, siteAuthor) : article[kind];
}

/**
 * Term indexes over articles already sorted newest first: key -> display name (the
 * newest spelling) and positions.
 */
export function indexTerms(articles: readonly Filed[], kind: TermKind, siteAuthor: string): Record<string, Term> {
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

/**
 * Compiles every source held in memory, or reports every problem in every source. The
 * sources are placed in a tree of their own paths (./content-tree.ts: bundles, sections,
 * `_posts`), unless they carry their places.
 */
export function compileContent(sources: SourceFile[], options: CompileOptions): CompileResult {
  const places = new Map(classifyTree(sources.map((s) => s.file)).articles.map((place) => [place.file, place]));
  const placed = sources.map((source): SourceFile => {
    const place = source.place ?? places.get(source.file);
    return place === undefined ? source : { ...source, place };
  });
  const checked = checkHeaders(placed.map((source) => ({ file: source.file, result: readHeader(source, options) })));
  if (!checked.ok) return checked;
  const text = new Map(sources.map((s) => [s.file, s.source]));
  const articles = publishedOrder(checked.headers, options.visibility ?? { at: Date.now(), future: "schedule" }).map(({ file, header }) =>
    compileBody(file, header, text.get(file) ?? "", options),
  );
  const author = options.author ?? DEFAULT_AUTHOR;
  const [tags, categories, authors, sections] = TERM_KINDS.map((kind) => indexTerms(articles, kind, author)) as Record<string, Term>[] as [
    Record<string, Term>,
    Record<string, Term>,
    Record<string, Term>,
    Record<string, Term>,
  ];
  return { ok: true, index: { articles, tags, categories, authors, sections } };
}

/** One line per problem: `content/a.md: date: "x" is not a date ...`. */
export function formatProblems(problems: Problem[], prefix = ""): string {
  return problems.map((p) => `${prefix}${p.file}: ${p.field}: ${p.message}`).join("\n");
}
