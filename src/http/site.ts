/**
 * @module The site as a request sees it (src/feed/site.ts `siteOf`): the settings the
 * content was built with (src/settings.ts, baked into the catalog by the build, so feeds
 * and pages always agree), the origin every absolute URL is built on, and the cache
 * lifetimes read from `[vars]` at request time.
 */
import { content } from "../content/bundled.ts";
import { siteOf } from "../feed/site.ts";
import { type CachePolicy, cachePolicy, type Site } from "../settings.ts";

/** Settings per `env` object and request origin: the same for every request of an isolate. */
const sites = new WeakMap<object, Map<string, Site>>();

/** At most this many origins are remembered per `env` (the Host header is the client's to choose). */
const MAX_ORIGINS = 64;

let warned = false;

/**
 * The origin of absolute URLs: `SITE_URL` as the build saw it (then the content holds
 * it already), else `SITE_URL` at run time, else the origin the request came in on, which
 * is right for `wrangler dev` and a fresh `*.workers.dev` with no configuration.
 */
export function siteOrigin(env: Partial<Env>, requestUrl: string): string {
  const built = content().settings.url;
  const configured = env.SITE_URL?.trim() ? new URL(env.SITE_URL.trim()).origin : "";
  if (built && configured && configured !== built && !warned) {
    warned = true;
    console.warn(`SITE_URL is ${configured} but the content was built for ${built}: rebuild to change it (npm run build)`);
  }
  return built || configured || new URL(requestUrl).origin;
}

/** The site for a request to `requestUrl`. */
export function readSite(env: Partial<Env>, requestUrl: string): Site {
  // `scheme://authority` of an absolute URL, the part the origin depends on.
  const authority = /^[^:/?#]+:\/\/[^/?#]*/.exec(requestUrl)?.[0] ?? requestUrl;
  let known = sites.get(env);
  if (known === undefined) sites.set(env, (known = new Map()));
  let site = known.get(authority);
  if (site === undefined) {
    if (known.size >= MAX_ORIGINS) known.clear();
    site = siteOf(content().settings, siteOrigin(env, authority));
    known.set(authority, site);
  }
  return site;
}

/**
 * Whether this worker serves article pages. When `SITE_URL` names another origin, the
 * permalinks in every feed and page point there and that site owns them, so the
 * worker answers 404 rather than publish a second copy under its own host.
 */
export function servesArticles(env: Partial<Env>, requestUrl: string): boolean {
  return readSite(env, requestUrl).origin === new URL(requestUrl).origin;
}

const policies = new WeakMap<object, CachePolicy>();

/** The cache lifetimes from `[vars]`, read once per `env`. */
export function readCachePolicy(env: Partial<Env>): CachePolicy {
  let policy = policies.get(env);
  if (policy === undefined) policies.set(env, (policy = cachePolicy(env)));
  return policy;
}
