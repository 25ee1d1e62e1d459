/**
 * Start-up warm-up (src/warm-up.ts): its requests run the app's real request path on
 * synthetic content, so they must read that content as the app reads real content. A
 * request that failed on it (content in another encoding than the app reads, say) would
 * stop at start-up without a word and warm nothing past the failure. In workerd.
 */
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/index.ts";
import { WARM_UP_PATHS, warmUpFetches } from "../../src/warm-up.ts";

describe("start-up warm-up", () => {
  it("every request gets through the app on the synthetic content, the filtered feed and the home page included", async () => {
    const answers = (await Promise.all(warmUpFetches(createApp()))) as Response[];
    const statuses = Object.fromEntries(WARM_UP_PATHS.map((path, i) => [path, answers[i]?.status]));
    // `/tags/x/` is a tag the index does not have: a 404 from the router, not a failure.
    expect(statuses).toEqual({ "/rss.xml?limit=100": 200, "/atom.xml?filter=a": 200, "/feed.json": 200, "/tags/x/": 404, "/": 200, "/tags/": 200 });
    // The filtered feed found the synthetic window's articles (each a segment of the
    // synthetic packs, `<head>...</head>`) after the head: its metadata was read.
    expect((await (answers[1] as Response).text()).split("</head>").length - 1).toBeGreaterThan(1);
  });
});
