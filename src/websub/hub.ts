/**
 * @module The built-in WebSub hub (issue 14): one SQLite-backed Durable Object holding
 * every subscription (./store.ts) and doing all outbound work from its alarm, off the
 * request path. The worker hands it requests it has already read and checked
 * (./routes.ts) and tells it once per isolate, and on every cron trigger, that a new
 * version may be running (./trigger.ts).
 *
 * How it knows what changed: it runs the same script as the worker, so the content index
 * bundled with it (src/content/bundled.ts) is the deployed version's. A new deploy
 * restarts the object; the first call to a fresh instance compares each topic's tag in
 * that index with the one stored, and queues the changed topics' documents for their
 * subscribers. Comparing costs no read: tags come from the index's hashes.
 *
 * Outbound requests (verifications, deliveries, content reads) are budgeted per alarm
 * run (`WEBSUB_BATCH`, under the Free plan's 50 subrequests per invocation); each is
 * bounded by a timeout and run side by side, so a slow or failing subscriber delays no
 * other. Failed deliveries are retried with exponential backoff (./policy.ts).
 */
import { DurableObject } from "cloudflare:workers";
import { content } from "../content/bundled.ts";
import { feedDocument } from "../feed/documents.ts";
import { readSite } from "../site.ts";
import {
  CALLBACK_TIMEOUT_MS,
  confirms,
  type Distribution,
  distributionRequest,
  exchange,
  newChallenge,
  outcome,
  readCapped,
  verificationUrl,
} from "./callbacks.ts";
import { grantLease, type HubPolicy, hubPolicy, leaseEnd, planBatch, retryDelay } from "./policy.ts";
import type { HubRequest } from "./request.ts";
import { type DueDelivery, HubStore, type Verification } from "./store.ts";
import { type Topic, topicScope, topicTag } from "./topic.ts";

/** The hub's answer to a subscription request the worker has checked. */
export interface HubAnswer {
  status: 202 | 404 | 429;
  message: string;
}

const encoder = new TextEncoder();

export class WebSubHub extends DurableObject<Cloudflare.Env> {
  readonly #store: HubStore;
  readonly #policy: HubPolicy;
  /** Whether this instance compared every topic with its content (once per instance: content changes only with a restart). */
  #synced = false;
  /** The hub's clock, ms. Tests set a fixed one. */
  clock: () => number = () => Date.now();

  constructor(ctx: DurableObjectState, env: Cloudflare.Env) {
    super(ctx, env);
    this.#store = new HubStore(ctx.storage.sql);
    this.#policy = hubPolicy(env);
  }

  /**
   * A subscription request: refused when it would pass a limit (429) or unsubscribes
   * nothing (404); otherwise queued for verification of intent, which the alarm does at
   * once (section 5.1.2: "202 Accepted ... will now be verified").
   */
  async subscription(request: HubRequest, topic: Topic): Promise<HubAnswer> {
    const now = this.clock();
    const host = new URL(request.callback).hostname;
    if (request.mode === "unsubscribe") {
      if (!this.#store.has(topic.url, request.callback, now))
        return { status: 404, message: `Not subscribed: ${request.callback} has no subscription to ${topic.url} here.` };
    } else {
      const { maxPerTopic, maxPerHost } = this.#policy;
      if (this.#store.topicLoad(topic.url, request.callback, now) >= maxPerTopic) {
        return { status: 429, message: `Too many subscriptions: ${topic.url} has the most this hub takes (${maxPerTopic}). Try again later.` };
      }
      if (this.#store.hostLoad(host, topic.url, request.callback, now) >= maxPerHost) {
        return { status: 429, message: `Too many subscriptions: callbacks on ${host} have the most this hub takes (${maxPerHost}). Try again later.` };
      }
    }
    this.#store.queue({
      mode: request.mode,
      topic,
      requested: request.topic,
      callback: request.callback,
      host,
      secret: request.secret ?? null,
      leaseSeconds: grantLease(request.leaseSeconds, this.#policy),
    });
    await this.#wake(false);
    return { status: 202, message: `Accepted: the hub will now verify this request with a GET to ${request.callback} (WebSub 5.3).` };
  }

  /**
   * A new version may be running (the first request of an isolate) or a cron trigger
   * fired (`housekeeping`): compares the topics once per instance, and on housekeeping
   * also drops expired subscriptions and makes sure pending work has an alarm.
   * Returns how many deliveries were queued.
   */
  async sync(housekeeping = false): Promise<number> {
    const queued = this.#syncOnce();
    if (housekeeping) this.#store.purge(this.clock());
    if (queued > 0 || housekeeping) await this.#wake(false);
    return queued;
  }

  /** Verifications first, then due deliveries, within the run's budget; then the next alarm. */
  override async alarm(): Promise<void> {
    this.#syncOnce();
    const now = this.clock();
    this.#store.purge(now);
    const verifications = this.#store.verifications(this.#policy.batch);
    const groups = planBatch(this.#store.due(now, this.#policy.batch), this.#policy.batch - verifications.length);
    await Promise.all([...verifications.map((v) => this.#verify(v)), ...groups.map((group) => this.#distribute(group))]);
    await this.#wake(true);
  }

  #syncOnce(): number {
    if (this.#synced) return 0;
    const now = this.clock();
    let queued = 0;
    this.ctx.storage.transactionSync(() => {
      this.#store.purge(now);
      for (const topic of this.#store.topics()) {
        const tag = topicTag(topic, content());
        if (tag !== undefined && tag !== topic.tag) queued += this.#store.publish(topic.url, tag, now);
      }
    });
    this.#synced = true;
    return queued;
  }

  /** Schedules the alarm for the next work, if any; `replace` inside the alarm, where the running one is spent. */
  async #wake(replace: boolean): Promise<void> {
    const next = this.#store.nextWake(this.clock());
    if (next === undefined) return;
    const current = replace ? null : await this.ctx.storage.getAlarm();
    if (current === null || current > next) await this.ctx.storage.setAlarm(next);
  }

  /** Verification of intent (section 5.3): the state changes only when the callback echoes the challenge. */
  async #verify(v: Verification): Promise<void> {
    const challenge = newChallenge();
    const sentAt = this.clock();
    let confirmed = false;
    try {
      const request = new Request(verificationUrl(v.callback, v.mode, v.requested, challenge, v.leaseSeconds), { redirect: "manual" });
      confirmed = await exchange(request, CALLBACK_TIMEOUT_MS, async (response) =>
        confirms(response.status, await readCapped(response, challenge.length + 64), challenge),
      );
    } catch {
      // Unreachable or too slow: not verified.
    }
    this.#store.settle(v.id);
    if (!confirmed) return;
    if (v.mode === "unsubscribe") return this.#store.remove(v.topic.url, v.callback);
    const tag = topicTag(v.topic, content());
    if (tag !== undefined) this.#store.activate(v, tag, leaseEnd(sentAt, v.leaseSeconds));
  }

  /**
   * The topic's document, read once, sent to each subscriber in `group` side by side. A
   * topic whose tag or category no article has any more has no document: its deliveries
   * are dropped (its subscriptions last until their leases end, should the term return).
   */
  async #distribute(group: DueDelivery[]): Promise<void> {
    const topic = group[0]?.topic;
    const scope = topic && topicScope(topic, content());
    if (topic === undefined || scope === undefined) {
      for (const delivery of group) this.#store.done(delivery.subscription, delivery.tag);
      return;
    }
    let document: Distribution | undefined;
    try {
      // What a GET of the topic gets now: its bytes, content type and links.
      const doc = feedDocument(content(), this.env.ASSETS, scope, topic.format, topic.limit, readSite(this.env, topic.url));
      const body = await doc.body();
      document = { body: typeof body === "string" ? encoder.encode(body) : body, contentType: doc.contentType, link: doc.headers?.Link ?? "" };
    } catch (error) {
      console.error(`WebSub hub: cannot read ${topic.url}:`, error);
    }
    await Promise.all(group.map((delivery) => this.#deliver(delivery, document)));
  }

  /** One delivery attempt; its outcome is recorded before anything else can run for it. */
  async #deliver(delivery: DueDelivery, document: Distribution | undefined): Promise<void> {
    let status = 0;
    if (document !== undefined) {
      try {
        status = await exchange(await distributionRequest(delivery.callback, document, delivery.secret), CALLBACK_TIMEOUT_MS, async (response) => {
          await response.body?.cancel();
          return response.status;
        });
      } catch {
        // Unreachable or too slow: a failed attempt.
      }
    }
    const result = outcome(status);
    if (result === "delivered") return this.#store.done(delivery.subscription, delivery.tag);
    if (result === "gone") return this.#store.gone(delivery.subscription);
    const failures = delivery.attempts + 1;
    const wait = retryDelay(failures, this.#policy);
    if (wait === undefined) this.#store.done(delivery.subscription, delivery.tag);
    else this.#store.retry(delivery.subscription, delivery.tag, failures, this.clock() + wait);
  }
}
