/**
 * @module Jekyll's own Liquid tags (jekyllrb.com/docs/liquid/tags/), which liquidjs does
 * not have: `highlight` (a fence), `link` and `post_url` (the article they name, through
 * the context's resolver), the includes (removed: they read the theme's `_includes/`,
 * which is not here) and jekyll-gist's `gist`. Liquid itself, variables and filters are
 * ./liquid.ts.
 */
import type { TagRule } from "./braces.ts";
import { removed } from "./env.ts";
import { hexoLink } from "./hexo.ts";
import { fenceLines, gistLink } from "./markup.ts";

/** An include's warning: the same for every include, so a file gets one line listing them. */
const INCLUDE: TagRule = {
  expand: (_tag, scope) => removed(scope, "includes are the theme's files, which this build does not have"),
};

export const JEKYLL_TAGS: Record<string, TagRule> = {
  /**
   * `{% highlight lang [linenos] [mark_lines="..."] %}`: the language is the first word;
   * line numbers and marks are presentation, which a fence does not carry.
   */
  highlight: { body: "code", expand: (tag, _scope, code) => ({ lines: fenceLines(code, tag.words[0]) }) },
  /**
   * `{% link _posts/2019-01-11-name.md %}` names a file by its path; Hexo's
   * `{% link text url [external] [title] %}` has two words at least.
   */
  link: {
    expand: (tag, scope, body) => {
      if (tag.words.length >= 2) return hexoLink(tag, scope, body);
      return scope.link("link", tag.args)?.path ?? { unresolved: "" };
    },
  },
  /** `{% post_url 2019-01-11-name %}` (or `category/2019-01-11-name`): a post by its file name without extension. */
  post_url: { expand: (tag, scope) => scope.link("post_url", tag.args)?.path ?? { unresolved: "" } },
  include: INCLUDE,
  include_relative: INCLUDE,
  /** jekyll-include-cache. */
  include_cached: INCLUDE,
  /** Liquid 5's `render` reads a snippet file too. */
  render: INCLUDE,
  /** jekyll-gist: `{% gist user/id [file] %}` or `{% gist id %}`, also Hexo's `{% gist id [file] %}`. */
  gist: {
    expand: (tag, scope) => {
      const [path, file] = tag.words;
      return path !== undefined && /^[\w-]+(?:\/[\w-]+)?$/.test(path) ? gistLink(path, file) : removed(scope, "it names no gist");
    },
  },
};
