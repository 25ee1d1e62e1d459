/**
 * @module `/opml.xml`: every feed of the site as an OPML 2.0 subscription list
 * (http://opml.org/spec2.opml), so a reader imports them all in one step.
 *
 * Layout: the site's feed first, then one folder per term kind ("Tags", "Categories",
 * named in the site's language) holding one `type="rss"` outline per term. Each feed
 * appears exactly once. Pure and deterministic: the only date is the newest article's,
 * never the clock. XML, not HTML: escaped by the feeds' escaper (src/feed/xml.ts).
 */
import { describeScope } from "../feed/describe.ts";
import { scopePath } from "../feed/urls.ts";
import { escapeAttribute, escapeText } from "../feed/xml.ts";
import { pageStrings } from "../i18n/strings.ts";
import type { Site } from "../settings.ts";
import { type FeedFormat, type Scope, TERM_KINDS, type TermKind, type TermListing } from "../types.ts";
import { feedUrl, pageUrl } from "./html.ts";

export const OPML_CONTENT_TYPE = "text/x-opml; charset=utf-8";

/** Outline attributes in the order the spec lists them, empty ones left out. */
function outline(attributes: [string, string | undefined][], indent: string): string {
  const written = attributes.filter(([, v]) => v !== undefined && v !== "").map(([k, v]) => ` ${k}="${escapeAttribute(v as string, true)}"`);
  return `${indent}<outline${written.join("")}/>`;
}

/**
 * One subscription (OPML 2.0, "Subscription lists"): `type="rss"` is what readers
 * expect for any feed format; `version="RSS"` only describes RSS 0.91-2.0 feeds.
 */
function subscription(site: Site, scope: Scope, format: FeedFormat, indent: string): string {
  const { title, description } = describeScope(scope, site);
  return outline(
    [
      ["text", title],
      ["title", title],
      ["type", "rss"],
      ["version", format === "rss" ? "RSS" : undefined],
      ["xmlUrl", feedUrl(site, scope, format)],
      ["htmlUrl", pageUrl(site, scopePath(scope))],
      ["description", description],
      ["language", site.language],
    ],
    indent,
  );
}

/** Terms of `kind` by name, for a stable, scannable order. */
function termScopes(terms: Record<TermKind, TermListing[]>, kind: TermKind): Scope[] {
  return terms[kind]
    .map(({ key, name, description }) => (description === undefined ? { kind, key, name } : { kind, key, name, description }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * The OPML document listing every feed of the site in `format`. `newest` is the newest
 * update of any article (ISO 8601), written as the RFC 822 `<dateModified>`.
 */
export function renderOpml(terms: Record<TermKind, TermListing[]>, newest: string, site: Site, format: FeedFormat): string {
  const words = pageStrings(site.language);
  const folders = TERM_KINDS.map((kind) => {
    const scopes = termScopes(terms, kind);
    if (scopes.length === 0) return "";
    return `    <outline text="${escapeAttribute(words.kinds[kind].many, true)}">
${scopes.map((scope) => subscription(site, scope, format, "      ")).join("\n")}
    </outline>
`;
  }).join("");
  return `<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0">
  <head>
    <title>${escapeText(words.opmlTitle(site.title))}</title>
    <dateModified>${new Date(newest).toUTCString()}</dateModified>
    <ownerName>${escapeText(site.author)}</ownerName>
    <docs>http://opml.org/spec2.opml</docs>
  </head>
  <body>
${subscription(site, { kind: "site" }, format, "    ")}
${folders}  </body>
</opml>
`;
}
