/**
 * @module Start-up warm-up. A fresh isolate's first request pays for V8 compiling the
 * code it runs: Hono's router, the canonical-URL rules, the assembler, validators and the
 * page views. Running them once on synthetic input while the worker's global scope runs
 * moves that one-off cost into start-up, which Cloudflare overlaps with the TLS
 * handshake and bounds separately (1 s). It reads no content, not even the index, so
 * start-up does not grow with the archive. `npm run bench` measures both sides.
 */
import { openPack, packSegments } from "./content/pack.ts";
import { PLACEHOLDERS } from "./content/placeholders.ts";
import { assembleFeed } from "./feed/assemble.ts";
import { filterWindow } from "./feed/documents.ts";
import { parseFilters } from "./feed/filters.ts";
import { siteOf } from "./feed/site.ts";
import { fillHead } from "./feed/template.ts";
import { Digest } from "./hash.ts";
import { isNotModified } from "./http/conditional.ts";
import { canonicalUrl } from "./http/redirects.ts";
import { type Site, siteSettings } from "./settings.ts";
import { dayWindow } from "./stats/days.ts";
import { classifyAgent } from "./stats/user-agents.ts";
import type { ArticleMeta, TermKind } from "./types.ts";
import { renderEmbed } from "./views/embed.tsx";
import { renderFeedPage } from "./views/feed-page.tsx";
import { renderHomeTerms } from "./views/home-terms.ts";
import { renderArticlePage, renderHome, renderTermPage } from "./views/pages.tsx";
import { renderTermIndex } from "./views/term-index.tsx";

const SITE: Site = siteOf(siteSettings({ SITE_TITLE: "预热" }), "https://warm-up.invalid");

const { origin: ORIGIN, query: QUERY, title: TITLE, updated: UPDATED } = PLACEHOLDERS;

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
  authors: [],
};

/**
 * Runs the request path's code on synthetic input and matches a few paths in `app`'s
 * router (which builds Hono's route matcher). Results are dropped. Nothing here may do
 * I/O, use timers or randomness: workerd forbids those in the global scope.
 */
export function warmUp(app: WarmUpApp): void {
  const encoder = new TextEncoder();
  for (const format of ["rss", "atom", "json"] as const) {
    const head = fillHead(`<head>${ORIGIN}${QUERY}${UPDATED}${TITLE}`, format, { query: "?limit=5", updated: new Date(0), titleAddition: " (warm)", origin: SITE.origin });
    const item = openPack(packSegments([encoder.encode(`<item>${ORIGIN}/</item>`), encoder.encode("</tail>")]));
    assembleFeed(
      head,
      [0, 1].map((i) => ({ bytes: item.segment(i), origins: item.origins(item.segment(i)) })),
      SITE.origin,
    );
    renderFeedPage({ scope: { kind: "site" }, articles: [SAMPLE] }, SITE, format, 5);
  }
  renderEmbed({ scope: { kind: "tags", key: "预热", name: "预热" }, articles: [SAMPLE] }, SITE, "auto");
  // The pages for people (the home page's lists of terms are made at build time, with the same code).
  const listed = (kind: TermKind) => [1, 2].map((n) => ({ kind, key: `预热${n}`, name: `预热${n}`, count: n }));
  renderHome(renderHomeTerms({ tags: listed("tags"), categories: listed("categories"), authors: listed("authors"), sections: listed("sections") }, SITE), [SAMPLE, SAMPLE], SITE);
  renderTermPage({ kind: "tags", key: "预热", name: "预热" }, [SAMPLE], SITE, { page: 1, pages: 2, total: 2 });
  renderArticlePage({ ...SAMPLE, html: '<p>预热 <a href="/x">x</a></p>' }, SITE);
  renderTermIndex("tags", "<ul></ul>", { page: 2, pages: 3, terms: 401 }, SITE);
  new Digest().text("warm").word(1).hex();
  // Filters (issue 13): parsing, matching every field, case folded or not.
  for (const search of ["filter=预热|warm&filterout=x", "filter_title=预&filter_description=热&filter_author=a&filter_category=预热&filter_case_sensitive=false&filter_time=60"]) {
    const params = new URLSearchParams(search);
    const filters = parseFilters((name) => params.getAll(name));
    if (filters.ok && filters.value) filterWindow([SAMPLE, SAMPLE], filters.value, 20, SITE.author, 0);
  }
  isNotModified(new Headers({ "If-None-Match": 'W/"b", "a"' }), '"a"', new Date(0));
  isNotModified(new Headers({ "If-Modified-Since": "Sun, 06 Nov 1994 08:49:37 GMT" }), '"a"', new Date(0), 0);
  // Subscriber counts (issue 23): every pattern of the readers' table (an unknown UA tries
  // them all), and the zone's date formatter, which the first counted fetch would build.
  for (const ua of ["Feedbin feed-id:1 - 2 subscribers", "warm-up"]) classifyAgent(ua);
  dayWindow(0, SITE.timeZone);
  canonicalUrl(new URL("https://warm-up.invalid/tags/X/rss.xml?limit=20"), () => true);
  for (const path of ["/rss.xml", "/tags/x/atom.xml", "/posts/x/", "/__warm-up/none"]) app.router.match("GET", path);
  // The app itself, through its content reads: middleware, redirects, routing, query
  // parsing, the index (opened here: it is in the script), validators, then reading,
  // opening and assembling packs. The content it reads is synthetic (`warmUpContent`):
  // it answers at once, in place of a Response (start-up may not make one with a
  // body), so the promise chain runs in start-up's microtasks as far as it gets. Its
  // response is never made (start-up forbids it), so nothing is answered or kept.
  for (const fetched of warmUpFetches(app, encoder)) fetched.catch(() => {});
}

/** The requests warm-up sends through the app: the feeds (one filtered), a term page, the home page and an index. */
export const WARM_UP_PATHS = ["/rss.xml?limit=100", "/atom.xml?filter=a", "/feed.json", "/tags/x/", "/", "/tags/"] as const;

/**
 * Sends `WARM_UP_PATHS` through `app` with the synthetic content, each request's
 * outcome a promise: whatever start-up does not allow rejects it, and is simply not
 * warmed. Tests run them outside start-up, where every one must get through.
 */
export function warmUpFetches(app: WarmUpApp, encoder = new TextEncoder()): Promise<unknown>[] {
  const env = { ASSETS: warmUpContent(encoder) };
  warmUpEnvs.add(env);
  return WARM_UP_PATHS.map((path) => {
    try {
      return Promise.resolve(app.fetch(new Request(`${SITE.origin}${path}`), env));
    } catch (error) {
      return Promise.reject(error);
    }
  });
}

/** `text` in UTF-16LE, as window metadata is stored (src/content/layout.ts `META_ENCODING`). */
function utf16le(text: string): Uint8Array {
  const bytes = new Uint8Array(2 * text.length);
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    bytes[2 * i] = unit & 0xff;
    bytes[2 * i + 1] = unit >> 8;
  }
  return bytes;
}

/**
 * Content for warm-up requests, whatever the path: window metadata (`.json`) as a JSON
 * list in UTF-16LE, page chunks as page records, and every other pack as segments that serve as a
 * head template, an item or a tail. Answers with what `readFile` uses of a Response.
 */
function warmUpContent(encoder: TextEncoder): { fetch(request: Request): Promise<Response> } {
  const meta = utf16le(JSON.stringify(Array.from({ length: 100 }, () => SAMPLE)));
  const segment = encoder.encode(`<head>${QUERY} ${UPDATED} ${TITLE} ${ORIGIN}/x</head>`);
  const packs = packSegments(Array.from({ length: 130 }, () => segment));
  const page = packSegments(Array.from({ length: 130 }, () => encoder.encode(JSON.stringify({ ...SAMPLE, html: "<p>预热</p>" }))));
  return {
    async fetch(request) {
      const path = new URL(request.url).pathname;
      const bytes = path.endsWith(".json") ? meta : path.includes("/page/") ? page : packs;
      return { ok: true, status: 200, arrayBuffer: async () => bytes.slice().buffer } as unknown as Response;
    },
  };
}

/**
 * The environments of warm-up requests. Start-up forbids making responses with bodies,
 * so a warm-up request that gets that far (an error, a 404) fails there: the app's error
 * handler lets it fail silently rather than log it (src/index.ts).
 */
const warmUpEnvs = new WeakSet<object>();

/** Whether `env` is a warm-up request's. */
export function isWarmUp(env: unknown): boolean {
  return typeof env === "object" && env !== null && warmUpEnvs.has(env);
}

/** What warming up needs of the app. */
interface WarmUpApp {
  router: { match(method: string, path: string): unknown };
  fetch(request: Request, env: unknown): unknown;
}
