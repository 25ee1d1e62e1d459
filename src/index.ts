/**
 * @module Worker entry: methods, canonical-URL redirects, CORS, the routes and the
 * error handlers; the cron trigger; the Durable Object classes of the WebSub hub and of
 * the subscriber counts. Everything else lives in modules the routes call.
 */
import { Hono } from "hono";
import { cors } from "hono/cors";
import { HTTPException } from "hono/http-exception";
import { TrieRouter } from "hono/router/trie-router";
import { epochNow } from "./content/schedule.ts";
import { ContentUnavailable } from "./content/store.ts";
import { HUB_PATH } from "./feed/urls.ts";
import { remember, replay } from "./http/cache.ts";
import { capResponse, contentOf, pickContent } from "./http/moment.ts";
import { canonicalUrl } from "./http/redirects.ts";
import { articleRoutes, peopleRoutes } from "./people/routes.ts";
import { type AppEnv, routes } from "./routes.ts";
import { countFetch } from "./stats/count.ts";
import { statsRoutes } from "./stats/routes.ts";
import { isWarmUp, warmUp } from "./warm-up.ts";
import { hubRoutes } from "./websub/routes.ts";
import { hubEnabled, signalFirstRequest, syncHub } from "./websub/trigger.ts";

export { SubscriberStats } from "./stats/object.ts";
export { WebSubHub } from "./websub/hub.ts";

const ALLOWED_METHODS = ["GET", "HEAD", "OPTIONS"];

/** The response headers scripts on other sites may read (CORS). */
const CORS_EXPOSED = ["ETag", "Last-Modified", "Link"];
/** The WebSub hub also takes POSTs: subscription requests (issue 14). */
const HUB_METHODS = ["GET", "HEAD", "POST", "OPTIONS"];

/** Seconds a client should wait before retrying after a content file could not be read. */
const RETRY_AFTER = 30;

/** Content paths already logged as unavailable: each is logged once per isolate. */
const logged = new Set<string>();

/**
 * Builds the worker's app. `extend` adds routes after the real ones (tests use it to
 * inject a failing route and check the 500 path). `clock` is when each request is
 * answered, which picks the schedule's version of the content (issue 22): `Date.now` in
 * the worker; tests fix it. Nothing a request sends sets it.
 */
export function createApp(extend?: (app: Hono<AppEnv>) => void, clock: () => number = Date.now): Hono<AppEnv> {
  // Hono's default router tries its RegExpRouter first, which refuses these routes (static
  // paths beside parameters with patterns of their own, `/favicon.ico` beside
  // `/:file{...}`), then falls back to the TrieRouter. With the TrieRouter alone, a
  // workerd process starting the app at 10,000 articles used about 10 ms less CPU
  // (medians of 13 interleaved pairs; src/warm-up.ts matches paths at start-up).
  const app = new Hono<AppEnv>({ router: new TrieRouter() });

  // The content current at the request's time (issue 22): the clock is the app's, never the request's.
  app.use(pickContent(clock, isWarmUp));

  // Every answer is the type it says (Fetch standard, `X-Content-Type-Options`): the
  // plain-text errors too, so that no browser sniffs one for HTML (issue 21). Feeds and
  // pages already say it with their validators (src/http/respond.ts); this covers 4xx and
  // 5xx answers from every route, the hub's included, and the 405s and CORS preflights
  // below. Hono's `secureHeaders` would add X-Frame-Options and
  // Cross-Origin-Resource-Policy by default, which the embeds must not have.
  app.use(async (c, next) => {
    await next();
    c.res.headers.set("X-Content-Type-Options", "nosniff");
  });

  // RFC 9110 section 15.5.6: a 405 lists the methods the resource supports.
  app.use(async (c, next) => {
    const allowed = c.req.path === HUB_PATH ? HUB_METHODS : ALLOWED_METHODS;
    if (allowed.includes(c.req.method)) return next();
    const use = allowed === HUB_METHODS ? "GET, HEAD or POST" : "GET or HEAD";
    return c.text(`Method ${c.req.method} not allowed: use ${use}.`, 405, { Allow: allowed.join(", ") });
  });

  // Feeds and term lists are public: readable by scripts on any site (issue 5), and so is
  // a feed's WebSub discovery header (issue 14). Hono's `cors` answers preflights; on
  // other requests its headers go on the route's response once it is made. (Run as is,
  // `cors` sets them on `c.res` before the route runs, and Hono then wraps the route's
  // response in a new one around its body stream: the response cache could not keep the
  // bytes it made, and read the whole body back, a copy of up to 1 MiB per response.)
  const preflight = cors({ origin: "*", allowMethods: ALLOWED_METHODS, exposeHeaders: CORS_EXPOSED, maxAge: 86_400 });
  const exposed = CORS_EXPOSED.join(",");
  app.use(async (c, next) => {
    if (c.req.method === "OPTIONS") return preflight(c, next);
    await next();
    c.res.headers.set("Access-Control-Allow-Origin", "*");
    c.res.headers.set("Access-Control-Expose-Headers", exposed);
  });

  app.use(async (c, next) => {
    const url = new URL(c.req.url);
    const catalog = contentOf(c).catalog;
    const canonical = canonicalUrl(url, (kind, key) => catalog.has(kind, key));
    return canonical === undefined ? next() : c.redirect(url.origin + canonical, 301);
  });

  app.route("/", peopleRoutes);
  app.route("/", routes);
  app.route("/", hubRoutes);
  app.route("/", statsRoutes);
  extend?.(app);
  // Last: every path no other route answers may be an article's permalink.
  app.route("/", articleRoutes);

  app.notFound((c) => c.text("Not found: no feed, tag, category or page at this address. Every feed is listed at /.", 404));

  app.onError((error, c) => {
    // A warm-up request at start-up (src/warm-up.ts) ends here without a word.
    if (isWarmUp(c.env)) throw error;
    if (error instanceof HTTPException) return c.text(error.message, error.status);
    if (error instanceof ContentUnavailable) {
      // A deploy whose assets are missing a file, or a file that did not upload: never a
      // truncated feed. Logged once per path, with the path.
      if (!logged.has(error.path)) {
        logged.add(error.path);
        console.error(`503 on ${new URL(c.req.url).pathname}: ${error.message}`);
      }
      return c.text("Service unavailable: this content cannot be read right now. Try again shortly.", 503, { "Retry-After": String(RETRY_AFTER) });
    }
    // Logged once, with the path; the client never sees the stack or file names.
    console.error(`500 on ${new URL(c.req.url).pathname}:`, error);
    return c.text("Internal server error.", 500);
  });
  return app;
}

const app = createApp();

// At start-up, not on the first request: see src/warm-up.ts.
warmUp(app);

export default {
  /**
   * Responses already made are replayed before routing (src/http/cache.ts); the rest go
   * to the app. Either way the response is counted, when it is a feed's, once it is made
   * (src/stats/count.ts: replayed hits and 304s included; the sending is off the request
   * path). An isolate's first request also tells the WebSub hub, off the request path,
   * that a new version may be serving (src/websub/trigger.ts).
   */
  async fetch(request, env, ctx) {
    signalFirstRequest(env, ctx);
    // A replayed response's lifetime is cut to the next moment of the schedule, as a new one's is (issue 22).
    const now = Date.now();
    const at = { now, ...epochNow(now) };
    const replayed = replay(request, at.epoch);
    const response = replayed ? capResponse(replayed, at) : await remember(request, await app.fetch(request, env, ctx));
    countFetch(request, response, env, ctx);
    return response;
  },
  /** `[triggers] crons`: the hub's fallback for a deploy no request has reached yet, and its housekeeping. */
  async scheduled(_controller, env, ctx) {
    if (hubEnabled(env)) ctx.waitUntil(syncHub(env, true));
  },
} satisfies ExportedHandler<Cloudflare.Env>;
