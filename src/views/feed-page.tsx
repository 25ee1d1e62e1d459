/**
 * @module The browser view of a feed: what a person sees when they open a feed URL
 * in a tab (`Sec-Fetch-Dest: document`, or `?view=html`). Plain HTML generated on the
 * server, not an XSLT stylesheet: the feed document itself is never altered, and the
 * page works the same in every browser, with or without JavaScript.
 *
 * Pure `(selection, site, format, limit) -> string`, in the site's language. The route
 * serving it must send `PAGE_CSP` (src/views/html.ts) and `Vary: Sec-Fetch-Dest`, and key
 * its caches and ETag apart from the feed's.
 */
import { html } from "hono/html";
import { describeScope } from "../feed/describe.ts";
import { FORMATS } from "../feed/formats.ts";
import { LIMITS, limitQuery } from "../feed/query.ts";
import { embedPath, OPML_PATH, scopePath } from "../feed/urls.ts";
import type { Site } from "../settings.ts";
import { type ArticleMeta, FEED_FORMATS, type FeedFormat, type Scope, type Selection } from "../types.ts";
import { feedUrl, pageUrl, renderDocument, renderHtml } from "./html.ts";
import { Crumbs, DiscoveryLinks, FeedLinks, ItemList, Page, wordsOf } from "./layout.tsx";

/**
 * The two ways to show a scope's articles on another site, as the HTML to paste. Written
 * with `hono/html`, so its attribute values are escaped once; the page then shows it as
 * text, escaped again like any string.
 */
function embedSnippets(site: Site, scope: Scope, title: string): { iframe: string; script: string } {
  const iframe = html`<iframe src="${pageUrl(site, embedPath(scope), "?limit=5")}" title="${title}" style="width:100%;max-width:40rem;height:24rem;border:0" loading="lazy"></iframe>`;
  const script = html`<div data-feed-embed="${feedUrl(site, scope, "json")}" data-limit="5"><a href="${pageUrl(site, scopePath(scope))}">${title}</a></div>
<script src="${site.origin}/embed.js" async></script>`;
  return { iframe: renderHtml(iframe), script: renderHtml(script) };
}

/** What a filtered feed's page shows (issue 13): its canonical query, and its filters in words. */
export interface FilteredView {
  /** `?` and the feed's canonical parameters. */
  query: string;
  /** The filters, as `describeFilters` says them. */
  description: string;
}

/**
 * The HTML page for the feed `format` of `selection`, showing the URL with `?limit=` when
 * it is not the default, or with its filters when `filtered`.
 */
export function renderFeedPage(selection: Selection<ArticleMeta>, site: Site, format: FeedFormat, limit: number = LIMITS.default, filtered?: FilteredView): string {
  const { scope, articles } = selection;
  const words = wordsOf(site);
  const query = filtered?.query ?? limitQuery(limit);
  const { title, description } = describeScope(scope, site);
  const snippets = embedSnippets(site, scope, title);
  return renderDocument(
    <Page
      site={site}
      title={words.feedPageTitle(title, FORMATS[format].name)}
      description={description}
      head={<DiscoveryLinks site={site} scope={scope} title={title} query={query} first={format} />}
      script
    >
      <Crumbs site={site} scope={scope} />
      <p class="muted">{words.feedKind(FORMATS[format].name)}</p>
      <h1>{title}</h1>
      <p>{description}</p>
      {filtered && (
        <p class="filtered">
          {words.filteredBy}
          {words.colon}
          {filtered.description}
        </p>
      )}
      <section class="box" aria-labelledby="subscribe">
        <h2 id="subscribe">{words.subscribeInReader}</h2>
        <p>{words.aboutFeeds}</p>
        <div class="copy">
          <input id="feed-url" type="url" readonly value={feedUrl(site, scope, format, query)} aria-label={words.feedAddress} />
          <button type="button" data-copy="feed-url" data-copied={words.copied} data-failed={words.copyFailed} hidden>
            {words.copy}
          </button>
        </div>
        <p class="muted">{words.formatNotes[format]}</p>
        <p>
          {words.otherFormats}
          {words.colon}
          {/* Plain feed URLs: a click is a top-level navigation, so it lands on that format's
              browser view, while "copy link" still copies the address a reader needs. */}
          <FeedLinks site={site} scope={scope} query={query} formats={FEED_FORMATS.filter((f) => f !== format)} />
          {" · "}
          <a href={pageUrl(site, OPML_PATH)}>{words.allFeedsOpml}</a>
        </p>
      </section>
      <h2>{words.latestArticles}</h2>
      <ItemList site={site} articles={articles} />
      <details class="box">
        <summary>{words.embedHeading}</summary>
        <p>
          {words.embedIframe}
          {words.colon}
        </p>
        <pre>
          <code>{snippets.iframe}</code>
        </pre>
        <p>
          {words.embedScript}
          {words.colon}
        </p>
        <pre>
          <code>{snippets.script}</code>
        </pre>
      </details>
    </Page>,
  );
}
