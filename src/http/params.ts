/**
 * @module What a route reads from a request besides its representation: the term its
 * `:kind` and `:name` params name (src/feed/urls.ts `ROUTES`), the request's context (the
 * content as it reads it, the site, the time: src/feed/context.ts), and the `400` that
 * answers a query parameter whose value is refused (src/feed/query.ts).
 */
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ScopeRef } from "../content/catalog.ts";
import { type RequestContext, requestContext } from "../feed/context.ts";
import type { Parsed, TermKind } from "../types.ts";
import { contentOf } from "./moment.ts";
import type { AppEnv } from "./respond.ts";
import { readSite } from "./site.ts";

/** The term (tag, category, author, section) that the `:kind` and `:name` params name, if it exists. */
export function termScope(c: Context<AppEnv>): (ScopeRef & { kind: TermKind }) | undefined {
  return contentOf(c).catalog.find(c.req.param("kind") as TermKind, c.req.param("name") ?? "");
}

/** The context of the request `c` answers: the content current at its time (./moment.ts), the site on the request's origin. */
export function contextOf(c: Context<AppEnv>): RequestContext {
  const at = contentOf(c);
  return requestContext(at.catalog, at.assets, readSite(c.env, c.req.url), at.now);
}

/**
 * The value `parsed` holds; when it is refused, a `400` whose body says why, thrown for
 * the app's error handler (src/index.ts) to answer: routes read their query in one line.
 */
export function accept<T>(parsed: Parsed<T>): T {
  if (!parsed.ok) throw new HTTPException(400, { message: parsed.message });
  return parsed.value;
}
