/**
 * @module The site as a response sees it (`Site`, src/settings.ts): the settings the
 * content was built with, the origin every absolute URL is built on, and the WebSub hubs
 * every feed names (W3C WebSub section 4, discovery), made the same way by the build,
 * which writes documents on it, and by the worker (src/http/site.ts), which serves them.
 * A feed names its hubs in two places, both from here: its head (`atom:link rel="hub"`
 * in RSS, `<link rel="hub">` in Atom, `hubs` in JSON Feed 1.1) and the `Link` header of
 * every response for it (./documents.ts) and of every delivery (src/websub/hub.ts).
 */
import type { Site, SiteSettings } from "../settings.ts";
import { HUB_PATH } from "./urls.ts";

/**
 * The hubs a feed on `origin` names: the built-in hub first when it is on (it is the
 * one that delivers within seconds of a deploy), then `WEBSUB_HUBS` in their order.
 * At build time `origin` may be the `origin` placeholder (src/content/placeholders.ts).
 */
export function hubUrls(settings: { websubHub?: boolean; websubHubs?: readonly string[] }, origin: string): string[] {
  const builtIn = settings.websubHub ? [origin + HUB_PATH] : [];
  return [...builtIn, ...(settings.websubHubs ?? []).filter((hub) => !builtIn.includes(hub))];
}

/**
 * The `Link` header value (RFC 8288) for a feed whose canonical URL is `self`: one
 * link-value per hub, then self. One header rather than several, as WebSub section 7
 * asks of content distribution; a response's headers are the same (section 4 wants
 * exactly one `rel=self`). Both kinds of URL are ASCII (percent-encoded), so no `>`.
 * @example linkHeader(["https://x.example/websub"], "https://x.example/rss.xml") === '<https://x.example/websub>; rel="hub", <https://x.example/rss.xml>; rel="self"'
 */
export function linkHeader(hubs: readonly string[], self: string): string {
  return [...hubs.map((hub) => `<${hub}>; rel="hub"`), `<${self}>; rel="self"`].join(", ");
}

/**
 * The site on `origin`, for content built with `settings`. `linkQuery`: a Chinese
 * variant's query (`?opencc=s2t`), which links to the site's other documents carry.
 */
export function siteOf(settings: SiteSettings, origin: string, linkQuery = ""): Site {
  const {
    url: _url,
    websubHub,
    websubHubs,
    crawling: _crawling,
    variants: _variants,
    basePath: _b,
    permalinks: _p,
    sectionPermalinks: _s,
    articleIds: _a,
    generator: _g,
    excerptSeparator: _e,
    ...shown
  } = settings;
  return { ...shown, origin, hubs: hubUrls({ websubHub, websubHubs }, origin), ...(linkQuery === "" ? {} : { linkQuery }) };
}
