/**
 * @module Site settings: the one place `[vars]` from wrangler.toml are read and defaulted.
 */
import { stripXmlForbidden } from "./text.ts";

/** Settings every view needs, with defaults applied and the origin resolved. */
export interface Site {
  /** Site name, used as the feed title. @default "Edge Feeds" */
  title: string;
  /** One-line description; never empty (RSS requires a channel description). */
  description: string;
  /** Origin all absolute URLs are built on, without a trailing slash: `SITE_URL`, else the request's origin. */
  origin: string;
  /** BCP 47 language tag. @default "zh-CN" */
  language: string;
  /** Author name for the feed and for articles that name none. @default the site title */
  author: string;
  /** IANA time zone for showing dates. @default "Asia/Shanghai" */
  timeZone: string;
}

/** Settings per `env` object and request origin: the same for every request of an isolate. */
const sites = new WeakMap<object, Map<string, Site>>();

/** At most this many origins are remembered per `env` (the Host header is the client's to choose). */
const MAX_ORIGINS = 64;

/** Reads settings from `env`, falling back to defaults; the origin comes from `requestUrl` unless `SITE_URL` is set. */
export function readSite(env: Partial<Env>, requestUrl: string): Site {
  // `scheme://authority` of an absolute URL, the part the origin depends on.
  const authority = /^[^:/?#]+:\/\/[^/?#]*/.exec(requestUrl)?.[0] ?? requestUrl;
  let known = sites.get(env);
  if (known === undefined) sites.set(env, (known = new Map()));
  let site = known.get(authority);
  if (site === undefined) {
    if (known.size >= MAX_ORIGINS) known.clear();
    site = buildSite(env, authority);
    known.set(authority, site);
  }
  return site;
}

function buildSite(env: Partial<Env>, requestUrl: string): Site {
  const pick = (value: string | undefined, fallback: string) => stripXmlForbidden(value?.trim() || fallback);
  const title = pick(env.SITE_TITLE, "Edge Feeds");
  return {
    title,
    description: pick(env.SITE_DESCRIPTION, `Latest articles from ${title}`),
    origin: new URL(env.SITE_URL?.trim() || requestUrl).origin,
    language: pick(env.SITE_LANGUAGE, "zh-CN"),
    author: pick(env.SITE_AUTHOR, title),
    timeZone: pick(env.SITE_TIMEZONE, "Asia/Shanghai"),
  };
}

/** `Cache-Control` lifetimes in seconds, from `[vars]`. */
export interface CachePolicy {
  /** Browsers and feed readers. @default 300 */
  maxAge: number;
  /** Shared caches: Cloudflare's edge. @default 600 */
  sMaxAge: number;
  /** How long a stale copy may be served while revalidating. @default 86400 */
  staleWhileRevalidate: number;
}

const policies = new WeakMap<object, CachePolicy>();

/** Reads the cache lifetimes; a missing or malformed value falls back to its default. */
export function readCachePolicy(env: Partial<Env>): CachePolicy {
  let policy = policies.get(env);
  if (policy === undefined) policies.set(env, (policy = buildCachePolicy(env)));
  return policy;
}

function buildCachePolicy(env: Partial<Env>): CachePolicy {
  const seconds = (value: string | undefined, fallback: number) =>
    value !== undefined && /^\d{1,9}$/.test(value.trim()) ? Number(value) : fallback;
  return {
    maxAge: seconds(env.CACHE_MAX_AGE, 300),
    sMaxAge: seconds(env.CACHE_S_MAXAGE, 600),
    staleWhileRevalidate: seconds(env.CACHE_STALE_WHILE_REVALIDATE, 86_400),
  };
}
