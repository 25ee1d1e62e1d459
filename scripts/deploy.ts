/**
 * `npm run deploy [-- wrangler options]`: `wrangler deploy` (which builds the content
 * first, `[build]` in wrangler.toml), then a WebSub publish ping (src/websub/publish.ts)
 * to each hub in `WEBSUB_HUBS` for every feed whose document changed since that hub was
 * last told, as the feeds are when the deploy ends (issue 22: the schedule's version
 * current then). Later moments of the schedule are told by the hub itself
 * (src/websub/moments.ts). The built-in hub needs no ping: the new version tells it.
 *
 * A hub that cannot be reached or refuses is reported and does not fail the deploy; it
 * is told again next time. What each hub was told is kept in dist/websub-published.json
 * (next to the build output; a machine without it tells every hub about every feed).
 * `--dry-run` deploys nothing and still sends the pings, so the whole path can be tried
 * against a local hub; it records nothing.
 *
 * Topic URLs need the site's origin: `SITE_URL`, else the `*.workers.dev` URL wrangler
 * prints; with neither (a dry run without SITE_URL) no hub is pinged.
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { writeAtomic } from "../src/build/files.ts";
import { builtCatalogAt } from "../src/build/schedule.ts";
import { buildPaths, readSettings } from "../src/build/settings.ts";
import { changedTopics, deployedOrigin, type PublishRecord, publishForm } from "../src/websub/publish.ts";
import { siteTopics } from "../src/websub/topic.ts";

const ROOT = resolve(import.meta.dirname, "..");
const RECORD = join(ROOT, "dist", "websub-published.json");
/** Per ping; a hub that does not answer in time is reported. */
const PING_TIMEOUT_MS = 10_000;
/** Pings in flight per hub. */
const CONCURRENCY = 4;

/** Runs `wrangler deploy` with `args`, its output shown as it comes and kept. */
function deploy(args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((done) => {
    const wrangler = join(ROOT, "node_modules", ".bin", "wrangler");
    const child = spawn(wrangler, ["deploy", ...args], {
      cwd: ROOT,
      stdio: ["inherit", "pipe", "pipe"],
      env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
    });
    let output = "";
    child.stdout.on("data", (d: Buffer) => {
      output += d;
      process.stdout.write(d);
    });
    child.stderr.on("data", (d: Buffer) => {
      output += d;
      process.stderr.write(d);
    });
    child.on("error", (error) => done({ code: 1, output: String(error) }));
    child.on("close", (code) => done({ code: code ?? 1, output }));
  });
}

/** One ping: `undefined` when the hub accepted it, else why not. */
async function ping(hub: string, topic: string): Promise<string | undefined> {
  try {
    const res = await fetch(hub, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: publishForm(topic),
      signal: AbortSignal.timeout(PING_TIMEOUT_MS),
    });
    const text = (await res.text()).trim().slice(0, 200);
    return res.ok ? undefined : `answered ${res.status}${text ? `: ${text}` : ""}`;
  } catch (error) {
    return `unreachable (${(error as Error).cause ?? (error as Error).message})`;
  }
}

/** Tells `hub` about `topics`; returns the tags it accepted. Stops at the first unreachable answer. */
async function tell(hub: string, topics: { url: string; tag: string }[]): Promise<Record<string, string>> {
  const accepted: Record<string, string> = {};
  let unreachable: string | undefined;
  const queue = [...topics];
  const worker = async () => {
    for (let next = queue.shift(); next !== undefined && unreachable === undefined; next = queue.shift()) {
      const problem = await ping(hub, next.url);
      if (problem === undefined) accepted[next.url] = next.tag;
      else if (problem.startsWith("unreachable")) unreachable ??= problem;
      else console.warn(`WebSub: ${hub} refused ${next.url}: ${problem}`);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  if (unreachable !== undefined) console.warn(`WebSub: ${hub} is ${unreachable}; it will be told again on the next deploy.`);
  const told = Object.keys(accepted).length;
  console.log(`WebSub: told ${hub} about ${told} of ${topics.length} changed feed(s).`);
  return accepted;
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const dryRun = args.includes("--dry-run");
  const deployed = await deploy(args);
  if (deployed.code !== 0) return deployed.code;

  const read = readSettings(ROOT);
  if (!read.ok) {
    console.warn(`WebSub: no hub pinged: ${read.problems.join("; ")}`);
    return 0;
  }
  const hubs = read.settings.websubHubs;
  if (hubs.length === 0) return 0;
  const origin = read.settings.url || deployedOrigin(deployed.output);
  if (origin === undefined) {
    console.warn("WebSub: no hub pinged: set SITE_URL (wrangler printed no *.workers.dev URL to build topic URLs on).");
    return 0;
  }
  // The feeds as they are now (issue 22): an article whose moment passed since the build is in them.
  const topics = siteTopics(builtCatalogAt(buildPaths(ROOT), Date.now()), origin);
  const record: PublishRecord = existsSync(RECORD) ? (JSON.parse(readFileSync(RECORD, "utf8")) as PublishRecord) : {};
  for (const hub of hubs) {
    const changed = changedTopics(topics, record[hub]);
    if (changed.length === 0) {
      console.log(`WebSub: no feed changed since ${hub} was last told.`);
      continue;
    }
    record[hub] = { ...record[hub], ...(await tell(hub, changed)) };
  }
  if (!dryRun) writeAtomic(RECORD, JSON.stringify(record, null, 1));
  return 0;
}

process.exitCode = await main();
