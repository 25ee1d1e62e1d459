/**
 * @module What every HTML view shares besides markup: absolute feed URLs, dates in the
 * site's language and time zone, the pages' inline style and script with their
 * Content-Security-Policy, and `renderDocument`, which turns a `hono/jsx` tree into the
 * page's string.
 *
 * Escaping rule: views are written in `hono/jsx` (./layout.tsx, ./pages.tsx, ...), which
 * escapes every interpolated value, text and attributes alike. The only markup passed
 * through as is goes through ./raw.ts: the article body (HTML rendered at build time,
 * raw HTML in it sanitised through an allow-list: src/build/raw-html.ts)
 * and the hashed inline style and script below.
 */
import type { JSX } from "hono/jsx/jsx-runtime";
import { feedPath } from "../feed/urls.ts";
import type { Site } from "../settings.ts";
import type { FeedFormat, Scope } from "../types.ts";

/**
 * `query` (`""`, `?limit=5`) followed by the query of the Chinese variant the page is in
 * (`?opencc=s2t`, issue 13), so that its links stay in the variant; as it is otherwise.
 */
export function withVariant(site: Site, query = ""): string {
  const variant = site.linkQuery ?? "";
  if (variant === "" || query.includes(variant.slice(1))) return query;
  return query === "" ? variant : `${query}&${variant.slice(1)}`;
}

/** Absolute URL of `scope`'s feed in `format`, with `query` (`?limit=5`) appended (and the page's variant). */
export function feedUrl(site: Site, scope: Scope, format: FeedFormat, query = ""): string {
  return site.origin + feedPath(scope, format) + withVariant(site, query);
}

/** Absolute URL of the page at `path` (`/`, `/tags/x/`), with `query` appended (and the page's variant). */
export function pageUrl(site: Site, path: string, query = ""): string {
  return site.origin + path + withVariant(site, query);
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

/**
 * `element` as a string. Views are synchronous (no async component), so `hono/jsx`
 * renders them to a string in one pass; a Promise here means an async component crept
 * in, which would make views impure and is refused loudly.
 */
export function renderHtml(element: JSX.Element): string {
  const html: unknown = element instanceof Promise ? element : element.toString();
  if (typeof html !== "string") throw new TypeError("views must render synchronously: an async component or value reached renderHtml");
  return html;
}

/** A whole HTML document: the doctype, then `element` (an `<html>` tree). */
export function renderDocument(element: JSX.Element): string {
  return `<!doctype html>\n${renderHtml(element)}\n`;
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
 * value of the input it names, then shows the button's `data-copied` (or `data-failed`)
 * text: the words come from the page, in its language, so one script (one hash) serves
 * every language. Without JavaScript the button stays hidden and the input (`readonly`)
 * can still be selected and copied by hand.
 */
export const COPY_SCRIPT = `for(const b of document.querySelectorAll("button[data-copy]")){const i=document.getElementById(b.dataset.copy);if(!i)continue;b.hidden=false;b.addEventListener("click",async()=>{i.select();try{await navigator.clipboard.writeText(i.value);b.textContent=b.dataset.copied}catch{b.textContent=b.dataset.failed}})}`;

/**
 * SHA-256 hashes of `PAGE_STYLE` and `COPY_SCRIPT` for CSP `'sha256-…'` sources
 * (CSP Level 3, section 8.4 "hash-source"). Precomputed because views are synchronous;
 * a test recomputes them, so editing the style or script without updating these fails.
 */
export const PAGE_STYLE_HASH = "sha256-8jQ+UyhfOc891M255/wnI7aFpsWhYPuetABYb+qXiQE=";
export const COPY_SCRIPT_HASH = "sha256-hjdXrneA1/N6Y2jmse3DJ9/kIUaj/XIhK/vRIxa9si4=";

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
