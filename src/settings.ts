/**
 * @module Site settings: the one place `[vars]` from wrangler.toml are defaulted. Pure,
 * so the build (which bakes the site's settings into the feeds it serialises) and the
 * worker read them the same way.
 */

import { pageStrings } from "./i18n/strings.ts";
import { type ChineseVariant, parseVariantList } from "./i18n/variants.ts";
import { stripXmlForbidden } from "./text.ts";

/** What the site says about itself: baked into the content by the build (src/build/settings.ts). */
export interface SiteSettings {
  /** Site name, used as the feed title. @default "Edge Feeds" */
  title: string;
  /** One-line description; never empty (RSS requires a channel description). @default "Latest articles from <title>", in the site's language */
  description: string;
  /** BCP 47 language tag. @default the site config's, else what the articles are written in (src/build/sniff.ts), else "en" */
  language: string;
  /** Author name for the feed and for articles that name none. @default the site title */
  author: string;
  /** IANA time zone of zone-less front-matter times and of dates on pages. @default the site config's, else "UTC" (Hugo's, Zola's and GitHub Pages' default) */
  timeZone: string;
  /** `SITE_URL`'s origin (`https://feeds.example`), or `""`: then every request's own origin is used. */
  url: string;
  /** `SITE_URL`'s path, before every article's permalink (`/blog` for `https://example.github.io/blog`), or `""`. */
  basePath: string;
  /** `PERMALINKS`: where each article lives (src/build/permalinks.ts); unset: `/posts/<slug>/` (`DEFAULT_PERMALINK`, today's URLs), or the site config's pattern or its generator's default */
  permalinks?: string;
  /** Hugo's `[permalinks]` from the site config: a pattern per section, before `permalinks`. @default {} */
  sectionPermalinks: Record<string, string>;
  /** `ARTICLE_IDS`: `uuid` (from each slug) or `permalink` (each article's URL, what generators' own feeds use). @default "uuid" */
  articleIds: "uuid" | "permalink";
  /** `SITE_GENERATOR`, else the site config's, else what the sources look like: whose conventions they follow (src/build/header.ts). */
  generator?: "hugo" | "jekyll" | "hexo" | "zola";
  /** Jekyll's `excerpt_separator`, from the site config. */
  excerptSeparator?: string;
  /** Square icon of the site: an absolute URL or a site path. @default "/icon.png", the worker's own */
  icon: string;
  /** Wide logo of the site (2:1, for Atom `<logo>` and RSS `<image>`), or `""`. @default "" */
  logo: string;
  /** RSS `<ttl>`: minutes a reader may cache a feed, from `CACHE_MAX_AGE`. @default 5 */
  ttl: number;
  /** Articles per archive page (RFC 5005), counted from the oldest: 1 to 20, the default `?limit=`. @default 20 */
  pageSize: number;
  /** `WEBSUB_HUB`: feeds advertise the built-in WebSub hub at `<origin>/websub`, which answers there (issue 14). @default true ("on") */
  websubHub: boolean;
  /** `WEBSUB_HUBS`: other WebSub hubs every feed advertises and `npm run deploy` pings, absolute URLs. @default [] */
  websubHubs: string[];
  /** `CRAWLING`: robots.txt lets crawlers in and names the sitemaps, which the build makes (issue 24); off, it turns every crawler away and no sitemap is made. @default true ("on") */
  crawling: boolean;
  /** `FUTURE_ARTICLES`: an article with a future publish time goes live then (`schedule`), or at once (`publish`, as before issue 22). @default "schedule" */
  future: "schedule" | "publish";
  /** `CHINESE_VARIANTS`: the `?opencc=` variants the build makes (issue 13). @default ["s2t"] */
  variants: ChineseVariant[];
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
  | "SITE_ICON"
  | "SITE_LOGO"
  | "CACHE_MAX_AGE"
  | "ARCHIVE_PAGE_SIZE"
  | "WEBSUB_HUB"
  | "WEBSUB_HUBS"
  | "CRAWLING"
  | "FUTURE_ARTICLES"
  | "CHINESE_VARIANTS"
  | "IFRAME_HOSTS"
  | "UPGRADE_IMAGE_HOSTS"
  | "PERMALINKS"
  | "ARTICLE_IDS"
  | "SITE_GENERATOR";

/** The worker's own square icon, served when `SITE_ICON` is not set (src/views/icon.ts). */
export const DEFAULT_ICON = "/icon.png";

/**
 * The entries of a `WEBSUB_HUBS` list (separated by spaces or commas) that are http(s)
 * URLs, normalised; the build reports the others (src/build/settings.ts).
 * @example hubList("https://hub.example, https://b.example/hub") -> ["https://hub.example/", "https://b.example/hub"]
 */
export function hubList(value: string | undefined): string[] {
  const urls = (value ?? "").split(/[\s,]+/).flatMap((entry) => {
    const url = entry === "" ? null : URL.parse(entry);
    return url && (url.protocol === "https:" || url.protocol === "http:") ? [url.href] : [];
  });
  return [...new Set(urls)];
}

/** Video players an article may embed when `IFRAME_HOSTS` is not set. */
export const DEFAULT_IFRAME_HOSTS = ["www.youtube.com", "www.youtube-nocookie.com", "player.vimeo.com", "player.bilibili.com"];

/**
 * A list setting: names separated by commas, white space or both, lower-cased,
 * without repeats. `undefined` (the variable is not set) is `fallback`; `""` is none.
 * @example hostList("www.youtube.com, Player.Vimeo.com") => ["www.youtube.com", "player.vimeo.com"]
 */
export function hostList(value: string | undefined, fallback: string[] = []): string[] {
  if (value === undefined) return [...fallback];
  return [
    ...new Set(
      value
        .toLowerCase()
        .split(/[\s,]+/)
        .filter((host) => host !== ""),
    ),
  ];
}

/** Settings from `vars` (wrangler.toml `[vars]`, environment overrides), defaults applied. */
export function siteSettings(vars: Partial<Record<SettingVar, string | undefined>>): SiteSettings {
  const pick = (value: string | undefined, fallback: string) => stripXmlForbidden(value?.trim() || fallback);
  const title = pick(vars.SITE_TITLE, "Edge Feeds");
  const url = vars.SITE_URL?.trim() ? new URL(vars.SITE_URL.trim()) : undefined;
  const language = pick(vars.SITE_LANGUAGE, "en");
  const generator = vars.SITE_GENERATOR?.trim().toLowerCase();
  const settings: SiteSettings = {
    title,
    description: pick(vars.SITE_DESCRIPTION, pageStrings(language).defaultDescription(title)),
    language,
    author: pick(vars.SITE_AUTHOR, title),
    timeZone: pick(vars.SITE_TIMEZONE, "UTC"),
    url: url ? url.origin : "",
    basePath: url ? url.pathname.replace(/\/+$/, "") : "",
    sectionPermalinks: {},
    articleIds: vars.ARTICLE_IDS?.trim().toLowerCase() === "permalink" ? "permalink" : "uuid",
    icon: vars.SITE_ICON?.trim() || DEFAULT_ICON,
    logo: vars.SITE_LOGO?.trim() ?? "",
    ttl: Math.max(1, Math.ceil(cachePolicy(vars).maxAge / 60)),
    pageSize: Math.min(20, wholeNumber(vars.ARCHIVE_PAGE_SIZE, 20)),
    websubHub: vars.WEBSUB_HUB?.trim().toLowerCase() !== "off",
    websubHubs: hubList(vars.WEBSUB_HUBS),
    crawling: vars.CRAWLING?.trim().toLowerCase() !== "off",
    future: vars.FUTURE_ARTICLES?.trim().toLowerCase() === "publish" ? "publish" : "schedule",
    variants: parseVariantList(vars.CHINESE_VARIANTS ?? defaultVariants(language)).variants,
    iframeHosts: hostList(vars.IFRAME_HOSTS, DEFAULT_IFRAME_HOSTS),
    upgradeImageHosts: hostList(vars.UPGRADE_IMAGE_HOSTS),
  };
  if (generator === "hugo" || generator === "jekyll" || generator === "hexo" || generator === "zola") settings.generator = generator;
  if (vars.PERMALINKS?.trim()) settings.permalinks = vars.PERMALINKS.trim();
  return settings;
}

/**
 * The Chinese variants a site in `language` gets when `CHINESE_VARIANTS` is unset:
 * Traditional script for a site in Simplified Chinese (`s2t`), Simplified for one in
 * Traditional (`t2s`), none for a site in any other language, whose readers have no use
 * for a converted copy (and each copy doubles the asset files).
 */
export function defaultVariants(language: string): string {
  const tag = language.toLowerCase();
  if (!/^zh(?:-|$)/.test(tag)) return "none";
  return /^zh-(?:hant|tw|hk|mo)(?:-|$)/.test(tag) ? "t2s" : "s2t";
}

/** A whole number from a `[vars]` string, or `fallback` when missing or malformed. */
function wholeNumber(value: string | undefined, fallback: number): number {
  return value !== undefined && /^\d{1,9}$/.test(value.trim()) && Number(value) > 0 ? Number(value) : fallback;
}

/** Settings that decide where articles live and what their ids are: read by the build only (src/build/header.ts). */
type ContentRuleSetting = "basePath" | "permalinks" | "sectionPermalinks" | "articleIds" | "generator" | "excerptSeparator";

/**
 * The site as a response sees it: the settings the content was built with, the origin
 * and the hubs resolved (src/feed/site.ts `siteOf`, for the build and for each request:
 * src/http/site.ts). The one type every document, page and view is written for.
 */
export interface Site extends Omit<SiteSettings, "url" | "websubHub" | "websubHubs" | "crawling" | "future" | "variants" | ContentRuleSetting> {
  /** Origin all absolute URLs are built on, without a trailing slash. */
  origin: string;
  /** WebSub hubs every feed names, absolute URLs (src/feed/site.ts `hubUrls`); none when absent. */
  hubs?: readonly string[];
  /** The Chinese variant the request asked for (`?opencc=`, issue 13): the words above are then converted and the language is the variant's. */
  variant?: ChineseVariant;
  /** The variant's query (`?opencc=s2t`), which links to the site's feeds and pages carry; `""` or absent without one. */
  linkQuery?: string;
  /** Without a variant, `author`; in one, the site's author as written, whose page the converted name links to. */
  authorKey?: string;
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
