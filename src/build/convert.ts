/**
 * @module Simplified↔Traditional Chinese at build time (issue 13): each article, the
 * site's words and the scopes' names converted once per built variant, before they are
 * serialised like the originals into the variant's own copy of the content
 * (src/content/layout.ts `variantRoot`). The worker never converts: opencc-js builds its
 * dictionary in hundreds of milliseconds and converts a long article in about a
 * millisecond, past the Free plan's 10 ms CPU for a feed of 20.
 *
 * What converts: titles, summaries, the text of bodies, tag, category and author display
 * names, the site's title, description and author. What never does: URLs, ids, slugs,
 * term keys (so every link and id is the same in every variant), HTML attributes, and the
 * text inside `<code>`, `<pre>`, `<kbd>` and `<samp>`, which is code or input, not prose.
 */
import { Parser } from "htmlparser2";
import { ConverterBuilder, ConverterFactory, type DictGroup, type DictLike } from "opencc-js/core";
import * as Preset from "opencc-js/preset";
import { type ChineseVariant, VARIANT_LANGUAGE, VARIANT_LOCALES } from "../i18n/variants.ts";
import type { SiteSettings } from "../settings.ts";
import type { Article, ArticleMeta, Scope } from "../types.ts";

/** Converts text; the same instance for every call of a variant (a dictionary takes ~100 ms to build). */
export type Convert = (text: string) => string;

const converters = new Map<ChineseVariant, Convert>();

/** The converter of `variant`, built once per process. */
export function converterFor(variant: ChineseVariant): Convert {
  let convert = converters.get(variant);
  if (convert === undefined) converters.set(variant, (convert = buildConverter(variant)));
  return convert;
}

/** A conversion's settings as opencc-js's preset writes them (its type leaves out the first pass). */
type PresetConfig = (typeof Preset.configs)[string] & { normalizationChain?: readonly DictGroup[] };

/** The code points a dictionary's keys start with. */
function firstCodePoints(dict: DictLike): number[] {
  const keys = typeof dict === "string" ? dict.split("|").map((entry) => entry.slice(0, entry.indexOf(" "))) : dict.map(([key]) => key);
  return keys.map((key) => key.codePointAt(0) as number);
}

/**
 * opencc-js's converter for `variant` (`Converter` of the package's main entry), built
 * from its own preset with its first pass, CJK compatibility ideographs to their unified
 * forms (the `normalizationChain`), run only on text that holds a character one of that
 * pass's keys starts with. On any other text the pass gives back the text it was given,
 * character for character; skipping it makes converting a third faster. A test holds this
 * to the package's `Converter` in every variant.
 */
function buildConverter(variant: ChineseVariant): Convert {
  const configs = Preset.configs as Record<string, PresetConfig>;
  const first = configs[variant]?.normalizationChain;
  if (first === undefined) throw new Error(`opencc-js's preset has no first pass for ${variant}`);
  const withoutFirst = Object.fromEntries(Object.entries(configs).map(([name, { normalizationChain: _first, ...rest }]) => [name, rest]));
  const convert = ConverterBuilder({ ...Preset, configs: withoutFirst })(VARIANT_LOCALES[variant]);
  const normalise = ConverterFactory(...first);
  const starts = new Set(first.flat().flatMap(firstCodePoints));
  const holdsStart = new RegExp(`[${[...starts].map((point) => `\\u{${point.toString(16)}}`).join("")}]`, "u");
  return (text) => convert(holdsStart.test(text) ? normalise(text) : text);
}

/** Elements whose text is code or input: kept as written. */
const VERBATIM = new Set(["code", "pre", "kbd", "samp", "script", "style"]);

/**
 * `html` with the text between its tags converted, and everything else (tags, attribute
 * values, comments, the text of code) byte for byte as it was. Character references stay
 * as they are (they are ASCII, which no dictionary maps).
 *
 * Bodies are markdown-it's or the sanitiser's output, whose tags `scanHtml` reads without
 * a parser (htmlparser2 was 40% of converting an article). Anything it does not read
 * exactly as htmlparser2 would goes to `parseHtml`, the same conversion with htmlparser2.
 */
export function convertHtml(html: string, convert: Convert): string {
  return scanHtml(html, convert) ?? parseHtml(html, convert);
}

/** `convertHtml` with htmlparser2: any HTML. */
export function parseHtml(html: string, convert: Convert): string {
  let out = "";
  let copied = 0;
  let verbatim = 0;
  const parser = new Parser(
    {
      onopentagname(name) {
        if (VERBATIM.has(name)) verbatim++;
      },
      onclosetag(name) {
        if (VERBATIM.has(name) && verbatim > 0) verbatim--;
      },
      ontext(text) {
        if (verbatim > 0) return;
        const start = parser.startIndex;
        out += html.slice(copied, start) + convert(text);
        copied = start + text.length;
      },
    },
    { decodeEntities: false, lowerCaseTags: true },
  );
  parser.end(html);
  return out + html.slice(copied);
}

/**
 * A start or end tag as markdown-it and sanitize-html write one: a name, then attributes
 * that are bare or double-quoted without `<`, `>` or `"` inside (both escape them), and
 * an optional `/` before the `>`.
 */
const TAG = /<(\/?)([A-Za-z][A-Za-z0-9-]*)(?:[ \t\n\f\r]+[^ \t\n\f\r"'<>/=]+(?:="[^"<>]*")?)*[ \t\n\f\r]*(\/?)>/y;

/** Elements without an end tag: never open. */
const VOID = new Set(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"]);

/**
 * Elements htmlparser2 reads otherwise: raw text or RCDATA up to their end tag (script,
 * style, title, textarea, ...), and the foreign content of SVG and MathML. Read here only
 * when their end tag follows at once (an embedded player's empty `<iframe>`).
 */
const SPECIAL = new Set(["iframe", "noembed", "noframes", "plaintext", "script", "style", "title", "textarea", "xmp", "svg", "math"]);

/**
 * `convertHtml` for HTML whose every `<` opens a `TAG`, whose end tags each close the
 * element opened last, and whose special elements are empty; `undefined` for any other.
 * On such HTML, htmlparser2 reports the same text between the same tags, and its stack
 * differs from this one only by elements it closes by implication (a `<p>` that a `<div>`
 * closes), never one of `VERBATIM`: so the same text is code.
 */
export function scanHtml(html: string, convert: Convert): string | undefined {
  let out = "";
  let at = 0;
  let verbatim = 0;
  const open: string[] = [];
  while (at < html.length) {
    const lt = html.indexOf("<", at);
    const end = lt < 0 ? html.length : lt;
    if (end > at) out += verbatim > 0 ? html.slice(at, end) : convert(html.slice(at, end));
    if (lt < 0) break;
    TAG.lastIndex = lt;
    const tag = TAG.exec(html);
    if (tag === null) return undefined;
    const name = (tag[2] as string).toLowerCase();
    at = TAG.lastIndex;
    if (tag[1] === "/") {
      if (open.pop() !== name) return undefined;
      if (VERBATIM.has(name)) verbatim--;
    } else if (SPECIAL.has(name)) {
      const close = html.slice(at, at + name.length + 3);
      if (close.toLowerCase() !== `</${name}>`) return undefined;
      out += tag[0] + close;
      at += close.length;
      continue;
    } else if (!VOID.has(name)) {
      open.push(name);
      if (VERBATIM.has(name)) verbatim++;
    }
    out += tag[0];
  }
  return out;
}

/** What converts in an article's metadata; the original names of its terms are kept in `original`, for links. */
export function convertMeta<M extends ArticleMeta>(meta: M, convert: Convert): M {
  return {
    ...meta,
    title: convert(meta.title),
    summary: convert(meta.summary),
    tags: meta.tags.map(convert),
    categories: meta.categories.map(convert),
    authors: meta.authors.map(convert),
    original: { tags: meta.tags, categories: meta.categories, authors: meta.authors },
  };
}

/**
 * An article as the variant shows it. `convert` is best `remembering`: the page's HTML
 * holds the same text as the feeds' (only attributes differ: lazy images, players as
 * frames), so each text converts once.
 */
export function convertArticle(article: Article, convert: Convert): Article {
  const converted = { ...convertMeta(article, convert), html: convertHtml(article.html, convert) };
  return article.pageHtml === undefined ? converted : { ...converted, pageHtml: convertHtml(article.pageHtml, convert) };
}

/** The site's settings as the variant shows them: its words converted, its language the variant's. */
export function variantSettings(settings: SiteSettings, variant: ChineseVariant): SiteSettings {
  const convert = converterFor(variant);
  return { ...settings, title: convert(settings.title), description: convert(settings.description), author: convert(settings.author), language: VARIANT_LANGUAGE[variant] };
}

/** A scope as the variant names it: the same key (and so the same URLs), its display name converted. */
export function convertScope(scope: Scope, convert: Convert): Scope {
  return scope.kind === "site" ? scope : { ...scope, name: convert(scope.name) };
}

/**
 * `convert` remembering what it converted: a chunk's articles share names, and an
 * article's page holds the text of its body again (a build converts each once per chunk).
 */
export function remembering(convert: Convert): Convert {
  const seen = new Map<string, string>();
  return (text) => {
    let converted = seen.get(text);
    if (converted === undefined) seen.set(text, (converted = convert(text)));
    return converted;
  };
}
