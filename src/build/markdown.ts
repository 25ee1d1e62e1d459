/**
 * @module Markdown -> HTML with markdown-it (CommonMark + GFM tables and strikethrough).
 * Raw HTML in articles is escaped, not passed through (like Hugo's default
 * `unsafe = false`), so article bodies cannot inject markup into feeds or pages.
 * Relative links and image sources are resolved against the article's permalink.
 */
import MarkdownIt from "markdown-it";
import type Token from "markdown-it/lib/token.mjs";
import { collapseWhitespace } from "../text.ts";

const md = new MarkdownIt({ html: false, linkify: false, typographer: false });

// Every link and image URL is resolved and normalised below with the WHATWG URL parser
// (percent-encoding, IDNA), so markdown-it's own normaliser (mdurl + punycode, half of
// the build's Markdown time on image-heavy articles) is not needed. `validateLink`,
// which refuses `javascript:` and the like, still runs.
md.normalizeLink = (url) => url;

/** Stand-in origin for resolving: whatever resolves onto it is site-relative. */
const PLACEHOLDER = "https://site.invalid";

/**
 * Resolves `url` against the page at `basePath`. Full URLs stay as they are,
 * protocol-relative ones get `https:`, everything else becomes a root-relative path
 * (`images/a.png` on `/posts/x/` -> `/posts/x/images/a.png`) that the worker
 * prefixes with the site origin when it serves the content.
 * @example resolveUrl("../b/", "/posts/a/") === "/posts/b/"
 */
export function resolveUrl(url: string, basePath: string): string {
  let resolved: URL;
  try {
    resolved = new URL(url, PLACEHOLDER + basePath);
  } catch {
    return url;
  }
  if (resolved.origin !== PLACEHOLDER) return resolved.href;
  return resolved.pathname + resolved.search + resolved.hash;
}

/** Plain text of inline tokens: text and code, line breaks as `\n`, images left out. */
function inlineText(tokens: Token[] | null): string {
  return (tokens ?? [])
    .map((t) => (t.type === "text" || t.type === "code_inline" ? t.content : t.type.endsWith("break") ? "\n" : ""))
    .join("");
}

/** CJK characters and full-width punctuation: lines of them join without a space. */
const CJK = "[\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\u3000-\\u303F\\uFF00-\\uFFEF]";
const CJK_LINE_BREAK = new RegExp(`(?<=${CJK})\\n(?=${CJK})`, "gu");

/** Collapses whitespace; a line break inside CJK text disappears, as it does in browsers that join CJK lines. */
function tidyText(text: string): string {
  return collapseWhitespace(text.replace(CJK_LINE_BREAK, ""));
}

/** What rendering a Markdown document yields. */
export interface Rendered {
  /** The HTML, with every link and image URL absolute or root-relative. */
  html: string;
  /** All visible text, block by block, whitespace tidied. */
  text: string;
  /** Text of the first paragraph that has any. */
  firstParagraph: string;
  /** Source of the first image, resolved. */
  firstImage?: string;
}

/** Visible text of parsed tokens, block by block, and the text of the first paragraph that has any. */
function textOf(tokens: Token[]): { text: string; firstParagraph: string } {
  let firstParagraph = "";
  const blocks: string[] = [];
  let inParagraph = false;
  for (const token of tokens) {
    if (token.type === "paragraph_open") inParagraph = true;
    if (token.type === "paragraph_close") inParagraph = false;
    if (token.type === "inline") {
      const text = tidyText(inlineText(token.children));
      if (text !== "") blocks.push(text);
      if (inParagraph && firstParagraph === "" && text !== "") firstParagraph = text;
    }
    if (token.type === "fence" || token.type === "code_block") blocks.push(collapseWhitespace(token.content));
  }
  return { text: blocks.join("\n"), firstParagraph };
}

/** The visible text of `source` alone (`renderMarkdown(source).text`, without rendering HTML). */
export function markdownText(source: string): string {
  return textOf(md.parse(source, {})).text;
}

/** Renders `source` for the article whose permalink path is `basePath`. */
export function renderMarkdown(source: string, basePath: string): Rendered {
  const tokens = md.parse(source, {});
  let firstImage: string | undefined;
  for (const token of tokens) {
    for (const child of token.children ?? []) {
      const attr = child.type === "image" ? "src" : child.type === "link_open" ? "href" : undefined;
      const value = attr && child.attrGet(attr);
      if (typeof value !== "string" || !attr) continue;
      // Feeds carry no relative URL (W3C feed validator: ContainsRelRef). A reference no URL
      // parser can resolve (`//`, `http://exa mple`) is dropped: the link stays as text.
      if (!URL.canParse(value, PLACEHOLDER + basePath)) {
        child.attrs = (child.attrs ?? []).filter(([name]) => name !== attr);
        continue;
      }
      // An empty reference (`[x]()`) means this page: resolved like any other; it is no image, though.
      const resolved = resolveUrl(value, basePath);
      child.attrSet(attr, resolved);
      if (child.type === "image" && firstImage === undefined && value !== "") firstImage = resolved;
    }
  }
  const html = md.renderer.render(tokens, md.options, {});
  const rendered: Rendered = { html, ...textOf(tokens) };
  if (firstImage !== undefined) rendered.firstImage = firstImage;
  return rendered;
}
