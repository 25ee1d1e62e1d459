/**
 * @module One rule for the URLs people type: feeds are files (`/rss.xml`), pages are
 * folders (`/tags/rss/`). Common variants answer `301 Moved Permanently` to the
 * canonical URL, query string kept; everything else is left to the router.
 */

/** Aliases users and other feed services use, per folder -> the canonical file in it. */
const ALIASES: Record<string, string> = {
  feed: "rss.xml",
  rss: "rss.xml",
  "feed.xml": "rss.xml",
  "index.xml": "rss.xml",
  "rss.xml/": "rss.xml",
  atom: "atom.xml",
  "atom.xml/": "atom.xml",
  json: "feed.json",
  "feed.json/": "feed.json",
  "index.html": "",
};

const IN_FOLDER = /^(\/|\/(?:tags|categories)\/[^/]+\/)([^/]+\/?)$/;
const FOLDER_WITHOUT_SLASH = /^\/(?:tags|categories|posts)\/[^/]+$/;
const POST_INDEX = /^(\/posts\/[^/]+\/)index\.html$/;
const LIST_WITH_SLASH = /^\/(tags|categories)\.json\/$/;

/** The canonical path for `pathname`, when it is a known variant of one. */
export function canonicalPath(pathname: string): string | undefined {
  const inFolder = IN_FOLDER.exec(pathname);
  const name = inFolder?.[2] ?? "";
  const alias = ALIASES[name] ?? ALIASES[name.replace(/\/$/, "")];
  if (inFolder && alias !== undefined) return inFolder[1] + alias;
  if (FOLDER_WITHOUT_SLASH.test(pathname)) return `${pathname}/`;
  const post = POST_INDEX.exec(pathname);
  if (post) return post[1];
  const list = LIST_WITH_SLASH.exec(pathname);
  return list ? `/${list[1]}.json` : undefined;
}
