// Query strings of the insight pages: a range of days (default: the last 30), a view, a month.
import { z } from 'zod';
import { CATEGORY_SLUGS, DAY_MS } from '../../models/vocabulary';
import type { DayRange } from './insight-service';

export const INSIGHT_VIEWS = [
  'demand',
  'unmet',
  'coverage',
  'overlap',
  'freshness',
  'referrals',
] as const;
export type InsightView = (typeof INSIGHT_VIEWS)[number];

/** Longer ranges add nothing a coordinator reads and cost a scan of every counter. */
export const MAX_RANGE_DAYS = 400;

const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'date')
  .refine(
    (v) =>
      !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) &&
      new Date(`${v}T00:00:00Z`).toISOString().startsWith(v),
    'date',
  );
const optionalDay = z.preprocess((v) => (v === '' ? undefined : v), isoDay.optional());

export const viewParams = z.object({ view: z.enum(INSIGHT_VIEWS) });

export function rangeQuery(today: Date) {
  return z
    .object({ from: optionalDay, to: optionalDay, format: z.enum(['html', 'csv']).default('html') })
    .transform(({ from, to, format }) => {
      const last = to ? new Date(`${to}T00:00:00Z`) : utcMidnight(today);
      const first = from ? new Date(`${from}T00:00:00Z`) : new Date(last.getTime() - 29 * DAY_MS);
      return { range: { from: first, to: last }, format };
    })
    .refine(({ range }) => range.from <= range.to, { path: ['from'], message: 'order' })
    .refine(({ range }) => (range.to.getTime() - range.from.getTime()) / DAY_MS < MAX_RANGE_DAYS, {
      path: ['to'],
      message: 'tooLong',
    });
}

export const monthQuery = z.object({
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'month')
    .optional(),
});

export function utcMidnight(date: Date): Date {
  return new Date(`${date.toISOString().slice(0, 10)}T00:00:00Z`);
}

/** The first and last day of a month "YYYY-MM" (the previous month when none is given). */
export function monthRange(
  month: string | undefined,
  today: Date,
): { month: string; range: DayRange } {
  const chosen =
    month ??
    new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - 1, 1))
      .toISOString()
      .slice(0, 7);
  const [y, m] = chosen.split('-').map(Number) as [number, number];
  return {
    month: chosen,
    range: { from: new Date(Date.UTC(y, m - 1, 1)), to: new Date(Date.UTC(y, m, 0)) },
  };
}

export const toIsoDay = (date: Date) => date.toISOString().slice(0, 10);

/** The coverage view draws the needs of one category at a time (all 175 in one heat map are
 * too many to read, or to check for accessibility); the monthly report prints them all. */
export const coverageQuery = z
  .object({ category: z.enum(CATEGORY_SLUGS).default(CATEGORY_SLUGS[0]) })
  .catch({ category: CATEGORY_SLUGS[0] });
