/**
 * Issue 11: raw HTML in articles is parsed and sanitised at build time. Tables of
 * Markdown in -> HTML out (feeds, and the page where it differs), through the real
 * compiler; summaries of raw HTML; and a property test: random HTML soup, as hostile as
 * the vocabulary below can make it, comes out as allow-listed, balanced markup whose
 * feeds pass the W3C rules and read back in feedsmith and rowan.
 */
import fc from "fast-check";
import { DomUtils, parseDocument } from "htmlparser2";
import { describe, expect, it } from "vitest";
import { type CompileOptions, compileContent } from "../../src/build/compile.ts";
import { absoluteUrl, absolutizeHtml, feedPath } from "../../src/feed/urls.ts";
import type { Article, FeedFormat } from "../../src/types.ts";
import { articleSource, hostileText } from "../fixtures/articles.ts";
import { CHECKS, decodeHtml } from "../fixtures/feed-rules.ts";
import { selectable } from "../fixtures/library.ts";
import { renderFeed, selectArticles, siteWith } from "../fixtures/oracle.ts";
import { readWithFeedsmith } from "../fixtures/readers.ts";
import { readWithRowan } from "../fixtures/readers-rowan.ts";

const OPTIONS: CompileOptions = { timeZone: "UTC", upgradeImageHosts: ["news.nankai.edu.cn"] };

/** The article `body` compiles to, at `/posts/p/`. */
function compile(body: string, options: CompileOptions = OPTIONS): Article {
  const result = compileContent([{ file: "p.md", source: `---\ntitle: T\ndate: 2024-01-02\nslug: p\n---\n${body}\n` }], options);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.index.articles[0] as Article;
}

const SANDBOX = `sandbox="allow-scripts allow-same-origin allow-presentation allow-popups allow-popups-to-escape-sandbox"`;
const PLAYER = `${SANDBOX} allowfullscreen loading="lazy" referrerpolicy="strict-origin-when-cross-origin"`;

describe("what raw HTML keeps and what it loses", () => {
  it.each([
    // Gone, with their content: scripts, styles, comments, forms' controls, <base>, <svg>.
    { name: "script block", body: "<script>alert(1)</script>\n\nAfter.", html: "\n<p>After.</p>\n" },
    { name: "inline script", body: "Before <script>alert(1)</script> after.", html: "<p>Before  after.</p>\n" },
    { name: "style", body: "<style>p{display:none}</style>\n\nText", html: "\n<p>Text</p>\n" },
    { name: "comments", body: "<!-- c --><!-- <script>alert(1)</script> -->\n\nText", html: "\n<p>Text</p>\n" },
    { name: "form", body: `<form action="/x"><input name=a><button formaction="javascript:alert(1)">go</button></form>`, html: "go\n" },
    { name: "base", body: `<base href="https://evil.example/">\n\nText`, html: "\n<p>Text</p>\n" },
    { name: "svg onload", body: `a <svg onload=alert(1)><circle r="5"/></svg> b`, html: "<p>a  b</p>\n" },
    { name: "object", body: `a <object data="javascript:alert(1)">fallback</object> b`, html: "<p>a fallback b</p>\n" },
    // Event handlers, ids, classes and targets go; the elements stay.
    {
      name: "img onerror",
      body: `<img src=x onerror=alert(1) id="i" class="c">`,
      html: `<img src="/posts/p/x" />\n`,
      page: `<img src="/posts/p/x" loading="lazy" />\n`,
    },
    {
      name: "table",
      body: `<table border="1" onclick="x()"><tr><td colspan="2" class="c">a</td></tr></table>`,
      html: `<table><tr><td colspan="2">a</td></tr></table>\n`,
    },
    // URLs: resolved against the permalink like Markdown's; only http(s) and mailto links, http(s) and data: images.
    {
      name: "links",
      body: `<a href="../b/" target="_blank" rel="opener">up</a> <a href="mailto:a@b.example">m</a> <a href="javascript:alert(1)">j</a> <a href=" jav&#x09;ascript:alert(2)">e</a> <a href="data:text/html,x">d</a> <a href="http://exa mple/">bad</a>`,
      html: `<p><a href="/posts/b/">up</a> <a href="mailto:a@b.example">m</a> <a>j</a> <a>e</a> <a>d</a> <a>bad</a></p>\n`,
    },
    {
      name: "images",
      body: `<img src="img/a.png" alt="A" title="t" width="100%" height="auto"> <img src="data:image/png;base64,AAAA" alt=""> <img src="javascript:alert(1)"> <img>`,
      html: `<p><img src="/posts/p/img/a.png" alt="A" title="t" width="100%" /> <img src="data:image/png;base64,AAAA" alt="" />  </p>\n`,
      page: `<p><img src="/posts/p/img/a.png" alt="A" title="t" width="100%" loading="lazy" /> <img src="data:image/png;base64,AAAA" alt="" loading="lazy" />  </p>\n`,
    },
    // Style: text-align only.
    {
      name: "style attributes",
      body: `<p style="position:fixed;top:0;text-align:center;display:none">x</p>\n\n<span style="color:red">y</span>`,
      html: `<p style="text-align:center">x</p>\n<p>y</p>\n`,
    },
    { name: "center", body: "<center>x</center>", html: `<div style="text-align:center">x</div>\n` },
    // Structure: what is left open is closed where its parent ends.
    { name: "unclosed in a paragraph", body: "one <b>two\n\nthree", html: "<p>one <b>two</b></p>\n<p>three</p>\n" },
    { name: "unclosed block", body: "<div><i>x\n\nnext", html: "<div><i>x\n<p>next</p>\n</i></div>" },
    // A stray </p> is an empty paragraph, as browsers read it (HTML Standard, "in body").
    { name: "stray end tags", body: "a</div></p></table>b", html: "<p>a</p>b<p></p>\n" },
    {
      name: "figure",
      body: `<figure><img src="a.png"><figcaption>Cap</figcaption></figure>`,
      html: `<figure><img src="/posts/p/a.png" /><figcaption>Cap</figcaption></figure>\n`,
      page: `<figure><img src="/posts/p/a.png" loading="lazy" /><figcaption>Cap</figcaption></figure>\n`,
    },
    { name: "line breaks", body: "one<br>two<br/>three", html: "<p>one<br />two<br />three</p>\n" },
    { name: "text stays text", body: `<p>say "hi" href="/x" &amp; &lt;b&gt;</p>`, html: `<p>say &quot;hi&quot; href=&quot;/x&quot; &amp; &lt;b&gt;</p>\n` },
    // Players: from IFRAME_HOSTS over https; a link in feeds, a sandboxed frame on the page.
    {
      name: "player",
      body: `<iframe src="https://www.youtube.com/embed/x" title="T" width="560" height="315" allow="camera" sandbox="allow-top-navigation" onload="x()">fallback</iframe>`,
      html: `<a href="https://www.youtube.com/embed/x">T</a>\n`,
      page: `<iframe src="https://www.youtube.com/embed/x" title="T" width="560" height="315" ${PLAYER}></iframe>\n`,
    },
    {
      name: "protocol-relative player",
      body: `<iframe src="//player.bilibili.com/player.html?bvid=1&amp;p=2"></iframe>`,
      html: `<a href="https://player.bilibili.com/player.html?bvid=1&amp;p=2">https://player.bilibili.com/player.html?bvid=1&amp;p=2</a>\n`,
      page: `<iframe src="https://player.bilibili.com/player.html?bvid=1&amp;p=2" ${PLAYER}></iframe>\n`,
    },
    {
      name: "http player",
      body: `Watch: <iframe src="http://player.vimeo.com/video/1"></iframe>`,
      html: `<p>Watch: <a href="https://player.vimeo.com/video/1">https://player.vimeo.com/video/1</a></p>\n`,
      page: `<p>Watch: <iframe src="https://player.vimeo.com/video/1" ${PLAYER}></iframe></p>\n`,
    },
    // Foreign content (`<math>`, `<svg>`) is parsed by other rules, where an iframe is no
    // raw text: sanitised as HTML reads it, the player holds nothing (found by the property test below).
    {
      name: "player in MathML",
      body: `</input><div><math><iframe src="http://player.vimeo.com/video/1">`,
      html: `<p></p><div><a href="https://player.vimeo.com/video/1">https://player.vimeo.com/video/1</a></div>`,
      page: `<p></p><div><iframe src="https://player.vimeo.com/video/1" ${PLAYER}></iframe></div>`,
    },
    // A kramdown attribute list under a heading gives the heading its id, whatever its level (found by the property test below).
    {
      name: "attribute list under a heading",
      body: "# heading\n{: .c #i}\n",
      html: `<h1 id="i">heading</h1>\n`,
    },
    // A character reference to a character XML forbids is decoded by the parser, then dropped like the character itself (found by the property test below).
    {
      name: "reference to a control character",
      body: "<p>&#1 a&#x0B;<img src=x.png alt='&#2b'>",
      html: `<p> a<img src="/posts/p/x.png" alt="b" />\n</p>`,
      page: `<p> a<img src="/posts/p/x.png" alt="b" loading="lazy" />\n</p>`,
    },
    {
      name: "other frames",
      body: `<iframe src="evil"></iframe>\n<iframe src="https://evil.example/">x <b>y</b></iframe>\n<iframe src="javascript:alert(1)"></iframe>\n<iframe srcdoc="<script>alert(1)</script>"></iframe>`,
      html: "",
    },
    // UPGRADE_IMAGE_HOSTS: images there are https, in Markdown and raw HTML; links are not images.
    {
      name: "image upgrades",
      body: `<img src="http://news.nankai.edu.cn/a.jpg"> ![m](http://news.nankai.edu.cn/b.jpg) ![o](http://other.example/c.jpg) [l](http://news.nankai.edu.cn/p.html)`,
      html: `<p><img src="https://news.nankai.edu.cn/a.jpg" /> <img src="https://news.nankai.edu.cn/b.jpg" alt="m" /> <img src="http://other.example/c.jpg" alt="o" /> <a href="http://news.nankai.edu.cn/p.html">l</a></p>\n`,
      page: `<p><img src="https://news.nankai.edu.cn/a.jpg" loading="lazy" /> <img src="https://news.nankai.edu.cn/b.jpg" alt="m" loading="lazy" /> <img src="http://other.example/c.jpg" alt="o" loading="lazy" /> <a href="http://news.nankai.edu.cn/p.html">l</a></p>\n`,
    },
  ])("$name", ({ body, html, page }) => {
    const a = compile(body);
    expect(a.html).toBe(html);
    expect(a.pageHtml).toBe(page);
  });

  it("a body without raw HTML is markdown-it's own output, images upgraded, and lazy on the page", () => {
    const a = compile('A *b* [c](d) ![e](f.png "t") ![n](http://news.nankai.edu.cn/1.jpg)\n\n| x | y |\n|:-|-:|\n| 1 | 2 |');
    const table =
      `<table>\n<thead>\n<tr>\n<th style="text-align:left">x</th>\n<th style="text-align:right">y</th>\n</tr>\n</thead>\n` +
      `<tbody>\n<tr>\n<td style="text-align:left">1</td>\n<td style="text-align:right">2</td>\n</tr>\n</tbody>\n</table>\n`;
    expect(a.html).toBe(
      `<p>A <em>b</em> <a href="/posts/p/d">c</a> <img src="/posts/p/f.png" alt="e" title="t"> <img src="https://news.nankai.edu.cn/1.jpg" alt="n"></p>\n${table}`,
    );
    expect(a.pageHtml).toBe(
      `<p>A <em>b</em> <a href="/posts/p/d">c</a> <img src="/posts/p/f.png" alt="e" title="t" loading="lazy"> <img src="https://news.nankai.edu.cn/1.jpg" alt="n" loading="lazy"></p>\n${table}`,
    );
    // Without images the page shows the feeds' HTML.
    expect(compile("A *b* [c](d)").pageHtml).toBeUndefined();
  });

  it("Markdown's own output survives the sanitiser when raw HTML is there too", () => {
    const markdown = "# H\n\n> q *e* **s** ~~d~~ `c`\n\n1. one\n2. two\n\n```ts\nconst a = 1 < 2;\n```\n\n---\n\n| x |\n|:-:|\n| 1 |";
    const plain = compile(markdown).html;
    const mixed = compile(`${markdown}\n\n<br>`).html;
    // The sanitiser writes void elements as `<hr />`: the same element.
    expect(mixed).toBe(`${plain.replace("<hr>", "<hr />")}<br />\n`);
  });

  it.each([
    { hosts: [], html: "", page: undefined },
    {
      hosts: ["media.example.org"],
      html: `<a href="https://media.example.org/v/1">https://media.example.org/v/1</a>\n`,
      page: `<iframe src="https://media.example.org/v/1" ${PLAYER}></iframe>\n`,
    },
  ])("IFRAME_HOSTS $hosts decides which players stay", ({ hosts, html, page }) => {
    const body = `<iframe src="https://www.youtube.com/embed/x"></iframe><iframe src="https://media.example.org/v/1"></iframe>`;
    const a = compile(body, { ...OPTIONS, iframeHosts: hosts });
    expect([a.html, a.pageHtml]).toEqual([html, page]);
  });

  it.each([
    { body: "<p>First <b>para</b>graph<br>here</p>\n<p>Second</p>", summary: "First paragraph here" },
    { body: "<script>var hidden = 1</script>\n\n<p>Shown</p>", summary: "Shown" },
    { body: "Lead <style>p{}</style>text<br>with a <b>break</b>.", summary: "Lead text with a break." },
    { body: "<table><tr><td>cell</td></tr></table>\n\nThe paragraph.", summary: "The paragraph." },
    { body: "<p>南开<br>大学</p>", summary: "南开大学" },
    { body: "Before <i>the</i> mark.<br>\n<!--more-->\nAfter.", summary: "Before the mark." },
  ])("summary of $body: $summary", ({ body, summary }) => {
    expect(compile(body).summary).toBe(summary);
  });

  it("the article's image is the first image, Markdown or raw, not a data: one", () => {
    expect(compile(`<img src="data:image/png;base64,AAAA"> <img src="a.png"> ![b](b.png)`).image).toBe("/posts/p/a.png");
    expect(compile(`![b](b.png) <img src="a.png">`).image).toBe("/posts/p/b.png");
  });
});

/** Raw HTML as hostile as this vocabulary makes it: tags, attributes, URLs, text, markup debris. */
const TAG_NAMES =
  "p b i s div span a img iframe script style svg math form input button base center figure figcaption table tr td th caption br hr textarea noscript template object embed title select option xmp h1 ul li pre code blockquote font video source meta link html body".split(
    " ",
  );
const ATTRIBUTES = [
  " onerror=alert(1)",
  ` onload="alert(2)"`,
  " src=x",
  ` src="javascript:alert(3)"`,
  ` href="javascript:alert(4)"`,
  ` href=" jav&#x09;ascript:alert(5)"`,
  ` src="data:text/html,<script>alert(6)</script>"`,
  ` src="data:image/png;base64,AAAA"`,
  ` href="../rel?a=1&b=2"`,
  ` src="//www.youtube.com/embed/x"`,
  ` src="https://www.youtube.com/embed/y"`,
  ` src="http://player.vimeo.com/video/1"`,
  ` src="https://evil.example/"`,
  ` style="position:fixed;inset:0"`,
  ` style="text-align:center"`,
  ` style="text-align:right;color:red"`,
  ` style="text-align: -webkit-center; position: absolute; background: url(javascript:alert(12))"`,
  ` class="language-ts x"`,
  ` id="y"`,
  ` width="9999"`,
  ` title='"><script>alert(7)</script>'`,
  ` srcset="javascript:alert(8) 1x"`,
  ` formaction="javascript:alert(9)"`,
  ` xlink:href="javascript:alert(10)"`,
  ` colspan="2"`,
  " sandbox",
  ` allow="camera"`,
  " =x",
  ` "quoted"`,
];
const rawHtml: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      {
        weight: 4,
        arbitrary: fc
          .tuple(fc.constantFrom(...TAG_NAMES), fc.array(fc.constantFrom(...ATTRIBUTES), { maxLength: 3 }), fc.boolean())
          .map(([n, a, self]) => `<${n}${a.join("")}${self ? " /" : ""}>`),
      },
      { weight: 2, arbitrary: fc.constantFrom(...TAG_NAMES).map((n) => `</${n}>`) },
      { weight: 3, arbitrary: hostileText },
      {
        weight: 1,
        arbitrary: fc.constantFrom(
          "<!-- c -->",
          "<!--",
          "-->",
          "<![CDATA[x]]>",
          "<?php x ?>",
          "<!doctype html>",
          "</",
          "<",
          "&amp;",
          "&#x3C;script&#x3E;",
          "\n",
          "\n\n",
          "\n\n    ",
          "| a |\n|---|\n| b |\n",
          "![i](x.png)",
          "[l](javascript:alert(11))",
          // Issue 18's dialects, whose ids the sanitiser keeps (and no other).
          "[^1]",
          "\n\n[^1]: a note\n\n",
          "\n\n## H {#h}\n\n",
          "\n\n- [x] done\n",
          "\n\nTerm\n: definition\n",
          "\n{: .c #i}\n",
        ),
      },
    ),
    { maxLength: 14 },
  )
  .map((parts) => parts.join(""));

const ALLOWED = new Set(
  "p br hr div h1 h2 h3 h4 h5 h6 blockquote pre code em strong b i u s del ins sub sup small mark abbr kbd q cite ul ol li dl dt dd table caption colgroup col thead tbody tfoot tr th td a img figure figcaption".split(
    " ",
  ),
);
const VOID = new Set(["br", "hr", "img", "col"]);
const SITE = siteWith({ title: "Site", description: "About", origin: "https://feeds.example", language: "en", author: "Author", icon: "/icon.png", logo: "", ttl: 5 });

/** What every sanitised body satisfies, whatever went in. */
function expectSafe(html: string, target: "feed" | "page") {
  const absolute = absolutizeHtml(html, SITE.origin);
  for (const el of DomUtils.findAll(() => true, parseDocument(absolute).children)) {
    const attrs = Object.entries(el.attribs);
    if (el.name === "iframe") {
      expect(target).toBe("page");
      expect(attrs.map(([k]) => k)).toEqual(expect.arrayContaining(["src", "sandbox"]));
      expect(el.attribs.src).toMatch(/^https:\/\/(?:www\.youtube\.com|player\.vimeo\.com)\//);
      expect(el.attribs.sandbox).toBe("allow-scripts allow-same-origin allow-presentation allow-popups allow-popups-to-escape-sandbox");
      expect(el.attribs.allow).toBeUndefined();
      expect(el.children).toEqual([]);
      continue;
    }
    expect(ALLOWED, el.name).toContain(el.name);
    for (const [name, value] of attrs) {
      expect(name).toMatch(/^(?:href|src|alt|title|width|height|loading|style|class|colspan|rowspan|scope|start|span|id)$/);
      if (name === "id") expect(`${el.name}#${value}`).toMatch(/^(?:h[1-6]#[hi]|sup#fnref-[0-9a-f]{8}-1(?:-\d+)?|li#fn-[0-9a-f]{8}-1)$/);
      if (name === "style") expect(value).toMatch(/^text-align:(?:left|right|center|justify|start|end)$/);
      if (name === "loading") expect([target, el.name, value]).toEqual(["page", "img", "lazy"]);
      if (name === "class") expect([el.name, value]).toEqual(["code", expect.stringMatching(/^language-\S+$/)]);
      if (name === "href") expect(value).toMatch(/^(?:https?:\/\/[^/]|mailto:)/);
      if (name === "src") expect(value).toMatch(/^(?:https?:\/\/[^/]|data:)/);
    }
  }
  // Balanced: every element that is not void is closed (text and attributes hold no `<`).
  const opened = [...html.matchAll(/<([a-z][a-z0-9]*)[\s/>]/g)]
    .map((m) => m[1] as string)
    .filter((n) => !VOID.has(n))
    .sort();
  const closed = [...html.matchAll(/<\/([a-z][a-z0-9]*)>/g)].map((m) => m[1] as string).sort();
  expect(closed).toEqual(opened);
}

describe("any raw HTML comes out safe, and its feeds valid (fast-check)", () => {
  it("allow-listed elements, attributes and URLs, balanced; W3C rules; feedsmith and rowan read the body back", () => {
    fc.assert(
      fc.property(fc.array(rawHtml, { minLength: 1, maxLength: 3 }), (bodies) => {
        const result = compileContent(
          bodies.map((body, i) => ({ file: `${i}.md`, source: articleSource({ title: `T${i}`, date: "2024-01-01T00:00:00Z", slug: `s${i}` }, body) })),
          { timeZone: "UTC" },
        );
        if (!result.ok) throw new Error(JSON.stringify(result.problems));
        for (const a of result.index.articles) {
          expectSafe(a.html, "feed");
          if (a.pageHtml !== undefined) expectSafe(a.pageHtml, "page");
        }
        const selection = selectArticles(selectable(result.index), { kind: "site" }, 20);
        for (const format of ["rss", "atom", "json"] as FeedFormat[]) {
          const body = renderFeed(selection, SITE, format);
          const location = absoluteUrl(feedPath({ kind: "site" }, format), SITE.origin);
          expect(
            CHECKS[format](body, { location }).filter((f) => f.cause !== "literal-text"),
            format,
          ).toEqual([]);
          const readers =
            format === "json"
              ? [["feedsmith", readWithFeedsmith(format, body)] as const]
              : [["feedsmith", readWithFeedsmith(format, body)] as const, ["rowan", readWithRowan(body)] as const];
          for (const [parser, read] of readers) {
            read.items.forEach((item, n) => {
              const html = absolutizeHtml((selection.articles[n] as Article).html, SITE.origin).trim();
              if (html !== "") expect(item.content?.trim(), `${parser} ${format}`).toBe(parser === "rowan" ? decodeHtml(html).trim() : html);
            });
          }
        }
      }),
      { numRuns: 150 },
    );
  }, 120_000);
});
