// The search query string, shared by the search page, the JSON API, the HSDS API and the insight
// recorder (so it lives outside the features: no feature imports another), and how it becomes an
// engine query. Repeatable parameters (?day=mon&day=tue) arrive as arrays; one value arrives as a
// string; both are accepted.
import { z } from 'zod';
import {
  CATEGORY_SLUGS,
  CEFR_LEVELS,
  DAYS,
  DELIVERY_MODES,
  LANGUAGE_CODE,
  TIMES_OF_DAY,
} from '../models/vocabulary';
import type { SearchQuery } from './search-engine';
import { readQueryIntent } from './query-intent';

export const ELIGIBILITY_FILTERS = ['any-status', 'women', 'youth', 'families'] as const;
export const ACCESS_FILTERS = ['step-free', 'hearing-loop'] as const;
export const SORTS = ['relevance', 'soonest', 'nearest'] as const;

const many = <T extends z.ZodType>(item: T) =>
  z.preprocess(
    (value): unknown[] =>
      value === undefined || value === '' ? [] : Array.isArray(value) ? value : [value],
    z.array(item).max(20),
  );
const flag = z.literal('1').optional();

export const searchQuery = z
  .object({
    q: z.string().trim().max(200).optional(),
    category: many(z.enum(CATEGORY_SLUGS)),
    cost: z.literal('free').optional(),
    maxCost: z.coerce.number().min(0).max(100_000).optional(),
    day: many(z.enum(DAYS)),
    time: many(z.enum(TIMES_OF_DAY)),
    weekend: flag,
    startsWithin: z.coerce.number().int().min(1).max(52).optional(),
    level: many(z.enum(CEFR_LEVELS)),
    language: many(z.string().regex(LANGUAGE_CODE)),
    district: many(z.string().trim().min(1).max(60)),
    near: z
      .string()
      .regex(/^-?\d{1,2}(\.\d+)?,-?\d{1,3}(\.\d+)?$/, 'expected "latitude,longitude"')
      .optional(),
    radius: z.coerce.number().min(0.1).max(200).default(3),
    eligibility: many(z.enum(ELIGIBILITY_FILTERS)),
    delivery: many(z.enum(DELIVERY_MODES)),
    access: many(z.enum(ACCESS_FILTERS)),
    childcare: flag,
    page: z.coerce.number().int().min(1).max(500).default(1),
    sort: z.enum(SORTS).default('relevance'),
  })
  .refine((query) => query.sort !== 'nearest' || query.near, {
    path: ['sort'],
    message: 'sort=nearest needs near',
  });

export type SearchParams = z.infer<typeof searchQuery>;

export const PAGE_SIZE = 20;

export function toEngineQuery(params: SearchParams, now: number): SearchQuery {
  const [lat, lng] = params.near ? params.near.split(',').map(Number) : [];
  const near = lat != null && lng != null ? { lat, lng, radiusKm: params.radius } : undefined;
  // Filter words ("gratuit", "soir", "A2"…) leave the text and rank what they ask for first.
  const intent = readQueryIntent(params.q);
  return {
    q: intent.text || undefined,
    ...(intent.asked.length ? { prefer: intent.prefer } : {}),
    filters: {
      category: params.category,
      free: params.cost === 'free',
      maxCost: params.maxCost,
      days: params.day,
      times: params.time,
      weekend: params.weekend === '1',
      startsWithinWeeks: params.startsWithin,
      levels: params.level,
      languages: params.language,
      districts: params.district,
      near,
      eligibility: params.eligibility,
      delivery: params.delivery,
      access: params.access,
      childcare: params.childcare === '1',
    },
    sort: params.sort,
    page: params.page,
    pageSize: PAGE_SIZE,
    now,
  };
}
