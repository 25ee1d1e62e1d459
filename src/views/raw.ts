/**
 * @module The only markup the views pass through unescaped. `hono/jsx` escapes every
 * value a view interpolates; what is here is written into pages as is, so it is kept to
 * two kinds and each is typed as narrowly as it can be:
 *
 * - `TrustedHtml`: an article's body, the one value from content. It is HTML rendered
 *   at build time from Markdown with raw HTML off (src/build/markdown.ts) and sanitised
 *   there (issue 11), so `PageRecord.html` is safe HTML by contract.
 * - `InlineStyle` and `InlineScript`: our own stylesheets and copy script, constants
 *   whose SHA-256 the Content-Security-Policy lists. `<style>` and `<script>` are raw
 *   text elements, so escaping would change their bytes (and break the hash); the props
 *   accept only those constants' literal types, never a computed string.
 *
 * - `BuiltHtml`: what one of these views rendered at build time (the home page's term
 *   lists, src/build/lists.ts; the kinds' index lists, src/build/term-index.ts), escaped
 *   there as here, and read back from the assets.
 *
 * Anything else that looks like it needs `raw()` is a value to escape instead.
 */
import { raw } from "hono/html";
import type { EMBED_STYLE } from "./embed.tsx";
import type { COPY_SCRIPT, PAGE_STYLE } from "./html.ts";

/** Article body HTML, made safe at build time: written into the page as is. */
export function TrustedHtml({ html }: { html: string }) {
  return raw(html);
}

/** Markup these views rendered at build time: written into the page as is. */
export function BuiltHtml({ html }: { html: string }) {
  return raw(html);
}

/** One of the hashed stylesheets, byte for byte. */
export function InlineStyle({ css }: { css: typeof PAGE_STYLE | typeof EMBED_STYLE }) {
  return raw(`<style>${css}</style>`);
}

/** The hashed copy script, byte for byte. */
export function InlineScript({ js }: { js: typeof COPY_SCRIPT }) {
  return raw(`<script>${js}</script>`);
}
