/**
 * @module The pieces every HTML view is built from, as `hono/jsx` components: the page
 * shell, autodiscovery, feed and term links, dates, breadcrumbs and the list of
 * articles. Each takes plain data (the `Site`, a scope, articles) and escapes whatever it
 * writes; words come from the site language's table (src/i18n/strings.ts).
 */
import type { Child } from "hono/jsx";
import { FORMATS } from "../feed/formats.ts";
import { absoluteUrl, scopePath, termPath } from "../feed/urls.ts";
import { type PageStrings, pageStrings } from "../i18n/strings.ts";
import type { Site } from "../settings.ts";
import { type ArticleMeta, FEED_FORMATS, type FeedFormat, type Scope, type TermKind } from "../types.ts";
import { COPY_SCRIPT, feedUrl, formatDate, PAGE_STYLE, pageUrl } from "./html.ts";
import { InlineScript, InlineStyle } from "./raw.ts";

/** The page's words: the table for the site's language. */
export function wordsOf(site: Site): PageStrings {
  return pageStrings(site.language);
}

/** A term as pages name it: `Tag: rss`, `标签：rss`. */
export function termLabel(words: PageStrings, kind: TermKind, name: string): string {
  return `${words.kinds[kind].one}${words.colon}${name}`;
}

/** `items` with `separator` between each two. */
export function joined(items: Child[], separator: string): Child[] {
  return items.flatMap((item, i) => (i === 0 ? [item] : [separator, item]));
}

export interface PageProps {
  site: Site;
  /** `<title>`, as plain text. */
  title: string;
  /** Plain-text description for `<meta name="description">`. */
  description?: string | undefined;
  /** Extra `<head>` elements: canonical link, autodiscovery. */
  head?: Child;
  /** Whether the page uses `COPY_SCRIPT`. */
  script?: boolean | undefined;
  children?: Child;
}

/**
 * The full-page shell: the site's language, mobile viewport, the site's icon (by default
 * the worker's own, /icon.png), the hashed stylesheet and, when asked, the hashed copy
 * script.
 */
export function Page({ site, title, description, head, script, children }: PageProps) {
  return (
    <html lang={site.language}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
        {description ? <meta name="description" content={description} /> : null}
        <InlineStyle css={PAGE_STYLE} />
        <link rel="icon" href={absoluteUrl(site.icon, site.origin)} />
        {head}
      </head>
      <body>
        {children}
        {script ? <InlineScript js={COPY_SCRIPT} /> : null}
      </body>
    </html>
  );
}

/**
 * Feed autodiscovery: one `<link rel="alternate">` per format of `scope`
 * (HTML Living Standard, "Link type alternate"; RSS Autodiscovery, rssboard.org).
 * `first` puts that format first, since readers that take one feed take the first.
 */
export function DiscoveryLinks({ site, scope, title, query = "", first }: { site: Site; scope: Scope; title: string; query?: string; first?: FeedFormat }) {
  const words = wordsOf(site);
  const order = first ? [first, ...FEED_FORMATS.filter((f) => f !== first)] : FEED_FORMATS;
  return (
    <>
      {order.map((f) => (
        <link rel="alternate" type={FORMATS[f].type} title={words.alternateTitle(title, FORMATS[f].name)} href={feedUrl(site, scope, f, query)} />
      ))}
    </>
  );
}

/** Links to a scope's feeds, `RSS · Atom · JSON Feed` (or only `formats`). */
export function FeedLinks({ site, scope, query = "", formats = FEED_FORMATS }: { site: Site; scope: Scope; query?: string; formats?: readonly FeedFormat[] }) {
  const links = formats.map((f) => (
    <a href={feedUrl(site, scope, f, query)} type={FORMATS[f].type}>
      {FORMATS[f].name}
    </a>
  ));
  return <>{joined(links, " · ")}</>;
}

/**
 * Links to `names` as terms of `kind`; tags carry `rel="tag"` (microformats rel-tag).
 * `written`: the names as written, which the links are made from, when `names` are a
 * Chinese variant's (src/types.ts `OriginalNames`).
 */
export function TermLinks({ site, kind, names, written = names }: { site: Site; kind: TermKind; names: readonly string[]; written?: readonly string[] | undefined }) {
  const links = names.map((name, i) => (
    <a rel={kind === "tags" ? "tag" : kind === "authors" ? "author" : undefined} href={pageUrl(site, termPath(kind, written[i] ?? name))}>
      {name}
    </a>
  ));
  return <>{joined(links, " ")}</>;
}

/** `<time>` with the instant in `datetime` and the date in the site's language and zone as text; `zone` names the zone on hover. */
export function DateTime({ iso, site, style, zone = false }: { iso: string; site: Site; style: Intl.DateTimeFormatOptions; zone?: boolean }) {
  return (
    <time datetime={iso} title={zone ? site.timeZone : undefined}>
      {formatDate(iso, site, style)}
    </time>
  );
}

/**
 * The way back: the site, then the index of `kind` (`/tags/`, issue 24), or of `scope`'s
 * kind followed by `scope`'s page when it is a term.
 */
export function Crumbs({ site, scope, kind }: { site: Site; scope?: Scope; kind?: TermKind }) {
  const words = wordsOf(site);
  const term = scope && scope.kind !== "site" ? scope : undefined;
  const index = term?.kind ?? kind;
  return (
    <nav class="crumbs">
      <a href={pageUrl(site, "/")}>{site.title}</a>
      {index ? (
        <>
          {" › "}
          <a href={pageUrl(site, `/${index}/`)}>{words.kinds[index].many}</a>
        </>
      ) : null}
      {term ? (
        <>
          {" › "}
          <a href={pageUrl(site, scopePath(term))}>{termLabel(words, term.kind, term.name)}</a>
        </>
      ) : null}
    </nav>
  );
}

/**
 * The list of articles pages and the feed page show: title linking to the permalink,
 * date in the site's time zone, tags linking to their pages, and the summary (plain
 * text, escaped like every other string).
 */
export function ItemList({ site, articles }: { site: Site; articles: ArticleMeta[] }) {
  if (articles.length === 0) return <p class="muted">{wordsOf(site).noArticles}</p>;
  return (
    <ol class="items">
      {articles.map((a) => (
        <li>
          <h3>
            <a href={pageUrl(site, a.path)}>{a.title}</a>
          </h3>
          <p class="meta">
            <DateTime iso={a.published} site={site} style={{ dateStyle: "long" }} />
            {a.tags.length > 0 ? (
              <>
                {" · "}
                <span class="tags">
                  <TermLinks site={site} kind="tags" names={a.tags} written={a.original?.tags} />
                </span>
              </>
            ) : null}
          </p>
          {a.summary ? <p>{a.summary}</p> : null}
        </li>
      ))}
    </ol>
  );
}
