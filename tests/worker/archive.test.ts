/**
 * Issue 12 through the worker's routes, in workerd with the built sample content: author
 * feeds and pages, archive pages (RFC 5005) and their URLs, the site icon and Media RSS.
 * Multi-page archives are walked in tests/node/archive.test.ts.
 */
import { parseAtomFeed, parseJsonFeed, parseRssFeed } from "feedsmith";
import { describe, expect, it } from "vitest";
import { content } from "../../src/content/bundled.ts";
import { termPath } from "../../src/feed/urls.ts";
import { CHECKS } from "../fixtures/feed-rules.ts";
import { contentIndex, get, ORIGIN, parseXml } from "./helpers.ts";

const index = contentIndex();
const FILES = ["rss.xml", "atom.xml", "feed.json"] as const;
const CHECK = { "rss.xml": CHECKS.rss, "atom.xml": CHECKS.atom, "feed.json": CHECKS.json } as const;

describe("author feeds and pages", () => {
  const authors = Object.values(index.authors);

  it("the sample content has several authors, one with a CJK name, and the site's author for articles naming nobody", () => {
    const names = authors.map((a) => a.name);
    expect(names.length).toBeGreaterThanOrEqual(3);
    expect(names.some((n) => /\p{Script=Han}/u.test(n))).toBe(true);
    expect(names).toContain(content().settings.author);
    expect(index.articles.some((a) => a.authors.length > 1)).toBe(true);
  });

  it.each(authors.map((a) => a.name))("%s: every format lists exactly the author's articles, newest first, with every author named", async (name) => {
    const term = authors.find((a) => a.name === name);
    const expected = (term?.articles ?? []).map((i) => index.articles[i]);
    const base = termPath("authors", name);
    const rss = parseRssFeed(await (await get(`${base}rss.xml`)).text());
    expect(rss.items?.map((i) => i.title)).toEqual(expected.map((a) => a?.title));
    const atom = parseAtomFeed(await (await get(`${base}atom.xml`)).text());
    expect(atom.entries?.map((e) => e.id)).toEqual(expected.map((a) => a?.id));
    const json = parseJsonFeed(await (await get(`${base}feed.json`)).text());
    expect(json.items?.map((i) => i.id)).toEqual(expected.map((a) => a?.id));
    expected.forEach((a, i) => {
      const names = a && a.authors.length > 0 ? a.authors : [content().settings.author];
      expect(json.items?.[i]?.authors?.map((x) => x.name)).toEqual(names);
      expect(atom.entries?.[i]?.authors?.map((x) => x.name)).toEqual(names);
      expect(rss.items?.[i]?.dc?.creators).toEqual(names);
    });
    for (const file of FILES) {
      const res = await get(`${base}${file}`);
      expect(CHECK[file](await res.text(), { location: ORIGIN + base + file }), `${name} ${file}`).toEqual([]);
    }
  });

  it("article pages name their authors, or the site's author, linking their author pages", async () => {
    for (const article of index.articles) {
      const html = await (await get(article.path)).text();
      const names = article.authors.length > 0 ? article.authors : [content().settings.author];
      const links = [...html.matchAll(/<a rel="author" href="([^"]*)">([^<]*)<\/a>/g)].map((m) => [m[1], m[2]]);
      expect(links, article.slug).toEqual(names.map((name) => [ORIGIN + termPath("authors", name), name]));
    }
  });

  it("/authors.json lists every author with its count and feeds; author pages resolve; another spelling redirects", async () => {
    const list = (await (await get("/authors.json")).json()) as { name: string; count: number; url: string }[];
    expect(list.map((a) => [a.name, a.count]).sort()).toEqual(authors.map((a) => [a.name, a.articles.length]).sort());
    for (const a of list) expect((await get(a.url.slice(ORIGIN.length))).status).toBe(200);
    const res = await get("/authors/JANE%20DOE/", { redirect: "manual" });
    expect([res.status, res.headers.get("location")]).toEqual([301, `${ORIGIN}/authors/jane%20doe/`]);
    expect((await get("/authors/nobody-at-all/rss.xml")).status).toBe(404);
  });
});

describe("archive pages (RFC 5005)", () => {
  const size = content().settings.pageSize;
  const pages = Math.ceil(index.articles.length / size);
  /** A category with two archive pages (the sample site's page size is small: wrangler.toml). */
  const tech = index.categories.tech?.articles ?? [];

  it("the sample site has archives of several pages, and a category of two", () => {
    expect([size, pages, tech.length > size, tech.length <= 2 * size]).toEqual([5, 3, true, true]);
  });

  it.each(FILES)("the site's %s links its newest archive page; following the pages reaches every article once, each marked fh:archive", async (file) => {
    const subscription = await (await get(`/${file}`)).text();
    const olderOf = (body: string): string | undefined =>
      file === "feed.json"
        ? (JSON.parse(body) as { next_url?: string }).next_url
        : (file === "rss.xml" ? parseXml(body).rss.channel["atom:link"] : parseXml(body).feed.link).find((l: any) => l["@rel"] === "prev-archive")?.["@href"];
    const idsOf = (body: string): string[] =>
      file === "feed.json"
        ? (JSON.parse(body) as { items: { id: string }[] }).items.map((i) => i.id)
        : file === "rss.xml"
          ? parseXml(body).rss.channel.item.map((i: any) => i.guid["#text"])
          : parseXml(body).feed.entry.map((e: any) => e.id);
    expect(olderOf(subscription)).toBe(`${ORIGIN}/archive/${pages}/${file}`);
    const seen: string[] = [];
    for (let url = olderOf(subscription), n = pages; url !== undefined; url = olderOf(await (await get(url.slice(ORIGIN.length))).text()), n--) {
      expect(url).toBe(`${ORIGIN}/archive/${n}/${file}`);
      const res = await get(url.slice(ORIGIN.length));
      const body = await res.text();
      expect(CHECK[file](body, { location: url }), url).toEqual([]);
      expect(res.headers.get("cache-control"), url).toBe(n < pages ? "public, max-age=31536000, immutable" : "public, max-age=300, s-maxage=600, stale-while-revalidate=86400");
      if (file !== "feed.json") {
        const head = file === "rss.xml" ? parseXml(body).rss.channel : parseXml(body).feed;
        expect(head["fh:archive"]).toBe("");
        const links = (file === "rss.xml" ? head["atom:link"] : head.link).map((l: any) => [l["@rel"], l["@href"]]);
        expect(links).toContainEqual(["current", `${ORIGIN}/${file}`]);
        if (n < pages) expect(links).toContainEqual(["next-archive", `${ORIGIN}/archive/${n + 1}/${file}`]);
      }
      seen.push(...idsOf(body));
    }
    expect(seen).toEqual(index.articles.map((a) => a.id));
  });

  it.each([
    ["/archive/0/rss.xml", 404],
    [`/archive/${pages + 1}/rss.xml`, 404],
    ["/archive/x/rss.xml", 404],
    ["/categories/tech/archive/2/atom.xml", 200],
    ["/categories/tech/archive/3/atom.xml", 404],
    ["/categories/tech/archive/1/", 200],
    ["/authors/edge%20feeds/archive/1/feed.json", 200],
    // A scope that fits on one page has no archive: its feed holds it all.
    ["/tags/rss/archive/1/atom.xml", 404],
    ["/tags/rss/archive/1/", 404],
    ["/archive/1/", 404],
  ])("%s is %i", async (path, status) => {
    expect((await get(path)).status).toBe(status);
  });

  it.each([
    ["/archive/01/rss.xml", "/archive/1/rss.xml"],
    ["/archive/1/feed", "/archive/1/rss.xml"],
    ["/categories/TECH/archive/001/atom", "/categories/tech/archive/1/atom.xml"],
    ["/categories/tech/archive/1", "/categories/tech/archive/1/"],
    ["/categories/tech/archive/1/rss.xml/", "/categories/tech/archive/1/rss.xml"],
  ])("%s redirects 301 to %s", async (from, to) => {
    const res = await get(from, { redirect: "manual" });
    expect([res.status, res.headers.get("location")]).toEqual([301, ORIGIN + to]);
  });

  it("an archive page takes no ?limit=, not even the default", async () => {
    for (const query of ["?limit=5", "?limit=20"]) {
      const res = await get(`/archive/1/rss.xml${query}`);
      expect([res.status, await res.text()]).toEqual([
        400,
        "limit does not apply to archive pages: each holds a fixed set of articles; for the newest, use the feed without /archive/N/",
      ]);
    }
  });

  it("a term's archive pages hold its articles in brief, oldest page first", async () => {
    const ids = tech.map((i) => index.articles[i]?.id);
    const pageOf = async (n: number) => (await (await get(`/categories/tech/archive/${n}/feed.json`)).json()) as { items: Record<string, unknown>[]; next_url?: string };
    const [one, two] = [await pageOf(1), await pageOf(2)];
    expect([...two.items, ...one.items].map((i) => i.id)).toEqual(ids);
    expect([two.next_url, one.next_url]).toEqual([`${ORIGIN}/categories/tech/archive/1/feed.json`, undefined]);
    for (const item of [...one.items, ...two.items]) expect([item.content_html, typeof item.content_text, typeof item.summary]).toEqual([undefined, "string", "string"]);
  });

  it("term pages link their archive pages, older and newer, as the feeds do", async () => {
    const page = await (await get("/categories/tech/")).text();
    expect(page).toContain(`href="${ORIGIN}/categories/tech/archive/2/"`);
    const newest = await (await get("/categories/tech/archive/2/")).text();
    expect(newest).toContain(`href="${ORIGIN}/categories/tech/"`);
    expect(newest).toContain(`href="${ORIGIN}/categories/tech/archive/1/"`);
    const oldest = await (await get("/categories/tech/archive/1/")).text();
    expect(oldest).toContain(`href="${ORIGIN}/categories/tech/archive/2/"`);
    expect(await (await get("/tags/rss/")).text()).not.toContain("/archive/");
  });
});

describe("feed identity and lead images", () => {
  it("the default icon is a PNG the feeds name as RSS image, Atom icon and JSON icon/favicon", async () => {
    const icon = await get("/icon.png");
    expect(icon.headers.get("content-type")).toBe("image/png");
    expect([...new Uint8Array(await icon.arrayBuffer()).slice(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const url = `${ORIGIN}/icon.png`;
    const rss = parseXml(await (await get("/rss.xml")).text()).rss.channel;
    expect([rss.image.url, rss.image.title, rss.image.link, rss.ttl]).toEqual([url, rss.title, rss.link, Math.ceil(300 / 60)]);
    expect(parseXml(await (await get("/atom.xml")).text()).feed.icon).toBe(url);
    const json = (await (await get("/feed.json")).json()) as { icon: string; favicon: string };
    expect([json.icon, json.favicon]).toEqual([url, url]);
  });

  it("the seed's lead image is Media RSS content and thumbnail, and JSON image; no Atom enclosure for its unknown type", async () => {
    const seed = index.articles.find((a) => a.slug === "a73b2dddb8d46bb4670cb0a29fd9a8be");
    expect(seed?.image).toMatch(/^http:\/\/news\.nankai\.edu\.cn\//);
    const rss = parseXml(await (await get("/rss.xml")).text()).rss.channel;
    const item = rss.item.find((i: any) => i.guid["#text"] === seed?.id);
    expect([item["media:content"]?.["@url"], item["media:content"]?.["@medium"], item["media:thumbnail"]?.["@url"]]).toEqual([seed?.image, "image", seed?.image]);
    const atom = parseXml(await (await get("/atom.xml")).text()).feed;
    const entry = atom.entry.find((e: any) => e.id === seed?.id);
    expect(entry.link.filter((l: any) => l["@rel"] === "enclosure")).toEqual([]);
    const json = (await (await get("/feed.json")).json()) as { items: { id: string; image?: string }[] };
    expect(json.items.find((i) => i.id === seed?.id)?.image).toBe(seed?.image);
  });
});
