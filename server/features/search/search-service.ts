// Search: turns validated parameters into an engine query, and the engine's answer into what
// the page and the API show. When the engine is unreachable it answers from the database with
// the simple filters only, and says so.
import type { Models } from '../../models';
import { loadSearchDocuments } from '../../search/load-search-documents';
import type { SearchDocument } from '../../search/search-document';
import type { FacetName, SearchEngine } from '../../search/search-engine';
import { SearchUnavailableError } from '../../search/search-engine';
import type { AskedFilter } from '../../search/query-intent';
import { readQueryIntent } from '../../search/query-intent';
import type { ViewContext } from '../../view-models/directory-view-models';
import type { SearchParams } from '../../search/search-query';
import { PAGE_SIZE, toEngineQuery } from '../../search/search-query';

export interface SearchAnswer {
  total: number;
  page: number;
  pages: number;
  hits: { document: SearchDocument; distanceKm?: number }[];
  facets: Record<FacetName, Record<string, number>> | undefined;
  /** True when the engine was away and the database answered with the simple filters. */
  degraded: boolean;
  /** Filters the query's words asked for and the search does not apply yet: offered as one tap. */
  offers: AskedFilter[];
}

/** The filters asked for by the query's words that the parameters do not set yet. */
export function filterOffers(params: SearchParams): AskedFilter[] {
  // Widened, not cast: the parameters are a plain object, and the intent names them by string.
  const set: Record<string, unknown> = params;
  return readQueryIntent(params.q).asked.filter(({ param, value }) => {
    const current = set[param];
    return Array.isArray(current) ? !current.includes(value) : current !== value;
  });
}

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function createSearchService(deps: {
  engine: SearchEngine;
  models: Models;
  localLanguage: string;
}) {
  const { engine, models } = deps;

  async function fromDatabase(params: SearchParams, ctx: ViewContext): Promise<SearchAnswer> {
    const filter: Record<string, unknown> = {};
    if (params.category.length) filter.category = { $in: params.category };
    if (params.cost === 'free') filter['cost.type'] = 'free';
    if (params.language.length) filter.languages = { $in: params.language };
    if (params.q) {
      const pattern = { $regex: escapeRegex(params.q), $options: 'i' };
      filter.$or = [...new Set([ctx.lang, deps.localLanguage])].flatMap((lng) => [
        { [`name.${lng}`]: pattern },
        { [`summary.${lng}`]: pattern },
      ]);
    }
    const total = await models.Service.countDocuments({ ...filter, status: 'published' });
    const documents = await loadSearchDocuments(models, filter, ctx.now, {
      skip: (params.page - 1) * PAGE_SIZE,
      limit: PAGE_SIZE,
    });
    return {
      total,
      page: params.page,
      pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
      hits: documents.map((document) => ({ document })),
      facets: undefined,
      degraded: true,
      offers: filterOffers(params),
    };
  }

  return {
    async search(params: SearchParams, ctx: ViewContext): Promise<SearchAnswer> {
      // Whole hours: "now" is part of the engine's cache key, and "starts within N weeks" or
      // "checked N days ago" do not change within an hour.
      const now = Math.floor(ctx.now.getTime() / 3_600_000) * 3_600_000;
      try {
        const result = await engine.search(toEngineQuery(params, now));
        return {
          total: result.total,
          page: params.page,
          pages: Math.max(1, Math.ceil(result.total / PAGE_SIZE)),
          hits: result.hits,
          facets: result.facets,
          degraded: false,
          offers: filterOffers(params),
        };
      } catch (error) {
        if (!(error instanceof SearchUnavailableError)) throw error;
        return fromDatabase(params, ctx);
      }
    },
  };
}

export type SearchService = ReturnType<typeof createSearchService>;
