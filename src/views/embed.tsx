/**
 * @module `/embed/:scope`: a self-contained page meant for an `<iframe>` on any site.
 * No JavaScript, no external resources, one inline stylesheet (allowed by hash in
 * `EMBED_CSP`), fluid from 200px wide up. Links open in a new tab with `rel="noopener"`
 * so the framed page cannot be reached through `window.opener`. Pure `data -> string`,
 * in the site's language; every value is escaped by `hono/jsx`.
 */
import type { Child } from "hono/jsx";
import { describeScope } from "../feed/describe.ts";
import { FORMATS } from "../feed/formats.ts";
import { scopePath } from "../feed/urls.ts";
import type { Site } from "../settings.ts";
import type { ArticleMeta, Selection } from "../types.ts";
import { feedUrl, pageUrl, renderDocument } from "./html.ts";
import { DateTime, DiscoveryLinks, wordsOf } from "./layout.tsx";
import { InlineStyle } from "./raw.ts";

/** Colour themes `?theme=` accepts; `auto` follows the reader's OS setting. */
export const THEMES = ["auto", "light", "dark"] as const;
export type Theme = (typeof THEMES)[number];

/** Default and bounds of `?limit=` on embeds: a widget shows a few items. */
export const EMBED_LIMITS = { default: 5, min: 1, max: 50 } as const;

/**
 * The embed's stylesheet. Colours are custom properties: `auto` takes the OS scheme
 * (Media Queries Level 5, `prefers-color-scheme`), `.light`/`.dark` on the root pin one.
 * Its hash is in `EMBED_STYLE_HASH`; a test recomputes it.
 */
export const EMBED_STYLE = `:root{color-scheme:light dark;--fg:#1f2328;--muted:#59636e;--bg:#fff;--link:#0b57d0;--line:#d1d9e0}
@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--muted:#9198a1;--bg:#0d1117;--link:#8ab4f8;--line:#3d444d}}
:root.light{color-scheme:light;--fg:#1f2328;--muted:#59636e;--bg:#fff;--link:#0b57d0;--line:#d1d9e0}
:root.dark{color-scheme:dark;--fg:#e6edf3;--muted:#9198a1;--bg:#0d1117;--link:#8ab4f8;--line:#3d444d}
*{box-sizing:border-box}
body{margin:0;padding:.75rem 1rem;font:15px/1.5 system-ui,-apple-system,"Segoe UI","PingFang SC","Noto Sans CJK SC",sans-serif;color:var(--fg);background:var(--bg);overflow-wrap:anywhere}
a{color:var(--link);text-decoration:none}a:hover,a:focus{text-decoration:underline}
header{font-weight:600;margin-bottom:.25rem}
ol{list-style:none;margin:0;padding:0}li{padding:.55rem 0;border-top:1px solid var(--line)}
.t{font-weight:600}time{display:block;color:var(--muted);font-size:.85em}
p{margin:.2rem 0 0;color:var(--muted);font-size:.9em;display:-webkit-box;-webkit-line-clamp:2;-webkit-box-orient:vertical;overflow:hidden}
footer{margin-top:.5rem;font-size:.85em}`;

/** SHA-256 of `EMBED_STYLE` for CSP (CSP Level 3, section 8.4 "hash-source"). */
export const EMBED_STYLE_HASH = "sha256-pAQzOp7ouKmIMGdO9InQ7Dc9u87z1GZ3oHWF2aISh28=";

/**
 * Content-Security-Policy of embeds. `frame-ancestors *` lets any http(s) page frame it
 * (CSP Level 3, section 6.4.2; it replaces `X-Frame-Options`, which is not sent);
 * `default-src 'none'` with no `script-src` means no script can run even if escaping
 * failed; only the embed's own stylesheet applies.
 */
export const EMBED_CSP = ["default-src 'none'", `style-src '${EMBED_STYLE_HASH}'`, "img-src data:", "base-uri 'none'", "form-action 'none'", "frame-ancestors *"].join("; ");

/** A link that opens in a new tab without giving it `window.opener` (HTML Standard, "noopener"). */
function Out({ href, class: cls, children }: { href: string; class?: string; children?: Child }) {
  return (
    <a class={cls} href={href} target="_blank" rel="noopener">
      {children}
    </a>
  );
}

/** The embed page for `selection` in `theme`, in the site's language. */
export function renderEmbed(selection: Selection<ArticleMeta>, site: Site, theme: Theme): string {
  const { scope, articles } = selection;
  const words = wordsOf(site);
  const { title } = describeScope(scope, site);
  return renderDocument(
    <html lang={site.language} class={theme === "auto" ? undefined : theme}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{title}</title>
        <InlineStyle css={EMBED_STYLE} />
        <link rel="icon" href="data:," />
        <DiscoveryLinks site={site} scope={scope} title={title} />
      </head>
      <body>
        <header>
          <Out href={pageUrl(site, scopePath(scope))}>{title}</Out>
        </header>
        {articles.length > 0 ? (
          <ol>
            {articles.map((a) => (
              <li>
                <Out href={pageUrl(site, a.path)} class="t">
                  {a.title}
                </Out>
                <DateTime iso={a.published} site={site} style={{ dateStyle: "medium" }} />
                {a.summary ? <p>{a.summary}</p> : null}
              </li>
            ))}
          </ol>
        ) : (
          <p>{words.noArticles}</p>
        )}
        <footer>
          <Out href={feedUrl(site, scope, "rss")}>{words.embedSubscribe(FORMATS.rss.name)}</Out>
          {" · "}
          <Out href={feedUrl(site, scope, "atom")}>{FORMATS.atom.name}</Out>
          {" · "}
          <Out href={feedUrl(site, scope, "json")}>{FORMATS.json.name}</Out>
        </footer>
      </body>
    </html>,
  );
}
