/**
 * @module HTML pages for people: the home page, a page per tag, category and author
 * (and per archive page of each), and a page per article. Pure `data -> string`, in the site's language; every value is
 * escaped by `hono/jsx`, and the article body is the one value written as is
 * (`TrustedHtml`, ./raw.ts). Every page carries `<link rel="alternate">` autodiscovery
 * for its own feeds.
 */
import { authorsOf, describeScope } from "../feed/describe.ts";
import { FORMATS } from "../feed/formats.ts";
import { absolutizeHtml, archiveDir, OPML_PATH, termPath } from "../feed/urls.ts";
import type { Site } from "../settings.ts";
import { type ArticleMeta, FEED_FORMATS, type PageRecord, type Scope, type TermKind } from "../types.ts";
import { pageUrl, renderDocument } from "./html.ts";
import { Crumbs, DateTime, DiscoveryLinks, FeedLinks, ItemList, joined, Page, TermLinks, termLabel, wordsOf } from "./layout.tsx";
import { BuiltHtml, TrustedHtml } from "./raw.ts";

const SITE: Scope = { kind: "site" };

/** Dates of articles on their own page: day and time. */
const FULL_DATE: Intl.DateTimeFormatOptions = { dateStyle: "long", timeStyle: "short" };

/** `/`: the site, its feeds, the lists of terms (./home-terms.ts, rendered at build time), and the latest articles. */
export function renderHome(termsHtml: string, latest: ArticleMeta[], site: Site): string {
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
            FEED_FORMATS.map((f) => <a href={pageUrl(site, OPML_PATH, f === "rss" ? "" : `?format=${f}`)}>{FORMATS[f].name}</a>),
            " · ",
          )}
        </p>
      </div>
      <BuiltHtml html={termsHtml} />
      <h2>{words.latestArticles}</h2>
      <ItemList site={site} articles={latest} />
    </Page>,
  );
}

/** Where a term page is in the term's archive (RFC 5005 pages, 1 = oldest). */
export interface Paging {
  /** The archive page shown, or `undefined` for the newest articles. */
  page?: number;
  /** Archive pages the term has (0: it fits on one page and has no archive). */
  pages: number;
  /** Articles the term has. */
  total: number;
}

/** Links to the newer and the older page of a term's articles: the same pages its feeds link (prev-archive, next-archive). */
function PagingLinks({ site, scope, paging }: { site: Site; scope: Scope & { kind: TermKind }; paging: Paging }) {
  const words = wordsOf(site);
  const { page, pages } = paging;
  const newer = page === undefined ? undefined : page < pages ? archiveDir(scope, page + 1) : termPath(scope.kind, scope.key);
  const older = page === undefined ? (pages > 0 ? archiveDir(scope, pages) : undefined) : page > 1 ? archiveDir(scope, page - 1) : undefined;
  const links = [
    newer === undefined ? null : (
      <a rel="next" href={pageUrl(site, newer)}>
        {words.newerArticles}
      </a>
    ),
    older === undefined ? null : (
      <a rel="prev" href={pageUrl(site, older)}>
        {words.olderArticles}
      </a>
    ),
  ].filter((link) => link !== null);
  return links.length > 0 ? <nav class="pages">{joined(links, " · ")}</nav> : null;
}

/**
 * `/tags/:tag/` (and categories, authors): the term's newest articles and its feeds;
 * `/tags/:tag/archive/:n/`: one of its archive pages.
 */
export function renderTermPage(scope: Scope & { kind: TermKind }, articles: ArticleMeta[], site: Site, paging: Paging): string {
  const words = wordsOf(site);
  const label = termLabel(words, scope.kind, scope.name);
  const { title } = describeScope(scope, site);
  const path = paging.page === undefined ? termPath(scope.kind, scope.key) : archiveDir(scope, paging.page);
  const where = paging.page === undefined ? "" : ` · ${words.archivePage(paging.page, paging.pages)}`;
  const head = (
    <>
      <link rel="canonical" href={pageUrl(site, path)} />
      <DiscoveryLinks site={site} scope={scope} title={title} />
    </>
  );
  return renderDocument(
    <Page site={site} title={`${label}${where} · ${site.title}`} head={head}>
      {paging.page === undefined ? <Crumbs site={site} kind={scope.kind} /> : <Crumbs site={site} scope={scope} />}
      <h1>{`${label}${where}`}</h1>
      <p class="muted">{words.articleCount(paging.total)}</p>
      <p>
        {words.followTerm[scope.kind]}
        {words.colon}
        <FeedLinks site={site} scope={scope} />
      </p>
      <ItemList site={site} articles={articles} />
      <PagingLinks site={site} scope={scope} paging={paging} />
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
  const permalink = pageUrl(site, article.path);
  const source = sourceOf(article);
  const terms = (["tags", "categories"] as const)
    .filter((kind) => article[kind].length > 0)
    .map((kind) => (
      <>
        {words.kinds[kind].many}
        {words.colon}
        <span class="tags">
          <TermLinks site={site} kind={kind} names={article[kind]} written={article.original?.[kind]} />
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
          {" · "}
          <TermLinks
            site={site}
            kind="authors"
            names={authorsOf(article, site.author)}
            written={article.original && authorsOf({ authors: article.original.authors }, site.authorKey ?? site.author)}
          />
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
