/**
 * HTML inspection for the people tests, without regular expressions over markup:
 * workerd's own streaming HTML parser (HTMLRewriter, lol-html) finds elements by CSS
 * selector; we collect their attributes and text and decode character references.
 */

/** One matched element: tag name, decoded attributes, decoded text of all its descendants. */
export interface Found {
  tag: string;
  attrs: Record<string, string>;
  text: string;
}

const NAMED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };

/** Decodes the character references our views emit (named basics and numeric). */
export function decode(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (ref: string, body: string) => {
    if (body.startsWith("#x") || body.startsWith("#X")) return String.fromCodePoint(Number.parseInt(body.slice(2), 16));
    if (body.startsWith("#")) return String.fromCodePoint(Number(body.slice(1)));
    return NAMED[body.toLowerCase()] ?? ref;
  });
}

/** Elements that have no end tag (HTML Living Standard, section 13.1.2 "Void elements"). */
const VOID = new Set(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"]);

/** Every element of `html` matching `selector`, in document order. */
export async function query(html: string, selector: string): Promise<Found[]> {
  const found: Found[] = [];
  const open: Found[] = [];
  const raw = new Map<Found, string>();
  await new HTMLRewriter()
    .on(selector, {
      element(el) {
        const node: Found = { tag: el.tagName, attrs: {}, text: "" };
        for (const [name, value] of el.attributes as Iterable<[string, string]>) node.attrs[name] = decode(value);
        found.push(node);
        raw.set(node, "");
        if (!VOID.has(el.tagName)) {
          open.push(node);
          el.onEndTag(() => {
            open.splice(open.indexOf(node), 1);
          });
        }
      },
      text(chunk) {
        for (const node of open) raw.set(node, (raw.get(node) ?? "") + chunk.text);
      },
    })
    .transform(new Response(html))
    .arrayBuffer();
  for (const node of found) node.text = decode(raw.get(node) ?? "").trim();
  return found;
}

/** The one element matching `selector`; fails when there are none or several. */
export async function one(html: string, selector: string): Promise<Found> {
  const all = await query(html, selector);
  if (all.length !== 1) throw new Error(`expected exactly one ${selector}, found ${all.length}`);
  return all[0] as Found;
}

/** SHA-256 of `text` as a CSP hash-source (CSP Level 3, section 8.4). */
export async function cspHash(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return `sha256-${btoa(String.fromCharCode(...new Uint8Array(digest)))}`;
}

/** Elements whose text is not prose a reader reads as the page's words: code shown as code, style, script. */
const NOT_PROSE = "style, script, pre";

/**
 * The words a reader of `html` sees: every text node (the `<title>` included) outside
 * `NOT_PROSE`, and the attributes a browser or reader shows: link titles (autodiscovery),
 * accessible names, the copy button's later labels, the meta description.
 */
export async function visibleText(html: string): Promise<string[]> {
  const texts: string[] = [];
  let skipped = 0;
  let text = "";
  const flush = () => {
    if (text.trim()) texts.push(decode(text).trim());
    text = "";
  };
  await new HTMLRewriter()
    .on(NOT_PROSE, {
      element(el) {
        skipped++;
        el.onEndTag(() => {
          skipped--;
        });
      },
    })
    .on(`link[title], [aria-label], [data-copied], [data-failed], meta[name="description"]`, {
      element(el) {
        for (const name of ["title", "aria-label", "data-copied", "data-failed", "content"]) {
          const value = el.getAttribute(name);
          if (value !== null) texts.push(decode(value));
        }
      },
    })
    .onDocument({
      text(chunk) {
        if (skipped === 0) text += chunk.text;
        if (chunk.lastInTextNode) flush();
      },
    })
    .transform(new Response(html))
    .arrayBuffer();
  flush();
  return texts;
}
