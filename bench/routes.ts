/**
 * @module What the bench measures at each size, found from the built worker itself (its
 * `/tags.json`, `/categories.json` and feeds, so nothing depends on the build's internal
 * formats): the routes measured in fresh isolates with their re-render URLs and
 * constant-body baselines, every scope's folder for the many-responses pass, and the
 * URLs of the parity check. Every route is asked once here and must answer 200.
 */
import type { RouteProbes } from "./isolate.ts";
import { type AppTarget, expectStatus, get, type Probe, startWorkerd } from "./workerd.ts";
import type { ProjectConfig, Workspace } from "./workspace.ts";

/** A route measured in fresh isolates: what it is, its first request and its re-render. */
export interface ColdRoute extends RouteProbes {
  /**
   * `baseline`: a constant body; `control`: a request that does part of a feed's work
   * (opens the index, goes through the app, answers a 304), to split a feed's cost;
   * `feed` and `page`: the responses the targets are about.
   */
  group: "baseline" | "control" | "feed" | "page";
  /** The constant-body route (by label) whose first request this one's is compared with: the one of about its size. */
  baseline?: string;
}

/** What the measured routes need to know about the built content. */
export interface Discovered {
  siteRssBytes: number;
  siteRss100Bytes: number;
  routes: ColdRoute[];
  /** Every scope's folder path (`/`, `/tags/x/`): the isolate pass spreads its URLs over them. */
  scopes: string[];
  terms: { tags: number; categories: number; popular: Term; rare: Term; category: Term };
  parity: Probe[];
}

export interface Term {
  name: string;
  count: number;
  /** The term's folder, e.g. `/tags/%E5%8D%97%E5%BC%80/`. */
  path: string;
}

const DOCUMENT = { "Sec-Fetch-Dest": "document" };
const FORMATS = [
  ["RSS", "rss.xml"],
  ["Atom", "atom.xml"],
  ["JSON", "feed.json"],
] as const;

/** Finds the scopes, terms and articles to measure, from the worker's own lists, and checks every route answers 200. */
export async function discover(ws: Workspace, app: AppTarget, config: ProjectConfig): Promise<Discovered> {
  const w = await startWorkerd(ws.dir, { app }, config);
  try {
    const json = async <T>(path: string): Promise<T> => {
      const answer = await get(w.origin + path);
      if (answer.status !== 200) throw new Error(`GET ${path} answered ${answer.status}`);
      return JSON.parse(new TextDecoder().decode(answer.body)) as T;
    };
    const rss = await get(`${w.origin}/rss.xml`);
    const rss100 = await get(`${w.origin}/rss.xml?limit=100`);
    const etag = rss.headers.get("etag");
    if (rss.status !== 200 || rss100.status !== 200 || etag === null) throw new Error(`/rss.xml answered ${rss.status} (ETag ${etag}), with ?limit=100 ${rss100.status}`);
    type Listed = { name: string; count: number; url: string };
    const toTerm = (t: Listed): Term => ({ name: t.name, count: t.count, path: new URL(t.url).pathname });
    const tags = (await json<Listed[]>("/tags.json")).map(toTerm);
    const categories = (await json<Listed[]>("/categories.json")).map(toTerm);
    const popular = tags[0];
    const rare = tags.find((t) => t.count === tags.at(-1)?.count);
    const category = categories[0];
    if (!popular || !rare || !category) throw new Error("the build has no tags or no categories");
    type Feed = { items: Array<{ url: string }> };
    const articles = [...(await json<Feed>(`${rare.path}feed.json`)).items, ...(await json<Feed>("/feed.json?limit=10")).items].map((i) => new URL(i.url).pathname);
    const [article, otherArticle] = [...new Set(articles)];
    if (!article || !otherArticle) throw new Error("fewer than two articles to measure");

    // Two constant bodies: as long as the site's default feed, and as long as its ?limit=100 feed.
    const small = "constant body, size of the site RSS (baseline)";
    const large = "constant body, size of the site RSS ?limit=100 (baseline)";
    const routes: ColdRoute[] = [
      { label: small, group: "baseline", first: { path: `/__baseline?bytes=${rss.body.byteLength}` } },
      { label: large, group: "baseline", first: { path: `/__baseline?bytes=${rss100.body.byteLength}` } },
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
    ];
    for (const scope of scopes) {
      for (const [format, file] of FORMATS) {
        const path = scope.path + file;
        routes.push({ label: `${scope.label} ${format}`, group: "feed", first: { path }, rerender: { path: `${path}?limit=100` }, baseline: small });
        routes.push({ label: `${scope.label} ${format} ?limit=100`, group: "feed", first: { path: `${path}?limit=100` }, rerender: { path: `${path}?limit=99` }, baseline: large });
      }
    }
    routes.push(
      { label: "site RSS in a browser (Sec-Fetch-Dest: document)", group: "page", first: { path: "/rss.xml", headers: DOCUMENT }, rerender: { path: "/rss.xml?limit=100", headers: DOCUMENT }, baseline: small },
      { label: "popular tag page", group: "page", first: { path: popular.path }, rerender: { path: category.path }, baseline: small },
      { label: "home page", group: "page", first: { path: "/" }, rerender: { path: "/opml.xml" }, baseline: small },
      { label: "article page", group: "page", first: { path: article }, rerender: { path: otherArticle }, baseline: small },
      { label: "embed (site)", group: "page", first: { path: "/embed/site" }, rerender: { path: "/embed/site?limit=50" }, baseline: small },
    );
    for (const route of routes) {
      for (const probe of [route.first, route.rerender]) {
        if (!probe) continue;
        await expectStatus(w.origin, probe, route.label);
      }
    }
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
    ];
    return {
      siteRssBytes: rss.body.byteLength,
      siteRss100Bytes: rss100.body.byteLength,
      routes,
      scopes: ["/", ...tags.map((t) => t.path), ...categories.map((c) => c.path)],
      terms: { tags: tags.length, categories: categories.length, popular, rare, category },
      parity,
    };
  } finally {
    await w.stop();
  }
}
