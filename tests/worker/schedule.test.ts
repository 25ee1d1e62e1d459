/**
 * Issue 22: publishing on schedule. content/015_scheduled-launch.md goes live at
 * 2100-01-01T00:00:00Z and expires at 2100-01-02T00:00:00Z; the app runs on a fixed
 * clock (src/index.ts `createApp`'s clock), before, at and after each moment.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/index.ts";
import { ORIGIN } from "./helpers.ts";

const LIVE = Date.UTC(2100, 0, 1);
const GONE = Date.UTC(2100, 0, 2);
const TITLE = "A scheduled launch note";
const SLUG = "scheduled-launch";

async function at(time: number, path: string, init?: RequestInit) {
  const res = await createApp(undefined, () => time).request(ORIGIN + path, init ?? {}, env);
  return { res, status: res.status, body: await res.text(), etag: res.headers.get("etag"), cache: res.headers.get("cache-control") };
}

describe("schedule smoke", () => {
  it("rss before/at/after", async () => {
    const before = await at(LIVE - 1000, "/rss.xml");
    const live = await at(LIVE, "/rss.xml");
    const gone = await at(GONE, "/rss.xml");
    expect(before.body).not.toContain(TITLE);
    expect(live.body).toContain(TITLE);
    expect(gone.body).not.toContain(TITLE);
    expect(before.etag).not.toBe(live.etag);
    expect(gone.etag).toBe(before.etag);
    expect(before.cache).toBe("private, max-age=1");
    expect((await at(LIVE - 1000, `/posts/${SLUG}/`)).status).toBe(404);
    expect((await at(LIVE + 5, `/posts/${SLUG}/`)).status).toBe(200);
    expect((await at(LIVE + 5, `/tags/schedule-only/`)).status).toBe(200);
    expect((await at(LIVE - 5, `/tags/schedule-only/`)).status).toBe(404);
  });
});
