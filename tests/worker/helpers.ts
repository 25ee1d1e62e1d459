/** Shared helpers for tests that run inside workerd against the real worker. */
import { env, exports } from "cloudflare:workers";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import type { ContentIndex } from "../../src/types.ts";

export const ORIGIN = "https://feeds.example";

/** Sends a request to the worker under test. */
export function get(path: string, init?: RequestInit): Promise<Response> {
  return exports.default.fetch(new Request(ORIGIN + path, init));
}

/** Fails the test unless `xml` is well-formed XML (strict parser), then returns it parsed. */
export function parseXml(xml: string): Record<string, any> {
  const valid = XMLValidator.validate(xml, { allowBooleanAttributes: false });
  if (valid !== true) throw new Error(`not well-formed XML: ${JSON.stringify(valid.err)}`);
  return new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@", isArray: (name) => ["item", "entry", "category", "link", "atom:link"].includes(name) }).parse(xml);
}

/** The seed article's facts (content/000_ff113f4654e3e3fe.md). */
export const SEED = {
  slug: "a73b2dddb8d46bb4670cb0a29fd9a8be",
  title: "南开大学->南开大学-华为技术有限公司智能基座项目对标交流会举行 | nankai.info",
  published: "2022-05-23T17:21:51.031Z",
  tag: "南开大学",
  sentence: "王新生表示，南开大学与华为多年来有着深入广泛的合作",
  summaryEnd: "南开大学副校长王新生、华为天津代表处总裁曹克乾出席并致辞。南开",
};

/**
 * content/ compiled in memory (vitest.config.ts passes it in as `TEST_CONTENT`): the
 * reference for assertions. The worker reads what the build wrote to the assets.
 */
export function contentIndex(): ContentIndex {
  return (env as unknown as { TEST_CONTENT: ContentIndex }).TEST_CONTENT;
}
