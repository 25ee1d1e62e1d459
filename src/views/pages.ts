/**
 * @module HTML pages for people: the home page, a page per tag and category, and a
 * page per article. Pure `data -> string`; every value from content or settings is
 * escaped here, article bodies come pre-rendered (raw HTML in Markdown is sanitised at
 * build, src/build/raw-html.ts). Every page carries `<link rel="alternate">` autodiscovery
 * for its own feeds.
 */
import type { ArticleMeta, PageRecord, Scope, TermKind, TermListing } from "../types.ts";
import type { Site } from "../settings.ts";
import { absolutizeHtml, termPath } from "../feed/urls.ts";
import { describeScope } from "../feed/describe.ts";
import { discoveryLinks, e, feedLinks, page, showDate } from "./html.ts";

const SITE: Scope = { kind: "site" };

/** Singular label of a term kind, as pages show it. */
export const KIND_LABELS: Record<TermKind, string> = { tags: "Tag", categories: "Category" };

/** Links to `names` as terms of `kind`, e.g. tag links with `rel="tag"` (microformats rel-tag). */
export function termLinks(site: Site, kind: TermKind, names: string[]): string {
  const rel = kind === "tags" ? ` rel="tag"` : "";
  return names.map((name) => `<a${rel} href="${e(site.origin + termPath(kind, name))}">${e(name)}</a>`).join(" ");
}

/**
 * The list of articles pages and the feed page show: title linking to the permalink,
 * date in the site's time zone, tags linking to their pages, and the summary (plain
 * text, escaped like every other string).
 */
export function itemList(articles: ArticleMeta[], site: Site): string {
  if (articles.length === 0) return `<p class="muted">No articles yet.</p>`;
  const items = articles.map((a) => {
    const tags = a.tags.length > 0 ? ` · <span class="tags">${termLinks(site, "tags", a.tags)}</span>` : "";
    const summary = a.summary ? `\n<p>${e(a.summary)}</p>` : "";
    return `<li>
<h3><a href="${e(site.origin + a.path)}">${e(a.title)}</a></h3>
<p class="meta">${showDate(a.published, site, { dateStyle: "long" })}${tags}</p>${summary}
</li>`;
  });
  return `<ol class="items">\n${items.join("\n")}\n</ol>`;
}

function termSection(terms: TermListing[], kind: TermKind, heading: string, site: Site): string {
  const items = terms.map(
    (t) =>
      `<li><a href="${e(site.origin + termPath(kind, t.name))}">${e(t.name)}</a> <span class="muted">(${t.count})</span>: ${feedLinks(site, { kind, key: t.key, name: t.name })}</li>`,
  );
  return `<h2>${heading}</h2>\n<ul class="plain">\n${items.join("\n")}\n</ul>`;
}

/** `/`: the site, its feeds, every tag's and category's feeds, and the latest articles. */
export function renderHome(terms: Record<TermKind, TermListing[]>, latest: ArticleMeta[], site: Site): string {
  return page({
    site,
    title: site.title,
    description: site.description,
    head: discoveryLinks(site, SITE, site.title),
    main: `<h1>${e(site.title)}</h1>
<p>${e(site.description)}</p>
<div class="box">
<h2>Subscribe</h2>
<p>Whole site: ${feedLinks(site, SITE)}</p>
<p>Every feed below in one file for your reader: <a href="${e(`${site.origin}/opml.xml`)}">OPML</a> (<a href="${e(`${site.origin}/opml.xml?format=atom`)}">Atom</a>, <a href="${e(`${site.origin}/opml.xml?format=json`)}">JSON Feed</a>)</p>
</div>
${termSection(terms.tags, "tags", "Tags", site)}
${termSection(terms.categories, "categories", "Categories", site)}
<h2>Latest articles</h2>
${itemList(latest, site)}`,
  });
}

/** `/tags/:tag/` and `/categories/:category/`: the term's articles and feeds. */
export function renderTermPage(scope: Scope & { kind: TermKind }, articles: ArticleMeta[], site: Site): string {
  const label = KIND_LABELS[scope.kind];
  const { title } = describeScope(scope, site);
  return page({
    site,
    title: `${label}: ${scope.name} · ${site.title}`,
    head: `<link rel="canonical" href="${e(site.origin + termPath(scope.kind, scope.name))}">\n${discoveryLinks(site, scope, title)}`,
    main: `<nav class="crumbs"><a href="${e(`${site.origin}/`)}">${e(site.title)}</a></nav>
<h1>${label}: ${e(scope.name)}</h1>
<p class="muted">${articles.length} ${articles.length === 1 ? "article" : "articles"}</p>
<p>Follow this ${label.toLowerCase()} in your feed reader: ${feedLinks(site, scope)}</p>
${itemList(articles, site)}`,
  });
}

/** The article's original source, when it has one: an `http(s)` URL in `source`. */
function sourceOf(article: ArticleMeta): URL | undefined {
  const url = article.source === undefined ? null : URL.parse(article.source);
  return url && (url.protocol === "https:" || url.protocol === "http:") ? url : undefined;
}

/** `/posts/:slug/`: one article in full, for reading on any screen. */
export function renderArticlePage(article: PageRecord, site: Site): string {
  const permalink = site.origin + article.path;
  const zone = ` title="${e(site.timeZone)}"`;
  const published = showDate(article.published, site).replace("<time ", () => `<time${zone} `);
  const updated =
    article.updated !== article.published ? ` · Updated ${showDate(article.updated, site).replace("<time ", () => `<time${zone} `)}` : "";
  const author = article.author ? ` · ${e(article.author)}` : "";
  const terms = [
    article.tags.length > 0 ? `Tags: <span class="tags">${termLinks(site, "tags", article.tags)}</span>` : "",
    article.categories.length > 0 ? `Categories: <span class="tags">${termLinks(site, "categories", article.categories)}</span>` : "",
  ].filter(Boolean);
  const source = sourceOf(article);
  return page({
    site,
    title: `${article.title} · ${site.title}`,
    description: article.summary,
    head: `<link rel="canonical" href="${e(permalink)}">\n${discoveryLinks(site, SITE, site.title)}`,
    main: `<nav class="crumbs"><a href="${e(`${site.origin}/`)}">${e(site.title)}</a></nav>
<article>
<h1>${e(article.title)}</h1>
<p class="meta">${published}${updated}${author}</p>
${terms.length > 0 ? `<p class="meta">${terms.join(" · ")}</p>\n` : ""}<div class="content">
${absolutizeHtml(article.html, site.origin)}
</div>
${source ? `<p class="meta">Originally published at <a href="${e(source.href)}" rel="noopener">${e(source.host)}</a></p>\n` : ""}</article>
<footer class="box">
<p>Get new articles in your feed reader: ${feedLinks(site, SITE)}</p>
</footer>`,
  });
}
