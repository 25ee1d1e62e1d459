/**
 * @module Domain types shared by the content compiler (build time) and the worker
 * (request time). The compiler produces a `ContentIndex`; the worker only reads it.
 */

/** One published article, fully prepared at build time. */
export interface Article {
  /** URL segment, unique across the site: `slug`, else `urlname`, else the file name. */
  slug: string;
  /** Site-relative permalink path, percent-encoded: `/posts/a73b2d.../` (`PERMALINKS`, or the front matter's own `url`, `permalink` or `path`). */
  path: string;
  /**
   * Stable id: front-matter `id`/`guid`, else `urn:uuid:` v5 of the slug (`ARTICLE_IDS = "uuid"`:
   * survives rebuilds, retagging, moves and host changes), else the permalink path
   * (`"permalink"`, what a site's old feeds used: made absolute on the site's origin).
   */
  id: string;
  /** Title as plain text. */
  title: string;
  /** Publication time, ISO 8601 in UTC (`2022-05-23T17:21:51.031Z`). */
  published: string;
  /** Last update time, ISO 8601 in UTC; equals `published` when the article has no `updated`. */
  updated: string;
  /** Summary as plain text: front-matter `description`/`summary`, the part before `<!--more-->`, or a cut first paragraph. */
  summary: string;
  /**
   * Full body as HTML, as every feed format carries it: sanitised when the article has
   * raw HTML (src/build/raw-html.ts). Links and images are absolute: either full URLs or
   * root-relative paths (`/posts/x/a.png`) that the worker prefixes with the site origin.
   */
  html: string;
  /** The body as the article page shows it, when that is not `html`: images load lazily, and embedded players are sandboxed iframes (feeds carry them as links). */
  pageHtml?: string;
  /** Tag display names, in front-matter order, without duplicates. */
  tags: string[];
  /** Category display names, in front-matter order, without duplicates. */
  categories: string[];
  /** Author names (front-matter `author`, then `authors`), without duplicates; empty when it names nobody: then the site's author wrote it. */
  authors: string[];
  /** Its section's key: the first folder under content/ it sits in (Hugo's sections), when it has one. */
  section?: string;
  /** Lead image: front-matter `image` (or `cover`), else the first image in the body (absolute or root-relative). */
  image?: string;
  /** Where the article was first published (front-matter `source`), an absolute http(s) URL. */
  source?: string;
  /** Content file the article came from, relative to `content/` (for error messages and tests). */
  file: string;
  /** In a Chinese variant's copy only: the term names as written, whose display names above are converted. */
  original?: OriginalNames;
}

/**
 * What pages and embeds show of an article, without its body: one entry of a scope
 * window's `meta.json` and the head of an article's page record (src/content/layout.ts).
 */
export type ArticleMeta = Omit<Article, "html" | "pageHtml" | "file">;

/** The names of an article's terms as written, in a Chinese variant's copy, whose names are converted (src/build/convert.ts): links are made from these. */
export interface OriginalNames {
  tags: string[];
  categories: string[];
  authors: string[];
}

/** An article's page record in the article store: its metadata and its body. */
export interface PageRecord extends ArticleMeta {
  html: string;
}

/** What one feed, page or embed shows: its scope, and the scope's newest articles, newest first. */
export interface Selection<A = Article> {
  scope: Scope;
  articles: A[];
}

/** A tag or a category: its display name and its articles as indexes into `ContentIndex.articles`. */
export interface Term {
  /** Display name: the spelling used by the newest article that carries it. */
  name: string;
  /** Positions in `ContentIndex.articles`, ascending, hence newest first. */
  articles: number[];
}

/** The compiled content in memory, as `compileContent` returns it (tests, tools; the build streams instead). */
export interface ContentIndex {
  /** Articles sorted newest first (published desc, then slug asc). */
  articles: Article[];
  /** Tags keyed by `termKey(name)`. */
  tags: Record<string, Term>;
  /** Categories keyed by `termKey(name)`. */
  categories: Record<string, Term>;
  /** Authors keyed by `termKey(name)`; articles naming nobody are the site author's. */
  authors: Record<string, Term>;
  /** Sections keyed by their folder's name (`termKey`). */
  sections: Record<string, Term>;
}

/** A term as lists show it: its key, display name and number of articles (a section: what its own page says of it). */
export interface TermListing {
  kind: TermKind;
  key: string;
  name: string;
  count: number;
  description?: string;
}

/** The kinds of term an article can be filed under, as they appear in URLs. */
export type TermKind = "tags" | "categories" | "authors" | "sections";

/** Every kind of term, in the order pages list them. */
export const TERM_KINDS: readonly TermKind[] = ["tags", "categories", "authors", "sections"];

/**
 * What a feed covers: the whole site, or the articles of one term. A section may say
 * what it is about (its `_index.md`'s `description`), which its feed's description is.
 */
export type Scope = { kind: "site" } | { kind: TermKind; key: string; name: string; description?: string };

/**
 * What a route answers with, before any content is read: the contract between the
 * modules that describe documents (src/feed/documents.ts, src/people/documents.ts) and
 * the one that serves them (src/http/respond.ts).
 */
export interface Representation {
  /** Everything the body depends on (kind, scope, format, canonical query, origin): the cache key. */
  key: string;
  /** The opaque part of a strong entity tag, from what the body holds (never the whole content's version). */
  etag: string;
  /** Newest change to what the body shows. */
  lastModified: Date;
  contentType: string;
  /** Makes the body: reads content files and assembles or renders. */
  body(): Promise<Uint8Array | string>;
  /** Further headers of the 200 and 304 alike (CSP; a feed's WebSub `Link`, src/feed/documents.ts `feedHeaders`). */
  headers?: Record<string, string>;
  /** `Vary`. @default "Accept-Encoding" */
  vary?: string;
  /** `Cache-Control`, when not the site's policy. */
  cacheControl?: string;
  /** Whether the worker may keep the finished response for later requests (not when it changes with time). @default true */
  keep?: boolean;
}

/** What reading a request's input gives: the value, or why it is refused (the message a `400` answers with). */
export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/** The three serialisations the service speaks, in the order feeds, pages and files list them (src/feed/formats.ts `FORMATS` says what each is). */
export const FEED_FORMATS = ["rss", "atom", "json"] as const;
export type FeedFormat = (typeof FEED_FORMATS)[number];
