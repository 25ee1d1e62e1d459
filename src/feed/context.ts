/**
 * @module What answering one request needs, as one object: the content's index and files,
 * the site as the response shows it, the time, and the Chinese variant asked for (issue
 * 13), if any. A request in a variant reads the variant's own copy of the content
 * (src/content/layout.ts `variantRoot`), made at build time from converted articles, and
 * shows the site's words and the terms' names as the build converted them: the worker
 * never converts. Everything else (documents, pages, views) is the same code as for the
 * original.
 */
import type { Catalog, ScopeRef } from "../content/catalog.ts";
import { type AssetReader, variantAssets } from "../content/store.ts";
import { Digest } from "../hash.ts";
import { type ChineseVariant, VARIANT_PARAM } from "../i18n/variants.ts";
import type { Site } from "../settings.ts";
import type { Representation } from "../types.ts";

export interface RequestContext {
  catalog: Catalog;
  /** The content files as this request reads them: the original's, or its variant's copy. */
  assets: AssetReader;
  /** The site as the response shows it: in a variant, its words converted, its links carrying `?opencc=`. */
  site: Site;
  /** When the request is answered, in ms (feeds filtered by time). */
  now: number;
  /** The Chinese variant asked for (`?opencc=`). */
  variant?: ChineseVariant;
}

/** The site as `variant` shows it: its words converted, its language the variant's, its links carrying `?opencc=`. */
function variantSite(site: Site, catalog: Catalog, variant: ChineseVariant): Site {
  const data = catalog.data.variants[variant];
  if (data === undefined) throw new RangeError(`variant ${variant} was not built`);
  const { title, description, author, language } = data;
  return { ...site, title, description, author, language, variant, linkQuery: `?${VARIANT_PARAM}=${variant}`, authorKey: site.author };
}

/** `ctx` in `variant` (as it is without one): what a request in that variant reads and shows. */
export function inVariant(ctx: RequestContext, variant: ChineseVariant | undefined): RequestContext {
  if (variant === undefined) return ctx;
  return {
    ...ctx,
    variant,
    assets: variantAssets(ctx.assets, variant, Object.keys(ctx.catalog.data.variants).indexOf(variant) + 1),
    site: variantSite(ctx.site, ctx.catalog, variant),
  };
}

/** `scope` as `ctx` names it: in a variant, a term's name as the build converted it. */
export function named<S extends ScopeRef>(ctx: RequestContext, scope: S): S {
  if (ctx.variant === undefined || scope.kind === "site") return scope;
  const name = ctx.catalog.data.variants[ctx.variant]?.names[`${scope.kind}/${scope.key}`];
  return name === undefined ? scope : { ...scope, name };
}

/**
 * `rep` in `ctx`'s variant: its own cache key, and an entity tag that also names the
 * variant and the converter (the variant's bytes follow from the original's, which the
 * tag already covers, and from the converter's code and dictionaries).
 */
export function variantRepresentation(rep: Representation, ctx: RequestContext): Representation {
  if (ctx.variant === undefined) return rep;
  return { ...rep, key: `${rep.key}|${VARIANT_PARAM}=${ctx.variant}`, etag: variantTag(rep.etag, ctx.catalog, ctx.variant) };
}

/** The entity tag in `variant` of a document whose original's is `tag`. */
export function variantTag(tag: string, catalog: Catalog, variant: ChineseVariant): string {
  return new Digest().text(tag).text(variant).text(catalog.data.variantsVersion).hex();
}

/** The context of a request for content `catalog` read through `assets`, on `site`, at `now`, in no variant yet. */
export function requestContext(catalog: Catalog, assets: AssetReader, site: Site, now: number): RequestContext {
  return { catalog, assets, site, now };
}

export type { AssetReader };
