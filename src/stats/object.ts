/**
 * @module The subscriber counts' store (issue 23): one SQLite-backed Durable Object for
 * the whole site (./store.ts). Isolates send it their batches (./count.ts), at most one
 * per flush interval each; `/stats/` and `/stats.json` read it (./routes.ts).
 *
 * The daily salt: made (32 random bytes) when the day's first client arrives, kept in
 * SQLite for that day only, and deleted when the day in `SITE_TIMEZONE` changes, by the
 * alarm set for that instant or by whichever call comes first after it. A client's hash
 * is HMAC-SHA-256 keyed with the salt over the digest the isolate sent; once the salt
 * is gone, the day's hashes are deleted too, and nothing that was stored can be matched
 * to an address again (README "Privacy").
 */
import { DurableObject } from "cloudflare:workers";
import { content } from "../content/bundled.ts";
import type { StatsBatch } from "./batch.ts";
import { addDays, dateRange, dayOf, startOfDay } from "./days.ts";
import { readStatsPolicy } from "./policy.ts";
import { buildReport, type StatsReport } from "./report.ts";
import { StatsStore } from "./store.ts";

/** Salt bytes: as many as the HMAC's hash. */
const SALT_BYTES = 32;
/** Bytes of a client hash kept: 128 bits, far from colliding among a day's clients. */
const HASH_BYTES = 16;

export class SubscriberStats extends DurableObject<Cloudflare.Env> {
  readonly #store: StatsStore;
  /** The salt's HMAC key, imported once per day. */
  #key: { day: string; key: CryptoKey } | undefined;
  /** The day this instance last dropped old days for. */
  #rotated: string | undefined;
  /** The store's clock, ms. Tests set a fixed one. */
  clock: () => number = () => Date.now();
  /** The zone days are counted in: `SITE_TIMEZONE` as the content was built with it. */
  timeZone: () => string = () => content().settings.timeZone;

  constructor(ctx: DurableObjectState, env: Cloudflare.Env) {
    super(ctx, env);
    this.#store = new StatsStore(ctx.storage.sql);
  }

  /** An isolate's batch. */
  async record(batch: StatsBatch): Promise<void> {
    await this.#record(batch);
  }

  /** The report for the `days` days ending today, after taking `batch` (the asking isolate's own counts) if any. */
  async report(days: number, batch?: StatsBatch): Promise<StatsReport> {
    if (batch !== undefined) await this.#record(batch);
    const today = this.#rotate();
    const dates = dateRange(today, days);
    return buildReport(dates, this.#store.figures(dates[0] ?? today, today), this.#store.batches(today));
  }

  /** At the day change: the salt and the day's hashes are destroyed, old days dropped. */
  override async alarm(): Promise<void> {
    this.#rotate();
    await this.#wake();
  }

  /** Today's date, the salt of any earlier day destroyed, and aggregates past `STATS_DAYS` dropped. */
  #rotate(atLeast?: string): string {
    const now = dayOf(this.clock(), this.timeZone());
    const today = atLeast !== undefined && atLeast > now ? atLeast : now;
    const saltDay = this.#store.saltDay();
    // Once per day and instance when no salt is kept (a day of hosted readers only), else whenever the salt is older.
    if (saltDay === undefined ? this.#rotated !== today : saltDay < today) {
      const keepFrom = addDays(today, 1 - readStatsPolicy(this.env).days);
      this.ctx.storage.transactionSync(() => this.#store.rotate(today, keepFrom));
      if (this.#key !== undefined && this.#key.day < today) this.#key = undefined;
      this.#rotated = today;
    }
    return today;
  }

  async #record(batch: StatsBatch): Promise<void> {
    const newest = batch.traffic.reduce((max, row) => (row.day > max ? row.day : max), "");
    const today = this.#rotate(newest);
    const current = batch.clients.some((client) => client.day === today);
    const key = current ? await this.#saltKey(today) : undefined;
    const hashes = await Promise.all(
      batch.clients.map(async (client) => (key && client.day === today ? (await crypto.subtle.sign("HMAC", key, client.id)).slice(0, HASH_BYTES) : undefined)),
    );
    // The day may have changed while hashing: then these hashes are of a destroyed salt's day, and late.
    const saltDay = this.#rotate(newest) === today ? today : "";
    this.ctx.storage.transactionSync(() => this.#store.apply(batch, saltDay, hashes, today));
    await this.#wake();
  }

  /** `day`'s salt as an HMAC key: the stored one, or a new one made and stored now. */
  async #saltKey(day: string): Promise<CryptoKey> {
    if (this.#key?.day === day) return this.#key.key;
    let salt = this.#store.salt(day);
    if (salt === undefined) {
      salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES)).buffer as ArrayBuffer;
      this.#store.keepSalt(day, salt);
    }
    const key = await crypto.subtle.importKey("raw", salt, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    // Another call may have imported it meanwhile: both are the same salt's.
    this.#key = { day, key };
    return key;
  }

  /** While a salt is kept, the alarm is set for the instant its day ends. */
  async #wake(): Promise<void> {
    const day = this.#store.saltDay();
    if (day === undefined) return;
    const end = startOfDay(addDays(day, 1), this.timeZone());
    if ((await this.ctx.storage.getAlarm()) !== end) await this.ctx.storage.setAlarm(end);
  }
}
