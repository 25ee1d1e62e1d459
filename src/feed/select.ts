/**
 * @module Selection over compiled articles held in memory: (articles, scope, limit) ->
 * what one feed shows. The reference path the build's output is tested against (the
 * worker selects from its index instead: src/feed/documents.ts).
 */
import { termKey } from "../text.ts";
import type { Article, Scope, Term, TermKind } from "../types.ts";

/** What one feed shows. */
export interface Selection<A = Article> {
  scope: Scope;
  /** The scope's newest articles, newest first, at most `limit` of them. */
  articles: A[];
}

/** Compiled articles by position (0 = newest) and term indexes, as `compileContent` makes them. */
export interface ArticleSource {
  count: number;
  article(position: number): Article;
  tags: Record<string, Term>;
  categories: Record<string, Term>;
  authors: Record<string, Term>;
  sections: Record<string, Term>;
}

/** The tag or category a URL segment names (case-insensitive, NFC), or `undefined`. */
export function findScope(index: Pick<ArticleSource, TermKind>, kind: TermKind, segment: string): (Scope & { kind: TermKind }) | undefined {
  const key = termKey(segment);
  // Own keys only: `/tags/constructor/` must not find Object.prototype.constructor.
  const term: Term | undefined = Object.hasOwn(index[kind], key) ? index[kind][key] : undefined;
  return term && { kind, key, name: term.name };
}

/** The newest `limit` articles of `scope`. */
export function selectArticles(source: ArticleSource, scope: Scope, limit: number): Selection {
  const term = scope.kind === "site" ? undefined : source[scope.kind][scope.key];
  const positions = term ? term.articles.slice(0, limit) : Array.from({ length: Math.min(limit, source.count) }, (_, i) => i);
  return { scope, articles: positions.map((position) => source.article(position)) };
}

/** Newest `updated` among `articles`; the epoch for an empty feed (never the clock). */
export function lastUpdated(articles: readonly { updated: string }[]): Date {
  // Seeded with an article, not the epoch: an archive from before 1970 is still dated right.
  const [first] = articles;
  return first === undefined ? new Date(0) : new Date(articles.reduce((max, a) => (a.updated > max ? a.updated : max), first.updated));
}
