/**
 * @module What the bench measures at each size, found from the built worker itself (its
 * `/tags.json`, `/categories.json`, `/authors.json` and feeds, so nothing depends on the
 * build's internal formats): the routes measured in fresh isolates with their re-render
 * URLs and constant-body baselines, the mix of URLs for the many-responses pass, the URLs
 * of the parity check, and the WebSub discovery headers. Every route is asked once here
 * and must answer 200 at its canonical URL (a URL the worker redirects is replaced by
 * the `Location` it names, so the bench never measures a 301 by mistake).
 *
 * Routes, by group:
 * - `feed`: the subscription feeds of issue 10 (site, most and least used tag, largest
 *   category, the author with most articles; RSS, Atom, JSON Feed; default and
 *   `?limit=100`);
 * - `archive`: RFC 5005 archive pages (`/archive/N/rss.xml`, a term's
 *   `/tags/<t>/archive/N/atom.xml`);
 * - `page`: the browser view, the home, tag and article pages, an embed;
 * - `filter`: issue 13's filters (RSSHub's parameters) on the site-wide feeds;
 * - `variant`: issue 13's `?opencc=` variant of a feed or page, each compared with the
 *   unconverted route it names (`original`).
 */
import type { FeedMix, RouteProbes } from "./isolate.ts";
import { type Answer, type AppTarget, BENCH_HOST, get, type Probe, startWorkerd } from "./workerd.ts";
import type { ProjectConfig, Workspace } from "./workspace.ts";

export type RouteGroup = "baseline" | "control" | "feed" | "archive" | "page" | "filter" | "variant";

/** A route measured in fresh isolates: what it is, its first request and its re-render. */
export interface ColdRoute extends RouteProbes {
  /**
   * `baseline`: a constant body; `control`: a request that does part of a feed's work
   * (opens the index, goes through the app, answers a 304), to split a feed's cost; the
   * others: the responses the targets are about (see the module comment).
   */
  group: RouteGroup;
  /** The constant-body route (by label) whose first request this one's is compared with: the one nearest its size. */
  baseline?: string;
  /** For a `variant` route: the label of the same route without `?opencc=`. */
  original?: string;
  /** The first response's body, as discovered: bytes, and items for a feed document. */
  bytes?: number | undefined;
  items?: number | undefined;
}

/** A feed's `Link` header as the worker sent it, against what WebSub discovery needs. */
export interface LinkCheck {
  path: string;
  status: number;
  link: string | null;
  /** `rel="hub"` and `rel="self"` naming the canonical URL asked. */
  ok: boolean;
}

/** What the measured routes need to know about the built content. */
export interface Discovered {
  siteRssBytes: number;
  siteRss100Bytes: number;
  routes: ColdRoute[];
  /** Every scope's folder path (`/`, `/tags/x/`): the isolate pass spreads its URLs over them. */
  scopes: string[];
  /** The isolate pass's mix of URLs beside plain feeds: variant, filtered, archive pages. */
  mix: FeedMix;
  terms: { tags: number; categories: number; authors: number; popular: Term; rare: Term; category: Term; author?: Term | undefined };
  /** The Chinese variant of the served build, whose routes are measured (undefined: it made none). */
  variant: string | undefined;
  /** WebSub discovery: the `Link` header of feed responses (a 304 included), and what `/websub` answers. */
  websub: { links: LinkCheck[]; hubStatus: number };
  parity: Probe[];
}

export interface Term {
  name: string;
  count: number;
  /** The term's folder, e.g. `/tags/%E5%8D%97%E5%BC%80/`. */
  path: string;
  /** Its newest archive page (RFC 5005 `prev-archive` of its Atom feed), 0 when it has none. */
  archivePages?: number;
}

const DOCUMENT = { "Sec-Fetch-Dest": "document" };
const FORMATS = [
  ["RSS", "rss.xml"],
  ["Atom", "atom.xml"],
  ["JSON", "feed.json"],
] as const;

/**
 * Filters measured on the site-wide feeds, chosen from the generated corpus
 * (scripts/generate-corpus.ts): every title starts with 南开大学 and ends with
 * `| nankai.info`; 学生 and 体育 are in its word list, 新开湖 is near the end of it (a rare
 * word); 南开大学 is its most used tag and a category. Items that pass are counted in the
 * report. filter_time=86400 keeps the articles of the last day: none in a corpus dated
 * 2016-2025 (an empty feed, which is what such a reader gets most days).
 */
export const FILTERS: ReadonlyArray<{ label: string; params: Array<[string, string]> }> = [
  { label: "filter=南开 (common word)", params: [["filter", "南开"]] },
  { label: "filter=新开湖 (rare word)", params: [["filter", "新开湖"]] },
  { label: "filterout=体育", params: [["filterout", "体育"]] },
  { label: "filter_category=南开大学", params: [["filter_category", "南开大学"]] },
  {
    label: "filter=NANKAI, filter_case_sensitive=false",
    params: [
      ["filter", "NANKAI"],
      ["filter_case_sensitive", "false"],
    ],
  },
  {
    label: "filter=南开|Nankai, filterout=体育",
    params: [
      ["filter", "南开|Nankai"],
      ["filterout", "体育"],
    ],
  },
  { label: "filter_time=86400", params: [["filter_time", "86400"]] },
];

/** Words the isolate pass filters with (each on its own): common, middling and rare in the generated corpus. */
const MIX_FILTERS: Array<[string, string]> = [
  ["filter", "学生"],
  ["filter", "校友"],
  ["filterout", "学生"],
  ["filter_category", "校园文化"],
  ["filter_title", "华为"],
];

/** `?` and `params` sorted by name, as the worker writes canonical queries (`limit` and `opencc` sort after every filter). */
export function query(params: Array<[string, string]>): string {
  const sorted = [...params].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return sorted.length === 0 ? "" : `?${new URLSearchParams(sorted)}`;
}

/** Feed items in a body: `<item>`, `<entry>` or JSON Feed `items`; undefined for anything else. */
function countItems(answer: Answer): number | undefined {
  const type = answer.headers.get("content-type") ?? "";
  const text = new TextDecoder().decode(answer.body);
  if (type.includes("rss+xml")) return text.split("<item>").length - 1;
  if (type.includes("atom+xml")) return text.split("<entry>").length - 1;
  if (type.includes("feed+json")) return (JSON.parse(text) as { items?: unknown[] }).items?.length;
  return undefined;
}

/** Finds the scopes, terms and articles to measure, from the worker's own lists, and checks every route answers 200. */
export async function discover(ws: Workspace, app: AppTarget, config: ProjectConfig, variant: string | undefined): Promise<Discovered> {
  const w = await startWorkerd(ws.dir, { app }, config);
  try {
    const json = async <T>(path: string): Promise<T> => {
      const answer = await get(w.origin + path);
      if (answer.status !== 200) throw new Error(`GET ${path} answered ${answer.status}`);
      return JSON.parse(new TextDecoder().decode(answer.body)) as T;
    };
    /** The canonical form of `path`: itself, or where the worker's 301 sends it. */
    const canonical = async (path: string, headers?: Record<string, string>): Promise<string> => {
      const answer = await get(w.origin + path, headers);
      const location = answer.headers.get("location");
      if (answer.status === 301 && location !== null) {
        const url = new URL(location, w.origin);
        return url.pathname + url.search;
      }
      return path;
    };
    const rss = await get(`${w.origin}/rss.xml`);
    const rss100 = await get(`${w.origin}/rss.xml?limit=100`);
    const rss1 = await get(`${w.origin}/rss.xml?limit=1`);
    const etag = rss.headers.get("etag");
    if (rss.status !== 200 || rss100.status !== 200 || rss1.status !== 200 || etag === null) {
      throw new Error(`/rss.xml answered ${rss.status} (ETag ${etag}), with ?limit=100 ${rss100.status}, with ?limit=1 ${rss1.status}`);
    }
    type Listed = { name: string; count: number; url: string };
    const toTerm = (t: Listed): Term => ({ name: t.name, count: t.count, path: new URL(t.url).pathname });
    const tags = (await json<Listed[]>("/tags.json")).map(toTerm);
    const categories = (await json<Listed[]>("/categories.json")).map(toTerm);
    const authors = (await json<Listed[]>("/authors.json")).map(toTerm).sort((a, b) => b.count - a.count);
    const popular = tags[0];
    const rare = tags.find((t) => t.count === tags.at(-1)?.count);
    const category = categories[0];
    const author = authors[0];
    if (!popular || !rare || !category) throw new Error("the build has no tags or no categories");
    type Feed = { items: Array<{ url: string }> };
    const articles = [...(await json<Feed>(`${rare.path}feed.json`)).items, ...(await json<Feed>("/feed.json?limit=10")).items].map((i) => new URL(i.url).pathname);
    const [article, otherArticle] = [...new Set(articles)];
    if (!article || !otherArticle) throw new Error("fewer than two articles to measure");
    /** The newest archive page of a scope: the `prev-archive` link of its Atom feed (RFC 5005), 0 without one. */
    const archivePages = async (folder: string): Promise<number> => {
      const atom = new TextDecoder().decode((await get(`${w.origin}${folder}atom.xml`)).body);
      return Number(/<link rel="prev-archive"[^>]*href="[^"]*\/archive\/(\d+)\/atom\.xml"/.exec(atom)?.[1] ?? 0);
    };
    const site: Term = { name: "site", count: 0, path: "/", archivePages: await archivePages("/") };
    for (const term of [popular, category, ...(author ? [author] : [])]) term.archivePages = await archivePages(term.path);

    // Three constant bodies: as long as the site's feed at ?limit=1, at the default limit and at ?limit=100.
    const tiny = "constant body, size of the site RSS ?limit=1 (baseline)";
    const small = "constant body, size of the site RSS (baseline)";
    const large = "constant body, size of the site RSS ?limit=100 (baseline)";
    const routes: ColdRoute[] = [
      { label: tiny, group: "baseline", first: { path: `/__baseline?bytes=${rss1.body.byteLength}` } },
      { label: small, group: "baseline", first: { path: `/__baseline?bytes=${rss.body.byteLength}` } },
      { label: large, group: "baseline", first: { path: `/__baseline?bytes=${rss100.body.byteLength}` } },
      // The controls split the default site RSS's cost, so they are compared with the constant body of its size.
      { label: "control: open the index only (`/__index`)", group: "control", first: { path: "/__index" }, baseline: small },
      { label: "control: a 404 through the app (routing, middleware, no index)", group: "control", first: { path: "/no-such-page", status: 404 }, baseline: small },
      {
        label: "control: the site RSS answered 304 (the app, the index, its validators; no read)",
        group: "control",
        first: { path: "/rss.xml", headers: { "If-None-Match": etag }, status: 304 },
        baseline: small,
      },
    ];
    const scopes = [
      { label: "site", path: "/" },
      { label: "popular tag", path: popular.path },
      { label: "rare tag", path: rare.path },
      { label: "category", path: category.path },
      ...(author ? [{ label: "author", path: author.path }] : []),
    ];
    for (const scope of scopes) {
      for (const [format, file] of FORMATS) {
        const path = scope.path + file;
        routes.push({ label: `${scope.label} ${format}`, group: "feed", first: { path }, rerender: { path: `${path}?limit=100` } });
        routes.push({ label: `${scope.label} ${format} ?limit=100`, group: "feed", first: { path: `${path}?limit=100` }, rerender: { path: `${path}?limit=99` } });
      }
    }
    // RFC 5005 archive pages (1 = oldest): the site's are its article chunks (full text), a term's come from its archive groups (summaries).
    const archive = (label: string, term: Term, page: number, next: number, file: string): ColdRoute[] =>
      (term.archivePages ?? 0) >= Math.max(page, next, 2)
        ? [{ label, group: "archive", first: { path: `${term.path}archive/${page}/${file}` }, rerender: { path: `${term.path}archive/${next}/${file}` } }]
        : [];
    const middle = (term: Term) => Math.max(1, Math.ceil((term.archivePages ?? 0) / 2));
    routes.push(
      ...archive("site archive page 1 (oldest) RSS", site, 1, 2, "rss.xml"),
      ...archive("site archive page (middle) Atom", site, middle(site), middle(site) + 1, "atom.xml"),
      ...archive("popular tag archive page (middle) Atom", popular, middle(popular), middle(popular) - 1 || 2, "atom.xml"),
      ...archive("category archive page 1 (oldest) JSON", category, 1, 2, "feed.json"),
    );
    routes.push(
      {
        label: "site RSS in a browser (Sec-Fetch-Dest: document)",
        group: "page",
        first: { path: "/rss.xml", headers: DOCUMENT },
        rerender: { path: "/rss.xml?limit=100", headers: DOCUMENT },
      },
      { label: "popular tag page", group: "page", first: { path: popular.path }, rerender: { path: category.path } },
      { label: "home page", group: "page", first: { path: "/" }, rerender: { path: "/opml.xml" } },
      { label: "article page", group: "page", first: { path: article }, rerender: { path: otherArticle } },
      { label: "embed (site)", group: "page", first: { path: "/embed/site" }, rerender: { path: "/embed/site?limit=50" } },
    );
    // Issue 13's filters on the site-wide feeds, at the default limit (re-render: ?limit=100) and at ?limit=100 (re-render: 99).
    for (const filter of FILTERS) {
      for (const [format, file] of FORMATS) {
        const at = (limit?: number) => `/${file}${query([...filter.params, ...(limit === undefined ? [] : ([["limit", String(limit)]] as Array<[string, string]>))])}`;
        routes.push({ label: `site ${format} ${filter.label}`, group: "filter", first: { path: at() }, rerender: { path: at(100) } });
        routes.push({ label: `site ${format} ${filter.label} ?limit=100`, group: "filter", first: { path: at(100) }, rerender: { path: at(99) } });
      }
    }
    // Issue 13's Chinese variant of routes above: the same probes with ?opencc=<variant>, compared with them.
    if (variant !== undefined) {
      const converted = (probe: Probe | undefined): Probe | undefined => {
        if (!probe) return undefined;
        const url = new URL(probe.path, "http://x");
        const params = [...url.searchParams] as Array<[string, string]>;
        return { ...probe, path: url.pathname + query([...params, ["opencc", variant]]) };
      };
      const variantOf = (label: string) => {
        const route = routes.find((r) => r.label === label);
        if (!route) return [];
        return [{ label: `${label}, ${variant}`, group: "variant" as const, original: label, first: converted(route.first) as Probe, rerender: converted(route.rerender) }];
      };
      const originals = [
        ...["site", "popular tag"].flatMap((scope) => FORMATS.flatMap(([format]) => [`${scope} ${format}`, `${scope} ${format} ?limit=100`])),
        "site archive page 1 (oldest) RSS",
        "site RSS in a browser (Sec-Fetch-Dest: document)",
        "popular tag page",
        "home page",
        "article page",
        "embed (site)",
      ];
      routes.push(...originals.flatMap(variantOf));
    }

    // Canonical URLs, bodies and constant bodies of about the same size.
    for (const route of routes) {
      for (const key of ["first", "rerender"] as const) {
        const probe = route[key];
        if (!probe || probe.status !== undefined) continue;
        route[key] = { ...probe, path: await canonical(probe.path, probe.headers) };
      }
      for (const probe of [route.first, route.rerender]) {
        if (!probe) continue;
        const answer = await get(w.origin + probe.path, probe.headers);
        if (answer.status !== (probe.status ?? 200)) throw new Error(`GET ${probe.path} answered ${answer.status}, not ${probe.status ?? 200} (${route.label})`);
        if (probe === route.first) {
          route.bytes = answer.body.byteLength;
          if (route.group !== "baseline") route.items = countItems(answer);
        }
      }
    }
    const bodies = routes.filter((r) => r.group === "baseline");
    for (const route of routes) {
      if (route.group === "baseline" || route.baseline !== undefined || route.bytes === undefined) continue;
      const distance = (b: ColdRoute) => Math.abs(Math.log(Math.max(route.bytes ?? 1, 1) / Math.max(b.bytes ?? 1, 1)));
      route.baseline = bodies.reduce((best, b) => (distance(b) < distance(best) ? b : best)).label;
    }

    // WebSub discovery: every feed response names the hub and its canonical URL in `Link` (README), a 304 included.
    const origin = `http://${BENCH_HOST}`;
    const checkLink = async (path: string, headers?: Record<string, string>, status = 200): Promise<LinkCheck> => {
      const answer = await get(w.origin + path, headers);
      const link = answer.headers.get("link");
      const ok = answer.status === status && link !== null && /rel="hub"/.test(link) && link.includes(`<${origin}${path}>; rel="self"`);
      return { path: headers ? `${path} (${Object.keys(headers).join(", ")})` : path, status: answer.status, link, ok };
    };
    const linkPaths = [
      "/rss.xml",
      `${popular.path}atom.xml?limit=100`,
      ...routes
        .filter((r) => r.group === "archive")
        .map((r) => r.first.path)
        .slice(0, 1),
      ...(author ? [`${author.path}feed.json`] : []),
      ...routes
        .filter((r) => r.group === "filter")
        .map((r) => r.first.path)
        .slice(0, 1),
      `/rss.xml${query([["filter_time", "86400"]])}`,
      ...(variant !== undefined ? [`/rss.xml${query([["opencc", variant]])}`] : []),
    ];
    const links: LinkCheck[] = [];
    for (const path of linkPaths) links.push(await checkLink(path));
    links.push(await checkLink("/rss.xml", { "If-None-Match": etag }, 304));
    const hubStatus = (await get(`${w.origin}/websub`)).status;

    const parity: Probe[] = [
      { path: "/rss.xml" },
      { path: `${popular.path}atom.xml?limit=100` },
      { path: `${category.path}feed.json?limit=7` },
      { path: `${rare.path}rss.xml` },
      { path: "/atom.xml", headers: DOCUMENT },
      { path: "/" },
      { path: popular.path },
      { path: article },
      { path: "/embed/site?theme=dark" },
      { path: "/tags.json" },
      { path: "/opml.xml" },
      { path: "/rss.xml?limit=20" },
      { path: "/rss.xml?limit=0" },
      { path: "/_c/s/site/meta.json" },
      { path: "/_c/a/rss/0.pack" },
      { path: "/no-such-page" },
      // Issue 13 and the newer routes: archive pages, an author feed, filters, a variant.
      ...routes.filter((r) => r.group === "archive").map((r) => r.first),
      ...(author ? [{ path: `${author.path}feed.json` }] : []),
      {
        path: `/feed.json${query([
          ["filter", "南开|Nankai"],
          ["filterout", "体育"],
          ["limit", "50"],
        ])}`,
      },
      {
        path: `/rss.xml${query([
          ["filterout", "体育"],
          ["limit", "20"],
        ])}`,
      },
      ...(variant !== undefined
        ? [{ path: `/atom.xml${query([["opencc", variant]])}` }, { path: `/${query([["opencc", variant]])}` }, { path: `/rss.xml${query([["opencc", "s2tw"]])}` }]
        : []),
    ];
    const archived = [site, popular, category, ...(author ? [author] : [])].flatMap((t) => ((t.archivePages ?? 0) >= 2 ? [{ path: t.path, pages: t.archivePages ?? 0 }] : []));
    return {
      siteRssBytes: rss.body.byteLength,
      siteRss100Bytes: rss100.body.byteLength,
      routes,
      scopes: ["/", ...tags.map((t) => t.path), ...categories.map((c) => c.path), ...authors.map((a) => a.path)],
      mix: { variant, filters: MIX_FILTERS.map((f) => query([f]).slice(1)), archives: archived },
      terms: { tags: tags.length, categories: categories.length, authors: authors.length, popular, rare, category, author },
      variant,
      websub: { links, hubStatus },
      parity,
    };
  } finally {
    await w.stop();
  }
}
