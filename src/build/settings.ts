/**
 * @module What the build reads besides content: where things are, and the site
 * settings it bakes into the content. Each setting is the first of (README "Settings"):
 *
 * 1. an environment variable of its name (`SITE_URL=https://feeds.example npm run build`);
 * 2. wrangler.toml `[vars]`, where the worker's other settings live;
 * 3. `content/edge-feeds.toml`, the site's own settings for this project, by the same names;
 * 4. the site's generator config, when content/ holds one (./site-config.ts): its title,
 *    description, base URL, language, time zone, author and permalinks;
 * 5. what the sources show (./sniff.ts): the generator whose conventions they follow,
 *    and the language they are written in;
 * 6. the default (src/settings.ts).
 */
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parse as parseToml } from "smol-toml";
import { languageWarning } from "../i18n/strings.ts";
import { CHINESE_VARIANTS, parseVariantList } from "../i18n/variants.ts";
import { hostList, hubList, type SettingVar, type SiteSettings, siteSettings } from "../settings.ts";
import { type ContentTree, classifyTree } from "./content-tree.ts";
import { isTimeZone } from "./dates.ts";
import { listFiles } from "./files.ts";
import { DEFAULT_PERMALINK, GENERATOR_PERMALINKS, unknownPlaceholders } from "./permalinks.ts";
import { GENERATORS, readSettingsFile, readSiteConfig, type SiteConfig } from "./site-config.ts";
import { sniffContent } from "./sniff.ts";

export interface BuildPaths {
  /** Project root (where wrangler.toml is). */
  root: string;
  /** Markdown sources. `CONTENT_DIR`, default `content/`. */
  contentDir: string;
  /** The script's modules (catalog, index). `OUT_DIR`, default `src/generated/`. */
  outDir: string;
  /** Workers Static Assets directory the content goes to. `ASSETS_DIR`, default `dist/content/`. */
  assetsDir: string;
  /** What the last build made, for incremental rebuilds: next to the assets directory. */
  manifest: string;
  /** Build-only files (archive items of tags, categories and authors, by chunk): next to the assets directory, never uploaded. */
  workDir: string;
  /**
   * The files the build's phases write, the assets as they will be uploaded, linked into
   * the assets directory when every phase is done (./publish.ts), so what `wrangler dev`
   * serves changes only then: next to the assets directory, never uploaded.
   */
  stageDir: string;
}

export function buildPaths(root = resolve(import.meta.dirname, "../.."), env: NodeJS.ProcessEnv = process.env): BuildPaths {
  const assetsDir = resolve(env.ASSETS_DIR ?? join(root, "dist/content"));
  return {
    root,
    contentDir: resolve(env.CONTENT_DIR ?? join(root, "content")),
    outDir: resolve(env.OUT_DIR ?? join(root, "src/generated")),
    assetsDir,
    manifest: `${assetsDir}.manifest.json`,
    workDir: `${assetsDir}.build`,
    stageDir: `${assetsDir}.stage`,
  };
}

const VARS: SettingVar[] = [
  "SITE_TITLE",
  "SITE_DESCRIPTION",
  "SITE_LANGUAGE",
  "SITE_AUTHOR",
  "SITE_TIMEZONE",
  "SITE_URL",
  "SITE_ICON",
  "SITE_LOGO",
  "CACHE_MAX_AGE",
  "ARCHIVE_PAGE_SIZE",
  "WEBSUB_HUB",
  "WEBSUB_HUBS",
  "CRAWLING",
  "FUTURE_ARTICLES",
  "CHINESE_VARIANTS",
  "IFRAME_HOSTS",
  "UPGRADE_IMAGE_HOSTS",
  "PERMALINKS",
  "ARTICLE_IDS",
  "SITE_GENERATOR",
];

/** Settings a site's own config can give: unset when empty anywhere. */
const SAID_BY_THE_SITE = new Set<SettingVar>([
  "SITE_TITLE",
  "SITE_DESCRIPTION",
  "SITE_URL",
  "SITE_LANGUAGE",
  "SITE_TIMEZONE",
  "SITE_AUTHOR",
  "PERMALINKS",
  "SITE_GENERATOR",
  "ARTICLE_IDS",
  "ARCHIVE_PAGE_SIZE",
]);

/** A host name as URLs spell it (ASCII; an internationalised name in its `xn--` form), without scheme, port or path. */
const HOST_NAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** What `readSettings` found. */
export type ReadSettings =
  | {
      ok: true;
      settings: SiteSettings;
      /** The site's own config, when content/ holds one. */
      config?: SiteConfig;
      /** What each file under content/ is. */
      tree: ContentTree;
      warnings: string[];
    }
  | { ok: false; problems: string[] };

/**
 * The site settings for this build, or the problems with them. `warnings` are worth a
 * line but build anyway: a `SITE_LANGUAGE` with no built-in page strings (pages then use
 * English; src/i18n/strings.ts), a second site config.
 */
export function readSettings(root: string, env: NodeJS.ProcessEnv = process.env, contentDir = buildPaths(root, env).contentDir): ReadSettings {
  const wrangler = parseToml(readFileSync(join(root, "wrangler.toml"), "utf8")) as { vars?: Record<string, unknown> };
  const site = existsSync(contentDir) ? readSiteConfig(contentDir) : { ok: true as const, warnings: [] };
  if (!site.ok) return site;
  const siteVars = readSettingsFile(contentDir, VARS);
  if (!siteVars.ok) return siteVars;
  const { config } = site;
  const vars: Partial<Record<SettingVar, string>> = {};
  for (const name of VARS) {
    // What the site says of itself is unset when empty (wrangler.toml lists SITE_URL = "" for the worker); an empty list is none.
    const given = (value: unknown) => typeof value === "string" && (value.trim() !== "" || !SAID_BY_THE_SITE.has(name));
    const value = [env[name], wrangler.vars?.[name], siteVars.vars[name], config?.vars[name]].find(given);
    if (typeof value === "string") vars[name] = value;
  }
  const tree = classifyTree(listFiles(contentDir));
  const needs = vars.SITE_GENERATOR === undefined || vars.SITE_LANGUAGE === undefined;
  const sniffed = needs && tree.articles.length > 0 ? sniffContent(contentDir, tree) : undefined;
  if (vars.SITE_LANGUAGE === undefined && sniffed !== undefined) vars.SITE_LANGUAGE = sniffed.language;
  const generator = vars.SITE_GENERATOR?.trim().toLowerCase() || config?.generator || sniffed?.generator;
  // A site that brought its config has its generator's permalinks unless it says otherwise.
  if (vars.PERMALINKS === undefined && config !== undefined) vars.PERMALINKS = GENERATOR_PERMALINKS[config.generator];
  // Unset, articles stay where they always were: `/posts/<slug>/`, the slug read the project's own way, whatever the generator.
  const problems: string[] = [];
  if (vars.SITE_GENERATOR !== undefined && !["", "none", ...GENERATORS].includes(vars.SITE_GENERATOR.trim().toLowerCase()))
    problems.push(`SITE_GENERATOR: "${vars.SITE_GENERATOR}" is not one of ${GENERATORS.join(", ")} (or "none")`);
  for (const [where, pattern] of [
    ["PERMALINKS", vars.PERMALINKS ?? DEFAULT_PERMALINK],
    ...Object.entries(config?.sectionPermalinks ?? {}).map(([section, p]) => [`${config?.file} [permalinks] ${section}`, p]),
  ] as [string, string][]) {
    const unknown = unknownPlaceholders(pattern);
    if (unknown.length > 0)
      problems.push(`${where}: "${pattern}" has ${unknown.map((name) => `:${name}`).join(", ")}, which no generator defines (README "Permalinks" lists the placeholders)`);
  }
  const ids = vars.ARTICLE_IDS?.trim().toLowerCase();
  if (ids !== undefined && ids !== "" && ids !== "uuid" && ids !== "permalink") problems.push(`ARTICLE_IDS: "${vars.ARTICLE_IDS}" is neither "uuid" nor "permalink"`);
  if (vars.SITE_URL?.trim() && !/^https?:\/\/[^/]/.test(vars.SITE_URL.trim())) problems.push(`SITE_URL: "${vars.SITE_URL}" is not an http(s) URL (e.g. https://feeds.example)`);
  for (const name of ["SITE_ICON", "SITE_LOGO"] as const) {
    const value = vars[name]?.trim();
    if (value && !/^(?:https?:\/\/[^/]|\/[^/])/.test(value)) problems.push(`${name}: "${value}" is neither an http(s) URL nor a path on the site (e.g. /icon.png)`);
  }
  // The worker's /favicon.ico redirects to SITE_ICON (src/people/site-files.ts): on the worker's own origin, an icon there would redirect to itself.
  const icon = vars.SITE_ICON?.trim();
  if (icon && !vars.SITE_URL?.trim() && /^\/favicon\.ico(?:[?#]|$)/.test(icon))
    problems.push(`SITE_ICON: "${icon}" is the worker's own /favicon.ico, which redirects to SITE_ICON; name the icon's own file (e.g. /images/icon.png, or a full URL)`);
  const size = vars.ARCHIVE_PAGE_SIZE?.trim();
  // At most the default ?limit=: a scope that fits on one page then needs no archive (src/content/layout.ts).
  if (size && !(/^\d{1,2}$/.test(size) && Number(size) >= 1 && Number(size) <= 20)) problems.push(`ARCHIVE_PAGE_SIZE: "${size}" is not a whole number from 1 to 20`);
  const { unknown } = parseVariantList(vars.CHINESE_VARIANTS);
  if (unknown.length > 0)
    problems.push(
      `CHINESE_VARIANTS: ${unknown.map((e) => `"${e}"`).join(", ")} ${unknown.length === 1 ? "is not a variant" : "are not variants"}: list any of ${CHINESE_VARIANTS.join(", ")} separated by commas or spaces, or "none"`,
    );
  const hub = vars.WEBSUB_HUB?.trim().toLowerCase();
  if (hub !== undefined && hub !== "" && hub !== "on" && hub !== "off") problems.push(`WEBSUB_HUB: "${vars.WEBSUB_HUB}" is neither "on" nor "off"`);
  const crawling = vars.CRAWLING?.trim().toLowerCase();
  if (crawling !== undefined && crawling !== "" && crawling !== "on" && crawling !== "off") problems.push(`CRAWLING: "${vars.CRAWLING}" is neither "on" nor "off"`);
  const future = vars.FUTURE_ARTICLES?.trim().toLowerCase();
  if (future !== undefined && future !== "" && future !== "schedule" && future !== "publish")
    problems.push(`FUTURE_ARTICLES: "${vars.FUTURE_ARTICLES}" is neither "schedule" nor "publish"`);
  for (const entry of (vars.WEBSUB_HUBS ?? "").split(/[\s,]+/).filter((e) => e !== "")) {
    if (hubList(entry).length === 0) problems.push(`WEBSUB_HUBS: "${entry}" is not an http(s) URL (hubs are separated by spaces or commas)`);
  }
  for (const name of ["IFRAME_HOSTS", "UPGRADE_IMAGE_HOSTS"] as const) {
    for (const host of hostList(vars[name])) {
      if (!HOST_NAME.test(host)) problems.push(`${name}: "${host}" is not a host name (e.g. www.youtube.com: no scheme, port or path)`);
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  const settings = siteSettings({ ...vars, SITE_GENERATOR: generator === "none" ? "" : generator });
  if (config !== undefined && Object.keys(config.sectionPermalinks).length > 0) settings.sectionPermalinks = config.sectionPermalinks;
  if (config?.excerptSeparator !== undefined) settings.excerptSeparator = config.excerptSeparator;
  const own = settings.url === "" ? undefined : new URL(settings.url).hostname;
  if (own !== undefined && settings.iframeHosts.includes(own)) {
    // allow-scripts with allow-same-origin lets a frame of this very site lift its own sandbox.
    return { ok: false, problems: [`IFRAME_HOSTS: "${own}" is the site's own host; a sandboxed frame of the same origin could undo its sandbox`] };
  }
  if (!isTimeZone(settings.timeZone)) return { ok: false, problems: [`SITE_TIMEZONE: "${settings.timeZone}" is not an IANA time zone (e.g. Asia/Shanghai, UTC)`] };
  const warning = languageWarning(settings.language);
  return { ok: true, settings, ...(config === undefined ? {} : { config }), tree, warnings: [...site.warnings, ...(warning === undefined ? [] : [warning])] };
}
