/**
 * @module Everything a running worker serves, recorded: status, every response header and
 * the body of each request, into a directory that ./diff.ts compares with another.
 *
 * What is asked for is found, not listed: from the home page, the OPML lists, the term
 * lists and the site's feeds, every link of every page, feed and list on the site is
 * followed (HTML and XML attributes, RSS and Atom links, JSON strings), so new routes and
 * new links are covered without a change here. On top of that, for the requests a hash
 * picks (every one on small content): `HEAD`, conditional requests with the response's
 * own validators, and a browser's `Sec-Fetch-Dest: document`; for the feeds of the scopes
 * a hash picks, the queries the feeds take (limits, filters, Chinese variants) and ones
 * they refuse; and a fixed list of redirects, 4xx and 405s. Picks depend only on paths,
 * never on the order answers arrive in, so two recordings ask for the same things.
 */
import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { Agent, request as httpRequest } from "node:http";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

/** A request to make. Header values `@etag` and `@last-modified` stand for the plain GET's validators. */
export interface Probe {
  method: string;
  path: string;
  headers: Record<string, string>;
}

/** One recorded exchange: a line of `requests.jsonl`. */
export interface Exchange extends Probe {
  key: string;
  status: number;
  /** Response headers as sent, names in lower case, in order. */
  response: [string, string][];
  /** SHA-256 of the body (hex), stored gzipped as `bodies/<sha>.gz`. */
  body: string;
  size: number;
}

/** How thoroughly to crawl: 1 asks everything of every URL; n, of one URL in n (by hash). */
export interface CrawlOptions {
  origin: string;
  /** Origins that are this site besides `origin` (`SITE_URL`). */
  alsoSite: string[];
  stride: number;
  /** Requests in flight at once. */
  concurrency: number;
  out: string;
  /** Stop after this many requests (a safety bound). */
  limit: number;
}

export const probeKey = (p: Probe): string =>
  `${p.method} ${p.path}${Object.entries(p.headers)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, value]) => ` | ${name}: ${value}`)
    .join("")}`;

/** FNV-1a of `text`, for picks that do not depend on order. */
function fnv(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

const FEED = /^(\/(?:tags|categories|authors|sections)\/[^/]+)?\/(?:rss\.xml|atom\.xml|feed\.json)$/;
const TERM = /^\/(tags|categories|authors|sections)\/([^/]+)\//;

/** Query strings every picked subscription feed is asked with: allowed, redirected, refused. */
const FEED_QUERIES = [
  "?limit=1",
  "?limit=5",
  "?limit=21",
  "?limit=100",
  "?limit=20",
  "?limit=0",
  "?limit=abc",
  "?limit=5&limit=6",
  "?view=html",
  "?view=pdf",
  "?filter=%E5%8D%97%E5%BC%80",
  "?filter=the|%E7%9A%84&limit=100",
  "?filterout=%E5%A4%A7%E5%AD%A6",
  "?filter_title=feed&filter_case_sensitive=false",
  "?filter_description=a&filter_author=e",
  "?filter_category=%E5%8D%97%E5%BC%80%E5%A4%A7%E5%AD%A6",
  "?filterout_category=rss&filterout_author=Jane",
  "?filter_time=999999999",
  "?filter_time=60",
  "?filter=%03",
  "?filter_title=b&filter=a",
  "?filter=%EF%BC%A1",
  "?filter=",
  "?filter_case_sensitive=yes",
  "?opencc=s2t",
  "?opencc=s2t&limit=5",
  "?opencc=s2t&filter=%E5%8D%97%E9%96%8B",
  "?opencc=t2s",
  "?opencc=bogus",
  "?utm_source=x",
  "?utm_source=x&limit=5",
];

/** Paths asked for once: redirects, refusals and the routes no link leads to. */
const FIXED = [
  "/",
  "/?opencc=s2t",
  "/?opencc=nope",
  "/opml.xml",
  "/opml.xml?format=atom",
  "/opml.xml?format=json",
  "/opml.xml?format=bogus",
  "/opml.xml?opencc=s2t",
  "/tags.json",
  "/categories.json",
  "/authors.json",
  "/sections.json",
  "/tags.json/",
  "/rss.xml",
  "/atom.xml",
  "/feed.json",
  "/feed",
  "/rss",
  "/atom",
  "/json",
  "/feed.xml",
  "/index.xml",
  "/rss.xml/",
  "/archive/1/rss.xml",
  "/archive/01/atom.xml",
  "/archive/99999/rss.xml",
  "/archive/1/rss.xml?limit=5",
  "/archive/1/rss.xml?filter=a",
  "/archive/1/feed.json?opencc=s2t",
  "/embed.js",
  "/icon.png",
  "/embed/site",
  "/embed/site?limit=1&theme=dark",
  "/embed/site?limit=0",
  "/embed/site?theme=neon",
  "/embed/site?opencc=s2t",
  "/websub",
  "/robots.txt",
  "/sitemap.xml",
  "/stats/",
  "/stats.json",
  "/nope",
  "/_c/a/rss/0.pack",
  "/tags/no-such-tag-anywhere/",
  "/tags/no-such-tag-anywhere/rss.xml",
  "/embed/tags/no-such-tag-anywhere",
  "/categories/no-such-category/atom.xml",
  "/posts/no-such-post/",
];

/** Requests with other methods: preflights, 405s, a hub request that is refused before it is stored. */
const OTHER_METHODS: Probe[] = [
  { method: "OPTIONS", path: "/rss.xml", headers: { origin: "https://reader.example", "access-control-request-method": "GET" } },
  { method: "POST", path: "/rss.xml", headers: {} },
  { method: "DELETE", path: "/", headers: {} },
  { method: "PUT", path: "/websub", headers: {} },
  { method: "POST", path: "/websub", headers: { "content-type": "text/plain" } },
];

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/** Decodes the character references and predefined entities of an attribute or text value. */
function decode(text: string): string {
  return text.replace(/&(?:#x([0-9a-f]+)|#([0-9]+)|(amp|lt|gt|quot|apos));/gi, (whole, hex?: string, dec?: string, name?: string) => {
    if (hex !== undefined) return String.fromCodePoint(Number.parseInt(hex, 16));
    if (dec !== undefined) return String.fromCodePoint(Number(dec));
    return ENTITIES[(name ?? "").toLowerCase()] ?? whole;
  });
}

/**
 * Every URL a body links, as written (entities decoded); with `media`, images' and
 * frames' sources too (an article's resources: thousands on a large corpus, every one a
 * file the asset server answers, so only on small content).
 */
function linksIn(body: string, contentType: string, media: boolean): string[] {
  const found: string[] = [];
  if (contentType.includes("json")) {
    const walk = (value: unknown): void => {
      if (typeof value === "string" && /^(?:https?:\/\/|\/)/.test(value)) found.push(value);
      else if (Array.isArray(value)) value.forEach(walk);
      else if (value !== null && typeof value === "object") Object.values(value).forEach(walk);
    };
    try {
      walk(JSON.parse(body));
    } catch {}
    return found;
  }
  const attributes = media ? /\b(?:href|src|xmlUrl|htmlUrl|url|data-feed-embed)="([^"]*)"/g : /\b(?:href|xmlUrl|htmlUrl|data-feed-embed)="([^"]*)"/g;
  for (const m of body.matchAll(attributes)) found.push(decode(m[1] ?? ""));
  for (const m of body.matchAll(/<(link|loc|id|guid|url|comments)>([^<]*)<\/\1>/g)) found.push(decode(m[2] ?? ""));
  return found;
}

/** A response as read off the socket. */
interface Answer {
  status: number;
  headers: [string, string][];
  body: Buffer;
}

function ask(agent: Agent, origin: string, probe: Probe): Promise<Answer> {
  const url = new URL(probe.path, origin);
  return new Promise((done, fail) => {
    const req = httpRequest(
      { agent, host: url.hostname, port: url.port, path: url.pathname + url.search, method: probe.method, headers: probe.headers, timeout: 60_000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => {
          const headers: [string, string][] = [];
          for (let i = 0; i < res.rawHeaders.length; i += 2) headers.push([(res.rawHeaders[i] ?? "").toLowerCase(), res.rawHeaders[i + 1] ?? ""]);
          done({ status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks) });
        });
        res.on("error", fail);
      },
    );
    req.on("timeout", () => req.destroy(new Error(`timed out: ${probe.method} ${probe.path}`)));
    req.on("error", fail);
    req.end();
  });
}

/** Headers that say when or through what a response was made, not what it is. */
const TRANSIENT = new Set(["date", "connection", "keep-alive", "transfer-encoding", "cf-ray", "report-to", "nel", "server"]);

/** Crawls the worker at `options.origin` and records every exchange into `options.out`. Returns how many. */
export async function crawl(options: CrawlOptions): Promise<number> {
  await mkdir(join(options.out, "bodies"), { recursive: true });
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
  const site = new Set([options.origin, ...options.alsoSite]);
  const seen = new Set<string>();
  const stored = new Set<string>();
  const queue: Probe[] = [];
  // One line per exchange as it is made (in no particular order: ./diff.ts reads them by key).
  const lines = createWriteStream(join(options.out, "requests.jsonl"));
  const validators = new Map<string, { etag?: string; lastModified?: string }>();
  const waiting = new Map<string, Probe[]>();
  const picked = (text: string) => options.stride === 1 || fnv(text) % options.stride === 0;
  const add = (probe: Probe) => {
    const key = probeKey(probe);
    if (seen.has(key) || seen.size >= options.limit) return;
    seen.add(key);
    const needs = Object.values(probe.headers).some((v) => v.startsWith("@"));
    if (needs && !validators.has(probe.path)) {
      const list = waiting.get(probe.path) ?? [];
      list.push(probe);
      waiting.set(probe.path, list);
    } else queue.push(probe);
  };
  const get = (path: string) => add({ method: "GET", path, headers: {} });
  const discover = (path: string, answer: Answer) => {
    const type = answer.headers.find(([name]) => name === "content-type")?.[1] ?? "";
    if (!/xml|json|html|opml/.test(type)) return;
    for (const link of linksIn(answer.body.toString("utf8"), type, options.stride === 1)) {
      const url = URL.parse(link, options.origin + path);
      if (url === null || !site.has(url.origin) || url.pathname.startsWith("/_c/")) continue;
      get(url.pathname + url.search);
    }
  };
  const derive = (path: string) => {
    const [pathname = "", search = ""] = path.split(/(?=\?)/);
    if (picked(path)) {
      add({ method: "HEAD", path, headers: {} });
      add({ method: "GET", path, headers: { "if-none-match": "@etag" } });
      add({ method: "GET", path, headers: { "if-none-match": '"nope", @etag' } });
      add({ method: "GET", path, headers: { "if-modified-since": "@last-modified" } });
      add({ method: "GET", path, headers: { "if-none-match": '"nope"', "if-modified-since": "@last-modified" } });
      add({ method: "GET", path, headers: { "sec-fetch-dest": "document" } });
    }
    const feed = FEED.exec(pathname);
    if (feed && search === "" && picked(`scope ${feed[1] ?? "/"}`)) for (const query of FEED_QUERIES) get(pathname + query);
    const term = TERM.exec(pathname);
    if (term && search === "" && pathname === term[0]) {
      get(`/embed${pathname.slice(0, -1)}`);
      if (picked(`embed ${term[2]}`)) get(`/embed${pathname.slice(0, -1)}?limit=3&theme=light`);
    }
    if (term && search === "" && picked(`spelling ${term[2]}`)) {
      const upper = decodeURIComponent(term[2] ?? "").toUpperCase();
      if (encodeURIComponent(upper) !== term[2]) get(pathname.replace(TERM, `/${term[1]}/${encodeURIComponent(upper)}/`));
      if (pathname.endsWith("/")) get(pathname.slice(0, -1));
    }
    if (!pathname.endsWith("/") || pathname === "/") return;
    if (!TERM.test(pathname) && !pathname.startsWith("/archive/")) {
      get(pathname.slice(0, -1));
      get(`${pathname}index.html`);
    }
  };
  for (const path of FIXED) get(path);
  for (const probe of OTHER_METHODS) add(probe);
  let count = 0;
  const work = async () => {
    for (let probe = queue.shift(); probe !== undefined; probe = queue.shift()) {
      const known = validators.get(probe.path) ?? {};
      const headers = Object.fromEntries(
        Object.entries(probe.headers).map(([name, value]) => [name, value.replace("@etag", known.etag ?? '"none"').replace("@last-modified", known.lastModified ?? "none")]),
      );
      const answer = await ask(agent, options.origin, { ...probe, headers });
      const sha = createHash("sha256").update(answer.body).digest("hex");
      if (!stored.has(sha)) {
        stored.add(sha);
        await writeFile(join(options.out, "bodies", `${sha}.gz`), gzipSync(answer.body, { level: 1 }));
      }
      const response = answer.headers.filter(([name]) => !TRANSIENT.has(name));
      const exchange: Exchange = { ...probe, key: probeKey(probe), status: answer.status, response, body: sha, size: answer.body.byteLength };
      if (!lines.write(`${JSON.stringify(exchange)}\n`)) await new Promise<void>((done) => lines.once("drain", () => done()));
      count++;
      if (count % 2000 === 0) console.log(`  ${count} requests, ${queue.length} queued`);
      const plain = probe.method === "GET" && Object.keys(probe.headers).length === 0;
      if (!plain) continue;
      const etag = answer.headers.find(([n]) => n === "etag")?.[1];
      const lastModified = answer.headers.find(([n]) => n === "last-modified")?.[1];
      validators.set(probe.path, { ...(etag === undefined ? {} : { etag }), ...(lastModified === undefined ? {} : { lastModified }) });
      for (const later of waiting.get(probe.path) ?? []) queue.push(later);
      waiting.delete(probe.path);
      if (answer.status === 200) {
        discover(probe.path, answer);
        derive(probe.path);
      }
    }
  };
  // Workers stop when the queue is empty; answers may refill it, so go again until nothing is left.
  while (queue.length > 0) await Promise.all(Array.from({ length: options.concurrency }, work));
  agent.destroy();
  await new Promise<void>((done, fail) => lines.end((error?: Error | null) => (error ? fail(error) : done())));
  return count;
}
