/**
 * @module The one place a document the `feed` library renders becomes head, items and
 * tail (what the build stores and the worker puts together: ./assemble.ts), cut by how
 * documents relate, never by reading their text: a document with one item more is the
 * document without it with the item's bytes put in at one place, so `head` is a prefix
 * and `tail` a suffix of every document of that head, and an item is what a document of
 * one item holds between its head and tail. Each cut checks the relation it relies on
 * and throws when it does not hold. tests/node/split.test.ts holds `head + items + tail`
 * equal, byte for byte, to the library's own rendering of the whole document.
 */

/** A document's bytes before its first item and after its last. */
export interface Ends {
  head: string;
  tail: string;
}

/** How many characters `a` and `b` share at their start. */
function sharedStart(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a.charCodeAt(n) === b.charCodeAt(n)) n++;
  return n;
}

/** How many characters `a` and `b` share at their end, at most `max`. */
function sharedEnd(a: string, b: string, max: number): number {
  let n = 0;
  while (n < max && a.charCodeAt(a.length - 1 - n) === b.charCodeAt(b.length - 1 - n)) n++;
  return n;
}

/**
 * The head and tail of `empty`, a document without items, from `one`, the same document
 * with one item. `one` is `empty` with the item's bytes put in at some place `at`: at any
 * place from where the two stop sharing their ends to where they stop sharing their
 * starts, since an item can begin with bytes its head ends with or end with bytes its tail
 * begins with. Of those places, the item begins a line at exactly one: the library's
 * writer (xml-js, through `feed`) puts every element on a line of its own, and no line
 * break begins a tail or ends a head.
 */
export function endsOf(empty: string, one: string): Ends {
  const added = one.length - empty.length;
  if (added <= 0) throw new Error("the document with an item is not longer than the one without");
  const latest = sharedStart(empty, one);
  const earliest = empty.length - sharedEnd(empty, one, empty.length);
  for (let at = earliest; at <= latest; at++) {
    if (one[at] === "\n") return checked({ head: empty.slice(0, at), tail: empty.slice(at) }, one);
  }
  throw new Error("no place where the item begins a line");
}

/** `ends`, once `document` is checked to begin with its head and end with its tail. */
function checked(ends: Ends, document: string): Ends {
  if (!document.startsWith(ends.head) || !document.endsWith(ends.tail) || document.length < ends.head.length + ends.tail.length) {
    throw new Error("the document does not begin with the head and end with the tail");
  }
  return ends;
}

/** What `document` holds between `ends`: its items, as they sit in it. */
export function between(document: string, ends: Ends): string {
  checked(ends, document);
  return document.slice(ends.head.length, document.length - ends.tail.length);
}
