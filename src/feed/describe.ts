/**
 * @module What each scope's feed is called: its title and one-line description, the
 * same in every format, on its pages and in OPML. Descriptions are in the site's
 * language (src/i18n/strings.ts), like the feed's `<language>`.
 */
import { pageStrings } from "../i18n/strings.ts";
import type { Scope } from "../types.ts";

/** Who wrote `article`: the authors it names, else the site's author. */
export function authorsOf(article: { authors: readonly string[] }, siteAuthor: string): readonly string[] {
  return article.authors.length > 0 ? article.authors : [siteAuthor];
}

/** Title and description of `scope`'s feed on `site`. */
export function describeScope(scope: Scope, site: { title: string; description: string; language: string }): { title: string; description: string } {
  if (scope.kind === "site") return { title: site.title, description: site.description };
  const description = scope.description ?? pageStrings(site.language).scopeDescription[scope.kind](scope.name, site.title);
  // A tag and a category can share a name (the seed's 南开大学 is both): `#` marks the tag.
  return { title: scope.kind === "tags" ? `${site.title} · #${scope.name}` : `${site.title} · ${scope.name}`, description };
}
