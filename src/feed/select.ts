/**
 * @module Feed selection: (index, scope, limit) -> the articles a feed shows. Pure;
 * touches only the articles of the selected scope (term indexes are precomputed).
 */
import type { Article, ContentIndex, Scope, Term, TermKind } from "../types.ts";
import { termKey } from "../text.ts";

/** What one feed shows. */
export interface Selection {
  scope: Scope;
  /** The scope's newest articles, newest first, at most `limit` of them. */
  articles: Article[];
}

/** The tag or category a URL segment names (case-insensitive, NFC), or `undefined`. */
export function findScope(index: ContentIndex, kind: TermKind, segment: string): (Scope & { kind: TermKind }) | undefined {
  const key = termKey(segment);
  const term: Term | undefined = index[kind][key];
  return term && { kind, key, name: term.name };
}

/** The term behind a scope, or `undefined` for the whole site. */
function termOf(index: ContentIndex, scope: Scope): Term | undefined {
  return scope.kind === "site" ? undefined : index[scope.kind][scope.key];
}

/** The newest `limit` articles of `scope`. */
export function selectArticles(index: ContentIndex, scope: Scope, limit: number): Selection {
  const term = termOf(index, scope);
  const articles = term
    ? term.articles.slice(0, limit).map((position) => index.articles[position] as Article)
    : index.articles.slice(0, limit);
  return { scope, articles };
}
