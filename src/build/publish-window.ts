/**
 * @module When an article is live (issue 22): from front-matter `publishDate` (Hugo) to
 * `expiryDate` (Hugo) or `expires`. The date an article shows stays `date` (else
 * `publishDate`, as before: ./header.ts `readHeader`); the time it goes live is
 * `publishDate` when given, else that date. Which articles a build lays out at which
 * moment is ./schedule.ts.
 */
import type { Header, Problem } from "./header.ts";
import type { FrontMatter } from "./schema.ts";

/** Sets `header.publish` and `header.expires` from `fm`; the problems of an expiry not after the publish time. */
export function addPublishWindow(header: Header, fm: FrontMatter, file: string): Problem[] {
  const publish = fm.publishdate?.date.toISOString();
  if (publish !== undefined && publish !== header.published) header.publish = publish;
  const expiry = fm.expirydate ?? fm.expires;
  if (expiry === undefined) return [];
  const expires = expiry.date.toISOString();
  const field = fm.expirydate === undefined ? "expires" : "expiryDate";
  const live = publishTime(header);
  if (expires <= live) return [{ file, field, message: `${expires} is not after the article's publish time ${live}: it would never be shown` }];
  header.expires = expires;
  return [];
}

/** When `header`'s article goes live, ISO 8601. */
export function publishTime(header: Pick<Header, "published" | "publish">): string {
  return header.publish ?? header.published;
}

/** `FUTURE_ARTICLES`: `schedule` (an article goes live at its publish time) or `publish` (at once, as before issue 22). */
export type FutureArticles = "schedule" | "publish";

/** Which articles are live at a time: `at` in ms, and whether future publish times wait. */
export interface Visibility {
  at: number;
  future: FutureArticles;
}

/** Whether `header`'s article is live under `visibility` (publish time ≤ at < expiry). */
export function isLive(header: Pick<Header, "published" | "publish" | "expires">, visibility: Visibility): boolean {
  if (header.expires !== undefined && Date.parse(header.expires) <= visibility.at) return false;
  return visibility.future === "publish" || Date.parse(publishTime(header)) <= visibility.at;
}

/** Whether `header`'s article changes what is live at some time after `at`: it goes live or expires later. */
export function isTimeBounded(header: Pick<Header, "published" | "publish" | "expires">, visibility: Visibility): boolean {
  const later = (iso: string | undefined) => iso !== undefined && Date.parse(iso) > visibility.at;
  return (visibility.future === "schedule" && later(publishTime(header))) || later(header.expires);
}

/** The times (ms, ascending, unique) after `visibility.at` at which an article of `headers` (drafts aside) goes live or expires. */
export function momentsAfter(headers: readonly { header: Header }[], visibility: Visibility): number[] {
  const moments = new Set<number>();
  for (const { header } of headers) {
    if (header.draft) continue;
    const times = [visibility.future === "schedule" ? publishTime(header) : undefined, header.expires];
    for (const time of times) if (time !== undefined && Date.parse(time) > visibility.at) moments.add(Date.parse(time));
  }
  return [...moments].sort((a, b) => a - b);
}

/**
 * Where an article is placed among the others (newest first): its publish time (issue 22).
 * Every live article's publish time is past, so one going live is the newest: it joins
 * the subscription document and the open archive page, as a deployed article does, and a
 * complete archive page changes only when one of its articles (or an older one) expires.
 */
export function orderTime(header: Pick<Header, "published" | "publish">): string {
  return publishTime(header);
}

/** The moments after `visibility.at` at which an article of `headers` expires (a subset of `momentsAfter`'s). */
export function expiriesAfter(headers: readonly { header: Header }[], visibility: Visibility): number[] {
  const times = headers.flatMap(({ header }) => (!header.draft && header.expires !== undefined && Date.parse(header.expires) > visibility.at ? [Date.parse(header.expires)] : []));
  return [...new Set(times)].sort((a, b) => a - b);
}
