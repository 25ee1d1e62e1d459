/**
 * @module The built-in hub's run-time settings, read from `[vars]` by the hub (they are
 * not baked into the content, so changing one needs no rebuild), and the arithmetic
 * they drive: leases (W3C WebSub section 5.3) and the retry schedule of content
 * distribution (section 7). Pure.
 */

import type { HubMode } from "./request.ts";
import { documentReads, MOST_DOCUMENT_READS, type Topic, tagReads } from "./topic.ts";

/** The `[vars]` that set the policy. */
export type HubVar =
  | "WEBSUB_LEASE_SECONDS"
  | "WEBSUB_LEASE_MIN_SECONDS"
  | "WEBSUB_LEASE_MAX_SECONDS"
  | "WEBSUB_MAX_PER_TOPIC"
  | "WEBSUB_MAX_PER_HOST"
  | "WEBSUB_DELIVERY_ATTEMPTS"
  | "WEBSUB_RETRY_SECONDS"
  | "WEBSUB_BATCH";

export interface HubPolicy {
  /** Lease granted when a subscriber asks for none, seconds. `WEBSUB_LEASE_SECONDS`. @default 864000 (ten days, "a good default": WebSub section 8.2) */
  leaseDefault: number;
  /** Shortest lease granted; shorter requests get this. `WEBSUB_LEASE_MIN_SECONDS`. @default 3600 */
  leaseMin: number;
  /** Longest lease granted ("MUST NOT issue perpetual lease durations", section 5.3.1). `WEBSUB_LEASE_MAX_SECONDS`. @default 2592000 (30 days) */
  leaseMax: number;
  /** Subscriptions (active or being verified) one topic may have; more is a 429. `WEBSUB_MAX_PER_TOPIC`. @default 100 */
  maxPerTopic: number;
  /** Subscriptions (active or being verified) whose callbacks share a host; more is a 429. `WEBSUB_MAX_PER_HOST`. @default 100 */
  maxPerHost: number;
  /** Attempts at delivering one version of a topic to one subscriber, the first included. `WEBSUB_DELIVERY_ATTEMPTS`. @default 8 */
  attempts: number;
  /** Wait before the first retry; each further retry waits twice as long as the one before. `WEBSUB_RETRY_SECONDS`. @default 60 */
  retrySeconds: number;
  /**
   * Outbound requests per alarm run: callback requests plus content reads. The Free plan
   * allows 50 subrequests per invocation; the rest waits for the next run, at once.
   * `WEBSUB_BATCH`. @default 40
   */
  batch: number;
}

const DEFAULTS: Record<HubVar, number> = {
  WEBSUB_LEASE_SECONDS: 864_000,
  WEBSUB_LEASE_MIN_SECONDS: 3600,
  WEBSUB_LEASE_MAX_SECONDS: 2_592_000,
  WEBSUB_MAX_PER_TOPIC: 100,
  WEBSUB_MAX_PER_HOST: 100,
  WEBSUB_DELIVERY_ATTEMPTS: 8,
  WEBSUB_RETRY_SECONDS: 60,
  WEBSUB_BATCH: 40,
};

/** No retry waits longer than this, however many came before. */
const MAX_RETRY_MS = 6 * 3600_000;

/** The policy from `vars`; a missing, malformed or zero value falls back to its default. */
export function hubPolicy(vars: Partial<Record<HubVar, string | undefined>>): HubPolicy {
  const read = (name: HubVar) => {
    const value = vars[name]?.trim();
    return value !== undefined && /^[0-9]{1,9}$/.test(value) && Number(value) > 0 ? Number(value) : DEFAULTS[name];
  };
  const leaseMin = read("WEBSUB_LEASE_MIN_SECONDS");
  const leaseMax = Math.max(leaseMin, read("WEBSUB_LEASE_MAX_SECONDS"));
  return {
    leaseDefault: Math.min(leaseMax, Math.max(leaseMin, read("WEBSUB_LEASE_SECONDS"))),
    leaseMin,
    leaseMax,
    maxPerTopic: read("WEBSUB_MAX_PER_TOPIC"),
    maxPerHost: read("WEBSUB_MAX_PER_HOST"),
    attempts: read("WEBSUB_DELIVERY_ATTEMPTS"),
    retrySeconds: read("WEBSUB_RETRY_SECONDS"),
    // Each alarm run needs room for one callback and the reads of its topic (seven for a filtered one).
    batch: Math.max(1 + MOST_DOCUMENT_READS, read("WEBSUB_BATCH")),
  };
}

/** The lease granted for a request of `requested` seconds (absent: the default), within the bounds. */
export function grantLease(requested: number | undefined, policy: HubPolicy): number {
  if (requested === undefined) return policy.leaseDefault;
  return Math.min(policy.leaseMax, Math.max(policy.leaseMin, requested));
}

/**
 * When a lease granted at `verifiedAt` (ms) ends, in ms: "measured from the time the
 * verification request was made" (section 5.3).
 */
export function leaseEnd(verifiedAt: number, leaseSeconds: number): number {
  return verifiedAt + leaseSeconds * 1000;
}

/** Whether a subscription whose lease ends at `expiresAt` (ms) has expired at `now`. */
export function isExpired(expiresAt: number, now: number): boolean {
  return now >= expiresAt;
}

/**
 * How long to wait after the `failures`-th failed attempt before the next one, in ms, or
 * `undefined` when that was the last attempt ("the hub stops attempting to deliver that
 * notification", section 7). Exponential: retrySeconds, 2x, 4x, ..., at most six hours.
 */
export function retryDelay(failures: number, policy: HubPolicy): number | undefined {
  if (failures >= policy.attempts) return undefined;
  return Math.min(MAX_RETRY_MS, policy.retrySeconds * 1000 * 2 ** (failures - 1));
}

/**
 * The deliveries one alarm run makes, grouped by topic, within `budget` outbound
 * requests: each delivery costs its callback request and each topic the reads of its
 * document, once (./topic.ts `documentReads`). `due` is in the order the deliveries are
 * owed; what does not fit waits for the next run (the smallest budget, `1 +
 * MOST_DOCUMENT_READS`, fits any first delivery).
 */
export function planBatch<D extends { topic: Pick<Topic, "url" | "query"> }>(due: readonly D[], budget: number): D[][] {
  const groups = new Map<string, D[]>();
  let left = budget;
  for (const delivery of due) {
    const group = groups.get(delivery.topic.url);
    const cost = 1 + (group === undefined ? documentReads(delivery.topic) : 0);
    if (cost > left) break;
    left -= cost;
    if (group === undefined) groups.set(delivery.topic.url, [delivery]);
    else group.push(delivery);
  }
  return [...groups.values()];
}

/**
 * The verifications one alarm run makes within `budget`, in the order they wait: each
 * costs its callback request, and a subscription to a topic the index alone cannot tag
 * (a filtered feed) one read more, for the version the subscriber starts at. What does
 * not fit waits for the next run.
 */
export function planVerifications<V extends { mode: HubMode; topic: Pick<Topic, "query"> }>(waiting: readonly V[], budget: number): { chosen: V[]; cost: number } {
  const chosen: V[] = [];
  let cost = 0;
  for (const v of waiting) {
    const next = cost + 1 + (v.mode === "subscribe" ? tagReads(v.topic) : 0);
    if (next > budget) break;
    chosen.push(v);
    cost = next;
  }
  return { chosen, cost };
}

/**
 * The topics one alarm run tags (those whose scope's window changed, ./topic.ts
 * `topicProbe`), grouped by scope: each group costs one read (its window's metadata),
 * shared by every topic of the scope. At most `budget` groups, in the order given.
 */
export function planChecks<T extends Pick<Topic, "kind" | "key">>(unchecked: readonly T[], budget: number): T[][] {
  const groups = new Map<string, T[]>();
  for (const topic of unchecked) {
    const scope = `${topic.kind}/${topic.key}`;
    const group = groups.get(scope);
    if (group) group.push(topic);
    else if (groups.size < budget) groups.set(scope, [topic]);
  }
  return [...groups.values()];
}
