// The service page's path parameter (the search query itself is server/search/search-query.ts).
import { z } from 'zod';
import { SLUG } from '../../models/vocabulary';

export const serviceSlug = z.object({ slug: z.string().max(120).regex(SLUG) });
