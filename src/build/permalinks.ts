/**
 * @module Where each article lives: a permalink pattern (`PERMALINKS`, or the site's own
 * config) filled in with the article's date, slug, title, section and categories, as the
 * generator the site was written for fills it (README "Bring your site"). The same
 * placeholder can mean different things in different generators: `:title` is the file
 * name in Jekyll and Hexo and the title made into a path segment in Hugo, `:slug` is the
 * `slug` field or the title in Hugo and the file name in Jekyll. Pure.
 */
import { canonicalSegment } from "../feed/urls.ts";
import { type WallClock, wallClock } from "./dates.ts";
import type { Generator } from "./site-config.ts";

/** Today's pattern, and the default for a site that says nothing about permalinks. */
export const DEFAULT_PERMALINK = "/posts/:slug/";

/** Jekyll's built-in permalink styles (`permalink: pretty` in `_config.yml`). */
const JEKYLL_STYLES: Record<string, string> = {
  date: "/:categories/:year/:month/:day/:title:output_ext",
  pretty: "/:categories/:year/:month/:day/:title/",
  ordinal: "/:categories/:year/:y_day/:title:output_ext",
  weekdate: "/:categories/:year/W:week/:short_day/:title:output_ext",
  none: "/:categories/:title:output_ext",
};

/** Each generator's own default, for a site whose config names no pattern. Hugo and Zola put a page at its folder and name. */
export const GENERATOR_PERMALINKS: Record<Generator, string> = {
  hugo: "/:sections/:slugorfilename/",
  zola: "/:sections/:slug/",
  jekyll: "date",
  hexo: ":year/:month/:day/:title/",
};

/** What a pattern is filled in from. */
export interface PermalinkFacts {
  /** The generator whose meaning the placeholders take; none: this project's own (`:slug` and `:title` are the article's slug). */
  generator: Generator | undefined;
  /** The article's date and the zone its calendar fields are read in; `offset` (minutes) when the date was written with one and the generator keeps it (Hugo, Zola). */
  date: Date;
  timeZone: string;
  offset?: number;
  /** The article's slug: `slug`, else `urlname`, else the file (or bundle folder) name without a date prefix. */
  slug: string;
  /** Front-matter `slug`, when given. */
  slugField?: string;
  title: string;
  /** The file name without extension, or a bundle's folder name, as written (Hugo's `:filename`). */
  fileName: string;
  /** The file name without extension and without a `YYYY-MM-DD-` prefix (Jekyll's and Hexo's `:title`). */
  baseName: string;
  /** Folders from content/ to the article (a bundle: to its folder), `_`-folders left out. */
  folders: readonly string[];
  /** The article's section, when it has one. */
  section?: string;
  categories: readonly string[];
}

/** A permalink that could not be made. */
export class PermalinkError extends Error {}

/**
 * Hugo's `urlize` (its `UnicodeSanitize`, then lower case): letters, marks, digits and
 * `./\\_#+~-@` are kept, a run of white space between kept characters is one `-`,
 * anything else is dropped.
 * @example hugoUrlize("Hello, World!") === "hello-world"; hugoUrlize("C++ & Rust") === "c++-rust"
 */
export function hugoUrlize(text: string): string {
  let out = "";
  let hyphen = false;
  for (const c of text) {
    if (/[\p{L}\p{M}\p{Nd}./\\_#+~@-]/u.test(c)) {
      if (hyphen) out += "-";
      out += c;
      hyphen = false;
    } else if (out !== "" && /\s/u.test(c)) hyphen = true;
  }
  return out.toLowerCase();
}

/**
 * Jekyll's `slugify` in `pretty` mode, keeping case as its `:title` does: anything but
 * letters, numbers and `._~!$&'()+,;=@` becomes `-`, runs of `-` collapse, and none at
 * either end.
 */
export function jekyllSlugify(text: string, lower = false): string {
  const slug = text.replace(/[^\p{L}\p{N}._~!$&'()+,;=@]+/gu, "-").replace(/^-+|-+$/g, "");
  return lower ? slug.toLowerCase() : slug;
}

/** Zola's `slugify` (paths on): accents dropped, lower case, anything but letters and numbers to `-`. */
export function zolaSlugify(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "-")
    .replace(/^-+|-+$/g, "");
}

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** Day of the year, 1-366. */
function yearDay(clock: WallClock): number {
  return Math.round((Date.UTC(clock.year, clock.month - 1, clock.day) - Date.UTC(clock.year, 0, 1)) / 86_400_000) + 1;
}

/** ISO 8601 week number. */
function isoWeek(clock: WallClock): number {
  const day = new Date(Date.UTC(clock.year, clock.month - 1, clock.day));
  const weekday = (clock.weekday + 6) % 7;
  day.setUTCDate(day.getUTCDate() - weekday + 3);
  const firstThursday = new Date(Date.UTC(day.getUTCFullYear(), 0, 4));
  return 1 + Math.round((day.getTime() - firstThursday.getTime()) / 86_400_000 / 7 - ((firstThursday.getUTCDay() + 6) % 7) / 7 + 3 / 7);
}

/** Placeholder -> its value for `facts`; a value may hold `/` (`:categories`, `:sections`). */
function placeholders(facts: PermalinkFacts): Record<string, () => string> {
  // Read only when a date placeholder is: formatting a date in a zone is most of filling a pattern.
  let read: WallClock | undefined;
  const clock = () => (read ??= wallClock(facts.date, facts.timeZone, facts.offset));
  const { generator } = facts;
  // Hugo writes paths in lower case (unless `disablePathToLower`).
  const segment = (text: string) => canonicalSegment(generator === "hugo" ? text.toLowerCase() : text);
  const segments = (list: readonly string[]) => list.map(segment).join("/");
  const hugoSlug = () => facts.slugField ?? hugoUrlize(facts.title);
  const slug = () => {
    if (generator === "hugo") return segment(hugoSlug());
    if (generator === "jekyll") return segment(jekyllSlugify(facts.slugField ?? facts.baseName, true));
    if (generator === "zola") return segment(zolaSlugify(facts.slugField ?? facts.baseName));
    return segment(facts.slug);
  };
  const title = () => {
    if (generator === "hugo") return segment(hugoUrlize(facts.title));
    if (generator === "jekyll") return segment(jekyllSlugify(facts.slugField ?? facts.baseName));
    return segment(facts.slugField ?? facts.baseName);
  };
  const categories = () => (generator === "hexo" ? segments(facts.categories.map((c) => jekyllSlugify(c, true))) : segments(facts.categories.map((c) => c.toLowerCase())));
  return {
    year: () => String(clock().year),
    short_year: () => pad(clock().year % 100),
    month: () => pad(clock().month),
    i_month: () => String(clock().month),
    short_month: () => MONTHS[clock().month - 1]?.slice(0, 3) ?? "",
    long_month: () => MONTHS[clock().month - 1] ?? "",
    monthname: () => (MONTHS[clock().month - 1] ?? "").toLowerCase(),
    day: () => pad(clock().day),
    i_day: () => String(clock().day),
    y_day: () => pad(yearDay(clock()), 3),
    yearday: () => String(yearDay(clock())),
    week: () => pad(isoWeek(clock())),
    short_day: () => WEEKDAYS[clock().weekday]?.slice(0, 3) ?? "",
    long_day: () => WEEKDAYS[clock().weekday] ?? "",
    weekday: () => String(clock().weekday),
    weekdayname: () => (WEEKDAYS[clock().weekday] ?? "").toLowerCase(),
    hour: () => pad(clock().hour),
    minute: () => pad(clock().minute),
    second: () => pad(clock().second),
    slug,
    title,
    name: () => segment(facts.baseName),
    post_title: () => segment(hugoUrlize(facts.title)),
    filename: () => segment(facts.fileName),
    contentbasename: () => segment(facts.fileName),
    slugorfilename: () => segment(facts.slugField ?? facts.fileName),
    slugorcontentbasename: () => segment(facts.slugField ?? facts.fileName),
    section: () => (facts.section === undefined ? "" : segment(facts.section)),
    sections: () => segments(facts.folders),
    categories,
    slugified_categories: () => segments(facts.categories.map((c) => jekyllSlugify(c, true))),
    category: () => (facts.categories.length > 0 ? categories() : "uncategorized"),
    output_ext: () => ".html",
  };
}

/** Placeholders in a pattern: `:name`, longest names first so `:slugorfilename` is not `:slug` + `orfilename`. */
const PLACEHOLDER = /:([a-z_]+)/g;

/** The names `pattern` uses that no generator defines, if any. */
export function unknownPlaceholders(pattern: string): string[] {
  const known = placeholders({ generator: undefined, date: new Date(0), timeZone: "UTC", slug: "", title: "", fileName: "", baseName: "", folders: [], categories: [] });
  return [...expandStyle(pattern).matchAll(PLACEHOLDER)].map((m) => m[1] as string).filter((name) => !Object.hasOwn(known, name));
}

/** A Jekyll style name as its pattern; anything else as it is. */
function expandStyle(pattern: string): string {
  return JEKYLL_STYLES[pattern.trim()] ?? pattern.trim();
}

/**
 * `pattern` filled in for `facts`: a site-relative path with one leading `/`, no empty
 * segments (an article without categories under `/:categories/:title/` is `/title/`, as
 * Jekyll collapses them), every segment percent-encoded once.
 * @example fillPermalink("/:year/:month/:slug/", facts) === "/2024/05/some-post/"
 */
export function fillPermalink(pattern: string, facts: PermalinkFacts): string {
  const values = placeholders(facts);
  const filled = expandStyle(pattern).replace(PLACEHOLDER, (whole, name: string) => {
    const value = Object.hasOwn(values, name) ? values[name] : undefined;
    if (value === undefined) throw new PermalinkError(`${whole} is not a permalink placeholder`);
    return value();
  });
  return tidyPath(filled);
}

/** A path with one leading `/` and no empty segments, a trailing `/` kept. */
export function tidyPath(path: string): string {
  const trailing = path.endsWith("/");
  const segments = path.split("/").filter((s) => s !== "");
  return segments.length === 0 ? "/" : `/${segments.join("/")}${trailing ? "/" : ""}`;
}

/**
 * A path as front matter gives it (Hugo's `url`, Jekyll's and Hexo's `permalink`, Zola's
 * `path`), percent-encoded where it is not, with a leading `/`. Zola's `path` names a
 * folder (its page is `path/index.html`), so it gets a trailing `/`.
 */
export function writtenPath(path: string, generator: Generator | undefined, field: string): string {
  let decoded: string;
  try {
    decoded = decodeURI(path.trim());
  } catch {
    decoded = path.trim();
  }
  const encoded = tidyPath(
    decoded
      .split("/")
      .map((segment) => (segment === "" ? "" : canonicalSegment(segment)))
      .join("/"),
  );
  return field === "path" && generator === "zola" && !encoded.endsWith("/") ? `${encoded}/` : encoded;
}
