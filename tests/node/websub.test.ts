/**
 * Issue 14, the pure parts of WebSub, as tables: settings, discovery (in the documents
 * the serialiser writes, checked against the feed rules and read back), subscription
 * requests, topics, leases, retries, batches, the verification and distribution
 * requests, signatures (against node:crypto and RFC 4231), and what the deploy script
 * tells other hubs. The hub's Durable Object is tested in workerd
 * (tests/worker/websub.test.ts), the whole path under wrangler dev (tests/e2e/).
 */
import { createHmac } from "node:crypto";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { articleId } from "../../src/build/compile.ts";
import { readSettings } from "../../src/build/settings.ts";
import type { Catalog } from "../../src/content/catalog.ts";
import { metaPath, WINDOW } from "../../src/content/layout.ts";
import { readingOnce } from "../../src/content/store.ts";
import { feedRepresentation, feedTag, unfilteredTag } from "../../src/feed/documents.ts";
import { parseFeedQuery } from "../../src/feed/query.ts";
import { hubUrls, linkHeader } from "../../src/feed/site.ts";
import { hubList, siteSettings } from "../../src/settings.ts";
import type { Article, FeedFormat, Scope } from "../../src/types.ts";
import { confirms, outcome, readCapped, verificationUrl } from "../../src/websub/callbacks.ts";
import { grantLease, hubPolicy, isExpired, leaseEnd, planBatch, planChecks, planVerifications, retryDelay } from "../../src/websub/policy.ts";
import { changedTopics, deployedOrigin, publishForm } from "../../src/websub/publish.ts";
import { callbackHost, normaliseCallback, parseHubRequest } from "../../src/websub/request.ts";
import { signature } from "../../src/websub/signature.ts";
import { documentReads, resolveTopic, siteTopics, type Topic, topicDocument, topicProbe } from "../../src/websub/topic.ts";
import { articleSource } from "../fixtures/articles.ts";
import { contextOn, siteOn, workspace } from "../fixtures/built.ts";
import { CHECKS, NS } from "../fixtures/feed-rules.ts";
import { renderFeed, siteWith } from "../fixtures/oracle.ts";
import { readWithFeedsmith } from "../fixtures/readers.ts";
import { childNamed, childrenNamed, parseXmlStrict, type XmlElement } from "../fixtures/xml.ts";

const ORIGIN = "https://feeds.example";
const FORMATS: FeedFormat[] = ["rss", "atom", "json"];
const bytes = (text: string) => new TextEncoder().encode(text);

describe("settings", () => {
  it.each([
    [{}, true, []],
    [{ WEBSUB_HUB: "off" }, false, []],
    [{ WEBSUB_HUB: " OFF " }, false, []],
    [{ WEBSUB_HUB: "on", WEBSUB_HUBS: "https://hub.example" }, true, ["https://hub.example/"]],
    [{ WEBSUB_HUBS: "https://a.example/hub, https://b.example/?x=1&y=2\n https://a.example/hub" }, true, ["https://a.example/hub", "https://b.example/?x=1&y=2"]],
    [{ WEBSUB_HUBS: "  " }, true, []],
  ])("%j -> hub %s, hubs %j", (vars, hub, hubs) => {
    expect(siteSettings(vars)).toMatchObject({ websubHub: hub, websubHubs: hubs });
  });

  it.each([
    ["ftp://hub.example/ https://ok.example/", ["https://ok.example/"]],
    ["hub.example", []],
    ["javascript:alert(1)", []],
  ])("hubList(%j) keeps only http(s) URLs: %j", (value, urls) => {
    expect(hubList(value)).toEqual(urls);
  });

  it.each([
    [{ WEBSUB_HUB: "maybe" }, ['WEBSUB_HUB: "maybe" is neither "on" nor "off"']],
    [
      { WEBSUB_HUBS: "https://ok.example/ hub.example ftp://x.example/" },
      [
        'WEBSUB_HUBS: "hub.example" is not an http(s) URL (hubs are separated by spaces or commas)',
        'WEBSUB_HUBS: "ftp://x.example/" is not an http(s) URL (hubs are separated by spaces or commas)',
      ],
    ],
  ])("the build refuses %j with every problem", (env, problems) => {
    expect(readSettings(`${import.meta.dirname}/../..`, env as NodeJS.ProcessEnv)).toEqual({ ok: false, problems });
  });
});

describe("discovery", () => {
  it.each([
    [{ websubHub: true, websubHubs: [] }, ["https://x.example/websub"]],
    [{ websubHub: true, websubHubs: ["https://hub.example/", "https://x.example/websub"] }, ["https://x.example/websub", "https://hub.example/"]],
    [{ websubHub: false, websubHubs: ["https://hub.example/"] }, ["https://hub.example/"]],
    [{ websubHub: false, websubHubs: [] }, []],
    [{}, []],
  ])("hubUrls(%j) on https://x.example: %j, the built-in one first", (settings, hubs) => {
    expect(hubUrls(settings, "https://x.example")).toEqual(hubs);
  });

  it.each([
    [["https://x.example/websub"], "https://x.example/rss.xml", '<https://x.example/websub>; rel="hub", <https://x.example/rss.xml>; rel="self"'],
    [
      ["https://a.example/", "https://b.example/h?x=1&y=2"],
      "https://x.example/tags/a/feed.json?limit=5",
      '<https://a.example/>; rel="hub", <https://b.example/h?x=1&y=2>; rel="hub", <https://x.example/tags/a/feed.json?limit=5>; rel="self"',
    ],
    [[], "https://x.example/atom.xml", '<https://x.example/atom.xml>; rel="self"'],
  ])("linkHeader(%j, %s)", (hubs, self, header) => {
    expect(linkHeader(hubs, self)).toBe(header);
  });

  const HUBS = ["https://feeds.example/websub", "https://hub.example/", "https://b.example/hub?a=1&b='2'"];
  const article: Article = {
    slug: "post",
    path: "/posts/post/",
    id: articleId("post"),
    title: "A post",
    published: "2024-05-01T08:00:00.000Z",
    updated: "2024-05-02T08:00:00.000Z",
    summary: "Summary.",
    html: "<p>Body.</p>\n",
    tags: ["news"],
    categories: [],
    authors: [],
    file: "post.md",
  };
  const site = (hubs?: string[]) =>
    siteWith({
      title: "Site",
      description: "About",
      origin: ORIGIN,
      language: "en",
      author: "Author",
      icon: "/icon.png",
      logo: "",
      ttl: 5,
      ...(hubs ? { hubs } : {}),
    });
  const scope: Scope = { kind: "tags", key: "news", name: "news" };
  const location = (format: FeedFormat) => `${ORIGIN}/tags/news/${format === "json" ? "feed.json" : `${format}.xml`}`;

  /** The hub links of a document, parsed. */
  function hubsIn(format: FeedFormat, body: string): string[] {
    if (format === "json") return ((JSON.parse(body) as { hubs?: { type: string; url: string }[] }).hubs ?? []).map((h) => `${h.type} ${h.url}`);
    const root = parseXmlStrict(body).root;
    const parent = format === "rss" ? (childNamed(root, "", "channel") as XmlElement) : root;
    return childrenNamed(parent, NS.atom, "link")
      .filter((l) => l.attrs.rel === "hub")
      .map((l) => `WebSub ${l.attrs.href}`);
  }

  it.each(FORMATS)("%s names every hub, in order, and stays valid (W3C rules: several untyped hub links are fine) and readable", (format) => {
    const body = renderFeed({ scope, articles: [article] }, site(HUBS), format);
    expect(hubsIn(format, body)).toEqual(HUBS.map((hub) => `WebSub ${hub}`));
    expect(CHECKS[format](body, { location: location(format) })).toEqual([]);
    expect(readWithFeedsmith(format, body).items).toHaveLength(1);
  });

  it.each(FORMATS)("%s without hubs names none (WEBSUB_HUB off, no WEBSUB_HUBS), and is otherwise the same document", (format) => {
    const without = renderFeed({ scope, articles: [article] }, site(), format);
    const empty = renderFeed({ scope, articles: [article] }, site([]), format);
    expect(hubsIn(format, without)).toEqual([]);
    expect(without).toBe(empty);
    expect(without).not.toContain("hub");
    const withHubs = renderFeed({ scope, articles: [article] }, site(HUBS), format);
    if (format === "json") {
      const { hubs: _hubs, ...rest } = JSON.parse(withHubs) as Record<string, unknown>;
      expect(rest).toEqual(JSON.parse(without));
    } else {
      expect(withHubs.replace(/\n\s*<(?:atom:)?link (?:href="[^"]*" rel="hub"|rel="hub" href="[^"]*")\/>/g, "")).toBe(without);
    }
  });

  it("the JSON Feed 1.1 hubs array is objects of type WebSub and url", () => {
    expect(JSON.parse(renderFeed({ scope, articles: [article] }, site(HUBS.slice(0, 1)), "json")).hubs).toEqual([{ type: "WebSub", url: HUBS[0] }]);
  });
});

describe("subscription requests", () => {
  const FORM = "application/x-www-form-urlencoded";
  const base = { "hub.mode": "subscribe", "hub.topic": `${ORIGIN}/rss.xml`, "hub.callback": "https://sub.example/cb" };
  const body = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

  it.each([
    ["a subscription", base, { mode: "subscribe", topic: `${ORIGIN}/rss.xml`, callback: "https://sub.example/cb" }],
    [
      "with a lease and a secret",
      { ...base, "hub.lease_seconds": "86400", "hub.secret": "s" },
      { mode: "subscribe", topic: `${ORIGIN}/rss.xml`, callback: "https://sub.example/cb", leaseSeconds: 86400, secret: "s" },
    ],
    [
      "an empty secret is none, an empty lease the default",
      { ...base, "hub.secret": "", "hub.lease_seconds": "" },
      { mode: "subscribe", topic: `${ORIGIN}/rss.xml`, callback: "https://sub.example/cb" },
    ],
    [
      "an unsubscription ignores lease and secret",
      { ...base, "hub.mode": "unsubscribe", "hub.lease_seconds": "x", "hub.secret": "s".repeat(300) },
      { mode: "unsubscribe", topic: `${ORIGIN}/rss.xml`, callback: "https://sub.example/cb" },
    ],
    ["unknown parameters are ignored", { ...base, "hub.verify": "sync", foo: "bar" }, { mode: "subscribe", topic: `${ORIGIN}/rss.xml`, callback: "https://sub.example/cb" }],
    [
      "an http callback with a query",
      { ...base, "hub.callback": "http://sub.example:8080/cb?a=1" },
      { mode: "subscribe", topic: `${ORIGIN}/rss.xml`, callback: "http://sub.example:8080/cb?a=1" },
    ],
  ])("%s", (_name, fields, request) => {
    expect(parseHubRequest(FORM, body(fields))).toEqual({ ok: true, request });
  });

  it.each([FORM, `${FORM}; charset=UTF-8`, "Application/X-WWW-Form-Urlencoded"])("Content-Type %s is a form", (type) => {
    expect(parseHubRequest(type, body(base)).ok).toBe(true);
  });

  it.each([
    [null, 415],
    ["text/plain", 415],
    ["multipart/form-data; boundary=x", 415],
  ])("Content-Type %s is refused with %i", (type, status) => {
    expect(parseHubRequest(type, body(base))).toMatchObject({ ok: false, status });
  });

  // Issue 21: a callback is kept and called as the WHATWG URL parser writes it, so spellings of one URL are one subscription.
  it.each([
    ["HTTP://Sub.Example/cb", "http://sub.example/cb"],
    [" https://sub.example/cb\n", "https://sub.example/cb"],
    ["https://sub.example:443/cb", "https://sub.example/cb"],
    ["http://sub.example:80", "http://sub.example/"],
    ["https://sub.example/cb#frag", "https://sub.example/cb"],
    ["https://sub.example/cb#", "https://sub.example/cb"],
    ["https://sub.example/cb?", "https://sub.example/cb?"],
    ["https://sub.example/%63%62?%61=%41%2D%7E&b=%26%3D%2F", "https://sub.example/cb?a=A-~&b=%26%3D%2F"],
    ["https://sub.example/a/../cb/./x", "https://sub.example/cb/x"],
    ["https://sub.example/a b?c d", "https://sub.example/a%20b?c%20d"],
    ["http://0x7f000001/cb", "http://127.0.0.1/cb"],
    ["http://127.1/cb", "http://127.0.0.1/cb"],
    ["http://0177.0.0.01/cb", "http://127.0.0.1/cb"],
    ["http://127.0.0.1./cb", "http://127.0.0.1/cb"],
    ["http://[0:0:0:0:0:0:0:1]:8080/cb", "http://[::1]:8080/cb"],
    ["https://☃.example/cb", "https://xn--n3h.example/cb"],
    ["https://localhost./cb", "https://localhost./cb"],
  ])("callback %j is kept as %s", (given, kept) => {
    const request = parseHubRequest(FORM, body({ ...base, "hub.callback": given }));
    expect(request).toMatchObject({ ok: true, request: { callback: kept } });
    expect(normaliseCallback(new URL(kept))).toBe(kept);
  });

  it.each([
    ["http://localhost./cb", "localhost"],
    ["http://localhost../cb", "localhost"],
    ["http://LocalHost/cb", "localhost"],
    ["http://sub.example./cb", "sub.example"],
    ["http://0x7f000001/cb", "127.0.0.1"],
    ["http://127.1/cb", "127.0.0.1"],
    ["http://[::1]/cb", "[::1]"],
    ["http://sub.example:8080/cb", "sub.example"],
  ])("callback %s counts against host %s", (callback, host) => {
    expect(callbackHost(normaliseCallback(new URL(callback)))).toBe(host);
  });

  it("a reason never echoes what was sent (issue 21)", () => {
    const sent = "<script>alert(1)</script>\u0000";
    for (const fields of [{ "hub.mode": sent }, { "hub.lease_seconds": sent }, { "hub.callback": sent }]) {
      const answer = parseHubRequest(FORM, body({ ...base, ...fields }));
      expect(answer.ok).toBe(false);
      expect(JSON.stringify(answer)).not.toContain("alert");
    }
    expect(JSON.stringify(parseHubRequest(`text/${sent}`, body(base)))).not.toContain("alert");
  });

  it("a secret is measured in UTF-8 bytes: 199 pass, 200 do not (WebSub 5.1: less than 200 bytes)", () => {
    expect(parseHubRequest(FORM, body({ ...base, "hub.secret": `${"é".repeat(99)}x` }))).toMatchObject({ ok: true, request: { secret: `${"é".repeat(99)}x` } });
    expect(parseHubRequest(FORM, body({ ...base, "hub.secret": "é".repeat(100) }))).toMatchObject({ ok: false, status: 400 });
  });
});

describe("topics", () => {
  let catalog: Catalog;
  beforeAll(async () => {
    const space = workspace();
    space.write([
      {
        file: "a.md",
        source: articleSource({ title: "A", date: "2024-01-01T00:00:00Z", slug: "a", tags: ["TypeScript", "南开"], categories: ["Tech"] }, "A."),
      },
      { file: "b.md", source: articleSource({ title: "B", date: "2024-01-02T00:00:00Z", slug: "b", tags: ["rss"] }, "B.") },
    ]);
    expect((await space.build()).ok).toBe(true);
    catalog = space.catalog();
  });

  it.each([
    [`${ORIGIN}/rss.xml`, `${ORIGIN}/rss.xml`, { kind: "site", key: "", format: "rss", query: "" }],
    [`${ORIGIN}/feed.json?limit=5`, `${ORIGIN}/feed.json?limit=5`, { kind: "site", key: "", format: "json", query: "?limit=5" }],
    [`${ORIGIN}/rss.xml?limit=20`, `${ORIGIN}/rss.xml`, { query: "" }],
    [`${ORIGIN}/rss.xml?limit=007`, `${ORIGIN}/rss.xml?limit=7`, { query: "?limit=7" }],
    [`${ORIGIN}/feed`, `${ORIGIN}/rss.xml`, { format: "rss" }],
    [`${ORIGIN}/r%73s.xml`, `${ORIGIN}/rss.xml`, { format: "rss" }],
    [`${ORIGIN}/tags/TypeScript/atom`, `${ORIGIN}/tags/typescript/atom.xml`, { kind: "tags", key: "typescript", format: "atom" }],
    [`${ORIGIN}/tags/%E5%8D%97%E5%BC%80/feed.json`, `${ORIGIN}/tags/%E5%8D%97%E5%BC%80/feed.json`, { kind: "tags", key: "南开" }],
    [`${ORIGIN}/tags/南开/rss.xml`, `${ORIGIN}/tags/%E5%8D%97%E5%BC%80/rss.xml`, { kind: "tags", key: "南开" }],
    [`${ORIGIN}/categories/TECH/rss.xml/`, `${ORIGIN}/categories/tech/rss.xml`, { kind: "categories", key: "tech" }],
    [`${ORIGIN}/atom.xml#top`, `${ORIGIN}/atom.xml`, { format: "atom" }],
    // Filtered feeds (issue 13): the canonical URL is the document's self link; other spellings redirect there.
    [`${ORIGIN}/rss.xml?filter=A`, `${ORIGIN}/rss.xml?filter=A`, { kind: "site", format: "rss", query: "?filter=A" }],
    [`${ORIGIN}/rss.xml?filter=%E5%8D%97%E5%BC%80%7CNankai`, `${ORIGIN}/rss.xml?filter=%E5%8D%97%E5%BC%80%7CNankai`, { query: "?filter=%E5%8D%97%E5%BC%80%7CNankai" }],
    [`${ORIGIN}/rss.xml?filter=南开|Nankai`, `${ORIGIN}/rss.xml?filter=%E5%8D%97%E5%BC%80%7CNankai`, { query: "?filter=%E5%8D%97%E5%BC%80%7CNankai" }],
    [`${ORIGIN}/rss.xml?filterout=b&filter=a`, `${ORIGIN}/rss.xml?filter=a&filterout=b`, { query: "?filter=a&filterout=b" }],
    [`${ORIGIN}/rss.xml?filter=%EF%BC%A1`, `${ORIGIN}/rss.xml?filter=A`, { query: "?filter=A" }],
    [`${ORIGIN}/rss.xml?filter=a%20b`, `${ORIGIN}/rss.xml?filter=a+b`, { query: "?filter=a+b" }],
    [`${ORIGIN}/rss.xml?filter=x&filter_case_sensitive=true&limit=20`, `${ORIGIN}/rss.xml?filter=x`, { query: "?filter=x" }],
    [
      `${ORIGIN}/feed.json?limit=05&filter_title=Feed&filter_case_sensitive=false`,
      `${ORIGIN}/feed.json?filter_case_sensitive=false&filter_title=Feed&limit=5`,
      { format: "json", query: "?filter_case_sensitive=false&filter_title=Feed&limit=5" },
    ],
    [`${ORIGIN}/tags/TypeScript/atom?filterout=A`, `${ORIGIN}/tags/typescript/atom.xml?filterout=A`, { kind: "tags", key: "typescript", format: "atom", query: "?filterout=A" }],
    [
      `${ORIGIN}/categories/tech/rss.xml?filter_category=%E5%8D%97%E5%BC%80`,
      `${ORIGIN}/categories/tech/rss.xml?filter_category=%E5%8D%97%E5%BC%80`,
      { kind: "categories", key: "tech" },
    ],
    // Chinese variants (issue 13): built ones only (CHINESE_VARIANTS, default s2t).
    [`${ORIGIN}/rss.xml?opencc=s2t`, `${ORIGIN}/rss.xml?opencc=s2t`, { query: "?opencc=s2t" }],
    [`${ORIGIN}/rss.xml?opencc=s2t&limit=5&filter=a`, `${ORIGIN}/rss.xml?filter=a&limit=5&opencc=s2t`, { query: "?filter=a&limit=5&opencc=s2t" }],
  ])("%s is the topic %s", (raw, url, fields) => {
    const resolved = resolveTopic(raw, ORIGIN, catalog);
    expect(resolved).toMatchObject({ ok: true, topic: { url, origin: ORIGIN, ...fields } });
  });

  it.each([
    ["http://feeds.example/rss.xml", 400, "not on this site"],
    ["https://feeds.example:8443/rss.xml", 400, "not on this site"],
    ["https://other.example/rss.xml", 400, "not on this site"],
    ["https://feeds.example//evil.example/rss.xml", 400, "is not a feed of this site"],
    ["https://feeds.example/", 400, "is not a feed of this site"],
    ["https://feeds.example/tags/rss/", 400, "is not a feed of this site"],
    ["https://feeds.example/posts/a/", 400, "is not a feed of this site"],
    ["https://feeds.example/tags/nope/rss.xml", 404, "no article has this tag"],
    ["https://feeds.example/categories/nope/rss.xml", 404, "no article has this category"],
    ["https://feeds.example/tags/%E5%8D/rss.xml", 404, "no article has this tag"],
    ["https://feeds.example/rss.xml?limit=0", 400, "limit must be a whole number"],
    ["https://feeds.example/rss.xml?limit=5&limit=6", 400, "limit must be a whole number"],
    ["https://feeds.example/rss.xml?utm_source=x", 400, `this query is not part of it (subscribe to ${ORIGIN}/rss.xml)`],
    ["https://feeds.example/rss.xml?filter=a&utm_source=x", 400, `this query is not part of it (subscribe to ${ORIGIN}/rss.xml?filter=a)`],
    ["https://feeds.example/tags/rss/rss.xml?view=html&limit=5", 400, `this query is not part of it (subscribe to ${ORIGIN}/tags/rss/rss.xml?limit=5)`],
    ["feeds.example/rss.xml", 400, "must be an absolute http(s) URL"],
    ["ftp://feeds.example/rss.xml", 400, "must be an absolute http(s) URL"],
  ])("%s is refused: %i, %s", (raw, status, reason) => {
    const resolved = resolveTopic(raw, ORIGIN, catalog);
    expect(resolved).toMatchObject({ ok: false, status });
    expect(resolved.ok ? "" : resolved.reason).toContain(reason);
  });

  it.each([
    ["?filter_time=3600", `${ORIGIN}/rss.xml`],
    ["?filter=a&filter_time=60", `${ORIGIN}/rss.xml?filter=a`],
    ["?filter_time=60&limit=5&filterout=b", `${ORIGIN}/rss.xml?filterout=b&limit=5`],
  ])("a feed filtered by time (%s) is no topic: 400, why, and what to subscribe to instead (%s)", (search, instead) => {
    expect(resolveTopic(`${ORIGIN}/rss.xml${search}`, ORIGIN, catalog)).toEqual({
      ok: false,
      status: 400,
      reason: `hub.topic ${ORIGIN}/rss.xml${search} is filtered by time (filter_time), so it cannot be a topic: what such a feed holds changes as time passes, not when content is deployed, so the hub has nothing to push. Subscribe without filter_time: ${instead}`,
    });
  });

  /** The body of the 400 the feed route answers for `search` (the message of the parser's refusal). */
  function routeRefusal(search: string): string {
    const params = new URLSearchParams(search);
    const parsed = parseFeedQuery((name) => params.getAll(name));
    if (parsed.ok) throw new Error(`the feed route takes ${search}`);
    return parsed.message;
  }

  it.each([
    "?filter=",
    "?filter=a||b",
    "?filter=a&filter=b",
    `?filter=${"x".repeat(201)}`,
    `?filterout=${Array.from({ length: 17 }, (_, i) => `w${i}`).join("|")}`,
    "?filter_case_sensitive=yes",
    "?filter_time=1h",
    "?filter=a&limit=0",
  ])("a filter the feed refuses (%s) is a 400 with the feed route's own message", (search) => {
    const message = routeRefusal(search);
    expect(resolveTopic(`${ORIGIN}/rss.xml${search}`, ORIGIN, catalog)).toEqual({
      ok: false,
      status: 400,
      reason: `hub.topic must be the canonical URL of a feed, as its rel=self link says: ${message}.`,
    });
  });

  it("a topic's probe: a plain document's entity tag; a filtered one's window tag; nothing for a topic with no document; siteTopics lists every default-limit feed with its tag", () => {
    const topics = siteTopics(catalog, ORIGIN);
    const expected = ["/", "/tags/rss/", "/tags/typescript/", "/tags/%E5%8D%97%E5%BC%80/", "/categories/tech/", "/authors/site%20author/"].flatMap((folder) =>
      ["rss.xml", "atom.xml", "feed.json"].map((file) => `${ORIGIN}${folder}${file}`),
    );
    expect(topics.map((t) => t.url).sort()).toEqual(expected.sort());
    const site = catalog.site;
    const topic = (fields: Partial<Topic>) => ({ kind: "site" as const, key: "", format: "atom" as const, query: "", origin: ORIGIN, ...fields });
    expect(topicProbe(topic({}), catalog)).toEqual({ tag: feedTag(catalog, site, "atom", catalog.members(site, 20), "", ORIGIN) });
    expect(topicProbe(topic({ query: "?limit=1" }), catalog)).toEqual({ tag: feedTag(catalog, site, "atom", catalog.members(site, 1), "?limit=1", ORIGIN) });
    expect(topics.find((t) => t.url === `${ORIGIN}/atom.xml`)?.tag).toBe(feedTag(catalog, site, "atom", catalog.members(site, 20), "", ORIGIN));
    expect(topicProbe(topic({ query: "?filter=A&limit=1" }), catalog)).toEqual({
      window: feedTag(catalog, site, "atom", catalog.members(site, WINDOW), "?filter=A&limit=1", ORIGIN),
    });
    expect(topicProbe(topic({ kind: "tags", key: "gone" }), catalog)).toBeUndefined();
    // A query a later version no longer takes: no document, not an error.
    expect(topicProbe(topic({ query: "?limit=1000" }), catalog)).toBeUndefined();
    expect(topicDocument(topic({ query: "?filter=A&limit=1" }), catalog)).toMatchObject({ scope: site, query: { limit: 1, filters: { text: { filter: ["A"] } } } });
    // A Chinese variant without filters is plain: its tag from the index, as a GET serves it.
    expect(topicProbe(topic({ query: "?limit=1&opencc=s2t" }), catalog)).toEqual({ tag: unfilteredTag(catalog, site, "atom", { limit: 1, variant: "s2t" }, ORIGIN) });
    // One the content no longer builds has no document.
    expect(topicProbe(topic({ query: "?opencc=s2hk" }), catalog)).toBeUndefined();
  });

  it("a variant that was not built is refused with the feed's 400", () => {
    expect(resolveTopic(`${ORIGIN}/rss.xml?opencc=s2hk`, ORIGIN, catalog)).toMatchObject({ ok: false, status: 400, reason: expect.stringContaining("opencc must be one of s2t") });
  });

  it.each([
    ["", 2],
    ["?limit=1", 1],
    ["?limit=5", 2],
    ["?limit=21", 2],
    ["?limit=22", 3],
    ["?limit=100", 6],
    ["?filter=a", 7],
    ["?filter=a&limit=1", 7],
    ["?limit=0", 0],
    ["?opencc=s2t", 2],
  ])("a topic with query %j costs at most %i content reads to assemble", (query, reads) => {
    expect(documentReads({ query })).toBe(reads);
  });
});

describe("filtered topics across versions of the content", () => {
  const space = workspace();
  const site = siteOn(ORIGIN);
  const source = (slug: string, title: string, day: number, body: string) => ({
    file: `${slug}.md`,
    source: articleSource({ title, date: `2024-02-0${day}T00:00:00Z`, slug, tags: ["news"] }, body),
  });
  const PATHS = ["/rss.xml?filter_title=Nankai", "/tags/news/atom.xml?filter_title=Nankai", "/feed.json?filterout_title=Nankai", "/rss.xml", "/rss.xml?opencc=s2t"];

  /**
   * What the hub sees of each topic in the content built now: its probe, and its
   * document's entity tag as a GET answers it (read once per file), with the reads made.
   */
  async function versionOf() {
    const catalog = space.catalog();
    const { assets, reads } = space.assets();
    const once = readingOnce(assets);
    const seen = [];
    for (const path of PATHS) {
      const resolved = resolveTopic(ORIGIN + path, ORIGIN, catalog);
      if (!resolved.ok) throw new Error(resolved.reason);
      const { topic } = resolved;
      const document = topicDocument(topic, catalog);
      if (document === undefined) throw new Error(`${topic.url} has no document`);
      const { etag } = await feedRepresentation(contextOn(catalog, once, site, Date.UTC(2030, 0, 1)), document.scope, topic.format, document.query);
      seen.push({ probe: topicProbe(topic, catalog), etag });
    }
    return { seen, reads: [...reads], catalog };
  }

  it("a filtered feed's window tag changes with any article of its window, its own tag only with the articles it holds; tagging every filtered feed of a scope reads its metadata once", async () => {
    space.write([source("a", "Nankai news", 1, "A."), source("b", "Other news", 2, "B."), source("c", "More Nankai", 3, "C.")]);
    expect((await space.build()).ok).toBe(true);
    const first = await versionOf();
    const news = first.catalog.find("tags", "news");
    expect(first.reads.sort()).toEqual([metaPath(first.catalog.site), metaPath(news ?? "").split("#")[0]].sort());

    // An article the filters leave out changes: every window changes; of the filtered feeds, only the one that holds it.
    space.write([source("b", "Other news", 2, "B, edited.")]);
    expect((await space.build()).ok).toBe(true);
    const second = await versionOf();
    second.seen.forEach((now, i) => {
      expect(now.probe, PATHS[i]).not.toEqual(first.seen[i]?.probe);
    });
    expect(second.seen.map((now, i) => now.etag === first.seen[i]?.etag)).toEqual([true, true, false, false, false]);

    // An article the filters keep changes: the feeds that hold it change, the one that leaves it out does not.
    space.write([source("c", "More Nankai", 3, "C, edited.")]);
    expect((await space.build()).ok).toBe(true);
    const third = await versionOf();
    expect(third.seen.map((now, i) => now.etag === second.seen[i]?.etag)).toEqual([false, false, true, false, false]);
    // A plain topic's probe is the tag a GET serves, a Chinese variant's too.
    for (const [i, path] of PATHS.entries()) if (!path.includes("filter")) expect(third.seen[i]?.probe, path).toEqual({ tag: third.seen[i]?.etag });

    // A build with no change changes nothing.
    expect((await space.build()).ok).toBe(true);
    expect((await versionOf()).seen).toEqual(third.seen);
  });
});

describe("policy", () => {
  const policy = hubPolicy({});

  it.each([
    [{}, { leaseDefault: 864_000, leaseMin: 3600, leaseMax: 2_592_000, maxPerTopic: 100, maxPerHost: 100, attempts: 8, retrySeconds: 60, batch: 40 }],
    [
      { WEBSUB_LEASE_SECONDS: "x", WEBSUB_BATCH: "0", WEBSUB_RETRY_SECONDS: "-1", WEBSUB_MAX_PER_HOST: " 7 " },
      { leaseDefault: 864_000, batch: 40, retrySeconds: 60, maxPerHost: 7 },
    ],
    [
      { WEBSUB_LEASE_MIN_SECONDS: "600", WEBSUB_LEASE_MAX_SECONDS: "300", WEBSUB_LEASE_SECONDS: "10" },
      { leaseMin: 600, leaseMax: 600, leaseDefault: 600 },
    ],
    [{ WEBSUB_BATCH: "1" }, { batch: 8 }],
  ])("hubPolicy(%j)", (vars, expected) => {
    expect(hubPolicy(vars)).toMatchObject(expected);
  });

  it.each([
    [undefined, 864_000],
    [1, 3600],
    [3600, 3600],
    [86_400, 86_400],
    [10 ** 10, 2_592_000],
  ])("a lease asked as %s seconds is granted as %i", (asked, granted) => {
    expect(grantLease(asked, policy)).toBe(granted);
  });

  it("a lease ends lease_seconds after the verification, and is expired from that instant on", () => {
    const end = leaseEnd(1_000, 3600);
    expect(end).toBe(3_601_000);
    expect([isExpired(end, end - 1), isExpired(end, end), isExpired(end, end + 1)]).toEqual([false, true, true]);
  });

  it.each([
    [1, 60_000],
    [2, 120_000],
    [3, 240_000],
    [7, 3_840_000],
    [8, undefined],
  ])("after failure %i, the next attempt waits %s ms (8 attempts, first retry after 60 s)", (failures, wait) => {
    expect(retryDelay(failures, policy)).toBe(wait);
  });

  it("no retry waits more than six hours", () => {
    expect(retryDelay(40, { ...policy, attempts: 50 })).toBe(6 * 3_600_000);
  });

  const d = (url: string, query = "") => ({ topic: { url, query } });
  it.each([
    ["empty", [], 40, []],
    ["one topic: two reads at most (its newest bucket and the one before), then a request each", [d("a"), d("a"), d("a")], 4, [2]],
    ["?limit=1 is one read", [d("a", "?limit=1"), d("a", "?limit=1"), d("a", "?limit=1")], 3, [2]],
    ["a topic at ?limit=50 costs four reads at most", [d("a", "?limit=50"), d("a", "?limit=50")], 5, [1]],
    ["a filtered topic costs seven reads at most", [d("a", "?filter=x"), d("a", "?filter=x")], 8, [1]],
    ["topics in the order owed, until the budget ends", [d("a"), d("b"), d("a"), d("c")], 8, [2, 1]],
    ["what does not fit waits, even when later ones would", [d("a"), d("b", "?limit=100"), d("a")], 4, [1]],
  ])("planBatch: %s", (_name, due, budget, sizes) => {
    expect(planBatch(due, budget).map((group) => group.length)).toEqual(sizes);
  });

  const v = (mode: "subscribe" | "unsubscribe", query = "") => ({ mode, topic: { query } });
  it.each([
    ["a request each", [v("subscribe"), v("unsubscribe"), v("subscribe", "?limit=5")], 40, 3, 3],
    ["a filtered subscription also reads its document's tag", [v("subscribe", "?filter=x"), v("subscribe")], 40, 2, 3],
    ["an unsubscription needs no tag", [v("unsubscribe", "?filter=x")], 40, 1, 1],
    ["in order, until the budget ends", [v("subscribe"), v("subscribe", "?filter=x"), v("subscribe")], 2, 1, 1],
  ] as const)("planVerifications: %s", (_name, waiting, budget, chosen, cost) => {
    const plan = planVerifications(waiting, budget);
    expect([plan.chosen.length, plan.cost]).toEqual([chosen, cost]);
  });

  const t = (kind: string, key: string, url: string) => ({ kind, key, url }) as { kind: "site" | "tags"; key: string; url: string };
  it("planChecks: one group per scope (one read each), at most the budget", () => {
    const unchecked = [t("site", "", "1"), t("site", "", "2"), t("tags", "a", "3"), t("tags", "b", "4"), t("tags", "a", "5")];
    expect(planChecks(unchecked, 40).map((g) => g.map((x) => x.url))).toEqual([["1", "2"], ["3", "5"], ["4"]]);
    expect(planChecks(unchecked, 2).map((g) => g.map((x) => x.url))).toEqual([
      ["1", "2"],
      ["3", "5"],
    ]);
    expect(planChecks(unchecked, 0)).toEqual([]);
  });

  it("readingOnce reads each file once, however often and however concurrently it is asked; a failed read is a failure each time", async () => {
    const asked: string[] = [];
    const assets = readingOnce({
      async fetch(request) {
        asked.push(new URL(request.url).pathname);
        return new URL(request.url).pathname === "/missing" ? new Response("no", { status: 404 }) : new Response(`bytes of ${new URL(request.url).pathname}`);
      },
    });
    const read = (path: string) => assets.fetch(new Request(`https://assets.invalid${path}`)).then(async (r) => [r.status, await r.text()]);
    expect(await Promise.all([read("/a"), read("/a"), read("/b")])).toEqual([
      [200, "bytes of /a"],
      [200, "bytes of /a"],
      [200, "bytes of /b"],
    ]);
    expect(await read("/a")).toEqual([200, "bytes of /a"]);
    expect([await read("/missing"), await read("/missing")]).toEqual([
      [404, ""],
      [404, ""],
    ]);
    expect(asked).toEqual(["/a", "/b", "/missing"]);
  });
});

describe("requests to callbacks", () => {
  it.each([
    ["https://s.example/cb", "subscribe", 3600, "https://s.example/cb?hub.mode=subscribe&hub.topic=https%3A%2F%2Ff.example%2Frss.xml&hub.challenge=c0ffee&hub.lease_seconds=3600"],
    [
      "https://s.example/cb?a=1&hub.mode=x",
      "subscribe",
      60,
      "https://s.example/cb?a=1&hub.mode=x&hub.mode=subscribe&hub.topic=https%3A%2F%2Ff.example%2Frss.xml&hub.challenge=c0ffee&hub.lease_seconds=60",
    ],
    ["https://s.example/cb#frag", "unsubscribe", 3600, "https://s.example/cb?hub.mode=unsubscribe&hub.topic=https%3A%2F%2Ff.example%2Frss.xml&hub.challenge=c0ffee"],
  ] as const)("verification of %s (%s)", (callback, mode, lease, url) => {
    expect(verificationUrl(callback, mode, "https://f.example/rss.xml", "c0ffee", lease)).toBe(url);
  });

  it.each([
    [200, "abc", true],
    [204, "abc", true],
    [200, "abc ", false],
    [200, "ABC", false],
    [200, "", false],
    [301, "abc", false],
    [404, "abc", false],
    [500, "abc", false],
  ])("an answer %i %j confirms the challenge abc: %s", (status, body, ok) => {
    expect(confirms(status, body, "abc")).toBe(ok);
  });

  it.each([
    [200, "delivered"],
    [202, "delivered"],
    [204, "delivered"],
    [301, "failed"],
    [400, "failed"],
    [404, "failed"],
    [410, "gone"],
    [500, "failed"],
    [0, "failed"],
  ])("a distribution answered %i is %s", (status, result) => {
    expect(outcome(status)).toBe(result);
  });

  it("a body is read up to one byte past the cap, and no further", async () => {
    expect(await readCapped(new Response("x".repeat(10)), 20)).toBe("x".repeat(10));
    expect(await readCapped(new Response("x".repeat(100_000)), 20)).toBe("x".repeat(21));
    expect(await readCapped(new Response(null), 20)).toBe("");
  });
});

describe("signatures", () => {
  // RFC 4231, test cases 1 and 2 (HMAC-SHA-256).
  it.each([
    [Buffer.alloc(20, 0x0b).toString("latin1"), "Hi There", "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"],
    ["Jefe", "what do ya want for nothing?", "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"],
  ])("RFC 4231 vector (key %j)", async (key, data, mac) => {
    // The hub keys with the secret's UTF-8 bytes; these keys are ASCII.
    expect(await signature(key, bytes(data))).toBe(`sha256=${mac}`);
  });

  // Never an empty secret: an empty hub.secret means none (src/websub/request.ts), and WebCrypto refuses empty HMAC keys.
  it("equals node:crypto's HMAC-SHA256 of the body under the secret, for any secret and body", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: "binary", minLength: 1, maxLength: 60 }), fc.uint8Array({ maxLength: 4096 }), async (secret, body) => {
        expect(await signature(secret, body)).toBe(`sha256=${createHmac("sha256", Buffer.from(secret, "utf8")).update(body).digest("hex")}`);
      }),
      { numRuns: 200 },
    );
  });
});

describe("telling other hubs (npm run deploy)", () => {
  it.each([
    ["a hub never told hears of everything", undefined, ["a", "b"]],
    ["only changed and new topics", { "https://x/a": "1", "https://x/b": "old" }, ["b"]],
    ["nothing when nothing changed", { "https://x/a": "1", "https://x/b": "2", "https://x/gone": "3" }, []],
  ])("%s", (_name, told, changed) => {
    const current = [
      { url: "https://x/a", tag: "1" },
      { url: "https://x/b", tag: "2" },
    ];
    expect(changedTopics(current, told).map((t) => t.url.slice(-1))).toEqual(changed);
  });

  it("a ping is a form with hub.mode=publish and hub.url", () => {
    expect(publishForm("https://feeds.example/tags/a b/rss.xml?limit=5")).toBe("hub.mode=publish&hub.url=https%3A%2F%2Ffeeds.example%2Ftags%2Fa+b%2Frss.xml%3Flimit%3D5");
  });

  it.each([
    [
      "Uploaded edge-feeds (3.1 sec)\nDeployed edge-feeds triggers (0.5 sec)\n  https://edge-feeds.someone.workers.dev\nCurrent Version ID: x",
      "https://edge-feeds.someone.workers.dev",
    ],
    ["--dry-run: exiting now.", undefined],
  ])("the workers.dev origin in wrangler's output", (output, origin) => {
    expect(deployedOrigin(output)).toBe(origin);
  });
});
