/**
 * @module The version of the content current at a time (issue 22). The build made one
 * version for its own time (./bundled.ts) and one for each later moment at which an
 * article goes live or expires (src/build/schedule.ts, ./schedule-format.ts); a request at
 * time T reads the version of the latest moment at or before T: its catalog, and the
 * assets with the files that differ from version 0 read from `/_c/x/`. A later version's
 * index is one content read, once per isolate.
 */
import scheduleText from "../generated/schedule.json.txt";
import { Digest } from "../hash.ts";
import { content } from "./bundled.ts";
import { type Catalog, openCatalog } from "./catalog.ts";
import { decodeEpochIndex, epochAt, SCHEDULE_STORE, type ScheduleData } from "./schedule-format.ts";
import { type AssetReader, ContentUnavailable, readFile } from "./store.ts";

/** The content as a request at `now` sees it. */
export interface ContentAt {
  catalog: Catalog;
  /** The assets as this version reads them. */
  assets: AssetReader;
  /** When the request is answered, ms. */
  now: number;
  /** The version's number: 0 is the build's own. */
  epoch: number;
  /** When the next version starts (ms), if one does. */
  next?: number;
  /** When the next version in which an article expires starts (ms), if one does. */
  nextExpiry?: number;
}

let schedule: ScheduleData | undefined;

/** The bundled schedule. */
export function scheduleData(): ScheduleData {
  schedule ??= JSON.parse(scheduleText) as ScheduleData;
  return schedule;
}

/** The version current at `now`, and when the next starts (and the next at which an article expires). */
export function epochNow(now: number): { epoch: number; next?: number; nextExpiry?: number } {
  const { moments, expiries = moments } = scheduleData();
  const epoch = epochAt(moments, now);
  const next = moments[epoch];
  const nextExpiry = expiries[epochAt(expiries, now)];
  return { epoch, ...(next === undefined ? {} : { next }), ...(nextExpiry === undefined ? {} : { nextExpiry }) };
}

/** A later version as an isolate keeps it: its catalog and which paths it reads from the store. */
interface Version {
  catalog: Catalog;
  files: Map<string, string>;
}

/** Versions read in this isolate (the current one and the one before are enough: time only moves on). */
const versions = new Map<number, Promise<Version>>();

function loadVersion(epoch: number, assets: AssetReader): Promise<Version> {
  let version = versions.get(epoch);
  if (version === undefined) {
    const path = `${SCHEDULE_STORE}/${scheduleData().epochs[epoch - 1]}`;
    version = readFile(assets, path).then((bytes) => {
      try {
        const read = decodeEpochIndex(bytes);
        return { catalog: openCatalog(read.catalogText, read.index), files: read.files };
      } catch (error) {
        throw new ContentUnavailable(path, String(error));
      }
    });
    // A failed read is not kept: the next request tries again.
    version.catch(() => versions.delete(epoch));
    versions.set(epoch, version);
    for (const old of versions.keys()) if (old < epoch - 1) versions.delete(old);
  }
  return version;
}

/** One reader per base reader and version. */
const readers = new WeakMap<AssetReader, Map<number, AssetReader>>();

/** `assets` as version `epoch` reads them: a path whose bytes differ from version 0's is read from the store. */
function versionAssets(assets: AssetReader, epoch: number, files: Map<string, string>): AssetReader {
  let byEpoch = readers.get(assets);
  if (byEpoch === undefined) readers.set(assets, (byEpoch = new Map()));
  let reader = byEpoch.get(epoch);
  if (reader === undefined) {
    reader = {
      ...(assets.root === undefined ? {} : { root: assets.root }),
      fetch(request) {
        const url = new URL(request.url);
        const stored = files.get(new Digest().text(url.pathname).hex());
        return assets.fetch(stored === undefined ? request : new Request(`${url.origin}${SCHEDULE_STORE}/${stored}`));
      },
    };
    byEpoch.set(epoch, reader);
  }
  return reader;
}

/** The content current at `now`, read through `assets`. */
export async function contentAt(now: number, assets: AssetReader): Promise<ContentAt> {
  const at = { now, ...epochNow(now) };
  if (at.epoch === 0) return { catalog: content(), assets, ...at };
  const version = await loadVersion(at.epoch, assets);
  return { catalog: version.catalog, assets: versionAssets(assets, at.epoch, version.files), ...at };
}
