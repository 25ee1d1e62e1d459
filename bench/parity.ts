/**
 * @module Bare workerd against `wrangler dev`'s runtime: the same URLs asked of the
 * bench's bare `workerd serve` (`ASSETS` = a disk service) and of miniflare's entry
 * (asset router, `run_worker_first`, the real asset worker behind `ASSETS`), compared by
 * status, content type, entity tag and body bytes. Both are asked with the same `Host`
 * (`BENCH_HOST`), so bodies that carry the request's origin (SITE_URL empty) compare
 * byte for byte.
 * If they differ, the bench's CPU figures are not figures of the deployed worker.
 */
import { createHash } from "node:crypto";
import { get, type Probe } from "./workerd.ts";

export interface ParityRow {
  path: string;
  /** Status and body size under bare workerd and under miniflare. */
  bare: { status: number; bytes: number };
  dev: { status: number; bytes: number };
  same: boolean;
  /** What differed, when something did. */
  differs: string[];
}

const digest = (body: Uint8Array) => createHash("sha256").update(body).digest("hex");

export async function compareServers(bareOrigin: string, devOrigin: string, probes: Probe[]): Promise<ParityRow[]> {
  const rows: ParityRow[] = [];
  for (const probe of probes) {
    const headers = probe.headers ?? {};
    const [a, b] = [await get(bareOrigin + probe.path, headers), await get(devOrigin + probe.path, headers)];
    const differs: string[] = [];
    if (a.status !== b.status) differs.push("status");
    for (const name of ["content-type", "etag", "last-modified", "location"]) if (a.headers.get(name) !== b.headers.get(name)) differs.push(name);
    if (digest(a.body) !== digest(b.body)) differs.push("body");
    rows.push({
      path: probe.headers
        ? `${probe.path} (${Object.entries(probe.headers)
            .map(([k, v]) => `${k}: ${v}`)
            .join(", ")})`
        : probe.path,
      bare: { status: a.status, bytes: a.body.byteLength },
      dev: { status: b.status, bytes: b.body.byteLength },
      same: differs.length === 0,
      differs,
    });
  }
  return rows;
}
