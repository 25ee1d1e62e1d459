/**
 * @module Start-up warm-up. A fresh isolate's first feed costs tens of milliseconds of
 * CPU that later ones do not: V8 compiles `feed`, xml-js, Hono's router and our
 * regular expressions on first use. Rendering one synthetic article in every format
 * while the worker's global scope runs moves that one-off cost from the first request
 * into start-up, which Cloudflare overlaps with the TLS handshake and bounds separately
 * (1 s). It reads no bundled content: the catalog stays lazy, start-up stays independent
 * of the archive's size. `npm run bench` measures both sides (BENCHMARKS.md).
 */
import { libraryFromIndex } from "./articles.ts";
import { renderFeed } from "./feed/render.ts";
import { selectArticles } from "./feed/select.ts";
import { canonicalUrl } from "./http/redirects.ts";
import { readSite } from "./site.ts";
import { stripXmlForbidden } from "./text.ts";
import type { Article, FeedFormat } from "./types.ts";

const SAMPLE: Article = {
  slug: "warm-up",
  path: "/posts/warm-up/",
  id: "urn:uuid:00000000-0000-5000-8000-000000000000",
  title: "预热 <warm-up> & ]]>",
  published: "2026-01-01T00:00:00.000Z",
  updated: "2026-01-01T00:00:00.000Z",
  summary: "预热摘要 & <summary>",
  html: '<p>预热正文 <a href="/posts/other/">link</a> <img src="/posts/warm-up/a.png" alt=""></p>\n',
  tags: ["预热"],
  categories: ["warm"],
  image: "/posts/warm-up/a.png",
  file: "warm-up.md",
};

/**
 * Renders the sample in every format and matches a few paths in `app`'s router (which
 * builds Hono's route matcher). Results are dropped. Nothing here may do I/O, use timers
 * or randomness: workerd forbids those in the global scope.
 */
export function warmUp(app: { router: { match(method: string, path: string): unknown } }): void {
  const library = libraryFromIndex({
    version: "warm-up",
    articles: [SAMPLE],
    tags: { 预热: { name: "预热", articles: [0] } },
    categories: { warm: { name: "warm", articles: [0] } },
  });
  const site = readSite({}, "https://warm-up.invalid/");
  for (const format of ["rss", "atom", "json"] as FeedFormat[]) {
    renderFeed(selectArticles(library, { kind: "site" }, 20), site, format);
    renderFeed(selectArticles(library, { kind: "tags", key: "预热", name: "预热" }, 5), site, format, 5);
  }
  canonicalUrl(new URL("https://warm-up.invalid/tags/X/rss.xml?limit=20"), () => true);
  stripXmlForbidden(SAMPLE.title);
  for (const path of ["/rss.xml", "/tags/x/atom.xml", "/posts/x/", "/__warm-up/none"]) app.router.match("GET", path);
}
