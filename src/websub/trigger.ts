/**
 * @module How the worker reaches the hub (./hub.ts): its one Durable Object, and the
 * signal that a new version may be running. Issue 14: "the first request a new deployed
 * version serves, or a cron trigger, whichever first, makes the hub compare each topic's
 * content hash with the one it last delivered". The request path pays one boolean test;
 * the first request of each isolate also makes one RPC, through `ctx.waitUntil`, so it
 * never waits for the hub. The hub answers a repeated signal at once (it compares
 * topics once per instance, and a new version always runs in a new instance).
 */
import { content } from "../content/bundled.ts";
import type { WebSubHub } from "./hub.ts";

/** The hub's Durable Object: one for the whole site. */
export function hubStub(env: Cloudflare.Env): DurableObjectStub<WebSubHub> {
  return env.WEBSUB.get(env.WEBSUB.idFromName("hub"));
}

/** Whether this worker runs the built-in hub: it is on in the content's settings and bound. */
export function hubEnabled(env: Partial<Cloudflare.Env>): env is Cloudflare.Env {
  return content().settings.websubHub && env.WEBSUB !== undefined;
}

let signalled = false;

/** On an isolate's first request: tells the hub, off the request path, that a new version may be serving. */
export function signalFirstRequest(env: Cloudflare.Env, ctx: ExecutionContext): void {
  if (signalled) return;
  signalled = true;
  if (hubEnabled(env)) ctx.waitUntil(syncHub(env, false));
}

/** Asks the hub to compare its topics (and, from the cron trigger, to tidy up); a failure is logged, never thrown. */
export async function syncHub(env: Cloudflare.Env, housekeeping: boolean): Promise<void> {
  try {
    await hubStub(env).sync(housekeeping);
  } catch (error) {
    console.error("WebSub hub: could not signal it:", error);
  }
}
