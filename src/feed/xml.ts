/**
 * @module The one XML escaper, and the small writer of the XML this service serves: RSS
 * and Atom documents (./rss.ts, ./atom.ts) and the OPML lists (src/views/opml.ts). Text
 * is escaped where it is written, for where it goes:
 *
 * - `escapeText`: element text that is data (URLs, ids, dates, settings): `&`, `<`, `>`
 *   as the predefined entities.
 * - `escapeProse`: text people read (titles, names, categories), as the RSS Best
 *   Practices Profile ("Character Data") asks: an `&` that could start a reference and a
 *   `<` that could start a tag as hexadecimal character references, which the W3C
 *   validator knows for text rather than markup (`CharacterData`, `ContainsHTML`: it looks
 *   for `&#x` on the element's first line) and which readers whose XML layer leaves
 *   references to their HTML decoder still decode exactly once; line breaks as references
 *   too, which keeps each element on one line; the rest as entities.
 * - `escapeAttribute`: attribute values: `&`, `<`, `>`, `"` as entities. In feeds, tab
 *   and line breaks stay as they are, and readers see spaces (attribute-value
 *   normalisation, XML 1.0 section 3.3.3): @rowanmanning/feed-parser shows a character
 *   reference in an attribute as written. Where every character counts (an OPML list's
 *   titles), `exact` writes them as character references.
 * - `escapeEntities`: all five predefined entities, `'` as `&apos;` too, where a format
 *   asks for them everywhere (a sitemap's `<loc>`, src/views/sitemap.ts).
 * - `cdata`: a CDATA section, every `]]>` in it split across two sections.
 *
 * The writer lays documents out as the `feed` library's writer (xml-js, four spaces a
 * level) always has, so documents keep their bytes: an element on a line of its own,
 * its text on the same line, its children each on a line of their own and its end tag
 * on another; `<name/>` when it has neither.
 */

const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };
const PROSE: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#xD;", "\n": "&#xA;" };
const WHITESPACE: Record<string, string> = { "\t": "&#9;", "\n": "&#10;", "\r": "&#13;" };

/** Element text that is data: `&`, `<`, `>` as entities. */
export function escapeText(text: string): string {
  return text.replace(/[&<>]/g, (c) => ENTITIES[c] ?? c);
}

/**
 * Element text people read. `&` before `#` or a letter, digit or `_` (Python's `\w`, as
 * the validator matches) and `<` before a letter, `/`, `!` or `?` become hexadecimal
 * references; line breaks `&#xA;` and `&#xD;`; other `&`, `<` and `>` entities.
 */
export function escapeProse(text: string): string {
  // Most text has nothing to escape; the Unicode property classes below cost a cold isolate about 0.3 ms to compile on first use.
  if (!/[&<>\r\n]/.test(text)) return text;
  return text.replace(/(&(?=[#\p{L}\p{N}_]))|(<(?=[/!?\p{L}]))|[&<>\r\n]/gu, (c, reference?: string, tag?: string) => (reference ? "&#x26;" : tag ? "&#x3C;" : (PROSE[c] ?? c)));
}

/** An attribute value, for double quotes; `exact`: tab and line breaks as references too. */
export function escapeAttribute(value: string, exact = false): string {
  return value.replace(exact ? /[&<>"\t\n\r]/g : /[&<>"]/g, (c) => ENTITIES[c] ?? WHITESPACE[c] ?? c);
}

/** Text with every one of XML's five predefined entities written as one. */
export function escapeEntities(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

/** `text` as a CDATA section (XML 1.0 section 2.7: `]]>` cannot be in one, so it ends one and starts the next). */
export function cdata(text: string): string {
  return `<![CDATA[${text.replaceAll("]]>", "]]]]><![CDATA[>")}]]>`;
}

/** What every XML document here starts with. */
export const XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>';

/** Attributes in the order written; one whose value is `undefined` is left out. Values are escaped here. */
export type Attributes = readonly (readonly [name: string, value: string | number | undefined])[];

/** An element to write: its text (escaped already, or a CDATA section) on its line, or its children below it. */
export interface XmlElement {
  name: string;
  attributes?: Attributes;
  /** What goes between the tags, as written. */
  content?: string;
  children?: readonly XmlElement[];
}

function attributes(list: Attributes = []): string {
  return list.map(([name, value]) => (value === undefined ? "" : ` ${name}="${escapeAttribute(String(value))}"`)).join("");
}

/** The line break and indentation that start a line at `depth`. */
function line(depth: number): string {
  return `\n${"    ".repeat(depth)}`;
}

/** A start tag on a line of its own at `depth` (its children and end tag are written apart: `endTag`). */
export function startTag(name: string, list: Attributes, depth: number): string {
  return `${line(depth)}<${name}${attributes(list)}>`;
}

/** An end tag on a line of its own at `depth`. */
export function endTag(name: string, depth: number): string {
  return `${line(depth)}</${name}>`;
}

/** `element` on a line of its own at `depth`, with everything in it. */
export function writeElement(element: XmlElement, depth: number): string {
  const { name, content, children } = element;
  const open = `${line(depth)}<${name}${attributes(element.attributes)}`;
  if (children !== undefined && children.length > 0) {
    return `${open}>${children.map((child) => writeElement(child, depth + 1)).join("")}${endTag(name, depth)}`;
  }
  return content === undefined ? `${open}/>` : `${open}>${content}</${name}>`;
}

/** The elements of `elements` that are there: a way to write optional elements in order. */
export function present(...elements: (XmlElement | false | undefined)[]): XmlElement[] {
  return elements.filter((element): element is XmlElement => element !== false && element !== undefined);
}
