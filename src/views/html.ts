/**
 * @module Building blocks every HTML view shares: escaping, dates in the site's time
 * zone, feed links and `<link rel="alternate">` autodiscovery, the page shell and its
 * Content-Security-Policy. Pure `data -> string`.
 *
 * Escaping rule: every value that comes from content or settings goes through `e()`
 * (text and quoted attributes alike). Article bodies are the one exception: they are
 * HTML rendered at build time, raw HTML in them sanitised through an allow-list
 * (src/build/raw-html.ts).
 */
import type { Scope } from "../types.ts";
import type { FeedFormat } from "../types.ts";
import type { Site } from "../settings.ts";
import { escapeHtml } from "../text.ts";
import { mediaType } from "../feed/formats.ts";
import { FEED_FORMATS, feedPath } from "../feed/urls.ts";

/** Escapes text for element content and quoted attribute values. */
export const e = escapeHtml;

/** Human names of the formats, in the order pages list them. */
export const FORMAT_NAMES: Record<FeedFormat, string> = { rss: "RSS", atom: "Atom", json: "JSON Feed" };

/** Absolute URL of `scope`'s feed in `format`, with `query` (`?limit=5`) appended. */
export function feedUrl(site: Site, scope: Scope, format: FeedFormat, query = ""): string {
  return site.origin + feedPath(scope, format) + query;
}

/** Formats an ISO 8601 instant in the site's language and time zone. */
export function formatDate(iso: string, site: Site, style: Intl.DateTimeFormatOptions): string {
  const key = `${site.language}|${site.timeZone}|${JSON.stringify(style)}`;
  let format = dateFormats.get(key);
  if (format === undefined) {
    format = new Intl.DateTimeFormat(site.language, { ...style, timeZone: site.timeZone });
    dateFormats.set(key, format);
  }
  return format.format(new Date(iso));
}

/** Formatters by language, zone and style: building one costs far more than using it, and a page shows many dates. */
const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** `<time>` with the instant in `datetime` and the local rendering as text. */
export function showDate(iso: string, site: Site, style: Intl.DateTimeFormatOptions = { dateStyle: "long", timeStyle: "short" }): string {
  return `<time datetime="${e(iso)}">${e(formatDate(iso, site, style))}</time>`;
}

/**
 * Feed autodiscovery: one `<link rel="alternate">` per format of `scope`
 * (HTML Living Standard, "Link type alternate"; RSS Autodiscovery, rssboard.org).
 * `first` puts that format first, since readers that take one feed take the first.
 */
export function discoveryLinks(site: Site, scope: Scope, title: string, query = "", first?: FeedFormat): string {
  const order = first ? [first, ...FEED_FORMATS.filter((f) => f !== first)] : FEED_FORMATS;
  return order
    .map((f) => `<link rel="alternate" type="${mediaType(f)}" title="${e(`${title} (${FORMAT_NAMES[f]})`)}" href="${e(feedUrl(site, scope, f, query))}">`)
    .join("\n");
}

/** Links to a scope's three feeds: `RSS · Atom · JSON Feed`. */
export function feedLinks(site: Site, scope: Scope, query = ""): string {
  return FEED_FORMATS.map((f) => `<a href="${e(feedUrl(site, scope, f, query))}" type="${mediaType(f)}">${FORMAT_NAMES[f]}</a>`).join(" · ");
}

/**
 * The stylesheet of full pages: readable measure, system fonts, fluid media, wide
 * tables and code scroll instead of widening the page, dark mode from the OS.
 * Its hash is in `PAGE_CSP`; tests/worker/people-views.test.ts checks it.
 */
export const PAGE_STYLE = `:root{color-scheme:light dark;--fg:#1f2328;--muted:#59636e;--bg:#fff;--link:#0b57d0;--line:#d1d9e0;--code:#f6f8fa}
@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--muted:#9198a1;--bg:#0d1117;--link:#8ab4f8;--line:#3d444d;--code:#161b22}}
*{box-sizing:border-box}
body{font:1.0625rem/1.65 system-ui,-apple-system,"Segoe UI","PingFang SC","Noto Sans CJK SC",sans-serif;max-width:44rem;margin:0 auto;padding:1rem 1.25rem 3rem;color:var(--fg);background:var(--bg);overflow-wrap:break-word}
a{color:var(--link)}h1{font-size:1.9rem;line-height:1.25;margin:.6rem 0}h2{font-size:1.3rem;margin-top:2rem}h3{font-size:1.1rem;margin:0}
nav.crumbs{font-size:.95rem}time,.meta,.muted{color:var(--muted);font-size:.92rem}
ul.plain,ol.items{list-style:none;padding:0}ul.plain li{margin:.25rem 0}ol.items>li{padding:.9rem 0;border-top:1px solid var(--line)}
ol.items p{margin:.3rem 0}.tags a{margin-right:.4rem}
img,video{max-width:100%;height:auto}iframe{max-width:100%;border:0}pre{overflow:auto;background:var(--code);padding:.75rem;border-radius:6px;font-size:.9rem}
code{font-size:.92em}table{display:block;overflow-x:auto;border-collapse:collapse}td,th{border:1px solid var(--line);padding:.25rem .6rem}
blockquote{margin:1rem 0;padding:0 1rem;border-left:4px solid var(--line);color:var(--muted)}
.box{border:1px solid var(--line);border-radius:8px;padding:.25rem 1rem 1rem;margin:1.25rem 0}
.copy{display:flex;gap:.5rem;flex-wrap:wrap}.copy input{flex:1 1 16rem;min-width:0;font:inherit;font-size:.95rem;padding:.35rem .5rem;border:1px solid var(--line);border-radius:6px;background:var(--code);color:var(--fg)}
button{font:inherit;padding:.35rem .9rem;border:1px solid var(--line);border-radius:6px;background:var(--link);color:var(--bg);cursor:pointer}`;

/**
 * The one script of full pages: reveals `<button data-copy="id">` and copies the
 * value of the input it names. Without JavaScript the button stays hidden and the
 * input (`readonly`) can still be selected and copied by hand.
 */
export const COPY_SCRIPT = `for(const b of document.querySelectorAll("button[data-copy]")){const i=document.getElementById(b.dataset.copy);if(!i)continue;b.hidden=false;b.addEventListener("click",async()=>{i.select();try{await navigator.clipboard.writeText(i.value);b.textContent="Copied"}catch{b.textContent="Press Ctrl+C"}})}`;

/**
 * SHA-256 hashes of `PAGE_STYLE` and `COPY_SCRIPT` for CSP `'sha256-…'` sources
 * (CSP Level 3, section 8.4 "hash-source"). Precomputed because views are synchronous;
 * a test recomputes them, so editing the style or script without updating these fails.
 */
export const PAGE_STYLE_HASH = "sha256-8jQ+UyhfOc891M255/wnI7aFpsWhYPuetABYb+qXiQE=";
export const COPY_SCRIPT_HASH = "sha256-PQVZr1qD5e7SlUa5y9vgQseg+wC10x9fdMWQgzw+7aw=";

/**
 * Content-Security-Policy for full pages (home, term, article and feed pages): only the
 * page's own inline style and copy script run, images may come from anywhere (article
 * bodies link them), nothing else loads. Defence in depth behind escaping.
 */
export const PAGE_CSP = [
  "default-src 'none'",
  `style-src '${PAGE_STYLE_HASH}'`,
  `script-src '${COPY_SCRIPT_HASH}'`,
  "img-src * data:",
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");

/**
 * Content-Security-Policy for article pages: `PAGE_CSP`, plus frames from the players an
 * article may embed (`IFRAME_HOSTS`, https only; CSP Level 3, `frame-src`). With no
 * hosts it is `PAGE_CSP`, whose `default-src 'none'` refuses every frame.
 */
export function articleCsp(iframeHosts: readonly string[]): string {
  return iframeHosts.length === 0 ? PAGE_CSP : `${PAGE_CSP}; frame-src ${iframeHosts.map((host) => `https://${host}`).join(" ")}`;
}

/** What a full page is made of. */
export interface PageParts {
  site: Site;
  /** `<title>`, as plain text. */
  title: string;
  /** Plain-text description for `<meta name="description">`. */
  description?: string;
  /** Extra `<head>` markup: autodiscovery, canonical link. Already escaped. */
  head: string;
  /** The body. Already escaped. */
  main: string;
  /** Whether the page uses `COPY_SCRIPT`. */
  script?: boolean;
}

/** The full-page shell: mobile viewport, no external resources, a data: favicon so browsers fetch none. */
export function page(parts: PageParts): string {
  const { site, title, description, head, main, script } = parts;
  return `<!doctype html>
<html lang="${e(site.language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(title)}</title>
${description ? `<meta name="description" content="${e(description)}">\n` : ""}<link rel="icon" href="data:,">
${head}
<style>${PAGE_STYLE}</style>
</head>
<body>
${main}
${script ? `<script>${COPY_SCRIPT}</script>\n` : ""}</body>
</html>
`;
}
