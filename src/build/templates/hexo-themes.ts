/**
 * @module Tags of Hexo's most used themes, NexT (theme-next.js.org/docs/tag-plugins/) and
 * Butterfly, which share `note`: what a reader needs of them in a feed. A note is a
 * quote (its colour, icon and style go; NexT's summary is its first line), a centred
 * quote a quote, a label its text, a button a link, a Mermaid diagram its source in a
 * `mermaid` fence (what Markdown renderers that draw diagrams read). Their other tags
 * (tabs, grouped pictures, PDFs) are removed with a warning by ./braces.ts, keeping what
 * they wrap.
 */
import type { Tag, TagRule } from "./braces.ts";
import type { Expansion } from "./env.ts";
import { escapeMarkdown, fenceLines, markdownLink } from "./markup.ts";

/** Words of a note that style it: NexT's and Butterfly's colours and styles, Font Awesome icons. */
const NOTE_STYLE =
  /^(?:default|primary|success|info|warning|danger|blue|pink|red|purple|orange|green|simple|modern|flat|disabled|no-icon|icon-padding)$|(?:^|\s)fa[a-z]*(?:\s|$)|\bfa-/;

/** `{% note [class] [no-icon] [summary] %}` (NexT), `{% note [color] [icon] [style] %}` (Butterfly). */
function note(tag: Tag): Expansion {
  const summary = tag.words.filter((word) => !NOTE_STYLE.test(word)).join(" ");
  return { open: ["<blockquote>", ...(summary ? ["", `**${escapeMarkdown(summary)}**`] : [])], close: ["</blockquote>"] };
}

const CENTRED_QUOTE: TagRule = { body: "markdown", expand: () => ({ open: ["<blockquote>"], close: ["</blockquote>"] }) };

/** `{% button url, text, [icon], [title] %}`: NexT separates the arguments with commas. */
const BUTTON: TagRule = {
  expand: (tag) => {
    const [url = "", text = ""] = tag.args.split(",").map((part) => part.trim());
    return markdownLink(text || url, url);
  },
};

export const THEME_TAGS: Record<string, TagRule> = {
  note: { body: "markdown", expand: note },
  centerquote: CENTRED_QUOTE,
  cq: CENTRED_QUOTE,
  /** `{% label [class]@text %}`. */
  label: { expand: (tag) => escapeMarkdown(tag.args.slice(tag.args.indexOf("@") + 1).trim()) },
  button: BUTTON,
  btn: BUTTON,
  /** `{% mermaid type %}...{% endmermaid %}`: the type is the diagram's first line. */
  mermaid: { body: "code", expand: (tag, _scope, code) => ({ lines: fenceLines([tag.args, code].filter(Boolean).join("\n"), "mermaid") }) },
};
