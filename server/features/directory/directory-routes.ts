// Public browse pages under /{lang}: home, category, service, organisation. Thin handlers:
// validate → service → render.
import type { Request, Response } from 'express';
import { Router } from 'express';
import { isolate } from '../../i18n/isolate';
import { parseInput, parsePathParams } from '../../web/validate';
import type { DirectoryService } from './directory-service';
import { listingQuery, serviceQuery, slugParams } from './directory-schema';
import type { ViewContext } from '../../view-models/directory-view-models';

export function createDirectoryRouter(deps: {
  directory: DirectoryService;
  localLanguage: string;
  now?: () => Date;
}): Router {
  const router = Router();
  const { directory } = deps;
  const context = (res: Response): ViewContext => ({
    lang: res.locals.lang,
    localLanguage: deps.localLanguage,
    t: res.locals.translate,
    now: deps.now?.() ?? new Date(),
  });

  router.get('/', async (_req: Request, res: Response) => {
    const categories = await directory.listCategories(context(res));
    res.render('directory/home', { categories, pageTitle: res.locals.translate('home.title') });
  });

  router.get('/categories/:slug', async (req: Request, res: Response) => {
    const { slug } = parsePathParams(slugParams, req.params);
    const { page } = parseInput(listingQuery, req.query);
    const view = await directory.categoryPage(slug, page, context(res));
    res.render('directory/category', { ...view, pageTitle: isolate(view.category.name.text) });
  });

  router.get('/services/:slug', async (req: Request, res: Response) => {
    const { slug } = parsePathParams(slugParams, req.params);
    const { back } = parseInput(serviceQuery, req.query);
    const service = await directory.servicePage(slug, context(res));
    res.render('directory/service', { service, back, pageTitle: isolate(service.name.text) });
  });

  router.get('/organisations/:slug', async (req: Request, res: Response) => {
    const { slug } = parsePathParams(slugParams, req.params);
    const { page } = parseInput(listingQuery, req.query);
    const view = await directory.organisationPage(slug, page, context(res));
    res.render('directory/organisation', {
      ...view,
      pageTitle: isolate(view.organisation.name),
    });
  });

  return router;
}
