/**
 * Issue 18, item 8: Markdown as Hugo (Goldmark), Jekyll (kramdown), Hexo and Zola write it.
 * Tables of Markdown in -> HTML out for feeds (and the page where it differs), through the
 * real compiler; the same bodies with raw HTML beside them (sanitised) come out the same;
 * summaries; and feeds of them pass the W3C rules and read back.
 */
import { describe, expect, it } from "vitest";
import { type CompileOptions, compileContent } from "../../src/build/compile.ts";
import { absoluteUrl, absolutizeHtml, feedPath } from "../../src/feed/urls.ts";
import type { Article, FeedFormat } from "../../src/types.ts";
import { CHECKS, decodeHtml } from "../fixtures/feed-rules.ts";
import { selectable } from "../fixtures/library.ts";
import { renderFeed, selectArticles, siteWith } from "../fixtures/oracle.ts";
import { readWithFeedsmith } from "../fixtures/readers.ts";
import { readWithRowan } from "../fixtures/readers-rowan.ts";

const OPTIONS: CompileOptions = { timeZone: "UTC" };

/** The article `body` compiles to, at `/posts/<slug>/`. */
function compile(body: string, slug = "p"): Article {
  const result = compileContent([{ file: `${slug}.md`, source: `---\ntitle: T\ndate: 2024-01-02\nslug: ${slug}\n---\n${body}\n` }], OPTIONS);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.index.articles[0] as Article;
}

/** The key in the footnote ids of the article at `/posts/p/`: the first 8 hex digits of SHA-256("/posts/p/"). */
const K = "b8416c46";
/** A reference to note `n` (the `m`th reference to it), and the note's back link. */
const ref = (n: number, m = 1) => `<sup id="fnref-${K}-${n}${m > 1 ? `-${m}` : ""}"><a href="/posts/p/#fn-${K}-${n}">${n}</a></sup>`;
const back = (n: number, m = 1) => `<a href="/posts/p/#fnref-${K}-${n}${m > 1 ? `-${m}` : ""}">\u21a9\ufe0e</a>`;

interface Case {
  name: string;
  body: string;
  html: string;
  page?: string;
  summary?: string;
}

const FOOTNOTES: Case[] = [
  {
    name: "a numbered reference and its note",
    body: "Text.[^1]\n\n[^1]: The note.",
    html: `<p>Text.${ref(1)}</p>\n<hr>\n<ol>\n<li id="fn-${K}-1"><p>The note. ${back(1)}</p>\n</li>\n</ol>\n`,
    summary: "Text.",
  },
  {
    name: "named notes, numbered in the order they are first referenced; a second reference gets a second back link",
    body: "A[^b] B[^a] C[^b]\n\n[^a]: Note a.\n[^b]: Note b.",
    html:
      `<p>A${ref(1)} B${ref(2)} C${ref(1, 2)}</p>\n<hr>\n<ol>\n` +
      `<li id="fn-${K}-1"><p>Note b. ${back(1)} ${back(1, 2)}</p>\n</li>\n<li id="fn-${K}-2"><p>Note a. ${back(2)}</p>\n</li>\n</ol>\n`,
  },
  {
    name: "a note of several paragraphs (indented), defined mid-text, comes after the text",
    body: "X[^long]\n\n[^long]: First paragraph.\n\n    Second *paragraph*.\n\nAfter.",
    html: `<p>X${ref(1)}</p>\n<p>After.</p>\n<hr>\n<ol>\n<li id="fn-${K}-1"><p>First paragraph.</p>\n<p>Second <em>paragraph</em>. ${back(1)}</p>\n</li>\n</ol>\n`,
  },
  {
    name: "a note with a link and an image: resolved like every other",
    body: "See[^1]\n\n[^1]: [there](../q/) ![i](i.png)",
    html: `<p>See${ref(1)}</p>\n<hr>\n<ol>\n<li id="fn-${K}-1"><p><a href="/posts/q/">there</a> <img src="/posts/p/i.png" alt="i"> ${back(1)}</p>\n</li>\n</ol>\n`,
    page: `<p>See${ref(1)}</p>\n<hr>\n<ol>\n<li id="fn-${K}-1"><p><a href="/posts/q/">there</a> <img src="/posts/p/i.png" alt="i" loading="lazy"> ${back(1)}</p>\n</li>\n</ol>\n`,
  },
  {
    name: "no note, no reference: an unreferenced note is not shown, a reference to nothing and Pandoc's ^[inline] stay text",
    body: "[^nope] and ^[inline]\n\n[^unused]: Never shown.",
    html: "<p>[^nope] and ^[inline]</p>\n",
  },
];

const TASKS: Case[] = [
  {
    name: "open and done tasks: a character each, beside ordinary items",
    body: "- [ ] todo\n- [x] done\n- [X] also done\n- plain",
    html: "<ul>\n<li>\u2610 todo</li>\n<li>\u2611 done</li>\n<li>\u2611 also done</li>\n<li>plain</li>\n</ul>\n",
    summary: "\u2610 todo",
  },
  {
    name: "ordered, nested and loose lists",
    body: "1. [x] one\n\n   - [ ] nested\n2. [ ] two",
    html: "<ol>\n<li>\n<p>\u2611 one</p>\n<ul>\n<li>\u2610 nested</li>\n</ul>\n</li>\n<li>\n<p>\u2610 two</p>\n</li>\n</ol>\n",
  },
  {
    name: "not tasks: no text after the box, no space after it, a box later in the item, a box outside a list",
    body: "- [ ]\n- [x]y\n- text [ ] later\n\n[ ] not in a list",
    html: "<ul>\n<li>[ ]</li>\n<li>[x]y</li>\n<li>text [ ] later</li>\n</ul>\n<p>[ ] not in a list</p>\n",
  },
];

const DEFINITIONS: Case[] = [
  {
    name: "terms with one and two definitions",
    body: "Term\n: Definition one\n: Definition two\n\nSecond *term*\n: Its definition",
    html: "<dl>\n<dt>Term</dt>\n<dd>Definition one</dd>\n<dd>Definition two</dd>\n<dt>Second <em>term</em></dt>\n<dd>Its definition</dd>\n</dl>\n",
  },
  {
    name: "a definition of several paragraphs, after a blank line",
    body: "Term\n\n: Definition\n\n    More of it.",
    html: "<dl>\n<dt>Term</dt>\n<dd>\n<p>Definition</p>\n<p>More of it.</p>\n</dd>\n</dl>\n",
  },
  {
    name: "Pandoc's ~ marker is not one (none of the four generators reads it)",
    body: "Duration\n~ 5 minutes\n\nTerm\n\n~ neither",
    html: "<p>Duration\n~ 5 minutes</p>\n<p>Term</p>\n<p>~ neither</p>\n",
  },
];

const HEADING_IDS: Case[] = [
  { name: "{#id}", body: "## Title {#custom-id}", html: `<h2 id="custom-id">Title</h2>\n` },
  {
    name: "classes and Goldmark's key=value attributes go with the braces",
    body: `# Title {#main .lead .x}\n\n### Only a class {.c}\n\n## Keys {#k class="a b" data-x=1 onclick='alert(1)'}\n\n## Keys alone are not heading attributes {a=b}`,
    html: `<h1 id="main">Title</h1>\n<h3>Only a class</h3>\n<h2 id="k">Keys</h2>\n<h2>Keys alone are not heading attributes {a=b}</h2>\n`,
  },
  { name: "setext headings", body: "Title *em* {#setext}\n===", html: `<h1 id="setext">Title <em>em</em></h1>\n` },
  { name: "ids in any script", body: "## 介绍 {#介绍}\n\n## Ünïcode {#ü-1.2:x}", html: `<h2 id="介绍">介绍</h2>\n<h2 id="ü-1.2:x">Ünïcode</h2>\n` },
  { name: "an id once: the first heading keeps it", body: "## A {#same}\n\n## B {#same}", html: `<h2 id="same">A</h2>\n<h2>B</h2>\n` },
  {
    name: "ids that could break out of the attribute: the braces go, no id",
    body: `## One {#a"b}\n\n## Two {#x<y}\n\n## Three {#a&b}\n\n## Four {#-x}`,
    html: "<h2>One</h2>\n<h2>Two</h2>\n<h2>Three</h2>\n<h2>Four</h2>\n",
  },
  {
    name: "not heading attributes: mid-heading, no space before, escaped, in code, a bare word, a paragraph",
    body: "## a {#id} b\n\n## Title{#nospace}\n\n## Escaped \\{#id\\}\n\n## `{#code}`\n\n## Bare {word}\n\nParagraph {#not-a-heading}",
    html: "<h2>a {#id} b</h2>\n<h2>Title{#nospace}</h2>\n<h2>Escaped {#id}</h2>\n<h2><code>{#code}</code></h2>\n<h2>Bare {word}</h2>\n<p>Paragraph {#not-a-heading}</p>\n",
  },
];

const KRAMDOWN: Case[] = [
  {
    name: "attribute lists after and before a paragraph",
    body: "Paragraph\n{: .notice}\n\n{: .lead}\nAnother\n\n{: #alone}",
    html: "<p>Paragraph</p>\n<p>Another</p>\n",
  },
  {
    name: "after a heading: {: #id} is its id, {:.no_toc} goes",
    body: "## Heading\n{: #kramdown-id}\n\n## Not in the contents\n{:.no_toc}",
    html: `<h2 id="kramdown-id">Heading</h2>\n<h2>Not in the contents</h2>\n`,
  },
  { name: "the table of contents idiom goes whole", body: "* TOC\n{:toc}\n\nText\n\n1. Contents\n{:toc}", html: "<p>Text</p>\n" },
  {
    name: "right after an image, a link, emphasis",
    body: `![Alt](a.png){: .center width="50%"} and [link](b){:target="_blank"} and *em*{: .x}`,
    html: `<p><img src="/posts/p/a.png" alt="Alt"> and <a href="/posts/p/b">link</a> and <em>em</em></p>\n`,
    page: `<p><img src="/posts/p/a.png" alt="Alt" loading="lazy"> and <a href="/posts/p/b">link</a> and <em>em</em></p>\n`,
  },
  { name: "attribute list definitions", body: "{:refdef: .c #id}\n\nText", html: "<p>Text</p>\n" },
  {
    name: "not attribute lists: in code, escaped, extensions, after a space, mid-line",
    body: "`{: .c}`\n\n```\n{: .c}\n```\n\n\\{: .c\\}\n\n{::comment}\n\n![a](a.png) {: .c}\n\nText {: .c} mid",
    html:
      `<p><code>{: .c}</code></p>\n<pre><code>{: .c}\n</code></pre>\n<p>{: .c}</p>\n<p>{::comment}</p>\n` +
      `<p><img src="/posts/p/a.png" alt="a"> {: .c}</p>\n<p>Text {: .c} mid</p>\n`,
    page:
      `<p><code>{: .c}</code></p>\n<pre><code>{: .c}\n</code></pre>\n<p>{: .c}</p>\n<p>{::comment}</p>\n` +
      `<p><img src="/posts/p/a.png" alt="a" loading="lazy"> {: .c}</p>\n<p>Text {: .c} mid</p>\n`,
  },
];

const ALL = [...FOOTNOTES, ...TASKS, ...DEFINITIONS, ...HEADING_IDS, ...KRAMDOWN];

describe.each([
  ["footnotes", FOOTNOTES],
  ["task lists", TASKS],
  ["definition lists", DEFINITIONS],
  ["heading ids", HEADING_IDS],
  ["kramdown attribute lists", KRAMDOWN],
])("%s", (_, cases) => {
  it.each(cases)("$name", ({ body, html, page, summary }) => {
    const a = compile(body);
    expect(a.html).toBe(html);
    expect(a.pageHtml).toBe(page);
    if (summary !== undefined) expect(a.summary).toBe(summary);
  });
});

/** `html` as the sanitiser writes it: void elements closed with ` />`. */
const sanitised = (html: string) => html.replace(/<(hr|br|img)\b([^>]*?)>/g, "<$1$2 />");

describe("with raw HTML beside them (the body is sanitised), the same", () => {
  it.each(ALL)("$name", ({ body, html, page }) => {
    const a = compile(`${body}\n\n<br>`);
    expect(a.html).toBe(`${sanitised(html)}<br />\n`.replace(/(<hr \/>\n<ol>[\s\S]*<\/ol>\n)(<br \/>\n)$/, "$2$1"));
    expect(a.pageHtml).toBe(page === undefined ? undefined : `${sanitised(page)}<br />\n`.replace(/(<hr \/>\n<ol>[\s\S]*<\/ol>\n)(<br \/>\n)$/, "$2$1"));
  });

  it("the sanitiser keeps the ids the renderer wrote, and no other", () => {
    const a = compile(`## Own {#own}\n\n<h2 id="raw">Raw</h2>\n<p id="own">Raw with a taken id</p>\n\nX[^1]\n\n[^1]: <sup id="fn-${K}-9">9</sup>`);
    expect(a.html).toBe(
      `<h2 id="own">Own</h2>\n<h2>Raw</h2>\n<p>Raw with a taken id</p>\n<p>X${ref(1)}</p>\n<hr />\n<ol>\n<li id="fn-${K}-1"><p><sup>9</sup> ${back(1)}</p>\n</li>\n</ol>\n`,
    );
  });
});

describe("footnote ids", () => {
  const body = "Text[^1]\n\n[^1]: Note.";
  const ids = (a: Article) => [...a.html.matchAll(/ id="([^"]*)"/g)].map((m) => m[1]);

  it("are the same on every build, and differ between articles", () => {
    expect(ids(compile(body))).toEqual([`fnref-${K}-1`, `fn-${K}-1`]);
    expect(ids(compile(body))).toEqual(ids(compile(body)));
    const other = ids(compile(body, "q"));
    expect(other).toHaveLength(2);
    expect(other.some((id) => ids(compile(body)).includes(id as string))).toBe(false);
  });

  it("link within the article's own page", () => {
    expect([...compile(body, "q").html.matchAll(/ href="([^"]*)"/g)].map((m) => m[1]?.replace(/-[0-9a-f]{8}-/, "-K-"))).toEqual(["/posts/q/#fn-K-1", "/posts/q/#fnref-K-1"]);
  });
});

describe("summaries", () => {
  it.each([
    { body: "Lead with a note.[^1]\n<!--more-->\nRest.\n\n[^1]: The note.", summary: "Lead with a note." },
    { body: "Text[^1] more.\n\n[^1]: n", summary: "Text more." },
    { body: "{: .lead}\nFirst paragraph.", summary: "First paragraph." },
    { body: "## Heading {#h}\n\nFirst.", summary: "First." },
    { body: "- [x] Done\n<!--more-->\nRest", summary: "\u2611 Done" },
  ])("$body: $summary", ({ body, summary }) => {
    expect(compile(body).summary).toBe(summary);
  });
});

const SITE = siteWith({ title: "Site", description: "About", origin: "https://feeds.example", language: "en", author: "Author", icon: "/icon.png", logo: "", ttl: 5 });

describe("feeds of articles that use every dialect", () => {
  const bodies = [ALL.map((c) => c.body).join("\n\n"), `${ALL.map((c) => c.body).join("\n\n")}\n\n<b>raw</b>`];
  const result = compileContent(
    bodies.map((body, i) => ({ file: `${i}.md`, source: `---\ntitle: T${i}\ndate: 2024-01-0${i + 1}\nslug: s${i}\n---\n${body}\n` })),
    OPTIONS,
  );
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  const selection = selectArticles(selectable(result.index), { kind: "site" }, 20);

  it.each(["rss", "atom", "json"] as FeedFormat[])("%s: zero W3C errors and warnings; feedsmith and rowan read every body back", (format) => {
    const body = renderFeed(selection, SITE, format);
    expect(CHECKS[format](body, { location: absoluteUrl(feedPath({ kind: "site" }, format), SITE.origin) })).toEqual([]);
    const readers =
      format === "json"
        ? [["feedsmith", readWithFeedsmith(format, body)] as const]
        : [["feedsmith", readWithFeedsmith(format, body)] as const, ["rowan", readWithRowan(body)] as const];
    for (const [parser, read] of readers) {
      expect(read.items).toHaveLength(2);
      read.items.forEach((item, n) => {
        const html = absolutizeHtml((selection.articles[n] as Article).html, SITE.origin).trim();
        expect(item.content?.trim(), `${parser} ${format}`).toBe(parser === "rowan" ? decodeHtml(html).trim() : html);
      });
    }
    // Footnote links are absolute, to the article's page.
    expect(body).toMatch(format === "json" ? /\\"https:\/\/feeds\.example\/posts\/s0\/#fn-[0-9a-f]{8}-1\\"/ : /https:\/\/feeds\.example\/posts\/s0\/#fn-[0-9a-f]{8}-1/);
  });
});
