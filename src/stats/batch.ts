/**
 * @module What an isolate has counted and not yet sent to the store: a tally in memory
 * (issue 23, point 3: "each isolate batches its counts in memory"), and the batch it
 * becomes, the one message the store takes. Counts are summed as they come, so a batch
 * grows with the distinct feeds, readers and clients it saw, not with the fetches: a
 * poll storm of one reader is one row.
 *
 * A client (one IP address and UA) is kept here as that pair, in memory only, until the
 * batch is sent; then it is sent as a SHA-256 digest of (IP, UA, feed), which the store
 * hashes again with the day's salt before writing it (./object.ts). Nothing in a batch
 * names an address or a UA string.
 *
 * Pure data: no I/O, no clock (./count.ts brings both).
 */
import type { Agent, AgentKind } from "./user-agents.ts";

/** How a fetch is counted: its reader's kind, or `probe` for a `HEAD` (never a subscriber). */
export type FetchKind = AgentKind | "probe";

/** Fetches of one feed on one day by one named client, of one kind. */
export interface TrafficRow {
  day: string;
  feed: string;
  agent: string;
  kind: FetchKind;
  /** Every fetch answered 200 or 304. */
  requests: number;
  /** Of those, the 304s. */
  notModified: number;
  /** Bytes the 304s saved: the size of the 200 each would otherwise have been, where the isolate knew it. */
  saved: number;
  /** 304s whose 200 the isolate had not seen: the store counts them at the size it knows for the feed. */
  unsized: number;
}

/** A hosted reader's announcement: `subscribers` for `feed` at `at` (ms), under its own id for the feed (`""`: none). */
export interface ReportRow {
  day: string;
  feed: string;
  agent: string;
  feedId: string;
  subscribers: number;
  at: number;
}

/** One client seen on `day` fetching `feed`: `id` is the SHA-256 of its IP address, UA and the feed, cut to 16 bytes (unsalted: never stored as it is). */
export interface ClientRow {
  day: string;
  feed: string;
  agent: string;
  id: ArrayBuffer;
}

/** What the store takes in one call. */
export interface StatsBatch {
  traffic: TrafficRow[];
  reports: ReportRow[];
  clients: ClientRow[];
  /** The latest size of each feed's 200 the isolate sent, for 304s counted elsewhere without one. */
  sizes: Array<{ feed: string; bytes: number }>;
}

/** One counted fetch, as ./count.ts reads it from a request and its response. */
export interface CountedFetch {
  day: string;
  /** The feed's canonical path and query (`/rss.xml`, `/tags/rss/atom.xml?limit=5`). */
  feed: string;
  agent: Agent;
  head: boolean;
  notModified: boolean;
  /** A 200 to a GET: its body's size. */
  bytes?: number | undefined;
  /** A 304: the size of the 200 it stands for, when known. */
  saved?: number | undefined;
  /** IP address and UA, for a client that counts as one subscriber (memory only). */
  client?: string | undefined;
  at: number;
}

/** A tally's clients, not yet digested: the key is what the digest is made of. */
export interface PendingClient {
  day: string;
  feed: string;
  agent: string;
  /** `IP \n UA \n feed`. */
  identity: string;
}

/** At most this many clients wait in one isolate; more, and the newest are not counted (and logged). */
export const MAX_PENDING_CLIENTS = 20_000;

/**
 * At most this many clients go in one batch: digesting them runs in the `waitUntil` of the
 * request that sends it, whose CPU counts against the Free plan's 10 ms, at a few µs each.
 */
export const MAX_BATCH_CLIENTS = 1000;

/** What a tally hands over: a batch whose clients are still to be digested. */
export interface PendingBatch extends Omit<StatsBatch, "clients"> {
  clients: PendingClient[];
  fetches: number;
}

export class Tally {
  #traffic = new Map<string, TrafficRow>();
  #reports = new Map<string, ReportRow>();
  #clients = new Map<string, PendingClient>();
  #sizes = new Map<string, number>();
  /** Fetches counted since the last `take`. */
  fetches = 0;
  /** Clients not counted because `MAX_PENDING_CLIENTS` were waiting. */
  dropped = 0;

  get empty(): boolean {
    return this.fetches === 0 && this.#traffic.size === 0 && this.#clients.size === 0;
  }

  add(fetch: CountedFetch): void {
    this.fetches++;
    const { day, feed, agent } = fetch;
    const kind: FetchKind = fetch.head ? "probe" : agent.kind;
    this.#addTraffic({
      day,
      feed,
      agent: agent.name,
      kind,
      requests: 1,
      notModified: fetch.notModified ? 1 : 0,
      saved: fetch.notModified ? (fetch.saved ?? 0) : 0,
      unsized: fetch.notModified && fetch.saved === undefined ? 1 : 0,
    });
    if (fetch.bytes !== undefined) this.#sizes.set(feed, fetch.bytes);
    if (kind === "hosted") {
      this.#addReport({ day, feed, agent: agent.name, feedId: agent.feedId ?? "", subscribers: agent.subscribers ?? 1, at: fetch.at });
    } else if (kind === "client" && fetch.client !== undefined) {
      this.#addClient({ day, feed, agent: agent.name, identity: `${fetch.client}\n${feed}` });
    }
  }

  /**
   * Everything counted so far but clients past the first `maxClients`, which stay for the
   * next batch (so that one batch's hashing stays within a request's CPU limit).
   */
  take(maxClients = Number.POSITIVE_INFINITY): PendingBatch {
    const clients: PendingClient[] = [];
    for (const [key, client] of this.#clients) {
      if (clients.length >= maxClients) break;
      clients.push(client);
      this.#clients.delete(key);
    }
    const batch: PendingBatch = {
      traffic: [...this.#traffic.values()],
      reports: [...this.#reports.values()],
      clients,
      sizes: [...this.#sizes].map(([feed, bytes]) => ({ feed, bytes })),
      fetches: this.fetches,
    };
    this.#traffic.clear();
    this.#reports.clear();
    this.#sizes.clear();
    this.fetches = 0;
    return batch;
  }

  /** Puts back a batch the store did not take, to go with the next one. */
  restore(batch: PendingBatch): void {
    for (const row of batch.traffic) this.#addTraffic(row);
    for (const row of batch.reports) this.#addReport(row);
    for (const client of batch.clients) this.#addClient(client);
    for (const { feed, bytes } of batch.sizes) if (!this.#sizes.has(feed)) this.#sizes.set(feed, bytes);
    this.fetches += batch.fetches;
  }

  #addTraffic(row: TrafficRow): void {
    const key = `${row.day}\n${row.feed}\n${row.agent}\n${row.kind}`;
    const known = this.#traffic.get(key);
    if (known === undefined) {
      this.#traffic.set(key, { ...row });
      return;
    }
    known.requests += row.requests;
    known.notModified += row.notModified;
    known.saved += row.saved;
    known.unsized += row.unsized;
  }

  /** The latest report per reader and per its own feed id wins. */
  #addReport(row: ReportRow): void {
    const key = `${row.day}\n${row.feed}\n${row.agent}\n${row.feedId}`;
    const known = this.#reports.get(key);
    if (known === undefined || known.at <= row.at) this.#reports.set(key, row);
  }

  #addClient(client: PendingClient): void {
    const key = `${client.day}\n${client.identity}`;
    if (this.#clients.has(key)) return;
    if (this.#clients.size >= MAX_PENDING_CLIENTS) {
      this.dropped++;
      return;
    }
    this.#clients.set(key, client);
  }
}

/** The digest a client is sent as: SHA-256 of its identity, the first 16 bytes. */
export async function clientDigest(identity: string): Promise<ArrayBuffer> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(identity));
  return digest.slice(0, 16);
}

/** `batch` ready for the store: its clients digested. */
export async function digestBatch(batch: PendingBatch): Promise<StatsBatch> {
  const ids = await Promise.all(batch.clients.map((client) => clientDigest(client.identity)));
  return {
    traffic: batch.traffic,
    reports: batch.reports,
    clients: batch.clients.map(({ day, feed, agent }, i) => ({ day, feed, agent, id: ids[i] as ArrayBuffer })),
    sizes: batch.sizes,
  };
}
