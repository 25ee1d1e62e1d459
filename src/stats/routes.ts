/**
 * @module `/stats/` and `/stats.json` (issue 23): the counts for whoever holds the secret
 * `STATS_TOKEN` (./auth.ts). Without a token set the page does not exist, and its 404
 * says how to turn it on; with one, a request without it (or with another) is a 401
 * with both challenges. Every answer is `Cache-Control: private, no-store`: never kept
 * by a shared cache, nor by the browser.
 *
 * Before reading, the route waits for a send of this isolate's under way and hands the
 * store what the isolate still holds, in the same Durable Object request, so the page
 * includes the fetches this isolate has just counted.
 */
import { type Context, Hono } from "hono";
import type { AppEnv } from "../http/respond.ts";
import { readSite } from "../http/site.ts";
import { PAGE_CSP } from "../views/html.ts";
import { challenges, presentedToken, tokenMatches } from "./auth.ts";
import { digestBatch } from "./batch.ts";
import { counter, counting, pendingBatch, statsStub } from "./count.ts";
import { renderStatsPage } from "./page.tsx";
import { DEFAULT_REPORT_DAYS, readStatsPolicy } from "./policy.ts";
import { statsJson } from "./report.ts";

export const STATS_PAGE = "/stats/";
export const STATS_JSON = "/stats.json";

/** Headers of every answer of these routes. */
const PRIVATE = { "Cache-Control": "private, no-store", "X-Robots-Tag": "noindex" };

/** Why there is no stats page, and how to have one. */
export const NOT_ENABLED = {
  off: 'Not found: subscriber counts are off on this site (STATS = "off" in wrangler.toml). Set STATS = "on" and deploy to count feed fetches and see them here.',
  token:
    "Not found: the subscriber counts page is off until it has a password. Set one with `wrangler secret put STATS_TOKEN` (locally: a line STATS_TOKEN=... in .dev.vars), then open /stats/ with any user name and the token as password, or send Authorization: Bearer <token> to /stats.json.",
};

/** `?days=`: a whole number from 1 to `STATS_DAYS`, once; absent is `DEFAULT_REPORT_DAYS` (or `STATS_DAYS` when smaller). */
export function parseDays(values: string[] | undefined, kept: number): number | string {
  const rule = `days must be a whole number from 1 to ${kept}, given at most once, e.g. ?days=30`;
  if (values === undefined || values.length === 0) return Math.min(DEFAULT_REPORT_DAYS, kept);
  const [value] = values;
  if (values.length !== 1 || value === undefined || !/^[0-9]{1,9}$/.test(value)) return rule;
  const days = Number(value);
  return days >= 1 && days <= kept ? days : rule;
}

/** 404 when off or without a token, 401 without the right token; `undefined` when the request may read. */
async function refusal(c: Context<AppEnv>): Promise<Response | undefined> {
  if (!counting(c.env)) return c.text(NOT_ENABLED.off, 404, PRIVATE);
  const expected = c.env.STATS_TOKEN;
  if (expected === undefined || expected === "") return c.text(NOT_ENABLED.token, 404, PRIVATE);
  const given = presentedToken(c.req.header("authorization"));
  if (given !== undefined && (await tokenMatches(given, expected))) return undefined;
  const response = c.text(
    given === undefined
      ? "Unauthorized: send the STATS_TOKEN secret as Authorization: Bearer <token>, or as the password of HTTP Basic authentication (any user name)."
      : "Unauthorized: wrong token.",
    401,
    PRIVATE,
  );
  for (const challenge of challenges(given !== undefined)) response.headers.append("WWW-Authenticate", challenge);
  return response;
}

/** The report for `?days=`, with this isolate's pending counts handed over first. */
async function readReport(c: Context<AppEnv>) {
  const kept = readStatsPolicy(c.env).days;
  const days = parseDays(c.req.queries("days"), kept);
  if (typeof days === "string") return { error: c.text(days, 400, PRIVATE) };
  const pending = await pendingBatch();
  try {
    return { report: await statsStub(c.env).report(days, pending && (await digestBatch(pending))), kept };
  } catch (error) {
    // The counts go with the isolate's next batch; the request is a 500 (src/index.ts onError).
    if (pending) counter.tally.restore(pending);
    throw error;
  }
}

export const statsRoutes = new Hono<AppEnv>()
  .get("/stats", (c) => c.redirect(`${new URL(c.req.url).origin}${STATS_PAGE}`, 301))
  .get(STATS_JSON, async (c) => {
    const refused = await refusal(c);
    if (refused) return refused;
    const read = await readReport(c);
    if ("error" in read) return read.error;
    return c.json(statsJson(read.report), 200, { ...PRIVATE, "Stats-Batches-Today": String(read.report.batchesToday) });
  })
  .get(STATS_PAGE, async (c) => {
    const refused = await refusal(c);
    if (refused) return refused;
    const read = await readReport(c);
    if ("error" in read) return read.error;
    const site = readSite(c.env, c.req.url);
    return c.html(renderStatsPage(read.report, site, read.kept), 200, { ...PRIVATE, "Content-Security-Policy": PAGE_CSP });
  });
