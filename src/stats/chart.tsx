/**
 * @module The chart of `/stats/` (./page.tsx): SVG drawn here, on the server, with no
 * script and nothing the pages' Content-Security-Policy does not allow (`PAGE_CSP`: its
 * colours are presentation attributes, not `style`). One line per feed, the feeds with
 * the most subscribers on their latest day, days along the bottom.
 */
import type { PageStrings } from "../i18n/strings.ts";
import type { FeedReport, StatsReport } from "./report.ts";

/** The chart's lines: at most this many feeds. */
export const CHART_FEEDS = 6;
/** Line colours, readable on light and dark backgrounds (the Tableau 10 palette). */
export const COLOURS = ["#4e79a7", "#e15759", "#59a14f", "#f28e2b", "#b07aa1", "#76b7b2"];
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

export function Chart({ report, feeds, words, format }: { report: StatsReport; feeds: FeedReport[]; words: PageStrings["stats"]; format: Intl.NumberFormat }) {
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
export function Swatch({ colour }: { colour: string }) {
  return (
    <svg width="12" height="12" viewBox="0 0 12 12" aria-hidden="true">
      <rect width="12" height="12" rx="2" fill={colour} />
    </svg>
  );
}
