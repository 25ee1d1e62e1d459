/**
 * @module The built-in hub's URL, `/websub` (issue 14): `POST` takes subscription
 * requests (W3C WebSub, section 5.1), `GET` says what the hub is. The worker reads and
 * checks a request (./request.ts, ./topic.ts) so that a bad one never reaches the
 * Durable Object; the hub (./hub.ts) applies the limits and verifies intent later.
 * With `WEBSUB_HUB = "off"` the URL does not exist.
 */
import { Hono } from "hono";
import { HUB_PATH, OPML_PATH } from "../feed/urls.ts";
import { contentOf } from "../http/moment.ts";
import type { AppEnv } from "../http/respond.ts";
import { readSite } from "../http/site.ts";
import { readCapped } from "./callbacks.ts";
import { hubPolicy } from "./policy.ts";
import { MAX_BODY_BYTES, parseHubRequest } from "./request.ts";
import { resolveTopic } from "./topic.ts";
import { hubEnabled, hubStub } from "./trigger.ts";

const encoder = new TextEncoder();

/** What `GET /websub` says: how to subscribe, and the limits that apply. */
function describeHub(origin: string, env: Partial<Cloudflare.Env>): string {
  const policy = hubPolicy(env);
  return `WebSub hub of ${origin} (W3C WebSub, https://www.w3.org/TR/websub/).

Every feed of this site names this hub (Link: rel="hub") and its own URL (rel="self").
To receive a feed's new version when the site publishes one, POST a form
(Content-Type: application/x-www-form-urlencoded) to ${origin}${HUB_PATH} with
  hub.mode=subscribe (or unsubscribe)
  hub.topic=<the feed's rel="self" URL>, e.g. ${origin}/rss.xml, or a filtered feed's,
            e.g. ${origin}/rss.xml?filter=word (not filter_time: such a feed changes
            as time passes, not when the site publishes, so there is nothing to push)
  hub.callback=<your http(s) URL>, which must echo hub.challenge to confirm
  hub.lease_seconds=<optional, granted between ${policy.leaseMin} and ${policy.leaseMax}; default ${policy.leaseDefault}>
  hub.secret=<optional, under 200 bytes: deliveries then carry X-Hub-Signature: sha256=...>
At most ${policy.maxPerTopic} subscriptions per feed and ${policy.maxPerHost} per callback host.
Every feed is listed at ${origin}${OPML_PATH}.
`;
}

export const hubRoutes = new Hono<AppEnv>()
  // With its status given, Hono writes the Content-Type its other text answers have (`text/plain; charset=UTF-8`).
  .get(HUB_PATH, (c) => (hubEnabled(c.env) ? c.text(describeHub(readSite(c.env, c.req.url).origin, c.env), 200) : c.notFound()))
  .post(HUB_PATH, async (c) => {
    if (!hubEnabled(c.env)) return c.notFound();
    const body = await readCapped(c.req.raw, MAX_BODY_BYTES);
    if (encoder.encode(body).byteLength > MAX_BODY_BYTES) return c.text(`Subscription requests are at most ${MAX_BODY_BYTES} bytes.`, 413);
    const parsed = parseHubRequest(c.req.header("content-type"), body);
    if (!parsed.ok) return c.text(parsed.reason, parsed.status);
    const topic = resolveTopic(parsed.request.topic, readSite(c.env, c.req.url).origin, contentOf(c).catalog);
    if (!topic.ok) return c.text(topic.reason, topic.status);
    const answer = await hubStub(c.env).subscription(parsed.request, topic.topic);
    return c.text(answer.message, answer.status);
  });
