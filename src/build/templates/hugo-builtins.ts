/**
 * @module Hugo's built-in shortcodes (gohugo.io/shortcodes/; the templates in
 * hugo/tpl/tplimpl/embedded/templates/_shortcodes/), written as Markdown or as the raw
 * HTML Hugo writes, which the sanitiser then keeps or reduces. Embeds that need a
 * script (gists, posts on X, Instagram) are links to what they show; `qr` is removed:
 * it draws an image this build does not make.
 */
import { removed, type Scope } from "./env.ts";
import type { Shortcode, ShortcodeRule } from "./hugo.ts";
import { escapeHtml, escapeMarkdown, fenceLines, gistLink, htmlAttributes, inlineHtml, markdownLink, VIDEO_ID, vimeoPlayer, youtubePlayer } from "./markup.ts";

/** An argument by name, else by position. */
function arg(shortcode: Shortcode, name: string, position?: number): string | undefined {
  return shortcode.named[name] ?? (position === undefined ? undefined : shortcode.positional[position]);
}

/** `figure` (embedded figure.html): the image, linked when `link` is given, and a caption of title, caption and attribution. */
function figure(shortcode: Shortcode, scope: Scope): string {
  const get = (name: string) => arg(shortcode, name) || undefined;
  const src = get("src");
  if (src === undefined) return removed(scope, "it has no src");
  const caption = get("caption");
  const image = `<img${htmlAttributes({ src, alt: get("alt") ?? caption?.replace(/[*_`[\]]/g, ""), width: get("width"), height: get("height") })}>`;
  const link = get("link");
  const attribution = get("attr") === undefined ? "" : inlineHtml(get("attr") ?? "");
  const credit = get("attrlink") === undefined ? attribution : `<a${htmlAttributes({ href: get("attrlink") })}>${attribution}</a>`;
  const title = get("title") === undefined ? "" : `<h4>${escapeHtml(get("title") ?? "")}</h4>`;
  // Hugo writes caption and attribution with nothing between them; a space reads better.
  const text = caption === undefined && credit === "" ? "" : `<p>${[caption === undefined ? "" : inlineHtml(caption), credit].filter(Boolean).join(" ")}</p>`;
  const figcaption = title + text === "" ? "" : `<figcaption>${title}${text}</figcaption>`;
  return `<figure>${link === undefined ? image : `<a${htmlAttributes({ href: link })}>${image}</a>`}${figcaption}</figure>`;
}

/** A key path looked up as Hugo does: keys compared case-insensitively. */
function lookup(value: unknown, path: string[]): unknown {
  let at = value;
  for (const key of path) {
    if (at === null || typeof at !== "object") return undefined;
    const found = Object.keys(at).find((k) => k.toLowerCase() === key.toLowerCase());
    at = found === undefined ? undefined : (at as Record<string, unknown>)[found];
  }
  return at;
}

/** `param "key"`: the page's param (front matter, or its `params`), else the site's `params` (Page.Param). */
function param(shortcode: Shortcode, scope: Scope): string {
  const key = arg(shortcode, "name", 0) ?? "";
  const path = key.split(".");
  const { page, site } = scope.context;
  const value = [lookup(page, path), lookup(page, ["params", ...path]), lookup(site, ["params", ...path])].find((v) => v !== undefined && v !== null);
  const text = value instanceof Date ? value.toISOString() : Array.isArray(value) ? value.join(", ") : typeof value === "object" || value === undefined ? undefined : String(value);
  if (text === undefined) return removed(scope, `"${key}" is neither in the front matter nor in the site's params`);
  return shortcode.markdown ? text : escapeMarkdown(text);
}

/** `ref`/`relref "path#anchor"`: the article's path, and the anchor; `"#anchor"` alone is this page. */
function reference(kind: "ref" | "relref"): ShortcodeRule {
  return {
    expand: (shortcode, scope) => {
      const target = arg(shortcode, "path", 0) ?? "";
      const hash = target.indexOf("#");
      const [path, anchor] = hash === -1 ? [target, ""] : [target.slice(0, hash), target.slice(hash)];
      if (path === "") return anchor;
      const found = scope.link(kind, path);
      return found ? found.path + anchor : { unresolved: "" };
    },
  };
}

const YOUTUBE: ShortcodeRule = {
  expand: (shortcode, scope) => {
    const id = arg(shortcode, "id", 0) ?? "";
    if (!VIDEO_ID.test(id)) return removed(scope, "it names no video");
    return youtubePlayer(id, { start: arg(shortcode, "start"), end: arg(shortcode, "end"), label: arg(shortcode, "title") });
  },
};

const VIMEO: ShortcodeRule = {
  expand: (shortcode, scope) => {
    const id = arg(shortcode, "id", 0) ?? "";
    return VIDEO_ID.test(id) ? vimeoPlayer(id, arg(shortcode, "title")) : removed(scope, "it names no video");
  },
};

/** `x`/`tweet` with `user` and `id` (or the old positional id): a link to the post. */
const POST: ShortcodeRule = {
  expand: (shortcode, scope) => {
    const [first, second] = shortcode.positional;
    const user = arg(shortcode, "user") ?? (second === undefined ? undefined : first);
    const id = arg(shortcode, "id") ?? second ?? first ?? "";
    if (!/^\d+$/.test(id)) return removed(scope, "it names no post");
    return user ? markdownLink(`Post by @${user}`, `https://x.com/${encodeURIComponent(user)}/status/${id}`) : markdownLink("Post on X", `https://x.com/i/status/${id}`);
  },
};

const INSTAGRAM: ShortcodeRule = {
  expand: (shortcode, scope) => {
    const id = arg(shortcode, "id", 0) ?? "";
    return VIDEO_ID.test(id) ? markdownLink(`Instagram post ${id}`, `https://www.instagram.com/p/${id}/`) : removed(scope, "it names no post");
  },
};

export const HUGO_SHORTCODES: Record<string, ShortcodeRule> = {
  figure: { expand: figure },
  youtube: YOUTUBE,
  vimeo: VIMEO,
  vimeo_simple: VIMEO,
  /** `highlight lang "options"`: options (line numbers, marked lines) are presentation. */
  highlight: { inner: "code", expand: (shortcode, _scope, code) => ({ lines: fenceLines(code, shortcode.positional[0]) }) },
  ref: reference("ref"),
  relref: reference("relref"),
  param: { expand: param },
  gist: {
    expand: (shortcode, scope) => {
      const [user, id, file] = shortcode.positional;
      return user && id && /^[\w-]+$/.test(user + id) ? gistLink(`${user}/${id}`, file) : removed(scope, "it names no gist");
    },
  },
  x: POST,
  x_simple: POST,
  tweet: POST,
  twitter: POST,
  twitter_simple: POST,
  instagram: INSTAGRAM,
  instagram_simple: INSTAGRAM,
  /** `details summary="..." [open]`: a bold summary line, then the inner text (Markdown, as Hugo renders it). */
  details: { expand: (shortcode) => ({ open: [`**${escapeMarkdown(arg(shortcode, "summary") ?? "Details")}**`], close: [] }) },
  qr: { inner: "drop", expand: (_shortcode, scope) => removed(scope, "a QR code is an image this build does not draw") },
  /** `comment` (Hugo 0.137): its inner text is not for readers. */
  comment: { inner: "drop", expand: () => "" },
};
