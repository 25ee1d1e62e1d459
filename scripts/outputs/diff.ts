/**
 * @module Two recordings of ./crawl.ts compared, request by request: status, headers and
 * body bytes. A body that differs is compared again as what it means: an XML document
 * as its information set (elements by namespace and local name, attributes but namespace
 * declarations, text with CDATA and references resolved), JSON as data. Entity tags are
 * compared apart: the worker makes some from the code's own hash (every page's names the
 * page code it was built with; every Chinese variant's, the converter's), so a change to
 * that code renames them by design; what must hold is that they are renamed one for one
 * (two responses share a tag before exactly when they share one after).
 */
import { createReadStream } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { gunzipSync } from "node:zlib";
import { Parser } from "htmlparser2";
import type { Exchange } from "./crawl.ts";

async function load(dir: string): Promise<Map<string, Exchange>> {
  const map = new Map<string, Exchange>();
  const lines = createInterface({ input: createReadStream(join(dir, "requests.jsonl"), "utf8"), crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of lines) {
    if (line === "") continue;
    const exchange = JSON.parse(line) as Exchange;
    map.set(exchange.key, exchange);
  }
  return map;
}

const body = async (dir: string, sha: string) => gunzipSync(await readFile(join(dir, "bodies", `${sha}.gz`))).toString("utf8");

/** An XML document's information set, one line per item: elements and attributes by namespace URI, text resolved. */
export function infoset(xml: string): string[] {
  const out: string[] = [];
  const scopes: Record<string, string>[] = [{ xml: "http://www.w3.org/XML/1998/namespace" }];
  let text = "";
  const flush = () => {
    if (text.trim() !== "") out.push(`text ${JSON.stringify(text)}`);
    text = "";
  };
  const resolve = (name: string, element: boolean) => {
    const at = name.indexOf(":");
    const prefix = at < 0 ? (element ? "" : undefined) : name.slice(0, at);
    if (prefix === undefined) return `{}${name}`;
    const scope = scopes.at(-1) ?? {};
    return `{${scope[prefix] ?? (prefix === "" ? "" : `?${prefix}`)}}${at < 0 ? name : name.slice(at + 1)}`;
  };
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        flush();
        const scope = { ...(scopes.at(-1) ?? {}) };
        for (const [key, value] of Object.entries(attributes)) {
          if (key === "xmlns") scope[""] = value;
          else if (key.startsWith("xmlns:")) scope[key.slice(6)] = value;
        }
        scopes.push(scope);
        const attrs = Object.entries(attributes)
          .filter(([key]) => key !== "xmlns" && !key.startsWith("xmlns:"))
          .map(([key, value]) => `${resolve(key, false)}=${JSON.stringify(value)}`)
          .sort();
        out.push(`open ${resolve(name, true)} ${attrs.join(" ")}`);
      },
      onclosetag(name) {
        flush();
        out.push(`close ${resolve(name, true)}`);
        scopes.pop();
      },
      ontext(data) {
        text += data;
      },
      oncdatastart() {},
      onprocessinginstruction(name, data) {
        flush();
        out.push(`pi ${name} ${data}`);
      },
    },
    { xmlMode: true, decodeEntities: true, recognizeCDATA: true, recognizeSelfClosing: true },
  );
  parser.end(xml);
  flush();
  return out;
}

/** Where two texts first differ, with some context on each side. */
function firstDifference(a: string, b: string): string {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const context = (s: string) => JSON.stringify(s.slice(Math.max(0, i - 80), i + 80));
  return `at ${i}: before ${context(a)}\n      after  ${context(b)}`;
}

/** How the bodies of two exchanges differ in meaning, or `undefined` when they mean the same. */
async function meaning(beforeDir: string, afterDir: string, before: Exchange, after: Exchange): Promise<{ same: boolean; detail: string }> {
  const [a, b] = await Promise.all([body(beforeDir, before.body), body(afterDir, after.body)]);
  const type = before.response.find(([name]) => name === "content-type")?.[1] ?? "";
  if (/xml|opml/.test(type)) {
    const [x, y] = [infoset(a), infoset(b)];
    const at = x.findIndex((line, i) => line !== y[i]);
    if (at < 0 && x.length === y.length) return { same: true, detail: "same XML information set" };
    return { same: false, detail: `XML differs at item ${at}: before ${x[at]} / after ${y[at]}\n      bytes ${firstDifference(a, b)}` };
  }
  if (/json/.test(type)) {
    try {
      if (JSON.stringify(JSON.parse(a)) === JSON.stringify(JSON.parse(b))) return { same: true, detail: "same JSON data, other bytes" };
    } catch {}
  }
  return { same: false, detail: firstDifference(a, b) };
}

/** What a route is, for the summary of renamed entity tags. */
function routeClass(e: Exchange): string {
  const [path = "", search = ""] = e.path.split(/(?=\?)/);
  const variant = search.includes("opencc=") ? " (Chinese variant)" : "";
  const browser = e.headers["sec-fetch-dest"] === "document" || search.includes("view=html") ? " (browser view)" : "";
  if (/(rss\.xml|atom\.xml|feed\.json)$/.test(path)) return `${path.includes("/archive/") ? "archive feed" : "feed"}${browser}${variant}`;
  if (path.endsWith(".json")) return `term list${variant}`;
  return `page${variant}`;
}

export interface DiffReport {
  compared: number;
  identical: number;
  /** Differences that are not only a renamed entity tag. */
  problems: string[];
  /** Exchanges whose only difference is the entity tag, by route class. */
  renamed: Map<string, number>;
  /** Pairs of tags that break one-for-one renaming. */
  conflicts: string[];
  /** Bodies with other bytes but the same meaning (XML information set, JSON data). */
  sameMeaning: string[];
}

/** Compares recording `afterDir` with `beforeDir`. */
export async function diffRecordings(beforeDir: string, afterDir: string): Promise<DiffReport> {
  const [before, after] = await Promise.all([load(beforeDir), load(afterDir)]);
  const report: DiffReport = { compared: 0, identical: 0, problems: [], renamed: new Map(), conflicts: [], sameMeaning: [] };
  const forward = new Map<string, string>();
  const backward = new Map<string, string>();
  const pair = (a: string, b: string, key: string) => {
    const known = forward.get(a);
    const knownBack = backward.get(b);
    if (known !== undefined && known !== b) report.conflicts.push(`${key}: before ${a} was renamed ${known} elsewhere, here ${b}`);
    if (knownBack !== undefined && knownBack !== a) report.conflicts.push(`${key}: after ${b} was ${knownBack} elsewhere, here ${a}`);
    forward.set(a, b);
    backward.set(b, a);
  };
  for (const key of [...new Set([...before.keys(), ...after.keys()])].sort()) {
    const a = before.get(key);
    const b = after.get(key);
    if (a === undefined || b === undefined) {
      report.problems.push(`${key}: only ${a === undefined ? "after" : "before"}`);
      continue;
    }
    report.compared++;
    const found: string[] = [];
    if (a.status !== b.status) found.push(`status ${a.status} -> ${b.status}`);
    const headers = (e: Exchange) => e.response.filter(([name]) => name !== "etag").map(([n, v]) => `${n}: ${v}`);
    const [ha, hb] = [headers(a), headers(b)];
    if (ha.join("\n") !== hb.join("\n")) found.push(`headers: before [${ha.filter((h) => !hb.includes(h)).join("; ")}] after [${hb.filter((h) => !ha.includes(h)).join("; ")}]`);
    const tag = (e: Exchange) => e.response.find(([name]) => name === "etag")?.[1];
    const [ta, tb] = [tag(a), tag(b)];
    if ((ta === undefined) !== (tb === undefined)) found.push(`etag ${ta} -> ${tb}`);
    else if (ta !== undefined && tb !== undefined) pair(ta, tb, key);
    if (a.body !== b.body) {
      const { same, detail } = await meaning(beforeDir, afterDir, a, b);
      if (same) report.sameMeaning.push(`${key}: ${detail}`);
      found.push(`body (${a.size} -> ${b.size} bytes): ${detail}`);
    }
    if (found.length > 0) report.problems.push(`${key}\n    ${found.join("\n    ")}`);
    else if (ta !== tb) report.renamed.set(routeClass(a), (report.renamed.get(routeClass(a)) ?? 0) + 1);
    else report.identical++;
  }
  return report;
}
