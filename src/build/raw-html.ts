/**
 * @module Raw HTML in articles (issue 11), kept through an allow-list at build time.
 * Exports from CMSs are full of it (`<br>`, `<img width>`, `<table>`, `<center>`,
 * `<iframe>` players). An article with any raw HTML has its whole rendered body parsed
 * and rebuilt by sanitize-html, so that what survives is balanced markup (an unclosed
 * `<b>` or `<div>` cannot run on into the page around it) of these kinds only:
 *
 * - text structure: paragraphs, line breaks, headings, lists, quotes, code, emphasis;
 * - tables (`colspan`, `rowspan`), figures and captions;
 * - links (`http`, `https`, `mailto`) and images (`http`, `https`, `data:`), their URLs
 *   resolved against the permalink like Markdown's own (`rewrite`);
 * - `<iframe>` players from `IFRAME_HOSTS` only, over https: sandboxed on the article page,
 *   a link to the player in feeds (the W3C feed validator calls an iframe in content a
 *   `SecurityRisk`, and most readers drop them);
 * - `style`: `text-align` only, which cannot hide, move or overlay anything (and is what
 *   markdown-it writes for aligned table columns). Pages refuse every style attribute
 *   anyway (`style-src` lists hashes only); feeds keep it.
 *
 * - ids on headings and on footnotes' references (`<sup>`) and items (`<li>`), only those
 *   the Markdown renderer wrote itself (issue 18: `## Title {#id}`, footnotes;
 *   ./markdown-dialects.ts), passed in `ids`: an id in raw HTML goes, as before.
 *
 * Everything else goes: scripts and styles with their content, event handlers,
 * `javascript:` and other URLs, forms, `<base>`, `<svg>`, `<object>`, comments, classes
 * (but `language-*` on code) and other ids. Elements that are not allowed lose their tag
 * and keep their text.
 *
 * sanitize-html rather than js-xss (`xss`): it parses with htmlparser2 and writes the
 * tree back, closing what was left open, where js-xss filters a stream of tags and passes
 * unbalanced markup through; and it has the rules this needs built in (per-tag schemes,
 * iframe host names, per-property style patterns, tag transforms for resolving URLs).
 * Build time only: the worker never sees it.
 */
import { createRequire } from "node:module";
import type { Handler, Parser } from "htmlparser2";
import type sanitizeHtml from "sanitize-html";
import { stripXmlForbidden } from "../text.ts";

/**
 * sanitize-html and htmlparser2, loaded on the first body that has raw HTML: importing
 * them (postcss included) costs about 50 ms of CPU on each build thread, which a build
 * of bodies without raw HTML (the generated benchmark corpus, say) should not pay.
 */
const load = (() => {
  const require = createRequire(import.meta.url);
  let loaded: { sanitize: typeof sanitizeHtml; Parser: typeof Parser } | undefined;
  return () => (loaded ??= { sanitize: require("sanitize-html"), Parser: require("htmlparser2").Parser });
})();

/** What a URL in raw HTML is for. */
export type UrlKind = "link" | "image" | "frame";

export interface RawHtmlOptions {
  /** The URL every output writes for `url` (resolved, maybe upgraded), or `undefined` to drop it. */
  rewrite(kind: UrlKind, url: string): string | undefined;
  /** Hosts whose `<iframe>` is kept, compared with the URL's host name (`www.youtube.com`). */
  iframeHosts: readonly string[];
  /** Ids the Markdown renderer wrote (headings', footnotes'): kept on `ID_TAGS`; every other id goes. */
  ids?: ReadonlySet<string>;
}

/** A body with its raw HTML sanitised. */
export interface Sanitised {
  /** For every feed format: players are links. */
  html: string;
  /** For the article page, when it differs from `html`: images load lazily, players are sandboxed iframes. */
  pageHtml?: string;
  /** Source of the first image that has one (http(s) or site-relative; not `data:`). */
  firstImage?: string;
}

/** Elements whose content is not text to a reader: removed with it (also from summaries, ./markdown.ts). */
export const NON_TEXT_TAGS = ["script", "style", "textarea", "option", "xmp", "noscript", "template", "iframe", "title"];

/** Elements kept in every output. */
const TAGS = [
  ..."p br hr div h1 h2 h3 h4 h5 h6 blockquote pre code em strong b i u s del ins sub sup small mark abbr kbd q cite".split(" "),
  ..."ul ol li dl dt dd table caption colgroup col thead tbody tfoot tr th td a img figure figcaption".split(" "),
];

/** Elements whose `style` may align text. */
const ALIGNED = "p div h1 h2 h3 h4 h5 h6 th td figcaption".split(" ");

/** Elements that may keep an id the renderer wrote: headings (`{#id}`), footnote references and notes. */
const ID_TAGS = "h1 h2 h3 h4 h5 h6 sup li".split(" ");

const ATTRIBUTES: Record<string, string[]> = {
  a: ["href", "title"],
  img: ["src", "alt", "title", "width", "height", "loading"],
  iframe: ["src", "title", "width", "height", "sandbox", "allowfullscreen", "loading", "referrerpolicy"],
  ol: ["start"],
  col: ["span"],
  colgroup: ["span"],
  abbr: ["title"],
  ...Object.fromEntries(ALIGNED.map((tag) => [tag, ["style"]])),
  ...Object.fromEntries(ID_TAGS.map((tag) => [tag, [...(ALIGNED.includes(tag) ? ["style"] : []), "id"]])),
  th: ["colspan", "rowspan", "scope", "style"],
  td: ["colspan", "rowspan", "style"],
};

/**
 * What a player may do in its frame (HTML Standard, "the iframe element", sandbox): run
 * its own scripts with its own origin's storage (a video player needs both; the frame
 * is always another site, one of `IFRAME_HOSTS`, so it cannot reach this page), present
 * (fullscreen, casting) and open its own page in a new tab. No top navigation, forms,
 * dialogs or downloads.
 */
export const IFRAME_SANDBOX = "allow-scripts allow-same-origin allow-presentation allow-popups allow-popups-to-escape-sandbox";

/** `width`/`height` as HTML means them: a number of pixels, or a percentage. */
const DIMENSION = /^\d{1,4}%?$/;

function dimensions(attribs: sanitizeHtml.Attributes): sanitizeHtml.Attributes {
  const kept: sanitizeHtml.Attributes = {};
  for (const name of ["width", "height"]) {
    const value = attribs[name]?.trim();
    if (value !== undefined && DIMENSION.test(value)) kept[name] = value;
  }
  return kept;
}

/** Sanitises `html` (a whole rendered body) for feeds and, when it has images or players, for the page. */
export function sanitiseBody(html: string, options: RawHtmlOptions): Sanitised {
  const found: Found = { images: 0, players: 0 };
  const { sanitize } = load();
  const body = asHtmlReadsIt(html);
  // A character reference can name what XML forbids (`&#1`, decoded as U+0001): it goes, as in text.
  const feed = stripXmlForbidden(sanitize(body, policy("feed", options, found)));
  // A body that keeps nothing but white space is empty, as Markdown's would be: feeds
  // then carry no blank content (W3C: NotBlank; JSON Feed falls back to content_text).
  const result: Sanitised = { html: feed.trim() === "" ? "" : feed };
  if (found.images + found.players > 0) result.pageHtml = stripXmlForbidden(sanitize(body, policy("page", options, { images: 0, players: 0 })));
  if (found.firstImage !== undefined) result.firstImage = found.firstImage;
  return result;
}

/**
 * `html` with its `<math>` and `<svg>` elements renamed `<span>`, when it has any. Inside
 * them the parser follows foreign-content rules, where an `<iframe>` or a `<style>` is an
 * ordinary element rather than raw text; neither is allowed, so the sanitised body is read
 * (by a browser, a reader, the next parse) without them, by HTML's rules, and its
 * structure could change on the way: `<math><iframe src=…></p>` came out as an iframe
 * holding a `<p>`. Renamed first, the body is sanitised as it will be read. `<span>` is not
 * allowed either, so what the sanitiser keeps of them is their text, as before.
 */
function asHtmlReadsIt(html: string): string {
  if (!/<(?:math|svg)\b/i.test(html)) return html;
  return load().sanitize(html, {
    allowedTags: false,
    allowedAttributes: false,
    allowVulnerableTags: true,
    // Every scheme the policy below keeps anywhere: it decides, this must not.
    allowedSchemes: ["http", "https", "mailto", "data"],
    nonTextTags: [],
    transformTags: { math: "span", svg: "span" },
  });
}

/** The player URL an `<iframe src>` may keep: https, on one of `hosts` (an http one is upgraded: it would be blocked as mixed content). */
function playerUrl(src: string | undefined, options: RawHtmlOptions): string | undefined {
  const resolved = src === undefined ? undefined : options.rewrite("frame", src);
  const url = resolved === undefined ? null : URL.parse(resolved);
  if (url === null || (url.protocol !== "https:" && url.protocol !== "http:") || !options.iframeHosts.includes(url.hostname)) return undefined;
  url.protocol = "https:";
  return url.href;
}

/** What the feed pass saw: whether the page needs a pass of its own, and the article's image. */
interface Found {
  firstImage?: string;
  images: number;
  players: number;
}

/**
 * The allow-list for feeds or for the page. They differ in what only a page needs:
 * `loading="lazy"` on images, and players as sandboxed frames rather than links.
 */
function policy(target: "feed" | "page", options: RawHtmlOptions, found: Found): sanitizeHtml.IOptions {
  const ids = options.ids ?? new Set<string>();
  const keepOwnId: sanitizeHtml.Transformer = (tagName, attribs) => ({
    tagName,
    attribs: Object.fromEntries(Object.entries(attribs).filter(([name, value]) => name !== "id" || ids.has(value))),
  });
  return {
    // `iframe` in feeds too: there each becomes a link or goes (below), and an allowed
    // iframe keeps sanitize-html from re-reading its content as markup.
    allowedTags: [...TAGS, "iframe"],
    allowedAttributes: ATTRIBUTES,
    allowedClasses: { code: ["language-*"] },
    allowedStyles: { "*": { "text-align": [/^(?:left|right|center|justify|start|end)$/] } },
    allowedSchemes: ["http", "https", "mailto"],
    allowedSchemesByTag: { img: ["http", "https", "data"], iframe: ["https"] },
    allowProtocolRelative: false,
    allowedIframeHostnames: [...options.iframeHosts],
    allowIframeRelativeUrls: false,
    nonTextTags: NON_TEXT_TAGS,
    // Text as markdown-it writes it: `"` as a reference too, so that no text can look
    // like an attribute to the site-origin prefixing of src/feed/urls.ts.
    textFilter: (text) => text.replaceAll('"', "&quot;"),
    transformTags: {
      a(_, attribs) {
        const href = attribs.href === undefined ? undefined : options.rewrite("link", attribs.href);
        return { tagName: "a", attribs: { ...(href === undefined ? {} : { href }), ...(attribs.title ? { title: attribs.title } : {}) } };
      },
      img(_, attribs) {
        const src = attribs.src?.trim() ? options.rewrite("image", attribs.src) : undefined;
        found.images++;
        if (src !== undefined && found.firstImage === undefined && /^(?:https?:\/\/|\/)/.test(src)) found.firstImage = src;
        const kept: sanitizeHtml.Attributes = src === undefined ? {} : { src };
        if (attribs.alt !== undefined) kept.alt = attribs.alt;
        if (attribs.title) kept.title = attribs.title;
        return { tagName: "img", attribs: { ...kept, ...dimensions(attribs), ...(target === "page" ? { loading: "lazy" } : {}) } };
      },
      iframe(_, attribs) {
        const src = playerUrl(attribs.src, options);
        // Whatever an iframe holds is never shown where frames work: it goes in every case.
        if (src === undefined) return { tagName: "iframe", attribs: {}, text: "" };
        found.players++;
        const title = attribs.title?.trim();
        if (target === "feed") return { tagName: "a", attribs: { href: src }, text: title || src };
        return {
          tagName: "iframe",
          attribs: {
            src,
            ...(title ? { title } : {}),
            ...dimensions(attribs),
            sandbox: IFRAME_SANDBOX,
            allowfullscreen: "",
            loading: "lazy",
            referrerpolicy: "strict-origin-when-cross-origin",
          },
          text: "",
        };
      },
      center: load().sanitize.simpleTransform("div", { style: "text-align:center" }),
      ...Object.fromEntries(ID_TAGS.map((tag) => [tag, keepOwnId])),
    },
    // An image without a source, or a frame whose source was refused, shows nothing.
    exclusiveFilter: (frame) => (frame.tag === "img" || frame.tag === "iframe") && !frame.attribs.src && !frame.attribs.href,
  };
}

/** Elements with no end tag: one line break each, when they open. */
const VOID = new Set(["br", "hr"]);

/** Elements that end a line of text. */
const BLOCKS = new Set([..."p div br hr h1 h2 h3 h4 h5 h6 blockquote pre ul ol li dl dt dd table caption tr td th figure figcaption center section article".split(" ")]);

/**
 * The text of an HTML fragment as a reader sees it, and the text of each of its `<p>`:
 * the content of `NON_TEXT_TAGS` is left out, block boundaries and `<br>` are line
 * breaks, entities are decoded. For summaries of articles written in raw HTML.
 */
export function htmlText(html: string): { text: string; paragraphs: string[] } {
  const hidden = new Set(NON_TEXT_TAGS);
  let text = "";
  let skipping = 0;
  let paragraph: string | undefined;
  const paragraphs: string[] = [];
  const add = (data: string) => {
    text += data;
    if (paragraph !== undefined) paragraph += data;
  };
  const handler: Partial<Handler> = {
    onopentag(name) {
      if (skipping > 0 || hidden.has(name)) skipping++;
      else if (name === "p") {
        text += "\n";
        paragraph = "";
      } else if (BLOCKS.has(name)) add("\n");
    },
    ontext(data) {
      if (skipping === 0) add(data);
    },
    onclosetag(name) {
      if (skipping > 0) skipping--;
      else if (name === "p" && paragraph !== undefined) {
        paragraphs.push(paragraph);
        paragraph = undefined;
        text += "\n";
      } else if (BLOCKS.has(name) && !VOID.has(name)) add("\n");
    },
  };
  const parser = new (load().Parser)(handler, { decodeEntities: true });
  parser.write(html);
  parser.end();
  return { text: stripXmlForbidden(text), paragraphs: paragraphs.map(stripXmlForbidden) };
}
