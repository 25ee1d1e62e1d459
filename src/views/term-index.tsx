/**
 * @module A kind's index page (`/tags/`, `/categories/`, `/authors/`, `/sections/`;
 * issue 24): every term of the kind with its article count and feeds, most used first,
 * `TERMS_PER_PAGE` a page (`?page=2`). The list was rendered at build time
 * (./term-index-list.ts); this is the page around it, in the site's language.
 */
import { FORMATS } from "../feed/formats.ts";
import type { Site } from "../settings.ts";
import { FEED_FORMATS, type Scope, type TermKind } from "../types.ts";
import { pageUrl, renderDocument } from "./html.ts";
import { Crumbs, DiscoveryLinks, joined, Page, wordsOf } from "./layout.tsx";
import { BuiltHtml } from "./raw.ts";
import { indexQuery } from "./term-index-list.ts";

const SITE: Scope = { kind: "site" };

/** Where an index page is among the kind's: page `page` of `pages`, listing `terms` terms in all. */
export interface IndexPaging {
  page: number;
  pages: number;
  terms: number;
}

/** Links to the previous and the next page of terms. */
function PageLinks({ site, kind, paging }: { site: Site; kind: TermKind; paging: IndexPaging }) {
  const words = wordsOf(site);
  const { page, pages } = paging;
  const links = [
    page > 1 ? (
      <a rel="prev" href={pageUrl(site, `/${kind}/`, indexQuery(page - 1))}>
        {words.previousPage}
      </a>
    ) : null,
    page < pages ? (
      <a rel="next" href={pageUrl(site, `/${kind}/`, indexQuery(page + 1))}>
        {words.nextPage}
      </a>
    ) : null,
  ].filter((link) => link !== null);
  return links.length > 0 ? <nav class="pages">{joined(links, " · ")}</nav> : null;
}

/** Page `paging.page` of the index of `kind`; `listHtml` is its list, made at build time. */
export function renderTermIndex(kind: TermKind, listHtml: string, paging: IndexPaging, site: Site): string {
  const words = wordsOf(site);
  const where = paging.pages > 1 ? ` · ${words.archivePage(paging.page, paging.pages)}` : "";
  const heading = `${words.kinds[kind].many}${where}`;
  const head = (
    <>
      <link rel="canonical" href={pageUrl(site, `/${kind}/`, indexQuery(paging.page))} />
      <DiscoveryLinks site={site} scope={SITE} title={site.title} />
    </>
  );
  return renderDocument(
    <Page site={site} title={`${heading} · ${site.title}`} head={head}>
      <Crumbs site={site} />
      <h1>{heading}</h1>
      <p class="muted">{words.termIndexCount[kind](paging.terms)}</p>
      <BuiltHtml html={listHtml} />
      <PageLinks site={site} kind={kind} paging={paging} />
      <p class="muted">
        {words.forPrograms}
        {words.colon}
        {joined(
          [
            // The JSON list has no Chinese variant: its names are the original's.
            <a href={`${site.origin}/${kind}.json`} type="application/json">
              JSON
            </a>,
            ...FEED_FORMATS.map((f) => <a href={pageUrl(site, "/opml.xml", f === "rss" ? "" : `?format=${f}`)}>{`OPML (${FORMATS[f].name})`}</a>),
          ],
          " · ",
        )}
      </p>
    </Page>,
  );
}
