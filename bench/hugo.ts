/**
 * @module Hugo's build of the bench's corpus (issue 20): what a site owner would compare
 * `npm run build` with. Debian's `hugo` package (0.111.3 on bookworm); without it the
 * comparison is skipped with one line naming the package, like the tests' other system
 * checks. The site is the corpus under `content/posts/` with a configuration that makes
 * RSS and HTML for the home page, every tag and every category, and HTML for every article
 * (`HUGO_CONFIG`), and three one-line layouts, so Hugo's time is its own rendering and
 * writing, not a theme's.
 */
import { mkdir, rm, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { run } from "./workspace.ts";

/** Where Hugo is: `HUGO`, else `hugo` on the PATH. */
const HUGO = process.env.HUGO ?? "hugo";

/** The configuration Hugo builds with: RSS and HTML for the home page, tags and categories; HTML for articles; feeds of 20 items, as ours. */
export const HUGO_CONFIG = `baseURL = "https://bench.example/"
languageCode = "zh-cn"
title = "Bench"
disableKinds = ["sitemap", "robotsTXT", "404", "section"]
[taxonomies]
tag = "tags"
category = "categories"
[outputs]
home = ["HTML", "RSS"]
taxonomy = ["HTML", "RSS"]
term = ["HTML", "RSS"]
page = ["HTML"]
[services.rss]
limit = 20
`;

const LAYOUTS: Record<string, string> = {
  "_default/list.html": '<h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>\n',
  "_default/single.html": "<h1>{{ .Title }}</h1>{{ .Content }}\n",
  "index.html": '<h1>{{ .Site.Title }}</h1><ul>{{ range first 20 .Site.RegularPages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>\n',
};

/** Hugo's version line, or `undefined` when it is not installed. */
export async function hugoVersion(): Promise<string | undefined> {
  try {
    const result = await run(HUGO, ["version"], { timeoutMs: 30_000 });
    return result.code === 0 ? result.stdout.trim() : undefined;
  } catch {
    return undefined;
  }
}

/** What the bench says when Hugo is missing. */
export const HUGO_MISSING = "Hugo comparison skipped: no hugo (Debian package `hugo`, or set HUGO)";

/** Makes a Hugo site in `dir` over `corpusDir` (linked, not copied). */
export async function hugoSite(dir: string, corpusDir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(join(dir, "content"), { recursive: true });
  await symlink(corpusDir, join(dir, "content", "posts"));
  await writeFile(join(dir, "hugo.toml"), HUGO_CONFIG);
  for (const [file, text] of Object.entries(LAYOUTS)) {
    await mkdir(join(dir, "layouts", file, ".."), { recursive: true });
    await writeFile(join(dir, "layouts", file), text);
  }
}

/** One Hugo build of the site in `dir` from an empty output directory: its wall time in ms, and what it printed. */
export async function buildWithHugo(dir: string, timeoutMs = 15 * 60_000): Promise<{ wallMs: number; summary: string }> {
  await rm(join(dir, "public"), { recursive: true, force: true });
  await rm(join(dir, "resources"), { recursive: true, force: true });
  const result = await run(HUGO, ["--source", dir, "--destination", join(dir, "public"), "--cacheDir", join(dir, "cache")], { timeoutMs });
  if (result.code !== 0) throw new Error(`hugo failed (${result.code}):\n${result.stderr.slice(0, 2000)}`);
  return { wallMs: result.wallMs, summary: result.stdout.trim().split("\n").slice(-12).join("\n") };
}
