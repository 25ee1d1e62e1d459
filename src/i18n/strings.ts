/**
 * @module The words of every page, embed and OPML document, one table per language
 * (issue 12, "pages in the site's language"). Content is never translated; only what
 * the site itself says around it: headings, labels, buttons, counts, feed descriptions.
 *
 * Three tables are built in: `zh-CN` (the default and the sample site), `zh-TW` (Taiwan
 * usage) and `en`. `PageStrings` is the one shape they share, so a table that misses a key
 * does not compile. `pageStrings(tag)` picks the table for a BCP 47 tag; the views call it
 * with `Site.language`, the build calls `matchPageLanguage` to warn when no table fits.
 * A page in another variant (issue 13, `?opencc=s2t`) only needs another tag.
 *
 * Format names (RSS, Atom, JSON Feed) are names, the same in every language, and stay in
 * src/views/html.ts. Dates are formatted by `Intl` in the site's language and zone.
 * Strings are plain text: the views escape them like any other value.
 */
import type { FeedFormat, TermKind } from "../types.ts";

/** The text parameters of filters (src/feed/filters.ts `TEXT_PARAMS`), for their labels. */
type TextParam =
  | "filter"
  | "filter_author"
  | "filter_category"
  | "filter_description"
  | "filter_title"
  | "filterout"
  | "filterout_author"
  | "filterout_category"
  | "filterout_description"
  | "filterout_title";

/** How each filter parameter is described to people (src/feed/filters.ts `describeFilters`). */
export interface FilterWords {
  /** `filter=a|b` and its field-specific forms, shown as `label: a | b`. */
  labels: Record<TextParam, string>;
  caseInsensitive: string;
  /** `filter_time`: the last `seconds`. */
  time: (seconds: number) => string;
  /** Between parts. */
  separator: string;
}

/** What a page calls a kind of term: "Tag" and "Tags"; Chinese has one form for both. */
export interface KindNames {
  one: string;
  many: string;
}

/** The words of the subscriber counts' page (issue 23, `/stats/`). */
export interface StatsWords {
  /** `<title>` and heading. */
  title: string;
  /** What the page covers: the last `days` days, counted in the time zone `zone`. */
  lead: (days: number, zone: string) => string;
  /** The span's first and last dates. */
  range: (first: string, last: string) => string;
  /** Before the links to other spans, and each link's text. */
  spans: string;
  span: (days: number) => string;
  /** The headline figures. */
  subscribersNow: string;
  requests: string;
  notModifiedShare: string;
  bytesSaved: string;
  /** The chart's heading, and its accessible description with the number of feeds it draws. */
  chartTitle: string;
  chartLabel: (feeds: number) => string;
  /** Headings and column names. */
  feeds: string;
  feed: string;
  subscribers: string;
  readers: string;
  reader: string;
  share: string;
  crawlers: string;
  /** Under the crawlers' heading: what they are and why they are apart. */
  crawlersNote: string;
  crawler: string;
  notSubscribers: string;
  bots: string;
  hubs: string;
  probes: string;
  /** No fetch in the span. */
  noData: string;
  /** How the counts are made and kept, and the privacy note. */
  method: string;
  privacy: (days: number) => string;
  /** The store's batches today, and the clients of an earlier day that could not be counted. */
  batches: (batches: number, late: number) => string;
}

/** Every string a page, embed or OPML document shows. Functions take the values they place. */
export interface PageStrings {
  /** Between a label and what it labels: `Tags: a b`, `标签：a b`. */
  colon: string;
  /** Names of the term kinds, for headings, labels and OPML folders. */
  kinds: Record<TermKind, KindNames>;
  /** A list with no articles in it. */
  noArticles: string;
  /** Heading of the newest articles (home page, feed page). */
  latestArticles: string;
  /** Name of one format of a feed in autodiscovery links (what a reader offers to subscribe to). */
  alternateTitle: (title: string, format: string) => string;

  /** Home page: heading of the box with the site's feeds. */
  subscribe: string;
  /** Home page: label of the site's own feed links. */
  wholeSite: string;
  /** Home page: label of the OPML links (one file with every feed, per format). */
  opmlLead: string;
  /** Home page: a term's article count after its name, `(3)`. */
  termCount: (count: number) => string;
  /** Home page: the link under a kind's most used terms to the index of all of them (`/tags/`, issue 24). */
  allTerms: Record<TermKind, (count: number) => string>;

  /** Term index (`/tags/`): how many terms of the kind there are, and in what order they are listed. */
  termIndexCount: Record<TermKind, (count: number) => string>;
  /** Term index: links to the previous and the next page of terms. */
  previousPage: string;
  nextPage: string;
  /** Term index: label of the links to the same list for programs (`/tags.json`) and to every feed (OPML). */
  forPrograms: string;

  /** Term page: how many articles it lists. */
  articleCount: (count: number) => string;
  /** Term page: label of the term's feed links. */
  followTerm: Record<TermKind, string>;
  /** Term page: which archive page it shows (RFC 5005 pages, 1 = oldest). */
  archivePage: (page: number, pages: number) => string;
  /** Term pages: links to the newer and the older page of articles. */
  newerArticles: string;
  olderArticles: string;

  /** Article page: before the date of the last update. */
  updated: string;
  /** Article page: before the host the article first appeared on. */
  originallyPublished: string;
  /** Article page: label of the site's feed links in the footer. */
  followSite: string;

  /** Feed page `<title>`: the feed's title and its format's name. */
  feedPageTitle: (title: string, format: string) => string;
  /** Feed page: the line above the heading, `RSS feed`. */
  feedKind: (format: string) => string;
  /** Feed page: heading of the subscribe box. */
  subscribeInReader: string;
  /** Feed page: what a feed is and how to use it, for someone who has never used one. */
  aboutFeeds: string;
  /** Feed page: accessible name of the input holding the feed URL. */
  feedAddress: string;
  /** Feed page: the copy button, before, after copying, and when the clipboard refused. */
  copy: string;
  copied: string;
  copyFailed: string;
  /** Feed page: what each format works in. */
  formatNotes: Record<FeedFormat, string>;
  /** Feed page: label of the links to the same feed in the other formats. */
  otherFormats: string;
  /** Feed page: text of the link to the OPML list. */
  allFeedsOpml: string;
  /** Feed page: the embed snippets' disclosure, and the label of each snippet. */
  embedHeading: string;
  embedIframe: string;
  embedScript: string;

  /** Embed: the subscribe link in its footer, in `format`. */
  embedSubscribe: (format: string) => string;

  /** OPML `<title>`. */
  opmlTitle: (siteTitle: string) => string;
  /** A term's feed description (feeds, feed pages, OPML), from its display name. */
  scopeDescription: Record<TermKind, (name: string, siteTitle: string) => string>;
  /** The site's description when `SITE_DESCRIPTION` is unset. */
  defaultDescription: (siteTitle: string) => string;

  /** Filtered feeds (issue 13): how each filter is named, in titles and on feed pages. */
  filters: FilterWords;
  /** What a filtered feed's title adds after the feed's title: starts with a space or a bracket. */
  filteredTitle: (what: string) => string;
  /** Feed page: label of what the feed filters. */
  filteredBy: string;

  /** The subscriber counts' page (issue 23). */
  stats: StatsWords;
}

const EN: PageStrings = {
  colon: ": ",
  kinds: {
    tags: { one: "Tag", many: "Tags" },
    categories: { one: "Category", many: "Categories" },
    authors: { one: "Author", many: "Authors" },
    sections: { one: "Section", many: "Sections" },
  },
  noArticles: "No articles yet.",
  latestArticles: "Latest articles",
  alternateTitle: (title, format) => `${title} (${format})`,
  subscribe: "Subscribe",
  wholeSite: "Whole site",
  opmlLead: "Every feed below in one OPML file for your reader",
  termCount: (n) => `(${n})`,
  allTerms: {
    tags: (n) => `All tags (${n}) →`,
    categories: (n) => `All categories (${n}) →`,
    authors: (n) => `All authors (${n}) →`,
    sections: (n) => `All sections (${n}) →`,
  },
  termIndexCount: {
    tags: (n) => `${n} ${n === 1 ? "tag" : "tags"}, the most used first`,
    categories: (n) => `${n} ${n === 1 ? "category" : "categories"}, the most used first`,
    authors: (n) => `${n} ${n === 1 ? "author" : "authors"}, the most prolific first`,
    sections: (n) => `${n} ${n === 1 ? "section" : "sections"}, the largest first`,
  },
  previousPage: "← Previous page",
  nextPage: "Next page →",
  forPrograms: "For programs and feed readers",
  articleCount: (n) => `${n} ${n === 1 ? "article" : "articles"}`,
  followTerm: {
    tags: "Follow this tag in your feed reader",
    categories: "Follow this category in your feed reader",
    authors: "Follow this author in your feed reader",
    sections: "Follow this section in your feed reader",
  },
  archivePage: (page, pages) => `page ${page} of ${pages}`,
  newerArticles: "← Newer articles",
  olderArticles: "Older articles →",
  updated: "Updated",
  originallyPublished: "Originally published at",
  followSite: "Get new articles in your feed reader",
  feedPageTitle: (title, format) => `${title} (${format} feed)`,
  feedKind: (format) => `${format} feed`,
  subscribeInReader: "Subscribe in your reader",
  aboutFeeds:
    "This page is a web feed. Copy its address into your feed reader (“Add subscription” or “Follow”) and new articles arrive there as they are published; no account here, no e-mail.",
  feedAddress: "Feed address",
  copy: "Copy",
  copied: "Copied",
  copyFailed: "Press Ctrl+C",
  formatNotes: {
    rss: "RSS 2.0 works in every feed reader.",
    atom: "Atom 1.0 works in nearly every feed reader.",
    json: "JSON Feed 1.1 works in many modern readers (NetNewsWire, Feedbin, Inoreader, Miniflux); if yours does not accept it, use the RSS link below.",
  },
  otherFormats: "Other formats",
  allFeedsOpml: "all feeds as OPML",
  embedHeading: "Show these articles on your own site",
  embedIframe: "As an iframe (no JavaScript)",
  embedScript: "Or with a script that fills in the list and inherits your page's styles",
  embedSubscribe: (format) => `Subscribe (${format})`,
  opmlTitle: (site) => `${site}: all feeds`,
  scopeDescription: {
    tags: (name, site) => `Articles tagged “${name}” on ${site}`,
    categories: (name, site) => `Articles in category “${name}” on ${site}`,
    authors: (name, site) => `Articles by ${name} on ${site}`,
    sections: (name, site) => `Articles in the section “${name}” on ${site}`,
  },
  defaultDescription: (site) => `Latest articles from ${site}`,
  filters: {
    labels: {
      filter: "with ",
      filter_author: "by ",
      filter_category: "filed under ",
      filter_description: "summary with ",
      filter_title: "title with ",
      filterout: "without ",
      filterout_author: "not by ",
      filterout_category: "not filed under ",
      filterout_description: "summary without ",
      filterout_title: "title without ",
    },
    caseInsensitive: "any case",
    time: (s) => `published in the last ${s} s`,
    separator: "; ",
  },
  filteredTitle: (what) => ` (${what})`,
  filteredBy: "Filtered",
  stats: {
    title: "Subscribers",
    lead: (days, zone) => `The last ${days} days, counted in ${zone} time:`,
    range: (first, last) => `${first} to ${last}`,
    spans: "Show",
    span: (days) => `${days} days`,
    subscribersNow: "Subscribers (latest day)",
    requests: "Requests",
    notModifiedShare: "Answered 304 Not Modified",
    bytesSaved: "Saved by 304s",
    chartTitle: "Subscribers per day",
    chartLabel: (feeds) => `Line chart of subscribers per day for the ${feeds} feeds with the most subscribers.`,
    feeds: "Feeds",
    feed: "Feed",
    subscribers: "Subscribers",
    readers: "Readers",
    reader: "Reader",
    share: "Share",
    crawlers: "Crawlers and link previews",
    crawlersNote: "Search engines, AI crawlers and chat apps previewing a link: requests, not subscriptions.",
    crawler: "Crawler",
    notSubscribers: "Not counted as subscribers",
    bots: "Bots and monitors",
    hubs: "WebSub hubs",
    probes: "HEAD requests",
    noData: "No feed has been fetched in this period.",
    method:
      "Hosted readers (Feedly, Inoreader, NewsBlur, Feedbin, …) count with the number of subscribers they announce; every other reader counts once per day per IP address and user agent.",
    privacy: (days) =>
      `No IP address or user agent is stored: a client is told apart by a hash salted with a secret made each day and destroyed at midnight. Only daily totals are kept, for ${days} days.`,
    batches: (batches, late) =>
      `The store took ${batches} ${batches === 1 ? "batch" : "batches"} today${late > 0 ? `; ${late} clients arrived after their day had ended and were not counted` : ""}.`,
  },
};

const ZH_CN: PageStrings = {
  colon: "：",
  kinds: {
    tags: { one: "标签", many: "标签" },
    categories: { one: "分类", many: "分类" },
    authors: { one: "作者", many: "作者" },
    sections: { one: "栏目", many: "栏目" },
  },
  noArticles: "暂无文章。",
  latestArticles: "最新文章",
  alternateTitle: (title, format) => `${title}（${format}）`,
  subscribe: "订阅",
  wholeSite: "全站",
  opmlLead: "将下列全部订阅源一次导入阅读器（OPML 文件）",
  termCount: (n) => `（${n} 篇）`,
  allTerms: {
    tags: (n) => `全部标签（${n} 个）→`,
    categories: (n) => `全部分类（${n} 个）→`,
    authors: (n) => `全部作者（${n} 位）→`,
    sections: (n) => `全部栏目（${n} 个）→`,
  },
  termIndexCount: {
    tags: (n) => `共 ${n} 个标签，文章多的在前`,
    categories: (n) => `共 ${n} 个分类，文章多的在前`,
    authors: (n) => `共 ${n} 位作者，文章多的在前`,
    sections: (n) => `共 ${n} 个栏目，文章多的在前`,
  },
  previousPage: "← 上一页",
  nextPage: "下一页 →",
  forPrograms: "供程序和阅读器使用",
  articleCount: (n) => `共 ${n} 篇文章`,
  followTerm: {
    tags: "在阅读器中关注这个标签",
    categories: "在阅读器中关注这个分类",
    authors: "在阅读器中关注这位作者",
    sections: "在阅读器中关注这个栏目",
  },
  archivePage: (page, pages) => `第 ${page} 页，共 ${pages} 页`,
  newerArticles: "← 较新的文章",
  olderArticles: "较早的文章 →",
  updated: "更新于",
  originallyPublished: "原文发表于",
  followSite: "在阅读器中订阅本站新文章",
  feedPageTitle: (title, format) => `${title}（${format} 订阅源）`,
  feedKind: (format) => `${format} 订阅源`,
  subscribeInReader: "在阅读器中订阅",
  aboutFeeds: "这是一个网络订阅源（Feed）。把它的地址复制到你的阅读器里（“添加订阅”或“关注”），新文章一发布就会出现在那里；无需在本站注册，也不用留电子邮箱。",
  feedAddress: "订阅源地址",
  copy: "复制",
  copied: "已复制",
  copyFailed: "请按 Ctrl+C 复制",
  formatNotes: {
    rss: "RSS 2.0：所有阅读器都支持。",
    atom: "Atom 1.0：几乎所有阅读器都支持。",
    json: "JSON Feed 1.1：许多新式阅读器都支持（NetNewsWire、Feedbin、Inoreader、Miniflux）；如果你的阅读器不支持，请改用下方的 RSS 链接。",
  },
  otherFormats: "其他格式",
  allFeedsOpml: "全部订阅源（OPML）",
  embedHeading: "在你的网站上展示这些文章",
  embedIframe: "用 iframe 嵌入（无需 JavaScript）",
  embedScript: "或者用脚本嵌入，列表会沿用你网页的样式",
  embedSubscribe: (format) => `订阅（${format}）`,
  opmlTitle: (site) => `${site}：全部订阅源`,
  scopeDescription: {
    tags: (name, site) => `${site}中标签为“${name}”的文章`,
    categories: (name, site) => `${site}中“${name}”分类下的文章`,
    authors: (name, site) => `${site}上${name}的文章`,
    sections: (name, site) => `${site}“${name}”栏目的文章`,
  },
  defaultDescription: (site) => `${site}的最新文章`,
  filters: {
    labels: {
      filter: "含",
      filter_author: "作者为",
      filter_category: "标签或分类为",
      filter_description: "摘要含",
      filter_title: "标题含",
      filterout: "不含",
      filterout_author: "作者不为",
      filterout_category: "标签或分类不为",
      filterout_description: "摘要不含",
      filterout_title: "标题不含",
    },
    caseInsensitive: "不区分大小写",
    time: (s) => `最近 ${s} 秒内发表`,
    separator: "；",
  },
  filteredTitle: (what) => `（${what}）`,
  filteredBy: "筛选条件",
  stats: {
    title: "订阅者统计",
    lead: (days, zone) => `最近 ${days} 天（按 ${zone} 时间计日）：`,
    range: (first, last) => `${first} 至 ${last}`,
    spans: "显示",
    span: (days) => `${days} 天`,
    subscribersNow: "订阅者（最近一天）",
    requests: "请求",
    notModifiedShare: "以 304（未修改）应答",
    bytesSaved: "304 节省的流量",
    chartTitle: "每日订阅者",
    chartLabel: (feeds) => `订阅者最多的 ${feeds} 个订阅源每日订阅者人数的折线图。`,
    feeds: "订阅源",
    feed: "订阅源",
    subscribers: "订阅者",
    readers: "阅读器",
    reader: "阅读器",
    share: "占比",
    crawlers: "爬虫与链接预览",
    crawlersNote: "搜索引擎、人工智能爬虫和聊天软件预览链接时的请求，不算订阅。",
    crawler: "爬虫",
    notSubscribers: "不计为订阅者",
    bots: "机器人与监控",
    hubs: "WebSub 中心",
    probes: "HEAD 请求",
    noData: "这段时间内没有订阅源被获取。",
    method: "托管阅读器（Feedly、Inoreader、NewsBlur、Feedbin 等）按其报告的订阅人数计；其他阅读器每天按 IP 地址与用户代理各计一人。",
    privacy: (days) => `不保存任何 IP 地址或用户代理：区分客户端用的是加盐哈希，盐每天新生成，午夜即销毁。只保留每日汇总，保存 ${days} 天。`,
    batches: (batches, late) => `今天存储共收到 ${batches} 批计数${late > 0 ? `；有 ${late} 个客户端在当天结束后才送达，未计入` : ""}。`,
  },
};

const ZH_TW: PageStrings = {
  colon: "：",
  kinds: {
    tags: { one: "標籤", many: "標籤" },
    categories: { one: "分類", many: "分類" },
    authors: { one: "作者", many: "作者" },
    sections: { one: "欄目", many: "欄目" },
  },
  noArticles: "目前還沒有文章。",
  latestArticles: "最新文章",
  alternateTitle: (title, format) => `${title}（${format}）`,
  subscribe: "訂閱",
  wholeSite: "全站",
  opmlLead: "將下列所有訂閱源一次匯入閱讀器（OPML 檔案）",
  termCount: (n) => `（${n} 篇）`,
  allTerms: {
    tags: (n) => `全部標籤（${n} 個）→`,
    categories: (n) => `全部分類（${n} 個）→`,
    authors: (n) => `全部作者（${n} 位）→`,
    sections: (n) => `全部欄目（${n} 個）→`,
  },
  termIndexCount: {
    tags: (n) => `共 ${n} 個標籤，文章多的在前`,
    categories: (n) => `共 ${n} 個分類，文章多的在前`,
    authors: (n) => `共 ${n} 位作者，文章多的在前`,
    sections: (n) => `共 ${n} 個欄目，文章多的在前`,
  },
  previousPage: "← 上一頁",
  nextPage: "下一頁 →",
  forPrograms: "供程式和閱讀器使用",
  articleCount: (n) => `共 ${n} 篇文章`,
  followTerm: {
    tags: "在閱讀器中追蹤這個標籤",
    categories: "在閱讀器中追蹤這個分類",
    authors: "在閱讀器中追蹤這位作者",
    sections: "在閱讀器中追蹤這個欄目",
  },
  archivePage: (page, pages) => `第 ${page} 頁，共 ${pages} 頁`,
  newerArticles: "← 較新的文章",
  olderArticles: "較早的文章 →",
  updated: "更新於",
  originallyPublished: "原文發表於",
  followSite: "在閱讀器中訂閱本站新文章",
  feedPageTitle: (title, format) => `${title}（${format} 訂閱源）`,
  feedKind: (format) => `${format} 訂閱源`,
  subscribeInReader: "在閱讀器中訂閱",
  aboutFeeds: "這是一個網路訂閱源（Feed）。把它的網址複製到你的閱讀器（「新增訂閱」或「追蹤」），新文章一發布就會出現在那裡；不必在本站註冊，也不用留下電子郵件。",
  feedAddress: "訂閱源網址",
  copy: "複製",
  copied: "已複製",
  copyFailed: "請按 Ctrl+C 複製",
  formatNotes: {
    rss: "RSS 2.0：所有閱讀器都支援。",
    atom: "Atom 1.0：幾乎所有閱讀器都支援。",
    json: "JSON Feed 1.1：許多新式閱讀器都支援（NetNewsWire、Feedbin、Inoreader、Miniflux）；如果你的閱讀器不支援，請改用下方的 RSS 連結。",
  },
  otherFormats: "其他格式",
  allFeedsOpml: "所有訂閱源（OPML）",
  embedHeading: "在你的網站上顯示這些文章",
  embedIframe: "用 iframe 嵌入（不需要 JavaScript）",
  embedScript: "或用指令碼嵌入，清單會沿用你網頁的樣式",
  embedSubscribe: (format) => `訂閱（${format}）`,
  opmlTitle: (site) => `${site}：所有訂閱源`,
  scopeDescription: {
    tags: (name, site) => `${site}中標籤為「${name}」的文章`,
    categories: (name, site) => `${site}中「${name}」分類下的文章`,
    authors: (name, site) => `${site}上${name}的文章`,
    sections: (name, site) => `${site}「${name}」欄目的文章`,
  },
  defaultDescription: (site) => `${site}的最新文章`,
  filters: {
    labels: {
      filter: "含",
      filter_author: "作者為",
      filter_category: "標籤或分類為",
      filter_description: "摘要含",
      filter_title: "標題含",
      filterout: "不含",
      filterout_author: "作者不為",
      filterout_category: "標籤或分類不為",
      filterout_description: "摘要不含",
      filterout_title: "標題不含",
    },
    caseInsensitive: "不區分大小寫",
    time: (s) => `最近 ${s} 秒內發表`,
    separator: "；",
  },
  filteredTitle: (what) => `（${what}）`,
  filteredBy: "篩選條件",
  stats: {
    title: "訂閱者統計",
    lead: (days, zone) => `最近 ${days} 天（依 ${zone} 時間計日）：`,
    range: (first, last) => `${first} 至 ${last}`,
    spans: "顯示",
    span: (days) => `${days} 天`,
    subscribersNow: "訂閱者（最近一天）",
    requests: "請求",
    notModifiedShare: "以 304（未修改）回應",
    bytesSaved: "304 節省的流量",
    chartTitle: "每日訂閱者",
    chartLabel: (feeds) => `訂閱者最多的 ${feeds} 個訂閱源每日訂閱者人數的折線圖。`,
    feeds: "訂閱源",
    feed: "訂閱源",
    subscribers: "訂閱者",
    readers: "閱讀器",
    reader: "閱讀器",
    share: "占比",
    crawlers: "爬蟲與連結預覽",
    crawlersNote: "搜尋引擎、人工智慧爬蟲和聊天軟體預覽連結時的請求，不算訂閱。",
    crawler: "爬蟲",
    notSubscribers: "不計為訂閱者",
    bots: "機器人與監控",
    hubs: "WebSub 中樞",
    probes: "HEAD 請求",
    noData: "這段期間沒有訂閱源被讀取。",
    method: "託管閱讀器（Feedly、Inoreader、NewsBlur、Feedbin 等）依其回報的訂閱人數計；其他閱讀器每天依 IP 位址與使用者代理各計一人。",
    privacy: (days) => `不儲存任何 IP 位址或使用者代理：區分用戶端用的是加鹽雜湊，鹽每天重新產生，午夜即銷毀。只保留每日總計，保存 ${days} 天。`,
    batches: (batches, late) => `今天儲存共收到 ${batches} 批計數${late > 0 ? `；有 ${late} 個用戶端在當天結束後才送達，未計入` : ""}。`,
  },
};

/** The built-in tables, by the language tag each is written for. */
export const PAGE_STRINGS = {
  "zh-CN": ZH_CN,
  "zh-TW": ZH_TW,
  en: EN,
} as const satisfies Record<string, PageStrings>;

/** A language with a built-in table. */
export type PageLanguage = keyof typeof PAGE_STRINGS;

export const PAGE_LANGUAGES = Object.keys(PAGE_STRINGS) as PageLanguage[];

/** Regions whose Chinese is written in Traditional characters when the tag names no script. */
const TRADITIONAL_REGIONS = new Set(["TW", "HK", "MO"]);

/**
 * The built-in table for the BCP 47 tag `tag`, or `undefined` when none fits (then
 * pages use English and the build warns). An exact match first (case-insensitive), then
 * by family: Chinese goes by script (`Hant` -> zh-TW, `Hans` -> zh-CN), else by region
 * (TW, HK, MO -> zh-TW; CN, SG, any other or none -> zh-CN); any `en-*` is `en`.
 * @example matchPageLanguage("zh-HK") === "zh-TW"; matchPageLanguage("zh-Hans-HK") === "zh-CN"; matchPageLanguage("fr") === undefined
 */
export function matchPageLanguage(tag: string): PageLanguage | undefined {
  const exact = PAGE_LANGUAGES.find((language) => language.toLowerCase() === tag.trim().toLowerCase());
  if (exact) return exact;
  let locale: Intl.Locale;
  try {
    locale = new Intl.Locale(tag.trim());
  } catch {
    return undefined;
  }
  if (locale.language === "en") return "en";
  if (locale.language !== "zh") return undefined;
  if (locale.script === "Hant") return "zh-TW";
  if (locale.script === "Hans") return "zh-CN";
  return locale.region !== undefined && TRADITIONAL_REGIONS.has(locale.region) ? "zh-TW" : "zh-CN";
}

/** Tables by tag as asked for: views ask on every render. */
const chosen = new Map<string, PageStrings>();

/** The strings of pages in the language `tag`: its built-in table, else English. */
export function pageStrings(tag: string): PageStrings {
  let strings = chosen.get(tag);
  if (strings === undefined) {
    if (chosen.size >= 64) chosen.clear();
    strings = PAGE_STRINGS[matchPageLanguage(tag) ?? "en"];
    chosen.set(tag, strings);
  }
  return strings;
}

/** The build's one-line warning for a site language with no built-in table, if it has none. */
export function languageWarning(tag: string): string | undefined {
  return matchPageLanguage(tag) === undefined ? `SITE_LANGUAGE "${tag}": no built-in page strings, pages use English` : undefined;
}
