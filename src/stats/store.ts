/**
 * @module The subscriber counts' state, in their Durable Object's SQLite database
 * (./object.ts). Daily aggregates, and for the current day only the salt and the
 * salted hashes that tell one client from another. No table has a column for an IP
 * address or a User-Agent string, and nothing written here is made from one without the
 * day's salt. Every statement is synchronous; `apply` runs inside one transaction.
 *
 * - `traffic`: per day, feed, named client (./user-agents.ts) and kind: requests, 304s
 *   and the bytes the 304s saved. Kept `STATS_DAYS` days.
 * - `reports`: per day, feed, hosted reader and the reader's own feed id, the latest
 *   subscriber count it announced and when. Kept `STATS_DAYS` days.
 * - `counted`: per day, feed and named client, how many distinct clients (IP address and
 *   UA) fetched it: the size of `clients` for that day, kept after `clients` is gone.
 *   Kept `STATS_DAYS` days.
 * - `clients`: the current day's clients, as HMAC-SHA-256(salt, SHA-256(IP, UA, feed))
 *   cut to 16 bytes. Deleted when the day changes.
 * - `salt`: one row, the current day's random 32-byte salt, made on the day's first
 *   client. Deleted when the day changes (the method Plausible Analytics documents:
 *   plausible.io/data-policy), so the day's hashes can no longer be matched to anyone.
 * - `sizes`: per feed, the size of its last 200, to count what a 304 saved.
 * - `batches`: per day, the batches the store took (each one Durable Object request
 *   from an isolate) and the clients it could not count (see `apply`). Kept
 *   `STATS_DAYS` days.
 */
import type { FetchKind, StatsBatch } from "./batch.ts";
import type { StoredFigures } from "./report.ts";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS traffic (
  day TEXT NOT NULL,
  feed TEXT NOT NULL,
  agent TEXT NOT NULL,
  kind TEXT NOT NULL,
  requests INTEGER NOT NULL,
  not_modified INTEGER NOT NULL,
  saved INTEGER NOT NULL,
  PRIMARY KEY (day, feed, agent, kind)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS reports (
  day TEXT NOT NULL,
  feed TEXT NOT NULL,
  agent TEXT NOT NULL,
  feed_id TEXT NOT NULL,
  subscribers INTEGER NOT NULL,
  at INTEGER NOT NULL,
  PRIMARY KEY (day, feed, agent, feed_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS counted (
  day TEXT NOT NULL,
  feed TEXT NOT NULL,
  agent TEXT NOT NULL,
  subscribers INTEGER NOT NULL,
  PRIMARY KEY (day, feed, agent)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS clients (
  day TEXT NOT NULL,
  feed TEXT NOT NULL,
  hash BLOB NOT NULL,
  agent TEXT NOT NULL,
  PRIMARY KEY (day, feed, hash)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS salt (
  day TEXT PRIMARY KEY,
  salt BLOB NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS sizes (
  feed TEXT PRIMARY KEY,
  bytes INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS batches (
  day TEXT PRIMARY KEY,
  batches INTEGER NOT NULL,
  late_clients INTEGER NOT NULL
) WITHOUT ROWID;
`;

/** Every table, for the tests that read the whole store. */
export const STATS_TABLES = ["traffic", "reports", "counted", "clients", "salt", "sizes", "batches"] as const;

/**
 * Feeds counted apart per day. Their canonical URLs are not a closed set (any filter word
 * is a feed of its own), so past this many on one day, further feeds are counted together
 * under `OTHER_FEEDS`: a request cannot make the store grow without bound.
 */
export const MAX_FEEDS_PER_DAY = 1000;
export const OTHER_FEEDS = "(other feeds)";
/** Ids a hosted reader may give one feed on one day (Feedbin's `feed-id:`); reports under more are not kept. */
export const MAX_FEED_IDS = 100;

type Row = Record<string, SqlStorageValue>;

export class StatsStore {
  readonly #sql: SqlStorage;
  /** The feeds counted on `day` (read from `traffic` when a batch first names that day). */
  #feeds: { day: string; feeds: Set<string> } = { day: "", feeds: new Set() };

  constructor(sql: SqlStorage) {
    this.#sql = sql;
    sql.exec(SCHEMA);
  }

  #rows(query: string, ...bindings: SqlStorageValue[]): Row[] {
    return this.#sql.exec<Row>(query, ...bindings).toArray();
  }

  /** The day whose salt is kept, if any. */
  saltDay(): string | undefined {
    const day = this.#rows("SELECT day FROM salt")[0]?.day;
    return day === undefined ? undefined : String(day);
  }

  /** `day`'s salt, if it was made. */
  salt(day: string): ArrayBuffer | undefined {
    const salt = this.#rows("SELECT salt FROM salt WHERE day = ?", day)[0]?.salt;
    return salt instanceof ArrayBuffer ? salt : undefined;
  }

  /** Keeps `salt` as `day`'s, the only one. */
  keepSalt(day: string, salt: ArrayBuffer): void {
    this.#sql.exec("DELETE FROM salt");
    this.#sql.exec("INSERT INTO salt (day, salt) VALUES (?, ?)", day, salt);
  }

  /**
   * The day is `today`: every salt and client hash of an earlier day is deleted, and
   * aggregates of days before `keepFrom` (retention). Returns whether a salt was destroyed.
   */
  rotate(today: string, keepFrom: string): boolean {
    const destroyed = this.#sql.exec("DELETE FROM salt WHERE day < ?", today).rowsWritten > 0;
    this.#sql.exec("DELETE FROM clients WHERE day < ?", today);
    for (const table of ["traffic", "reports", "counted", "batches"]) this.#sql.exec(`DELETE FROM ${table} WHERE day < ?`, keepFrom);
    return destroyed;
  }

  /**
   * Adds `batch`'s counts. `hashes[i]` is the salted hash of `batch.clients[i]` when
   * that client's day is `saltDay`; a client of an earlier day (a batch that reached the
   * store after the day changed) cannot be told from that day's clients any more, its
   * salt being gone, so it is not counted, only tallied as late.
   */
  apply(batch: StatsBatch, saltDay: string, hashes: readonly (ArrayBuffer | undefined)[], today: string): void {
    const feedOf = (row: { day: string; feed: string }) => this.#feedOn(row.day, row.feed);
    const sizes = new Map(batch.sizes.map(({ feed, bytes }) => [feed, bytes]));
    const stored = (feed: string) => this.#rows("SELECT bytes FROM sizes WHERE feed = ?", feed)[0]?.bytes;
    for (const [feed, bytes] of sizes) {
      // Written only when it changed (a deploy): reading a row costs far less than writing one.
      if (Number(stored(feed) ?? -1) !== bytes)
        this.#sql.exec("INSERT INTO sizes (feed, bytes) VALUES (?, ?) ON CONFLICT (feed) DO UPDATE SET bytes = excluded.bytes", feed, bytes);
    }
    const sizeOf = (feed: string): number => sizes.get(feed) ?? Number(stored(feed) ?? 0);
    for (const row of batch.traffic) {
      const saved = row.saved + (row.unsized > 0 ? row.unsized * sizeOf(row.feed) : 0);
      this.#sql.exec(
        "INSERT INTO traffic (day, feed, agent, kind, requests, not_modified, saved) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (day, feed, agent, kind) DO UPDATE SET requests = requests + excluded.requests, not_modified = not_modified + excluded.not_modified, saved = saved + excluded.saved",
        row.day,
        feedOf(row),
        row.agent,
        row.kind,
        row.requests,
        row.notModified,
        saved,
      );
    }
    for (const row of batch.reports) {
      const feed = feedOf(row);
      const known = this.#rows("SELECT 1 FROM reports WHERE day = ? AND feed = ? AND agent = ? AND feed_id = ?", row.day, feed, row.agent, row.feedId).length > 0;
      if (!known && Number(this.#rows("SELECT COUNT(*) AS n FROM reports WHERE day = ? AND feed = ? AND agent = ?", row.day, feed, row.agent)[0]?.n) >= MAX_FEED_IDS) continue;
      this.#sql.exec(
        "INSERT INTO reports (day, feed, agent, feed_id, subscribers, at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (day, feed, agent, feed_id) DO UPDATE SET subscribers = excluded.subscribers, at = excluded.at WHERE excluded.at >= reports.at",
        row.day,
        feed,
        row.agent,
        row.feedId,
        row.subscribers,
        row.at,
      );
    }
    const added = new Map<string, { day: string; feed: string; agent: string; n: number }>();
    let late = 0;
    batch.clients.forEach((client, i) => {
      const hash = hashes[i];
      if (client.day !== saltDay || hash === undefined) {
        late++;
        return;
      }
      const feed = feedOf(client);
      const written = this.#sql.exec("INSERT INTO clients (day, feed, hash, agent) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING", client.day, feed, hash, client.agent).rowsWritten;
      if (written === 0) return;
      const key = `${client.day}\n${feed}\n${client.agent}`;
      const known = added.get(key);
      if (known) known.n++;
      else added.set(key, { day: client.day, feed, agent: client.agent, n: 1 });
    });
    for (const { day, feed, agent, n } of added.values()) {
      this.#sql.exec(
        "INSERT INTO counted (day, feed, agent, subscribers) VALUES (?, ?, ?, ?) ON CONFLICT (day, feed, agent) DO UPDATE SET subscribers = subscribers + excluded.subscribers",
        day,
        feed,
        agent,
        n,
      );
    }
    this.#sql.exec(
      "INSERT INTO batches (day, batches, late_clients) VALUES (?, 1, ?) ON CONFLICT (day) DO UPDATE SET batches = batches + 1, late_clients = late_clients + excluded.late_clients",
      today,
      late,
    );
  }

  /** `feed` as counted on `day`: itself, or `OTHER_FEEDS` once `MAX_FEEDS_PER_DAY` others are. */
  #feedOn(day: string, feed: string): string {
    if (this.#feeds.day !== day) {
      const feeds = this.#rows("SELECT DISTINCT feed FROM traffic WHERE day = ?", day).map((row) => String(row.feed));
      this.#feeds = { day, feeds: new Set(feeds) };
    }
    const { feeds } = this.#feeds;
    if (feeds.has(feed)) return feed;
    if (feeds.size >= MAX_FEEDS_PER_DAY) return OTHER_FEEDS;
    feeds.add(feed);
    return feed;
  }

  /** The batches taken on `day`, and the clients of an earlier day they carried, which were not counted. */
  batches(day: string): { batches: number; lateClients: number } {
    const row = this.#rows("SELECT batches, late_clients FROM batches WHERE day = ?", day)[0];
    return { batches: Number(row?.batches ?? 0), lateClients: Number(row?.late_clients ?? 0) };
  }

  /** Everything kept for the days `from` to `to` (dates, inclusive). */
  figures(from: string, to: string): StoredFigures {
    const traffic = this.#rows("SELECT * FROM traffic WHERE day BETWEEN ? AND ? ORDER BY day, feed, agent, kind", from, to).map((row) => ({
      day: String(row.day),
      feed: String(row.feed),
      agent: String(row.agent),
      kind: String(row.kind) as FetchKind,
      requests: Number(row.requests),
      notModified: Number(row.not_modified),
      saved: Number(row.saved),
    }));
    const subscribers = this.#rows(
      "SELECT day, feed, agent, SUM(subscribers) AS subscribers FROM (SELECT day, feed, agent, subscribers FROM reports WHERE day BETWEEN ? AND ? UNION ALL SELECT day, feed, agent, subscribers FROM counted WHERE day BETWEEN ? AND ?) GROUP BY day, feed, agent ORDER BY day, feed, agent",
      from,
      to,
      from,
      to,
    ).map((row) => ({ day: String(row.day), feed: String(row.feed), agent: String(row.agent), subscribers: Number(row.subscribers) }));
    return { traffic, subscribers };
  }
}
