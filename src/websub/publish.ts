/**
 * @module Telling other hubs (`WEBSUB_HUBS`) that topics changed, after a deploy
 * (scripts/deploy.ts). WebSub leaves "the specific mechanism for the publisher to inform
 * the hub" open (section 6); the hubs in use (pubsubhubbub.appspot.com, Superfeedr,
 * Switchboard) take the same de-facto ping: a form POST of `hub.mode=publish` and
 * `hub.url=<topic>`. The built-in hub needs none: it notices new versions itself. Pure.
 */

/** For each hub, the tag of every topic it was last told about (kept next to the build output between deploys). */
export type PublishRecord = Record<string, Record<string, string>>;

/** The topics whose tag differs from `told` (everything, for a hub never told anything), in `current`'s order. */
export function changedTopics(current: readonly { url: string; tag: string }[], told: Readonly<Record<string, string>> | undefined): { url: string; tag: string }[] {
  return current.filter(({ url, tag }) => told?.[url] !== tag);
}

/** The body of a publish ping for `topic`. */
export function publishForm(topic: string): string {
  return new URLSearchParams({ "hub.mode": "publish", "hub.url": topic }).toString();
}

/** The `*.workers.dev` origin `wrangler deploy` printed, when `SITE_URL` does not name the site's origin. */
export function deployedOrigin(output: string): string | undefined {
  const found = /https:\/\/[a-z0-9-]+(?:\.[a-z0-9-]+)*\.workers\.dev\b/i.exec(output)?.[0];
  return found === undefined ? undefined : new URL(found).origin;
}
