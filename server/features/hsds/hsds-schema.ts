// Query parameters of the HSDS API (Open Referral's API reference), checked at the edge: a bad
// value is a 400 naming the parameter. Unknown parameters (lang, format…) are left out.
import { z } from 'zod';

const uuid = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}$/);
const flag = z
  .enum(['true', 'false', '1', '0', ''])
  .optional()
  .transform((v) => v === 'true' || v === '1');

const paging = {
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  per_page: z.coerce.number().int().min(1).max(1000).default(50),
};

export const hsdsListQuery = z.object({
  ...paging,
  search: z.string().trim().max(200).optional(),
  taxonomy_term_id: uuid.optional(),
  taxonomy_id: uuid.optional(),
  organization_id: uuid.optional(),
  modified_after: z
    .string()
    .trim()
    .refine((v) => !Number.isNaN(Date.parse(v)), 'invalid date-time')
    .transform((v) => new Date(v))
    .optional(),
  minimal: flag,
  full: flag,
  full_service: flag,
});
export type HsdsListQuery = Partial<z.infer<typeof hsdsListQuery>> & {
  page: number;
  per_page: number;
};

export const hsdsTermQuery = z.object({
  ...paging,
  search: z.string().trim().max(200).optional(),
  taxonomy_id: uuid.optional(),
  parent_id: uuid.optional(),
  top_only: flag,
});
export type HsdsTermQuery = z.infer<typeof hsdsTermQuery>;

/** An id that is no UUID names nothing: a 404, as for a malformed slug. */
export const hsdsIdParam = z.object({ id: uuid });
