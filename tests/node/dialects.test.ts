/**
 * Issue 18, "bring your own site": what Hugo, Jekyll, Hexo and Zola sources say, read the
 * way each generator reads it. Tables for each rule (front matter forms, dates, the
 * content tree, permalinks, site configs, settings' precedence), a property that every
 * file under content/ is exactly one thing, and the fixture sites (tests/fixtures/sites/,
 * one per dialect) built end to end.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkHeaders, compileContent, readHeader } from "../../src/build/compile.ts";
import { classifyTree, type FileRole } from "../../src/build/content-tree.ts";
import { scanHtml } from "../../src/build/convert.ts";
import { readTimestamp } from "../../src/build/dates.ts";
import { readFrontMatter } from "../../src/build/front-matter.ts";
import { fillPermalink, hugoUrlize, jekyllSlugify, type PermalinkFacts, unknownPlaceholders, zolaSlugify } from "../../src/build/permalinks.ts";
import { interpretConfig } from "../../src/build/site-config.ts";
import { guessGenerator, guessLanguage } from "../../src/build/sniff.ts";
import { readPage } from "../../src/content/store.ts";
import { defaultVariants } from "../../src/settings.ts";
import { SETTINGS, workspace } from "../fixtures/built.ts";
import { type BuiltSite, buildSite, resourceBytes } from "../fixtures/sites.ts";

const UTC = { timeZone: "UTC" };

/** The place in the tree of a file alone in it. */
function placed(file: string) {
  const [place] = classifyTree([file]).articles;
  if (place === undefined) throw new Error(`${file} is no article`);
  return place;
}

describe("front matter in every form", () => {
  it.each([
    ["YAML", "---\ntitle: A\ndate: 2024-01-02\n---\nBody", "yaml", { title: "A", date: "2024-01-02" }, "Body"],
    [
      "TOML (Hugo, Zola)",
      '+++\ntitle = "A"\ndate = 2024-01-02T03:04:05\ndraft = false\n+++\nBody',
      "toml",
      { title: "A", date: "2024-01-02T03:04:05.000", draft: "false" },
      "Body",
    ],
    ["TOML offset date-time", "+++\ndate = 2024-01-02T03:04:05+08:00\n+++\nB", "toml", { date: "2024-01-02T03:04:05.000+08:00" }, "B"],
    ["TOML numbers as written", "+++\nweight = 1e5\nslug = 0x1F\n[extra]\nn = 3\n+++\nB", "toml", { weight: "1e5", slug: "0x1F", extra: { n: "3" } }, "B"],
    ["JSON (Hugo)", '{\n  "title": "A",\n  "weight": 1e2,\n  "draft": true\n}\nBody', "json", { title: "A", weight: "1e2", draft: "true" }, "Body"],
    ["JSON between ;;; (Hexo)", ';;;\n"title": "A",\n"n": 0.10\n;;;\nBody', "json", { title: "A", n: "0.10" }, "Body"],
    ["YAML without its opening line (Hexo)", "title: A\ndate: 2020-05-06 10:30\n---\nBody", "yaml", { title: "A", date: "2020-05-06 10:30" }, "Body"],
    ["keys in any case (Hugo)", "---\nTitle: A\npublishDate: 2024-01-02\n---\nB", "yaml", { title: "A", publishdate: "2024-01-02" }, "B"],
    ["none", "Just a body.\n", "none", {}, "Just a body.\n"],
    ["a thematic break is no front matter", "Some text\n\n---\n\nmore", "none", {}, "Some text\n\n---\n\nmore"],
  ])("%s", (_, text, format, data, body) => {
    const read = readFrontMatter(text);
    expect(read.ok && [read.format, read.data, text.slice(read.bodyStart)]).toEqual([format, data, body]);
  });

  it.each([
    ["---\ntitle: a: b\n---\n", /^is not valid YAML \(line 2\)/],
    ['+++\nx = 1\ntitle = "a\n+++\n', /^is not valid TOML \(line 3\)/],
    ['{ "title": "a", }\nBody', /^is not valid JSON/],
    ['{ "title": "never closed"\nBody', /^is not valid JSON: the object that opens the file never closes/],
  ])("%j is an error naming the format", (text, message) => {
    const read = readFrontMatter(text);
    expect(read.ok ? "read" : read.message).toMatch(message);
  });
});

describe("dates as generators write them", () => {
  it.each([
    ["2019-01-11 22:13", "UTC", "2019-01-11T22:13:00.000Z", undefined],
    ["2019-01-11 22:13:00 +0800", "UTC", "2019-01-11T14:13:00.000Z", 480],
    ["2019-01-11T22:13:00+05:30", "UTC", "2019-01-11T16:43:00.000Z", 330],
    ["2019-01-11 22:13:00 -0500", "UTC", "2019-01-12T03:13:00.000Z", -300],
    ["2019-01-11 22:13:00 UTC", "Asia/Shanghai", "2019-01-11T22:13:00.000Z", 0],
    ["2019-01-11T22:13:00.000", "Asia/Shanghai", "2019-01-11T14:13:00.000Z", undefined],
  ])("%s in %s is %s", (text, zone, iso, offset) => {
    const read = readTimestamp(text, zone);
    expect([read?.date.toISOString(), read?.offset]).toEqual([iso, offset]);
  });

  const header = (file: string, lines: string, rules = {}) => readHeader({ file, source: `---\ntitle: T\n${lines}\n---\nBody`, place: placed(file) }, { ...UTC, ...rules });
  it.each([
    ["date wins over the file name (Jekyll)", "_posts/2019-01-11-a.md", "date: 2020-02-02", "2020-02-02T00:00:00.000Z", "a"],
    ["pubDate", "a.md", "pubDate: 2021-03-03", "2021-03-03T00:00:00.000Z", "a"],
    ["publishDate when there is no date (Hugo)", "a.md", "publishDate: 2021-04-04", "2021-04-04T00:00:00.000Z", "a"],
    ["the file name's date (Jekyll, Hexo)", "_posts/2019-01-11-release-notes.md", "", "2019-01-11T00:00:00.000Z", "release-notes"],
    ["a bundle folder's date with _ (Zola)", "blog/2024-05-07_trip/index.md", "", "2024-05-07T00:00:00.000Z", "trip"],
    ["a date in path (Zola)", "a.md", "path: 2024/05/06/some-post", "2024-05-06T00:00:00.000Z", "a"],
    ["a date in url (Hugo)", "a.md", "url: /2023/11/12/moved/", "2023-11-12T00:00:00.000Z", "a"],
  ])("%s", (_, file, lines, published, slug) => {
    const read = header(file, lines);
    expect(read.ok && [read.header.published, read.header.slug]).toEqual([published, slug]);
  });

  it("no date anywhere is one problem saying where a date can come from", () => {
    const read = header("notes.md", "tags: [a]");
    expect(read.ok ? [] : read.problems).toEqual([
      { file: "notes.md", field: "date", message: expect.stringMatching(/^is required: give a date field, or start the file's name with the date/) },
    ]);
  });

  it("a draft needs no date (Jekyll dates _drafts by their files' times)", () => {
    const read = readHeader({ file: "_drafts/idea.md", source: "---\ntitle: Idea\n---\nx", place: placed("_drafts/idea.md") }, UTC);
    expect(read.ok && read.header.draft).toBe(true);
  });
});

describe("fields other generators write", () => {
  const fields = (lines: string, rules: Record<string, unknown> = {}, file = "a.md") => {
    const read = readHeader({ file, source: `---\n${lines}\n---\nThe body.` }, { ...UTC, ...rules });
    if (!read.ok) throw new Error(JSON.stringify(read.problems));
    return read.header;
  };
  it.each([
    ["excerpt is the summary (Jekyll)", "title: T\ndate: 2024-01-01\nexcerpt: Short.", {}, { summary: "Short." }],
    ["Hugo prefers summary to description", "title: T\ndate: 2024-01-01\ndescription: D\nsummary: S", { generator: "hugo" }, { summary: "S" }],
    ["others prefer description", "title: T\ndate: 2024-01-01\ndescription: D\nsummary: S", {}, { summary: "D" }],
    ["authors lists and author", "title: T\ndate: 2024-01-01\nauthor: Ann\nauthors: [Bo, ann]", {}, { authors: ["Ann", "Bo"] }],
    ["author as a mapping (jekyll-seo-tag)", "title: T\ndate: 2024-01-01\nauthor: {name: Ann, url: https://ann.example}", {}, { authors: ["Ann"] }],
    ["category, singular (Jekyll)", "title: T\ndate: 2024-01-01\ncategory: Travel", {}, { categories: ["Travel"] }],
    ["tag, singular", "title: T\ndate: 2024-01-01\ntag: one", {}, { tags: ["one"] }],
    ["Jekyll splits a string of categories on spaces", "title: T\ndate: 2024-01-01\ncategories: tech news", { generator: "jekyll" }, { categories: ["tech", "news"] }],
    ["others keep it one name", "title: T\ndate: 2024-01-01\ncategories: tech news", { generator: "hugo" }, { categories: ["tech news"] }],
    ["Hexo's hierarchies are names", "title: T\ndate: 2024-01-01\ncategories:\n- [a, b]\n- c", { generator: "hexo" }, { categories: ["a", "b", "c"] }],
    ["Zola's taxonomies", "title: T\ndate: 2024-01-01\ntaxonomies:\n  tags: [rust]\n  categories: [Code]", { generator: "zola" }, { tags: ["rust"], categories: ["Code"] }],
    ["published: false is a draft (Jekyll)", "title: T\ndate: 2024-01-01\npublished: false", {}, { draft: true }],
    ["last_modified_at is updated (Jekyll)", "title: T\ndate: 2024-01-01\nlast_modified_at: 2024-02-02", {}, { updated: "2024-02-02T00:00:00.000Z" }],
    ["lastmod is updated (Hugo)", "title: T\ndate: 2024-01-01\nlastmod: 2024-03-03", {}, { updated: "2024-03-03T00:00:00.000Z" }],
    ["cover.image (Hugo themes)", "title: T\ndate: 2024-01-01\ncover:\n  image: c.png", {}, { image: "c.png" }],
    ["the first of images (Hugo)", "title: T\ndate: 2024-01-01\nimages: [i.png, j.png]", {}, { image: "i.png" }],
    ["id wins", "title: T\ndate: 2024-01-01\nid: tag:example.org,2024:1", { articleIds: "permalink" }, { id: "tag:example.org,2024:1" }],
    ["guid wins", "title: T\ndate: 2024-01-01\nguid: https://old.example/?p=12", {}, { id: "https://old.example/?p=12" }],
    ["ARTICLE_IDS = permalink: the permalink path", "title: T\ndate: 2024-01-01", { articleIds: "permalink" }, { id: "/posts/a/" }],
    ["a title from the file name (Jekyll)", "date: 2024-01-01", { generator: "jekyll" }, { title: "Release Notes" }],
  ])("%s", (_, lines, rules, expected) => {
    const file = (expected as { title?: string }).title === "Release Notes" ? "_posts/2024-01-01-release-notes.md" : "a.md";
    expect(fields(lines, rules, file)).toMatchObject(expected);
  });

  it("without a title, other generators' files are told it is required", () => {
    const read = readHeader({ file: "a.md", source: "---\ndate: 2024-01-01\n---\nx" }, { ...UTC, generator: "hugo" });
    expect(read.ok ? [] : read.problems).toEqual([{ file: "a.md", field: "title", message: "is required" }]);
  });
});

describe("the content tree: every file is one thing", () => {
  const roles = (files: string[]) => Object.fromEntries(classifyTree(files).roles);
  it("bundles, asset folders, section pages, configs and the rest", () => {
    expect(
      roles([
        "hugo.toml",
        "edge-feeds.toml",
        "config.toml",
        "_index.md",
        "posts/_index.md",
        "posts/plain.md",
        "posts/trip/index.md",
        "posts/trip/photo.jpg",
        "posts/trip/maps/route.gpx",
        "posts/trip/notes.md",
        "posts/hexo-post.md",
        "posts/hexo-post/cover.png",
        "about/index.md",
        "about/me.png",
        "images/logo.png",
        ".DS_Store",
        "posts/.hidden.md",
      ]),
    ).toEqual({
      "hugo.toml": "config",
      "edge-feeds.toml": "config",
      "config.toml": "not published",
      "_index.md": "section page",
      "posts/_index.md": "section page",
      "posts/plain.md": "article",
      "posts/trip/index.md": "article",
      "posts/trip/photo.jpg": "resource",
      "posts/trip/maps/route.gpx": "resource",
      "posts/trip/notes.md": "resource",
      "posts/hexo-post.md": "article",
      "posts/hexo-post/cover.png": "resource",
      "about/index.md": "article",
      "about/me.png": "resource",
      "images/logo.png": "not published",
      ".DS_Store": "not published",
      "posts/.hidden.md": "not published",
    });
  });

  it("with a _posts folder, articles are its posts (and _drafts'); other Markdown is the site's pages", () => {
    expect(roles(["_posts/2019-01-01-a.md", "_drafts/b.md", "blog/_posts/2019-01-02-c.markdown", "about.md", "_includes/footer.md", "_layouts/post.html"])).toEqual({
      "_posts/2019-01-01-a.md": "article",
      "_drafts/b.md": "article",
      "blog/_posts/2019-01-02-c.markdown": "article",
      "about.md": "not published",
      "_includes/footer.md": "not published",
      "_layouts/post.html": "not published",
    });
  });

  it("sections: the first folder, not a bundle's own, never an _-folder", () => {
    const sections = (files: string[]) => Object.fromEntries(classifyTree(files).articles.map((a) => [a.file, a.section ?? null]));
    expect(sections(["posts/a.md", "posts/b/index.md", "solo/index.md", "top.md", "docs/guide/e.md"])).toEqual({
      "posts/a.md": "posts",
      "posts/b/index.md": "posts",
      "solo/index.md": null,
      "top.md": null,
      "docs/guide/e.md": "docs",
    });
    expect(sections(["_posts/2019-01-01-c.md", "blog/_posts/2019-01-01-d.md"])).toEqual({ "_posts/2019-01-01-c.md": null, "blog/_posts/2019-01-01-d.md": "blog" });
  });

  it("every file is exactly one article, section page, resource or config, or a warning (property)", () => {
    const segment = fc.constantFrom(
      "posts",
      "_posts",
      "_drafts",
      "blog",
      "trip",
      "_includes",
      ".git",
      "2024-05-06-x",
      "index.md",
      "_index.md",
      "a.md",
      "b.markdown",
      "c.png",
      "hugo.toml",
      "_config.yml",
      "edge-feeds.toml",
      "d.txt",
    );
    const path = fc.array(segment, { minLength: 1, maxLength: 4 }).map((parts) => parts.join("/"));
    fc.assert(
      fc.property(fc.uniqueArray(path, { maxLength: 30 }), (paths) => {
        // A path cannot be a file and a folder at once.
        const files = paths.filter((p) => !paths.some((q) => q.startsWith(`${p}/`)));
        const tree = classifyTree(files);
        const warned = new Set(tree.warnings.map((w) => w.file));
        const counted: Record<FileRole, number> = { article: 0, "section page": 0, resource: 0, config: 0, "not published": 0 };
        for (const file of files) counted[tree.roles.get(file) as FileRole]++;
        expect([...tree.roles.keys()].sort()).toEqual([...files].sort());
        expect(counted.article).toBe(tree.articles.length);
        expect(counted["section page"]).toBe(tree.sectionPages.length);
        expect(counted.resource).toBe(tree.articles.reduce((n, a) => n + a.resources.length, 0));
        expect(counted["not published"]).toBe(warned.size);
        for (const file of files) expect(warned.has(file)).toBe(tree.roles.get(file) === "not published");
      }),
      { numRuns: 400 },
    );
  });
});

describe("permalinks", () => {
  const facts: PermalinkFacts = {
    generator: undefined,
    date: new Date("2019-01-11T23:30:00Z"),
    timeZone: "UTC",
    slug: "release-notes",
    title: "Release Notes: v2.0!",
    fileName: "2019-01-11-release-notes",
    baseName: "release-notes",
    folders: ["blog", "2019"],
    section: "blog",
    categories: ["Tech", "Big News"],
  };
  it.each([
    ["/posts/:slug/", undefined, "/posts/release-notes/"],
    [":year/:month/:day/:title/", "hexo", "/2019/01/11/release-notes/"],
    ["/:year/:i_month/:i_day/:name/", "hexo", "/2019/1/11/release-notes/"],
    ["/:category/:title/", "hexo", "/tech/big-news/release-notes/"],
    ["date", "jekyll", "/tech/big%20news/2019/01/11/release-notes.html"],
    ["pretty", "jekyll", "/tech/big%20news/2019/01/11/release-notes/"],
    ["none", "jekyll", "/tech/big%20news/release-notes.html"],
    ["ordinal", "jekyll", "/tech/big%20news/2019/011/release-notes.html"],
    ["/:year/:short_month/:slug:output_ext", "jekyll", "/2019/Jan/release-notes.html"],
    ["/:year/:month/:slug/", "hugo", "/2019/01/release-notes-v2.0/"],
    ["/:section/:title/", "hugo", "/blog/release-notes-v2.0/"],
    ["/:sections/:filename/", "hugo", "/blog/2019/2019-01-11-release-notes/"],
    ["/:year/:monthname/:slug/", "hugo", "/2019/january/release-notes-v2.0/"],
    ["/:sections/:slug/", "zola", "/blog/2019/release-notes/"],
  ] as const)("%s (%s)", (pattern, generator, path) => {
    expect(fillPermalink(pattern, { ...facts, generator })).toBe(path);
  });

  it("Hugo and Zola keep a date's own offset; Jekyll and Hexo read it in the site's zone", () => {
    const late = { ...facts, date: new Date("2019-01-11T17:30:00Z"), timeZone: "UTC", offset: 480 };
    expect(fillPermalink("/:year/:month/:day/", { ...late, generator: "hugo" })).toBe("/2019/01/12/");
  });

  it.each([
    ["Hello, World!", "hello-world", "Hello,-World!", "hello-world"],
    ["C++ & Rust", "c++-rust", "C++-&-Rust", "c-rust"],
    ["南开 大学", "南开-大学", "南开-大学", "南开-大学"],
    ["Café déjà vu", "café-déjà-vu", "Café-déjà-vu", "cafe-deja-vu"],
  ])("%j: Hugo %j, Jekyll %j, Zola %j", (text, hugo, jekyll, zola) => {
    expect([hugoUrlize(text), jekyllSlugify(text), zolaSlugify(text)]).toEqual([hugo, jekyll, zola]);
  });

  it("a placeholder no generator has is reported", () => {
    expect(unknownPlaceholders("/:year/:nope/:slug/")).toEqual(["nope"]);
    expect(unknownPlaceholders("pretty")).toEqual([]);
  });
});

describe("paths, ids and aliases across the site", () => {
  const source = (file: string, lines: string) => ({ file, source: `---\ntitle: T\ndate: 2024-01-01\n${lines}\n---\nx` });
  const problems = (sources: { file: string; source: string }[], rules = {}) => {
    const result = compileContent(sources, { ...UTC, ...rules });
    return result.ok ? [] : result.problems.map((p) => `${p.file}: ${p.field}: ${p.message}`);
  };
  it.each([
    [
      "two articles at one permalink",
      [source("a.md", "url: /same/"), source("b.md", "url: /same/")],
      {},
      ["b.md: permalink: /same/ is already the permalink of a.md: give one a slug, url or permalink of its own"],
    ],
    [
      "a permalink the worker answers itself",
      [source("a.md", "url: /tags/x/")],
      {},
      ["a.md: permalink: /tags/x/ is where the worker serves feeds or lists: give the article another url, permalink or slug"],
    ],
    [
      "an alias that is an article's path",
      [source("a.md", "slug: a"), source("b.md", "slug: b\naliases: [/posts/a/]")],
      {},
      ["b.md: aliases: /posts/a/ is already used by a.md: an alias must be a path of its own"],
    ],
    ["slugs shared with uuid ids", [source("x/a.md", "slug: same\nurl: /x/"), source("y/b.md", "slug: same\nurl: /y/")], {}, ['y/b.md: slug: "same" is already used by x/a.md']],
    ["are fine with permalink ids", [source("x/a.md", "slug: same\nurl: /x/"), source("y/b.md", "slug: same\nurl: /y/")], { articleIds: "permalink" }, []],
    ["two ids from front matter", [source("a.md", "id: one"), source("b.md", "id: one")], {}, ['b.md: id: "one" is already the id of a.md: ids must be unique']],
  ])("%s", (_, sources, rules, expected) => {
    expect(problems(sources, rules)).toEqual(expected);
  });

  it("checkHeaders reports every problem of every file at once", () => {
    const results = [1, 2, 3].map((n) => ({ file: `${n}.md`, result: readHeader({ file: `${n}.md`, source: "---\ntitle: T\n---\nx" }, UTC) }));
    const checked = checkHeaders(results);
    expect(checked.ok ? [] : checked.problems.map((p) => p.file)).toEqual(["1.md", "2.md", "3.md"]);
  });
});

describe("a site's own config", () => {
  it.each([
    [
      "hugo.toml",
      {
        baseURL: "https://hugo.example/blog/",
        Title: "T",
        languageCode: "en-us",
        timeZone: "Europe/Berlin",
        params: { Author: { name: "A" }, description: "D" },
        permalinks: { posts: "/:year/:slug/" },
      },
      {
        generator: "hugo",
        vars: { SITE_TITLE: "T", SITE_URL: "https://hugo.example/blog/", SITE_LANGUAGE: "en-us", SITE_TIMEZONE: "Europe/Berlin", SITE_AUTHOR: "A", SITE_DESCRIPTION: "D" },
        sectionPermalinks: { posts: "/:year/:slug/" },
      },
    ],
    [
      "hugo.yaml",
      { baseurl: "https://h.example", title: "T", permalinks: { page: { posts: "/:slug/" } } },
      { generator: "hugo", vars: { SITE_TITLE: "T", SITE_URL: "https://h.example" }, sectionPermalinks: { posts: "/:slug/" } },
    ],
    [
      "_config.yml",
      { title: "J", url: "https://j.example", baseurl: "/blog", lang: "en_GB", timezone: "UTC", author: "Jane", permalink: "pretty", excerpt_separator: "<!--cut-->" },
      {
        generator: "jekyll",
        vars: { SITE_TITLE: "J", SITE_URL: "https://j.example/blog", SITE_LANGUAGE: "en-GB", SITE_TIMEZONE: "UTC", SITE_AUTHOR: "Jane", PERMALINKS: "pretty" },
        excerptSeparator: "<!--cut-->",
      },
    ],
    [
      "_config.yml",
      { title: "H", url: "https://h.example", root: "/", language: ["zh-CN", "en"], timezone: "Asia/Shanghai", new_post_name: ":title.md", permalink: ":year/:title/" },
      { generator: "hexo", vars: { SITE_TITLE: "H", SITE_URL: "https://h.example", SITE_LANGUAGE: "zh-CN", SITE_TIMEZONE: "Asia/Shanghai", PERMALINKS: ":year/:title/" } },
    ],
    [
      "config.toml",
      { base_url: "https://z.example", title: "Z", default_language: "fr", extra: { author: "Zed" } },
      { generator: "zola", vars: { SITE_TITLE: "Z", SITE_URL: "https://z.example", SITE_LANGUAGE: "fr", SITE_AUTHOR: "Zed" } },
    ],
  ])("%s: %j", (file, values, expected) => {
    expect(interpretConfig(file, values as Record<string, unknown>)).toMatchObject(expected);
  });
});

describe("what the sources show, without a config", () => {
  it.each([
    ["南开大学举行学术报告会，这个会议的主题是人工智能。", "zh-CN"],
    ["南開大學舉行學術報告會，這個會議的主題是人工智慧。", "zh-TW"],
    ["今日はいい天気ですね。散歩に行きましょう。", "ja"],
    ["A walk up the hill, with photos.", "en"],
  ])("%s is %s", (text, language) => expect(guessLanguage(`---\ntitle: x\n---\n${text}`)).toBe(language));

  it.each([
    ["zh-CN", "s2t"],
    ["zh-TW", "t2s"],
    ["zh-Hant-HK", "t2s"],
    ["zh", "s2t"],
    ["en", "none"],
    ["ja", "none"],
  ])("a site in %s gets the Chinese variants %j", (language, variants) => expect(defaultVariants(language)).toBe(variants));

  it.each([
    [["_posts/2019-01-01-a.md"], ["---\nlayout: post\n---"], "jekyll"],
    [["_posts/2019-01-01-a.md", "_posts/2019-01-01-a/x.png"], ["title: a\n---\n"], "hexo"],
    [["posts/a.md"], ["+++\ntitle = 'a'\n+++"], "hugo"],
    [["blog/a.md"], ["+++\ntitle = 'a'\n[taxonomies]\ntags = []\n+++"], "zola"],
    [["posts/_index.md", "posts/a.md"], ["---\ntitle: a\n---"], "hugo"],
    [["a.md"], ["---\ntitle: a\n---"], undefined],
  ])("%j looks like %s", (files, heads, generator) => expect(guessGenerator(classifyTree(files), heads)).toBe(generator));
});

/**
 * Every body a site's pages show is one `scanHtml` reads, not one it leaves to htmlparser2:
 * the quick path is the one a Chinese variant's conversion takes on real sites' bodies.
 */
function expectBodiesScanned(site: BuiltSite): void {
  for (const page of site.pages)
    expect(
      scanHtml(page.html, (text) => text),
      page.path,
    ).toBe(page.html);
}

describe("the fixture sites, built as their owners would", () => {
  it("Jekyll: _config.yml, _posts, _drafts, dates and titles from file names, categories in permalinks, redirect_from", async () => {
    const site = await buildSite("jekyll");
    expectBodiesScanned(site);
    expect(site.settings).toMatchObject({
      generator: "jekyll",
      title: "Field Notes",
      url: "https://notes.example",
      basePath: "/blog",
      timeZone: "America/New_York",
      language: "en-US",
      author: "Jane Doe",
    });
    expect(site.warnings).toEqual([
      "about.md: outside _posts/: a page of the site (about, home), not an article",
      "assets/img/header.png: not an article, a section page or a resource of one (a page bundle's file): not published",
      "_posts/2019-02-03-second-post.md: line 12: {% include %} removed: includes are the theme's files, which this build does not have",
    ]);
    expect(site.pages.map((p) => [p.path, p.published, p.title, p.authors, p.categories, p.summary])).toEqual([
      [
        "/blog/blog/field%20work/2019/04/05/in-a-folder.html",
        "2019-04-05T04:00:00.000Z",
        "In a folder",
        [],
        ["blog", "Field Work"],
        "A post under blog/_posts is filed under the category blog too.",
      ],
      ["/blog/travel/2019/02/03/second-post.html", "2019-02-03T14:13:00.000Z", "Second Post", ["Sam Lee"], ["Travel"], "A trip written up late at night."],
      ["/blog/tech/news/2019/01/11/release-notes.html", "2019-01-11T05:00:00.000Z", "Release notes", [], ["tech", "news"], "The first paragraph is the excerpt."],
    ]);
    expect(site.byPath.get("/blog/tech/news/2019/01/11/release-notes.html")?.updated).toBe("2019-01-12T14:00:00.000Z");
    expect(site.space.catalog().alias("/blog/old/release-notes/")).toBe("/blog/tech/news/2019/01/11/release-notes.html");
  });

  it("Hexo: front matter without its opening line, ;;; JSON, dates without seconds, the asset folder published", async () => {
    const site = await buildSite("hexo");
    expectBodiesScanned(site);
    expect(site.settings).toMatchObject({ generator: "hexo", title: "前端手记", language: "zh-CN", timeZone: "Asia/Shanghai", variants: ["s2t"] });
    expect(site.pages.map((p) => [p.path, p.published, p.title, p.categories])).toEqual([
      ["/2020/06/01/json-front-matter/", "2020-06-01T00:00:00.000Z", "JSON front matter", []],
      ["/2020/05/06/hello-hexo/", "2020-05-06T02:30:00.000Z", "你好，Hexo", ["技术", "前端", "随笔"]],
    ]);
    expect(resourceBytes(site, "/2020/05/06/hello-hexo/cover.png").subarray(1, 4).toString()).toBe("PNG");
  });

  it("Hugo (YAML): section page, per-section permalinks, aliases, a page bundle with its resources, drafts left out", async () => {
    const site = await buildSite("hugo-yaml");
    expectBodiesScanned(site);
    expect(site.pages.map((p) => [p.path, p.published, p.section ?? null, p.authors])).toEqual([
      ["/2021/04/my-trip/", "2021-04-09T22:00:00.000Z", "posts", ["Alex Hiker", "Robin Guide"]],
      ["/2021/03/first-walk-up-the-hill/", "2021-03-04T22:30:00.000Z", "posts", []],
      ["/about/", "2020-12-31T23:00:00.000Z", null, []],
    ]);
    const catalog = site.space.catalog();
    expect(catalog.find("sections", "posts")).toMatchObject({ name: "Walks", description: "Every walk, newest first", count: 2 });
    expect(catalog.alias("/old/first-walk/")).toBe("/2021/03/first-walk-up-the-hill/");
    expect(site.byPath.get("/2021/04/my-trip/")?.image).toBe("/2021/04/my-trip/photo.png");
    expect(site.byPath.get("/2021/04/my-trip/")?.html).toContain('href="/2021/04/my-trip/images/map.svg"');
    expect(resourceBytes(site, "/2021/04/my-trip/images/map.svg").toString()).toContain("<svg");
    expect(["/2021/04/my-trip/photo.png", "/2021/04/my-trip/images/map.svg", "/2021/04/my-trip/nothing.png"].map((p) => catalog.mayBeResource(p))).toEqual([true, true, false]);
  });

  it("Hugo (TOML, config.toml): url overrides the pattern; sections keep their folder's name without an _index.md", async () => {
    const site = await buildSite("hugo-toml");
    expectBodiesScanned(site);
    expect(site.pages.map((p) => [p.path, p.published, p.tags])).toEqual([
      ["/custom/path/", "2022-07-09T00:00:00.000Z", []],
      ["/2022/toml-post/", "2022-07-08T09:10:11.000Z", ["toml", "hugo"]],
    ]);
    expect(site.space.catalog().find("sections", "blog")).toMatchObject({ name: "blog", count: 2 });
  });

  it("Hugo (JSON, no config): read as Hugo, at the default permalinks", async () => {
    const site = await buildSite("hugo-json");
    expectBodiesScanned(site);
    expect(site.settings.generator).toBe("hugo");
    expect(site.pages.map((p) => [p.path, p.published, p.categories])).toEqual([["/posts/json-post/", "2023-01-02T08:04:05.000Z", ["Formats"]]]);
  });

  it("Zola: dates from file and folder names and from path, [taxonomies], authors, aliases", async () => {
    const site = await buildSite("zola");
    expectBodiesScanned(site);
    expect(site.pages.map((p) => [p.path, p.published, p.tags, p.authors])).toEqual([
      ["/2024/05/08/river-notes/", "2024-05-08T00:00:00.000Z", [], []],
      ["/blog/bundle-post/", "2024-05-07T00:00:00.000Z", [], ["Zed", "Ann"]],
      ["/blog/some-post/", "2024-05-06T00:00:00.000Z", ["rust"], []],
    ]);
    expect(site.space.catalog().alias("/rivers/notes/")).toBe("/2024/05/08/river-notes/");
    expect(site.space.catalog().find("sections", "blog")).toMatchObject({ name: "Blog" });
  });

  it("settings: the environment and wrangler.toml win over the site's config", async () => {
    const site = await buildSite("hugo-yaml", { SITE_URL: "https://feeds.example", SITE_TITLE: "Mine" });
    expect(site.settings).toMatchObject({ url: "https://feeds.example", title: "Mine", timeZone: "Europe/Berlin" });
  });

  it("PERMALINKS as the site set it, read as its generator reads it; ARTICLE_IDS = permalink", async () => {
    const site = await buildSite("hugo-json", { PERMALINKS: "/:year/:month/:slug/", ARTICLE_IDS: "permalink" });
    // Hugo's :slug is the title made a path segment when the front matter has no slug.
    expect(site.pages.map((p) => [p.path, p.id])).toEqual([["/2023/01/a-json-post/", "/2023/01/a-json-post/"]]);
  });
});

describe("templates in bodies, built (issue 18, item 9)", () => {
  it("Jekyll: site.* from _config.yml, post_url to the other post's permalink, raw kept, include removed with a warning", async () => {
    const site = await buildSite("jekyll");
    expectBodiesScanned(site);
    const notes = site.byPath.get("/blog/tech/news/2019/01/11/release-notes.html")?.html ?? "";
    expect(notes).toContain('<a href="/blog/travel/2019/02/03/second-post.html">second post</a>');
    expect(notes).toContain('<pre><code class="language-ruby">puts &quot;{{ site.title }}&quot;');
    const second = site.byPath.get("/blog/travel/2019/02/03/second-post.html")?.html ?? "";
    expect(second).toContain("Code of this site lives at janedoe/field-notes, served under /blog.");
    expect(second).toContain("A literal {{ page.title }} stays as written.");
    expect(second).not.toMatch(/\{%|include/);
  });

  it("Hexo: asset_img from the post's asset folder, post_link with the post's title, codeblock and note", async () => {
    const site = await buildSite("hexo");
    expectBodiesScanned(site);
    const hello = site.byPath.get("/2020/05/06/hello-hexo/")?.html ?? "";
    expect(hello).toContain('<img src="/2020/05/06/hello-hexo/cover.png" alt="封面"');
    expect(hello).toContain('<pre><code class="language-javascript">console.log(&quot;{{ x }}&quot;);');
    expect(hello).toContain("<blockquote>\n<p>这是一条<strong>提示</strong>。</p>\n</blockquote>");
    expect(site.byPath.get("/2020/06/01/json-front-matter/")?.html).toContain('<a href="/2020/05/06/hello-hexo/">你好，Hexo</a>');
  });

  it("Hugo: param, highlight and ref; Zola's shortcodes removed with a warning", async () => {
    const toml = await buildSite("hugo-toml");
    const post = toml.byPath.get("/2022/toml-post/")?.html ?? "";
    expect(post).toContain("Written with A TOML post and a shortcode pair:");
    expect(post).toContain('<pre><code class="language-go">fmt.Println(&quot;hi&quot;)');
    expect(post).toContain("See also /custom/path/.");
    const zola = await buildSite("zola");
    expect(zola.byPath.get("/blog/some-post/")?.html).not.toContain("youtube");
    expect(zola.warnings).toContain("blog/2024-05-06-some-post.md: line 7: {{ youtube(...) }} removed: Zola shortcodes are the theme's templates, which this build does not have");
  });

  it("a chunk whose templates link to an article that moved is built again; its warnings are said by every build", async () => {
    const space = workspace();
    const post = (file: string, lines: string, body: string) => ({ file, source: `---\ntitle: ${file}\n${lines}\n---\n${body}\n` });
    space.write([post("_posts/2024-01-01-a.md", "", "See [b]({% post_url 2024-01-02-b %}). {% include x.html %}"), post("_posts/2024-01-02-b.md", "slug: b", "B.")]);
    const settings = { ...SETTINGS, generator: "jekyll" as const, permalinks: "/:year/:slug/" };
    const first = await space.build(settings);
    expect(first.ok && first.warnings.filter((w) => w.includes("include"))).toHaveLength(1);
    const html = async () => {
      const catalog = space.catalog();
      const { assets } = space.assets();
      return (await readPage(assets, 1, catalog.count, catalog.settings.pageSize)).html;
    };
    expect(await html()).toContain('href="/2024/b/"');
    space.write([post("_posts/2024-01-02-b.md", "slug: moved", "B.")]);
    const second = await space.build(settings);
    expect(second).toMatchObject({ ok: true, chunksBuilt: 1 });
    expect(second.ok && second.warnings.filter((w) => w.includes("include"))).toHaveLength(1);
    expect(await html()).toContain('href="/2024/moved/"');
  });
});
