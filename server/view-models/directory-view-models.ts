// Turns stored documents into what the browse pages show, in the visitor's language: picks
// translations (and notes fallbacks), formats dates, money, days and language names. Pure
// functions, no database, so they are cheap to test and reuse: browse pages, search results,
// the provider dashboard and the coordinator's pages all show services through these.
import type { TFunction } from 'i18next';
import {
  daysBetween,
  formatDate,
  formatList,
  formatMoney,
  formatNumber,
  languageName,
  weekdayName,
} from '../i18n/formatters';
import type { PickedText } from '../i18n/pick-translation';
import { pickTranslatedList, pickTranslation } from '../i18n/pick-translation';
import type { Day } from '../models/vocabulary';
import { DAYS } from '../models/vocabulary';

type TextMap = Map<string, string> | Record<string, string> | undefined | null;

export interface ViewContext {
  lang: string;
  localLanguage: string;
  t: TFunction;
  now: Date;
}

export interface CostLike {
  type: string;
  amount?: number | null;
  currency?: string | null;
  note?: TextMap;
}

export function costLabel(cost: CostLike | undefined | null, ctx: ViewContext): string {
  if (!cost) return '';
  const amount =
    cost.amount != null ? formatMoney(cost.amount, cost.currency ?? 'CHF', ctx.lang) : '';
  const note = pickTranslation(cost.note, ctx.lang, ctx.localLanguage).text;
  const label = ctx.t(`cost.${cost.type}`, { amount });
  return note ? `${label} (${note})` : label;
}

export function checkedLabel(lastVerifiedAt: Date | undefined | null, ctx: ViewContext): string {
  if (!lastVerifiedAt) return '';
  return ctx.t('service.checked', { count: daysBetween(lastVerifiedAt, ctx.now) });
}

/** "a, b and c" with the visitor's language's own separators. */
export function listLabel(items: readonly string[], ctx: ViewContext): string {
  return formatList(items, ctx.lang);
}

export function languagesLabel(codes: readonly string[] | undefined, ctx: ViewContext): string {
  return listLabel(
    (codes ?? []).map((code) => languageName(code, ctx.lang)),
    ctx,
  );
}

export interface WeeklySlotView {
  day: string;
  opens: string;
  closes: string;
}

/** Week order (Monday first), then opening time: providers type slots in any order. */
function byWeekOrder(a: { day: string; opens: string }, b: { day: string; opens: string }): number {
  const day = (d: string) => DAYS.indexOf(d as Day);
  return day(a.day) - day(b.day) || a.opens.localeCompare(b.opens);
}

export function weeklySlots(
  slots: readonly { day: string; opens: string; closes: string }[] | undefined,
  ctx: ViewContext,
): WeeklySlotView[] {
  return [...(slots ?? [])].sort(byWeekOrder).map((slot) => ({
    day: weekdayName(slot.day as Day, ctx.lang),
    opens: slot.opens,
    closes: slot.closes,
  }));
}

/** "Monday, 18:00 to 20:00 and Thursday, 18:00 to 20:00" in the visitor's language. */
export function slotsLabel(
  slots: readonly { day: string; opens: string; closes: string }[],
  ctx: ViewContext,
): string {
  return formatList(
    weeklySlots(slots, ctx).map((slot) => ctx.t('schedule.slot', { ...slot })),
    ctx.lang,
    'unit',
  );
}

/** Age limits as one line, or nothing when there are none. */
export function ageRange(
  min: number | undefined | null,
  max: number | undefined | null,
  ctx: ViewContext,
): string[] {
  if (min != null && max != null) return [ctx.t('eligibility.age', { min, max })];
  if (min != null) return [ctx.t('eligibility.ageFrom', { min })];
  if (max != null) return [ctx.t('eligibility.ageUpTo', { max })];
  return [];
}

export function pick(map: TextMap, ctx: ViewContext): PickedText {
  return pickTranslation(map, ctx.lang, ctx.localLanguage);
}

export function pickList(
  map: Map<string, string[]> | Record<string, string[]> | undefined | null,
  ctx: ViewContext,
) {
  return pickTranslatedList(map, ctx.lang, ctx.localLanguage);
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Not confirmed by its provider for longer than `staleAfterDays` (the rule of the provider and
 * coordinator areas): the public page says it may be out of date. */
export function isStale(
  lastVerifiedAt: Date | undefined | null,
  now: Date,
  staleAfterDays: number,
): boolean {
  return !lastVerifiedAt || now.getTime() - lastVerifiedAt.getTime() > staleAfterDays * DAY_MS;
}

/**
 * A translated sentence ending with a value that ends with its own full stop: Ukrainian and
 * Russian long dates end in an abbreviation ("29 вересня 2027 р."), and the sentence's stop
 * after it made "р..". One stop is kept.
 */
export function sentence(text: string): string {
  return text.replace(/\.\.$/, '.');
}

export function dateLabel(date: Date | undefined | null, ctx: ViewContext): string {
  return date ? formatDate(date, ctx.lang) : '';
}

/** What a service card shows, from any source (database records or search documents). */
export interface CardSource {
  slug: string;
  name?: TextMap;
  summary?: TextMap;
  organisationName: string;
  cost: CostLike;
  languages: readonly string[];
  districts: readonly string[];
  lastVerifiedAt: Date;
  /** Kilometres from the place searched from, when there is one. */
  distanceKm?: number;
}

/** One service in a listing (partials/service-card.hbs): browse pages and search results. */
export function serviceCard(source: CardSource, ctx: ViewContext) {
  return {
    slug: source.slug,
    name: pick(source.name, ctx),
    summary: pick(source.summary, ctx),
    organisationName: source.organisationName,
    cost: costLabel(source.cost, ctx),
    languages: languagesLabel(source.languages, ctx),
    districts: source.districts.join(', '),
    checked: checkedLabel(source.lastVerifiedAt, ctx),
    distance:
      source.distanceKm != null
        ? ctx.t('search.distance', {
            km: formatNumber(Math.round(source.distanceKm * 10) / 10, ctx.lang),
          })
        : '',
  };
}

/** Page position and previous/next links for partials/pagination.hbs. */
export function paginationView(page: number, pages: number, hrefFor: (page: number) => string) {
  return {
    page,
    pages,
    previous: page > 1 ? hrefFor(page - 1) : undefined,
    next: page < pages ? hrefFor(page + 1) : undefined,
  };
}

/** True when any picked text on a page fell back to the local language. */
export function anyFellBack(...texts: ({ fellBack: boolean } | undefined)[]): boolean {
  return texts.some((text) => text?.fellBack);
}
