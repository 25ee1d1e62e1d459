/**
 * Issue 12, escaping by default: the views are `hono/jsx`, which escapes every value, and
 * the only markup written as is comes from src/views/raw.ts. This keeps it that way: no
 * other view module may reach for `raw()`, `dangerouslySetInnerHTML` or a hand-written
 * escaper, so an unescaped value cannot hide in a view.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const VIEWS = resolve(import.meta.dirname, "../../src/views");
const FILES = readdirSync(VIEWS).filter((name) => /\.tsx?$/.test(name) && name !== "raw.ts" && name !== "embed-script.ts");

describe("unescaped markup in src/views/ lives in raw.ts only", () => {
  it.each(FILES)("%s", (name) => {
    const source = readFileSync(join(VIEWS, name), "utf8");
    expect(source).not.toMatch(/\braw\s*\(|\braw\b[^;]*from\s*"hono\/html"|dangerouslySetInnerHTML|escapeHtml|\be\(/);
  });

  it("raw.ts passes through the article body, markup the views rendered at build time and the hashed constants, nothing else", () => {
    const source = readFileSync(join(VIEWS, "raw.ts"), "utf8");
    expect([...source.matchAll(/^export function (\w+)/gm)].map((m) => m[1])).toEqual(["TrustedHtml", "BuiltHtml", "InlineStyle", "InlineScript"]);
  });
});
