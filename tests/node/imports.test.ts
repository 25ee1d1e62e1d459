/**
 * Imports point one way (issue 19): every module under src/ sits in a layer, and imports
 * only from its own layer and the ones below it, as content flows (README, "Design notes"):
 *
 *   shared (types, text, hash, time, settings, i18n/, the generated index)
 *   < content/ (the built content: index, packs, placeholders)
 *   < feed/ (formats, renderers, queries, documents from the content)
 *   < views/ (pages as pure data -> string)
 *   < http/ (validators, 304s, the response cache, redirects, the site a request sees)
 *   < people/, websub/, stats/ (features: each a folder of its own, none importing another)
 *   < routes.ts, warm-up.ts < index.ts
 *
 * The build (src/build/, a Node program) may import the first four layers, never the
 * worker's HTTP side. src/worker-configuration.d.ts, the bindings' types that `wrangler
 * types` writes, names the Durable Object classes src/index.ts exports: it is not checked. Only http/ and above, and views/ (hono's JSX), may import Hono: below
 * them nothing can throw an `HTTPException` or read a Hono `Context`.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");

const LAYERS: [name: string, pattern: RegExp][] = [
  ["shared", /^src\/(?:types|text|hash|settings|time)\.ts$|^src\/i18n\/|^src\/generated\/|^src\/worker-configuration\.d\.ts$/],
  ["content", /^src\/content\//],
  ["feed", /^src\/feed\//],
  ["views", /^src\/views\//],
  ["http", /^src\/http\//],
  ["features", /^src\/(?:people|websub|stats)\//],
  ["routes", /^src\/(?:routes|warm-up)\.ts$/],
  ["entry", /^src\/index\.ts$/],
];

/** The layers the build may import, besides its own folder. */
const BUILD_MAY_IMPORT = new Set(["shared", "content", "feed", "views"]);

function layerOf(path: string): number {
  const found = LAYERS.findIndex(([, pattern]) => pattern.test(path));
  if (found < 0) throw new Error(`${path} is in no layer: add it to tests/node/imports.test.ts`);
  return found;
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) ? [relative(ROOT, path)] : [];
  });
}

/** Every module `file` imports or re-exports, statically or dynamically: relative ones resolved, packages as named. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), "utf8");
  const specifiers = [
    ...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^;"'`]*?\bfrom\s+["']([^"']+)["']|(?:^|\n)\s*import\s+["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']\s*\)/g),
  ].map((m) => (m[1] ?? m[2] ?? m[3]) as string);
  return specifiers.map((s) => {
    if (!s.startsWith(".")) return s;
    const path = relative(ROOT, resolve(ROOT, dirname(file), s));
    return /\.[a-z]+$/.test(path) ? path : `${path}.ts`;
  });
}

/** The feature folder of `path` (people, websub, stats), if any. */
const feature = (path: string) => /^src\/(people|websub|stats)\//.exec(path)?.[1];

/** Every import that points the wrong way, as `importer -> imported: why`. */
function wrongWay(): string[] {
  const wrong: string[] = [];
  // `wrangler types` writes the bindings' types, the Durable Object classes of src/index.ts included.
  for (const file of sources(join(ROOT, "src")).filter((f) => f !== "src/worker-configuration.d.ts")) {
    const build = file.startsWith("src/build/");
    const from = build ? undefined : layerOf(file);
    for (const target of importsOf(file)) {
      if (!target.startsWith("src/")) {
        const hono = target === "hono" || target.startsWith("hono/");
        const allowed = build || (from !== undefined && from >= layerOf("src/views/x.ts"));
        if (hono && !allowed) wrong.push(`${file} -> ${target}: Hono below views/ and http/`);
        continue;
      }
      if (target.startsWith("src/build/")) {
        if (!build) wrong.push(`${file} -> ${target}: the worker never imports the build`);
        continue;
      }
      const to = layerOf(target);
      const name = (LAYERS[to] as [string, RegExp])[0];
      if (build) {
        if (!BUILD_MAY_IMPORT.has(name)) wrong.push(`${file} -> ${target}: the build imports ${name}`);
        continue;
      }
      if (to > (from as number)) wrong.push(`${file} -> ${target}: ${(LAYERS[from as number] as [string, RegExp])[0]} imports ${name}, above it`);
      const [a, b] = [feature(file), feature(target)];
      if (a !== undefined && b !== undefined && a !== b) wrong.push(`${file} -> ${target}: one feature imports another`);
    }
  }
  return wrong;
}

describe("imports point one way", () => {
  it("no module imports a layer above its own, and none below http/ imports Hono", () => {
    expect(wrongWay()).toEqual([]);
  });

  it("the check finds a wrong import when there is one", () => {
    expect(layerOf("src/feed/documents.ts")).toBeLessThan(layerOf("src/http/respond.ts"));
    expect(importsOf("tests/node/imports.test.ts")).toContain("vitest");
    expect(importsOf("src/index.ts")).toContain("src/routes.ts");
  });
});
