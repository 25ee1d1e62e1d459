/**
 * Issue 4, the pure views: hostile strings from content come out as text and never as
 * markup in every HTML view and in OPML; CSP hashes match the inline style and script;
 * the article page shows what the issue lists. Issue 12: every view renders in every
 * language's table, and a Chinese page shows no English but names. Runs in workerd
 * (HTMLRewriter parses).
 */

import { XMLParser, XMLValidator } from "fast-xml-parser";
import { raw } from "hono/html";
import { jsx } from "hono/jsx";
import { describe, expect, it } from "vitest";
import { termPath } from "../../src/feed/urls.ts";
import { servesArticles } from "../../src/http/site.ts";
import { PAGE_LANGUAGES, PAGE_STRINGS } from "../../src/i18n/strings.ts";
import type { Site } from "../../src/settings.ts";
import { termKey } from "../../src/text.ts";
import type { Article, Scope } from "../../src/types.ts";
import { EMBED_CSP, EMBED_STYLE, EMBED_STYLE_HASH, renderEmbed } from "../../src/views/embed.tsx";
import { EMBED_SCRIPT } from "../../src/views/embed-script.ts";
import { renderFeedPage } from "../../src/views/feed-page.tsx";
import { HOME_TERMS, homeTerms, renderHomeTerms } from "../../src/views/home-terms.ts";
import { articleCsp, COPY_SCRIPT, COPY_SCRIPT_HASH, PAGE_CSP, PAGE_STYLE, PAGE_STYLE_HASH, renderHtml } from "../../src/views/html.ts";
import { FeedLinks } from "../../src/views/layout.tsx";
import { renderOpml } from "../../src/views/opml.ts";
import { renderArticlePage, renderHome, renderTermPage } from "../../src/views/pages.tsx";
import { renderTermIndex } from "../../src/views/term-index.tsx";
import { renderTermIndexLists } from "../../src/views/term-index-list.ts";
import type { Selection } from "../fixtures/oracle.ts";
import { cspHash, one, query, visibleText } from "./people-helpers.ts";

const site: Site = {
  title: `Site <b>&amp; "q"`,
  description: `About <script>alert("d")</script>`,
  origin: "https://feeds.example",
  language: "en",
  icon: "/icon.png",
  logo: "",
  ttl: 5,
  pageSize: 20,
  author: `Au<thor> & co`,
  timeZone: "Asia/Shanghai",
  iframeHosts: ["www.youtube.com"],
  upgradeImageHosts: [],
};

/** Strings that break out of text, attributes, comments or CDATA when not escaped. */
const HOSTILE = ["<img src=x onerror=alert(1)>", `"><script>alert(1)</script>`, `' onmouseover='alert(1)' x='`, "</title><svg onload=alert(1)>", "]]><!-- &amp; &lt;b&gt;"];

function hostileArticle(title: string, extra: Partial<Article> = {}): Article {
  return {
    slug: "hostile",
    path: "/posts/hostile/",
    id: "urn:uuid:00000000-0000-5000-8000-000000000000",
    title,
    published: "2024-03-01T01:30:00.000Z",
    updated: "2024-03-05T03:00:00.000Z",
    summary: `Summary ${title}`,
    html: "<p>Body as built: &lt;script&gt;alert(1)&lt;/script&gt;</p>",
    tags: [title, "plain"],
    categories: [title],
    authors: [title],
    file: "hostile.md",
    ...extra,
  };
}

const tagScope = (name: string): Scope & { kind: "tags" } => ({ kind: "tags", key: name.toLowerCase(), name });

/** Every HTML view, rendered on `on` around one string `s` from content (`a` builds the article). */
const VIEWS: { name: string; render: (s: string, on: Site, a?: (s: string) => Article) => string }[] = [
  { name: "article page", render: (s, on, a = hostileArticle) => renderArticlePage(a(s), on) },
  {
    name: "article page, no update, source",
    render: (s, on, a = hostileArticle) => renderArticlePage({ ...a(s), updated: a(s).published, source: "https://news.example.org/" }, on),
  },
  { name: "term page", render: (s, on, a = hostileArticle) => renderTermPage(tagScope(s), [a(s)], on, { pages: 3, total: 41 }) },
  { name: "term archive page", render: (s, on, a = hostileArticle) => renderTermPage(tagScope(s), [a(s)], on, { page: 2, pages: 3, total: 41 }) },
  { name: "author page", render: (s, on, a = hostileArticle) => renderTermPage({ kind: "authors", key: s, name: s }, [a(s)], on, { pages: 0, total: 1 }) },
  { name: "category page, empty", render: (s, on) => renderTermPage({ kind: "categories", key: s, name: s }, [], on, { pages: 0, total: 0 }) },
  {
    name: "home page",
    render: (s, on, a = hostileArticle) => {
      const terms = {
        tags: [{ kind: "tags" as const, key: s, name: s, count: 1 }],
        categories: [{ kind: "categories" as const, key: s, name: s, count: 1 }],
        authors: [{ kind: "authors" as const, key: s, name: s, count: 1 }],
        sections: [{ kind: "sections" as const, key: s, name: s, count: 1 }],
      };
      return renderHome(renderHomeTerms(terms, on), [a(s)], on);
    },
  },
  { name: "feed page (site)", render: (s, on, a = hostileArticle) => renderFeedPage({ scope: { kind: "site" }, articles: [a(s)] }, on, "rss", 20) },
  { name: "feed page (tag)", render: (s, on, a = hostileArticle) => renderFeedPage({ scope: tagScope(s), articles: [a(s)] }, on, "json", 7) },
  { name: "feed page (category, empty)", render: (s, on) => renderFeedPage({ scope: { kind: "categories", key: s, name: s }, articles: [] }, on, "atom", 20) },
  {
    name: "term index",
    render: (s, on) =>
      renderTermIndex("tags", renderTermIndexLists("tags", [{ kind: "tags", key: s.toLowerCase(), name: s, count: 3 }], on)[0] ?? "", { page: 2, pages: 3, terms: 401 }, on),
  },
  {
    name: "term index, one page",
    render: (s, on) =>
      renderTermIndex("authors", renderTermIndexLists("authors", [{ kind: "authors", key: s, name: s, count: 1 }], on)[0] ?? "", { page: 1, pages: 1, terms: 1 }, on),
  },
  { name: "embed (site)", render: (s, on, a = hostileArticle) => renderEmbed({ scope: { kind: "site" }, articles: [a(s)] }, on, "dark") },
  { name: "embed (tag)", render: (s, on, a = hostileArticle) => renderEmbed({ scope: tagScope(s), articles: [a(s)] }, on, "auto") },
  { name: "embed (tag, empty)", render: (s, on) => renderEmbed({ scope: tagScope(s), articles: [] }, on, "light") },
];

const CASES = VIEWS.flatMap((view) => HOSTILE.map((hostile) => ({ ...view, hostile })));

describe("hostile strings stay text in every HTML view", () => {
  it.each(CASES)("$name: $hostile", async ({ render, hostile }) => {
    const html = render(hostile, site);
    // No element the hostile strings try to create exists: the only scripts are our own copy script.
    expect(await query(html, "img, svg, b")).toEqual([]);
    for (const script of await query(html, "script")) expect(script.text).toBe(COPY_SCRIPT);
    // No attribute name came out of content.
    for (const el of await query(html, "*")) {
      for (const name of Object.keys(el.attrs)) expect(name).toMatch(/^(?:[a-z]+(?:-[a-z]+)*)$/);
      expect(Object.keys(el.attrs)).not.toContain("onerror");
      expect(Object.keys(el.attrs)).not.toContain("onmouseover");
      expect(Object.keys(el.attrs)).not.toContain("onload");
    }
    // The string is shown as written: as the page's title text or a link's text.
    const texts = [...(await query(html, "title, h1, a, li, p"))].map((n) => n.text);
    expect(texts.some((t) => t.includes(hostile))).toBe(true);
    // Title and description from settings are text too.
    expect((await one(html, "title")).text).toContain(site.title);
  });

  it.each(HOSTILE)("article page: title, author, tags and categories read back exactly: %s", async (hostile) => {
    const html = renderArticlePage(hostileArticle(hostile), site);
    expect((await one(html, "h1")).text).toBe(hostile);
    expect((await one(html, "title")).text).toBe(`${hostile} · ${site.title}`);
    expect((await one(html, `meta[name="description"]`)).attrs.content).toBe(`Summary ${hostile}`);
    const tagLinks = await query(html, `a[rel="tag"]`);
    expect(tagLinks.map((a) => [a.text, a.attrs.href])).toEqual([
      [hostile, site.origin + termPath("tags", hostile)],
      ["plain", `${site.origin}/tags/plain/`],
    ]);
  });
});

describe("the home page lists the most used terms", () => {
  it(`at most ${HOME_TERMS} of a kind, most articles first, then by name; a link to the kind's index says how many there are`, async () => {
    const tags = Array.from({ length: HOME_TERMS + 5 }, (_, i) => ({ kind: "tags" as const, key: `t${i}`, name: `t${i}`, count: i % 7 }));
    const shown = homeTerms(tags);
    expect(shown).toHaveLength(HOME_TERMS);
    expect(shown.map((t) => t.count)).toEqual([...shown.map((t) => t.count)].sort((a, b) => b - a));
    expect(shown.filter((t) => t.count === 6).map((t) => t.name)).toEqual(["t13", "t20", "t27", "t34", "t41", "t6"]);
    const html = renderHome(renderHomeTerms({ tags, categories: [], authors: [], sections: [] }, site), [], site);
    expect((await query(html, "ul.plain li")).length).toBe(HOME_TERMS);
    expect((await query(html, "p.all a")).map((a) => [a.text, a.attrs.href])).toEqual([[PAGE_STRINGS.en.allTerms.tags(HOME_TERMS + 5), `${site.origin}/tags/`]]);
  });

  it("lists (made at build time without JSX) link each term's feeds with the markup of the page views' FeedLinks", () => {
    const names = ["校史", "a<b>&\"c'", "x y"];
    for (const on of [site, { ...site, origin: "https://feeds.example", linkQuery: "?opencc=s2t" }]) {
      const lists = renderHomeTerms(
        { tags: names.map((n, i) => ({ kind: "tags" as const, key: n.toLowerCase(), name: n, count: i })), categories: [], authors: [], sections: [] },
        on,
      );
      for (const n of names) {
        const links = String(jsx(FeedLinks, { site: on, scope: { kind: "tags", key: n.toLowerCase(), name: n } }));
        expect(lists).toContain(`${PAGE_STRINGS.en.colon}${links}</li>`);
      }
    }
  });
});

describe("OPML with hostile names", () => {
  it.each(HOSTILE)("well-formed, names read back exactly: %s", (hostile) => {
    const terms = {
      // Keys as the build makes them from names (src/text.ts termKey): URLs are made from keys.
      tags: [{ kind: "tags" as const, key: termKey(`${hostile}\ttab\nline`), name: `${hostile}\ttab\nline`, count: 1 }],
      categories: [{ kind: "categories" as const, key: termKey(hostile), name: hostile, count: 1 }],
      authors: [{ kind: "authors" as const, key: termKey(hostile), name: hostile, count: 1 }],
      sections: [{ kind: "sections" as const, key: termKey(hostile), name: hostile, count: 1 }],
    };
    const xml = renderOpml(terms, hostileArticle(hostile).updated, site, "atom");
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "", isArray: (n) => n === "outline" }).parse(xml);
    expect(doc.opml.head.title).toBe(PAGE_STRINGS.en.opmlTitle(site.title));
    const folders = doc.opml.body.outline.slice(1);
    expect(folders.map((f: any) => f.text)).toEqual(["Tags", "Categories", "Authors", "Sections"]);
    expect(folders.map((f: any) => f.outline[0].xmlUrl)).toEqual([
      `${site.origin}${termPath("tags", `${hostile}\ttab\nline`)}atom.xml`,
      `${site.origin}${termPath("categories", hostile)}atom.xml`,
      `${site.origin}${termPath("authors", hostile)}atom.xml`,
      `${site.origin}${termPath("sections", hostile)}atom.xml`,
    ]);
    expect(folders[1].outline[0].text).toBe(`${site.title} · ${hostile}`);
  });
});

describe("views render synchronously to a string", () => {
  it("a Promise (an async component) is refused, not turned into text", () => {
    expect(() => renderHtml(Promise.resolve(raw("<p>late</p>")))).toThrow(/synchronously/);
    expect(renderHtml(raw("<p>now</p>"))).toBe("<p>now</p>");
  });

  it.each(VIEWS)("$name returns a string", ({ render }) => {
    expect(typeof render("x", site)).toBe("string");
  });
});

describe("Content-Security-Policy", () => {
  it.each([
    { name: "page style", text: PAGE_STYLE, hash: PAGE_STYLE_HASH, csp: PAGE_CSP },
    { name: "copy script", text: COPY_SCRIPT, hash: COPY_SCRIPT_HASH, csp: PAGE_CSP },
    { name: "embed style", text: EMBED_STYLE, hash: EMBED_STYLE_HASH, csp: EMBED_CSP },
  ])("$name: hash in the policy matches the inline text (update it when editing)", async ({ text, hash, csp }) => {
    expect(await cspHash(text)).toBe(hash);
    expect(csp).toContain(`'${hash}'`);
  });

  it.each([
    { hosts: [], csp: PAGE_CSP },
    { hosts: ["www.youtube.com", "player.vimeo.com"], csp: `${PAGE_CSP}; frame-src https://www.youtube.com https://player.vimeo.com` },
  ])("article pages frame only IFRAME_HOSTS, over https: $hosts", ({ hosts, csp }) => {
    expect(articleCsp(hosts)).toBe(csp);
    const directives = Object.fromEntries(
      csp
        .split(";")
        .map((d) => d.trim().split(/\s+/))
        .map(([k, ...v]) => [k, v]),
    );
    expect(directives["default-src"]).toEqual(["'none'"]);
    expect(directives["frame-src"]).toEqual(hosts.length === 0 ? undefined : hosts.map((h) => `https://${h}`));
  });

  it("embeds allow framing by any site and no script at all", () => {
    const directives = Object.fromEntries(
      EMBED_CSP.split(";")
        .map((d) => d.trim().split(/\s+/))
        .map(([k, ...v]) => [k, v]),
    );
    expect(directives["frame-ancestors"]).toEqual(["*"]);
    expect(directives["default-src"]).toEqual(["'none'"]);
    expect(directives["script-src"]).toBeUndefined();
  });
});

describe("embed.js", () => {
  it("is small and never parses feed strings as HTML", () => {
    expect(new TextEncoder().encode(EMBED_SCRIPT).byteLength).toBeLessThan(4096);
    for (const sink of ["innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "Function("]) {
      expect(EMBED_SCRIPT).not.toContain(sink);
    }
  });
});

describe("article page", () => {
  const article = hostileArticle("Plain title", { tags: ["TypeScript", "南开大学"], categories: ["tech"], authors: ["Jane"] });

  it("shows the date in the site's time zone, tags linking to tag pages, the body and the feeds", async () => {
    const html = renderArticlePage(article, site);
    const [published, updated] = await query(html, "article time");
    // 01:30 UTC is 09:30 in Asia/Shanghai.
    expect(published).toEqual({ tag: "time", attrs: { datetime: article.published, title: "Asia/Shanghai" }, text: "March 1, 2024 at 9:30 AM" });
    expect(updated?.attrs.datetime).toBe(article.updated);
    expect((await query(html, `a[rel="tag"]`)).map((a) => a.attrs.href)).toEqual([
      "https://feeds.example/tags/typescript/",
      "https://feeds.example/tags/%E5%8D%97%E5%BC%80%E5%A4%A7%E5%AD%A6/",
    ]);
    expect((await one(html, "div.content p")).text).toBe("Body as built: <script>alert(1)</script>");
    expect((await one(html, `link[rel="canonical"]`)).attrs.href).toBe("https://feeds.example/posts/hostile/");
    expect((await query(html, `link[rel="alternate"]`)).map((l) => [l.attrs.type, l.attrs.href])).toEqual([
      ["application/rss+xml", "https://feeds.example/rss.xml"],
      ["application/atom+xml", "https://feeds.example/atom.xml"],
      ["application/feed+json", "https://feeds.example/feed.json"],
    ]);
    expect((await one(html, `meta[name="viewport"]`)).attrs.content).toBe("width=device-width, initial-scale=1");
  });

  it.each([
    { source: "https://news.example.org/a?b=1&c=2", link: "https://news.example.org/a?b=1&c=2" },
    { source: "javascript:alert(1)", link: undefined },
    { source: "not a url", link: undefined },
    { source: undefined, link: undefined },
  ])("original source $source -> link $link", async ({ source, link }) => {
    const html = renderArticlePage({ ...article, ...(source === undefined ? {} : { source }) } as Article, site);
    const links = (await query(html, "article a")).filter((a) => a.text === "news.example.org" || a.attrs.href === source);
    expect(links.map((a) => a.attrs.href)).toEqual(link ? [link] : []);
  });
});

describe("servesArticles: SITE_URL decides who owns the permalinks", () => {
  it.each([
    { SITE_URL: undefined, url: "https://feeds.example/posts/x/", serves: true },
    { SITE_URL: "", url: "https://feeds.example/posts/x/", serves: true },
    { SITE_URL: "  ", url: "https://feeds.example/posts/x/", serves: true },
    { SITE_URL: "https://feeds.example", url: "https://feeds.example/posts/x/", serves: true },
    { SITE_URL: "https://feeds.example/blog/", url: "https://feeds.example/posts/x/", serves: true },
    { SITE_URL: "https://blog.example.org", url: "https://feeds.example/posts/x/", serves: false },
    { SITE_URL: "http://feeds.example", url: "https://feeds.example/posts/x/", serves: false },
  ])("SITE_URL=$SITE_URL on $url -> $serves", ({ SITE_URL, url, serves }) => {
    expect(servesArticles(SITE_URL === undefined ? {} : { SITE_URL }, url)).toBe(serves);
  });
});

describe("feed page", () => {
  const selection: Selection = { scope: tagScope("TypeScript"), articles: [hostileArticle("One"), hostileArticle("Two")] };

  it.each([
    { format: "rss", limit: 20, url: "https://feeds.example/tags/typescript/rss.xml" },
    { format: "atom", limit: 20, url: "https://feeds.example/tags/typescript/atom.xml" },
    { format: "json", limit: 5, url: "https://feeds.example/tags/typescript/feed.json?limit=5" },
  ] as const)("$format, limit $limit: URL to copy, other formats, items, autodiscovery", async ({ format, limit, url }) => {
    const html = renderFeedPage(selection, site, format, limit);
    expect((await one(html, "input#feed-url")).attrs.value).toBe(url);
    expect((await one(html, "button[data-copy]")).attrs["data-copy"]).toBe("feed-url");
    expect((await one(html, "h1")).text).toBe(`${site.title} · #TypeScript`);
    expect((await query(html, "ol.items h3")).map((h) => h.text)).toEqual(["One", "Two"]);
    const alternates = await query(html, `link[rel="alternate"]`);
    expect(alternates).toHaveLength(3);
    expect(alternates[0]?.attrs.href).toBe(url);
    const others = (await query(html, "section a[type]")).map((a) => a.attrs.href);
    expect(others).toHaveLength(2);
    expect(others).not.toContain(url);
  });
});

describe("embed", () => {
  const articles = [hostileArticle("One"), hostileArticle("Two")];
  it.each(["auto", "light", "dark"] as const)("theme %s: items open in a new tab with noopener, no script", async (theme) => {
    const html = renderEmbed({ scope: { kind: "site" }, articles }, site, theme);
    const root = await one(html, "html");
    expect(root.attrs.class).toBe(theme === "auto" ? undefined : theme);
    expect((await query(html, "li a")).map((a) => a.text)).toEqual(["One", "Two"]);
    for (const a of await query(html, "a")) {
      expect(a.attrs.target).toBe("_blank");
      expect(a.attrs.rel?.split(" ")).toContain("noopener");
    }
    expect(await query(html, "script")).toEqual([]);
  });
});

describe("every view in every language (issue 12)", () => {
  /** A site and articles written in Chinese, so that any Latin word on a Chinese page is the page's own, and any Han character on an English one. */
  const chinese = (language: string): Site => ({ ...site, title: "南开新闻", description: "南开大学新闻精选", author: "编辑部", language });
  const article = (s: string): Article => hostileArticle(s, { summary: "摘要", html: "<p>正文</p>", tags: [s, "图书馆"], categories: [s], authors: ["记者"] });
  const CONTENT = ["南开大学新闻精选", "南开新闻", "编辑部", "校史", "摘要", "正文", "图书馆", "记者", "news.example.org"];
  /** Latin words any page may show: names of formats, products and keys. */
  const NAMES = /^(?:RSS|Atom|JSON|Feed|OPML|iframe|JavaScript|Ctrl|C|NetNewsWire|Feedbin|Inoreader|Miniflux)$/;

  it.each(PAGE_LANGUAGES.flatMap((language) => VIEWS.map((view) => ({ language, ...view }))))(
    "$language, $name: renders, says so in <html lang>, and shows no word of another language",
    async ({ language, render }) => {
      const html = render("校史", chinese(language), article);
      expect((await one(html, "html")).attrs.lang).toBe(language);
      const foreign = language === "en" ? /\p{Script=Han}+/gu : /[A-Za-z]+/g;
      const shown = (await visibleText(html)).map((text) => CONTENT.reduce((rest, c) => rest.replaceAll(c, " "), text));
      expect(shown.flatMap((text) => text.match(foreign) ?? []).filter((word) => !NAMES.test(word))).toEqual([]);
    },
  );

  const terms = {
    tags: [{ kind: "tags" as const, key: "校史", name: "校史", count: 2 }],
    categories: [{ kind: "categories" as const, key: "新闻", name: "新闻", count: 1 }],
    authors: [{ kind: "authors" as const, key: "记者", name: "记者", count: 1 }],
    sections: [],
  };

  it.each(PAGE_LANGUAGES)("%s: headings, labels and buttons come from its table", async (language) => {
    const words = PAGE_STRINGS[language];
    const on = chinese(language);
    const home = renderHome(renderHomeTerms(terms, on), [article("校史")], on);
    expect((await query(home, "h2")).map((h) => h.text)).toEqual([
      words.subscribe,
      words.kinds.tags.many,
      words.kinds.categories.many,
      words.kinds.authors.many,
      words.latestArticles,
    ]);
    expect((await query(home, "ul.plain .muted")).map((s) => s.text)).toEqual([words.termCount(2), words.termCount(1), words.termCount(1)]);

    const feed = renderFeedPage({ scope: tagScope("校史"), articles: [article("校史")] }, on, "json", 20);
    expect((await one(feed, "title")).text).toBe(words.feedPageTitle("南开新闻 · #校史", "JSON Feed"));
    expect((await one(feed, "h2#subscribe")).text).toBe(words.subscribeInReader);
    const button = await one(feed, "button[data-copy]");
    expect([button.text, button.attrs["data-copied"], button.attrs["data-failed"]]).toEqual([words.copy, words.copied, words.copyFailed]);
    expect((await one(feed, "input#feed-url")).attrs["aria-label"]).toBe(words.feedAddress);
    expect((await query(feed, "nav.crumbs a")).map((a) => a.text)).toEqual(["南开新闻", words.kinds.tags.many, `${words.kinds.tags.one}${words.colon}校史`]);
    expect((await one(feed, `meta[name="description"]`)).attrs.content).toBe(words.scopeDescription.tags("校史", "南开新闻"));
    expect((await query(feed, `link[rel="alternate"]`)).map((l) => l.attrs.title)).toEqual(["JSON Feed", "RSS", "Atom"].map((f) => words.alternateTitle("南开新闻 · #校史", f)));

    const term = renderTermPage(tagScope("校史"), [article("校史")], on, { pages: 2, total: 23 });
    expect((await one(term, "h1")).text).toBe(`${words.kinds.tags.one}${words.colon}校史`);
    expect((await one(term, "p.muted")).text).toBe(words.articleCount(23));
    expect((await one(term, "nav.pages a")).text).toBe(words.olderArticles);
    expect((await query(term, "nav.crumbs a")).map((a) => [a.text, a.attrs.href])).toEqual([
      ["南开新闻", `${site.origin}/`],
      [words.kinds.tags.many, `${site.origin}/tags/`],
    ]);
    const archive = renderTermPage(tagScope("校史"), [article("校史")], on, { page: 1, pages: 2, total: 23 });
    expect((await one(archive, "h1")).text).toBe(`${words.kinds.tags.one}${words.colon}校史 · ${words.archivePage(1, 2)}`);
    expect((await one(archive, "nav.pages a")).text).toBe(words.newerArticles);
    expect((await query(archive, "nav.crumbs a")).map((a) => a.text)).toEqual(["南开新闻", words.kinds.tags.many, `${words.kinds.tags.one}${words.colon}校史`]);

    const index = renderTermIndex("tags", renderTermIndexLists("tags", terms.tags, on)[0] ?? "", { page: 2, pages: 3, terms: 401 }, on);
    expect((await one(index, "title")).text).toBe(`${words.kinds.tags.many} · ${words.archivePage(2, 3)} · 南开新闻`);
    expect((await one(index, "h1")).text).toBe(`${words.kinds.tags.many} · ${words.archivePage(2, 3)}`);
    expect((await query(index, "p.muted")).map((p) => p.text)[0]).toBe(words.termIndexCount.tags(401));
    expect((await query(index, "ul.terms .muted")).map((c) => c.text)).toEqual([words.termCount(2)]);
    expect((await query(index, "nav.pages a")).map((a) => [a.text, a.attrs.rel, a.attrs.href])).toEqual([
      [words.previousPage, "prev", `${site.origin}/tags/`],
      [words.nextPage, "next", `${site.origin}/tags/?page=3`],
    ]);
    expect((await query(home, "p.all a")).map((a) => a.text)).toEqual([words.allTerms.tags(1), words.allTerms.categories(1), words.allTerms.authors(1)]);

    const page = renderArticlePage(article("校史"), on);
    expect((await query(page, "article p.meta")).map((p) => p.text)[0]).toContain(` · ${words.updated} `);

    const embed = renderEmbed({ scope: tagScope("校史"), articles: [] }, on, "auto");
    expect((await one(embed, "body > p")).text).toBe(words.noArticles);
    expect((await query(embed, "footer a"))[0]?.text).toBe(words.embedSubscribe("RSS"));

    const opml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "", isArray: (n) => n === "outline" }).parse(
      renderOpml(terms, "2024-03-01T00:00:00.000Z", on, "rss"),
    );
    expect(opml.opml.head.title).toBe(words.opmlTitle("南开新闻"));
    expect(opml.opml.body.outline.slice(1).map((f: any) => f.text)).toEqual([words.kinds.tags.many, words.kinds.categories.many, words.kinds.authors.many]);
  });

  it.each([
    { language: "zh-HK", table: "zh-TW" },
    { language: "zh-Hans-SG", table: "zh-CN" },
    { language: "en-GB", table: "en" },
    { language: "fr", table: "en" },
  ] as const)("$language: pages use the $table table and keep lang=$language", async ({ language, table }) => {
    const html = renderTermPage(tagScope("校史"), [], chinese(language), { pages: 0, total: 0 });
    expect((await one(html, "html")).attrs.lang).toBe(language);
    expect((await query(html, "p.muted")).map((p) => p.text)).toEqual([PAGE_STRINGS[table].articleCount(0), PAGE_STRINGS[table].noArticles]);
  });
});
