/**
 * @module Hexo's tag plugins (hexo.io/docs/tag-plugins; hexo/lib/plugins/tag/*), and the
 * tags of its most used themes (./hexo-themes.ts), as Markdown or the raw HTML the
 * sanitiser keeps. Arguments are read as
 * Hexo reads them: words, quoted strings as one word (./constructs.ts `splitWords`), and
 * captions, image titles and quote footers with Hexo's regular expressions (a quote's
 * footer also takes an author and a link without a title). Assets of the article's
 * asset folder are named relative to the article, which is where the build publishes
 * them.
 */
import type { Tag, TagRule } from "./braces.ts";
import { type Expansion, removed, type Scope } from "./env.ts";
import { THEME_TAGS } from "./hexo-themes.ts";
import { escapeHtml, escapeMarkdown, fenceLines, htmlAttributes, htmlImage, markdownImage, markdownLink, VIDEO_ID, vimeoPlayer, youtubePlayer } from "./markup.ts";

/** A word that is a URL or a site path (Hexo's `rUrl` also takes `www.`). */
const URL_WORD = /^(?:[A-Za-z][\w+.-]*:\/\/|www\.|\/)/;

/** Hexo's img.ts: the title, then the alt text, each maybe quoted. */
const IMAGE_META = /["']?([^"']+)?["']?\s*["']?([^"']+)?["']?/;

/** `[class...] src [width] [height] [title [alt]]` from the word at `at` (the source). */
function image(words: string[], at: number): string {
  const src = words[at] ?? "";
  const rest = words.slice(at + 1);
  const width = /^\d+%?$/.test(rest[0] ?? "") ? rest.shift() : undefined;
  const height = width !== undefined && /^\d+%?$/.test(rest[0] ?? "") ? rest.shift() : undefined;
  const meta = IMAGE_META.exec(rest.join(" "));
  const title = meta?.[1]?.trim() || undefined;
  const alt = meta?.[2]?.trim() || undefined;
  if (width !== undefined) return htmlImage({ src, alt: alt ?? title ?? "", title, width, height });
  return markdownImage(alt ?? title ?? "", src, alt === undefined ? undefined : title);
}

/** `{% codeblock [title] [lang:x] [url] [link text] [option:value...] %}` (hexo/lib/plugins/tag/code.ts). */
function codeblock(tag: Tag, _scope: Scope, code: string): Expansion {
  let args = tag.words.join(" ");
  const language = /(?:^|\s)lang:(\S+)/i.exec(args)?.[1];
  args = args.replace(/(?:^|\s)(?:lang|line_number|line_threshold|highlight|first_line|mark|wrap):\S*/gi, "").trim();
  const cite = /^(\S.*?)\s+(https?:\/\/\S+)(?:\s+(.+))?$/i.exec(args);
  const caption = cite ? `*${escapeMarkdown(cite[1] ?? "")}* ${markdownLink(cite[3] ?? "link", cite[2] ?? "")}` : args === "" ? undefined : `*${escapeMarkdown(args)}*`;
  return { lines: [...(caption === undefined ? [] : [caption]), ...fenceLines(code, language)] };
}

/** `{% blockquote [author[, source]] [link] [source title] %}` (hexo/lib/plugins/tag/blockquote.ts), its footer a paragraph. */
function blockquote(tag: Tag): Expansion {
  const args = tag.words.join(" ");
  const full = /^(\S.*?)\s+(https?:\/\/\S+)(?:\s+(.+))?$/i.exec(args);
  const byTitle = full ? null : /^([^,]+),\s*([^,]+)$/.exec(args);
  const author = (full?.[1] ?? byTitle?.[1] ?? args).trim();
  const source = full?.[2];
  const title = (full?.[3] ?? byTitle?.[2])?.trim();
  const cite = source
    ? `<cite><a${htmlAttributes({ href: source })}>${escapeHtml(title ?? source.replace(/^https?:\/\/|\/(?:index\.html?)?$/g, ""))}</a></cite>`
    : title
      ? `<cite>${escapeHtml(title)}</cite>`
      : "";
  const footer = [author ? `<strong>${escapeHtml(author)}</strong>` : "", cite].filter(Boolean).join(", ");
  return { open: ["<blockquote>"], close: [...(footer ? [`<p>— ${footer}</p>`] : []), "</blockquote>"] };
}

/** Words without Hexo's trailing `escape` flag (`true`/`false`). */
function withoutFlag(words: string[]): string[] {
  return /^(?:true|false)$/.test(words.at(-1) ?? "") && words.length > 1 ? words.slice(0, -1) : words;
}

/** `{% link text url [external] [title] %}` (hexo/lib/plugins/tag/link.ts). */
export function hexoLink(tag: Tag, _scope: Scope, _body: string): Expansion {
  const at = tag.words.findIndex((w) => URL_WORD.test(w));
  if (at === -1) return escapeMarkdown(tag.words.join(" "));
  const rest = tag.words.slice(at + 1);
  if (/^(?:true|false)$/.test(rest[0] ?? "")) rest.shift();
  return markdownLink(tag.words.slice(0, at).join(" ") || (tag.words[at] ?? ""), tag.words[at] ?? "", rest.join(" ") || undefined);
}

/** `{% url_for text path %}`, `{% full_url_for text path %}`: a link. */
function urlFor(tag: Tag): Expansion {
  const [text = "", path = ""] = tag.words;
  return markdownLink(text, path);
}

function unavailable(message: string): TagRule {
  return { expand: (_tag, scope) => removed(scope, message) };
}

const CODE: TagRule = { body: "code", expand: codeblock };
const QUOTE: TagRule = { body: "markdown", expand: blockquote };
const ASSET_IMAGE: TagRule = {
  /** `{% asset_img [class] slug [width] [height] [title [alt]] %}`: the slug is the first word naming a file. */
  expand: (tag) =>
    image(
      tag.words,
      Math.max(
        0,
        tag.words.findIndex((w) => /[./]/.test(w)),
      ),
    ),
};
const IMAGE: TagRule = {
  /** `{% img [class] src [width] [height] [title [alt]] %}`: the source is the first word that is a URL or a path. */
  expand: (tag) =>
    image(
      tag.words,
      Math.max(
        0,
        tag.words.findIndex((w) => URL_WORD.test(w) || /^\.{0,2}\/|\.\w+$/.test(w)),
      ),
    ),
};

export const HEXO_TAGS: Record<string, TagRule> = {
  ...THEME_TAGS,
  codeblock: CODE,
  code: CODE,
  blockquote: QUOTE,
  quote: QUOTE,
  pullquote: { body: "markdown", expand: () => ({ open: ["<blockquote>"], close: ["</blockquote>"] }) },
  asset_img: ASSET_IMAGE,
  asset_image: ASSET_IMAGE,
  img: IMAGE,
  image: IMAGE,
  asset_path: { expand: (tag) => encodeURI(tag.words[0] ?? "") },
  asset_link: {
    expand: (tag) => {
      const [slug = "", ...title] = withoutFlag(tag.words);
      return markdownLink(title.join(" ") || slug, encodeURI(slug));
    },
  },
  post_link: {
    expand: (tag, scope) => {
      const [slug = "", ...title] = withoutFlag(tag.words);
      const found = scope.link("post_link", slug);
      const text = title.join(" ") || found?.title || slug;
      return found ? markdownLink(text, found.path) : escapeMarkdown(text);
    },
  },
  post_path: { expand: (tag, scope) => scope.link("post_path", tag.words[0] ?? "")?.path ?? { unresolved: "" } },
  youtube: {
    /** `{% youtube id [video|playlist] [cookie] %}` (hexo-tag-embed): `false` for cookie is youtube-nocookie.com. */
    expand: (tag, scope) => {
      const [id = "", type, cookie] = tag.words;
      if (!VIDEO_ID.test(id)) return removed(scope, "it names no video");
      return youtubePlayer(id, { playlist: type === "playlist", nocookie: cookie === "false" || type === "false" });
    },
  },
  vimeo: { expand: (tag, scope) => (VIDEO_ID.test(tag.words[0] ?? "") ? vimeoPlayer(tag.words[0] ?? "") : removed(scope, "it names no video")) },
  iframe: { expand: (tag) => `<iframe${htmlAttributes({ src: tag.words[0], width: tag.words[1], height: tag.words[2] })}></iframe>` },
  url_for: { expand: urlFor },
  full_url_for: { expand: urlFor },
  include_code: unavailable("it reads a file of the site's source/ folder, which this build does not have"),
  include_raw: unavailable("it reads a file of the site's source/ folder, which this build does not have"),
};
