/**
 * @module Markdown -> HTML with markdown-it (CommonMark + GFM tables and strikethrough),
 * with what Hugo, Jekyll, Hexo and Zola add to it (./markdown-dialects.ts: footnotes,
 * task lists, definition lists, heading ids, kramdown's attribute lists). Raw HTML in
 * articles is parsed as CommonMark says, and a body that has any is
 * sanitised as a whole through an allow-list (./raw-html.ts); a body without any is
 * markdown-it's own output, which needs none. Relative links and image sources, in
 * Markdown and in raw HTML alike, are resolved against the article's permalink, and
 * images on `UPGRADE_IMAGE_HOSTS` are written as https. On the article page, images load
 * lazily (`loading="lazy"`, a page's concern: feeds go without): the page's HTML is
 * rendered from the same tokens, its images with the attribute (`renderBodies`).
 */
import MarkdownIt from "markdown-it";
import type Token from "markdown-it/lib/token.mjs";
import { collapseWhitespace } from "../text.ts";
import { dialectEnv, useDialects } from "./markdown-dialects.ts";
import { htmlText, NON_TEXT_TAGS, sanitiseBody, type UrlKind } from "./raw-html.ts";

const md = new MarkdownIt({ html: true, linkify: false, typographer: false });
useDialects(md);

// Every link and image URL is resolved and normalised below with the WHATWG URL parser
// (percent-encoding, IDNA), so markdown-it's own normaliser (mdurl + punycode, half of
// the build's Markdown time on image-heavy articles) is not needed. `validateLink`,
// which refuses `javascript:` and the like, still runs.
md.normalizeLink = (url) => url;

/** What rendering reads besides the dialects' state: the images that load lazily, while the page's HTML is rendered. */
type RenderEnv = ReturnType<typeof dialectEnv> & { lazyImages?: ReadonlySet<Token> | undefined };

const renderImage = md.renderer.rules.image as NonNullable<typeof md.renderer.rules.image>;

/** An image as markdown-it writes it, with `loading="lazy"` last when the page's HTML is being rendered. */
md.renderer.rules.image = (tokens, idx, options, env: RenderEnv, self) => {
  const token = tokens[idx] as Token;
  if (!env.lazyImages?.has(token)) return renderImage(tokens, idx, options, env, self);
  const lazy = Object.assign(Object.create(Object.getPrototypeOf(token) as object) as Token, token, { attrs: [...(token.attrs ?? []), ["loading", "lazy"]] });
  return renderImage(tokens.with(idx, lazy), idx, options, env, self);
};

/**
 * The body's HTML for feeds and, when it has images that load lazily, for the page: as
 * markdown-it's `render` writes it, each block token once for both, and each run of
 * inline tokens holding such an image a second time for the page. (Rendering every token
 * a second time cost about 8% of the build's CPU on the image-heavy generated corpus.)
 */
function renderBodies(tokens: Token[], env: RenderEnv, lazy: ReadonlySet<Token>): { html: string; page: string | undefined } {
  const { renderer, options } = md;
  let html = "";
  let page = "";
  tokens.forEach((token, i) => {
    if (token.type !== "inline") {
      const rule = renderer.rules[token.type];
      const piece = rule ? rule(tokens, i, options, env, renderer) : renderer.renderToken(tokens, i, options);
      html += piece;
      page += piece;
      return;
    }
    const children = token.children ?? [];
    const piece = renderer.renderInline(children, options, env);
    html += piece;
    if (!children.some((child) => lazy.has(child))) {
      page += piece;
      return;
    }
    env.lazyImages = lazy;
    page += renderer.renderInline(children, options, env);
    env.lazyImages = undefined;
  });
  return { html, page: lazy.size > 0 ? page : undefined };
}

/** A placeholder origin to resolve against: whatever resolves onto it is site-relative. */
const PLACEHOLDER = "https://site.invalid";

/**
 * Resolves `url` against the page at `basePath`. Full URLs stay as they are,
 * protocol-relative ones get `https:`, everything else becomes a root-relative path
 * (`images/a.png` on `/posts/x/` -> `/posts/x/images/a.png`) that the worker
 * prefixes with the site origin when it serves the content.
 * @example resolveUrl("../b/", "/posts/a/") === "/posts/b/"
 */
export function resolveUrl(url: string, basePath: string): string {
  const resolved = URL.parse(url, PLACEHOLDER + basePath);
  return resolved === null ? url : written(resolved);
}

/** A URL resolved against the placeholder origin as written in output: site-relative when it is on it. */
function written(resolved: URL): string {
  return resolved.origin === PLACEHOLDER ? resolved.pathname + resolved.search + resolved.hash : resolved.href;
}

/**
 * What the site decides about article bodies (src/settings.ts): the hosts whose players
 * an article may embed (`IFRAME_HOSTS`) and those whose `http://` images are written as
 * `https://` (`UPGRADE_IMAGE_HOSTS`).
 */
export interface BodyPolicy {
  iframeHosts: readonly string[];
  upgradeImageHosts: readonly string[];
}

/** `url` with `https:` when it is an `http:` URL on one of `hosts`. */
export function upgradeImage(url: string, hosts: readonly string[]): string {
  if (hosts.length === 0 || !url.startsWith("http:")) return url;
  const parsed = URL.parse(url);
  if (parsed === null || !hosts.includes(parsed.hostname)) return url;
  parsed.protocol = "https:";
  return parsed.href;
}

/** The tag an `html_inline` token opens or closes: `{ name: "br", closing: false }`. */
function inlineTag(token: Token): { name: string; closing: boolean } | undefined {
  const m = /^<(\/?)([a-zA-Z][a-zA-Z0-9-]*)/.exec(token.content);
  return m ? { name: (m[2] ?? "").toLowerCase(), closing: m[1] === "/" } : undefined;
}

const HIDDEN = new Set(NON_TEXT_TAGS);

/**
 * Plain text of inline tokens: text and code, line breaks (also `<br>`) as `\n`, images
 * left out, and what raw HTML hides (`<script>…</script>`, ./raw-html.ts) too.
 */
function inlineText(tokens: Token[] | null): string {
  let text = "";
  let hidden: string | undefined;
  for (const t of tokens ?? []) {
    if (t.type === "html_inline") {
      const tag = inlineTag(t);
      if (hidden !== undefined) {
        if (tag?.closing && tag.name === hidden) hidden = undefined;
      } else if (tag && !tag.closing && HIDDEN.has(tag.name)) hidden = tag.name;
      else if (tag?.name === "br") text += "\n";
    } else if (hidden === undefined) {
      text += t.type === "text" || t.type === "code_inline" ? t.content : t.type.endsWith("break") ? "\n" : "";
    }
  }
  return text;
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
  /** The HTML for feeds, with every link and image URL absolute or root-relative. */
  html: string;
  /** The HTML for the article page, when it is not `html`: images lazy, players as sandboxed iframes (./raw-html.ts). */
  pageHtml?: string;
  /** All visible text, block by block, whitespace tidied. */
  text: string;
  /** Text of the first paragraph that has any. */
  firstParagraph: string;
  /** Source of the first image, resolved. */
  firstImage?: string;
  /** Labels of the footnotes the body defines (`note` for `[^note]: ...`), when it defines any. */
  footnoteLabels?: string[];
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
    if (token.type === "html_block") {
      const html = htmlText(token.content);
      const text = tidyText(html.text);
      if (text !== "") blocks.push(text);
      if (firstParagraph === "") firstParagraph = html.paragraphs.map(tidyText).find((p) => p !== "") ?? "";
    }
  }
  return { text: blocks.join("\n"), firstParagraph };
}

/**
 * The visible text of `source` alone (`renderMarkdown(source).text`, without rendering
 * HTML). `footnoteLabels` are footnotes defined elsewhere in the article (after
 * `<!--more-->`, for a summary of the text before it): their references are not text.
 */
export function markdownText(source: string, footnoteLabels: readonly string[] = []): string {
  const env = dialectEnv(() => "");
  // markdown-it-footnote reads `[^label]` as a reference when `env.footnotes.refs` has `:label`.
  if (footnoteLabels.length > 0) Object.assign(env, { footnotes: { refs: Object.fromEntries(footnoteLabels.map((label) => [`:${label}`, -1])) } });
  return textOf(md.parse(source, env)).text;
}

/** The labels markdown-it-footnote recorded in `env` (as `:label` keys, its guard against `Object.prototype` names). */
function footnoteLabels(env: object): string[] {
  const refs = (env as { footnotes?: { refs?: Record<string, number> } }).footnotes?.refs ?? {};
  return Object.keys(refs).map((key) => key.slice(1));
}

/** How a body refers to `url` in every output, or `undefined` when no URL parser can resolve it. */
function reference(kind: UrlKind, url: string, basePath: string, policy: BodyPolicy): string | undefined {
  // Feeds carry no relative URL (W3C feed validator: ContainsRelRef). A reference no URL
  // parser can resolve (`//`, `http://exa mple`) is dropped: a link stays as text.
  // Parsed once (checking, then resolving, parsed each reference twice).
  const parsed = URL.parse(url, PLACEHOLDER + basePath);
  if (parsed === null) return undefined;
  const resolved = written(parsed);
  return kind === "image" ? upgradeImage(resolved, policy.upgradeImageHosts) : resolved;
}

/** Renders `source` for the article whose permalink path is `basePath`. */
export function renderMarkdown(source: string, basePath: string, policy: BodyPolicy): Rendered {
  const env: RenderEnv = dialectEnv(() => resolveUrl("", basePath));
  const tokens = md.parse(source, env);
  let firstImage: string | undefined;
  let raw = false;
  const lazy = new Set<Token>();
  for (const token of tokens) {
    if (token.type === "html_block") raw = true;
    for (const child of token.children ?? []) {
      if (child.type === "html_inline") raw = true;
      const attr = child.type === "image" ? "src" : child.type === "link_open" ? "href" : undefined;
      const value = attr && child.attrGet(attr);
      if (typeof value !== "string" || !attr) continue;
      const resolved = reference(child.type === "image" ? "image" : "link", value, basePath, policy);
      if (resolved === undefined) {
        child.attrs = (child.attrs ?? []).filter(([name]) => name !== attr);
        continue;
      }
      child.attrSet(attr, resolved);
      if (child.type !== "image") continue;
      lazy.add(child);
      // An empty reference (`[x]()`) means this page: resolved like any other; it is no image, though.
      if (firstImage === undefined && value !== "") firstImage = resolved;
    }
  }
  const labels = footnoteLabels(env);
  if (!raw) {
    const { html, page } = renderBodies(tokens, env, lazy);
    const rendered: Rendered = { html, ...textOf(tokens) };
    if (page !== undefined) rendered.pageHtml = page;
    if (firstImage !== undefined) rendered.firstImage = firstImage;
    if (labels.length > 0) rendered.footnoteLabels = labels;
    return rendered;
  }
  // The whole body, not each piece of raw HTML: an element may open in one token and
  // close in another (`<b>` ... `</b>`), and what is left open is closed here. Of ids, it
  // keeps those the dialects wrote (headings', footnotes').
  const clean = sanitiseBody(md.renderer.render(tokens, md.options, env), {
    rewrite: (kind, url) => reference(kind, url, basePath, policy),
    iframeHosts: policy.iframeHosts,
    ids: env.ids,
  });
  const rendered: Rendered = { html: clean.html, ...textOf(tokens) };
  if (clean.pageHtml !== undefined) rendered.pageHtml = clean.pageHtml;
  if (clean.firstImage !== undefined) rendered.firstImage = clean.firstImage;
  if (labels.length > 0) rendered.footnoteLabels = labels;
  return rendered;
}
