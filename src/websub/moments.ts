/**
 * @module The WebSub side of publishing on schedule (issue 22): when the hub must wake
 * for the next moment, and telling the other hubs (`WEBSUB_HUBS`) which feeds changed at
 * a moment, as `npm run deploy` tells them of a deploy (./publish.ts). The built-in hub
 * needs no telling: it compares its own topics at each moment (./hub.ts).
 */
import { type ContentAt, contentAt, epochNow, scheduleData } from "../content/schedule.ts";
import { epochAt } from "../content/schedule-format.ts";
import { CALLBACK_TIMEOUT_MS, exchange } from "./callbacks.ts";
import { changedTopics, publishForm } from "./publish.ts";
import { siteTopics } from "./topic.ts";

/** When the next version of the content starts after `now` (ms), if one does. */
export function nextMoment(now: number): number | undefined {
  return epochNow(now).next;
}

/** The storage key of the last moment the other hubs were told of. */
const TOLD = "websub:moment-told";

/**
 * Tells each hub of `WEBSUB_HUBS` about every default feed whose document changed since
 * the last moment they were told of (at most `budget` pings; the site's feed first),
 * once per moment, across instances (a moment that passed while no instance ran is told
 * with the next). Returns the outbound requests it made (two content reads and the pings). Feed URLs need `SITE_URL`: without it the hub knows no origin, and
 * tells nobody.
 */
export async function tellOtherHubs(storage: DurableObjectStorage, at: ContentAt, budget: number): Promise<number> {
  const hubs = at.catalog.settings.websubHubs;
  const origin = at.catalog.settings.url;
  const { moments } = scheduleData();
  const moment = moments[at.epoch - 1] as number;
  const told = (await storage.get<number>(TOLD)) ?? 0;
  if (hubs.length === 0 || origin === "" || told >= moment) return 0;
  // The version the other hubs last heard of: the deploy's own (scripts/deploy.ts told them), or a later moment's.
  const before = Math.min(at.epoch - 1, epochAt(moments, told));
  const earlier = await contentAt(before === 0 ? 0 : (moments[before - 1] as number), at.assets);
  const toldTags = Object.fromEntries(siteTopics(earlier.catalog, origin).map(({ url, tag }) => [url, tag]));
  const changed = changedTopics(siteTopics(at.catalog, origin), toldTags).slice(0, Math.max(0, Math.floor((budget - 2) / hubs.length)));
  await storage.put(TOLD, moment);
  await Promise.all(
    hubs.flatMap((hub) =>
      changed.map(async ({ url }) => {
        const request = new Request(hub, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: publishForm(url), redirect: "manual" });
        try {
          const status = await exchange(request, CALLBACK_TIMEOUT_MS, async (response) => {
            await response.body?.cancel();
            return response.status;
          });
          if (status < 200 || status >= 300) console.error(`WebSub: ${hub} answered ${status} to the ping for ${url}`);
        } catch (error) {
          console.error(`WebSub: could not ping ${hub} for ${url}:`, error);
        }
      }),
    ),
  );
  return 2 + changed.length * hubs.length;
}
