/**
 * @module What each file under content/ is, as the generators it came from would say
 * (issue 18): an article, a section's own page (`_index.md`), a resource of an article
 * (the other files of a page bundle, or of a Hexo post's asset folder), the site's
 * config (or `edge-feeds.toml`, its settings for this project), or nothing the build publishes, which is said in a warning with its path.
 * Every file is exactly one of these. Pure over a list of paths.
 *
 * - Markdown is `.md`, `.markdown` and Jekyll's other extensions (`.mkd`, `.mkdn`,
 *   `.mdown`, `.mkdown`).
 * - `index.md` in a folder is a page bundle (Hugo, Zola): the article's slug is the
 *   folder's name, and every other file under the folder is its resource.
 * - `a.md` beside a folder `a/` with no `index.md` is a Hexo post with its asset folder
 *   (`post_asset_folder: true`): the folder's files are its resources.
 * - `_index.md` is a section's own page (Hugo, Zola): never an article.
 * - Where the tree has a `_posts` folder (Jekyll, Hexo), the articles are the Markdown
 *   files under `_posts` and `_drafts` (drafts); other Markdown files are the site's pages
 *   (an about page, a home page), not articles.
 * - Folders whose name starts with `_` (Jekyll's `_layouts`, `_includes`, `_data`,
 *   `_site`) hold no articles besides `_posts` and `_drafts`; folders and files starting
 *   with `.` are not content.
 * - An article's section is the first folder under content/ (Hugo's definition), unless
 *   that folder is the article's own bundle or starts with `_`.
 */
import { CONFIG_FILES, SETTINGS_FILE } from "./site-config.ts";

/** An article's source and where it sits. */
export interface ArticleSource {
  /** Path relative to content/, `/`-separated. */
  file: string;
  /** A page bundle's or asset folder's path, when it has one (`posts/my-trip`). */
  bundle?: string;
  /** Its resources: paths relative to content/, each under `bundle`. */
  resources: string[];
  /** Its section (the first folder, see above), when it has one. */
  section?: string;
  /** Folders from content/ to the article (a bundle: to the bundle's folder), `_`-folders left out: Hugo's `:sections`. */
  folders: string[];
  /** Under `_drafts/`: validated, never published. */
  draft: boolean;
  /** Folders above `_posts` (Jekyll files `blog/_posts/x.md` under the category `blog`). */
  folderCategories: string[];
}

/** A section's own page: `<section>/_index.md`. */
export interface SectionPage {
  file: string;
  /** The section it describes (its first folder); absent for content/'s own `_index.md`, the home page. */
  section?: string;
}

/** What one file is. */
export type FileRole = "article" | "section page" | "resource" | "config" | "not published";

/** A file the build does not publish, and why. */
export interface TreeWarning {
  file: string;
  message: string;
}

export interface ContentTree {
  /** The site config, when content/ holds one (./site-config.ts). */
  config?: string;
  articles: ArticleSource[];
  sectionPages: SectionPage[];
  warnings: TreeWarning[];
  /** Every file's role: the sets above, file by file. */
  roles: Map<string, FileRole>;
}

/** Markdown file extensions (Jekyll's `markdown_ext` default, which includes Hugo's and Zola's `.md`). */
const MARKDOWN = /\.(?:md|markdown|mkd|mkdn|mdown|mkdown)$/i;

/** Whether `file` (a name or path) is a Markdown source. */
export function isMarkdown(file: string): boolean {
  return MARKDOWN.test(file);
}

const nameOf = (path: string) => path.slice(path.lastIndexOf("/") + 1);
const folderOf = (path: string) => (path.includes("/") ? path.slice(0, path.lastIndexOf("/")) : "");
const stem = (name: string) => name.replace(/\.[^.]*$/, "");

/**
 * Page bundles, each folder with the article whose folder it is: the folder of each
 * `index.md` (not content/'s own), and Hexo's asset folders (`a/` beside `a.md`, when
 * `a/` is no bundle).
 */
function findBundles(candidates: readonly string[], markdown: readonly string[]): Map<string, string> {
  const bundles = new Map<string, string>();
  for (const file of markdown) if (/^index\./i.test(nameOf(file)) && folderOf(file) !== "") bundles.set(folderOf(file), file);
  const folders = new Set(
    candidates.flatMap((file) => (file.includes("/") ? [folderOf(file)] : [])).flatMap((folder) => folder.split("/").map((_, i, parts) => parts.slice(0, i + 1).join("/"))),
  );
  for (const file of markdown) {
    const folder = `${folderOf(file) === "" ? "" : `${folderOf(file)}/`}${stem(nameOf(file))}`;
    if (!/^_?index$/i.test(stem(nameOf(file))) && folders.has(folder) && !bundles.has(folder)) bundles.set(folder, file);
  }
  return bundles;
}

/** The article `file`, the page of `bundle` when it has one: its folders, section, and the categories Jekyll reads from folders above `_posts/`. */
function articleSource(file: string, bundle: string | undefined, inPosts: boolean, inDrafts: boolean): ArticleSource {
  const parts = file.split("/");
  const first = parts.length > 1 ? parts[0] : undefined;
  const source: ArticleSource = {
    file,
    resources: [],
    folders: parts.slice(0, bundle !== undefined && bundle === folderOf(file) ? -2 : -1).filter((part) => !part.startsWith("_")),
    draft: inDrafts,
    folderCategories: inPosts ? parts.slice(0, parts.indexOf("_posts")).filter((part) => !part.startsWith("_")) : [],
  };
  if (bundle !== undefined) source.bundle = bundle;
  if (first !== undefined && !first.startsWith("_") && !(bundle === first && bundle === folderOf(file))) source.section = first;
  return source;
}

/** Classifies every file of `files` (paths relative to content/, `/`-separated). */
export function classifyTree(files: readonly string[]): ContentTree {
  const roles = new Map<string, FileRole>();
  const warnings: TreeWarning[] = [];
  const tree: ContentTree = { articles: [], sectionPages: [], warnings, roles };
  const warn = (file: string, message: string) => {
    roles.set(file, "not published");
    warnings.push({ file, message });
  };
  const sorted = [...files].sort();
  const hidden = (file: string) => file.split("/").some((part) => part.startsWith("."));
  const candidates = sorted.filter((file) => {
    if (!hidden(file)) return true;
    warn(file, "a hidden file (its name or a folder's starts with '.'): not content");
    return false;
  });
  const config = CONFIG_FILES.find((name) => candidates.includes(name));
  if (config !== undefined) {
    tree.config = config;
    roles.set(config, "config");
  }
  for (const name of CONFIG_FILES) if (name !== config && candidates.includes(name)) warn(name, `a second site config: ${config} is the one read`);
  if (candidates.includes(SETTINGS_FILE)) roles.set(SETTINGS_FILE, "config");
  const markdown = candidates.filter((file) => !roles.has(file) && isMarkdown(file));
  const posts = markdown.some((file) => /(?:^|\/)_posts\//.test(file));

  const bundles = findBundles(candidates, markdown);
  /** The bundle a file belongs to: its deepest bundle folder. */
  const bundleOf = (file: string): string | undefined => {
    for (let folder = folderOf(file); folder !== ""; folder = folderOf(folder)) if (bundles.has(folder)) return folder;
    return undefined;
  };

  const bundleFile = new Map([...bundles].map(([folder, file]) => [file, folder]));
  for (const file of markdown) {
    const name = nameOf(file);
    const parts = file.split("/");
    if (/^_index\./i.test(name)) {
      roles.set(file, "section page");
      const first = parts.length > 1 ? parts[0] : undefined;
      tree.sectionPages.push(first === undefined || first.startsWith("_") ? { file } : { file, section: first });
      continue;
    }
    // Markdown inside another article's bundle is one of its resources (below).
    const inBundle = bundleOf(file);
    if (inBundle !== undefined && bundles.get(inBundle) !== file) continue;
    const underscored = parts.slice(0, -1).filter((part) => part.startsWith("_"));
    const inPosts = underscored.includes("_posts");
    const inDrafts = underscored.includes("_drafts");
    if (underscored.some((part) => part !== "_posts" && part !== "_drafts")) {
      warn(file, `in ${underscored.find((part) => part !== "_posts" && part !== "_drafts")}/, a folder the generators keep for templates and data: not an article`);
      continue;
    }
    if (posts && !inPosts && !inDrafts) {
      warn(file, "outside _posts/: a page of the site (about, home), not an article");
      continue;
    }
    roles.set(file, "article");
    tree.articles.push(articleSource(file, bundleFile.get(file), inPosts, inDrafts));
  }
  const byBundle = new Map(tree.articles.flatMap((article) => (article.bundle === undefined ? [] : [[article.bundle, article] as const])));
  for (const file of candidates) {
    if (roles.has(file)) continue;
    const bundle = bundleOf(file);
    const owner = bundle === undefined ? undefined : byBundle.get(bundle);
    if (owner !== undefined) {
      roles.set(file, "resource");
      owner.resources.push(file);
    } else if (bundle !== undefined) warn(file, `in the folder of ${bundles.get(bundle)}, which is not published`);
    else warn(file, isMarkdown(file) ? "not an article" : "not an article, a section page or a resource of one (a page bundle's file): not published");
  }
  return tree;
}
