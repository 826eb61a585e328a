// The provider area /{lang}/provider/…: thin handlers (validate → provider service → render),
// one file per thing managed. Forms that fail validation are shown again (400) with what was
// typed and messages beside the fields (web/form-page.ts); successful writes redirect (303) to
// the dashboard with a notice.
import { Router } from 'express';
import { requireRole } from '../../web/require-role';
import { organisationRoutes } from './organisation-routes';
import { placeRoutes } from './place-routes';
import type { ProviderRouterDeps } from './provider-pages';
import { providerPages } from './provider-pages';
import { serviceRoutes } from './service-routes';
import { sessionRoutes } from './session-routes';

export { nextTerm } from './session-forms';

export function createProviderRouter(deps: ProviderRouterDeps): Router {
  const router = Router();
  router.use('/provider', requireRole('editor', 'coordinator'), deps.csrf.provideToken);
  const pages = providerPages(deps);
  organisationRoutes(router, deps, pages);
  serviceRoutes(router, deps, pages);
  sessionRoutes(router, deps, pages);
  placeRoutes(router, deps, pages);
  return router;
}
