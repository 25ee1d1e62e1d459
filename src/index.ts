/**
 * @module Worker entry: the Hono app, its error handling and the routes.
 */
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { routes } from "./routes.ts";

const app = new Hono<{ Bindings: Cloudflare.Env }>();

app.route("/", routes);

app.notFound((c) => c.text("Not found: no feed, tag, category or page at this address. See / for every feed.", 404));

app.onError((error, c) => {
  if (error instanceof HTTPException) return c.text(error.message, error.status);
  // Logged once with the path; the client never sees the stack or file names.
  console.error(`500 on ${new URL(c.req.url).pathname}:`, error);
  return c.text("Internal server error.", 500);
});

export default app;
