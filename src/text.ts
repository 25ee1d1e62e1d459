/**
 * @module Text helpers shared by the build and the worker. Pure, no platform APIs
 * beyond ECMAScript and `Intl`.
 */

/**
 * Characters XML 1.0 does not allow (https://www.w3.org/TR/xml/#charsets):
 * C0 controls other than tab, LF and CR, U+FFFE, U+FFFF, and unpaired surrogates
 * (which also cannot be encoded as UTF-8).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters to find.
const XML_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The same without surrogates: for the common case of well-formed text, which needs no look-around. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters to find.
const XML_FORBIDDEN_BMP = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** Removes every character XML 1.0 forbids; everything else is kept as it is. */
export function stripXmlForbidden(text: string): string {
  return text.replace(text.isWellFormed() ? XML_FORBIDDEN_BMP : XML_FORBIDDEN, "");
}

/** `XML_FORBIDDEN` without the `g` flag, which would carry a position from one call to the next. */
const XML_FORBIDDEN_FIRST = new RegExp(XML_FORBIDDEN.source);

/** The first character of `text` that XML 1.0 forbids, as `U+0003`, or `undefined` when there is none. */
export function xmlForbiddenIn(text: string): string | undefined {
  const found = XML_FORBIDDEN_FIRST.exec(text)?.[0];
  return found === undefined ? undefined : `U+${(found.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;
}

/**
 * The key a tag or category is looked up by: Unicode NFC, then lower case, so that
 * `TypeScript`, `typescript` and a decomposed `é` all find the same term.
 * @example termKey("Cloudflare Workers") === "cloudflare workers"
 */
export function termKey(name: string): string {
  return name.normalize("NFC").toLowerCase();
}

const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/**
 * Cuts `text` to at most `max` grapheme clusters, never inside a surrogate pair,
 * a CJK character or a combining sequence, and marks the cut with `…`.
 * Prefers to end at a sentence or word boundary found in the last fifth of the budget.
 * @example truncateText("南开大学", 2) === "南开…"
 */
export function truncateText(text: string, max: number): string {
  const parts: string[] = [];
  for (const { segment } of graphemes.segment(text)) {
    if (parts.length === max) {
      const cut = parts.join("");
      const boundary = Math.max(
        ...["。", "！", "？", ". ", "! ", "? ", "；", "，", ", ", " "].map((mark) => {
          const at = cut.lastIndexOf(mark);
          return at >= (cut.length * 4) / 5 ? at + mark.trimEnd().length : -1;
        }),
      );
      return `${(boundary > 0 ? cut.slice(0, boundary) : cut).trimEnd()}…`;
    }
    parts.push(segment);
  }
  return text;
}

/** Collapses runs of whitespace to one space and trims the ends. */
export function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Escapes text for HTML element content and double- or single-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}
