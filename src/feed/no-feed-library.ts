/**
 * @module What the worker's bundle has in place of the `feed` library (wrangler.toml
 * `[alias]`). Only the build renders feeds, in Node, with the library itself
 * (./json.ts); the worker assembles what the build wrote (README, "The worker is a thin
 * assembler") and so never reaches it, and does not carry it and the XML parser and
 * writer it brings (about 95 KiB). Were it ever to render, this says so at once.
 */
export class Feed {
  constructor() {
    throw new Error("the worker never renders a feed: the build does (src/build/chunks.ts), with the feed library");
  }
}
