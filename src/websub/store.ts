/**
 * @module The built-in hub's state, in its Durable Object's SQLite database (tables and
 * migrations: ./schema.ts). Every statement is synchronous, so each method is atomic in
 * the object: a subscription is queued for verification, activated, sent versions of
 * its topic, retried, and removed when its lease ends or its callback is gone.
 */
import type { HubMode } from "./request.ts";
import { openHubDatabase, type Row, type StoredTopic, storedTopic, text, topicOf } from "./schema.ts";
import type { Topic } from "./topic.ts";

export type { StoredTopic };

/** A request waiting for its verification of intent. */
export interface Verification {
  id: number;
  mode: HubMode;
  topic: Topic;
  /** `hub.topic` as the subscriber sent it. */
  requested: string;
  callback: string;
  /** The callback's host name, for the per-host limit. */
  host: string;
  secret: string | null;
  /** The lease granted (subscribe), seconds. */
  leaseSeconds: number;
}

/** A delivery that is due, with what sending it needs. */
export interface DueDelivery {
  subscription: number;
  tag: string;
  /** Attempts made so far. */
  attempts: number;
  callback: string;
  secret: string | null;
  topic: Topic;
}

export class HubStore {
  readonly #sql: SqlStorage;

  constructor(sql: SqlStorage) {
    this.#sql = sql;
    openHubDatabase(sql);
  }

  #rows(query: string, ...bindings: SqlStorageValue[]): Row[] {
    return this.#sql.exec<Row>(query, ...bindings).toArray();
  }

  #count(query: string, ...bindings: SqlStorageValue[]): number {
    return Number(this.#rows(query, ...bindings)[0]?.n ?? 0);
  }

  /** Whether `callback` has a live subscription to `topic`, or one being verified. */
  has(topic: string, callback: string, now: number): boolean {
    return (
      this.#count(
        "SELECT (SELECT COUNT(*) FROM subscriptions WHERE topic = ? AND callback = ? AND expires_at > ?) + (SELECT COUNT(*) FROM verifications WHERE topic = ? AND callback = ? AND mode = 'subscribe') AS n",
        topic,
        callback,
        now,
        topic,
        callback,
      ) > 0
    );
  }

  /** Callbacks other than `callback` subscribed to `topic` or being verified for it. */
  topicLoad(topic: string, callback: string, now: number): number {
    return this.#count(
      "SELECT COUNT(*) AS n FROM (SELECT callback FROM subscriptions WHERE topic = ? AND expires_at > ? UNION SELECT callback FROM verifications WHERE topic = ? AND mode = 'subscribe') WHERE callback <> ?",
      topic,
      now,
      topic,
      callback,
    );
  }

  /** Subscriptions (and ones being verified) whose callbacks are on `host`, other than (`topic`, `callback`). */
  hostLoad(host: string, topic: string, callback: string, now: number): number {
    return this.#count(
      "SELECT COUNT(*) AS n FROM (SELECT topic, callback FROM subscriptions WHERE host = ? AND expires_at > ? UNION SELECT topic, callback FROM verifications WHERE host = ? AND mode = 'subscribe') WHERE NOT (topic = ? AND callback = ?)",
      host,
      now,
      host,
      topic,
      callback,
    );
  }

  /** Queues a request for verification, in place of an earlier one for the same topic and callback. */
  queue(v: Omit<Verification, "id">): void {
    const t = v.topic;
    this.#sql.exec(
      "INSERT OR REPLACE INTO verifications (mode, topic, origin, kind, key, format, query, requested, callback, host, secret, lease_seconds) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      v.mode,
      t.url,
      t.origin,
      t.kind,
      t.key,
      t.format,
      t.query,
      v.requested,
      v.callback,
      v.host,
      v.secret,
      v.leaseSeconds,
    );
  }

  /** Up to `limit` requests waiting for verification, oldest first. */
  verifications(limit: number): Verification[] {
    return this.#rows("SELECT * FROM verifications ORDER BY id LIMIT ?", limit).map((row) => ({
      id: Number(row.id),
      mode: String(row.mode) as HubMode,
      topic: topicOf(row, String(row.topic)),
      requested: String(row.requested),
      callback: String(row.callback),
      host: String(row.host),
      secret: text(row.secret ?? null),
      leaseSeconds: Number(row.lease_seconds),
    }));
  }

  /** Forgets a request once its verification was tried. */
  settle(id: number): void {
    this.#sql.exec("DELETE FROM verifications WHERE id = ?", id);
  }

  /**
   * Makes a verified subscription active until `expiresAt` (a renewal replaces the lease
   * and the secret, section 5.1). A topic new to the hub starts at `tag`, the version the
   * subscriber can read now (computed at `window`, its scope's window tag, for a topic
   * the index alone cannot tag); a known one keeps the version its subscribers were sent.
   */
  activate(v: Verification, tag: string, expiresAt: number, window = ""): void {
    const t = v.topic;
    this.#sql.exec(
      "INSERT INTO topics (url, origin, kind, key, format, query, tag, window_tag) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (url) DO NOTHING",
      t.url,
      t.origin,
      t.kind,
      t.key,
      t.format,
      t.query,
      tag,
      window,
    );
    this.#sql.exec(
      "INSERT INTO subscriptions (topic, callback, host, secret, lease_seconds, expires_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (topic, callback) DO UPDATE SET host = excluded.host, secret = excluded.secret, lease_seconds = excluded.lease_seconds, expires_at = excluded.expires_at",
      t.url,
      v.callback,
      v.host,
      v.secret,
      v.leaseSeconds,
      expiresAt,
    );
  }

  /** Ends `callback`'s subscription to `topic` (unsubscribed). */
  remove(topic: string, callback: string): void {
    for (const row of this.#rows("SELECT id FROM subscriptions WHERE topic = ? AND callback = ?", topic, callback)) this.gone(Number(row.id));
  }

  /** Ends a subscription (its subscriber answered 410 Gone, or unsubscribed) and what is queued for it. */
  gone(subscription: number): void {
    this.#sql.exec("DELETE FROM deliveries WHERE subscription = ?", subscription);
    this.#sql.exec("DELETE FROM subscriptions WHERE id = ?", subscription);
    this.#tidyTopics();
  }

  /** Drops subscriptions whose lease has ended at `now` ("Hubs MUST enforce lease expirations", section 5.3.1). */
  purge(now: number): void {
    const expired = this.#sql.exec("DELETE FROM subscriptions WHERE expires_at <= ?", now).rowsWritten;
    if (expired === 0) return;
    this.#sql.exec("DELETE FROM deliveries WHERE subscription NOT IN (SELECT id FROM subscriptions)");
    this.#tidyTopics();
  }

  #tidyTopics(): void {
    this.#sql.exec("DELETE FROM topics WHERE url NOT IN (SELECT topic FROM subscriptions)");
  }

  /** Every topic with subscribers. */
  topics(): StoredTopic[] {
    return this.#rows("SELECT * FROM topics ORDER BY url").map(storedTopic);
  }

  /** Marks `topic` as to be tagged again: its scope's window is now `window`, and what its document holds may have changed. */
  recheck(topic: string, window: string): void {
    this.#sql.exec("UPDATE topics SET window_tag = ?, unchecked = 1 WHERE url = ?", window, topic);
  }

  /** The unchecked topics of the first `scopes` scopes that have any, grouped by scope. */
  unchecked(scopes: number): StoredTopic[] {
    return this.#rows(
      "SELECT * FROM topics WHERE unchecked = 1 AND (kind, key) IN (SELECT DISTINCT kind, key FROM topics WHERE unchecked = 1 ORDER BY kind, key LIMIT ?) ORDER BY kind, key, url",
      scopes,
    ).map(storedTopic);
  }

  /**
   * `topic` was tagged: its document is version `tag` now. Queued for its subscribers, as
   * by `publish`, only when that is not the version they have. Returns how many.
   */
  checked(topic: string, tag: string, now: number): number {
    this.#sql.exec("UPDATE topics SET unchecked = 0 WHERE url = ?", topic);
    const known = this.#rows("SELECT tag FROM topics WHERE url = ?", topic)[0]?.tag;
    return known === undefined || known === tag ? 0 : this.publish(topic, tag, now);
  }

  /**
   * `topic` could not be tagged (its metadata could not be read): it is no longer
   * unchecked, so the alarm does not try again at once, and its window is forgotten, so
   * the next instance of the hub finds it changed and tries again.
   */
  uncheckable(topic: string): void {
    this.#sql.exec("UPDATE topics SET unchecked = 0, window_tag = '' WHERE url = ?", topic);
  }

  /**
   * Records that `topic` now holds version `tag` and queues it, due at `now`, for every
   * live subscription, in place of any older version not yet delivered. Returns how many.
   */
  publish(topic: string, tag: string, now: number): number {
    this.#sql.exec("UPDATE topics SET tag = ? WHERE url = ?", tag, topic);
    this.#sql.exec(
      "INSERT INTO deliveries (subscription, tag, attempts, next_at) SELECT id, ?, 0, ? FROM subscriptions WHERE topic = ? AND expires_at > ? ON CONFLICT (subscription) DO UPDATE SET tag = excluded.tag, attempts = 0, next_at = excluded.next_at",
      tag,
      now,
      topic,
      now,
    );
    return this.#count("SELECT COUNT(*) AS n FROM subscriptions WHERE topic = ? AND expires_at > ?", topic, now);
  }

  /** Up to `limit` deliveries due at `now`, to live subscriptions, the longest waiting first. */
  due(now: number, limit: number): DueDelivery[] {
    return this.#rows(
      "SELECT d.subscription, d.tag, d.attempts, s.callback, s.secret, t.url, t.origin, t.kind, t.key, t.format, t.query FROM deliveries d JOIN subscriptions s ON s.id = d.subscription JOIN topics t ON t.url = s.topic WHERE d.next_at <= ? AND s.expires_at > ? ORDER BY d.next_at, d.subscription LIMIT ?",
      now,
      now,
      limit,
    ).map((row) => ({
      subscription: Number(row.subscription),
      tag: String(row.tag),
      attempts: Number(row.attempts),
      callback: String(row.callback),
      secret: text(row.secret ?? null),
      topic: topicOf(row, String(row.url)),
    }));
  }

  /** Version `tag` reached the subscriber (or was given up on): it is not sent again. A newer version queued meanwhile stays. */
  done(subscription: number, tag: string): void {
    this.#sql.exec("DELETE FROM deliveries WHERE subscription = ? AND tag = ?", subscription, tag);
  }

  /** Version `tag` failed `attempts` times so far; the next attempt is due at `at`. */
  retry(subscription: number, tag: string, attempts: number, at: number): void {
    this.#sql.exec("UPDATE deliveries SET attempts = ?, next_at = ? WHERE subscription = ? AND tag = ?", attempts, at, subscription, tag);
  }

  /** When the hub next has work: now when a verification waits or a topic is to be tagged, else the earliest delivery due. */
  nextWake(now: number): number | undefined {
    if (this.#count("SELECT (SELECT COUNT(*) FROM verifications) + (SELECT COUNT(*) FROM topics WHERE unchecked = 1) AS n") > 0) return now;
    const next = this.#rows("SELECT MIN(next_at) AS at FROM deliveries")[0]?.at;
    return next === null || next === undefined ? undefined : Number(next);
  }
}
