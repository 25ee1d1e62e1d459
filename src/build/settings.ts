/**
 * @module What the build reads besides content: where things are, and the site
 * settings it bakes into the content. Settings come from wrangler.toml `[vars]`, the
 * same place the worker's other settings live; an environment variable of the same
 * name overrides (`SITE_URL=https://feeds.example npm run build`).
 */
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parse as parseToml } from "smol-toml";
import { hostList, type SettingVar, type SiteSettings, siteSettings } from "../settings.ts";
import { isTimeZone } from "./dates.ts";

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
}

export function buildPaths(root = resolve(import.meta.dirname, "../.."), env: NodeJS.ProcessEnv = process.env): BuildPaths {
  const assetsDir = resolve(env.ASSETS_DIR ?? join(root, "dist/content"));
  return {
    root,
    contentDir: resolve(env.CONTENT_DIR ?? join(root, "content")),
    outDir: resolve(env.OUT_DIR ?? join(root, "src/generated")),
    assetsDir,
    manifest: `${assetsDir}.manifest.json`,
  };
}

const VARS: SettingVar[] = ["SITE_TITLE", "SITE_DESCRIPTION", "SITE_LANGUAGE", "SITE_AUTHOR", "SITE_TIMEZONE", "SITE_URL", "IFRAME_HOSTS", "UPGRADE_IMAGE_HOSTS"];

/** A host name as URLs spell it (ASCII; an internationalised name in its `xn--` form), without scheme, port or path. */
const HOST_NAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** The site settings for this build, or the problems with them. */
export function readSettings(root: string, env: NodeJS.ProcessEnv = process.env): { ok: true; settings: SiteSettings } | { ok: false; problems: string[] } {
  const config = parseToml(readFileSync(join(root, "wrangler.toml"), "utf8")) as { vars?: Record<string, unknown> };
  const vars: Partial<Record<SettingVar, string>> = {};
  for (const name of VARS) {
    const value = env[name] ?? config.vars?.[name];
    if (typeof value === "string") vars[name] = value;
  }
  const problems: string[] = [];
  if (vars.SITE_URL?.trim() && !/^https?:\/\/[^/]/.test(vars.SITE_URL.trim())) problems.push(`SITE_URL: "${vars.SITE_URL}" is not an http(s) URL (e.g. https://feeds.example)`);
  for (const name of ["IFRAME_HOSTS", "UPGRADE_IMAGE_HOSTS"] as const) {
    for (const host of hostList(vars[name])) {
      if (!HOST_NAME.test(host)) problems.push(`${name}: "${host}" is not a host name (e.g. www.youtube.com: no scheme, port or path)`);
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  const settings = siteSettings(vars);
  const own = settings.url === "" ? undefined : new URL(settings.url).hostname;
  if (own !== undefined && settings.iframeHosts.includes(own)) {
    // allow-scripts with allow-same-origin lets a frame of this very site lift its own sandbox.
    return { ok: false, problems: [`IFRAME_HOSTS: "${own}" is the site's own host; a sandboxed frame of the same origin could undo its sandbox`] };
  }
  if (!isTimeZone(settings.timeZone)) return { ok: false, problems: [`SITE_TIMEZONE: "${settings.timeZone}" is not an IANA time zone (e.g. Asia/Shanghai, UTC)`] };
  return { ok: true, settings };
}
