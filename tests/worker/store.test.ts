/**
 * Issue 10: the worker reads content from Workers Static Assets (the files `npm run
 * build` wrote to dist/content/, served by the ASSETS binding): how many reads each
 * response costs, what a missing file does, and that no content file is public and no
 * draft is in any of them.
 */
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { content } from "../../src/content/bundled.ts";
import { bucketPath, bucketRuns, CONTENT_PREFIX, newestBucket } from "../../src/content/layout.ts";
import { createApp } from "../../src/index.ts";
import { contentIndex, ORIGIN } from "./helpers.ts";

const ASSET_PATHS = (env as unknown as { TEST_ASSET_PATHS: string[] }).TEST_ASSET_PATHS;

/** The real ASSETS binding, counting the reads that go through it; `fail` paths answer 404 as if missing. */
function countingAssets(fail: (path: string) => boolean = () => false) {
  const reads: string[] = [];
  const assets = {
    fetch: async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input, init);
      const path = new URL(request.url).pathname;
      reads.push(path);
      return fail(path) ? new Response("missing", { status: 404 }) : env.ASSETS.fetch(request);
    },
  } as unknown as Fetcher;
  return { reads, env: { ...env, ASSETS: assets } };
}

/** A request to a fresh app (empty response cache for its keys only when `path` is new to this isolate: use unique queries). */
async function request(path: string, vars: object, init?: RequestInit): Promise<Response> {
  return createApp().request(ORIGIN + path, init ?? {}, vars);
}

describe("reads per response", () => {
  // A feed is one read per window bucket it reaches: one while it fits in the newest
  // bucket (the sample site has 14 articles, all in one; tests/node/build.test.ts
  // assembles larger windows).
  const site = bucketRuns(100, content().site.count).length;
  it.each([
    ["/rss.xml?limit=7", 1],
    ["/atom.xml?limit=21", site],
    ["/feed.json?limit=100", site],
    ["/tags/rss/rss.xml?limit=3", 1],
    ["/categories/tech/feed.json?limit=99", 1],
    ["/tags/rss/atom.xml?limit=9&view=html", 1],
    ["/tags/rss/?x=1", 1],
    ["/embed/tags/rss?limit=4", 1],
    // The site's window metadata and the lists of terms made at build time (src/build/lists.ts).
    ["/?reads=1", 2],
    ["/posts/hello-world/?reads=1", 1],
    // Made at build time, 1,000 terms a page (issue 20): one read.
    ["/tags.json?reads=1", 1],
    // Made at build time (src/build/lists.ts): one read.
    ["/opml.xml?format=json", 1],
  ])("%s reads %i content file(s)", async (path, expected) => {
    const { reads, env: vars } = countingAssets();
    const res = await request(path, vars);
    expect(res.status).toBe(200);
    await res.arrayBuffer();
    expect(reads.length).toBe(expected);
    expect(new Set(reads).size).toBe(reads.length);
    expect(reads.every((p) => p.startsWith(CONTENT_PREFIX))).toBe(true);
  });

  it("a revalidation that matches reads nothing at all", async () => {
    const { reads, env: vars } = countingAssets();
    const first = await request("/tags/notes/atom.xml?limit=11", vars);
    await first.arrayBuffer();
    const before = reads.length;
    const etag = first.headers.get("etag") ?? "";
    const fresh = countingAssets();
    const again = await request("/tags/notes/atom.xml?limit=11", fresh.env, { headers: { "If-None-Match": etag } });
    expect([again.status, fresh.reads, before]).toEqual([304, [], 1]);
  });
});

describe("a content file that cannot be read", () => {
  afterEach(() => vi.restoreAllMocks());

  it("is a 503 with Retry-After, never a truncated feed, and is logged once with its path", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const path = bucketPath(content().site.id, "rss", newestBucket(content().site.count).bucket);
    const broken = (read: string) => read === path;
    const { env: vars } = countingAssets(broken);
    for (const query of ["?limit=2", "?limit=3"]) {
      const res = await request(`/rss.xml${query}`, vars);
      expect([res.status, res.headers.get("retry-after"), res.headers.get("content-type"), res.headers.get("x-content-type-options")]).toEqual([
        503,
        "30",
        "text/plain; charset=UTF-8",
        "nosniff",
      ]);
      expect(await res.text()).toBe("Service unavailable: this content cannot be read right now. Try again shortly.");
    }
    expect(log).toHaveBeenCalledTimes(1);
    expect(String(log.mock.calls[0]?.[0])).toBe(`503 on /rss.xml: content file ${path}: answered 404`);
    // Other documents still work.
    expect((await request("/atom.xml?limit=2", vars)).status).toBe(200);
  });

  it("in a Chinese variant, is logged with the variant's own path, once, apart from the original's (issue 21)", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const [variant] = content().settings.variants;
    if (variant === undefined) throw new Error("the sample site builds a Chinese variant (wrangler.toml)");
    // A term's bucket holds every copy (issue 20: src/content/shards.ts `holdsEveryCopy`): the variant reads the original's path, and says which copy.
    const notes = content().find("categories", "notes");
    if (notes === undefined || notes.shard !== undefined) throw new Error("the sample's category notes has files of its own");
    const path = bucketPath(notes.id, "atom", newestBucket(notes.count).bucket);
    // The site's files are one per copy: the variant's are under its root.
    const site = bucketPath(content().site.id, "atom", newestBucket(content().site.count).bucket);
    const { env: vars } = countingAssets((read) => read === path || read === `/_c/v/${variant}${site}`);
    for (const feed of ["/categories/notes/atom.xml", "/atom.xml"]) {
      for (const query of [`?limit=4&opencc=${variant}`, `?limit=6&opencc=${variant}`, "?limit=4", "?limit=6"]) {
        const res = await request(`${feed}${query}`, vars);
        expect([feed, query, res.status]).toEqual([feed, query, query.includes("opencc") || feed !== "/atom.xml" ? 503 : 200]);
        await res.arrayBuffer();
      }
    }
    expect(log.mock.calls.map((call) => String(call[0]))).toEqual([
      `503 on /categories/notes/atom.xml: content file ${path} (copy 1): answered 404`,
      `503 on /categories/notes/atom.xml: content file ${path}: answered 404`,
      `503 on /atom.xml: content file /_c/v/${variant}${site}: answered 404`,
    ]);
  });
});

describe("the assets directory", () => {
  it("was built (npm run build) and holds chunks, scope windows, archives, the OPML lists, the home page's lists of terms, the kinds' indexes, the sitemaps and the schedule's store only", () => {
    expect(ASSET_PATHS.length).toBeGreaterThan(20);
    // The original, and each Chinese variant's copy of it under /_c/v/<variant> (its lists, indexes and shards: chunks and scope files hold
    // every copy); the sitemaps, which list the original's URLs, once.
    const shape =
      /^(?:\/_c\/v\/(?:s2t|s2tw|s2hk|t2s|tw2s|hk2s))?\/_c\/(?:opml\.(?:rss|atom|json)\.pack|home\.pack|t\/(?:tags|categories|authors|sections)\.(?:list\.)?\d+\.pack|p\/\d+\.pack|a\/(?:rss|atom|json|page)\/\d+\.pack|s\/[a-z0-9-]+\/(?:(?:rss|atom|json)\.(?:[0-5]|heads)\.pack|archive\.\d+\.pack|meta\.json))$|^\/_c\/sitemap\/(?:articles|pages)-[1-9]\d*\.pack$|^\/_c\/x\/[0-9a-f]{32}$/;
    for (const path of ASSET_PATHS) expect(path).toMatch(shape);
  });

  it("no content file is readable at its public URL", async () => {
    for (const path of ASSET_PATHS) {
      const res = await createApp().request(ORIGIN + path, {}, env);
      expect([path, res.status]).toEqual([path, 404]);
    }
  });

  it("holds no draft: not its slug, title or text, in any file", async () => {
    const draft = ["draft-feed-pagination", "DRAFT: notes on feed pagination", "This is a draft and should never appear"];
    expect(contentIndex().articles.map((a) => a.slug)).not.toContain(draft[0]);
    for (const path of ASSET_PATHS) {
      const text = await (await env.ASSETS.fetch(new Request(`https://assets.invalid${path}`))).text();
      for (const needle of draft) expect([path, text.includes(needle)]).toEqual([path, false]);
    }
  });
});
