/**
 * @module `/stats/`: the subscriber counts for the site's owner (issue 23), in the
 * site's language (src/i18n/strings.ts `stats`). Pure `(report, site, ...) -> string`.
 * The chart is ./chart.tsx.
 */
import type { Child } from "hono/jsx";
import { type PageStrings, pageStrings } from "../i18n/strings.ts";
import type { Site } from "../settings.ts";
import { renderDocument } from "../views/html.ts";
import { Page } from "../views/layout.tsx";
import { CHART_FEEDS, Chart, COLOURS, Swatch } from "./chart.tsx";
import type { FeedReport, StatsReport } from "./report.ts";

/** The spans the page links to, in days. */
const SPANS = [7, 30, 90, 365];

/** `part` of `whole` as a percentage in the site's language (`—` of nothing). */
function percent(part: number, whole: number, language: string): string {
  if (whole === 0) return "—";
  return new Intl.NumberFormat(language, { style: "percent", maximumFractionDigits: 1 }).format(part / whole);
}

/** Bytes in KB, MB, GB (decimal units, as `Intl` names them in the site's language). */
export function formatBytes(bytes: number, language: string): string {
  const units = ["byte", "kilobyte", "megabyte", "gigabyte", "terabyte"] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return new Intl.NumberFormat(language, { style: "unit", unit: units[unit], unitDisplay: "short", maximumFractionDigits: value < 10 && unit > 0 ? 1 : 0 }).format(value);
}

/** Subscribers on a feed's latest day with a fetch. */
const latest = (feed: FeedReport) => Object.values(feed.readers).reduce((a, b) => a + b, 0);
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

function Table({ head, rows }: { head: string[]; rows: Child[][] }) {
  return (
    <table>
      <thead>
        <tr>
          {head.map((name) => (
            <th scope="col">{name}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((cells) => (
          <tr>{cells.map((cell, i) => (i === 0 ? <th scope="row">{cell}</th> : <td>{cell}</td>))}</tr>
        ))}
      </tbody>
    </table>
  );
}

/** Every feed's totals over the span: fetches, 304s, bytes saved, subscribers by reader, fetches by crawler. */
function totals(feeds: readonly FeedReport[]) {
  const all = (field: "requests" | "notModified" | "saved") => sum(feeds.flatMap((feed) => feed.days.map((day) => day[field])));
  const readers = new Map<string, number>();
  for (const feed of feeds) for (const [name, count] of Object.entries(feed.readers)) readers.set(name, (readers.get(name) ?? 0) + count);
  const crawlers = new Map<string, number>();
  for (const feed of feeds) for (const [name, count] of Object.entries(feed.crawlers)) crawlers.set(name, (crawlers.get(name) ?? 0) + count);
  return { requests: all("requests"), notModified: all("notModified"), saved: all("saved"), readers, subscribers: sum([...readers.values()]), crawlers };
}

type Totals = ReturnType<typeof totals>;

/** What the page's parts share: its words, its language, and numbers as the language writes them. */
interface Wording {
  words: PageStrings["stats"];
  language: string;
  format: Intl.NumberFormat;
  n: (value: number) => string;
}

/** The spans the page links to, up to what is kept; the one shown is not a link. */
function SpanLinks({ wording, shown, keptDays }: { wording: Wording; shown: number; keptDays: number }) {
  const { words, language } = wording;
  return (
    <p class="muted">
      {words.spans}
      {pageStrings(language).colon}
      {SPANS.filter((span) => span <= keptDays).map((span, i) => (
        <>
          {i > 0 ? " · " : ""}
          {span === shown ? <strong>{words.span(span)}</strong> : <a href={`?days=${span}`}>{words.span(span)}</a>}
        </>
      ))}
    </p>
  );
}

/** The headline figures: subscribers now, fetches, the share of 304s, bytes saved. */
function Figures({ wording, all }: { wording: Wording; all: Totals }) {
  const { words, language, n } = wording;
  return (
    <table class="figures">
      <thead>
        <tr>
          <th scope="col">{words.subscribersNow}</th>
          <th scope="col">{words.requests}</th>
          <th scope="col">{words.notModifiedShare}</th>
          <th scope="col">{words.bytesSaved}</th>
        </tr>
      </thead>
      <tbody>
        <tr>
          <td>{n(all.subscribers)}</td>
          <td>{n(all.requests)}</td>
          <td>{percent(all.notModified, all.requests, language)}</td>
          <td>{formatBytes(all.saved, language)}</td>
        </tr>
      </tbody>
    </table>
  );
}

const byCount = (a: [string, number], b: [string, number]) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1);

/** The chart and its legend, then per feed, readers, crawlers and what is not counted. */
function Counts({ wording, report, all }: { wording: Wording; report: StatsReport; all: Totals }) {
  const { words, language, format, n } = wording;
  const feeds = report.feeds;
  const charted = feeds.slice(0, CHART_FEEDS);
  return (
    <>
      <h2>{words.chartTitle}</h2>
      <Chart report={report} feeds={charted} words={words} format={format} />
      <ul class="plain legend">
        {charted.map((feed, i) => (
          <li>
            <Swatch colour={COLOURS[i % COLOURS.length] as string} /> <code>{feed.url}</code> {n(latest(feed))}
          </li>
        ))}
      </ul>
      <h2>{words.feeds}</h2>
      <Table
        head={[words.feed, words.subscribers, words.requests, words.notModifiedShare, words.bytesSaved]}
        rows={feeds.map((feed) => {
          const total = sum(feed.days.map((day) => day.requests));
          return [
            <code>{feed.url}</code>,
            n(latest(feed)),
            n(total),
            percent(sum(feed.days.map((day) => day.notModified)), total, language),
            formatBytes(sum(feed.days.map((day) => day.saved)), language),
          ];
        })}
      />
      <h2>{words.readers}</h2>
      <Table
        head={[words.reader, words.subscribers, words.share]}
        rows={[...all.readers].sort(byCount).map(([name, count]) => [name, n(count), percent(count, all.subscribers, language)])}
      />
      <p class="muted">{words.method}</p>
      {all.crawlers.size > 0 ? (
        <>
          <h2>{words.crawlers}</h2>
          <p class="muted">{words.crawlersNote}</p>
          <Table head={[words.crawler, words.requests]} rows={[...all.crawlers].sort(byCount).map(([name, count]) => [name, n(count)])} />
        </>
      ) : null}
      <h2>{words.notSubscribers}</h2>
      <Table
        head={["", words.requests]}
        rows={[
          [words.bots, n(sum(feeds.map((feed) => feed.bots)))],
          [words.hubs, n(sum(feeds.map((feed) => feed.hubs)))],
          [words.probes, n(sum(feeds.map((feed) => feed.probes)))],
        ]}
      />
    </>
  );
}

/**
 * The page: headline figures, the chart, then per feed, readers, crawlers and what is not
 * counted. The span shown is the report's days; `keptDays` is `STATS_DAYS`.
 */
export function renderStatsPage(report: StatsReport, site: Site, keptDays: number): string {
  const words = pageStrings(site.language).stats;
  const format = new Intl.NumberFormat(site.language);
  const wording: Wording = { words, language: site.language, format, n: (value) => format.format(value) };
  const dates = report.dates;
  const all = totals(report.feeds);
  return renderDocument(
    <Page site={site} title={`${words.title} · ${site.title}`}>
      <nav class="crumbs">
        <a href={`${site.origin}/`}>{site.title}</a>
      </nav>
      <h1>{words.title}</h1>
      <p>
        {words.lead(dates.length, site.timeZone)} {words.range(dates[0] ?? "", dates.at(-1) ?? "")}
      </p>
      <SpanLinks wording={wording} shown={dates.length} keptDays={keptDays} />
      <Figures wording={wording} all={all} />
      {report.feeds.length === 0 ? <p class="muted">{words.noData}</p> : <Counts wording={wording} report={report} all={all} />}
      <p class="muted">{words.privacy(keptDays)}</p>
      <p class="muted">{words.batches(report.batchesToday, report.lateClients)}</p>
    </Page>,
  );
}
