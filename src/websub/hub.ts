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
 * subscribers. Comparing costs no read: tags come from the index's hashes. A filtered
 * feed's tag depends on which articles pass its filters, which takes its window's
 * metadata: that first call only compares its scope's window tag (no read), and marks
 * the topic when it changed; the alarm then reads the metadata (once per scope) and
 * queues the topic only if its own tag changed (./topic.ts `topicProbe`).
 *
 * Publishing on schedule (issue 22): the content also changes, without a deploy, at each
 * moment of the schedule (src/content/schedule.ts). The hub compares its topics once per
 * version rather than once per instance, and keeps an alarm for the next moment, so each
 * changed feed is delivered at its moment (an alarm runs within seconds of its time; the
 * cron trigger is the fallback); then it tells the other hubs (`WEBSUB_HUBS`) which feeds
 * changed (./moments.ts).
 *
 * Outbound requests (verifications, deliveries, content reads) are budgeted per alarm
 * run (`WEBSUB_BATCH`, under the Free plan's 50 subrequests per invocation); each is
 * bounded by a timeout and run side by side, so a slow or failing subscriber delays no
 * other. Failed deliveries are retried with exponential backoff (./policy.ts).
 */
import { DurableObject } from "cloudflare:workers";
import { content } from "../content/bundled.ts";
import type { Catalog } from "../content/catalog.ts";
import { type ContentAt, contentAt } from "../content/schedule.ts";
import { type AssetReader, readingOnce } from "../content/store.ts";
import { requestContext } from "../feed/context.ts";
import { feedRepresentation } from "../feed/documents.ts";
import { readSite } from "../http/site.ts";
import { CALLBACK_TIMEOUT_MS, confirms, type Distribution, distributionRequest, exchange, newChallenge, outcome, readCapped, verificationUrl } from "./callbacks.ts";
import { nextMoment, tellOtherHubs } from "./moments.ts";
import { grantLease, type HubPolicy, hubPolicy, leaseEnd, planBatch, planChecks, planVerifications, retryDelay } from "./policy.ts";
import { callbackHost, type HubRequest } from "./request.ts";
import { type DueDelivery, HubStore, type StoredTopic, type Verification } from "./store.ts";
import { type Topic, topicDocument, topicProbe } from "./topic.ts";

/** The hub's answer to a subscription request the worker has checked. */
export interface HubAnswer {
  status: 202 | 404 | 429;
  message: string;
}

const encoder = new TextEncoder();

export class WebSubHub extends DurableObject<Cloudflare.Env> {
  readonly #store: HubStore;
  readonly #policy: HubPolicy;
  /** The version of the content (issue 22) this instance last compared every topic with: content changes with a restart or at a moment. */
  #synced: number | undefined;
  /** The hub's clock, ms. Tests set a fixed one. */
  clock: () => number = () => Date.now();
  /** The content index it works from: the bundled one, the deployed version's. Tests set another version. */
  catalog: () => Catalog = content;

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
    // Limits count callbacks by host (issue 21: `localhost.` is `localhost`).
    const host = callbackHost(request.callback);
    if (request.mode === "unsubscribe") {
      if (!this.#store.has(topic.url, request.callback, now)) return { status: 404, message: `Not subscribed: ${request.callback} has no subscription to ${topic.url} here.` };
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
    const { queued, rechecks } = await this.#syncOnce();
    if (housekeeping) this.#store.purge(this.clock());
    // A pending moment of the schedule (issue 22) needs its alarm too, whoever set the last one.
    if (queued > 0 || rechecks > 0 || housekeeping || nextMoment(this.clock()) !== undefined) await this.#wake(false);
    return queued;
  }

  /**
   * Verifications first, then tagging the topics whose window changed (which may queue
   * deliveries), then due deliveries, within the run's budget; then the next alarm.
   */
  override async alarm(): Promise<void> {
    // Pings to other hubs at a moment (issue 22) are outbound requests of this run too.
    const { pinged } = await this.#syncOnce();
    const now = this.clock();
    this.#store.purge(now);
    let budget = Math.max(0, this.#policy.batch - pinged);
    const verifications = planVerifications(this.#store.verifications(budget), budget);
    budget -= verifications.cost;
    const verifying = Promise.all(verifications.chosen.map((v) => this.#verify(v)));
    const checks = planChecks(this.#store.unchecked(budget), budget);
    await Promise.all(checks.map((group) => this.#check(group)));
    budget -= checks.length;
    const groups = planBatch(this.#store.due(now, budget), budget);
    await Promise.all([verifying, ...groups.map((group) => this.#distribute(group))]);
    await this.#wake(true);
  }

  /**
   * Once per instance: compares every topic with this version of the content. A topic
   * the index alone tags is queued when its tag changed; any other is marked to be
   * tagged by the alarm when its scope's window changed.
   */
  async #syncOnce(): Promise<{ queued: number; rechecks: number; pinged: number }> {
    const at = await this.#content();
    if (this.#synced === at.epoch) return { queued: 0, rechecks: 0, pinged: 0 };
    const now = this.clock();
    let queued = 0;
    let rechecks = 0;
    this.ctx.storage.transactionSync(() => {
      this.#store.purge(now);
      for (const topic of this.#store.topics()) {
        const probe = topicProbe(topic, at.catalog);
        if (probe === undefined) continue;
        if ("tag" in probe) {
          if (probe.tag !== topic.tag) queued += this.#store.publish(topic.url, probe.tag, now);
        } else if (probe.window !== topic.window) {
          this.#store.recheck(topic.url, probe.window);
          rechecks++;
        }
      }
    });
    this.#synced = at.epoch;
    // A moment passed since the other hubs were last told: they hear of it (issue 22).
    const pinged = at.epoch > 0 ? await tellOtherHubs(this.ctx.storage, at, this.#policy.batch) : 0;
    return { queued, rechecks, pinged };
  }

  /**
   * The content at the hub's clock (issue 22): the schedule's version current now, with its
   * catalog and assets; a test's own catalog (`catalog`) as the only version.
   */
  #content(): Promise<ContentAt> {
    if (this.catalog !== content) return Promise.resolve({ catalog: this.catalog(), assets: this.env.ASSETS, now: this.clock(), epoch: 0 });
    return contentAt(this.clock(), this.env.ASSETS);
  }

  /**
   * The entity tag of the topic's document now: what a GET of it would answer
   * (`feedRepresentation`, read through `assets`; a filtered one reads its window's
   * metadata), or `undefined` when it has no document.
   */
  async #tag(topic: Topic, at: ContentAt, assets: AssetReader = at.assets): Promise<string | undefined> {
    const document = topicDocument(topic, at.catalog);
    if (document === undefined) return undefined;
    const ctx = requestContext(at.catalog, assets, readSite(this.env, topic.url), this.clock());
    return (await feedRepresentation(ctx, document.scope, topic.format, document.query)).etag;
  }

  /**
   * Tags the topics of one scope whose window changed (one read of its metadata, shared)
   * and queues each whose tag is not the version its subscribers have. A read that fails
   * leaves them to the next instance of the hub.
   */
  async #check(group: StoredTopic[]): Promise<void> {
    const at = await this.#content();
    const assets = readingOnce(at.assets);
    for (const topic of group) {
      let tag: string | undefined;
      try {
        tag = await this.#tag(topic, at, assets);
      } catch (error) {
        console.error(`WebSub hub: cannot tag ${topic.url}:`, error);
        this.#store.uncheckable(topic.url);
        continue;
      }
      if (tag === undefined) this.#store.uncheckable(topic.url);
      else this.#store.checked(topic.url, tag, this.clock());
    }
  }

  /** Schedules the alarm for the next work, if any; `replace` inside the alarm, where the running one is spent. */
  async #wake(replace: boolean): Promise<void> {
    const work = this.#store.nextWake(this.clock());
    // The next moment of the schedule (issue 22), when the hub has subscribers or other hubs to tell.
    const moment = this.catalog === content ? nextMoment(this.clock()) : undefined;
    const next = moment !== undefined && (this.#store.topics().length > 0 || content().settings.websubHubs.length > 0) && (work === undefined || moment < work) ? moment : work;
    if (next === undefined) return;
    const current = replace ? null : await this.ctx.storage.getAlarm();
    if (current === null || current > next) await this.ctx.storage.setAlarm(next);
  }

  /**
   * Verification of intent (section 5.3): the state changes only when the callback echoes
   * the challenge. A subscription starts at the version of the topic's document at the
   * verification request, tagged first (a filtered one reads its window's metadata); a
   * topic with no document, or whose document cannot be read, is not subscribed to.
   */
  async #verify(v: Verification): Promise<void> {
    let start: { tag: string; window: string } | undefined;
    if (v.mode === "subscribe") {
      const at = await this.#content();
      const probe = topicProbe(v.topic, at.catalog);
      try {
        const tag = probe && ("tag" in probe ? probe.tag : await this.#tag(v.topic, at));
        if (probe !== undefined && tag !== undefined) start = { tag, window: "window" in probe ? probe.window : "" };
      } catch (error) {
        console.error(`WebSub hub: cannot tag ${v.topic.url}:`, error);
      }
      if (start === undefined) return this.#store.settle(v.id);
    }
    const challenge = newChallenge();
    const sentAt = this.clock();
    let confirmed = false;
    try {
      const request = new Request(verificationUrl(v.callback, v.mode, v.requested, challenge, v.leaseSeconds), { redirect: "manual" });
      confirmed = await exchange(request, CALLBACK_TIMEOUT_MS, async (response) => confirms(response.status, await readCapped(response, challenge.length + 64), challenge));
    } catch {
      // Unreachable or too slow: not verified.
    }
    this.#store.settle(v.id);
    if (!confirmed) return;
    if (v.mode === "unsubscribe") return this.#store.remove(v.topic.url, v.callback);
    if (start !== undefined) this.#store.activate(v, start.tag, leaseEnd(sentAt, v.leaseSeconds), start.window);
  }

  /**
   * The topic's document, read once, sent to each subscriber in `group` side by side. A
   * topic whose tag or category no article has any more has no document: its deliveries
   * are dropped (its subscriptions last until their leases end, should the term return).
   */
  async #distribute(group: DueDelivery[]): Promise<void> {
    const topic = group[0]?.topic;
    const at = await this.#content();
    const found = topic && topicDocument(topic, at.catalog);
    if (topic === undefined || found === undefined) {
      for (const delivery of group) this.#store.done(delivery.subscription, delivery.tag);
      return;
    }
    let document: Distribution | undefined;
    try {
      // What a GET of the topic gets now: its bytes, content type and links (any query: limit, filters).
      const ctx = requestContext(at.catalog, at.assets, readSite(this.env, topic.url), this.clock());
      const doc = await feedRepresentation(ctx, found.scope, topic.format, found.query);
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
