/**
 * Issue 3: where the `feed` library's defaults break a rule, the renderers
 * (src/feed/rss.ts, src/feed/atom.ts, src/feed/json.ts) write what the rule asks; each
 * such behaviour is pinned here, named after the rule. Feeds are parsed (strict parser, feedsmith) and asserted on, never
 * matched as strings.
 */
import { describe, expect, it } from "vitest";
import { articleId } from "../../src/build/compile.ts";
import { FORMATS as FORMAT_TABLE } from "../../src/feed/formats.ts";
import type { Article, FeedFormat, Scope } from "../../src/types.ts";
import type { Selection } from "../fixtures/oracle.ts";
import { feedId, renderFeed, siteWith } from "../fixtures/oracle.ts";

const FILES = { rss: FORMAT_TABLE.rss.file, atom: FORMAT_TABLE.atom.file, json: FORMAT_TABLE.json.file };

import { CHECKS, NS } from "../fixtures/feed-rules.ts";
import { readWithFeedsmith } from "../fixtures/readers.ts";
import { readWithRowan } from "../fixtures/readers-rowan.ts";
import { childNamed, childrenNamed, parseXmlStrict, textOf, type XmlElement } from "../fixtures/xml.ts";

const SITE = siteWith({
  title: "Site",
  description: "About the site",
  origin: "https://feeds.example",
  language: "en",
  author: "Site Author",
  icon: "/icon.png",
  logo: "",
  ttl: 5,
});
const FORMATS: FeedFormat[] = ["rss", "atom", "json"];

let n = 0;
/** An article as the compiler would produce it; `overrides` win. */
function article(overrides: Partial<Article> = {}): Article {
  const slug = overrides.slug ?? `post-${++n}`;
  return {
    slug,
    path: `/posts/${encodeURIComponent(slug)}/`,
    id: articleId(slug),
    title: `Title ${slug}`,
    published: "2024-05-01T08:00:00.000Z",
    updated: "2024-05-02T08:00:00.000Z",
    summary: `Summary of ${slug}.`,
    html: `<p>Body of ${slug}.</p>\n`,
    tags: ["news"],
    categories: [],
    authors: [],
    file: `${slug}.md`,
    ...overrides,
  };
}

const SITE_SCOPE: Scope = { kind: "site" };
const select = (articles: Article[], scope: Scope = SITE_SCOPE): Selection => ({ scope, articles });

/** The first RSS item and the first Atom entry of a one-article selection, parsed strictly. */
function xmlItems(a: Article): { item: XmlElement; entry: XmlElement; rss: XmlElement; atom: XmlElement } {
  const rss = parseXmlStrict(renderFeed(select([a]), SITE, "rss")).root;
  const atom = parseXmlStrict(renderFeed(select([a]), SITE, "atom")).root;
  const item = childNamed(childNamed(rss, "", "channel") as XmlElement, "", "item") as XmlElement;
  return { item, entry: childNamed(atom, NS.atom, "entry") as XmlElement, rss, atom };
}

const json = (a: Article, scope?: Scope) => JSON.parse(renderFeed(select([a], scope), SITE, "json")) as Record<string, any>;

describe("text: any characters, every format", () => {
  it.each([
    ["markup and CDATA ends", 'Escaping <tags> & "quotes" ]]> in feeds'],
    ["entity look-alikes stay text", "AT&amp;T &#x26; &lt;b&gt; &copy"],
    ["RTL, combining marks, astral emoji", "مرحبا e\u0301 👩‍👩‍👧 \u202Eevil"],
    ["HTML that must not run", "</script><script>alert(1)</script><!--"],
    ["a very long title", "长".repeat(100_000)],
  ])("%s: the title reads back exactly through feedsmith and rowan", (_, title) => {
    const a = article({ title, summary: title, tags: [title] });
    for (const format of FORMATS) {
      const readers =
        format === "json"
          ? [readWithFeedsmith(format, renderFeed(select([a]), SITE, format))]
          : [readWithFeedsmith(format, renderFeed(select([a]), SITE, format)), readWithRowan(renderFeed(select([a]), SITE, format))];
      for (const read of readers) {
        expect(read.items[0]?.title, format).toBe(title);
        expect(read.items[0]?.summary, format).toBe(title);
        expect(read.items[0]?.tags, format).toEqual([title]);
      }
    }
  });

  it.each([
    ['Escaping <tags> & "quotes" ]]> in feeds', '<title>Escaping &#x3C;tags&gt; &amp; "quotes" ]]&gt; in feeds</title>'],
    ["AT&T &amp; &#38; &é 1<2 </b", "<title>AT&#x26;T &#x26;amp; &#x26;#38; &#x26;é 1&lt;2 &#x3C;/b</title>"],
    ["𝔘&𝔘 <𝔘", "<title>𝔘&#x26;𝔘 &#x3C;𝔘</title>"],
  ])("RSS item title %j is plain text, not CDATA; `&` and `<` that could be markup are hex references (RSS Profile; W3C: CharacterData, ContainsHTML)", (title, line) => {
    const xml = renderFeed(select([article({ title })]), SITE, "rss");
    const doc = parseXmlStrict(xml);
    const item = childNamed(childNamed(doc.root, "", "channel") as XmlElement, "", "item") as XmlElement;
    const el = childNamed(item, "", "title") as XmlElement;
    expect(el.children).toEqual([{ text: title, cdata: false }]);
    // The validator looks for `&#x` on the element's line to tell encoded text from markup.
    expect(doc.lines[el.line - 1]?.trim()).toBe(line);
    expect(CHECKS.rss(xml, { location: `${SITE.origin}/rss.xml` })).toEqual([]);
  });

  it("`]]>` is split in every CDATA section, however often it occurs", () => {
    const a = article({ title: "]]>]]>", summary: "a]]>b]]>c", html: "<p>x]]>y]]>z</p>\n" });
    const { item, entry } = xmlItems(a);
    expect(textOf(childNamed(item, "", "description") as XmlElement)).toBe("a]]&gt;b]]&gt;c");
    expect(textOf(childNamed(item, NS.content, "encoded") as XmlElement)).toBe("<p>x]]>y]]>z</p>\n");
    expect(textOf(childNamed(entry, NS.atom, "title") as XmlElement)).toBe("]]&gt;]]&gt;");
    expect(textOf(childNamed(entry, NS.atom, "content") as XmlElement)).toBe("<p>x]]>y]]>z</p>\n");
  });

  it("characters XML forbids are dropped from every field, everything else kept (renderFeed's own inputs)", () => {
    // U+0001..U+000C are also the wrapper's placeholders: they must not turn into markup.
    const dirty = "a\u0000b\u0001c\u0005d\u000Be\u000Cf\uD800g\uFFFEh";
    const a = article({ title: dirty, summary: dirty, tags: [dirty], authors: [dirty], html: `<p>${dirty}</p>` });
    for (const format of FORMATS) {
      const body = renderFeed(select([a]), SITE, format);
      expect(CHECKS[format](body, { location: `${SITE.origin}/${format === "json" ? "feed.json" : `${format}.xml`}` }), format).toEqual([]);
      const item = readWithFeedsmith(format, body).items[0];
      expect([item?.title, item?.summary, item?.tags[0], item?.authors[0]], format).toEqual(Array(4).fill("abcdefgh"));
      expect(item?.content, format).toBe("<p>abcdefgh</p>");
    }
  });

  it("line breaks survive in RSS text, as references (`&#xA;`, `&#xD;`), keeping the element on one line", () => {
    const { item } = xmlItems(article({ title: "one\ntwo\r\nthree\rfour", tags: ["a\nb"] }));
    expect(textOf(childNamed(item, "", "title") as XmlElement)).toBe("one\ntwo\r\nthree\rfour");
    expect(textOf(childNamed(item, "", "category") as XmlElement)).toBe("a\nb");
  });
});

describe("no empty description, no missing namespace", () => {
  it("an empty summary falls back to the title (RSS 2.0; W3C: NeedDescriptionBeforeContent, MissingTextualContent)", () => {
    const a = article({ title: "Only a title", summary: "" });
    const { item, entry } = xmlItems(a);
    expect(textOf(childNamed(item, "", "description") as XmlElement)).toBe("Only a title");
    expect(textOf(childNamed(entry, NS.atom, "summary") as XmlElement)).toBe("Only a title");
    expect(json(a).items[0].summary).toBe("Only a title");
  });

  it("an empty body: no content:encoded or atom:content, JSON has content_text (JSON Feed 1.1: one of the two must be present)", () => {
    const a = article({ html: "" });
    const { item, entry, rss } = xmlItems(a);
    expect(childNamed(item, NS.content, "encoded")).toBeUndefined();
    expect(childNamed(entry, NS.atom, "content")).toBeUndefined();
    const jsonItem = json(a).items[0];
    expect(jsonItem.content_html).toBeUndefined();
    expect(jsonItem.content_text).toBe(a.summary);
    // `feed` declares xmlns:dc only next to content:encoded; dc:creator needs it anyway.
    expect(childNamed(item, NS.dc, "creator")?.ns).toBe(NS.dc);
    expect(rss.attrs["xmlns:dc"]).toBe(NS.dc);
    for (const format of FORMATS)
      expect(CHECKS[format](renderFeed(select([a]), SITE, format), { location: `${SITE.origin}/${format === "json" ? "feed.json" : `${format}.xml`}` })).toEqual([]);
  });

  it("authors: dc:creator in RSS (RSS 2.0 <author> is an e-mail address), atom:author, JSON Feed 1.1 `authors` not 1.0 `author`", () => {
    const a = article({ authors: ["Jane <jane@example.org>"] });
    const { item, entry } = xmlItems(a);
    expect(childNamed(item, "", "author")).toBeUndefined();
    expect(textOf(childNamed(item, NS.dc, "creator") as XmlElement)).toBe("Jane <jane@example.org>");
    expect(textOf(childNamed(childNamed(entry, NS.atom, "author") as XmlElement, NS.atom, "name") as XmlElement)).toBe("Jane <jane@example.org>");
    const feed = json(a);
    expect([feed.author, feed.authors, feed.items[0].author, feed.items[0].authors]).toEqual([
      undefined,
      [{ name: "Site Author" }],
      undefined,
      [{ name: "Jane <jane@example.org>" }],
    ]);
  });
});

describe("lead images", () => {
  it.each([
    // [front-matter image, Media RSS url, its type, Atom enclosure?, JSON image]
    ["/posts/x/cover.png", "https://feeds.example/posts/x/cover.png", "image/png", true, "https://feeds.example/posts/x/cover.png"],
    ["https://cdn.example.org/photo.JPG", "https://cdn.example.org/photo.JPG", "image/jpeg", false, "https://cdn.example.org/photo.JPG"],
    ["https://cdn.example.org/a|b.webp?x=[1]", "https://cdn.example.org/a%7Cb.webp?x=%5B1%5D", "image/webp", true, "https://cdn.example.org/a%7Cb.webp?x=%5B1%5D"],
    ["http://localhost/x.gif", "http://localhost/x.gif", "image/gif", false, "http://localhost/x.gif"],
    // The seed's truncated image URLs: no extension, so no type and no Atom enclosure.
    [
      "http://news.nankai.edu.cn/ywsd/system/2022/05/20/g",
      "http://news.nankai.edu.cn/ywsd/system/2022/05/20/g",
      undefined,
      false,
      "http://news.nankai.edu.cn/ywsd/system/2022/05/20/g",
    ],
    ["http://exa mple.com/x.png", undefined, undefined, false, undefined],
    ["javascript:alert(1)", undefined, undefined, false, undefined],
  ] as const)("%s", (image, url, type, atom, jsonImage) => {
    const { item, entry } = xmlItems(article({ image }));
    // RSS: Media RSS content (typed when the extension tells) and thumbnail, no enclosure (it would claim a size).
    expect(childNamed(item, "", "enclosure")).toBeUndefined();
    expect(childNamed(item, NS.media, "content")?.attrs).toEqual(url === undefined ? undefined : { url, medium: "image", ...(type ? { type } : {}) });
    expect(childNamed(item, NS.media, "thumbnail")?.attrs).toEqual(url === undefined ? undefined : { url });
    const atomEnclosure = childrenNamed(entry, NS.atom, "link").find((l) => l.attrs.rel === "enclosure");
    // Atom: only where the type is known; `length` is advisory (RFC 4287 section 4.2.7.6), so it is left out rather than 0.
    expect(atomEnclosure?.attrs).toEqual(atom ? { rel: "enclosure", href: url, type } : undefined);
    expect(json(article({ image })).items[0].image).toBe(jsonImage);
    for (const format of FORMATS)
      expect(CHECKS[format](renderFeed(select([article({ image })]), SITE, format), { location: `${SITE.origin}/${FILES[format]}` }), format).toEqual([]);
  });
});

describe("ids, links and dates", () => {
  it("RSS guid is the article's urn:uuid with isPermaLink=false (W3C: InvalidPermalink); Atom and JSON ids are the same string", () => {
    const a = article({ slug: "hello-world" });
    const { item, entry } = xmlItems(a);
    const guid = childNamed(item, "", "guid") as XmlElement;
    expect([textOf(guid), guid.attrs.isPermaLink]).toEqual([a.id, "false"]);
    expect(a.id).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(textOf(childNamed(entry, NS.atom, "id") as XmlElement)).toBe(a.id);
    expect(json(a).items[0].id).toBe(a.id);
  });

  it.each([
    [{ kind: "site" }, "https://feeds.example/atom.xml"],
    [{ kind: "tags", key: "typescript", name: "TypeScript" }, "https://feeds.example/tags/typescript/atom.xml"],
    [{ kind: "tags", key: "a:b&c@d 南", name: "A:B&C@D 南" }, "https://feeds.example/tags/a:b&c@d%20%E5%8D%97/atom.xml"],
    [{ kind: "categories", key: "c'est (la) vie", name: "C'est (la) Vie" }, "https://feeds.example/categories/c'est%20(la)%20vie/atom.xml"],
    // `$'` and `$&` are replacement patterns in String.prototype.replace: they must not act.
    [{ kind: "tags", key: "$'x$&", name: "$'X$&" }, "https://feeds.example/tags/$'x$&/atom.xml"],
  ] as [Scope, string][])("the Atom feed id of %j is %s: from the key, so respelling keeps it; canonical (W3C: NonCanonicalURI)", (scope, id) => {
    expect(feedId(scope, SITE.origin)).toBe(id);
    const xml = renderFeed(select([article()], scope), SITE, "atom");
    expect(textOf(childNamed(parseXmlStrict(xml).root, NS.atom, "id") as XmlElement)).toBe(id);
    // The id is the canonical URL, which is where the feed is served (other spellings redirect there).
    expect(CHECKS.atom(xml, { location: id })).toEqual([]);
  });

  it.each([
    [20, ""],
    [5, "?limit=5"],
  ])("limit %i: every self link is the URL served, typed (W3C: MissingAtomSelfLink, SelfDoesntMatchLocation)", (limit, query) => {
    const scope: Scope = { kind: "tags", key: "南开", name: "南开" };
    const base = `${SITE.origin}/tags/%E5%8D%97%E5%BC%80/`;
    const rss = parseXmlStrict(renderFeed(select([article()], scope), SITE, "rss", limit)).root;
    const links = childrenNamed(childNamed(rss, "", "channel") as XmlElement, NS.atom, "link").map((l) => l.attrs);
    expect(links).toEqual([
      { href: `${base}rss.xml${query}`, rel: "self", type: "application/rss+xml" },
      { href: `${base}atom.xml${query}`, rel: "alternate", type: "application/atom+xml" },
      { href: `${base}feed.json${query}`, rel: "alternate", type: "application/feed+json" },
    ]);
    const atom = parseXmlStrict(renderFeed(select([article()], scope), SITE, "atom", limit)).root;
    expect(childrenNamed(atom, NS.atom, "link").map((l) => l.attrs)).toEqual([
      { rel: "alternate", type: "text/html", href: base },
      { rel: "self", type: "application/atom+xml", href: `${base}atom.xml${query}` },
      { rel: "alternate", type: "application/rss+xml", href: `${base}rss.xml${query}` },
      { rel: "alternate", type: "application/feed+json", href: `${base}feed.json${query}` },
    ]);
    expect(JSON.parse(renderFeed(select([article()], scope), SITE, "json", limit)).feed_url).toBe(`${base}feed.json${query}`);
  });

  it("Atom: xml:lang on the feed, and each entry's permalink says rel=alternate (RFC 4287 section 4.1.1)", () => {
    const { atom, entry } = xmlItems(article({ slug: "p" }));
    expect(atom.attrs["xml:lang"]).toBe("en");
    expect(childrenNamed(entry, NS.atom, "link")[0]?.attrs).toEqual({ rel: "alternate", type: "text/html", href: "https://feeds.example/posts/p/" });
  });

  it.each([
    ["2024-02-29T23:59:59.999Z", "Thu, 29 Feb 2024 23:59:59 GMT", "2024-02-29T23:59:59.999Z"],
    ["1999-12-31T16:00:00.000Z", "Fri, 31 Dec 1999 16:00:00 GMT", "1999-12-31T16:00:00.000Z"],
    ["0999-01-01T00:00:00.000Z", "Tue, 01 Jan 0999 00:00:00 GMT", "0999-01-01T00:00:00.000Z"],
  ])("%s: RFC 822 with a four-digit year in RSS, RFC 3339 in Atom and JSON", (iso, rfc822, rfc3339) => {
    const a = article({ published: iso, updated: iso });
    const { item, entry, rss } = xmlItems(a);
    expect(textOf(childNamed(item, "", "pubDate") as XmlElement)).toBe(rfc822);
    expect(textOf(childNamed(childNamed(rss, "", "channel") as XmlElement, "", "lastBuildDate") as XmlElement)).toBe(rfc822);
    expect(textOf(childNamed(entry, NS.atom, "published") as XmlElement)).toBe(rfc3339);
    expect(json(a).items[0].date_published).toBe(rfc3339);
  });
});

describe("dates before 1970", () => {
  it("the feed's updated date is the newest article's, not the epoch (the catalog's: tests/node/build.test.ts)", () => {
    const articles = [article({ published: "1969-07-20T20:17:40.000Z", updated: "1969-07-21T02:56:15.000Z" })];
    const atom = parseXmlStrict(renderFeed(select(articles), SITE, "atom")).root;
    expect(textOf(childNamed(atom, NS.atom, "updated") as XmlElement)).toBe("1969-07-21T02:56:15.000Z");
  });
});

describe("JSON Feed 1.1", () => {
  it("version, language, authors, string ids, `_`-prefixed extension only", () => {
    const feed = json(article());
    expect(feed.version).toBe("https://jsonfeed.org/version/1.1");
    expect(feed.language).toBe("en");
    expect(feed._alternates).toEqual({ rss: `${SITE.origin}/rss.xml`, atom: `${SITE.origin}/atom.xml` });
    expect(CHECKS.json(JSON.stringify(feed), { location: `${SITE.origin}/feed.json` })).toEqual([]);
  });
});

describe("tags that differ only in case", () => {
  it("each item keeps its own spelling; the tag feed is titled with the term's", () => {
    const scope: Scope = { kind: "tags", key: "typescript", name: "TypeScript" };
    const articles = [article({ tags: ["TypeScript"] }), article({ tags: ["typescript", "TYPESCRIPT-ish"] })];
    for (const format of FORMATS) {
      const read = readWithFeedsmith(format, renderFeed(select(articles, scope), SITE, format));
      expect(read.title, format).toBe("Site · #TypeScript");
      expect(
        read.items.map((i) => i.tags),
        format,
      ).toEqual([["TypeScript"], ["typescript", "TYPESCRIPT-ish"]]);
    }
  });
});
