// Builds the Express app from its dependencies. Opens nothing and listens on nothing: main.ts
// starts it, tests drive it with Supertest.
import compression from 'compression';
import express from 'express';
import type { Express } from 'express';
import type { Store } from 'express-session';
import type { Config } from './config';
import { createAccountsRouter } from './features/accounts/accounts-routes';
import { createAdminRouter } from './features/admin/admin-routes';
import { createHsdsApiRouter, createHsdsExportRouter } from './features/hsds/hsds-routes';
import { createHsdsImportRouter } from './features/hsds-import/import-routes';
import { createUploadStore } from './features/hsds-import/import-uploads';
import { createNeedsRouter } from './features/needs/needs-routes';
import { countListingViews } from './features/insight/count-listing-views';
import { createInsightRouter } from './features/insight/insight-routes';
import { createDirectoryRouter } from './features/directory/directory-routes';
import { createProviderRouter } from './features/provider/provider-routes';
import { createTranslateRouter } from './features/translate/translate-routes';
import { createReferralRouter } from './features/referrals/referral-routes';
import { createHealthRouter } from './features/health/health-routes';
import { createSearchApiRouter, createSearchPageRouter } from './features/search/search-routes';
import type { I18n } from './i18n/create-i18n';
import { createTranslators } from './i18n/create-i18n';
import type { Logger } from './logger';
import type { Services } from './services';
import { createCsrf } from './web/csrf';
import { cachePublicPages } from './web/page-cache';
import { createRateLimit } from './web/rate-limits';
import { setUpErrorHandling } from './web/errors';
import { createLanguageSupport, setUpRootRedirect } from './web/language';
import { setUpRequestLogging } from './web/request-logging';
import { showReferralSummary } from './web/referral-summary';
import { keepPrivatePagesOutOfCaches, setUpSecurity } from './web/security';
import { sessionCookie, setUpSessions } from './web/sessions';
import { setUpStaticAssets } from './web/static-assets';
import { setUpViews } from './web/views';

export interface AppDependencies {
  config: Config;
  logger: Logger;
  i18n: I18n;
  services: Services;
  /** Where signed-in sessions live (web/sessions.ts createSessionStore). */
  sessionStore: Store;
  isDatabaseReachable: () => Promise<boolean>;
  /** True once a stop signal arrived (main.ts); /readyz then answers 503. */
  isStopping?: () => boolean;
  /** Clock for "checked N days ago"; tests may fix it. */
  now?: () => Date;
}

export function createApp(deps: AppDependencies): Express {
  const { config, logger, i18n, services } = deps;
  const app = express();
  // Behind one reverse proxy in production (X-Forwarded-For, -Proto).
  app.set('trust proxy', config.env === 'production' ? 1 : false);

  // Order matters:
  // 1. request id and logging first, so every later line carries the id;
  setUpRequestLogging(app, logger);
  // 2. security headers on every response, errors included;
  setUpSecurity(app, config);
  // 3. compression before anything writes a body;
  app.use(compression());
  // 4. fingerprinted static files, answered before any page logic;
  const assets = setUpStaticAssets(app);
  // Templates are compiled once: compiling them on every page was a third of the CPU under load
  // (npm start runs in development). `npm run dev` restarts on template changes instead.
  setUpViews(app, { assets });
  // 5. probes, outside the language prefix;
  app.use(
    createHealthRouter({
      isDatabaseReachable: deps.isDatabaseReachable,
      isStopping: deps.isStopping,
    }),
  );
  // 6. the JSON API (language from ?lang=), rate-limited per address;
  app.use(
    '/api/',
    createRateLimit({
      store: services.rateLimitStore('api'),
      windowMs: 60_000,
      limit: config.searchApiRateLimit,
    }),
  );
  const searchDeps = {
    search: services.search,
    indexVersion: services.indexer.version,
    // One instance with the embedded engine sees every change in the index version; instances
    // sharing Meilisearch also expire pages after a few seconds.
    pageCacheMs: config.meili ? 5_000 : 3_600_000,
    directory: services.directory,
    localLanguage: config.localLanguage,
    now: deps.now,
    // Anonymous counts of searches (features/insight), cached pages included.
    insight: services.insightRecorder,
  };
  app.use(
    createSearchApiRouter({
      ...searchDeps,
      languages: config.languages,
      translatorFor: createTranslators(i18n),
    }),
  );
  const hsdsDeps = {
    hsds: services.hsds,
    languages: config.languages,
    localLanguage: config.localLanguage,
    baseUrl: config.baseUrl,
  };
  app.use(createHsdsApiRouter(hsdsDeps));
  // 7. sessions and the signed-in user (only pages need them);
  const passport = setUpSessions(app, {
    config,
    store: deps.sessionStore,
    accounts: services.accounts,
  });
  // Pages for signed-in people (and the areas behind sign-in) stay out of every cache.
  app.use(keepPrivatePagesOutOfCaches);
  // 8. pages: "/" picks a language, everything else lives under /{lang}. Forms post urlencoded
  //    bodies; every unsafe request carries a CSRF token.
  const languages = createLanguageSupport(config, i18n);
  setUpRootRedirect(app, languages, config);
  const csrf = createCsrf(config);
  // Signed-in people see a sign-out form on every page.
  languages.localized.use((req, res, next) =>
    req.user ? csrf.provideToken(req, res, next) : next(),
  );
  // Front-desk staff see their referral's size and which services are in it on every page.
  languages.localized.use(showReferralSummary);
  // The search page first: it is most of the traffic (GET only, no body, no CSRF check needed).
  languages.localized.use(createSearchPageRouter(searchDeps));
  languages.localized.use(
    express.urlencoded({ extended: false, limit: '200kb', parameterLimit: 1000 }),
  );
  // HSDS import: its multipart upload is parsed and CSRF-checked by its own router (import-routes.ts).
  const importMaxBytes = 100_000_000;
  languages.localized.use(
    createHsdsImportRouter({
      hsdsImport: services.hsdsImport,
      uploads: createUploadStore({ maxBytes: importMaxBytes }),
      csrf,
      maxBytes: importMaxBytes,
    }),
  );
  csrf.protect(languages.localized);
  languages.localized.use(
    createAccountsRouter({
      accounts: services.accounts,
      csrf,
      passport,
      logger,
      loginLimits: { account: config.loginRateLimit, address: config.loginAddressRateLimit },
      rateLimitStoreFor: services.rateLimitStore,
      sessionCookie: sessionCookie(config),
    }),
  );
  languages.localized.use(
    createReferralRouter({
      referrals: services.referrals,
      pdf: services.pdf,
      csrf,
      languages: config.languages,
      localLanguage: config.localLanguage,
      centre: config.centre,
      insight: services.insightRecorder,
      pdfLimit: createRateLimit({
        store: services.rateLimitStore('pdf'),
        windowMs: 10 * 60_000,
        limit: config.pdfRateLimit,
      }),
    }),
  );
  const areaDeps = {
    csrf,
    i18n,
    languages: config.languages,
    localLanguage: config.localLanguage,
    now: deps.now,
  };
  languages.localized.use(
    createProviderRouter({
      ...areaDeps,
      provider: services.provider,
      needs: services.needs,
      currency: config.currency,
    }),
  );
  languages.localized.use(
    createAdminRouter({
      ...areaDeps,
      admin: services.admin,
      accounts: services.accounts,
      baseUrl: config.baseUrl,
    }),
  );
  languages.localized.use(createNeedsRouter({ ...areaDeps, needs: services.needs }));
  languages.localized.use(createTranslateRouter({ ...areaDeps, translate: services.translate }));
  languages.localized.use(createHsdsExportRouter(hsdsDeps));
  languages.localized.use(
    createInsightRouter({
      insight: services.insight,
      i18n,
      localLanguage: config.localLanguage,
      now: deps.now,
    }),
  );
  // Listing pages opened are counted before the cache answers them.
  languages.localized.use(countListingViews(services.insightRecorder));
  // Browse pages follow the index version like search pages do (see web/page-cache.ts).
  languages.localized.use(
    cachePublicPages({
      version: services.indexer.version,
      ttlMs: searchDeps.pageCacheMs,
      paths: /^\/(?:(?:categories|services|organisations)\/[a-z0-9-]+)?$/,
    }),
  );
  languages.localized.use(
    createDirectoryRouter({
      directory: services.directory,
      localLanguage: config.localLanguage,
      now: deps.now,
    }),
  );
  app.use('/:lang', languages.localized);
  // 9. 404 and the error handler last.
  setUpErrorHandling(app, { config, logger, languages });
  return app;
}
