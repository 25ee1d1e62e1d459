/**
 * @module The Markdown and HTML the dialects write: links, images, fences, players,
 * escaped so that the values they carry (titles, captions, file names) stay text.
 * Whatever raw HTML is written here still goes through the body's sanitiser
 * (../raw-html.ts), which keeps `<figure>`, `<figcaption>`, `<blockquote>`, `<cite>` and
 * players from `IFRAME_HOSTS`.
 */
import MarkdownIt from "markdown-it";

const md = new MarkdownIt({ html: true });

/** `text` as HTML text or attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** `text` as Markdown inline text: every character Markdown could read as syntax is backslash-escaped (CommonMark 2.4). */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>&!#|~]/g, "\\$&");
}

/** Inline Markdown rendered to HTML, for captions Hugo renders with `markdownify`. */
export function inlineHtml(markdown: string): string {
  return md.renderInline(markdown);
}

/** A link destination as Markdown writes it: in `<...>` when it has spaces or brackets. */
function destination(url: string): string {
  return url === "" || /[\s<>()\\]/.test(url) ? `<${url.replace(/[<>\\]/g, "\\$&")}>` : url;
}

function title(text: string | undefined): string {
  return text ? ` "${text.replace(/["\\]/g, "\\$&")}"` : "";
}

export function markdownLink(text: string, url: string, hover?: string): string {
  return `[${escapeMarkdown(text)}](${destination(url)}${title(hover)})`;
}

export function markdownImage(alt: string, src: string, hover?: string): string {
  return `!${markdownLink(alt, src, hover)}`;
}

/** An `<img>` for what Markdown images cannot say (width, height). */
export function htmlImage(attributes: Record<string, string | undefined>): string {
  return `<img${htmlAttributes(attributes)}>`;
}

export function htmlAttributes(attributes: Record<string, string | undefined>): string {
  return Object.entries(attributes)
    .filter(([, value]) => value !== undefined && value !== "")
    .map(([name, value]) => ` ${name}="${escapeHtml(value ?? "")}"`)
    .join("");
}

/**
 * A fenced code block as lines: the fence is longer than any backtick run in the code
 * (CommonMark 4.5), and the language is the info string's first word.
 */
export function fenceLines(code: string, language: string | undefined): string[] {
  const longest = Math.max(2, ...[...code.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(longest + 1);
  const info = (language ?? "").replace(/[`\s]/g, "");
  return [`${fence}${info}`, ...(code === "" ? [] : code.split("\n")), fence];
}

/**
 * The body of a block tag as code: the rest of the opening tag's line and the
 * indentation before the closing tag dropped, and `indent` (the opening tag's) removed
 * from every line, since the lines of the fence get it back.
 */
export function blockCode(body: string, indent: string): string {
  const code = body.replace(/^[ \t]*\r?\n/, "").replace(/\r?\n[ \t]*$/, "");
  return indent === "" ? code : code.replace(new RegExp(`^${indent}`, "gm"), "");
}

/** A player: the sanitiser keeps it on the page for `IFRAME_HOSTS` and makes it a link in feeds (named by `label`). */
export function player(src: string, label: string): string {
  return `<iframe${htmlAttributes({ src, title: label })} allowfullscreen></iframe>`;
}

/** Video ids as the players take them: letters, digits, `-`, `_` (anything else could leave the URL). */
export const VIDEO_ID = /^[\w-]+$/;

export function youtubePlayer(
  id: string,
  options: { nocookie?: boolean; playlist?: boolean; start?: string | undefined; end?: string | undefined; label?: string | undefined } = {},
): string {
  const host = options.nocookie ? "www.youtube-nocookie.com" : "www.youtube.com";
  const query = new URLSearchParams();
  if (options.playlist) query.set("list", id);
  if (options.start && /^\d+$/.test(options.start)) query.set("start", options.start);
  if (options.end && /^\d+$/.test(options.end)) query.set("end", options.end);
  const search = query.size > 0 ? `?${query}` : "";
  return player(`https://${host}/embed/${options.playlist ? "videoseries" : id}${search}`, options.label || "YouTube video");
}

export function vimeoPlayer(id: string, label?: string | undefined): string {
  return player(`https://player.vimeo.com/video/${id}`, label || "Vimeo video");
}

/** A link to a gist (`user/id`, or an id alone, which GitHub redirects). */
export function gistLink(path: string, file?: string): string {
  return markdownLink(`Gist ${path}${file ? `: ${file}` : ""}`, `https://gist.github.com/${path}${file ? `#file-${file.replace(/[^\w-]/g, "-").toLowerCase()}` : ""}`);
}
