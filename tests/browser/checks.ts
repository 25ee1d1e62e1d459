/**
 * Browser tests for issues 4, 12 and 23, in headless Chromium (Debian's /usr/bin/chromium driven by
 * playwright-core) against `wrangler dev` on loopback, with the hostile fixture articles
 * built in (tests/fixtures/hostile/: raw HTML, and issue 18's Markdown dialects). A host page on a second origin embeds the iframe
 * and /embed.js. The sample site is zh-CN (wrangler.toml), so pages show that table's
 * words (src/i18n/strings.ts), drawn with a CJK font in the screenshots.
 *
 *   npm run test:browser                          # or: node tests/browser/run.ts
 *   npm run test:browser -- --update-screenshots  # also refresh tests/browser/screenshots/
 *
 * Loaded by tests/browser/run.ts, which skips these checks (in one line) on a machine
 * without Chromium, except in CI.
 *
 * Ports: 8797 (worker), 8798 (host page), 9797 (wrangler's inspector); override with
 * BROWSER_WORKER_PORT, BROWSER_HOST_PORT, BROWSER_INSPECTOR_PORT. Chromium path:
 * CHROMIUM_PATH. Screenshots and wrangler's log go to test-results/ (git-ignored).
 * Every wait is bounded; a watchdog stops everything after 5 minutes.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { copyFile, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { type Browser, type BrowserContextOptions, chromium, type Page } from "playwright-core";
import { IFRAME_SANDBOX } from "../../src/build/raw-html.ts";
import { PAGE_STRINGS } from "../../src/i18n/strings.ts";
import { ICON_PNG_BASE64 } from "../../src/views/icon.ts";
import { skipLine, systemPrograms } from "../system.ts";
import { HOST, ROOT, STATS_TOKEN, type Stack, startStack, WORKER } from "./stack.ts";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const chromiumProgram = systemPrograms().chromium;
const UPDATE_SCREENSHOTS = process.argv.includes("--update-screenshots") || process.env.UPDATE_SCREENSHOTS === "1";
const RESULTS = join(ROOT, "test-results");
const README_SHOTS = join(ROOT, "tests/browser/screenshots");

/** The sample site's language and the words its pages use. */
const LANGUAGE = "zh-CN";
const WORDS = PAGE_STRINGS[LANGUAGE];

/** Strings from tests/fixtures/hostile/hostile.md. */
const HOSTILE = {
  title: "<img src=x onerror=alert(1)>",
  tag: "<img src=y onerror=alert(4)>",
  summary: `<script>alert(3)</script> & <b>not bold</b> "quoted" 'single'`,
  path: "/posts/hostile-article/",
};

let stack: Stack | undefined;
let browser: Browser | undefined;

async function shutdown(): Promise<void> {
  await browser?.close().catch(() => {});
  browser = undefined;
  await stack?.stop().catch((e) => console.error(e));
  stack = undefined;
}

const watchdog = setTimeout(() => {
  console.error("browser tests: still running after 5 minutes, stopping");
  void shutdown().finally(() => process.exit(1));
}, 300_000);
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => void shutdown().finally(() => process.exit(130)));

before(
  async () => {
    assert.ok(existsSync(CHROMIUM), skipLine(chromiumProgram).replace(/^skipped/, "missing in CI"));
    await mkdir(RESULTS, { recursive: true });
    stack = await startStack(HOSTILE.tag);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
      timeout: 30_000,
    });
  },
  { timeout: 180_000 },
);

after(async () => {
  clearTimeout(watchdog);
  await shutdown();
});

/** A fresh page that records everything that must not happen: dialogs, console errors, uncaught errors. */
async function open(options: BrowserContextOptions = {}) {
  assert.ok(browser, "browser not started");
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 }, ...options });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("dialog", (dialog) => {
    problems.push(`dialog: ${dialog.type()} ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on("console", (message) => {
    if (message.type() === "error" || message.type() === "warning") problems.push(`console ${message.type()}: ${message.text()} (${message.location().url})`);
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  return { page, context, problems, close: () => context.close() };
}

/** Saves a screenshot under test-results/, and for the README too when asked. */
async function screenshot(target: Page | ReturnType<Page["locator"]>, name: string, readme = false): Promise<void> {
  const path = join(RESULTS, name);
  await target.screenshot({ path, ...("goto" in target ? { fullPage: true } : {}) });
  if (readme && UPDATE_SCREENSHOTS) {
    await mkdir(README_SHOTS, { recursive: true });
    await copyFile(path, join(README_SHOTS, name));
  }
}

/** Item titles of a JSON Feed, fetched the way a reader would. */
async function feedTitles(path: string): Promise<string[]> {
  const res = await fetch(WORKER + path, { signal: AbortSignal.timeout(10_000) });
  assert.equal(res.headers.get("content-type"), "application/feed+json; charset=utf-8");
  const feed = (await res.json()) as { items: { title: string }[] };
  return feed.items.map((i) => i.title);
}

/** Gives late handlers (image `onerror`, timers) a moment to fire before checking they did not. */
const settle = (page: Page) => page.waitForTimeout(500);

test("a feed URL opened in a tab shows the feed's page: title, URL to copy, other formats, items", { timeout: 60_000 }, async () => {
  const { page, context, problems, close } = await open();
  try {
    const url = `${WORKER}/tags/rss/rss.xml`;
    const response = await page.goto(url);
    assert.equal(response?.headers()["content-type"], "text/html; charset=utf-8");
    assert.match(response?.headers().vary ?? "", /Sec-Fetch-Dest/);
    assert.equal(await page.locator("h1").textContent(), "南开新闻精选 · #rss");
    assert.deepEqual(await page.locator("ol.items h3").allTextContents(), await feedTitles("/tags/rss/feed.json"));
    assert.equal(await page.locator("#feed-url").inputValue(), url);
    assert.deepEqual(await page.locator("section a[type]").allTextContents(), ["Atom", "JSON Feed"]);
    // In the site's language.
    assert.equal(await page.locator("html").getAttribute("lang"), LANGUAGE);
    assert.equal(await page.title(), WORDS.feedPageTitle("南开新闻精选 · #rss", "RSS"));
    assert.equal(await page.locator("p.muted").first().textContent(), WORDS.feedKind("RSS"));
    assert.equal(await page.locator("#subscribe").textContent(), WORDS.subscribeInReader);
    assert.equal(await page.locator("nav.crumbs a").last().textContent(), `${WORDS.kinds.tags.one}${WORDS.colon}rss`);
    assert.deepEqual(await page.locator("h2").allTextContents(), [WORDS.subscribeInReader, WORDS.latestArticles]);
    await screenshot(page, "feed-page.png", true);
    // The copy button only appears when its script ran (so the CSP hash is right), and copies the URL.
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: WORKER });
    const copy = page.getByRole("button", { name: WORDS.copy });
    await copy.click();
    await page.getByRole("button", { name: WORDS.copied }).waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), url);
    // Readers and scripts still get the feed itself from the same URL.
    const reader = await fetch(url, { signal: AbortSignal.timeout(10_000) });
    assert.equal(reader.headers.get("content-type"), "application/rss+xml; charset=utf-8");
    assert.match(await reader.text(), /^<\?xml/);
    await settle(page);
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test("the home page speaks the site's language: headings, labels, feeds, terms", { timeout: 60_000 }, async () => {
  const { page, problems, close } = await open();
  try {
    await page.goto(`${WORKER}/`);
    assert.equal(await page.locator("html").getAttribute("lang"), LANGUAGE);
    assert.deepEqual(await page.locator("h2").allTextContents(), [
      WORDS.subscribe,
      WORDS.kinds.tags.many,
      WORDS.kinds.categories.many,
      WORDS.kinds.authors.many,
      WORDS.latestArticles,
    ]);
    assert.equal(await page.locator(".box p").first().textContent(), `${WORDS.wholeSite}${WORDS.colon}RSS · Atom · JSON Feed`);
    assert.ok(((await page.locator(".box p").nth(1).textContent()) ?? "").startsWith(WORDS.opmlLead + WORDS.colon));
    for (const count of await page.locator("ul.plain .muted").allTextContents()) assert.equal(count, WORDS.termCount(Number(/\d+/.exec(count)?.[0])));
    await screenshot(page, "home.png");
    // Links reach the pages they name: the first tag's page, in the same language.
    await page.locator("ul.plain li a").first().click();
    await page.waitForURL(/\/tags\/[^/]+\/$/);
    assert.ok(((await page.locator("h1").textContent()) ?? "").startsWith(WORDS.kinds.tags.one + WORDS.colon));
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test("the index of every tag (issue 24): reached from the home page's link, most used first, counts and feeds, hostile names as text, each leading to its page", {
  timeout: 60_000,
}, async () => {
  const { page, problems, close } = await open();
  try {
    await page.goto(`${WORKER}/`);
    const all = page.locator("p.all a").first();
    const count = Number(/\d+/.exec((await all.textContent()) ?? "")?.[0]);
    assert.equal(await all.textContent(), WORDS.allTerms.tags(count));
    await all.click();
    await page.waitForURL(`${WORKER}/tags/`);
    assert.equal(await page.locator("html").getAttribute("lang"), LANGUAGE);
    assert.equal(await page.locator("h1").textContent(), WORDS.kinds.tags.many);
    assert.equal(await page.locator("p.muted").first().textContent(), WORDS.termIndexCount.tags(count));
    const items = page.locator("ul.terms > li");
    assert.equal(await items.count(), count);
    // Most articles first: the counts never rise down the list.
    const counts = (await items.locator(".muted").allTextContents()).map((text) => Number(/\d+/.exec(text)?.[0]));
    assert.deepEqual(
      counts,
      [...counts].sort((a, b) => b - a),
    );
    // Each with its three feeds, as the reader's browser offers them.
    assert.deepEqual(await items.first().locator("a[type]").allTextContents(), ["RSS", "Atom", "JSON Feed"]);
    // The hostile fixture's tag is text: no image, no script ran.
    assert.equal(await page.locator("ul.terms a", { hasText: HOSTILE.tag }).count(), 1);
    assert.equal(await page.locator("img, svg, iframe").count(), 0);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the index is ${overflow}px wider than the window`);
    await screenshot(page, "tag-index.png", true);
    // A tag leads to its page, whose breadcrumbs lead back here.
    await items.first().locator("a").first().click();
    await page.waitForURL(/\/tags\/[^/]+\/$/);
    assert.ok(((await page.locator("h1").textContent()) ?? "").startsWith(WORDS.kinds.tags.one + WORDS.colon));
    await page.locator("nav.crumbs a").nth(1).click();
    await page.waitForURL(`${WORKER}/tags/`);
    // The same index in Traditional script: its words and names converted, its links in the variant.
    await page.goto(`${WORKER}/tags/?opencc=s2t`);
    assert.equal(await page.locator("html").getAttribute("lang"), "zh-Hant");
    assert.equal(await page.locator("h1").textContent(), PAGE_STRINGS["zh-TW"].kinds.tags.many);
    assert.ok((await page.locator("ul.terms > li > a:first-child").allTextContents()).includes("南開大學"));
    await page.locator("ul.terms > li > a:first-child", { hasText: "南開大學" }).click();
    await page.waitForURL(`${WORKER}/tags/%E5%8D%97%E5%BC%80%E5%A4%A7%E5%AD%A6/?opencc=s2t`);
    await settle(page);
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test("what browsers ask every site for (issue 24): /favicon.ico is an icon the browser can draw; robots.txt and the sitemaps are served", { timeout: 60_000 }, async () => {
  const { page, problems, close } = await open();
  try {
    const icon = await page.goto(`${WORKER}/favicon.ico`);
    assert.equal(icon?.headers()["content-type"], "image/png");
    assert.equal(icon?.headers()["cache-control"], "public, max-age=604800");
    const drawn = await page.evaluate(async (url) => {
      const img = new Image();
      img.src = url;
      await img.decode();
      return [img.naturalWidth, img.naturalHeight];
    }, `${WORKER}/favicon.ico`);
    assert.ok((drawn[0] ?? 0) > 0 && drawn[0] === drawn[1], `favicon is ${drawn.join("x")}`);
    const robots = await fetch(`${WORKER}/robots.txt`, { signal: AbortSignal.timeout(10_000) });
    assert.match(await robots.text(), new RegExp(`^Sitemap: ${WORKER}/sitemap\\.xml$`, "m"));
    const sitemap = await page.goto(`${WORKER}/sitemap.xml`);
    assert.equal(sitemap?.headers()["content-type"], "application/xml; charset=utf-8");
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test("an author page: reached from the home page's list of authors, in the site's language, with its feeds and articles", { timeout: 60_000 }, async () => {
  const { page, problems, close } = await open();
  try {
    await page.goto(`${WORKER}/`);
    await page.locator("ul.plain li a", { hasText: "张三" }).first().click();
    await page.waitForURL(/\/authors\/[^/]+\/$/);
    assert.equal(decodeURIComponent(new URL(page.url()).pathname), "/authors/张三/");
    assert.equal(await page.locator("h1").textContent(), `${WORDS.kinds.authors.one}${WORDS.colon}张三`);
    const feeds = await page.locator(`link[rel="alternate"]`).evaluateAll((links) => links.map((l) => decodeURIComponent(new URL((l as HTMLLinkElement).href).pathname)));
    assert.deepEqual(feeds, ["/authors/张三/rss.xml", "/authors/张三/atom.xml", "/authors/张三/feed.json"]);
    assert.ok((await page.locator("ol.items > li").count()) >= 2);
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test("a Traditional-script page (?opencc=s2t): zh-Hant, Taiwan's words, converted text, links that stay in the variant", { timeout: 60_000 }, async () => {
  const { page, problems, close } = await open();
  const hant = PAGE_STRINGS["zh-TW"];
  try {
    // The article's photo is on a host this offline machine cannot reach: served another image.
    await page.route("https://img.example.cn/**", (route) => route.fulfill({ status: 200, contentType: "image/png", body: Buffer.from(ICON_PNG_BASE64, "base64") }));
    await page.goto(`${WORKER}/posts/nankai-hackathon-2020/?opencc=s2t`);
    assert.equal(await page.locator("html").getAttribute("lang"), "zh-Hant");
    assert.equal(await page.locator("h1").textContent(), "南開大學 Hackathon 2020：用 Cloudflare Workers 搭建校園 RSS 服務 🚀");
    assert.match((await page.locator(".content").textContent()) ?? "", /有可能把一個 emoji 劈成兩半/);
    // Code stays as written.
    assert.match((await page.locator(".content pre code").textContent()) ?? "", /不会把 emoji 劈成两半/);
    assert.equal(await page.locator("nav.crumbs a").first().textContent(), "南開新聞精選");
    await screenshot(page, "article-traditional.png", true);
    // A tag link keeps the tag's URL and the variant; its page is in Traditional script too.
    await page.locator(`a[rel="tag"]`, { hasText: "南開大學" }).first().click();
    await page.waitForURL(`${WORKER}/tags/%E5%8D%97%E5%BC%80%E5%A4%A7%E5%AD%A6/?opencc=s2t`);
    assert.equal(await page.locator("html").getAttribute("lang"), "zh-Hant");
    assert.equal(await page.locator("h1").textContent(), `${hant.kinds.tags.one}${hant.colon}南開大學`);
    assert.ok((await page.locator("ol.items h3").allTextContents()).some((title) => title.includes("南開大學")));
    await settle(page);
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test("an article page is readable on a phone: title, date, tags, content, no sideways scrolling", { timeout: 60_000 }, async () => {
  const { page, problems, close } = await open({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  try {
    await page.goto(`${WORKER}/posts/gfm-table-cheatsheet/`);
    assert.equal(await page.locator("h1").textContent(), "Feed formats at a glance");
    assert.equal(await page.locator("article time").first().getAttribute("title"), "Asia/Shanghai");
    assert.deepEqual(await page.locator(`a[rel="tag"]`).evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).pathname)), ["/tags/notes/"]);
    assert.ok((await page.locator(".content table").count()) > 0);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `page is ${overflow}px wider than the phone screen`);
    await screenshot(page, "article-mobile.png");
    await page.locator(`a[rel="tag"]`).first().click();
    await page.waitForURL(`${WORKER}/tags/notes/`);
    assert.ok((await page.locator("ol.items li").count()) > 0);
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test("a host page on another origin shows the iframe embed and the embed.js list", { timeout: 60_000 }, async () => {
  const { page, problems, close } = await open();
  try {
    await page.goto(`${HOST}/`);
    const expected = (await feedTitles("/tags/rss/feed.json")).slice(0, 3);
    const frame = page.frameLocator("#frame");
    await frame.locator("li").first().waitFor();
    assert.deepEqual(await frame.locator("li a.t").allTextContents(), expected);
    for (const rel of await frame.locator("a").evaluateAll((as) => as.map((a) => `${a.getAttribute("target")} ${a.getAttribute("rel")}`))) {
      assert.equal(rel, "_blank noopener");
    }
    await page.locator(`#scripted[data-feed-embed-state="loaded"]`).waitFor();
    assert.deepEqual(await page.locator("#scripted .feed-embed__title").allTextContents(), expected);
    const links = await page.locator("#scripted a").evaluateAll((as) => as.map((a) => [a.getAttribute("target"), a.getAttribute("rel"), (a as HTMLAnchorElement).origin]));
    assert.deepEqual(
      links,
      expected.map(() => ["_blank", "noopener", WORKER]),
    );
    // A feed URL that is not http(s) is refused and the fallback content stays.
    await page.locator(`#bad-url[data-feed-embed-state="error"]`).waitFor();
    assert.equal(await page.locator("#bad-url").textContent(), "fallback stays");
    // Scripts on other sites get the feed itself (Sec-Fetch-Dest: empty), with CORS.
    const type = await page.evaluate(async (url) => (await fetch(url)).headers.get("content-type"), `${WORKER}/tags/rss/rss.xml`);
    assert.equal(type, "application/rss+xml; charset=utf-8");
    await screenshot(page.locator("#demo"), "embed.png", true);
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test("the hostile article page runs nothing, frames only its player, sandboxed, and shows the benign raw HTML", { timeout: 60_000 }, async () => {
  const { page, context, problems, close } = await open();
  try {
    // The one player the article may embed (IFRAME_HOSTS), answered here: it runs, and
    // tries what its sandbox forbids (a dialog, navigating this page).
    await context.route("https://www.youtube.com/**", (route) =>
      route.fulfill({
        contentType: "text/html",
        body: `<!doctype html><title>player</title><script>document.title="ran";alert("frame");try{top.location.href="about:blank"}catch{}</script>`,
      }),
    );
    await page.goto(`${WORKER}${HOSTILE.path}`);
    const content = page.locator("article .content");
    const player = content.locator("iframe");
    await player.scrollIntoViewIfNeeded();
    const frame = await (await player.elementHandle())?.contentFrame();
    assert.ok(frame, "the player has a frame");
    await frame.waitForFunction(() => document.title === "ran");
    // Images load lazily: each is brought into view and waited for. The one whose onerror
    // was removed fails to load (its handler would have alerted); the benign one loads.
    for (const img of await content.locator("img").all()) {
      await img.scrollIntoViewIfNeeded();
      await img.evaluate((el) => (el as HTMLImageElement).decode().catch(() => {}));
    }
    await settle(page);
    assert.equal(page.url(), `${WORKER}${HOSTILE.path}`);
    assert.equal(await page.locator("h1").textContent(), HOSTILE.title);
    // Nothing that runs, submits or restyles came through; links lost their javascript: URLs.
    assert.equal(await content.locator("script, style, svg, form, input, button, object, embed, base").count(), 0);
    assert.equal(await page.locator("[onerror], [onload], [onclick], [onmouseover], [style], [class='benign']").count(), 0);
    assert.deepEqual(await content.locator("a").evaluateAll((as) => as.map((a) => a.getAttribute("href"))), [null, null]);
    assert.deepEqual(await player.evaluateAll((frames) => frames.map((f) => [f.getAttribute("src"), f.getAttribute("sandbox"), f.getAttribute("allow")])), [
      ["https://www.youtube.com/embed/fixture", IFRAME_SANDBOX, null],
    ]);
    // The benign parts are markup: a table, a line break, an image that loaded.
    assert.equal(await content.locator("table caption").textContent(), "A benign table");
    assert.deepEqual(await content.locator("table td").allTextContents(), ["b"]);
    // biome-ignore lint/performance/useDomNodeTextContent: the text as shown, a line break for each <br>.
    assert.equal(await content.locator("p:has(br)").evaluate((p) => (p as HTMLElement).innerText), "one\ntwo");
    assert.equal(await content.locator(`img[alt="a dot"]`).evaluate((img) => (img as HTMLImageElement).naturalWidth), 1);
    // The tag left open ends with the article: the footer is neither inside it nor bold.
    assert.equal(await content.locator("footer").count(), 0);
    assert.equal(await page.locator("body > footer").evaluate((f) => getComputedStyle(f).fontWeight), "400");
    // Only the broken image complains; the frame's own complaints (its blocked dialog) are its own.
    const own = problems.filter((p) => !p.includes("(https://www.youtube.com/"));
    assert.deepEqual(own, [`console error: Failed to load resource: the server responded with a status of 404 (Not Found) (${WORKER}${HOSTILE.path}x)`]);
    await screenshot(page, "hostile-article.png");
  } finally {
    await close();
  }
});

test("the hostile dialects article runs nothing, and its footnotes link to the note and back on the same page", { timeout: 60_000 }, async () => {
  const { page, problems, close } = await open();
  try {
    const path = "/posts/hostile-dialects/";
    await page.goto(`${WORKER}${path}`);
    await settle(page);
    const content = page.locator("article .content");
    assert.equal(await content.locator("script, svg, input, [onclick], [onmouseover], [onerror], [style]").count(), 0);
    assert.deepEqual(await content.locator("h2[id]").evaluateAll((hs) => hs.map((h) => h.id)), ["ok", "fine"]);
    assert.deepEqual(await content.locator("ul li").allTextContents(), ["\u2611 done", "\u2610 open"]);
    // The first reference leads to its note on this page, and the note's back link returns.
    await content.locator("sup a").first().click();
    await page.waitForURL(/#fn-[0-9a-f]{8}-1$/);
    assert.equal(new URL(page.url()).pathname, path);
    const note = page.locator("li:target");
    assert.match((await note.textContent()) ?? "", /^A note whose label is markup/);
    await note.locator("a").last().click();
    await page.waitForURL(/#fnref-[0-9a-f]{8}-1$/);
    assert.equal(await page.locator("sup:target").textContent(), "1");
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

const HOSTILE_PAGES = [
  { name: "home page", url: `${WORKER}/`, title: "ol.items h3" },
  { name: "site feed, browser view", url: `${WORKER}/rss.xml`, title: "ol.items h3" },
  { name: "hostile tag page", url: `${WORKER}/tags/${encodeURIComponent(HOSTILE.tag)}/`, title: "ol.items h3" },
  { name: "hostile tag feed, browser view", url: `${WORKER}/tags/${encodeURIComponent(HOSTILE.tag)}/feed.json?view=html`, title: "ol.items h3" },
  { name: "embed", url: `${WORKER}/embed/site`, title: "li a.t" },
];

for (const { name, url, title } of HOSTILE_PAGES) {
  test(`the hostile article runs nothing: ${name}`, { timeout: 60_000 }, async () => {
    const { page, problems, close } = await open();
    try {
      await page.goto(url);
      await settle(page);
      assert.equal(await page.locator(title).first().textContent(), HOSTILE.title);
      assert.equal(await page.locator("img, svg, iframe, b").count(), 0);
      if (name !== "embed") {
        assert.equal(await page.locator("ol.items li > p:not(.meta)").first().textContent(), HOSTILE.summary);
      }
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  });
}

test("the hostile article runs nothing: iframe and embed.js on the host page", { timeout: 60_000 }, async () => {
  const { page, problems, close } = await open();
  try {
    await page.goto(`${HOST}/`);
    await page.locator(`#hostile-scripted[data-feed-embed-state="loaded"]`).waitFor();
    const frame = page.frameLocator("#hostile-frame");
    await frame.locator("li").first().waitFor();
    await settle(page);
    assert.equal(await frame.locator("li a.t").first().textContent(), HOSTILE.title);
    assert.equal(await page.locator("#hostile-scripted .feed-embed__title").first().textContent(), HOSTILE.title);
    assert.equal(await page.locator("#hostile-scripted .feed-embed__summary").first().textContent(), HOSTILE.summary);
    assert.equal(await page.locator("img, svg, b").count(), 0);
    assert.equal(await frame.locator("img, svg, b").count(), 0);
    await screenshot(page, "host-page.png");
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

/** Readers fetching the site's feeds, for the stats page: UA, address, feeds, and times each. */
const READERS: Array<[string, string, string[], number]> = [
  ["Feedly/1.0 (+http://www.feedly.com/fetcher.html; 214 subscribers; )", "203.0.113.1", ["/rss.xml"], 3],
  ["Feedly/1.0 (+http://www.feedly.com/fetcher.html; 57 subscribers; )", "203.0.113.2", ["/atom.xml"], 2],
  ["Mozilla/5.0 (compatible; inoreader.com; 96 subscribers)", "203.0.113.3", ["/rss.xml"], 2],
  ["Feedbin feed-id:1697787 - 41 subscribers", "203.0.113.4", ["/rss.xml"], 2],
  ["Feedbin feed-id:1697790 - 12 subscribers", "203.0.113.4", ["/tags/rss/feed.json"], 1],
  ['NewsBlur Feed Fetcher - 23 subscribers - https://www.newsblur.com/site/7704055/edge-feeds ("Mozilla/5.0")', "203.0.113.5", ["/rss.xml"], 2],
  ["Mozilla/5.0 (compatible; theoldreader.com; 6 subscribers; feed-id=cead6c3a8376)", "203.0.113.6", ["/tags/rss/feed.json"], 1],
  ...Array.from({ length: 30 }, (_, i): [string, string, string[], number] => [
    "NetNewsWire (RSS Reader; https://netnewswire.com/)",
    `192.0.2.${i + 1}`,
    i % 3 === 0 ? ["/rss.xml", "/atom.xml"] : ["/rss.xml"],
    3,
  ]),
  ...Array.from({ length: 12 }, (_, i): [string, string, string[], number] => ["Newsboat/2.36 (Linux x86_64)", `198.51.100.${i + 1}`, ["/atom.xml"], 2]),
  ...Array.from({ length: 5 }, (_, i): [string, string, string[], number] => [
    "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Thunderbird/128.5.2",
    `192.0.2.${i + 100}`,
    ["/tags/rss/feed.json"],
    2,
  ]),
  ["Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", "66.249.66.1", ["/rss.xml", "/atom.xml"], 2],
  ["Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)", "192.0.2.200", ["/tags/rss/feed.json"], 1],
];

test("the subscriber counts page (issue 23): opened with the token as a Basic password; chart, readers, 304s", { timeout: 60_000 }, async () => {
  // Readers poll as readers do: the first fetch, then with the ETag they were given.
  for (const [ua, ip, paths, times] of READERS) {
    for (const path of paths) {
      let etag = "";
      for (let i = 0; i < times; i++) {
        const res = await fetch(WORKER + path, {
          headers: { "User-Agent": ua, "CF-Connecting-IP": ip, ...(etag ? { "If-None-Match": etag } : {}) },
          signal: AbortSignal.timeout(10_000),
        });
        await res.arrayBuffer();
        etag = res.headers.get("etag") ?? etag;
      }
    }
  }
  const refused = await fetch(`${WORKER}/stats/`, { signal: AbortSignal.timeout(10_000) });
  assert.equal(refused.status, 401);
  assert.match(refused.headers.get("www-authenticate") ?? "", /^Basic realm="stats"/);
  const { page, problems, close } = await open({ httpCredentials: { username: "owner", password: STATS_TOKEN }, viewport: { width: 900, height: 900 } });
  try {
    const response = await page.goto(`${WORKER}/stats/?days=7`);
    assert.equal(response?.status(), 200);
    assert.equal(await page.locator("html").getAttribute("lang"), LANGUAGE);
    assert.equal(await page.locator("h1").textContent(), WORDS.stats.title);
    // One line (here: one point each, a single day of counts) per feed, drawn on the server: the three
    // fetched above, and those the other checks fetched (embed.js reads a JSON Feed, as a reader would).
    const charted = await page.locator("ul.legend code").allTextContents();
    for (const path of ["/rss.xml", "/atom.xml", "/tags/rss/feed.json"]) assert.ok(charted.includes(path), `${path} in the chart: ${charted.join(", ")}`);
    assert.equal(await page.locator("svg.chart circle").count(), charted.length);
    const box = await page.locator("svg.chart").boundingBox();
    assert.ok(box && box.width > 500 && box.height > 150, `chart drawn at ${JSON.stringify(box)}`);
    const readers = await page.locator("h2", { hasText: WORDS.stats.readers }).locator("xpath=following-sibling::table[1]").locator("tbody th").allTextContents();
    assert.deepEqual(readers.slice(0, 3), ["Feedly", "Inoreader", "Feedbin"]);
    await screenshot(page, "stats.png", true);
    await settle(page);
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

const THEMES = [
  { query: "?theme=dark", scheme: "light", background: "rgb(13, 17, 23)" },
  { query: "?theme=light", scheme: "dark", background: "rgb(255, 255, 255)" },
  { query: "?theme=auto", scheme: "dark", background: "rgb(13, 17, 23)" },
  { query: "", scheme: "light", background: "rgb(255, 255, 255)" },
] as const;

for (const { query, scheme, background } of THEMES) {
  test(`embed theme "${query}" with the OS in ${scheme} mode`, { timeout: 30_000 }, async () => {
    const { page, problems, close } = await open({ colorScheme: scheme, viewport: { width: 320, height: 480 } });
    try {
      await page.goto(`${WORKER}/embed/tags/rss${query}`);
      assert.equal(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), background);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `embed is ${overflow}px wider than 320px`);
      await screenshot(page, `embed-${query.slice(7) || "default"}-${scheme}.png`);
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  });
}
