/**
 * @module HTML pages for people: the home page, a page per tag and category, and a
 * page per article. Pure `data -> string`; every value from content or settings is
 * escaped here, article bodies come pre-rendered (raw HTML in Markdown is escaped at build).
 */
import type { Article, ContentIndex, FeedFormat, Scope, TermKind } from "../types.ts";
import type { Site } from "../site.ts";
import { escapeHtml as e } from "../text.ts";
import { absolutizeHtml, FEED_FILES, feedPath, termPath } from "../feed/urls.ts";
import { CONTENT_TYPES } from "../feed/render.ts";

const FORMAT_NAMES: Record<FeedFormat, string> = { rss: "RSS", atom: "Atom", json: "JSON Feed" };
const FORMATS = Object.keys(FEED_FILES) as FeedFormat[];

const STYLE = `body{font:16px/1.6 system-ui,sans-serif;max-width:46rem;margin:0 auto;padding:1rem;color:#222;background:#fff}
a{color:#0b57d0}h1{line-height:1.25}time,.meta{color:#666;font-size:.9em}ul.feeds{list-style:none;padding:0}
ul.feeds li{margin:.2rem 0}img{max-width:100%;height:auto}pre{overflow:auto;background:#f5f5f5;padding:.6rem}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2rem .5rem}
@media (prefers-color-scheme:dark){body{background:#111;color:#ddd}a{color:#8ab4f8}pre{background:#222}}`;

/** The page shell, with `<link rel="alternate">` autodiscovery for `scope`'s feeds. */
function layout(site: Site, title: string, scope: Scope, main: string): string {
  const discovery = FORMATS.map(
    (f) => `<link rel="alternate" type="${CONTENT_TYPES[f].split(";")[0]}" title="${e(`${title} (${FORMAT_NAMES[f]})`)}" href="${e(site.origin + feedPath(scope, f))}">`,
  ).join("\n");
  return `<!doctype html>
<html lang="${e(site.language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(title)}</title>
${discovery}
<style>${STYLE}</style>
</head>
<body>
${main}
</body>
</html>
`;
}

/** Links to a scope's three feeds. */
function feedLinks(site: Site, scope: Scope): string {
  return FORMATS.map((f) => `<a href="${e(site.origin + feedPath(scope, f))}">${FORMAT_NAMES[f]}</a>`).join(" · ");
}

/** A date shown in the site's time zone. */
function showDate(iso: string, site: Site): string {
  const text = new Intl.DateTimeFormat(site.language, { dateStyle: "long", timeStyle: "short", timeZone: site.timeZone }).format(new Date(iso));
  return `<time datetime="${e(iso)}">${e(text)}</time>`;
}

function articleList(articles: Article[], site: Site): string {
  return `<ul>\n${articles
    .map((a) => `<li><a href="${e(site.origin + a.path)}">${e(a.title)}</a> ${showDate(a.published, site)}</li>`)
    .join("\n")}\n</ul>`;
}

function termSection(index: ContentIndex, kind: TermKind, heading: string, site: Site): string {
  const items = Object.values(index[kind]).map(
    (t) =>
      `<li><a href="${e(site.origin + termPath(kind, t.name))}">${e(t.name)}</a> (${t.articles.length}): ${feedLinks(site, { kind, key: "", name: t.name })}</li>`,
  );
  return `<h2>${heading}</h2>\n<ul class="feeds">\n${items.join("\n")}\n</ul>`;
}

/** `/`: the site, its feeds, every tag's and category's feeds, and the latest articles. */
export function renderHome(index: ContentIndex, site: Site): string {
  const site_ = { kind: "site" } as const;
  return layout(
    site,
    site.title,
    site_,
    `<h1>${e(site.title)}</h1>
<p>${e(site.description)}</p>
<p>Feeds for the whole site: ${feedLinks(site, site_)}</p>
${termSection(index, "tags", "Tags", site)}
${termSection(index, "categories", "Categories", site)}
<h2>Latest articles</h2>
${articleList(index.articles.slice(0, 20), site)}`,
  );
}

/** `/tags/:tag/` and `/categories/:category/`: the term's articles and feeds. */
export function renderTermPage(scope: Scope & { kind: TermKind }, articles: Article[], site: Site): string {
  const label = scope.kind === "tags" ? "Tag" : "Category";
  return layout(
    site,
    `${label}: ${scope.name} · ${site.title}`,
    scope,
    `<p><a href="${e(`${site.origin}/`)}">${e(site.title)}</a></p>
<h1>${label}: ${e(scope.name)}</h1>
<p>Feeds: ${feedLinks(site, scope)}</p>
${articleList(articles, site)}`,
  );
}

/** `/posts/:slug/`: one article in full. */
export function renderArticlePage(article: Article, site: Site): string {
  const tags = article.tags.map((t) => `<a href="${e(site.origin + termPath("tags", t))}">${e(t)}</a>`).join(", ");
  return layout(
    site,
    `${article.title} · ${site.title}`,
    { kind: "site" },
    `<p><a href="${e(`${site.origin}/`)}">${e(site.title)}</a></p>
<article>
<h1>${e(article.title)}</h1>
<p class="meta">${showDate(article.published, site)}${article.author ? ` · ${e(article.author)}` : ""}${tags ? ` · ${tags}` : ""}</p>
${absolutizeHtml(article.html, site.origin)}
</article>`,
  );
}
