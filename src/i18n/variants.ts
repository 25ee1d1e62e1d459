/**
 * @module Chinese script variants (issue 13): RSSHub's `?opencc=` values, what each
 * converts between, and the language its output is in. Shared by the build, which
 * converts the articles once per variant in `CHINESE_VARIANTS` (src/build/convert.ts),
 * and the worker, which serves each built variant from its own copy of the content.
 */

/** RSSHub's values of `?opencc=`, in the order documents name them. */
export const CHINESE_VARIANTS = ["s2t", "s2tw", "s2hk", "t2s", "tw2s", "hk2s"] as const;
export type ChineseVariant = (typeof CHINESE_VARIANTS)[number];

/** The query parameter. */
export const VARIANT_PARAM = "opencc";

/** What each variant converts: opencc-js locales (`cn` Simplified, `t` OpenCC Traditional, `tw` Taiwan, `hk` Hong Kong), as RSSHub maps them. */
export const VARIANT_LOCALES: Record<ChineseVariant, { from: "cn" | "t" | "tw" | "hk"; to: "cn" | "t" | "tw" | "hk" }> = {
  s2t: { from: "cn", to: "t" },
  s2tw: { from: "cn", to: "tw" },
  s2hk: { from: "cn", to: "hk" },
  t2s: { from: "t", to: "cn" },
  tw2s: { from: "tw", to: "cn" },
  hk2s: { from: "hk", to: "cn" },
};

/** The language of a variant's output: `<language>`, `xml:lang`, JSON `language`, `<html lang>`, and the pages' words. */
export const VARIANT_LANGUAGE: Record<ChineseVariant, string> = {
  s2t: "zh-Hant",
  s2tw: "zh-TW",
  s2hk: "zh-HK",
  t2s: "zh-CN",
  tw2s: "zh-CN",
  hk2s: "zh-CN",
};

export function isChineseVariant(value: string): value is ChineseVariant {
  return (CHINESE_VARIANTS as readonly string[]).includes(value);
}

/**
 * `CHINESE_VARIANTS` (`"s2t"`, `"s2t, s2hk"`, `"none"`): the variants to build, in the
 * canonical order, and the entries that are not variants. Unset means `s2t`.
 */
export function parseVariantList(value: string | undefined): { variants: ChineseVariant[]; unknown: string[] } {
  const entries = (value ?? "s2t")
    .split(/[\s,]+/)
    .map((entry) => entry.trim().toLowerCase())
    .filter((entry) => entry !== "" && entry !== "none");
  return {
    variants: CHINESE_VARIANTS.filter((variant) => entries.includes(variant)),
    unknown: entries.filter((entry) => !isChineseVariant(entry)),
  };
}

/** Explains `?opencc=`; sent as the body of a 400. */
export function variantRule(built: readonly ChineseVariant[]): string {
  const others = CHINESE_VARIANTS.filter((variant) => !built.includes(variant));
  const allowed = built.length > 0 ? `one of ${built.join(", ")}` : "absent: this site builds no Chinese variant";
  const rest = others.length > 0 ? `; ${others.join(", ")} ${others.length === 1 ? "is" : "are"} not built here (the site's CHINESE_VARIANTS setting)` : "";
  return `opencc must be ${allowed}, given at most once, e.g. ?opencc=${built[0] ?? "s2t"}${rest}`;
}
