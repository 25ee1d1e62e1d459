/**
 * @module Start-up warm-up. A fresh isolate's first request pays for V8 compiling the
 * code it runs: Hono's router, the canonical-URL rules, the assembler, validators and the
 * page views. Running them once on synthetic input while the worker's global scope runs
 * moves that one-off cost into start-up, which Cloudflare overlaps with the TLS
 * handshake and bounds separately (1 s). It reads no content, not even the index, so
 * start-up does not grow with the archive. `npm run bench` measures both sides.
 */
import { assembleFeed } from "./feed/assemble.ts";
import { fillHead } from "./feed/template.ts";
import { Digest } from "./hash.ts";
import { isNotModified } from "./http/conditional.ts";
import { canonicalUrl } from "./http/redirects.ts";
import type { Site } from "./settings.ts";
import type { ArticleMeta } from "./types.ts";
import { renderFeedPage } from "./views/feed-page.ts";
import { renderEmbed } from "./views/embed.ts";

const SITE: Site = {
  title: "预热",
  description: "预热",
  origin: "https://warm-up.invalid",
  language: "zh-CN",
  author: "预热",
  timeZone: "Asia/Shanghai",
  iframeHosts: [],
  upgradeImageHosts: [],
};

const SAMPLE: ArticleMeta = {
  slug: "warm-up",
  path: "/posts/warm-up/",
  id: "urn:uuid:00000000-0000-5000-8000-000000000000",
  title: "预热 <warm-up> & ]]>",
  published: "2026-01-01T00:00:00.000Z",
  updated: "2026-01-01T00:00:00.000Z",
  summary: "预热摘要 & <summary>",
  tags: ["预热"],
  categories: ["warm"],
};

/**
 * Runs the request path's code on synthetic input and matches a few paths in `app`'s
 * router (which builds Hono's route matcher). Results are dropped. Nothing here may do
 * I/O, use timers or randomness: workerd forbids those in the global scope.
 */
export function warmUp(app: { router: { match(method: string, path: string): unknown } }): void {
  const encoder = new TextEncoder();
  for (const format of ["rss", "atom", "json"] as const) {
    const head = fillHead("<head>?edge-feeds-query\uE000updated\uE001", format, "?limit=5", new Date(0));
    assembleFeed(head, [encoder.encode("<item>https://edge-feeds-origin.invalid/</item>")], encoder.encode("</tail>"), SITE.origin);
    renderFeedPage({ scope: { kind: "site" }, articles: [SAMPLE] }, SITE, format, 5);
  }
  renderEmbed({ scope: { kind: "tags", key: "预热", name: "预热" }, articles: [SAMPLE] }, SITE, "auto");
  new Digest().text("warm").word(1).hex();
  isNotModified(new Headers({ "If-None-Match": '"a"' }), '"a"', new Date(0));
  canonicalUrl(new URL("https://warm-up.invalid/tags/X/rss.xml?limit=20"), () => true);
  for (const path of ["/rss.xml", "/tags/x/atom.xml", "/posts/x/", "/__warm-up/none"]) app.router.match("GET", path);
}
