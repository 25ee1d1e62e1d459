/**
 * @module Feed documents at request time: a scope's newest `limit` items in one format,
 * assembled from the scope's window files (src/content/layout.ts), so any document is
 * at most two reads, and validators that come from the index alone: the hash of the
 * head and of every item shown, the query and the origin, so a document whose bytes did
 * not change keeps its entity tag across deploys.
 */
import type { Catalog, ScopeRef } from "../content/catalog.ts";
import { FIRST, windowPath } from "../content/layout.ts";
import { type AssetReader, readPack } from "../content/store.ts";
import { Digest } from "../hash.ts";
import type { Representation } from "../http/representation.ts";
import type { Site } from "../settings.ts";
import type { FeedFormat } from "../types.ts";
import { assembleFeed } from "./assemble.ts";
import { CONTENT_TYPES, limitQuery } from "./formats.ts";
import { fillHead } from "./template.ts";
import { absoluteUrl, feedPath } from "./urls.ts";
import { linkHeader } from "../websub/discovery.ts";

const decoder = new TextDecoder();

/** The opaque entity tag of a document made of `scope`'s head in `format` and the articles at `positions`. */
export function feedTag(catalog: Catalog, scope: ScopeRef, format: FeedFormat, positions: Uint32Array, query: string, origin: string): string {
  const digest = new Digest().text("feed").text(format).text(origin).text(query);
  for (const word of catalog.headHash(scope, format)) digest.word(word);
  for (const position of positions) for (const word of catalog.hash(position)) digest.word(word);
  return digest.hex();
}

/**
 * The headers every response for a feed document carries besides the validators: WebSub
 * discovery (issue 14), `Link: <hub>; rel="hub", <self>; rel="self"`, where `self` is the
 * document's canonical URL (`selfPath`, with its query), the same as the self link inside
 * it. Every feed representation (any scope, format, query, archive page) gets them here.
 */
export function feedHeaders(selfPath: string, site: Site): Record<string, string> {
  return { Link: linkHeader(site.hubs ?? [], absoluteUrl(selfPath, site.origin)) };
}

/** `scope`'s feed in `format` with its newest `limit` items. */
export function feedDocument(catalog: Catalog, assets: AssetReader, scope: ScopeRef, format: FeedFormat, limit: number, site: Site): Representation {
  const positions = catalog.members(scope, limit);
  const query = limitQuery(limit);
  const updated = new Date(catalog.updated(positions));
  return {
    key: `feed|${format}|${scope.id}|${limit}|${site.origin}`,
    etag: feedTag(catalog, scope, format, positions, query, site.origin),
    lastModified: updated,
    contentType: CONTENT_TYPES[format],
    headers: feedHeaders(feedPath(scope, format) + query, site),
    async body() {
      const count = positions.length;
      const [first, rest] = await Promise.all([
        readPack(assets, windowPath(scope.id, format, "a")),
        count > FIRST ? readPack(assets, windowPath(scope.id, format, "b")) : undefined,
      ]);
      const runs = [first.range(1, 1 + Math.min(count, FIRST))];
      if (rest) runs.push(rest.range(0, count - FIRST));
      const head = fillHead(decoder.decode(first.segment(0)), format, query, updated);
      // The build filled in the origin when SITE_URL was set; otherwise it is this request's.
      return assembleFeed(head, runs, first.segment(first.length - 1), catalog.settings.url ? undefined : site.origin);
    },
  };
}
