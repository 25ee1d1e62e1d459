/**
 * @module Placeholders: the body is expanded in passes (code, escapes, Hugo, Liquid-style
 * tags, Liquid), and what a pass has finished (code, output, literal text) must be
 * neither re-read by the next passes nor seen by Liquid. Each finished piece becomes
 * `OPEN index CLOSE` with as many line breaks inside as the text it replaced had, so
 * the working text keeps the body's line numbers (warnings name them, and liquidjs
 * reports positions in it) and a Liquid `{%-` cannot trim into it. `reveal` puts the
 * pieces back, those inside pieces too.
 *
 * The markers are private-use characters the body does not hold (the compiler already
 * removes U+E000 and U+E001 from sources, so these start above them).
 */
import { type Expansion, lineIndex } from "./env.ts";

export class Placeholders {
  private readonly open: string;
  private readonly close: string;
  private readonly values: string[] = [];
  private readonly pattern: RegExp;

  constructor(body: string) {
    const free: string[] = [];
    for (let code = 0xe010; free.length < 2; code++) {
      const char = String.fromCharCode(code);
      if (!body.includes(char)) free.push(char);
    }
    [this.open, this.close] = free as [string, string];
    this.pattern = new RegExp(`${this.open}(\\d+)\\n*${this.close}`, "g");
  }

  /** A placeholder for `value` in place of `source`, with `source`'s line breaks. */
  hide(source: string, value: string): string {
    this.values.push(value);
    return `${this.open}${this.values.length - 1}${"\n".repeat(countLines(source))}${this.close}`;
  }

  /** `text` with every placeholder replaced by its value. */
  reveal(text: string): string {
    return text.replace(this.pattern, (whole, index: string) => {
      const value = this.values[Number(index)];
      return value === undefined ? whole : this.reveal(value);
    });
  }
}

function countLines(text: string): number {
  let count = 0;
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) count++;
  return count;
}

/** Replacements of spans of one text, applied at once as placeholders. */
export class Edits {
  private readonly list: { start: number; end: number; value: string }[] = [];

  readonly text: string;

  constructor(text: string) {
    this.text = text;
  }

  /** Replaces `[start, end)` with `value` (finished text). */
  replace(start: number, end: number, value: string): void {
    this.list.push({ start, end, value });
  }

  /**
   * Places `expansion` of a construct at `[start, end)`; `closeAt`, the span of the
   * construct that closes it, gets an `open`/`close` expansion's `close` (else nothing).
   */
  place(start: number, end: number, expansion: Expansion, closeAt?: [number, number]): void {
    const wrap = typeof expansion === "object" && "open" in expansion ? expansion : undefined;
    if (closeAt) this.replace(closeAt[0], closeAt[1], wrap && wrap.close.length > 0 ? this.onOwnLines(closeAt[0], closeAt[1], ["", ...wrap.close]) : "");
    if (typeof expansion === "string") this.replace(start, end, expansion);
    else if ("lines" in expansion) this.replace(start, end, this.onOwnLines(start, end, expansion.lines));
    else if (wrap) this.replace(start, end, wrap.open.length > 0 ? this.onOwnLines(start, end, [...wrap.open, ""]) : "");
    else if ("unresolved" in expansion && !this.unlink(start, end)) this.replace(start, end, expansion.unresolved);
  }

  /**
   * `lines` on lines of their own at `[start, end)`: a line break (and the line's
   * indentation, so a list item keeps them) is added before them when text precedes the
   * construct on its line, and after them when text follows.
   */
  private onOwnLines(start: number, end: number, lines: string[]): string {
    const lineStart = this.text.lastIndexOf("\n", start - 1) + 1;
    const before = this.text.slice(lineStart, start);
    const indent = /^[ \t]*/.exec(before)?.[0] ?? "";
    const lineEnd = this.text.indexOf("\n", end);
    const after = this.text.slice(end, lineEnd === -1 ? undefined : lineEnd);
    const breakLine = `\n${indent}`;
    return `${before.trim() === "" ? "" : breakLine}${lines.join(breakLine)}${after.trim() === "" ? "" : breakLine}`;
  }

  /**
   * Drops the Markdown link around `[start, end)` (`[text](` construct `)`), keeping its
   * text, when there is one; a fragment or title after the construct goes with it.
   */
  private unlink(start: number, end: number): boolean {
    const open = /\[([^[\]\n]*)\]\(\s*$/.exec(this.text.slice(Math.max(0, start - 500), start));
    const close = /^[^)\n]*\)/.exec(this.text.slice(end, end + 500));
    if (!open || !close) return false;
    const bracket = start - open[0].length;
    this.replace(bracket, bracket + 1, "");
    this.replace(bracket + 1 + (open[1]?.length ?? 0), end + close[0].length, "");
    return true;
  }

  /** The text with every replacement made, as placeholders; overlapping replacements after the first are dropped. */
  apply(store: Placeholders): string {
    const sorted = [...this.list].sort((a, b) => a.start - b.start || a.end - b.end);
    let out = "";
    let at = 0;
    for (const { start, end, value } of sorted) {
      if (start < at) continue;
      out += this.text.slice(at, start) + store.hide(this.text.slice(start, end), value);
      at = end;
    }
    return out + this.text.slice(at);
  }

  /** 0-based line of `position`. */
  line(position: number): number {
    return lineIndex(this.text, position);
  }
}
