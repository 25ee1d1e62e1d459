/**
 * @module HTML pages for people: the home page, a page per tag and category, and a
 * page per article. Pure `data -> string`, in the site's language; every value is
 * escaped by `hono/jsx`, and the article body is the one value written as is
 * (`TrustedHtml`, ./raw.ts). Every page carries `<link rel="alternate">` autodiscovery
 * for its own feeds.
 */
import { describeScope } from "../feed/describe.ts";
import { absolutizeHtml, FEED_FORMATS, termPath } from "../feed/urls.ts";
import type { Site } from "../settings.ts";
import type { ArticleMeta, PageRecord, Scope, TermKind, TermListing } from "../types.ts";
import { FORMAT_NAMES, renderDocument, TERM_KINDS } from "./html.ts";
import { Crumbs, DateTime, DiscoveryLinks, FeedLinks, ItemList, joined, Page, TermLinks, termLabel, wordsOf } from "./layout.tsx";
import { TrustedHtml } from "./raw.ts";

const SITE: Scope = { kind: "site" };

/** Dates of articles on their own page: day and time. */
const FULL_DATE: Intl.DateTimeFormatOptions = { dateStyle: "long", timeStyle: "short" };

/** One kind of term on the home page: each term, its article count and its feeds. */
function TermSection({ site, kind, terms }: { site: Site; kind: TermKind; terms: TermListing[] }) {
  const words = wordsOf(site);
  return (
    <>
      <h2>{words.kinds[kind].many}</h2>
      <ul class="plain">
        {terms.map((t) => (
          <li>
            <a href={site.origin + termPath(kind, t.name)}>{t.name}</a> <span class="muted">{words.termCount(t.count)}</span>
            {words.colon}
            <FeedLinks site={site} scope={{ kind, key: t.key, name: t.name }} />
          </li>
        ))}
      </ul>
    </>
  );
}

/** `/`: the site, its feeds, every tag's and category's feeds, and the latest articles. */
export function renderHome(terms: Record<TermKind, TermListing[]>, latest: ArticleMeta[], site: Site): string {
  const words = wordsOf(site);
  return renderDocument(
    <Page site={site} title={site.title} description={site.description} head={<DiscoveryLinks site={site} scope={SITE} title={site.title} />}>
      <h1>{site.title}</h1>
      <p>{site.description}</p>
      <div class="box">
        <h2>{words.subscribe}</h2>
        <p>
          {words.wholeSite}
          {words.colon}
          <FeedLinks site={site} scope={SITE} />
        </p>
        <p>
          {words.opmlLead}
          {words.colon}
          {joined(
            FEED_FORMATS.map((f) => <a href={`${site.origin}/opml.xml${f === "rss" ? "" : `?format=${f}`}`}>{FORMAT_NAMES[f]}</a>),
            " · ",
          )}
        </p>
      </div>
      {TERM_KINDS.map((kind) => (
        <TermSection site={site} kind={kind} terms={terms[kind]} />
      ))}
      <h2>{words.latestArticles}</h2>
      <ItemList site={site} articles={latest} />
    </Page>,
  );
}

/** `/tags/:tag/` and `/categories/:category/`: the term's articles and feeds. */
export function renderTermPage(scope: Scope & { kind: TermKind }, articles: ArticleMeta[], site: Site): string {
  const words = wordsOf(site);
  const label = termLabel(words, scope.kind, scope.name);
  const { title } = describeScope(scope, site);
  const head = (
    <>
      <link rel="canonical" href={site.origin + termPath(scope.kind, scope.name)} />
      <DiscoveryLinks site={site} scope={scope} title={title} />
    </>
  );
  return renderDocument(
    <Page site={site} title={`${label} · ${site.title}`} head={head}>
      <Crumbs site={site} />
      <h1>{label}</h1>
      <p class="muted">{words.articleCount(articles.length)}</p>
      <p>
        {words.followTerm[scope.kind]}
        {words.colon}
        <FeedLinks site={site} scope={scope} />
      </p>
      <ItemList site={site} articles={articles} />
    </Page>,
  );
}

/** The article's original source, when it has one: an `http(s)` URL in `source`. */
function sourceOf(article: ArticleMeta): URL | undefined {
  const url = article.source === undefined ? null : URL.parse(article.source);
  return url && (url.protocol === "https:" || url.protocol === "http:") ? url : undefined;
}

/** `/posts/:slug/`: one article in full, for reading on any screen. */
export function renderArticlePage(article: PageRecord, site: Site): string {
  const words = wordsOf(site);
  const permalink = site.origin + article.path;
  const source = sourceOf(article);
  const terms = TERM_KINDS.filter((kind) => article[kind].length > 0).map((kind) => (
    <>
      {words.kinds[kind].many}
      {words.colon}
      <span class="tags">
        <TermLinks site={site} kind={kind} names={article[kind]} />
      </span>
    </>
  ));
  const head = (
    <>
      <link rel="canonical" href={permalink} />
      <DiscoveryLinks site={site} scope={SITE} title={site.title} />
    </>
  );
  return renderDocument(
    <Page site={site} title={`${article.title} · ${site.title}`} description={article.summary} head={head}>
      <Crumbs site={site} />
      <article>
        <h1>{article.title}</h1>
        <p class="meta">
          <DateTime iso={article.published} site={site} style={FULL_DATE} zone />
          {article.updated !== article.published ? (
            <>
              {` · ${words.updated} `}
              <DateTime iso={article.updated} site={site} style={FULL_DATE} zone />
            </>
          ) : null}
          {article.author ? ` · ${article.author}` : null}
        </p>
        {terms.length > 0 ? <p class="meta">{joined(terms, " · ")}</p> : null}
        <div class="content">
          <TrustedHtml html={absolutizeHtml(article.html, site.origin)} />
        </div>
        {source ? (
          <p class="meta">
            {`${words.originallyPublished} `}
            <a href={source.href} rel="noopener">
              {source.host}
            </a>
          </p>
        ) : null}
      </article>
      <footer class="box">
        <p>
          {words.followSite}
          {words.colon}
          <FeedLinks site={site} scope={SITE} />
        </p>
      </footer>
    </Page>,
  );
}
