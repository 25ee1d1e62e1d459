/**
 * @module The front-matter schema: the single source of truth for what an article
 * may declare. Unknown keys (`authorbox`, `sidebar`, ...) are accepted and ignored.
 */
import { z } from "zod";
import { parseTimestamp } from "./dates.ts";

/** YAML scalars that are text to an author: `title: 1984` is the string "1984". */
const text = z.union([z.string(), z.number()], { error: "must be text" }).transform(String);

/** A list of names, or one name on its own (`tags: notes`). Empty names are dropped. */
const names = z
  .union([text, z.array(text, { error: "must be a list of names" })], {
    error: "must be a name or a list of names",
  })
  .transform((v) => (Array.isArray(v) ? v : [v]).map((s) => s.trim()).filter((s) => s !== ""));

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
    draft: z.boolean({ error: "must be true or false" }).optional(),
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
