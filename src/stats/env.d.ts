/**
 * @module The subscriber counts' secret, which `wrangler types` cannot see in
 * wrangler.toml (it is set with `wrangler secret put STATS_TOKEN`, or in .dev.vars
 * locally): unset, `/stats/` and `/stats.json` are 404s that say how to set it.
 */
declare namespace Cloudflare {
  interface Env {
    STATS_TOKEN?: string | undefined;
  }
}
