/**
 * @module Route parameters shared by the feed routes and the people routes.
 */
import type { Context } from "hono";
import { content } from "../content/bundled.ts";
import type { ScopeRef } from "../content/catalog.ts";
import { TERM_KINDS, type TermKind } from "../types.ts";

// Alternatives are grouped: Hono pastes a parameter's pattern into its router regex as it is.
export const TERM_KIND = `{(?:${TERM_KINDS.join("|")})}`;
export const FEED_FILE = "{(?:rss\\.xml|atom\\.xml|feed\\.json)}";
/** An archive page number as written canonically: no leading zeros (a 404 past the last page is the route's). */
export const PAGE = "{[1-9][0-9]{0,8}}";

/** The term (tag, category, author, section) that the `:kind` and `:name` params name, if it exists. */
export function termScope(c: Context): (ScopeRef & { kind: TermKind }) | undefined {
  return content().find(c.req.param("kind") as TermKind, c.req.param("name") ?? "");
}
