/**
 * @module The built-in hub's tables, in its Durable Object's SQLite database (./store.ts
 * reads and writes them), and the migrations of rows stored by earlier versions.
 *
 * - `topics`: feeds someone subscribes to (./topic.ts: scope, format and canonical
 *   query, kept as text), each with the tag of the version its subscribers were last
 *   sent or subscribed at: "what the document holds". A topic the index alone cannot
 *   tag (a filtered feed) also keeps the tag of its scope's window that `tag` was
 *   computed at, and is marked `unchecked` when the window changed: the hub's alarm then
 *   computes its tag (one read) and queues it only if that differs.
 * - `subscriptions`: verified subscriptions, one per topic and callback, until their
 *   lease ends.
 * - `verifications`: requests waiting for their verification of intent; one per topic
 *   and callback (a newer request replaces an older one). Removed once tried, whatever
 *   the answer, so a refused or failed one leaves nothing behind.
 * - `deliveries`: the version each subscriber still has to be sent, at most one per
 *   subscription (a newer version replaces an undelivered older one): attempts so far
 *   and when the next is due. Removed when delivered or given up, so a version is
 *   never sent again after it was accepted, across restarts too.
 * - `migrations`: the names of the changes made to stored rows, each made once.
 *
 * Callbacks are stored normalised and hosts as the per-host limit counts them
 * (./request.ts `normaliseCallback`, `callbackHost`; issue 21). Rows stored before kept
 * the callback as sent and the host as the URL parser wrote it (`localhost.`): the first
 * start of this version rewrites them (`callbacks-normalised`), keeping one row where
 * two were spellings of one callback.
 */
import type { FeedFormat } from "../types.ts";
import { callbackHost, httpUrl, normaliseCallback } from "./request.ts";
import type { Topic } from "./topic.ts";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS topics (
  url TEXT PRIMARY KEY,
  origin TEXT NOT NULL,
  kind TEXT NOT NULL,
  key TEXT NOT NULL,
  format TEXT NOT NULL,
  query TEXT NOT NULL DEFAULT '',
  tag TEXT NOT NULL,
  window_tag TEXT NOT NULL DEFAULT '',
  unchecked INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS topics_unchecked ON topics (unchecked, kind, key);
CREATE TABLE IF NOT EXISTS subscriptions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  topic TEXT NOT NULL,
  callback TEXT NOT NULL,
  host TEXT NOT NULL,
  secret TEXT,
  lease_seconds INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  UNIQUE (topic, callback)
);
CREATE INDEX IF NOT EXISTS subscriptions_by_host ON subscriptions (host);
CREATE TABLE IF NOT EXISTS verifications (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  mode TEXT NOT NULL,
  topic TEXT NOT NULL,
  origin TEXT NOT NULL,
  kind TEXT NOT NULL,
  key TEXT NOT NULL,
  format TEXT NOT NULL,
  query TEXT NOT NULL DEFAULT '',
  requested TEXT NOT NULL,
  callback TEXT NOT NULL,
  host TEXT NOT NULL,
  secret TEXT,
  lease_seconds INTEGER NOT NULL,
  UNIQUE (topic, callback)
);
CREATE INDEX IF NOT EXISTS verifications_by_host ON verifications (host);
CREATE TABLE IF NOT EXISTS deliveries (
  subscription INTEGER PRIMARY KEY,
  tag TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  next_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS deliveries_by_time ON deliveries (next_at);
CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY);
`;

/** The migration that normalises stored callbacks and hosts (issue 21). */
const CALLBACKS_NORMALISED = "callbacks-normalised";

/** A topic as stored: what it is and the tag of the version its subscribers have. */
export interface StoredTopic extends Topic {
  tag: string;
  /** The tag of its scope's window when `tag` was computed (./topic.ts `topicProbe`); `""` for a topic the index alone tags. */
  window: string;
  /** Whether its window changed since `tag` was computed: its tag is to be computed again. */
  unchecked: boolean;
}

export type Row = Record<string, SqlStorageValue>;

export function topicOf(row: Row, url: string): Topic {
  return {
    url,
    origin: String(row.origin),
    kind: String(row.kind) as Topic["kind"],
    key: String(row.key),
    format: String(row.format) as FeedFormat,
    query: String(row.query),
  };
}

export function storedTopic(row: Row): StoredTopic {
  return { ...topicOf(row, String(row.url)), tag: String(row.tag), window: String(row.window_tag), unchecked: Number(row.unchecked) === 1 };
}

export const text = (value: SqlStorageValue): string | null => (value === null ? null : String(value));

/**
 * Rewrites every stored callback and host as this version writes them. Where rows of a
 * table are one topic's one callback once rewritten, one is kept: the subscription
 * whose lease ends last (with its pending delivery), the newest verification request
 * (as a newer request replaces an older one). Synchronous, so atomic in the object.
 */
function normaliseCallbacks(sql: SqlStorage): void {
  for (const table of ["subscriptions", "verifications"] as const) {
    const rank = table === "subscriptions" ? "expires_at" : "id";
    /** Rows by topic and rewritten callback, the one to keep first. */
    const same = new Map<string, { id: number; callback: string; host: string; changed: boolean }[]>();
    for (const row of sql.exec<Row>(`SELECT id, topic, callback, host FROM ${table} ORDER BY ${rank} DESC, id DESC`).toArray()) {
      const url = httpUrl(String(row.callback));
      const callback = url === undefined ? String(row.callback) : normaliseCallback(url);
      const host = url === undefined ? String(row.host) : callbackHost(callback);
      const key = `${String(row.topic)} ${callback}`;
      same.set(key, [...(same.get(key) ?? []), { id: Number(row.id), callback, host, changed: callback !== row.callback || host !== row.host }]);
    }
    for (const [kept, ...dropped] of same.values()) {
      for (const { id } of dropped) {
        if (table === "subscriptions") sql.exec("DELETE FROM deliveries WHERE subscription = ?", id);
        sql.exec(`DELETE FROM ${table} WHERE id = ?`, id);
      }
      if (kept?.changed) sql.exec(`UPDATE ${table} SET callback = ?, host = ? WHERE id = ?`, kept.callback, kept.host, kept.id);
    }
  }
  sql.exec("INSERT INTO migrations (name) VALUES (?)", CALLBACKS_NORMALISED);
}

/** Creates the tables that do not exist yet, and makes the migrations not yet made. */
export function openHubDatabase(sql: SqlStorage): void {
  sql.exec(SCHEMA);
  const made = Number(sql.exec<Row>("SELECT COUNT(*) AS n FROM migrations WHERE name = ?", CALLBACKS_NORMALISED).toArray()[0]?.n ?? 0);
  if (made === 0) normaliseCallbacks(sql);
}
