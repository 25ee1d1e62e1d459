/**
 * Why RSS and Atom are written by the small writer beside `feed` (src/feed/rss.ts,
 * src/feed/atom.ts on src/feed/xml.ts; src/feed/formats.ts and the README's design notes
 * say so): what `feed` 6 writes, through its public API (options, items, extensions, which
 * it hands to xml-js as given), for the text a site can hold. Each case is a defect of its
 * XML writer (xml-js) or a limit of its API that no input reaches, and each would change
 * what readers or the W3C validator see (RSS written through `feed` was tried, 7a61e65;
 * the README lists what changed). Should a version of `feed` fix them, these fail, and say
 * so.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Feed, type Item } from "feed";
import { describe, expect, it } from "vitest";
import { CHECKS } from "../fixtures/feed-rules.ts";
import { readWithRowan } from "../fixtures/readers-rowan.ts";
import { parseXmlStrict, type XmlElement } from "../fixtures/xml.ts";

const item = (over: Partial<Item> = {}): Item => ({ title: "T", id: "urn:uuid:1", link: "https://x.example/a/", date: new Date(0), description: "d", ...over });

function feedWith(items: Item[], title = "Site"): Feed {
  const feed = new Feed({ title, id: "https://x.example/atom.xml", link: "https://x.example/", updated: new Date(0), feed: "https://x.example/rss.xml" });
  for (const it of items) feed.addItem(it);
  return feed;
}

const child = (el: XmlElement, name: string) => el.children.find((c): c is XmlElement => "name" in c && c.name === name);

describe("what feed 6 writes", () => {
  it("turns a literal `&amp;` in text into `&`: a category named R&amp;D reads as R&D", () => {
    const xml = feedWith([item({ category: [{ name: "R&amp;D" }] })]).rss2();
    const category = child(child(child(parseXmlStrict(xml).root, "channel") as XmlElement, "item") as XmlElement, "category") as XmlElement;
    expect(category.children).toEqual([{ text: "R&D", cdata: false }]);
  });

  it('leaves `<` raw in attribute values (xml-js escapes only `"`): an Atom category `a<b` is not well-formed XML', () => {
    const xml = feedWith([item({ category: [{ term: "a<b & c" }] })]).atom1();
    expect(xml).toContain('term="a<b &amp; c"');
    expect(() => parseXmlStrict(xml)).toThrow();
  });

  it("splits only the first `]]>` of a CDATA section: a body with two is not well-formed XML", () => {
    const xml = feedWith([item({ content: "<p>a ]]> b ]]> c</p>" })]).rss2();
    expect(() => parseXmlStrict(xml)).toThrow();
  });

  it("writes RSS item titles as CDATA and no character reference at all: a title like markup is the W3C validator's CharacterData", () => {
    const xml = feedWith([item({ title: "<b>bold</b> & <i>it</i>" })], "Site <b>").rss2();
    expect(xml).toContain("<title><![CDATA[<b>bold</b> & <i>it</i>]]></title>");
    expect(xml).not.toContain("&#x");
    const rules = CHECKS.rss(xml, { location: "https://x.example/rss.xml" }).map((finding) => finding.rule);
    expect(rules).toContain("CharacterData");
  });

  it("writes no character reference in text whatever it is given (xml-js `writeText`): the RSS Best Practices Profile's `&#x26;` comes out as `&amp;#x26;`", () => {
    const xml = feedWith([item({ extensions: [{ name: "title", objects: { _text: "&#x26; &#x3C;b" } }] })]).rss2();
    expect(xml).toContain("<title>&amp;#x26; &amp;#x3C;b</title>");
    expect(xml).not.toContain("&#x");
  });

  it("writes a literal `&amp;` given as `&amp;amp;` with entities only, which @rowanmanning/feed-parser decodes twice: a title AT&amp;T reads as AT&T", () => {
    const xml = feedWith([item({ extensions: [{ name: "title", objects: { _text: "AT&amp;amp;T" } }] })]).rss2();
    expect(xml).toContain("<title>AT&amp;amp;T</title>");
    expect(readWithRowan(xml).items[0]?.title).toBe("AT&T");
  });

  it("writes a carriage return in text as it is, which XML parsers read as a line feed", () => {
    const xml = feedWith([item({ extensions: [{ name: "title", objects: { _text: "a\rb" } }] })]).rss2();
    const title = child(child(child(parseXmlStrict(xml).root, "channel") as XmlElement, "item") as XmlElement, "title") as XmlElement;
    expect(title.children).toEqual([{ text: "a\nb", cdata: false }]);
  });

  it("writes a channel extension after the items: RFC 5005's fh:archive would move from the head to the end of the channel", () => {
    const feed = feedWith([item()]);
    feed.addExtension({ name: "fh:archive", objects: { _attributes: { "xmlns:fh": "http://purl.org/syndication/history/1.0" } } });
    const names = (child(parseXmlStrict(feed.rss2()).root, "channel") as XmlElement).children.flatMap((c) => ("name" in c ? [c.name] : []));
    expect(names.slice(-2)).toEqual(["item", "fh:archive"]);
  });

  it("writes an Atom entry's link with `href` only, and a category's term with `&` escaped and `<` raw whatever it is given", () => {
    const xml = feedWith([item({ category: [{ term: "a&lt;b" }] })]).atom1();
    expect(xml).toContain('<link href="https://x.example/a/"/>');
    expect(xml).toContain('term="a&amp;lt;b"');
  });

  it("has no Atom extensions: a feed's and an item's extensions are not written", () => {
    const feed = feedWith([item({ extensions: [{ name: "fh:archive", objects: {} }] })]);
    feed.addExtension({ name: "fh:archive", objects: {} });
    expect(feed.atom1()).not.toContain("fh:archive");
    expect(feed.atom1()).not.toContain("xml:lang");
  });

  it("writes JSON Feed 1.0, with an item's first author only", () => {
    const json = JSON.parse(feedWith([item({ author: [{ name: "A" }, { name: "B" }] })]).json1()) as { version: string; items: { author: unknown }[] };
    expect(json.version).toBe("https://jsonfeed.org/version/1");
    expect(json.items[0]?.author).toEqual({ name: "A" });
  });
});

describe("the worker's bundle", () => {
  it("has a stub in place of feed (wrangler.toml [alias]), which says the worker never renders", async () => {
    const { parse } = await import("smol-toml");
    const config = parse(readFileSync(join(import.meta.dirname, "../../wrangler.toml"), "utf8")) as { alias?: Record<string, string> };
    expect(config.alias).toEqual({ feed: "./src/feed/no-feed-library.ts" });
    const { Feed: Stub } = await import("../../src/feed/no-feed-library.ts");
    expect(() => new Stub()).toThrow(/the worker never renders a feed/);
  });
});
