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
import * as OpenCC from "opencc-js";
import { type ChineseVariant, VARIANT_LANGUAGE, VARIANT_LOCALES } from "../i18n/variants.ts";
import type { SiteSettings } from "../settings.ts";
import type { Article, ArticleMeta, Scope } from "../types.ts";

/** Converts text; the same instance for every call of a variant (a dictionary takes ~100 ms to build). */
export type Convert = (text: string) => string;

const converters = new Map<ChineseVariant, Convert>();

/** The converter of `variant`, built once per process. */
export function converterFor(variant: ChineseVariant): Convert {
  let convert = converters.get(variant);
  if (convert === undefined) converters.set(variant, (convert = OpenCC.Converter(VARIANT_LOCALES[variant])));
  return convert;
}

/** Elements whose text is code or input: kept as written. */
const VERBATIM = new Set(["code", "pre", "kbd", "samp", "script", "style"]);

/**
 * `html` with the text between its tags converted, and everything else (tags, attribute
 * values, comments, the text of code) byte for byte as it was. Character references stay
 * as they are (they are ASCII, which no dictionary maps).
 */
export function convertHtml(html: string, convert: Convert): string {
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
