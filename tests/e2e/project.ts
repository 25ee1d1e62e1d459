/**
 * What the end-to-end tests run against: a throwaway copy of the project (src/ without
 * its generated modules, scripts/, wrangler.toml, package.json, tsconfig.json, content/
 * and a node_modules symlink), so that adding an article or building never touches the
 * working tree, which other tests and `wrangler dev` sessions may be using. Plus small
 * local HTTP servers that record what reaches them. Node only.
 */
import { cp, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "../browser/stack.ts";

export { ROOT };

/** The project's runtime parts and content, copied into a new temporary directory. */
export async function copyProject(prefix: string): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), `edge-feeds-${prefix}-`));
  const generated = join(ROOT, "src", "generated");
  await cp(join(ROOT, "src"), join(dir, "src"), {
    recursive: true,
    filter: (source) => !source.startsWith(generated),
  });
  for (const folder of ["scripts", "content"]) await cp(join(ROOT, folder), join(dir, folder), { recursive: true });
  for (const file of ["wrangler.toml", "package.json", "tsconfig.json"]) await cp(join(ROOT, file), join(dir, file));
  await symlink(join(ROOT, "node_modules"), join(dir, "node_modules"), "dir");
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** A Markdown article for content/, dated now, so it is the newest. */
export async function addArticle(contentDir: string, file: string, fields: { title: string; slug: string; tags: string[]; categories: string[] }): Promise<void> {
  const list = (name: string, values: string[]) => `${name}:\n${values.map((v) => `- ${v}`).join("\n")}`;
  const source = `---\ntitle: ${fields.title}\ndate: ${new Date().toISOString()}\nslug: ${fields.slug}\n${list("tags", fields.tags)}\n${list("categories", fields.categories)}\n---\nAdded by the end-to-end test.\n`;
  await writeFile(join(contentDir, file), source);
}

/** A request a local server received. */
export interface Received {
  method: string;
  /** Path and query. */
  url: string;
  headers: IncomingMessage["headers"];
  body: Buffer;
  at: number;
}

/** A local HTTP server on loopback that records every request and answers with `answer`. */
export async function recordingServer(port: number, answer: (request: Received, res: ServerResponse) => void): Promise<{ received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const request = {
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks),
        at: Date.now(),
      };
      received.push(request);
      answer(request, res);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  return {
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Waits until `ready()` is true, polling every 100 ms; fails with `what` after `ms`. */
export async function until(what: string, ms: number, ready: () => boolean | Promise<boolean>): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await ready())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What must be stopped however the run ends (the watchdog in ./run.ts, a signal): each test registers its processes and servers. */
const cleanups = new Set<() => Promise<void>>();

/** Registers `stop`; returns it wrapped so that it runs once and is then forgotten. */
export function cleanup(stop: () => Promise<void>): () => Promise<void> {
  const once = async () => {
    if (!cleanups.delete(once)) return;
    await stop().catch((error: unknown) => console.error(error));
  };
  cleanups.add(once);
  return once;
}

/** Runs every registered cleanup. */
export async function cleanupAll(): Promise<void> {
  await Promise.all([...cleanups].map((stop) => stop()));
}
