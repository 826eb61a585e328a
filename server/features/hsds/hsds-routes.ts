// Open Referral HSDS 3.0 API under /api/hsds/ (read-only, public, rate-limited with the rest of
// /api/) and the coordinator's exports under /{lang}/admin/hsds/.
import type { NextFunction, Request, Response } from 'express';
import { Router } from 'express';
import { requireRole } from '../../web/require-role';
import { parseInput, parsePathParams } from '../../web/validate';
import { PROFILE_TERMS, TAXONOMIES } from '../../hsds/hsds-ids';
import { ndjsonLines, tablesOf, writeTabularZip } from './hsds-export';
import { hsdsIdParam, hsdsListQuery, hsdsTermQuery } from './hsds-schema';
import type { HsdsService } from './hsds-service';

export const HSDS_VERSION = '3.0';

interface Deps {
  hsds: HsdsService;
  languages: readonly string[];
  localLanguage: string;
  baseUrl: string;
}

/** ?lang= when offered, else the best of Accept-Language, else the local language. */
function languageOf(req: Request, deps: Deps): string {
  const asked = typeof req.query.lang === 'string' ? req.query.lang : undefined;
  if (asked && deps.languages.includes(asked)) return asked;
  // Without the header, Express would answer the first language offered.
  if (!req.headers['accept-language']) return deps.localLanguage;
  const accepted = req.acceptsLanguages(...deps.languages);
  return typeof accepted === 'string' ? accepted : deps.localLanguage;
}

/** The profile: what OneStop adds to HSDS 3.0, for the `profile` link of GET /api/hsds/. */
export function profileDocument(baseUrl: string) {
  return {
    name: 'onestop',
    hsds_version: HSDS_VERSION,
    description:
      'OneStop publishes plain HSDS 3.0 objects (no field added). Only published services are ' +
      'listed, with the organizations running at least one of them and the places they use. ' +
      'Texts are in the language asked (?lang= or Accept-Language), falling back to the local ' +
      'language. Each service carries taxonomy attributes: its category (onestop-categories), ' +
      'the needs it meets (onestop-needs, each term a child of a broader need or a category) and ' +
      'attributes of the onestop-profile taxonomy whose value holds what HSDS has no field for. ' +
      'Course sessions are schedules of the service (valid_from/valid_to, byday, opens_at/' +
      'closes_at) carrying profile attributes (course-session, cefr-level, childcare, seats-left…) ' +
      'and a cost_option whose option is "course-session:<key>".',
    api: `${baseUrl}/api/hsds/`,
    taxonomies: Object.values(TAXONOMIES),
    profile_attributes: Object.entries(PROFILE_TERMS).map(([code, description]) => ({
      code,
      description,
    })),
  };
}

export function createHsdsApiRouter(deps: Deps): Router {
  const { hsds } = deps;
  const router = Router();
  // Public, read-only, no cookies: any site may read it (HSDS is for exchange); answers
  // depend on the language asked.
  router.use('/api/hsds', (_req: Request, res: Response, next: NextFunction) => {
    res.set({ 'Access-Control-Allow-Origin': '*', Vary: 'Accept-Language' });
    next();
  });
  router.get('/api/hsds', (_req: Request, res: Response) => {
    res.json({
      version: HSDS_VERSION,
      profile: `${deps.baseUrl}/api/hsds/profile`,
      openapi_url:
        'https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json',
      description: profileDocument(deps.baseUrl).description,
    });
  });
  router.get('/api/hsds/profile', (_req: Request, res: Response) => {
    res.json(profileDocument(deps.baseUrl));
  });
  router.get('/api/hsds/services', async (req: Request, res: Response) => {
    res.json(await hsds.services(parseInput(hsdsListQuery, req.query), languageOf(req, deps)));
  });
  router.get('/api/hsds/services/:id', async (req: Request, res: Response) => {
    const { id } = parsePathParams(hsdsIdParam, req.params);
    res.json(await hsds.service(id, languageOf(req, deps)));
  });
  router.get('/api/hsds/organizations', async (req: Request, res: Response) => {
    res.json(await hsds.organizations(parseInput(hsdsListQuery, req.query), languageOf(req, deps)));
  });
  router.get('/api/hsds/organizations/:id', async (req: Request, res: Response) => {
    const { id } = parsePathParams(hsdsIdParam, req.params);
    const { full_service: fullService } = parseInput(hsdsListQuery, req.query);
    res.json(await hsds.organization(id, languageOf(req, deps), fullService));
  });
  router.get('/api/hsds/service_at_locations', async (req: Request, res: Response) => {
    res.json(
      await hsds.serviceAtLocations(parseInput(hsdsListQuery, req.query), languageOf(req, deps)),
    );
  });
  router.get('/api/hsds/service_at_locations/:id', async (req: Request, res: Response) => {
    const { id } = parsePathParams(hsdsIdParam, req.params);
    res.json(await hsds.serviceAtLocation(id, languageOf(req, deps)));
  });
  router.get('/api/hsds/taxonomies', (req: Request, res: Response) => {
    res.json(hsds.taxonomies(parseInput(hsdsListQuery, req.query)));
  });
  router.get('/api/hsds/taxonomy_terms', async (req: Request, res: Response) => {
    res.json(await hsds.taxonomyTerms(parseInput(hsdsTermQuery, req.query), languageOf(req, deps)));
  });
  return router;
}

/** The coordinator's downloads (links on /{lang}/admin): texts in the local language, the
 * directory's own (?lang= asks for another). */
export function createHsdsExportRouter(deps: Deps): Router {
  const router = Router();
  const exportLanguage = (req: Request) =>
    typeof req.query.lang === 'string' && deps.languages.includes(req.query.lang)
      ? req.query.lang
      : deps.localLanguage;
  router.use('/admin/hsds', requireRole('coordinator'));
  router.get('/admin/hsds/services.ndjson', async (req: Request, res: Response) => {
    const { bundles, ctx } = await deps.hsds.directory(exportLanguage(req));
    // attachment() sets a type from the file name: ours comes after.
    res.attachment('hsds-services.ndjson');
    res.type('application/x-ndjson');
    for (const line of ndjsonLines(bundles, ctx)) res.write(line);
    res.end();
  });
  router.get('/admin/hsds/tabular.zip', async (req: Request, res: Response) => {
    const { bundles, ctx } = await deps.hsds.directory(exportLanguage(req));
    const tables = tablesOf(bundles, ctx);
    res.attachment('hsds-tabular.zip');
    await writeTabularZip(tables, res);
  });
  return router;
}
