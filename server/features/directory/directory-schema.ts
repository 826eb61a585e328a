// Query strings and URL parameters of the browse pages.
import { z } from 'zod';
import { SLUG } from '../../models/vocabulary';

export const slugParams = z.object({ slug: z.string().max(120).regex(SLUG) });

export const listingQuery = z.object({
  page: z.coerce.number().int().min(1).max(1000).default(1),
});
