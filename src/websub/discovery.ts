/**
 * @module WebSub discovery (W3C WebSub, section 4): which hubs a feed names and how a
 * response says so. A feed names the same hubs in two places, both made from the site
 * settings here: its document head, serialised at build time (src/feed/serialise.ts:
 * `atom:link rel="hub"` in RSS, `<link rel="hub">` in Atom, `hubs` in JSON Feed 1.1),
 * and the `Link` header of every response for it and of every content distribution
 * request (src/feed/documents.ts, ./hub.ts). Pure; shared by the build and the worker.
 */

/** Where the built-in hub answers, on the site's origin. */
export const HUB_PATH = "/websub";

/**
 * The hubs a feed on `origin` names: the built-in hub first when it is on (it is the
 * one that delivers within seconds of a deploy), then `WEBSUB_HUBS` in their order.
 * At build time `origin` may be the origin token (src/feed/template.ts).
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
