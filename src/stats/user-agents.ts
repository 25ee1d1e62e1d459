/**
 * @module Who fetched a feed, from its `User-Agent`: one table of the clients known by
 * name (issue 23), first match wins, and `classifyAgent`, which reads a UA string into
 * what the counts need. The UA string itself is never kept: only the name it maps to
 * (and, for hosted readers, the count and feed id they announce) leaves this module.
 *
 * Kinds of client:
 * - `hosted`: a service that fetches once for all its users and says how many there are,
 *   "Feedly/1.0 (+http://www.feedly.com/fetcher.html; 12 subscribers)". The count is read
 *   from "N subscribers" (or "N readers"); one that says none counts as one. Some also
 *   name their own id for the feed (Feedbin's `feed-id:`, The Old Reader's `feed-id=`,
 *   NewsBlur's `/site/<id>/`), under which they keep separate counts for one URL.
 * - `client`: a reader that fetches for one person (desktop, phone, a self-hosted
 *   server): one subscriber per distinct client per day, a client being the pair of IP
 *   address and UA (src/stats/object.ts hashes it with the day's salt).
 * - `hub`: a WebSub hub fetching the feed after a publish ping (pubsubhubbub.appspot.com,
 *   Superfeedr, Switchboard; WEBSUB_HUBS). Not a subscriber: its subscribers are readers,
 *   counted when they fetch. The built-in hub reads content directly and never fetches.
 * - `crawler`: search engines, AI crawlers and link previewers (a feed URL pasted into a
 *   chat): counted apart, by name; not subscriptions.
 * - `bot`: monitors, validators, SEO tools and anything else calling itself a bot,
 *   spider or crawler: not subscribers.
 *
 * Sources for the formats: each service's fetcher page or documented UA where it has
 * one (feedly.com/fetcher.html, feedspot.com/fs/fetcher, miniflux.app, FreshRSS's
 * `FRESHRSS_USERAGENT`, tt-rss.org), Buttondown's "RSS subscribers" list of hosted
 * readers' UAs, and the feed-reader entries of goaccess (allinurl/goaccess#132, #1870,
 * #2094, #2795). Every entry has a test with a UA written in its format
 * (tests/node/stats.test.ts).
 */

export type AgentKind = "hosted" | "client" | "hub" | "crawler" | "bot";

/** One known client: its name on the stats page and in stats.json, and how to recognise it. */
export interface KnownAgent {
  name: string;
  kind: AgentKind;
  /** Tested against the whole UA string. */
  pattern: RegExp;
  /** Hosted readers that keep separate counts per feed of theirs: the id's first group. */
  feedId?: RegExp;
}

/** What a fetch's UA says about who made it. */
export interface Agent {
  name: string;
  kind: AgentKind;
  /** Hosted readers: the subscribers they announce (1 when they announce none). */
  subscribers?: number;
  /** Hosted readers: their own id for the feed, or `""`. */
  feedId?: string;
}

/** The name of clients no entry knows: each still counts once per IP address and UA per day. */
export const OTHER_CLIENT = "Other";
/** The name of bots no entry knows by name. */
export const OTHER_BOT = "Other bots";

/**
 * Known clients, in the order they are tried. Hosted readers and hubs come before
 * crawlers: several say "like FeedFetcher-Google" or carry a browser's UA inside theirs.
 */
export const KNOWN_AGENTS: readonly KnownAgent[] = [
  // Hosted readers, which announce their subscribers.
  { name: "Feedly", kind: "hosted", pattern: /\bFeedly\/\d|feedly\.com\/fetcher/i },
  { name: "Inoreader", kind: "hosted", pattern: /\binoreader\.com\b/i },
  { name: "NewsBlur", kind: "hosted", pattern: /^NewsBlur Feed Fetcher\b/, feedId: /newsblur\.com\/site\/(\d+)/ },
  { name: "Feedbin", kind: "hosted", pattern: /^Feedbin\b/, feedId: /\bfeed-id:(\d+)/ },
  { name: "The Old Reader", kind: "hosted", pattern: /\btheoldreader\.com\b/i, feedId: /\bfeed-id=([0-9a-z]+)/i },
  { name: "Feedspot", kind: "hosted", pattern: /\bFeedspot\b/i },
  { name: "BazQux", kind: "hosted", pattern: /\bBazQux\//, feedId: /\bfeed-id=([0-9a-z]+)/i },
  // Readers of one person each (self-hosted servers count as one client per instance).
  { name: "Miniflux", kind: "client", pattern: /\bMiniflux\//i },
  { name: "FreshRSS", kind: "client", pattern: /\bFreshRSS\//i },
  { name: "Tiny Tiny RSS", kind: "client", pattern: /\bTiny Tiny RSS\//i },
  { name: "NetNewsWire", kind: "client", pattern: /\bNetNewsWire\b/i },
  { name: "Reeder", kind: "client", pattern: /\bReeder\//i },
  { name: "newsboat", kind: "client", pattern: /\bnewsboat\//i },
  { name: "Thunderbird", kind: "client", pattern: /\bThunderbird\//i },
  { name: "Outlook", kind: "client", pattern: /\bMicrosoft Outlook\b|\bOutlook-Express\/|\bMSOffice \d/i },
  // WebSub hubs fetching the feed after a publish ping.
  { name: "WebSub hub", kind: "hub", pattern: /^FeedFetcher-Google\b|appid: s~pubsubhubbub|\bSuperfeedr\b|\bSwitchboard\b|\bWebSub\b/i },
  // Search engines and AI crawlers.
  { name: "Googlebot", kind: "crawler", pattern: /\bGooglebot\b|\bGoogle-InspectionTool\b/i },
  { name: "Bingbot", kind: "crawler", pattern: /\bbingbot\b/i },
  { name: "Applebot", kind: "crawler", pattern: /\bApplebot\b/i },
  { name: "DuckDuckBot", kind: "crawler", pattern: /\bDuckDuck(?:Go-Favicons-)?Bot\b/i },
  { name: "YandexBot", kind: "crawler", pattern: /\bYandex\w*Bot\b/i },
  { name: "Baiduspider", kind: "crawler", pattern: /\bBaiduspider\b/i },
  { name: "Bytespider", kind: "crawler", pattern: /\bBytespider\b/i },
  { name: "GPTBot", kind: "crawler", pattern: /\bGPTBot\b|\bOAI-SearchBot\b|\bChatGPT-User\b/i },
  { name: "ClaudeBot", kind: "crawler", pattern: /\bClaude(?:Bot|-User|-SearchBot)\b/i },
  { name: "CCBot", kind: "crawler", pattern: /\bCCBot\b/i },
  { name: "PerplexityBot", kind: "crawler", pattern: /\bPerplexity(?:Bot|-User)\b/i },
  // Link previewers: a feed URL pasted into a chat or a post.
  { name: "Slack", kind: "crawler", pattern: /\bSlackbot\b|\bSlack-ImgProxy\b/i },
  { name: "Discord", kind: "crawler", pattern: /\bDiscordbot\b/i },
  { name: "Telegram", kind: "crawler", pattern: /\bTelegramBot\b/i },
  { name: "Facebook", kind: "crawler", pattern: /\bfacebookexternalhit\b|\bfacebookcatalog\b|\bmeta-externalagent\b/i },
  { name: "X (Twitter)", kind: "crawler", pattern: /\bTwitterbot\b/i },
  { name: "LinkedIn", kind: "crawler", pattern: /\bLinkedInBot\b/i },
  { name: "WhatsApp", kind: "crawler", pattern: /\bWhatsApp\//i },
  { name: "Mastodon", kind: "crawler", pattern: /\bMastodon\/\d/i },
  { name: "Bluesky", kind: "crawler", pattern: /\bBluesky Cardyb\b/i },
  { name: "Iframely", kind: "crawler", pattern: /\bIframely\b/i },
  { name: "FeedlyBot", kind: "crawler", pattern: /\bFeedlyBot\b/i },
  // Monitors, validators and SEO tools: not subscribers.
  { name: "UptimeRobot", kind: "bot", pattern: /\bUptimeRobot\b/i },
  { name: "Pingdom", kind: "bot", pattern: /\bPingdom/i },
  { name: "Feed validator", kind: "bot", pattern: /\bFeedValidator\b|\bW3C_Validator\b|\bvalidator\.w3\.org\b/i },
  { name: "AhrefsBot", kind: "bot", pattern: /\bAhrefsBot\b/i },
  { name: "SemrushBot", kind: "bot", pattern: /\bSemrushBot\b/i },
  { name: "MJ12bot", kind: "bot", pattern: /\bMJ12bot\b/i },
];

/** Anything else that says what it is: `...bot`, `spider`, `crawler`. */
const GENERIC_BOT = /bot\b|spider|crawler|\bcrawl/i;

/**
 * "12 subscribers", "1 subscriber", "2 readers". Numbers with a thousands separator
 * ("1,204 subscribers") are read whole.
 */
const SUBSCRIBERS = /\b(\d{1,3}(?:,\d{3})+|\d{1,9})\s+(?:subscribers?|readers?)\b/i;

/** What a fetch with UA string `ua` was, by the table above; an unknown client is `OTHER_CLIENT`. */
export function classifyAgent(ua: string): Agent {
  for (const known of KNOWN_AGENTS) {
    if (!known.pattern.test(ua)) continue;
    if (known.kind !== "hosted") return { name: known.name, kind: known.kind };
    // Feedly's fetcher says "like FeedFetcher-Google"; the rest is the count and the id.
    const count = SUBSCRIBERS.exec(ua)?.[1];
    const feedId = known.feedId?.exec(ua)?.[1] ?? "";
    return { name: known.name, kind: "hosted", subscribers: count === undefined ? 1 : Number(count.replaceAll(",", "")), feedId };
  }
  if (GENERIC_BOT.test(ua)) return { name: OTHER_BOT, kind: "bot" };
  return { name: OTHER_CLIENT, kind: "client" };
}
