/**
 * @module What a site's sources say about it before they are read in full, for a site
 * copied into content/ without its generator's config: which generator wrote them (the
 * placeholders of `PERMALINKS`, Jekyll's space-separated categories and the other habits
 * of ./header.ts depend on it) and what language they are in (the pages' words, and
 * whether a Chinese variant is worth making). Read from the tree's shape and the first
 * kilobytes of a sample of its articles. `SITE_GENERATOR` and `SITE_LANGUAGE` say it
 * outright; a config in content/ (./site-config.ts) names its generator.
 */
import { closeSync, openSync, readSync } from "node:fs";
import { join } from "node:path";
import type { ContentTree } from "./content-tree.ts";
import type { Generator } from "./site-config.ts";

/** Articles sampled, spread evenly over the tree. */
const SAMPLE = 200;

/** Bytes read from the start of each. */
const HEAD_BYTES = 4096;

/** What the sample says. */
export interface Sniffed {
  generator: Generator | undefined;
  /** A language tag for the text of the titles and bodies sampled: `zh-CN`, `zh-TW`, `ja`, `ko` or `en` (any other script). */
  language: string;
}

/** Signs of each generator in a source's head: front matter keys, template syntax. */
const SIGNS: Record<Generator, RegExp[]> = {
  hugo: [/^\+\+\+/, /^\{\s*"/, /\{\{[<%]/, /^(?:lastmod|aliases|weight|images|series|toc|showtoc|summary):/im],
  zola: [/^\[taxonomies\]/m, /^\[extra\]/m, /^path\s*=/m, /\{\{\s*[a-z_]+\(/, /\{%\s*[a-z_]+\([^)]*\)\s*%\}/],
  jekyll: [/^layout:\s*post\b/m, /\{%\s*(?:highlight|post_url|include|link)\b/, /^(?:redirect_from|last_modified_at|excerpt_separator):/m],
  hexo: [/^updated:/m, /\{%\s*(?:asset_img|codeblock|note|post_link|asset_path)\b/, /^[a-z_]+:.*\n(?:[a-z_]+:.*\n)*---/],
};

/** Common characters written differently in Simplified and Traditional Chinese. */
const SIMPLIFIED = /[这个们来为说时国学会发对后于经过还进开关]/g;
const TRADITIONAL = /[這個們來為說時國學會發對後於經過還進開關]/g;

/** The first `HEAD_BYTES` of a file, as UTF-8 (a character cut at the end is dropped). */
function head(path: string): string {
  const fd = openSync(path, "r");
  try {
    const bytes = Buffer.allocUnsafe(HEAD_BYTES);
    const read = readSync(fd, bytes, 0, HEAD_BYTES, 0);
    return bytes.toString("utf8", 0, read).replace(/\uFFFD$/, "");
  } finally {
    closeSync(fd);
  }
}

/** The language of `text` by its script; Chinese by its common characters' forms. */
export function guessLanguage(text: string): string {
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  const count = (pattern: RegExp) => text.match(pattern)?.length ?? 0;
  const kana = count(/[\p{Script=Hiragana}\p{Script=Katakana}]/gu);
  const hangul = count(/\p{Script=Hangul}/gu);
  const han = count(/\p{Script=Han}/gu);
  if (letters === 0) return "en";
  if (kana > letters * 0.05) return "ja";
  if (hangul > letters * 0.2) return "ko";
  if (han > letters * 0.2) return count(TRADITIONAL) > count(SIMPLIFIED) ? "zh-TW" : "zh-CN";
  return "en";
}

/** The generator whose signs are most common in `heads`, given the tree's shape; `undefined` when nothing points anywhere. */
export function guessGenerator(tree: ContentTree, heads: readonly string[]): Generator | undefined {
  const score: Record<Generator, number> = { hugo: 0, zola: 0, jekyll: 0, hexo: 0 };
  for (const text of heads) {
    // Zola's signs first: its TOML front matter is Hugo's form too.
    if (SIGNS.zola.some((sign) => sign.test(text))) score.zola++;
    else if (SIGNS.hugo.some((sign) => sign.test(text))) score.hugo++;
    for (const generator of ["jekyll", "hexo"] as const) if (SIGNS[generator].some((sign) => sign.test(text))) score[generator]++;
  }
  const posts = tree.articles.some((a) => /(?:^|\/)_posts\//.test(a.file));
  if (posts) {
    // Jekyll and Hexo keep posts in `_posts`; Hexo's posts keep assets in a folder of their name.
    if (tree.articles.some((a) => a.bundle !== undefined && !/^index\./i.test(a.file.slice(a.file.lastIndexOf("/") + 1)))) score.hexo += heads.length;
    return score.hexo > score.jekyll ? "hexo" : "jekyll";
  }
  if (tree.sectionPages.length > 0 || tree.articles.some((a) => a.bundle !== undefined)) score.hugo++;
  const best = (["hugo", "zola"] as const).reduce((a, b) => (score[b] > score[a] ? b : a));
  return score[best] > 0 ? best : undefined;
}

/** Samples `tree`'s articles under `contentDir` and says what they show. */
export function sniffContent(contentDir: string, tree: ContentTree): Sniffed {
  const step = Math.max(1, Math.floor(tree.articles.length / SAMPLE));
  const heads: string[] = [];
  for (let i = 0; i < tree.articles.length && heads.length < SAMPLE; i += step) heads.push(head(join(contentDir, (tree.articles[i] as (typeof tree.articles)[number]).file)));
  return { generator: guessGenerator(tree, heads), language: guessLanguage(heads.join("\n")) };
}
