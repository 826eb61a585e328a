// The search page (/{lang}/search, a plain GET form) and the JSON API (/api/v1/services).
import type { NextFunction, Request, Response } from 'express';
import type { TFunction } from 'i18next';
import { Router } from 'express';
import type { DirectoryService } from '../../ports';
import type { ViewContext } from '../../view-models/directory-view-models';
import { paginationView } from '../../view-models/directory-view-models';
import { isolate } from '../../i18n/isolate';
import { parseInput, parsePathParams } from '../../web/validate';
import { searchQuery } from '../../search/search-query';
import { serviceSlug } from './search-schema';
import type { SearchService } from './search-service';
import { filterOfferLinks } from './search-offers';
import { createPageCache, sendCachedPage } from '../../web/page-cache';
import { ADDED_PARAM } from '../../web/referral-summary';
import type { InsightRecorder } from '../../ports';
import {
  backToResults,
  chosenFilters,
  filterGroups,
  resultCard,
  withPage,
} from './search-view-models';

interface Deps {
  search: SearchService;
  /** Current index version, for the page cache. */
  indexVersion: () => number;
  /** How long a rendered page may be reused at most (other instances' edits are not seen in
   * the version). */
  pageCacheMs?: number;
  directory: DirectoryService;
  localLanguage: string;
  now?: () => Date;
  /** Counts searches anonymously (features/insight). */
  insight?: Pick<InsightRecorder, 'search' | 'searchAgain'>;
}

/** The visitor's search parameters, without the "just added to the referral" flag (a page
 * flag, not a search: links made from these must not repeat the confirmation). */
function rawParams(req: Request): URLSearchParams {
  const params = new URLSearchParams(req.originalUrl.split('?')[1] ?? '');
  params.delete(ADDED_PARAM);
  return params;
}

const contextFor = (deps: Deps, lang: string, res: Response): ViewContext => ({
  lang,
  localLanguage: deps.localLanguage,
  t: res.locals.translate,
  now: deps.now?.() ?? new Date(),
});

export function createSearchPageRouter(deps: Deps): Router {
  const router = Router();
  const pages = createPageCache({ ttlMs: deps.pageCacheMs });
  router.get('/search', async (req: Request, res: Response, next: NextFunction) => {
    const cacheKey = req.originalUrl;
    // Pages of signed-in people carry their name and form tokens: never shared through the cache.
    const cacheable = !res.locals.actor;
    // Only valid pages are kept, so a page found here needs no second validation.
    const cached = cacheable ? pages.get(cacheKey, deps.indexVersion()) : undefined;
    if (cached !== undefined) {
      deps.insight?.searchAgain(cacheKey);
      sendCachedPage(res, cached);
      return;
    }
    const params = parseInput(searchQuery, req.query);
    const version = deps.indexVersion();
    const ctx = contextFor(deps, res.locals.lang, res);
    const answer = await deps.search.search(params, ctx);
    deps.insight?.search({ lang: ctx.lang, params, total: answer.total }, cacheKey);
    const raw = rawParams(req);
    const base = `/${ctx.lang}/search`;
    res.render(
      'search/search',
      {
        pageTitle: params.q
          ? ctx.t('search.titleWithQuery', { q: isolate(params.q) })
          : ctx.t('search.title'),
        q: params.q ?? '',
        sort: params.sort,
        near: params.near,
        total: answer.total,
        degraded: answer.degraded,
        cards: answer.hits.map((hit) => ({
          ...resultCard(hit.document, ctx, hit.distanceKm),
          backQuery: backToResults(raw),
        })),
        groups: filterGroups(answer.facets, raw, ctx),
        chosen: chosenFilters(raw, ctx, base),
        offers: filterOfferLinks(answer.offers, raw, base, ctx.t),
        pagination: paginationView(answer.page, answer.pages, (p) => `${base}?${withPage(raw, p)}`),
      },
      (error: Error | null, html: string) => {
        if (error) {
          next(error);
          return;
        }
        // Degraded answers (engine away) are not kept: the full search should return soon.
        if (!answer.degraded && cacheable) pages.set(cacheKey, html, version);
        res.send(html);
      },
    );
  });
  return router;
}

export function createSearchApiRouter(
  deps: Deps & { languages: readonly string[]; translatorFor: (lang: string) => TFunction },
): Router {
  const router = Router();
  /** The API's language comes from ?lang= (the local language otherwise), not from the URL. */
  const apiContext = (req: Request, res: Response): ViewContext => {
    const asked = typeof req.query.lang === 'string' ? req.query.lang : undefined;
    const lang = asked && deps.languages.includes(asked) ? asked : deps.localLanguage;
    return { ...contextFor(deps, lang, res), t: deps.translatorFor(lang) };
  };

  router.get('/api/v1/services', async (req: Request, res: Response) => {
    // `lang` is not a search parameter: the schema leaves unknown keys out.
    const params = parseInput(searchQuery, req.query);
    const ctx = apiContext(req, res);
    const answer = await deps.search.search(params, ctx);
    deps.insight?.search({ lang: ctx.lang, params, total: answer.total });
    res.json({
      total: answer.total,
      page: answer.page,
      pages: answer.pages,
      degraded: answer.degraded,
      hits: answer.hits.map(({ document, distanceKm }) => ({
        url: `/${ctx.lang}/services/${document.slug}`,
        ...resultCard(document, ctx, distanceKm),
        category: document.category,
        free: document.free,
        languages: document.languages,
        districts: document.districts,
        levels: document.levels,
        nextSessionStart: document.nextSessionStart
          ? new Date(document.nextSessionStart).toISOString()
          : null,
        lastVerifiedAt: new Date(document.lastVerifiedAt).toISOString(),
        ...(distanceKm != null ? { distanceKm: Math.round(distanceKm * 10) / 10 } : {}),
      })),
      facets: answer.facets ?? null,
    });
  });

  router.get('/api/v1/services/:slug', async (req: Request, res: Response) => {
    const { slug } = parsePathParams(serviceSlug, req.params);
    res.json(await deps.directory.servicePage(slug, apiContext(req, res)));
  });
  return router;
}
