/**
 * @module `/robots.txt` (RFC 9309, the Robots Exclusion Protocol; issue 24). Every path
 * the worker serves is for readers (pages, feeds, embeds, lists), so crawlers may fetch
 * all of it: `Allow: /` and no `Disallow` line, and the sitemap index named when the
 * worker serves the site's pages. `CRAWLING = "off"` turns every crawler away instead.
 */

export const ROBOTS_CONTENT_TYPE = "text/plain; charset=utf-8";

/** What robots.txt says: whether crawlers are welcome, and the sitemap index's URL when there is one to name. */
export interface RobotsPolicy {
  crawling: boolean;
  sitemap?: string | undefined;
}

/** The robots.txt of `policy`. */
export function renderRobots({ crawling, sitemap }: RobotsPolicy): string {
  if (!crawling) return "# Crawling is turned off for this site (CRAWLING = off).\nUser-agent: *\nDisallow: /\n";
  return `# Every page and feed of this site may be crawled.\nUser-agent: *\nAllow: /\n${sitemap === undefined ? "" : `\nSitemap: ${sitemap}\n`}`;
}
