/**
 * @module Feed selection: (library, scope, limit) -> the articles a feed shows.
 * Touches only the articles it returns: term indexes are precomputed at build time.
 */
import type { Article, Library, Scope, Term, TermKind } from "../types.ts";
import { termKey } from "../text.ts";

/** What one feed shows. */
export interface Selection {
  scope: Scope;
  /** The scope's newest articles, newest first, at most `limit` of them. */
  articles: Article[];
}

/** The tag or category a URL segment names (case-insensitive, NFC), or `undefined`. */
export function findScope(index: Pick<Library, TermKind>, kind: TermKind, segment: string): (Scope & { kind: TermKind }) | undefined {
  const key = termKey(segment);
  // Own keys only: `/tags/constructor/` must not find Object.prototype.constructor.
  const term: Term | undefined = Object.hasOwn(index[kind], key) ? index[kind][key] : undefined;
  return term && { kind, key, name: term.name };
}

/** The term behind a scope, or `undefined` for the whole site. */
function termOf(index: Pick<Library, TermKind>, scope: Scope): Term | undefined {
  return scope.kind === "site" ? undefined : index[scope.kind][scope.key];
}

/** The newest `limit` articles of `scope`. */
export function selectArticles(library: Library, scope: Scope, limit: number): Selection {
  const term = termOf(library, scope);
  const positions = term ? term.articles.slice(0, limit) : Array.from({ length: Math.min(limit, library.count) }, (_, i) => i);
  return { scope, articles: positions.map((position) => library.article(position)) };
}

/** Newest `updated` among `articles`; the epoch for an empty feed (never the clock). */
export function lastUpdated(articles: Article[]): Date {
  // Seeded with an article, not the epoch: an archive from before 1970 is still dated right.
  const [first] = articles;
  return first === undefined ? new Date(0) : new Date(articles.reduce((max, a) => (a.updated > max ? a.updated : max), first.updated));
}
