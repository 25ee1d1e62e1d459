/**
 * @module `/stats/`: the subscriber counts for the site's owner (issue 23), in the
 * site's language (src/i18n/strings.ts `stats`). Pure `(report, site, ...) -> string`.
 *
 * The chart is SVG drawn here, on the server: no script, and it needs nothing the pages'
 * Content-Security-Policy does not allow (`PAGE_CSP`: its colours are presentation
 * attributes, not `style`). One line per feed, the feeds with the most subscribers on
 * their latest day, days along the bottom.
 */
import type { Child } from "hono/jsx";
import { type PageStrings, pageStrings } from "../i18n/strings.ts";
import type { Site } from "../settings.ts";
import { renderDocument } from "../views/html.ts";
import { Page } from "../views/layout.tsx";
import type { FeedReport, StatsReport } from "./report.ts";

/** The chart's lines: at most this many feeds. */
export const CHART_FEEDS = 6;
/** Line colours, readable on light and dark backgrounds (the Tableau 10 palette). */
const COLOURS = ["#4e79a7", "#e15759", "#59a14f", "#f28e2b", "#b07aa1", "#76b7b2"];
/** The spans the page links to, in days. */
const SPANS = [7, 30, 90, 365];

/** The chart's size in SVG units (it scales to the page's width). */
const WIDTH = 640;
const HEIGHT = 240;
const PAD = { left: 44, right: 12, top: 12, bottom: 28 };

/** A round number at least `n` for the top of the scale: 1, 2 or 5 times a power of ten (at least 4, so four ticks are whole). */
export function scaleTop(n: number): number {
  if (n <= 4) return 4;
  const power = 10 ** Math.floor(Math.log10(n));
  for (const step of [1, 2, 5, 10]) if (step * power >= n && (step * power) % 4 === 0) return step * power;
  return Math.ceil(n / 4) * 4;
}

/** Where each day's value of each series sits in the chart: x, y in SVG units. */
export function chartPoints(values: readonly number[], top: number): Array<[number, number]> {
  const innerW = WIDTH - PAD.left - PAD.right;
  const innerH = HEIGHT - PAD.top - PAD.bottom;
  const step = values.length > 1 ? innerW / (values.length - 1) : 0;
  return values.map((value, i) => [
    Math.round((PAD.left + (values.length > 1 ? i * step : innerW / 2)) * 10) / 10,
    Math.round((PAD.top + innerH - (value / top) * innerH) * 10) / 10,
  ]);
}

/** The dates labelled under the chart: every one up to eight, else six, first and last among them. */
function labelled(count: number): number[] {
  if (count <= 8) return Array.from({ length: count }, (_, i) => i);
  return Array.from({ length: 6 }, (_, i) => Math.round((i * (count - 1)) / 5));
}

/**
 * The runs of consecutive days on which a feed was fetched: a line joins the days of a
 * run; a day without a fetch is a gap, not a zero (nothing was there to count).
 */
export function fetchedRuns(requests: readonly number[]): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  requests.forEach((n, i) => {
    if (n === 0) return;
    const last = runs.at(-1);
    if (last && last[1] === i - 1) last[1] = i;
    else runs.push([i, i]);
  });
  return runs;
}

function Chart({ report, feeds, words, format }: { report: StatsReport; feeds: FeedReport[]; words: PageStrings["stats"]; format: Intl.NumberFormat }) {
  const max = Math.max(0, ...feeds.flatMap((feed) => feed.days.map((day) => day.subscribers)));
  const top = scaleTop(max);
  const innerH = HEIGHT - PAD.top - PAD.bottom;
  const ticks = [0, 1, 2, 3, 4].map((i) => (top * i) / 4);
  const dates = report.dates;
  const xs = chartPoints(
    dates.map(() => 0),
    top,
  ).map(([x]) => x);
  return (
    <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} width="100%" role="img" aria-labelledby="chart-title chart-desc" class="chart">
      <title id="chart-title">{words.chartTitle}</title>
      <desc id="chart-desc">{words.chartLabel(feeds.length)}</desc>
      {ticks.map((tick) => {
        const y = PAD.top + innerH - (tick / top) * innerH;
        return (
          <g>
            <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y} y2={y} stroke="currentColor" stroke-opacity={tick === 0 ? "0.6" : "0.15"} />
            <text x={PAD.left - 6} y={y + 4} text-anchor="end" font-size="11" fill="currentColor">
              {format.format(tick)}
            </text>
          </g>
        );
      })}
      {labelled(dates.length).map((i) => (
        <text
          x={xs[i]}
          y={HEIGHT - 8}
          text-anchor={i === 0 && dates.length > 1 ? "start" : i === dates.length - 1 && dates.length > 1 ? "end" : "middle"}
          font-size="11"
          fill="currentColor"
        >
          {(dates[i] ?? "").slice(5)}
        </text>
      ))}
      {feeds.map((feed, n) => {
        const points = chartPoints(
          feed.days.map((day) => day.subscribers),
          top,
        );
        const colour = COLOURS[n % COLOURS.length];
        const runs = fetchedRuns(feed.days.map((day) => day.requests));
        return (
          <g>
            <title>{feed.url}</title>
            {runs.map(([from, to]) =>
              to > from ? (
                <polyline
                  points={points
                    .slice(from, to + 1)
                    .map(([x, y]) => `${x},${y}`)
                    .join(" ")}
                  fill="none"
                  stroke={colour}
                  stroke-width="2"
                  stroke-linejoin="round"
                />
              ) : null,
            )}
            {/* A point on every day with a fetch while they are far enough apart, and on a day alone in any case. */}
            {runs.flatMap(([from, to]) => (points.length <= 62 || from === to ? points.slice(from, to + 1).map(([x, y]) => <circle cx={x} cy={y} r="3" fill={colour} />) : []))}
          </g>
        );
      })}
    </svg>
  );
}

/** A small square of a series' colour, for the legend. */
function Swatch({ colour }: { colour: string }) {
  return (
    <svg width="12" height="12" viewBox="0 0 12 12" aria-hidden="true">
      <rect width="12" height="12" rx="2" fill={colour} />
    </svg>
  );
}

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

/**
 * The page: headline figures, the chart, then per feed, readers, crawlers and what is not
 * counted. `days` is the span shown; `keptDays` is `STATS_DAYS`.
 */
export function renderStatsPage(report: StatsReport, site: Site, keptDays: number): string {
  const words = pageStrings(site.language).stats;
  const language = site.language;
  const format = new Intl.NumberFormat(language);
  const n = (value: number) => format.format(value);
  const dates = report.dates;
  const first = dates[0] ?? "";
  const last = dates.at(-1) ?? "";
  const feeds = report.feeds;
  const charted = feeds.slice(0, CHART_FEEDS);
  const requests = sum(feeds.flatMap((feed) => feed.days.map((day) => day.requests)));
  const notModified = sum(feeds.flatMap((feed) => feed.days.map((day) => day.notModified)));
  const saved = sum(feeds.flatMap((feed) => feed.days.map((day) => day.saved)));
  const readers = new Map<string, number>();
  for (const feed of feeds) for (const [name, count] of Object.entries(feed.readers)) readers.set(name, (readers.get(name) ?? 0) + count);
  const subscribers = sum([...readers.values()]);
  const crawlers = new Map<string, number>();
  for (const feed of feeds) for (const [name, count] of Object.entries(feed.crawlers)) crawlers.set(name, (crawlers.get(name) ?? 0) + count);
  const byCount = (a: [string, number], b: [string, number]) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1);
  return renderDocument(
    <Page site={site} title={`${words.title} · ${site.title}`}>
      <nav class="crumbs">
        <a href={`${site.origin}/`}>{site.title}</a>
      </nav>
      <h1>{words.title}</h1>
      <p>
        {words.lead(dates.length, site.timeZone)} {words.range(first, last)}
      </p>
      <p class="muted">
        {words.spans}
        {pageStrings(language).colon}
        {SPANS.filter((span) => span <= keptDays).map((span, i) => (
          <>
            {i > 0 ? " · " : ""}
            {span === dates.length ? <strong>{words.span(span)}</strong> : <a href={`?days=${span}`}>{words.span(span)}</a>}
          </>
        ))}
      </p>
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
            <td>{n(subscribers)}</td>
            <td>{n(requests)}</td>
            <td>{percent(notModified, requests, language)}</td>
            <td>{formatBytes(saved, language)}</td>
          </tr>
        </tbody>
      </table>
      {feeds.length === 0 ? (
        <p class="muted">{words.noData}</p>
      ) : (
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
            rows={[...readers].sort(byCount).map(([name, count]) => [name, n(count), percent(count, subscribers, language)])}
          />
          <p class="muted">{words.method}</p>
          {crawlers.size > 0 ? (
            <>
              <h2>{words.crawlers}</h2>
              <p class="muted">{words.crawlersNote}</p>
              <Table head={[words.crawler, words.requests]} rows={[...crawlers].sort(byCount).map(([name, count]) => [name, n(count)])} />
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
      )}
      <p class="muted">{words.privacy(keptDays)}</p>
      <p class="muted">{words.batches(report.batchesToday, report.lateClients)}</p>
    </Page>,
  );
}
