/**
 * @module The front-matter schema: the single source of truth for what an article
 * may declare. Unknown keys (`authorbox`, `sidebar`, ...) are accepted and ignored.
 */
import { z } from "zod";
import { parseTimestamp } from "./dates.ts";

/**
 * Why a front-matter value is not text. Every scalar arrives as the text it is written
 * as (`slug: 0123` is "0123", `- true` is "true": see `FRONT_MATTER_SCHEMA` in
 * ./compile.ts), so what is left is YAML null (an empty field or list entry, `~`,
 * `null`), a mapping, or a list where one piece of text belongs.
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

/** `draft`: YAML 1.2's spellings of true and false (the only field that is not text). */
const flag = z
  .enum(["true", "True", "TRUE", "false", "False", "FALSE"], { error: "must be true or false" })
  .transform((v) => v.toLowerCase() === "true");

/** A timestamp, read in `timeZone` when it has no zone of its own. */
const timestamp = (timeZone: string) =>
  text.transform((value, ctx) => {
    const date = parseTimestamp(value, timeZone);
    if (date === undefined) {
      ctx.addIssue({
        code: "custom",
        message: `"${value}" is not a date: expected YYYY-MM-DD, optionally followed by HH:MM:SS[.fraction] and a zone (Z or +08:00)`,
      });
      return z.NEVER;
    }
    return date;
  });

/** Rules for `slug` and `urlname`: they become one URL path segment. */
const slug = text.pipe(
  z
    .string()
    .min(1, "must not be empty")
    .regex(/^[^\s/?#\\%]+$/, "must be one URL path segment: no spaces, '/', '?', '#', '\\' or '%'"),
);

/** Front matter as written by a Hugo-style site. */
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
  return z.object({
    title: text.pipe(z.string().trim().min(1, "must not be empty")),
    date: timestamp(timeZone),
    slug: slug.optional(),
    urlname: slug.optional(),
    tags: names.optional(),
    categories: names.optional(),
    draft: flag.optional(),
    author: text.optional(),
    authors: names.optional(),
    description: text.optional(),
    summary: text.optional(),
    updated: timestamp(timeZone).optional(),
    lastmod: timestamp(timeZone).optional(),
    image: text.optional(),
    cover: text.optional(),
    source: text
      .pipe(z.url({ protocol: /^https?$/, error: "must be an absolute http(s) URL" }))
      .optional(),
  });
}

/** Front matter after validation. */
export type FrontMatter = z.output<ReturnType<typeof makeSchema>>;
