/**
 * Issue 13, Simplified↔Traditional Chinese: the converters (RSSHub's six values), what
 * conversion touches in an article (text) and what it never does (URLs, ids, slugs,
 * attributes, code), the `CHINESE_VARIANTS` setting, and, over the real build, every
 * variant document is the one-pass render of the converted articles, with the same ids
 * and links that stay in the variant.
 */
import fc from "fast-check";
import * as OpenCC from "opencc-js";
import { describe, expect, it } from "vitest";
import { serialiseArticles, serialiseVariant } from "../../src/build/chunks.ts";
import { compileContent } from "../../src/build/compile.ts";
import { convertArticle, converterFor, convertHtml, convertScope, parseHtml, remembering, scanHtml, variantSettings } from "../../src/build/convert.ts";
import { readSettings } from "../../src/build/settings.ts";
import type { Catalog, ScopeRef } from "../../src/content/catalog.ts";
import { archivePageCount } from "../../src/content/layout.ts";
import { inVariant, named } from "../../src/feed/context.ts";
import { feedArchive, feedRepresentation, pageMembers } from "../../src/feed/documents.ts";
import { canonicalQuery } from "../../src/feed/query.ts";
import { CHINESE_VARIANTS, type ChineseVariant, parseVariantList, VARIANT_LANGUAGE, VARIANT_LOCALES, variantRule } from "../../src/i18n/variants.ts";
import { siteSettings } from "../../src/settings.ts";
import { type Article, type FeedFormat, TERM_KINDS } from "../../src/types.ts";
import { articleSource } from "../fixtures/articles.ts";
import { contextOn, SETTINGS, siteOn, workspace } from "../fixtures/built.ts";
import { selectable } from "../fixtures/library.ts";
import { renderArchivePage, renderFeed, selectArticles } from "../fixtures/oracle.ts";

const decoder = new TextDecoder();
const FORMATS: FeedFormat[] = ["rss", "atom", "json"];

/** The attribute the article page's images have and the feeds' do not (src/build/markdown.ts), as text here. */
const LAZY = ' loading="lazy"';

/** An article that is only a body and its page's version of it. */
function bodyArticle(html: string, pageHtml: string): Article {
  return { slug: "s", path: "/posts/s/", id: "i", title: "t", published: "", updated: "", summary: "", html, pageHtml, tags: [], categories: [], authors: [], file: "s.md" };
}

describe("the converters", () => {
  it.each([
    ["s2t", "南开大学新闻", "南開大學新聞"],
    ["s2tw", "南开大学新闻", "南開大學新聞"],
    ["s2hk", "南开大学新闻", "南開大學新聞"],
    ["t2s", "南開大學新聞", "南开大学新闻"],
    ["tw2s", "南開大學新聞", "南开大学新闻"],
    ["hk2s", "南開大學新聞", "南开大学新闻"],
    // Regional forms: Taiwan writes 著 where OpenCC's Traditional writes 着.
    ["s2t", "看着", "看着"],
    ["s2tw", "看着", "看著"],
    // Latin text, digits, emoji and punctuation pass through.
    ["s2t", 'Nankai 2020 🚀 <a href="x">&amp;', 'Nankai 2020 🚀 <a href="x">&amp;'],
  ] as const)("%s: %s -> %s", (variant, from, to) => {
    expect(converterFor(variant)(from)).toBe(to);
  });

  it("convert as opencc-js's own Converter does, its first pass skipped only where it changes nothing (property)", () => {
    // Compatibility ideographs (the first pass's keys: 豈 U+F900, 﨎 U+FA0E, 乁 U+2F801), an ideographic
    // description sequence, phrases each variant's dictionaries hold, Latin text and an emoji.
    const pieces = ["\uF900", "\uFA0E", "\u{2F801}", "⿰氵每", "南开", "大学", "發展", "软件", "後來", "看着", "頭髮", "著", "台", "干", "面", "a ", "🚀", "，"];
    const text = fc.array(fc.constantFrom(...pieces), { maxLength: 12 }).map((parts) => parts.join(""));
    for (const variant of CHINESE_VARIANTS) {
      const theirs = OpenCC.Converter(VARIANT_LOCALES[variant]);
      const ours = converterFor(variant);
      fc.assert(
        fc.property(text, (t) => {
          expect(ours(t)).toBe(theirs(t));
        }),
        { numRuns: 300 },
      );
      expect(ours("\uF900南开"), variant).toBe(theirs("\uF900南开"));
    }
    // The first pass does change these: the property is not only ever skipping it.
    expect(converterFor("s2t")("\uF900")).toBe("豈");
  });

  it("each variant's output is in its language", () => {
    expect(CHINESE_VARIANTS.map((v) => VARIANT_LANGUAGE[v])).toEqual(["zh-Hant", "zh-TW", "zh-HK", "zh-CN", "zh-CN", "zh-CN"]);
  });
});

describe("what conversion touches", () => {
  const s2t = converterFor("s2t");

  it("the text of a body, and never its tags, attributes, URLs, comments or code", () => {
    const html = [
      '<p>南开大学<a href="https://news.nankai.edu.cn/南开?q=学" title="南开">新闻</a> &amp; 发展</p>',
      '<p><img src="/posts/x/图.png" alt="学校"></p>',
      "<p>用 <code>Array.from(正文)</code> 截断</p>",
      '<pre><code class="language-js">// 简体注释\nconst 摘要 = 1;</code></pre>',
      "<!-- 南开 --><p><kbd>软件</kbd><samp>鼠标</samp>后来</p>",
    ].join("\n");
    expect(convertHtml(html, s2t)).toBe(
      [
        '<p>南開大學<a href="https://news.nankai.edu.cn/南开?q=学" title="南开">新聞</a> &amp; 發展</p>',
        '<p><img src="/posts/x/图.png" alt="学校"></p>',
        "<p>用 <code>Array.from(正文)</code> 截斷</p>",
        '<pre><code class="language-js">// 简体注释\nconst 摘要 = 1;</code></pre>',
        "<!-- 南开 --><p><kbd>软件</kbd><samp>鼠标</samp>後來</p>",
      ].join("\n"),
    );
  });

  it("any markup: everything but the text outside code is byte-identical (property)", () => {
    const text = fc.stringMatching(/^[南开大学新闻后发软件 a-z&;<>"'=/.\n]{0,12}$/).map((t) => t.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;"));
    const attr = fc.stringMatching(/^[南开学 a-z/.:?=]{0,10}$/);
    const node = fc.letrec<{ node: string }>((tie) => ({
      node: fc.oneof(
        { depthSize: "small" },
        text,
        fc
          .tuple(fc.constantFrom("p", "a", "em", "code", "pre", "li"), attr, fc.array(tie("node"), { maxLength: 3 }))
          .map(([tag, value, children]) => `<${tag} title="${value}">${children.join("")}</${tag}>`),
        attr.map((value) => `<img src="/x/${value}.png" alt="${value}">`),
      ),
    })).node;
    /** The document with the text outside code replaced by a mark: what must survive conversion. */
    const skeleton = (html: string) => convertHtml(html, () => "#");
    fc.assert(
      fc.property(fc.array(node, { maxLength: 5 }), (nodes) => {
        const html = nodes.join("");
        expect(skeleton(convertHtml(html, s2t))).toBe(skeleton(html));
        expect(convertHtml(html, (t) => t)).toBe(html);
      }),
      { numRuns: 300 },
    );
  });

  it("bodies are read without a parser exactly as htmlparser2 reads them, and anything else goes to htmlparser2 (property)", () => {
    // A converter that marks each text it gets: the two agree on which texts, split where, and which are code.
    const mark = (text: string) => `[${text}]`;
    const text = fc.stringMatching(/^[南开学 a-z&;>\n]{0,8}$/);
    const attrs = fc.array(
      fc.oneof(
        fc.stringMatching(/^[南开 a-z/.:?=>]{0,8}$/).map((value) => ` title="${value}"`),
        fc.constantFrom(" disabled", ' checked=""', "\n  class='x'", " data-x=a", ' alt="a<b"', ' src="x"/'),
      ),
      { maxLength: 2 },
    );
    const node = fc.letrec<{ node: string }>((tie) => ({
      node: fc.oneof(
        { depthSize: "small" },
        text,
        fc
          .tuple(fc.constantFrom("p", "a", "EM", "code", "pre", "kbd", "li", "div", "svg", "script", "title"), attrs, fc.array(tie("node"), { maxLength: 3 }), fc.boolean())
          .map(([tag, attr, children, closed]) => `<${tag}${attr}>${children.join("")}${closed ? `</${tag}>` : ""}`),
        fc.constantFrom("<br>", "<img src=x />", "</code>", "</br>", "<!-- 南开 -->", "< 开", '<iframe src="/v"></iframe>', "<iframe>开</iframe>", "<hr/>"),
      ),
    })).node;
    let scanned = 0;
    fc.assert(
      fc.property(fc.array(node, { maxLength: 5 }), (nodes) => {
        const html = nodes.join("");
        const fast = scanHtml(html, mark);
        if (fast !== undefined) scanned++;
        expect(fast ?? parseHtml(html, mark)).toBe(parseHtml(html, mark));
      }),
      { numRuns: 2000 },
    );
    // Both sides are exercised: the property is not only ever falling back.
    expect(scanned).toBeGreaterThan(200);
    expect(scanHtml("<p>开<!-- x --></p>", mark)).toBeUndefined();
    expect(scanHtml("<pre><code>开</pre>", mark)).toBeUndefined();
    expect(scanHtml('<p>开<iframe src="/v"></iframe><code>学</code></p>', mark)).toBe('<p>[开]<iframe src="/v"></iframe><code>学</code></p>');
  });

  it("an article: title, summary, body text and names; never its id, slug, path, dates or URLs", () => {
    const article: Article = {
      slug: "nankai-hackathon-2020",
      path: "/posts/nankai-hackathon-2020/",
      id: "urn:uuid:863d70f6-d8c0-554c-9723-f06a45ba6393",
      title: "南开大学 Hackathon 2020",
      published: "2020-10-17T01:05:33.271Z",
      updated: "2020-10-17T01:05:33.271Z",
      summary: "计算机学院举办了第一届",
      html: '<p>代码已经开源在 <a href="https://github.com/example/nankai-feeds">GitHub</a></p>',
      tags: ["南开大学", "RSS"],
      categories: ["笔记"],
      authors: ["张三"],
      image: "https://img.example.cn/图/2020.jpg",
      source: "https://news.nankai.edu.cn/a/学.html",
      file: "005.md",
    };
    const converted = convertArticle(article, s2t);
    expect(converted).toEqual({
      ...article,
      title: "南開大學 Hackathon 2020",
      summary: "計算機學院舉辦了第一屆",
      html: '<p>代碼已經開源在 <a href="https://github.com/example/nankai-feeds">GitHub</a></p>',
      tags: ["南開大學", "RSS"],
      categories: ["筆記"],
      authors: ["張三"],
      original: { tags: ["南开大学", "RSS"], categories: ["笔记"], authors: ["张三"] },
    });
    expect(convertScope({ kind: "tags", key: "南开大学", name: "南开大学" }, s2t)).toEqual({ kind: "tags", key: "南开大学", name: "南開大學" });
  });

  it("an article's body and page: each converted on its own, as text between tags, whatever the page adds (property)", () => {
    // 头发 converts as one word (頭髮), 头 and 发 alone otherwise (頭, 發).
    const text = fc.constantFrom("南开大学", "头", "发", "软件", " ", "x", "&amp;", "&gt;", LAZY, "\n");
    const body = fc
      .array(
        fc.oneof(
          fc.array(text, { maxLength: 4 }).map((t) => `<p>${t.join("")}</p>`),
          fc.constantFrom(
            '<p><img src="/posts/x/图.png" alt="学校"></p>',
            '<pre><code>后来 loading="lazy"</code></pre>',
            "<!-- 南开 -->",
            '<p><a title="a>b" href="/x">新闻</a></p>',
          ),
        ),
        { maxLength: 5 },
      )
      .map((blocks) => blocks.join("\n"));
    // What markdown.ts makes (the attribute on every image), and pages that differ otherwise.
    const page = fc.constantFrom(
      (html: string) => html.replaceAll("<img ", `<img${LAZY} `),
      (html: string) => html.replace("</p>", `${LAZY}</p>`),
      (html: string) => html.replace("头发", `头${LAZY}发`),
      (html: string) => html.replace("<a ", `<a${LAZY} `),
      (html: string) => `${html}<p>页面</p>`,
    );
    fc.assert(
      fc.property(body, page, (html, made) => {
        const pageHtml = made(html);
        const converted = convertArticle(bodyArticle(html, pageHtml), s2t);
        expect([converted.html, converted.pageHtml]).toEqual([convertHtml(html, s2t), convertHtml(pageHtml, s2t)]);
      }),
      { numRuns: 300 },
    );
    // A converter whose text spells the attribute: the body is still converted on its own.
    const html = '<p>X</p><p><img src="/a.png" alt=""></p>';
    const spelling = (t: string) => t.replaceAll("X", LAZY);
    const article = bodyArticle(html, html.replace("<img ", `<img${LAZY} `));
    expect(convertArticle(article, spelling).html).toBe(`<p>${LAZY}</p><p><img src="/a.png" alt=""></p>`);
  });

  it("the site's words and language", () => {
    const settings = siteSettings({
      SITE_TITLE: "南开新闻精选",
      SITE_DESCRIPTION: "南开大学新闻",
      SITE_AUTHOR: "编辑部",
      SITE_URL: "https://news.example",
      SITE_LANGUAGE: "zh-CN",
    });
    expect(variantSettings(settings, "s2tw")).toEqual({ ...settings, title: "南開新聞精選", description: "南開大學新聞", author: "編輯部", language: "zh-TW" });
  });
});

describe("serialising a chunk in a variant", () => {
  const cjk = fc.constantFrom("南开", "大学", "新闻", "发展", "后来", "软件", "]]>", "&", "<b>", "&amp;", "\n", " ", "🚀", "x");
  const text = fc.array(cjk, { maxLength: 8 }).map((w) => w.join(""));
  const block = fc.oneof(
    text.map((t) => `<p>${t.replaceAll("&", "&amp;").replaceAll("<", "&lt;")}</p>`),
    text.map((t) => `<pre><code>${t.replaceAll("&", "&amp;").replaceAll("<", "&lt;")}</code></pre>`),
    text.map(
      (t) =>
        `<p><a href="/posts/x/${encodeURIComponent(t)}" title="${t.replaceAll("&", "&amp;").replaceAll('"', "&quot;").replaceAll("<", "&lt;")}">${t.replaceAll("&", "&amp;").replaceAll("<", "&lt;")}</a></p>`,
    ),
    fc.constant('<p><img src="/posts/x/图.png" alt="学校"></p>'),
  );
  const article = fc.record({
    title: text.filter((t) => t.trim() !== ""),
    summary: text,
    html: fc.array(block, { maxLength: 4 }).map((b) => b.join("\n")),
    tags: fc.array(
      text.filter((t) => t.trim() !== ""),
      { maxLength: 3 },
    ),
    authors: fc.array(
      text.filter((t) => t.trim() !== ""),
      { maxLength: 2 },
    ),
    image: fc.option(fc.constant("https://img.example.cn/图/2020.jpg"), { nil: undefined }),
    // Issue 11: a page whose HTML differs from the feeds' (lazy images, players).
    page: fc.boolean(),
  });

  it("is serialising the converted articles on the variant's settings, in every format, full and brief, on either origin, under the original's hashes (property)", () => {
    fc.assert(
      fc.property(fc.array(article, { minLength: 1, maxLength: 4 }), fc.constantFrom(...CHINESE_VARIANTS), fc.constantFrom("", "https://news.example"), (specs, variant, url) => {
        const articles: Article[] = specs.map(({ image, page, ...spec }, i) => ({
          slug: `s${i}`,
          path: `/posts/s${i}/`,
          id: `urn:uuid:00000000-0000-5000-8000-00000000000${i}`,
          published: "2024-01-01T00:00:00.000Z",
          updated: "2024-01-02T00:00:00.000Z",
          categories: spec.tags.slice(0, 1),
          file: `${i}.md`,
          ...spec,
          ...(image === undefined ? {} : { image }),
          ...(page ? { pageHtml: `${spec.html}<p>页面<img src="/x.png" loading="lazy"></p>` } : {}),
        }));
        const settings = { ...SETTINGS, title: "南开新闻", author: "编辑部", url, variants: [variant] };
        const base = serialiseArticles(articles, settings);
        const served = serialiseVariant(articles, settings, variant, base);
        const convert = remembering(converterFor(variant));
        const reference = serialiseArticles(
          articles.map((a) => convertArticle(a, convert)),
          variantSettings(settings, variant),
        );
        const text = (parts: Record<string, Uint8Array[]>) => Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, v.map((b) => decoder.decode(b))]));
        expect(text(served.parts)).toEqual(text(reference.parts));
        expect(text(served.briefs)).toEqual(text(reference.briefs));
        expect(served.built.map((b) => b.meta)).toEqual(reference.built.map((b) => b.meta));
        expect(served.built.map((b) => b.hash)).toEqual(base.built.map((b) => b.hash));
        // The variant's text, never the original's, wherever the articles have Chinese in them.
        if (articles.some((a) => a.title !== convert(a.title))) expect(text(served.parts)).not.toEqual(text(base.parts));
      }),
      { numRuns: 200 },
    );
  });
});

describe("CHINESE_VARIANTS", () => {
  it.each([
    [undefined, ["s2t"], []],
    ["", [], []],
    ["none", [], []],
    ["s2hk, s2t", ["s2t", "s2hk"], []],
    ["S2TW t2s", ["s2tw", "t2s"], []],
    ["s2t,zh-TW", ["s2t"], ["zh-tw"]],
  ])("%j -> %j", (value, variants, unknown) => {
    expect(parseVariantList(value)).toEqual({ variants, unknown });
  });

  it("an unknown variant fails the build, naming the setting and the values", () => {
    const result = readSettings(".", { CHINESE_VARIANTS: "s2t, traditional" });
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.problems).toContainEqual(expect.stringMatching(/^CHINESE_VARIANTS: "traditional" is not a variant: list any of s2t, s2tw, s2hk, t2s, tw2s, hk2s/));
  });

  it("a 400 names the variants that were built", () => {
    expect(variantRule(["s2t"])).toBe(
      "opencc must be one of s2t, given at most once, e.g. ?opencc=s2t; s2tw, s2hk, t2s, tw2s, hk2s are not built here (the site's CHINESE_VARIANTS setting)",
    );
    expect(variantRule([])).toMatch(/^opencc must be absent: this site builds no Chinese variant/);
  });
});

describe("variant documents over the real build", () => {
  /** Every scope of a built catalog. */
  const scopes = (catalog: Catalog): ScopeRef[] => [catalog.site, ...TERM_KINDS.flatMap((kind) => catalog.terms(kind))];
  const words = ["南开", "大学", "新闻", "发展", "后来", "Nankai"];
  const article = fc.record({
    title: fc.array(fc.constantFrom(...words), { minLength: 1, maxLength: 3 }).map((w) => w.join(" ")),
    body: fc.array(fc.constantFrom(...words, "`代码`", "[链接](https://x.example/南开)"), { maxLength: 5 }).map((w) => w.join(" ")),
    tags: fc.array(fc.constantFrom("南开大学", "新闻", "RSS"), { maxLength: 2 }),
    day: fc.nat(300),
    // Issue 20's long tail: a tag of the article's own and one it shares with one other, in the shards of each copy.
    lone: fc.boolean(),
  });

  it("are the one-pass render of the converted articles, in every scope, format and limit, with the original ids", async () => {
    const variants: ChineseVariant[] = ["s2t", "t2s"];
    const settings = { ...SETTINGS, title: "南开新闻", pageSize: 5, variants };
    await fc.assert(
      fc.asyncProperty(
        fc.array(article, { minLength: 1, maxLength: 14 }),
        fc.constantFrom(...FORMATS),
        fc.integer({ min: 1, max: 30 }),
        fc.constantFrom(...variants),
        async (specs, format, limit, variant) => {
          const sources = specs.map((s, i) => ({
            file: `${i}.md`,
            source: articleSource(
              {
                title: s.title,
                date: new Date(Date.UTC(2022, 0, 1) + s.day * 3_600_000 + i).toISOString(),
                slug: `s${i}`,
                tags: [...s.tags, ...(s.lone ? [`发展人物${i}`, `大学事件${i >> 1}`] : [])],
              },
              `${s.body}\n\n<!--more-->\n\n${s.body}`,
            ),
          }));
          const space = workspace();
          space.write(sources);
          expect((await space.build(settings)).ok).toBe(true);
          const catalog = space.catalog();
          const compiled = compileContent(sources, { timeZone: "UTC", author: settings.author });
          if (!compiled.ok) throw new Error(JSON.stringify(compiled.problems));
          const convert = converterFor(variant);
          const converted = { ...compiled.index, articles: compiled.index.articles.map((a) => convertArticle(a, convert)) };
          const { assets } = space.assets();
          const site = siteOn("https://request.example", settings);
          const ctx = inVariant(contextOn(catalog, assets, site), variant);
          for (const scope of scopes(catalog)) {
            const query = { limit, variant };
            const rep = await feedRepresentation(contextOn(catalog, assets, site), scope, format, query);
            const body = decoder.decode((await rep.body()) as Uint8Array);
            const selection = selectArticles(selectable(converted), named(ctx, scope), limit);
            const pages = archivePageCount(scope.count, settings.pageSize);
            expect(body).toBe(renderFeed(selection, ctx.site, format, limit, pages, { query: canonicalQuery(query), titleAddition: "" }));
            // The original's ids, in the original's order.
            const original = selectArticles(selectable(compiled.index), scope, limit).articles.map((a) => a.id);
            expect(selection.articles.map((a) => a.id)).toEqual(original);
            // Archive pages too: the variant's, linking within the variant.
            for (let page = 1; page <= pages; page++) {
              const archive = decoder.decode((await feedArchive(ctx, named(ctx, scope), format, page).body()) as Uint8Array);
              const positions = [...pageMembers(catalog, scope, page)];
              const items = positions.map((p) => converted.articles[p] as Article).map((a) => (scope.kind === "site" ? a : { ...a, html: "" }));
              expect(archive).toBe(renderArchivePage(named(ctx, scope), items, ctx.site, format, page, pages));
              if (page > 1) expect(archive).toContain(`/archive/${page - 1}/${format === "json" ? "feed.json" : `${format}.xml`}?opencc=${variant}`);
            }
          }
        },
      ),
      { numRuns: 10 },
    );
  }, 240_000);
});
