/**
 * @module Getting arbitrary text through `feed` 6's XML writer (xml-js `js2xml`) intact.
 * Each function answers one defect of that writer, named where it is used:
 *
 * - text nodes are "desanitised" before escaping: a literal `&amp;` comes out as `&`;
 * - attribute values only get `"` escaped: a `<` or `&` in a category term is not
 *   well-formed XML;
 * - CDATA sections split only the first `]]>`.
 *
 * The cure is the same for all three: XML-special characters go into `feed` as
 * placeholders (characters XML forbids, so no real input contains them: every input
 * string is stripped of those first) and `restorePlaceholders` turns them into the
 * right escape after serialisation. Which escape depends on where the string went.
 */

/**
 * Placeholder -> what it stands for in the serialised XML. In text, an `&` that could
 * start a reference and a `<` that could start a tag are hexadecimal character references
 * (RSS Best Practices Profile, "Character Data"): the W3C validator then knows them for
 * text, not markup (`CharacterData`, `ContainsHTML`: it looks for `&#x` on the element's
 * first line), and readers whose XML layer leaves character references to their HTML
 * decoder still decode them exactly once. Line breaks are references too, which keeps
 * each text element on one line. Attribute values use the predefined entities.
 */
const PLACEHOLDERS: Record<string, string> = {
  "\u0001": "&#x26;",
  "\u0002": "&#x3C;",
  "\u0004": "&#xD;",
  "\u0005": "&#xA;",
  "\u0006": "&amp;",
  "\u0007": "&lt;",
  "\u0008": "&gt;",
  "\u000B": "&quot;",
  "\u000C": "]]]]><![CDATA[>",
};
const TEXT_SPECIALS: Record<string, string> = { "&": "\u0006", "<": "\u0007", ">": "\u0008", "\r": "\u0004", "\n": "\u0005" };
const ATTR_SPECIALS: Record<string, string> = { "&": "\u0006", "<": "\u0007", ">": "\u0008", '"': "\u000B" };

/**
 * For element text (xml-js `writeText` desanitises `&amp;`). `&` before `#` or a letter
 * or digit (Python's `\w`, as the validator matches), and `<` before a letter, `/`, `!`
 * or `?`, become references; the rest predefined entities.
 */
export const xmlText = (s: string): string =>
  s.replace(/(&(?=[#\p{L}\p{N}_]))|(<(?=[/!?\p{L}]))|[&<>\r\n]/gu, (c, ref?: string, tag?: string) =>
    ref ? "\u0001" : tag ? "\u0002" : (TEXT_SPECIALS[c] ?? c),
  );

/** For attribute values (xml-js escapes only `"`). */
export const xmlAttr = (s: string): string => s.replace(/[&<>"]/g, (c) => ATTR_SPECIALS[c] ?? c);

/** For CDATA sections (xml-js splits only the first `]]>`). */
export const cdata = (s: string): string => s.replaceAll("]]>", "\u000C");

/** Turns every placeholder in `feed`'s output into its escape. */
export const restorePlaceholders = (xml: string): string =>
  xml.replace(/[\u0001\u0002\u0004-\u0008\u000B\u000C]/g, (c) => PLACEHOLDERS[c] ?? "");

/** An attribute value for XML written here rather than by `feed`. */
export const attr = (s: string): string => restorePlaceholders(xmlAttr(s));
