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
import { absolutizeHtml } from "../feed/urls.ts";
import { cdata, restorePlaceholders } from "../feed/xml-text.ts";
import type { SiteSettings } from "../settings.ts";
import { type ChineseVariant, VARIANT_LANGUAGE, VARIANT_LOCALES } from "../i18n/variants.ts";
import type { Article, ArticleMeta, Scope } from "../types.ts";
import { LAZY } from "./markdown.ts";

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

/** An article as the variant shows it. */
export function convertArticle(article: Article, convert: Convert): Article {
  if (article.pageHtml === undefined) return { ...convertMeta(article, convert), html: convertHtml(article.html, convert) };
  const page = convertHtml(article.pageHtml, convert);
  return { ...convertMeta(article, convert), html: feedsFromPage(article, page) ?? convertHtml(article.html, convert), pageHtml: page };
}

/**
 * `article`'s body converted, made from its page's converted HTML (`page`) when the page
 * is the body with lazy images (./markdown.ts `LAZY`, an attribute: inside tags, which
 * conversion copies as they are), so the body is not read a second time; `undefined`
 * when they differ otherwise, when the attribute's spelling is anywhere but inside a tag
 * (the last `<` before it after the last `>`), or when converted text spells it.
 */
function feedsFromPage(article: Article, page: string): string | undefined {
  const { html, pageHtml } = article;
  if (pageHtml === undefined || pageHtml.replaceAll(LAZY, "") !== html) return undefined;
  let count = 0;
  for (let at = pageHtml.indexOf(LAZY); at >= 0; at = pageHtml.indexOf(LAZY, at + LAZY.length)) {
    if (pageHtml.lastIndexOf("<", at) <= pageHtml.lastIndexOf(">", at)) return undefined;
    count++;
  }
  return page.split(LAZY).length - 1 === count ? page.replaceAll(LAZY, "") : undefined;
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
 * In a serialised item (`format`), the CDATA sections of the elements that hold HTML or
 * escaped text, the elements that hold plain text, and the category terms: what
 * conversion changes. Whole CDATA sections are matched first, so nothing inside one is
 * ever taken for an element.
 */
const XML_FIELDS =
  /(<(?:title|description|content:encoded|summary|content)(?: type="html")?>)((?:<!\[CDATA\[[\s\S]*?\]\]>)+)|<!\[CDATA\[[\s\S]*?\]\]>|(<(title|category|dc:creator|name)>)([^<]*)(?=<\/\4>)|(<category term=")([^"]*)/g;

/** The text a run of CDATA sections holds (`cdata` splits `]]>` across two). */
function cdataText(sections: string): string {
  return sections.slice(9, -3).replaceAll("]]><![CDATA[", "");
}

/**
 * A serialised item (src/feed/serialise.ts `renderFragments`) as the item of the same
 * article converted by `convert` would be serialised: its title, summary, content,
 * categories and authors converted, everything else (links, ids, dates, attributes,
 * code) byte for byte. Much cheaper than serialising again; tests hold it equal to
 * serialising the converted article. `content` short-cuts the body: its HTML as items
 * carry it (made absolute) and converted, so that it is converted once for every format;
 * `convertMarkup` converts the other HTML (summaries, escaped), by default `convertHtml`.
 */
export function convertItem(
  format: "rss" | "atom" | "json",
  item: string,
  convert: Convert,
  content?: { from: string; to: string },
  convertMarkup: Convert = (text) => convertHtml(text, convert),
): string {
  const html = (text: string) => (content !== undefined && text === content.from ? content.to : convertMarkup(text));
  return convertFields(format, item, convert, html);
}

/**
 * `convert` remembering what it converted: an article's title, summary and names recur in
 * every format of its items (a build converts each once per chunk).
 */
export function remembering(convert: Convert): Convert {
  const seen = new Map<string, string>();
  return (text) => {
    let converted = seen.get(text);
    if (converted === undefined) seen.set(text, (converted = convert(text)));
    return converted;
  };
}

function convertFields(format: "rss" | "atom" | "json", item: string, convert: Convert, html: Convert): string {
  if (format === "json") {
    const json = JSON.parse(item) as Record<string, unknown> & { tags?: string[]; authors?: { name: string }[] };
    for (const key of ["title", "summary", "content_text"] as const) if (typeof json[key] === "string") json[key] = convert(json[key]);
    if (typeof json.content_html === "string") json.content_html = html(json.content_html);
    if (json.tags) json.tags = json.tags.map(convert);
    if (json.authors) json.authors = json.authors.map((author) => ({ ...author, name: convert(author.name) }));
    return JSON.stringify(json);
  }
  return item.replace(XML_FIELDS, (whole, open?: string, sections?: string, textOpen?: string, _name?: string, text?: string, termOpen?: string, term?: string) => {
    if (open !== undefined && sections !== undefined) return `${open}<![CDATA[${restorePlaceholders(cdata(html(cdataText(sections))))}]]>`;
    if (textOpen !== undefined) return textOpen + convert(text ?? "");
    if (termOpen !== undefined) return termOpen + convert(term ?? "");
    return whole;
  });
}

/** The body as items carry it (`absolutizeHtml` on `origin`), before and after conversion: for `convertItem`. */
export function itemContent(html: string, converted: string, origin: string): { from: string; to: string } {
  return { from: absolutizeHtml(html, origin), to: absolutizeHtml(converted, origin) };
}
