/**
 * @module What each scope's feed is called: its title and one-line description, the
 * same in every format, on its pages and in OPML.
 */
import type { Scope } from "../types.ts";

/** Title and description of `scope`'s feed on `site`. */
export function describeScope(scope: Scope, site: { title: string; description: string }): { title: string; description: string } {
  if (scope.kind === "site") return { title: site.title, description: site.description };
  // A tag and a category can share a name (the seed's 南开大学 is both): `#` marks the tag.
  if (scope.kind === "tags") return { title: `${site.title} · #${scope.name}`, description: `Articles tagged “${scope.name}” on ${site.title}` };
  return { title: `${site.title} · ${scope.name}`, description: `Articles in category “${scope.name}” on ${site.title}` };
}
