/**
 * @module Records what the Markdown renderer makes of a fixed set of bodies, for
 * tests/node/markdown-identity.test.ts: every article in content/, the fixtures in
 * tests/fixtures/{hostile,broken}, and documents drawn with fixed seeds from
 * tests/fixtures/markdown-vocabulary.ts and tests/fixtures/articles.ts. The file holds
 * each source with its output, so the check does not move when content/ does.
 *
 *     node tests/record-markdown-identity.ts
 *
 * Recorded once, before issue 18's dialects were added (footnotes, task lists, definition
 * lists, heading ids, kramdown attribute lists), from the renderer as it was: a body that
 * uses none of them must render exactly as then. Record again only for a change of output
 * that is meant, and say so in the commit.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { type BodyPolicy, markdownText, renderMarkdown } from "../src/build/markdown.ts";
import { siteSettings } from "../src/settings.ts";
import { block, markdownBody } from "./fixtures/articles.ts";
import { markdownWithReferences, plainMarkdown } from "./fixtures/markdown-vocabulary.ts";

const ROOT = join(import.meta.dirname, "..");
export const IDENTITY_FILE = join(ROOT, "tests/fixtures/markdown-identity.json");

/** The policy every body is rendered with: the default players, and the seed's image host upgraded. */
const POLICY: BodyPolicy = { iframeHosts: siteSettings({}).iframeHosts, upgradeImageHosts: ["news.nankai.edu.cn"] };

/** The Markdown files of `dir`, their front matter (if any) cut off. */
function bodies(dir: string): { name: string; source: string }[] {
  return readdirSync(join(ROOT, dir))
    .filter((f) => f.endsWith(".md"))
    .sort()
    .map((f) => ({ name: `${dir}/${f}`, source: readFileSync(join(ROOT, dir, f), "utf8").replace(/^---\n[\s\S]*?\n---\n/, "") }));
}

const drawn = (name: string, arbitrary: fc.Arbitrary<string>, seed: number, count: number) =>
  fc.sample(arbitrary, { seed, numRuns: count }).map((source, i) => ({ name: `${name} ${i}`, source }));

const sources = [
  ...bodies("content"),
  ...bodies("tests/fixtures/hostile"),
  ...bodies("tests/fixtures/broken"),
  ...drawn("plain", plainMarkdown, 18, 60),
  ...drawn("references", markdownWithReferences, 1808, 60),
  ...drawn("hostile text", fc.array(block, { minLength: 1, maxLength: 4 }).map(markdownBody), 1818, 30),
];

const documents = sources.map(({ name, source }, i) => {
  const basePath = `/posts/p${i}/`;
  return { name, basePath, source, rendered: renderMarkdown(source, basePath, POLICY), text: markdownText(source) };
});

writeFileSync(IDENTITY_FILE, `${JSON.stringify({ policy: POLICY, documents }, null, 1)}\n`);
console.log(`${documents.length} documents -> ${IDENTITY_FILE}`);
