/**
 * @module Chinese variants at request time (issue 13). A request with `?opencc=` reads
 * the variant's own copy of the content (src/content/layout.ts `variantRoot`), made at
 * build time from converted articles, and shows the site's words and the terms' names
 * as the build converted them: the worker never converts. Everything else (routes,
 * documents, views) is the same code as for the original.
 */
import type { Catalog, ScopeRef } from "../content/catalog.ts";
import { type AssetReader, variantAssets } from "../content/store.ts";
import { Digest } from "../hash.ts";
import { type ChineseVariant, VARIANT_PARAM } from "../i18n/variants.ts";
import type { Site } from "../settings.ts";
import type { Representation } from "./representation.ts";

/** What a request reads and shows: the original's, or a variant's. */
export interface Reading {
  variant?: ChineseVariant;
  assets: AssetReader;
  site: Site;
  /** A scope as this reading names it. */
  scope<S extends ScopeRef>(scope: S): S;
}

/** The site as a variant shows it: its words converted, its language the variant's, its links carrying `?opencc=`. */
export function variantSite(site: Site, catalog: Catalog, variant: ChineseVariant): Site {
  const data = catalog.data.variants[variant];
  if (data === undefined) throw new RangeError(`variant ${variant} was not built`);
  const { title, description, author, language } = data;
  return { ...site, title, description, author, language, variant, linkQuery: `?${VARIANT_PARAM}=${variant}`, authorKey: site.author };
}

/** What a request in `variant` (or in none) reads and shows. */
export function reading(catalog: Catalog, assets: AssetReader, site: Site, variant: ChineseVariant | undefined): Reading {
  if (variant === undefined) return { assets, site, scope: (scope) => scope };
  const names = catalog.data.variants[variant]?.names ?? {};
  return {
    variant,
    assets: variantAssets(assets, variant),
    site: variantSite(site, catalog, variant),
    scope: (scope) => (scope.kind === "site" ? scope : { ...scope, name: names[`${scope.kind}/${scope.key}`] ?? scope.name }),
  };
}

/**
 * `rep` in `variant`: its own cache key, and an entity tag that also names the variant
 * and the converter (the variant's bytes follow from the original's, which the tag
 * already covers, and from the converter's code and dictionaries).
 */
export function inVariant(rep: Representation, catalog: Catalog, variant: ChineseVariant | undefined): Representation {
  if (variant === undefined) return rep;
  return { ...rep, key: `${rep.key}|${VARIANT_PARAM}=${variant}`, etag: variantTag(rep.etag, catalog, variant) };
}

/** The entity tag in `variant` of a document whose original's is `tag`. */
export function variantTag(tag: string, catalog: Catalog, variant: ChineseVariant): string {
  return new Digest().text(tag).text(variant).text(catalog.data.variantsVersion).hex();
}
