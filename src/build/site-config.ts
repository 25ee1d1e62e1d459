/**
 * @module A site's own generator config, when its owner copied it into content/ with
 * the articles: Hugo's `hugo.toml` (`config.toml` in older sites, also YAML or JSON),
 * Jekyll's and Hexo's `_config.yml`, Zola's `config.toml`. The build takes from it what
 * the site says about itself (title, description, base URL, language, time zone, author,
 * permalinks) for every setting wrangler.toml and the environment leave unset
 * (./settings.ts), and Jekyll's Liquid reads it as `site.*` (./templates/).
 *
 * Besides, `content/edge-feeds.toml` may hold this project's settings for the site they
 * belong to, by their `[vars]` names: the sample site keeps its title, language, time
 * zone and archive page size there, so that a site copied in with its own config (or
 * none) inherits nothing of the sample's.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import yaml from "js-yaml";
import { parse as parseToml } from "smol-toml";
import type { SettingVar } from "../settings.ts";

/** The site generators whose sources the build reads. */
export const GENERATORS = ["hugo", "jekyll", "hexo", "zola"] as const;
export type Generator = (typeof GENERATORS)[number];

/** What a generator config says. */
export interface SiteConfig {
  /** The file, relative to content/. */
  file: string;
  generator: Generator;
  /** Settings it gives, by `[vars]` name: only those it has. */
  vars: Partial<Record<SettingVar, string>>;
  /** Hugo's `[permalinks]`: a pattern per section (`posts = "/:year/:month/:slug/"`). */
  sectionPermalinks: Record<string, string>;
  /** Jekyll's `excerpt_separator`: where an automatic excerpt ends. */
  excerptSeparator?: string;
  /** The whole config, as `site.*` in Liquid. */
  values: Record<string, unknown>;
}

/** Config file names at the top of content/, in the order they are looked for (Hugo's first: `hugo.toml` is the current name). */
export const CONFIG_FILES = ["hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json", "config.toml", "config.yaml", "config.yml", "config.json", "_config.yml", "_config.yaml"] as const;

/** Keys only Hexo's `_config.yml` has (Jekyll's has none of them). */
const HEXO_KEYS = ["new_post_name", "post_asset_folder", "source_dir", "public_dir", "default_layout", "root", "titlecase", "render_drafts"];

type Values = Record<string, unknown>;

function isMapping(value: unknown): value is Values {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Keys in lower case, at every depth (Hugo reads its config case-insensitively). */
function lowerDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(lowerDeep);
  if (!isMapping(value) || value instanceof Date) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.toLowerCase(), lowerDeep(v)]));
}

/** A scalar setting as text, or `undefined` for anything else (an empty string too). */
function scalar(value: unknown): string | undefined {
  if (typeof value === "string") return value.trim() === "" ? undefined : value.trim();
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return undefined;
}

/** An author as configs write one: a name, `{ name: ... }`, or a list of either (the first). */
function authorName(value: unknown): string | undefined {
  if (Array.isArray(value)) return authorName(value[0]);
  return isMapping(value) ? scalar(value.name) : scalar(value);
}

/** The site's own settings for this project, beside its articles. */
export const SETTINGS_FILE = "edge-feeds.toml";

/**
 * `content/edge-feeds.toml`: settings by their `[vars]` names, values as text (`""` is a
 * value: a list setting set to none), or the problem with it.
 */
export function readSettingsFile(contentDir: string, known: readonly SettingVar[]): { ok: true; vars: Partial<Record<SettingVar, string>> } | { ok: false; problems: string[] } {
  const path = join(contentDir, SETTINGS_FILE);
  if (!existsSync(path)) return { ok: true, vars: {} };
  let values: Values;
  try {
    values = parseToml(readFileSync(path, "utf8").replace(/^\uFEFF/, ""));
  } catch (error) {
    return { ok: false, problems: [`${SETTINGS_FILE}: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`] };
  }
  const vars: Partial<Record<SettingVar, string>> = {};
  const problems: string[] = [];
  for (const [key, value] of Object.entries(values)) {
    if (!known.includes(key as SettingVar)) problems.push(`${SETTINGS_FILE}: ${key} is not a setting the build reads (README "Settings")`);
    else if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") vars[key as SettingVar] = String(value);
    else problems.push(`${SETTINGS_FILE}: ${key} must be a string, a number or true/false`);
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, vars };
}

/** The site's URL from a base URL and a path under it (Jekyll's `baseurl`, Hexo's `root`). */
function siteUrl(base: unknown, path?: unknown): string | undefined {
  const url = scalar(base);
  if (url === undefined || !/^https?:\/\/[^/]/.test(url)) return undefined;
  const under = scalar(path)?.replace(/^\/+|\/+$/g, "");
  return under ? `${url.replace(/\/+$/, "")}/${under}` : url;
}

/** Jekyll's `locale: en_US` as a language tag. */
function languageTag(value: unknown): string | undefined {
  const text = scalar(Array.isArray(value) ? value[0] : value);
  return text?.replace(/_/g, "-");
}

function withoutUndefined(vars: Record<string, string | undefined>): Partial<Record<SettingVar, string>> {
  return Object.fromEntries(Object.entries(vars).filter(([, v]) => v !== undefined)) as Partial<Record<SettingVar, string>>;
}

/** Hugo's `[permalinks]`: `section = pattern`, or (Hugo 0.120 and later) the same under `page`. */
function hugoPermalinks(table: unknown): Record<string, string> {
  if (!isMapping(table)) return {};
  const pages = isMapping(table.page) ? table.page : table;
  return Object.fromEntries(Object.entries(pages).flatMap(([section, pattern]) => (typeof pattern === "string" ? [[section, pattern]] : [])));
}

/** What `values`, read from `file`, says, as the generator it was written for. */
export function interpretConfig(file: string, values: Values): SiteConfig {
  const isToml = file.endsWith(".toml");
  const zola = isToml && file === "config.toml" && ("base_url" in values || "default_language" in values || "taxonomies" in values || "extra" in values);
  if (zola) {
    const extra = isMapping(values.extra) ? values.extra : {};
    return {
      file,
      generator: "zola",
      vars: withoutUndefined({
        SITE_TITLE: scalar(values.title),
        SITE_DESCRIPTION: scalar(values.description),
        SITE_URL: siteUrl(values.base_url),
        SITE_LANGUAGE: scalar(values.default_language),
        SITE_AUTHOR: authorName(values.author) ?? authorName(extra.author),
      }),
      sectionPermalinks: {},
      values,
    };
  }
  if (file.startsWith("_config.")) {
    const hexo = HEXO_KEYS.some((key) => key in values);
    const vars = withoutUndefined({
      SITE_TITLE: scalar(values.title),
      SITE_DESCRIPTION: scalar(values.description),
      SITE_URL: hexo ? siteUrl(values.url, values.root) : siteUrl(values.url, values.baseurl),
      SITE_LANGUAGE: hexo ? languageTag(values.language) : (languageTag(values.lang) ?? languageTag(values.locale)),
      SITE_TIMEZONE: scalar(values.timezone),
      SITE_AUTHOR: authorName(values.author),
      PERMALINKS: scalar(values.permalink),
    });
    const config: SiteConfig = { file, generator: hexo ? "hexo" : "jekyll", vars, sectionPermalinks: {}, values };
    const separator = scalar(values.excerpt_separator) ?? (typeof values.excerpt_separator === "string" ? values.excerpt_separator : undefined);
    if (!hexo && separator !== undefined) config.excerptSeparator = separator;
    return config;
  }
  const hugo = lowerDeep(values) as Values;
  const params = isMapping(hugo.params) ? hugo.params : {};
  return {
    file,
    generator: "hugo",
    vars: withoutUndefined({
      SITE_TITLE: scalar(hugo.title),
      SITE_DESCRIPTION: scalar(params.description) ?? scalar(hugo.description),
      SITE_URL: siteUrl(hugo.baseurl),
      SITE_LANGUAGE: scalar(hugo.languagecode) ?? scalar(hugo.defaultcontentlanguage),
      SITE_TIMEZONE: scalar(hugo.timezone),
      SITE_AUTHOR: authorName(params.author) ?? authorName(hugo.author),
    }),
    sectionPermalinks: hugoPermalinks(hugo.permalinks),
    values: hugo,
  };
}

/** Parses a config file's text by its extension. */
function parseConfig(file: string, text: string): unknown {
  if (file.endsWith(".toml")) return parseToml(text);
  if (file.endsWith(".json")) return JSON.parse(text);
  return yaml.load(text);
}

/**
 * The config at the top of `contentDir`, if there is one: the first of `CONFIG_FILES`
 * present. A config that cannot be read is a problem (the build stops and says why); a
 * second config is left alone, with a warning.
 */
export function readSiteConfig(contentDir: string): { ok: true; config?: SiteConfig; warnings: string[] } | { ok: false; problems: string[] } {
  const present = CONFIG_FILES.filter((file) => existsSync(join(contentDir, file)));
  const [file, ...others] = present;
  if (file === undefined) return { ok: true, warnings: [] };
  let values: unknown;
  try {
    values = parseConfig(file, readFileSync(join(contentDir, file), "utf8").replace(/^\uFEFF/, ""));
  } catch (error) {
    return { ok: false, problems: [`${file}: could not be read as the site's config: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`] };
  }
  if (values !== undefined && values !== null && !isMapping(values)) return { ok: false, problems: [`${file}: a site config must be a mapping of settings`] };
  const warnings = others.map((other) => `${other}: not read, ${file} is the site's config`);
  return { ok: true, config: interpretConfig(file, (values ?? {}) as Values), warnings };
}
