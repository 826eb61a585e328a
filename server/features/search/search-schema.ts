// The search query string, shared by the search page and the JSON API. Repeatable parameters
// (?day=mon&day=tue) arrive as arrays; one value arrives as a string; both are accepted.
import { z } from 'zod';
import {
  CATEGORY_SLUGS,
  CEFR_LEVELS,
  DAYS,
  DELIVERY_MODES,
  LANGUAGE_CODE,
  SLUG,
  TIMES_OF_DAY,
} from '../../models/vocabulary';

export const ELIGIBILITY_FILTERS = ['any-status', 'women', 'youth', 'families'] as const;
export const ACCESS_FILTERS = ['step-free', 'hearing-loop'] as const;
export const SORTS = ['relevance', 'soonest', 'nearest'] as const;

const many = <T extends z.ZodType>(item: T) =>
  z.preprocess(
    (value) => (value === undefined || value === '' ? [] : Array.isArray(value) ? value : [value]),
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

export const serviceSlug = z.object({ slug: z.string().max(120).regex(SLUG) });
