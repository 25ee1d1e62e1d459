/**
 * @module What each scope's feed is called: its title and one-line description, the
 * same in every format, on its pages and in OPML.
 */
import type { Scope } from "../types.ts";

/** Who wrote `article`: the authors it names, else the site's author. */
export function authorsOf(article: { authors: readonly string[] }, siteAuthor: string): readonly string[] {
  return article.authors.length > 0 ? article.authors : [siteAuthor];
}

/** Title and description of `scope`'s feed on `site`. */
export function describeScope(scope: Scope, site: { title: string; description: string }): { title: string; description: string } {
  if (scope.kind === "site") return { title: site.title, description: site.description };
  // A tag and a category can share a name (the seed's 南开大学 is both): `#` marks the tag.
  if (scope.kind === "tags") return { title: `${site.title} · #${scope.name}`, description: `Articles tagged “${scope.name}” on ${site.title}` };
  if (scope.kind === "authors") return { title: `${site.title} · ${scope.name}`, description: `Articles by ${scope.name} on ${site.title}` };
  return { title: `${site.title} · ${scope.name}`, description: `Articles in category “${scope.name}” on ${site.title}` };
}
