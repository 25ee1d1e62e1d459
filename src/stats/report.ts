/**
 * @module What `/stats/` and `/stats.json` show, made from the store's figures
 * (./store.ts) for a span of days. Pure.
 *
 * - A feed's subscribers on a day: the latest count each hosted reader announced (per
 *   its own feed id, added up), plus one per distinct client (IP address and UA).
 * - Its requests: every fetch answered 200 or 304, `HEAD` and crawlers included; its
 *   `not_modified`: the 304s among them.
 * - Its readers: subscribers by reader on the last day of the span the feed was fetched,
 *   so they add up to that day's subscribers.
 * - Crawlers and link previewers, bots, hubs and `HEAD` probes: requests over the span,
 *   apart from the subscribers.
 */
import type { TrafficRow } from "./batch.ts";

/** A `traffic` row as the store reads it back (./store.ts): the row without what only a batch carries. */
export type TrafficFigures = Omit<TrafficRow, "unsized">;

/** Subscribers one named reader brought to one feed on one day (reports and distinct clients together). */
export interface SubscriberFigures {
  day: string;
  feed: string;
  agent: string;
  subscribers: number;
}

/** What the store holds for a span of days. */
export interface StoredFigures {
  traffic: TrafficFigures[];
  subscribers: SubscriberFigures[];
}

/** One feed on one day. */
export interface DayFigures {
  date: string;
  subscribers: number;
  requests: number;
  notModified: number;
  /** Bytes the day's 304s saved. */
  saved: number;
}

export interface FeedReport {
  /** The feed's canonical path and query. */
  url: string;
  /** One entry per date of the span, oldest first; days without a fetch are zeros. */
  days: DayFigures[];
  /** Subscribers by reader on the last day of the span with a fetch, most first. */
  readers: Record<string, number>;
  /** Requests by crawler or link previewer over the span, most first. */
  crawlers: Record<string, number>;
  /** Requests over the span from bots, WebSub hubs, and `HEAD` probes. */
  bots: number;
  hubs: number;
  probes: number;
}

export interface StatsReport {
  /** The span's dates, oldest first; the last is today. */
  dates: string[];
  /** Feeds fetched during the span: most subscribers on their last day first, then most requests. */
  feeds: FeedReport[];
  /** Batches the store took today: one Durable Object request each. */
  batchesToday: number;
  /** Clients today's batches carried from a day whose salt was already destroyed (not counted). */
  lateClients: number;
}

/** `/stats.json`'s shape, exactly as issue 23 gives it. */
export interface StatsJson {
  feeds: Array<{
    url: string;
    days: Array<{ date: string; subscribers: number; requests: number; not_modified: number }>;
    readers: Record<string, number>;
  }>;
}

/** Entries of `counts`, most first, then by name. */
function ranked(counts: Map<string, number>): Record<string, number> {
  return Object.fromEntries([...counts].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0)));
}

const add = (counts: Map<string, number>, key: string, n: number) => counts.set(key, (counts.get(key) ?? 0) + n);

/** The report for `dates` (oldest first) from what the store holds for them. */
export function buildReport(dates: readonly string[], figures: StoredFigures, batches: { batches: number; lateClients: number }): StatsReport {
  const index = new Map(dates.map((date, i) => [date, i]));
  interface Working {
    days: DayFigures[];
    byReader: Map<string, Map<string, number>>;
    crawlers: Map<string, number>;
    bots: number;
    hubs: number;
    probes: number;
    lastFetched: number;
  }
  const feeds = new Map<string, Working>();
  const feed = (url: string): Working => {
    let working = feeds.get(url);
    if (working === undefined) {
      working = {
        days: dates.map((date) => ({ date, subscribers: 0, requests: 0, notModified: 0, saved: 0 })),
        byReader: new Map(),
        crawlers: new Map(),
        bots: 0,
        hubs: 0,
        probes: 0,
        lastFetched: -1,
      };
      feeds.set(url, working);
    }
    return working;
  };
  for (const row of figures.traffic) {
    const i = index.get(row.day);
    if (i === undefined) continue;
    const working = feed(row.feed);
    const day = working.days[i] as DayFigures;
    day.requests += row.requests;
    day.notModified += row.notModified;
    day.saved += row.saved;
    if (row.requests > 0) working.lastFetched = Math.max(working.lastFetched, i);
    if (row.kind === "crawler") add(working.crawlers, row.agent, row.requests);
    else if (row.kind === "bot") working.bots += row.requests;
    else if (row.kind === "hub") working.hubs += row.requests;
    else if (row.kind === "probe") working.probes += row.requests;
  }
  for (const row of figures.subscribers) {
    const i = index.get(row.day);
    if (i === undefined) continue;
    const working = feed(row.feed);
    (working.days[i] as DayFigures).subscribers += row.subscribers;
    let readers = working.byReader.get(row.day);
    if (readers === undefined) working.byReader.set(row.day, (readers = new Map()));
    add(readers, row.agent, row.subscribers);
  }
  const reports = [...feeds].map(([url, w]): FeedReport & { latest: number; total: number } => {
    const last = w.lastFetched >= 0 ? w.days[w.lastFetched] : undefined;
    return {
      url,
      days: w.days,
      readers: ranked(last ? (w.byReader.get(last.date) ?? new Map()) : new Map()),
      crawlers: ranked(w.crawlers),
      bots: w.bots,
      hubs: w.hubs,
      probes: w.probes,
      latest: last?.subscribers ?? 0,
      total: w.days.reduce((sum, day) => sum + day.requests, 0),
    };
  });
  reports.sort((a, b) => b.latest - a.latest || b.total - a.total || (a.url < b.url ? -1 : a.url > b.url ? 1 : 0));
  return {
    dates: [...dates],
    feeds: reports.map(({ latest: _latest, total: _total, ...report }) => report),
    batchesToday: batches.batches,
    lateClients: batches.lateClients,
  };
}

/** `/stats.json`: the report in issue 23's shape. */
export function statsJson(report: StatsReport): StatsJson {
  return {
    feeds: report.feeds.map((feed) => ({
      url: feed.url,
      days: feed.days.map((day) => ({ date: day.date, subscribers: day.subscribers, requests: day.requests, not_modified: day.notModified })),
      readers: feed.readers,
    })),
  };
}
