/**
 * @module Small non-cryptographic hashes for the worker: slug lookup and validators.
 * Content hashes themselves are made by the build (SHA-256, src/build/); these only
 * combine them.
 */

/** 32-bit FNV-1a of a string's UTF-16 code units. */
export function fnv1a(text: string, seed = 0x811c9dc5): number {
  let hash = seed;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * A 64-bit digest built from 32-bit words and strings, as two independent FNV-1a lanes.
 * For validators: collisions only matter between two versions of one document.
 */
export class Digest {
  #a = 0x811c9dc5;
  #b = 0x050c5d1f;

  /** Mixes in an unsigned 32-bit word. */
  word(value: number): this {
    for (let shift = 0; shift < 32; shift += 8) {
      const byte = (value >>> shift) & 0xff;
      this.#a = Math.imul(this.#a ^ byte, 0x01000193);
      this.#b = Math.imul(this.#b ^ byte, 0x01000193);
    }
    return this;
  }

  /** Mixes in a string, length first, so that ("ab", "c") and ("a", "bc") differ. */
  text(value: string): this {
    this.word(value.length);
    for (let i = 0; i < value.length; i++) {
      const unit = value.charCodeAt(i);
      this.#a = Math.imul(this.#a ^ unit, 0x01000193);
      this.#b = Math.imul(this.#b ^ unit, 0x01000193);
    }
    return this;
  }

  /** 16 hex digits. */
  hex(): string {
    return (this.#a >>> 0).toString(16).padStart(8, "0") + (this.#b >>> 0).toString(16).padStart(8, "0");
  }
}
