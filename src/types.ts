/**
 * @module Domain types shared by the content compiler (build time) and the worker
 * (request time). The compiler produces a `ContentIndex`; the worker only reads it.
 */

/** One published article, fully prepared at build time. */
export interface Article {
  /** URL segment, unique across the site: `slug`, else `urlname`, else the file name. */
  slug: string;
  /** Site-relative permalink path, e.g. `/posts/a73b2d.../`. */
  path: string;
  /** Stable id (`urn:uuid:` v5 of the slug): survives rebuilds, retagging and host changes. */
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
   * Full body as HTML. Links and images are absolute: either full URLs or
   * root-relative paths (`/posts/x/a.png`) that the worker prefixes with the site origin.
   */
  html: string;
  /** Tag display names, in front-matter order, without duplicates. */
  tags: string[];
  /** Category display names, in front-matter order, without duplicates. */
  categories: string[];
  /** Author name, when the front matter names one. */
  author?: string;
  /** First image: front-matter `image`, else the first image in the body (absolute or root-relative). */
  image?: string;
  /** Where the article was first published (front-matter `source`), an absolute http(s) URL. */
  source?: string;
  /** Content file the article came from, relative to `content/` (for error messages and tests). */
  file: string;
}

/** A tag or a category: its display name and its articles as indexes into `ContentIndex.articles`. */
export interface Term {
  /** Display name: the spelling used by the newest article that carries it. */
  name: string;
  /** Positions in `ContentIndex.articles`, ascending, hence newest first. */
  articles: number[];
}

/** What the build emits: every article newest first, plus term indexes keyed by `termKey(name)`. */
export interface ContentIndex {
  /** Hash of everything below: changes exactly when any output could change. */
  version: string;
  /** Articles sorted newest first (published desc, then slug asc). */
  articles: Article[];
  /** Tags keyed by `termKey(name)`. */
  tags: Record<string, Term>;
  /** Categories keyed by `termKey(name)`. */
  categories: Record<string, Term>;
}

/**
 * What the worker reads, built by `src/build/emit.ts` from a `ContentIndex`: everything
 * but the articles themselves, which are decoded one by one when a request needs them.
 */
export interface Catalog {
  /** `ContentIndex.version`. */
  version: string;
  /** Number of articles. */
  count: number;
  /** Newest `updated` of any article (ISO 8601), the `Last-Modified` of site-wide pages; the epoch when there are none. */
  newest: string;
  /** Tags keyed by `termKey(name)`. */
  tags: Record<string, Term>;
  /** Categories keyed by `termKey(name)`. */
  categories: Record<string, Term>;
}

/** The catalog as emitted: a `Catalog` plus where each article's bytes are. */
export interface EmittedCatalog extends Catalog {
  /** `count + 1` byte offsets into `articles.bin`: article `i` is bytes `[offsets[i], offsets[i + 1])`. */
  offsets: number[];
}

/** The bundled content as the worker sees it. */
export interface Library extends Catalog {
  /** The article at `position` (0 is the newest). */
  article(position: number): Article;
  /** The position of the article published under `slug`. */
  find(slug: string): number | undefined;
}

/** The kinds of term an article can be filed under, as they appear in URLs. */
export type TermKind = "tags" | "categories";

/** What a feed covers: the whole site, or the articles of one tag or category. */
export type Scope = { kind: "site" } | { kind: TermKind; key: string; name: string };

/** The three serialisations the service speaks. */
export type FeedFormat = "rss" | "atom" | "json";
