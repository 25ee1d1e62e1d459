/**
 * @module Worker entry: methods, canonical-URL redirects, CORS, the routes and the
 * error handlers. Everything else lives in pure modules the routes call.
 */
import { Hono } from "hono";
import { cors } from "hono/cors";
import { HTTPException } from "hono/http-exception";
import { contentLibrary } from "./articles.ts";
import { canonicalUrl } from "./http/redirects.ts";
import { remember, replay } from "./http/replay.ts";
import { type AppEnv, routes } from "./routes.ts";
import { warmUp } from "./warm-up.ts";
import { peopleRoutes } from "./people/routes.ts";

const ALLOWED_METHODS = ["GET", "HEAD", "OPTIONS"];

/**
 * Builds the worker's app. `extend` adds routes after the real ones (tests use it to
 * inject a failing route and check the 500 path).
 */
export function createApp(extend?: (app: Hono<AppEnv>) => void): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  // RFC 9110 section 15.5.6: a 405 lists the methods the resource supports.
  app.use(async (c, next) => {
    if (ALLOWED_METHODS.includes(c.req.method)) return next();
    return c.text(`Method ${c.req.method} not allowed: use GET or HEAD.`, 405, { Allow: ALLOWED_METHODS.join(", ") });
  });

  // Feeds and term lists are public: readable by scripts on any site (issue 5).
  app.use(
    cors({ origin: "*", allowMethods: ALLOWED_METHODS, exposeHeaders: ["ETag", "Last-Modified"], maxAge: 86_400 }),
  );

  app.use(async (c, next) => {
    const url = new URL(c.req.url);
    const canonical = canonicalUrl(url, (kind, key) => Object.hasOwn(contentLibrary()[kind], key));
    return canonical === undefined ? next() : c.redirect(url.origin + canonical, 301);
  });

  app.route("/", peopleRoutes);
  app.route("/", routes);
  extend?.(app);

  app.notFound((c) => c.text("Not found: no feed, tag, category or page at this address. Every feed is listed at /.", 404));

  app.onError((error, c) => {
    if (error instanceof HTTPException) return c.text(error.message, error.status);
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
  /** Responses already made are replayed before routing (src/http/replay.ts); the rest go to the app. */
  async fetch(request, env, ctx) {
    return replay(request) ?? remember(request, await app.fetch(request, env, ctx));
  },
} satisfies ExportedHandler<Cloudflare.Env>;
