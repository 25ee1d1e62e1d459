/**
 * @module A least-recently-used map bounded by bytes as well as entries, for memoised
 * response bodies in the isolate. One huge body cannot push the isolate over its
 * memory limit, and many small ones cannot grow the map without bound.
 */

/** An LRU cache whose size is the sum of its values' `byteLength`s. */
export class ByteLru<V extends { byteLength: number }> {
  /** Map iteration order is insertion order: the first key is the least recently used. */
  readonly #entries = new Map<string, V>();
  #bytes = 0;

  /**
   * @param maxBytes total `byteLength` kept; a value larger than this is never stored.
   * @param maxEntries number of values kept.
   */
  readonly maxBytes: number;
  readonly maxEntries: number;

  constructor(maxBytes: number, maxEntries: number) {
    this.maxBytes = maxBytes;
    this.maxEntries = maxEntries;
  }

  /** Bytes held now. */
  get bytes(): number {
    return this.#bytes;
  }

  /** Values held now. */
  get size(): number {
    return this.#entries.size;
  }

  /** The value for `key`, marked as most recently used. */
  get(key: string): V | undefined {
    const value = this.#entries.get(key);
    if (value !== undefined) {
      this.#entries.delete(key);
      this.#entries.set(key, value);
    }
    return value;
  }

  /** Stores `value`, evicting least recently used values until both bounds hold. */
  set(key: string, value: V): void {
    this.delete(key);
    if (value.byteLength > this.maxBytes) return;
    this.#entries.set(key, value);
    this.#bytes += value.byteLength;
    for (const [oldest, old] of this.#entries) {
      if (this.#bytes <= this.maxBytes && this.#entries.size <= this.maxEntries) break;
      this.#entries.delete(oldest);
      this.#bytes -= old.byteLength;
    }
  }

  delete(key: string): void {
    const value = this.#entries.get(key);
    if (value === undefined) return;
    this.#entries.delete(key);
    this.#bytes -= value.byteLength;
  }
}
