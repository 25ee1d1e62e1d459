/**
 * Issue 23, the pure parts of the subscriber counts, as tables: the User-Agent table
 * (one realistic UA per known reader, written from each one's documented format), days
 * in a time zone (daylight saving included), the settings and the caching they force on
 * feeds, the Authorization header, the isolate's tally, and the report's shape. The
 * Durable Object, the worker's counting and the routes are tested in workerd
 * (tests/worker/stats.test.ts), the whole path under wrangler dev (tests/e2e/stats.ts).
 */
import { describe, expect, it } from "vitest";
import { presentedToken } from "../../src/stats/auth.ts";
import { type CountedFetch, MAX_BATCH_CLIENTS, MAX_PENDING_CLIENTS, Tally } from "../../src/stats/batch.ts";
import { addDays, dateRange, dayOf, dayWindow, startOfDay } from "../../src/stats/days.ts";
import { privateFeedCaching, statsPolicy } from "../../src/stats/policy.ts";
import { buildReport, type StoredFigures, statsJson } from "../../src/stats/report.ts";
import { type Agent, classifyAgent, KNOWN_AGENTS, OTHER_BOT, OTHER_CLIENT } from "../../src/stats/user-agents.ts";

/**
 * One UA per known client, in the format each documents or sends (fetcher pages,
 * Buttondown's list of hosted readers' UAs, goaccess's feed-reader issues), with what it
 * must read as. Written for these tests; the counts and ids are made up.
 */
const EXAMPLES: Array<[string, Agent]> = [
  // Hosted readers: the count they announce, and their own id for the feed where they send one.
  ["Feedly/1.0 (+http://www.feedly.com/fetcher.html; 462 subscribers; )", { name: "Feedly", kind: "hosted", subscribers: 462, feedId: "" }],
  ["Mozilla/5.0 (compatible; Feedly/1.0; +http://www.feedly.com/fetcher.html; 1 subscriber)", { name: "Feedly", kind: "hosted", subscribers: 1, feedId: "" }],
  ["Feedly/1.0 (+http://www.feedly.com/fetcher.html; 1,204 subscribers; like FeedFetcher-Google)", { name: "Feedly", kind: "hosted", subscribers: 1204, feedId: "" }],
  ["Mozilla/5.0 (compatible; inoreader.com; 114 subscribers)", { name: "Inoreader", kind: "hosted", subscribers: 114, feedId: "" }],
  [
    'NewsBlur Feed Fetcher - 27 subscribers - https://www.newsblur.com/site/7704055/example-blog ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/14.0.1 Safari/605.1.15")',
    { name: "NewsBlur", kind: "hosted", subscribers: 27, feedId: "7704055" },
  ],
  ["Feedbin feed-id:1697787 - 102 subscribers", { name: "Feedbin", kind: "hosted", subscribers: 102, feedId: "1697787" }],
  [
    "Mozilla/5.0 (compatible; theoldreader.com; 3 subscribers; feed-id=cead6c3a837650eeefd8fe4a)",
    { name: "The Old Reader", kind: "hosted", subscribers: 3, feedId: "cead6c3a837650eeefd8fe4a" },
  ],
  ["Feedspot/1.0 (+https://www.feedspot.com/fs/fetcher; like FeedFetcher-Google)", { name: "Feedspot", kind: "hosted", subscribers: 1, feedId: "" }],
  ["Mozilla/5.0 (compatible; BazQux/2.4; +https://bazqux.com/fetcher; 5 subscribers)", { name: "BazQux", kind: "hosted", subscribers: 5, feedId: "" }],
  // Readers of one person each.
  ["Mozilla/5.0 (compatible; Miniflux/2.2.3; +https://miniflux.app)", { name: "Miniflux", kind: "client" }],
  ["FreshRSS/1.24.3 (Linux; https://freshrss.org)", { name: "FreshRSS", kind: "client" }],
  ["Tiny Tiny RSS/24.09-4b4e6f1 (https://tt-rss.org/)", { name: "Tiny Tiny RSS", kind: "client" }],
  ["NetNewsWire (RSS Reader; https://netnewswire.com/)", { name: "NetNewsWire", kind: "client" }],
  ["Reeder/5050.04.02 CFNetwork/1496.0.7 Darwin/23.5.0", { name: "Reeder", kind: "client" }],
  ["Newsboat/2.36 (Linux x86_64)", { name: "newsboat", kind: "client" }],
  ["Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Thunderbird/128.5.2", { name: "Thunderbird", kind: "client" }],
  ["Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17928; Pro)", { name: "Outlook", kind: "client" }],
  // WebSub hubs fetching after a ping: not subscribers.
  ["Superfeedr bot/2.0 http://superfeedr.com - Make your feeds realtime: get in touch - feed-id:46271263", { name: "WebSub hub", kind: "hub" }],
  ["FeedFetcher-Google; (+http://www.google.com/feedfetcher.html)", { name: "WebSub hub", kind: "hub" }],
  ["AppEngine-Google; (+http://code.google.com/appengine; appid: s~pubsubhubbub)", { name: "WebSub hub", kind: "hub" }],
  // Search engines, AI crawlers, link previewers: counted apart.
  ["Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", { name: "Googlebot", kind: "crawler" }],
  ["Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)", { name: "Bingbot", kind: "crawler" }],
  [
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/13.1.1 Safari/605.1.15 (Applebot/0.1; +http://www.apple.com/go/applebot)",
    { name: "Applebot", kind: "crawler" },
  ],
  ["DuckDuckBot/1.1; (+http://duckduckgo.com/duckduckbot.html)", { name: "DuckDuckBot", kind: "crawler" }],
  ["Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)", { name: "YandexBot", kind: "crawler" }],
  ["Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)", { name: "Baiduspider", kind: "crawler" }],
  [
    "Mozilla/5.0 (Linux; Android 5.0) AppleWebKit/537.36 (KHTML, like Gecko) Mobile Safari/537.36 (compatible; Bytespider; spider-feedback@bytedance.com)",
    { name: "Bytespider", kind: "crawler" },
  ],
  ["Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko); compatible; GPTBot/1.2; +https://openai.com/gptbot", { name: "GPTBot", kind: "crawler" }],
  ["Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; ClaudeBot/1.0; +claudebot@anthropic.com)", { name: "ClaudeBot", kind: "crawler" }],
  ["CCBot/2.0 (https://commoncrawl.org/faq/)", { name: "CCBot", kind: "crawler" }],
  ["Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; PerplexityBot/1.0; +https://perplexity.ai/perplexitybot)", { name: "PerplexityBot", kind: "crawler" }],
  ["Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)", { name: "Slack", kind: "crawler" }],
  ["Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)", { name: "Discord", kind: "crawler" }],
  ["TelegramBot (like TwitterBot)", { name: "Telegram", kind: "crawler" }],
  ["facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)", { name: "Facebook", kind: "crawler" }],
  ["Twitterbot/1.0", { name: "X (Twitter)", kind: "crawler" }],
  ["LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)", { name: "LinkedIn", kind: "crawler" }],
  ["WhatsApp/2.23.20.0 A", { name: "WhatsApp", kind: "crawler" }],
  ["http.rb/5.1.1 (Mastodon/4.2.10; +https://mastodon.social/)", { name: "Mastodon", kind: "crawler" }],
  ["Mozilla/5.0 (compatible; Bluesky Cardyb/1.1; +mailto:support@bsky.app)", { name: "Bluesky", kind: "crawler" }],
  ["Iframely/1.3.1 (+https://iframely.com/docs/about)", { name: "Iframely", kind: "crawler" }],
  ["FeedlyBot/1.0 (http://feedly.com)", { name: "FeedlyBot", kind: "crawler" }],
  // Monitors, validators, SEO tools, and any other bot: not subscribers.
  ["Mozilla/5.0+(compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)", { name: "UptimeRobot", kind: "bot" }],
  ["Pingdom.com_bot_version_1.4_(http://www.pingdom.com/)", { name: "Pingdom", kind: "bot" }],
  ["FeedValidator/1.3", { name: "Feed validator", kind: "bot" }],
  ["Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)", { name: "AhrefsBot", kind: "bot" }],
  ["Mozilla/5.0 (compatible; SemrushBot/7~bl; +http://www.semrush.com/bot.html)", { name: "SemrushBot", kind: "bot" }],
  ["Mozilla/5.0 (compatible; MJ12bot/v1.4.8; http://mj12bot.com/)", { name: "MJ12bot", kind: "bot" }],
];

describe("classifyAgent: the User-Agent table", () => {
  it.each(EXAMPLES)("%s", (ua, agent) => {
    expect(classifyAgent(ua)).toEqual(agent);
  });

  it.each([
    ["Mozilla/5.0 (compatible; SomeNewCrawler/0.1; +https://crawler.example)", OTHER_BOT, "bot"],
    ["Mozilla/5.0 (compatible; ExampleBot/1.0)", OTHER_BOT, "bot"],
    ["a-spider/2", OTHER_BOT, "bot"],
    ["curl/8.5.0", OTHER_CLIENT, "client"],
    ["Python-urllib/3.12", OTHER_CLIENT, "client"],
    ["", OTHER_CLIENT, "client"],
    ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", OTHER_CLIENT, "client"],
    // "like FeedFetcher-Google" alone is not Google's hub.
    ["SomeReader/1.0 (like FeedFetcher-Google)", OTHER_CLIENT, "client"],
  ])("unknown: %j -> %s", (ua, name, kind) => {
    expect(classifyAgent(ua)).toEqual({ name, kind });
  });

  it("every entry of the table has an example above, and every reader issue 23 names is in it", () => {
    const named = new Set(EXAMPLES.map(([, agent]) => agent.name));
    expect(KNOWN_AGENTS.map((known) => known.name).filter((name) => !named.has(name))).toEqual([]);
    const required = [
      "Feedly",
      "Inoreader",
      "NewsBlur",
      "Feedbin",
      "The Old Reader",
      "Feedspot",
      "Miniflux",
      "FreshRSS",
      "Tiny Tiny RSS",
      "NetNewsWire",
      "Reeder",
      "newsboat",
      "Thunderbird",
      "Outlook",
      "WebSub hub",
    ];
    expect(required.filter((name) => !named.has(name))).toEqual([]);
  });

  it("a hosted reader's count is read whatever else its UA carries: the first 'N subscribers'", () => {
    expect(classifyAgent("Feedbin feed-id:12 - 0 subscribers").subscribers).toBe(0);
    expect(classifyAgent("Mozilla/5.0 (compatible; inoreader.com; 2 readers)").subscribers).toBe(2);
  });
});

describe("days in SITE_TIMEZONE", () => {
  it.each([
    // Shanghai is UTC+8 all year: its day starts at 16:00 UTC the day before.
    [Date.UTC(2026, 0, 1, 15, 59, 59, 999), "Asia/Shanghai", "2026-01-01"],
    [Date.UTC(2026, 0, 1, 16, 0, 0, 0), "Asia/Shanghai", "2026-01-02"],
    [Date.UTC(2026, 0, 1, 0, 0, 0, 0), "UTC", "2026-01-01"],
    [Date.UTC(2026, 0, 1, 4, 59, 59, 999), "America/New_York", "2025-12-31"],
    [Date.UTC(2026, 0, 1, 5, 0, 0, 0), "America/New_York", "2026-01-01"],
    [Date.UTC(2026, 0, 1, 11, 0, 0, 0), "Pacific/Kiritimati", "2026-01-02"],
  ])("dayOf(%i, %s) = %s", (ms, zone, date) => {
    expect(dayOf(ms, zone)).toBe(date);
  });

  it.each([
    ["2026-01-02", "Asia/Shanghai", Date.UTC(2026, 0, 1, 16), Date.UTC(2026, 0, 2, 16)],
    // US daylight saving time begins on 2026-03-08 (a 23-hour day) and ends on 2026-11-01 (25 hours).
    ["2026-03-08", "America/New_York", Date.UTC(2026, 2, 8, 5), Date.UTC(2026, 2, 9, 4)],
    ["2026-11-01", "America/New_York", Date.UTC(2026, 10, 1, 4), Date.UTC(2026, 10, 2, 5)],
    ["2026-06-30", "UTC", Date.UTC(2026, 5, 30), Date.UTC(2026, 6, 1)],
  ])("%s in %s runs from %i to %i", (date, zone, start, end) => {
    expect(startOfDay(date, zone)).toBe(start);
    for (const ms of [start, start + 1, end - 1]) expect(dayWindow(ms, zone)).toEqual({ date, start, end });
    expect(dayOf(end, zone)).toBe(addDays(date, 1));
  });

  it("a zone whose clocks skip midnight starts the day at its first instant (America/Santiago, 2026-09-06)", () => {
    const start = startOfDay("2026-09-06", "America/Santiago");
    expect(dayOf(start, "America/Santiago")).toBe("2026-09-06");
    expect(dayOf(start - 1, "America/Santiago")).toBe("2026-09-05");
  });

  it("calendar arithmetic and spans", () => {
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(dateRange("2026-01-02", 3)).toEqual(["2025-12-31", "2026-01-01", "2026-01-02"]);
    expect(dateRange("2026-01-02", 1)).toEqual(["2026-01-02"]);
  });
});

describe("settings and the caching of feeds while counting", () => {
  it.each([
    [{}, { on: true, days: 400, flushMs: 5000 }],
    [
      { STATS: "off", STATS_DAYS: "30", STATS_FLUSH_SECONDS: "2" },
      { on: false, days: 30, flushMs: 2000 },
    ],
    [{ STATS: " OFF " }, { on: false, days: 400, flushMs: 5000 }],
    [
      { STATS: "on", STATS_DAYS: "0", STATS_FLUSH_SECONDS: "30" },
      { on: true, days: 400, flushMs: 5000 },
    ],
    [
      { STATS_DAYS: "1e3", STATS_FLUSH_SECONDS: "-1" },
      { on: true, days: 400, flushMs: 5000 },
    ],
  ])("%j -> %j", (vars, policy) => {
    expect(statsPolicy(vars)).toEqual({ ...policy, flushFetches: 500 });
  });

  const policy = { maxAge: 300, sMaxAge: 600, staleWhileRevalidate: 86_400 };
  it.each([
    [undefined, "private, max-age=300"],
    ["public, max-age=60, s-maxage=60", "private, max-age=60"],
    ["public, max-age=300, s-maxage=600, stale-while-revalidate=86400", "private, max-age=300"],
    ["max-age=5, must-revalidate", "private, max-age=5, must-revalidate"],
  ])("%j -> %j", (given, expected) => {
    expect(privateFeedCaching(given, policy)).toBe(expected);
  });
});

describe("the Authorization header", () => {
  const basic = (credentials: string) => `Basic ${Buffer.from(credentials, "utf8").toString("base64")}`;
  it.each([
    ["Bearer s3cret", "s3cret"],
    ["bearer s3cret", "s3cret"],
    ["  Bearer   s3cret ", "s3cret"],
    [basic("me:s3cret"), "s3cret"],
    [basic(":s3cret"), "s3cret"],
    [basic("owner:a:b"), "a:b"],
    [basic("用户:密码"), "密码"],
    [basic("no-colon"), undefined],
    ["Basic !!!", undefined],
    ["Bearer", undefined],
    ["Bearer a b", undefined],
    ["Digest username=x", undefined],
    ["", undefined],
    [null, undefined],
  ])("%j -> %j", (header, token) => {
    expect(presentedToken(header)).toBe(token);
  });
});

/** A counted fetch, with spread variants. */
const fetchOf = (over: Partial<CountedFetch> = {}): CountedFetch => ({
  day: "2026-01-02",
  feed: "/rss.xml",
  agent: { name: "NetNewsWire", kind: "client" },
  head: false,
  notModified: false,
  bytes: 1000,
  client: "192.0.2.1\nNetNewsWire (RSS Reader; https://netnewswire.com/)",
  at: 1,
  ...over,
});

describe("the isolate's tally", () => {
  it("sums fetches by day, feed, reader and kind; keeps each hosted reader's latest report per feed id; clients once", () => {
    const tally = new Tally();
    tally.add(fetchOf());
    tally.add(fetchOf({ notModified: true, bytes: undefined, saved: 1000 }));
    tally.add(fetchOf({ notModified: true, bytes: undefined, saved: undefined }));
    tally.add(fetchOf({ client: "192.0.2.2\nNetNewsWire (RSS Reader; https://netnewswire.com/)" }));
    tally.add(fetchOf({ head: true, client: undefined }));
    const feedbin = (feedId: string, subscribers: number, at: number) => fetchOf({ agent: { name: "Feedbin", kind: "hosted", feedId, subscribers }, client: undefined, at });
    tally.add(feedbin("11", 5, 10));
    tally.add(feedbin("11", 7, 30));
    tally.add(feedbin("11", 6, 20));
    tally.add(feedbin("12", 3, 15));
    tally.add(fetchOf({ agent: { name: "Googlebot", kind: "crawler" }, client: undefined }));
    expect(tally.fetches).toBe(10);
    const batch = tally.take();
    expect(tally.empty).toBe(true);
    expect(batch.fetches).toBe(10);
    expect(batch.traffic).toEqual([
      { day: "2026-01-02", feed: "/rss.xml", agent: "NetNewsWire", kind: "client", requests: 3 + 1, notModified: 2, saved: 1000, unsized: 1 },
      { day: "2026-01-02", feed: "/rss.xml", agent: "NetNewsWire", kind: "probe", requests: 1, notModified: 0, saved: 0, unsized: 0 },
      { day: "2026-01-02", feed: "/rss.xml", agent: "Feedbin", kind: "hosted", requests: 4, notModified: 0, saved: 0, unsized: 0 },
      { day: "2026-01-02", feed: "/rss.xml", agent: "Googlebot", kind: "crawler", requests: 1, notModified: 0, saved: 0, unsized: 0 },
    ]);
    expect(batch.reports).toEqual([
      { day: "2026-01-02", feed: "/rss.xml", agent: "Feedbin", feedId: "11", subscribers: 7, at: 30 },
      { day: "2026-01-02", feed: "/rss.xml", agent: "Feedbin", feedId: "12", subscribers: 3, at: 15 },
    ]);
    expect(batch.clients.map((c) => c.identity)).toEqual([
      "192.0.2.1\nNetNewsWire (RSS Reader; https://netnewswire.com/)\n/rss.xml",
      "192.0.2.2\nNetNewsWire (RSS Reader; https://netnewswire.com/)\n/rss.xml",
    ]);
    expect(batch.sizes).toEqual([{ feed: "/rss.xml", bytes: 1000 }]);
  });

  it("a batch the store did not take goes back, merged with what came since", () => {
    const tally = new Tally();
    tally.add(fetchOf());
    const failed = tally.take();
    tally.add(fetchOf({ at: 2 }));
    tally.add(fetchOf({ client: "192.0.2.9\nx" }));
    tally.restore(failed);
    const batch = tally.take();
    expect(batch.fetches).toBe(3);
    expect(batch.traffic).toEqual([{ day: "2026-01-02", feed: "/rss.xml", agent: "NetNewsWire", kind: "client", requests: 3, notModified: 0, saved: 0, unsized: 0 }]);
    expect(batch.clients).toHaveLength(2);
  });

  it(`a batch carries at most ${MAX_BATCH_CLIENTS} clients; the rest wait for the next`, () => {
    const tally = new Tally();
    for (let i = 0; i < MAX_BATCH_CLIENTS + 10; i++) tally.add(fetchOf({ client: `10.1.${i >> 8}.${i & 255}\nua` }));
    const first = tally.take(MAX_BATCH_CLIENTS);
    expect([first.clients.length, first.fetches, first.traffic[0]?.requests]).toEqual([MAX_BATCH_CLIENTS, MAX_BATCH_CLIENTS + 10, MAX_BATCH_CLIENTS + 10]);
    expect(tally.empty).toBe(false);
    const second = tally.take(MAX_BATCH_CLIENTS);
    expect([second.clients.length, second.fetches, second.traffic]).toEqual([10, 0, []]);
    expect(tally.empty).toBe(true);
  });

  it(`holds at most ${MAX_PENDING_CLIENTS} clients; more are dropped and counted as dropped`, () => {
    const tally = new Tally();
    for (let i = 0; i < MAX_PENDING_CLIENTS + 5; i++) tally.add(fetchOf({ client: `10.0.${i >> 8}.${i & 255}\nua` }));
    expect(tally.dropped).toBe(5);
    const batch = tally.take();
    expect(batch.clients).toHaveLength(MAX_PENDING_CLIENTS);
    expect(batch.traffic[0]?.requests).toBe(MAX_PENDING_CLIENTS + 5);
  });
});

/** Stored figures for a report, from a few rows. */
const figures = (over: Partial<StoredFigures> = {}): StoredFigures => ({
  traffic: [
    { day: "2026-01-01", feed: "/rss.xml", agent: "Feedly", kind: "hosted", requests: 10, notModified: 8, saved: 8000 },
    { day: "2026-01-02", feed: "/rss.xml", agent: "Feedly", kind: "hosted", requests: 12, notModified: 11, saved: 11000 },
    { day: "2026-01-02", feed: "/rss.xml", agent: "NetNewsWire", kind: "client", requests: 5, notModified: 4, saved: 4000 },
    { day: "2026-01-02", feed: "/rss.xml", agent: "Googlebot", kind: "crawler", requests: 2, notModified: 0, saved: 0 },
    { day: "2026-01-02", feed: "/rss.xml", agent: "Other bots", kind: "bot", requests: 3, notModified: 0, saved: 0 },
    { day: "2026-01-02", feed: "/rss.xml", agent: "NetNewsWire", kind: "probe", requests: 1, notModified: 0, saved: 0 },
    { day: "2026-01-01", feed: "/atom.xml", agent: "Other", kind: "client", requests: 1, notModified: 0, saved: 0 },
    { day: "2025-12-01", feed: "/old.xml", agent: "Other", kind: "client", requests: 1, notModified: 0, saved: 0 },
  ],
  subscribers: [
    { day: "2026-01-01", feed: "/rss.xml", agent: "Feedly", subscribers: 40 },
    { day: "2026-01-02", feed: "/rss.xml", agent: "Feedly", subscribers: 42 },
    { day: "2026-01-02", feed: "/rss.xml", agent: "NetNewsWire", subscribers: 2 },
    { day: "2026-01-01", feed: "/atom.xml", agent: "Other", subscribers: 1 },
  ],
  ...over,
});

describe("the report", () => {
  it("per feed and day; readers on the feed's last day with a fetch; crawlers, bots and probes apart; issue 23's JSON shape", () => {
    const report = buildReport(["2026-01-01", "2026-01-02"], figures(), { batches: 3, lateClients: 0 });
    expect(report.feeds.map((f) => f.url)).toEqual(["/rss.xml", "/atom.xml"]);
    const [rss, atom] = report.feeds;
    expect(rss?.readers).toEqual({ Feedly: 42, NetNewsWire: 2 });
    expect(rss?.crawlers).toEqual({ Googlebot: 2 });
    expect([rss?.bots, rss?.hubs, rss?.probes]).toEqual([3, 0, 1]);
    expect(atom?.readers).toEqual({ Other: 1 });
    expect(report.batchesToday).toBe(3);
    expect(statsJson(report)).toEqual({
      feeds: [
        {
          url: "/rss.xml",
          days: [
            { date: "2026-01-01", subscribers: 40, requests: 10, not_modified: 8 },
            { date: "2026-01-02", subscribers: 44, requests: 23, not_modified: 15 },
          ],
          readers: { Feedly: 42, NetNewsWire: 2 },
        },
        {
          url: "/atom.xml",
          days: [
            { date: "2026-01-01", subscribers: 1, requests: 1, not_modified: 0 },
            { date: "2026-01-02", subscribers: 0, requests: 0, not_modified: 0 },
          ],
          readers: { Other: 1 },
        },
      ],
    });
  });

  it("no fetch in the span: no feeds", () => {
    expect(statsJson(buildReport(["2026-02-01"], figures(), { batches: 0, lateClients: 0 }))).toEqual({ feeds: [] });
  });
});
