// Query strings and URL parameters of the browse pages.
import { z } from 'zod';
import { SLUG } from '../../models/vocabulary';

export const slugParams = z.object({ slug: z.string().max(120).regex(SLUG) });

export const listingQuery = z.object({
  page: z.coerce.number().int().min(1).max(1000).default(1),
});

/**
 * The way back to search results from a service page: `?back=/search?…`, as the result links
 * write it (without the language: the page puts its own). Only a search address of this site
 * is taken; anything else (another site, `//host`, another page) is left out, not an error:
 * the page then simply has no back link.
 */
export const searchBack = z
  .string()
  .max(2000)
  .regex(/^\/search(?:\?[^\s#\\]*)?$/)
  .optional()
  .catch(undefined);

export const serviceQuery = z.object({ back: searchBack });
