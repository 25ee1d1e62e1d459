/**
 * @module Site settings: the one place `[vars]` from wrangler.toml are defaulted. Pure,
 * so the build (which bakes the site's settings into the feeds it serialises) and the
 * worker read them the same way.
 */
import { stripXmlForbidden } from "./text.ts";

/** What the site says about itself: baked into the content by the build (src/build/settings.ts). */
export interface SiteSettings {
  /** Site name, used as the feed title. @default "Edge Feeds" */
  title: string;
  /** One-line description; never empty (RSS requires a channel description). @default "Latest articles from <title>" */
  description: string;
  /** BCP 47 language tag. @default "zh-CN" */
  language: string;
  /** Author name for the feed and for articles that name none. @default the site title */
  author: string;
  /** IANA time zone of zone-less front-matter times and of dates on pages. @default "Asia/Shanghai" */
  timeZone: string;
  /** `SITE_URL`'s origin (`https://feeds.example`), or `""`: then every request's own origin is used. */
  url: string;
  /**
   * Host names whose `<iframe>` (a video player) an article's raw HTML may keep: on the
   * article page, sandboxed and allowed by its CSP; in feeds, as a link. @default DEFAULT_IFRAME_HOSTS
   */
  iframeHosts: string[];
  /** Host names whose `http://` image URLs are written as `https://` in feeds and pages. @default [] */
  upgradeImageHosts: string[];
}

/** The `[vars]` names of the settings above. */
export type SettingVar =
  | "SITE_TITLE"
  | "SITE_DESCRIPTION"
  | "SITE_LANGUAGE"
  | "SITE_AUTHOR"
  | "SITE_TIMEZONE"
  | "SITE_URL"
  | "IFRAME_HOSTS"
  | "UPGRADE_IMAGE_HOSTS";

/** Video players an article may embed when `IFRAME_HOSTS` is not set. */
export const DEFAULT_IFRAME_HOSTS = ["www.youtube.com", "www.youtube-nocookie.com", "player.vimeo.com", "player.bilibili.com"];

/**
 * A list setting: names separated by commas, white space or both, lower-cased,
 * without repeats. `undefined` (the variable is not set) is `fallback`; `""` is none.
 * @example hostList("www.youtube.com, Player.Vimeo.com") => ["www.youtube.com", "player.vimeo.com"]
 */
export function hostList(value: string | undefined, fallback: string[] = []): string[] {
  if (value === undefined) return [...fallback];
  return [...new Set(value.toLowerCase().split(/[\s,]+/).filter((host) => host !== ""))];
}

/** Settings from `vars` (wrangler.toml `[vars]`, environment overrides), defaults applied. */
export function siteSettings(vars: Partial<Record<SettingVar, string | undefined>>): SiteSettings {
  const pick = (value: string | undefined, fallback: string) => stripXmlForbidden(value?.trim() || fallback);
  const title = pick(vars.SITE_TITLE, "Edge Feeds");
  const url = vars.SITE_URL?.trim();
  return {
    title,
    description: pick(vars.SITE_DESCRIPTION, `Latest articles from ${title}`),
    language: pick(vars.SITE_LANGUAGE, "zh-CN"),
    author: pick(vars.SITE_AUTHOR, title),
    timeZone: pick(vars.SITE_TIMEZONE, "Asia/Shanghai"),
    url: url ? new URL(url).origin : "",
    iframeHosts: hostList(vars.IFRAME_HOSTS, DEFAULT_IFRAME_HOSTS),
    upgradeImageHosts: hostList(vars.UPGRADE_IMAGE_HOSTS),
  };
}

/** The settings as a request sees them: the origin resolved (src/site.ts). */
export interface Site extends Omit<SiteSettings, "url"> {
  /** Origin all absolute URLs are built on, without a trailing slash. */
  origin: string;
}

/** `Cache-Control` lifetimes in seconds, from `[vars]`: read by the worker at request time. */
export interface CachePolicy {
  /** Browsers and feed readers. @default 300 */
  maxAge: number;
  /** Shared caches: Cloudflare's edge. @default 600 */
  sMaxAge: number;
  /** How long a stale copy may be served while revalidating. @default 86400 */
  staleWhileRevalidate: number;
}

/** Cache lifetimes; a missing or malformed value falls back to its default. */
export function cachePolicy(vars: Partial<Record<"CACHE_MAX_AGE" | "CACHE_S_MAXAGE" | "CACHE_STALE_WHILE_REVALIDATE", string | undefined>>): CachePolicy {
  const seconds = (value: string | undefined, fallback: number) => (value !== undefined && /^\d{1,9}$/.test(value.trim()) ? Number(value) : fallback);
  return {
    maxAge: seconds(vars.CACHE_MAX_AGE, 300),
    sMaxAge: seconds(vars.CACHE_S_MAXAGE, 600),
    staleWhileRevalidate: seconds(vars.CACHE_STALE_WHILE_REVALIDATE, 86_400),
  };
}
