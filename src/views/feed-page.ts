/**
 * @module The browser view of a feed: what a person sees when they open a feed URL
 * in a tab (`Sec-Fetch-Dest: document`, or `?view=html`). Plain HTML generated on the
 * server, not an XSLT stylesheet: the feed document itself is never altered, and the
 * page works the same in every browser, with or without JavaScript.
 *
 * Pure `(selection, site, format, limit) -> string`. The route serving it must send
 * `PAGE_CSP` (src/views/html.ts) and `Vary: Sec-Fetch-Dest`, and key its caches and
 * ETag apart from the feed's.
 */
import type { ArticleMeta, FeedFormat } from "../types.ts";
import type { Site } from "../settings.ts";
import type { Selection } from "../feed/select.ts";
import { describeScope } from "../feed/describe.ts";
import { LIMITS, limitQuery, mediaType } from "../feed/formats.ts";
import { FEED_FORMATS, scopePath } from "../feed/urls.ts";
import { discoveryLinks, e, FORMAT_NAMES, feedUrl, page } from "./html.ts";
import { embedPath } from "./embed.ts";
import { itemList, KIND_LABELS } from "./pages.ts";

/** How to subscribe, per format: what the reader needs and what the file is. */
const FORMAT_NOTES: Record<FeedFormat, string> = {
  rss: "RSS 2.0 works in every feed reader.",
  atom: "Atom 1.0 works in nearly every feed reader.",
  json: "JSON Feed 1.1 works in many modern readers (NetNewsWire, Feedbin, Inoreader, Miniflux); if yours does not accept it, use the RSS link below.",
};

/** The HTML page for the feed `format` of `selection`, showing the URL with `?limit=` when it is not the default. */
export function renderFeedPage(selection: Selection<ArticleMeta>, site: Site, format: FeedFormat, limit: number = LIMITS.default): string {
  const { scope, articles } = selection;
  const query = limitQuery(limit);
  const { title, description } = describeScope(scope, site);
  const url = feedUrl(site, scope, format, query);
  // Plain feed URLs: a click is a top-level navigation, so it lands on that format's
  // browser view, while "copy link" still copies the address a reader needs.
  const others = FEED_FORMATS.filter((f) => f !== format)
    .map((f) => `<a href="${e(feedUrl(site, scope, f, query))}" type="${mediaType(f)}">${FORMAT_NAMES[f]}</a>`)
    .join(" · ");
  const crumbs =
    scope.kind === "site"
      ? `<a href="${e(`${site.origin}/`)}">${e(site.title)}</a>`
      : `<a href="${e(`${site.origin}/`)}">${e(site.title)}</a> › <a href="${e(site.origin + scopePath(scope))}">${KIND_LABELS[scope.kind]}: ${e(scope.name)}</a>`;
  // The snippets are HTML to paste (attributes escaped once), shown as text (escaped again below).
  const iframe = `<iframe src="${e(`${site.origin}${embedPath(scope)}?limit=5`)}" title="${e(title)}" style="width:100%;max-width:40rem;height:24rem;border:0" loading="lazy"></iframe>`;
  const script = `<div data-feed-embed="${e(feedUrl(site, scope, "json"))}" data-limit="5"><a href="${e(site.origin + scopePath(scope))}">${e(title)}</a></div>\n<script src="${e(site.origin)}/embed.js" async></script>`;
  return page({
    site,
    title: `${title} (${FORMAT_NAMES[format]} feed)`,
    description,
    head: discoveryLinks(site, scope, title, query, format),
    script: true,
    main: `<nav class="crumbs">${crumbs}</nav>
<p class="muted">${FORMAT_NAMES[format]} feed</p>
<h1>${e(title)}</h1>
<p>${e(description)}</p>
<section class="box" aria-labelledby="subscribe">
<h2 id="subscribe">Subscribe in your reader</h2>
<p>This page is a web feed. Copy its address into your feed reader (“Add subscription” or “Follow”) and new articles arrive there as they are published; no account here, no e-mail.</p>
<div class="copy"><input id="feed-url" type="url" readonly value="${e(url)}" aria-label="Feed address"><button type="button" data-copy="feed-url" hidden>Copy</button></div>
<p class="muted">${FORMAT_NOTES[format]}</p>
<p>Other formats: ${others} · <a href="${e(`${site.origin}/opml.xml`)}">all feeds as OPML</a></p>
</section>
<h2>Latest articles</h2>
${itemList(articles, site)}
<details class="box">
<summary>Show these articles on your own site</summary>
<p>As an iframe (no JavaScript):</p>
<pre><code>${e(iframe)}</code></pre>
<p>Or with a script that fills in the list and inherits your page's styles:</p>
<pre><code>${e(script)}</code></pre>
</details>`,
  });
}

