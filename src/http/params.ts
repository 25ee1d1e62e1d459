/**
 * @module Route parameters shared by the feed routes and the people routes.
 */
import type { Context } from "hono";
import { contentLibrary } from "../articles.ts";
import { findScope } from "../feed/select.ts";
import type { Scope, TermKind } from "../types.ts";

// Alternatives are grouped: Hono pastes a parameter's pattern into its router regex as it is.
export const TERM_KIND = "{(?:tags|categories)}";
export const FEED_FILE = "{(?:rss\\.xml|atom\\.xml|feed\\.json)}";

export const HTML = "text/html; charset=utf-8";

/** The tag or category that the `:kind` and `:name` params name, if it exists. */
export function termScope(c: Context): (Scope & { kind: TermKind }) | undefined {
  return findScope(contentLibrary(), c.req.param("kind") as TermKind, c.req.param("name") ?? "");
}

/** A scope as a cache-key part: `site`, `tags:rss`. */
export const scopeKey = (scope: Scope) => (scope.kind === "site" ? "site" : `${scope.kind}:${scope.key}`);
