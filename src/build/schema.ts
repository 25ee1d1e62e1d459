/**
 * @module The front-matter schema: the single source of truth for what an article
 * may declare, under every name the supported generators write (README "Content
 * format" lists them). Keys arrive in lower case (./front-matter.ts). Unknown keys
 * (`authorbox`, `layout`, `weight`, ...) are accepted and ignored.
 */
import { z } from "zod";
import { readTimestamp, type Timestamp } from "./dates.ts";

/**
 * Why a front-matter value is not text. Every scalar arrives as the text it is written
 * as (`slug: 0123` is "0123", `- true` is "true": ./front-matter.ts), so what is left is
 * null (an empty field or list entry, `~`, `null`), a mapping, or a list where one piece
 * of text belongs.
 */
function notText(input: unknown, what = "text"): string {
  if (input === null) return "has no value (YAML null)";
  if (Array.isArray(input)) return `must be ${what}, not a list`;
  return typeof input === "object" ? `must be ${what}, not a mapping` : `must be ${what}`;
}

/** A scalar, as written: `title: 1984` is the text "1984", `slug: 1e5` the text "1e5". */
const text = z.string({ error: (issue) => notText(issue.input) });

/** One name of a list. */
const name = z.string({ error: (issue) => (issue.input === null ? "is an empty list entry" : notText(issue.input, "a name")) });

/**
 * A list of names, or one name on its own (`tags: notes`). Blank names are dropped; a
 * null entry (`-` with nothing after it) or a mapping is reported at its position
 * (`tags.1`).
 */
const names = z
  .preprocess(
    (value) => (typeof value === "string" ? [value] : value),
    z.array(name, { error: (issue) => (issue.input === null ? notText(null) : "must be a name or a list of names") }),
  )
  .transform((v) => v.map((s) => s.trim()).filter((s) => s !== ""));

/**
 * A person: a name, or a mapping with a `name` (jekyll-seo-tag's and many Hugo themes'
 * `author: {name: ..., url: ...}`).
 */
const person = z.union([text, z.looseObject({ name: text })], {
  error: (issue) =>
    issue.input !== null && typeof issue.input === "object" && !Array.isArray(issue.input) ? "must be a name, or a mapping with a name" : notText(issue.input, "a name"),
});

/** People: one, or a list of them. */
const people = z
  .union([person.transform((p) => [p]), z.array(person)], {
    error: (issue) => (issue.input === null ? notText(null) : "must be a name, a mapping with a name, or a list of them"),
  })
  .transform((list) => list.map((p) => (typeof p === "string" ? p : p.name).trim()).filter((s) => s !== ""));

/** YAML 1.2's spellings of true and false (the only flags: `draft`, Jekyll's `published`). */
const flag = z.enum(["true", "True", "TRUE", "false", "False", "FALSE"], { error: "must be true or false" }).transform((v) => v.toLowerCase() === "true");

/** What a date field says: `YYYY-MM-DD`, then optionally a time and a zone. */
const DATE_FORMS = "expected YYYY-MM-DD, optionally followed by HH:MM[:SS[.fraction]] and a zone (Z, +08:00 or +0800)";

/** A timestamp, read in `timeZone` when it has no zone of its own. */
const timestamp = (timeZone: string) =>
  text.transform((value, ctx): Timestamp => {
    const read = readTimestamp(value, timeZone);
    if (read === undefined) {
      ctx.addIssue({ code: "custom", message: `"${value}" is not a date: ${DATE_FORMS}` });
      return z.NEVER;
    }
    return read;
  });

/** Rules for `slug` and `urlname`: they become one URL path segment. */
const slug = text.pipe(
  z
    .string()
    .min(1, "must not be empty")
    .regex(/^[^\s/?#\\%]+$/, "must be one URL path segment: no spaces, '/', '?', '#', '\\' or '%'"),
);

/** A path on the site (`url`, `permalink`, `path`, an alias): no scheme, no host, no query. */
const sitePath = text.pipe(
  z
    .string()
    .trim()
    .min(1, "must not be empty")
    .regex(/^(?![a-z][a-z0-9+.-]*:|\/\/)[^?#\s\\]*$/i, "must be a path on the site (/2024/05/a-post/): no scheme, host, query, spaces or '\\'"),
);

/** Paths: one, or a list (`aliases`, `redirect_from`). */
const sitePaths = z.preprocess(
  (value) => (typeof value === "string" ? [value] : value),
  z.array(sitePath, { error: (issue) => notText(issue.input, "a path or a list of paths") }),
);

/** An image: a URL or path, or a mapping with one (`cover: {image: ...}`, PaperMod). */
const image = z.union([text, z.looseObject({ image: text })], { error: (issue) => notText(issue.input) }).transform((v) => (typeof v === "string" ? v : v.image));

/** Zola's `[taxonomies]` table: lists of names. */
const taxonomies = z.looseObject(
  { tags: names.optional(), categories: names.optional(), authors: names.optional() },
  { error: (issue) => notText(issue.input, "a table of taxonomies") },
);

/** Front matter, in every generator's names. */
export function frontMatterSchema(timeZone: string) {
  let schema = schemas.get(timeZone);
  if (schema === undefined) {
    schema = makeSchema(timeZone);
    schemas.set(timeZone, schema);
  }
  return schema;
}

/** Built once per zone: a zod schema is much cheaper to use than to build. */
const schemas = new Map<string, ReturnType<typeof makeSchema>>();

function makeSchema(timeZone: string) {
  const when = timestamp(timeZone);
  return z.object({
    title: text.pipe(z.string().trim().min(1, "must not be empty")).optional(),
    date: when.optional(),
    pubdate: when.optional(),
    publishdate: when.optional(),
    expirydate: when.optional(),
    expires: when.optional(),
    slug: slug.optional(),
    urlname: slug.optional(),
    tags: names.optional(),
    tag: names.optional(),
    categories: names.optional(),
    category: names.optional(),
    taxonomies: taxonomies.optional(),
    draft: flag.optional(),
    published: flag.optional(),
    author: people.optional(),
    authors: people.optional(),
    description: text.optional(),
    summary: text.optional(),
    excerpt: text.optional(),
    updated: when.optional(),
    lastmod: when.optional(),
    last_modified_at: when.optional(),
    image: image.optional(),
    cover: image.optional(),
    images: z.array(text, { error: (issue) => notText(issue.input, "a list of images") }).optional(),
    source: text.pipe(z.url({ protocol: /^https?$/, error: "must be an absolute http(s) URL" })).optional(),
    url: sitePath.optional(),
    permalink: sitePath.optional(),
    path: sitePath.optional(),
    aliases: sitePaths.optional(),
    redirect_from: sitePaths.optional(),
    id: text.pipe(z.string().trim().min(1, "must not be empty")).optional(),
    guid: text.pipe(z.string().trim().min(1, "must not be empty")).optional(),
  });
}

/** Front matter after validation. */
export type FrontMatter = z.output<ReturnType<typeof makeSchema>>;

/** The schema narrowed to each set of fields met so far, by zone and names (a site's files mostly share one or two). */
const narrowed = new Map<string, z.ZodType<FrontMatter>>();

/**
 * Validates `data` (front matter, keys in lower case) against the schema of the fields it
 * has: the same result as the whole schema (every field is optional, unknown ones are
 * dropped), without walking the thirty-odd fields a source does not have for each source.
 */
export function parseFrontMatter(data: Record<string, unknown>, timeZone: string): ReturnType<z.ZodType<FrontMatter>["safeParse"]> {
  const full = frontMatterSchema(timeZone);
  // In the schema's order, which is the order its problems are reported in.
  const names = Object.keys(full.shape).filter((key) => Object.hasOwn(data, key) && data[key] !== undefined);
  const key = `${timeZone}\u0000${names.join("\u0000")}`;
  let schema = narrowed.get(key);
  if (schema === undefined) {
    schema = full.pick(Object.fromEntries(names.map((name) => [name, true])) as Partial<Record<keyof typeof full.shape, true>>) as z.ZodType<FrontMatter>;
    narrowed.set(key, schema);
  }
  return schema.safeParse(data);
}
