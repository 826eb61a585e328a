// Wires the feature services from their dependencies, once, in main.ts or a test.
import type { Config } from './config';
import { createUserSessions } from './auth/user-sessions';
import { createAccountsService } from './features/accounts/accounts-service';
import { createAdminService } from './features/admin/admin-service';
import { createDirectoryService } from './features/directory/directory-service';
import { createHsdsService } from './features/hsds/hsds-service';
import { createHsdsImportService } from './features/hsds-import/import-service';
import { createNeedsService } from './features/needs/needs-service';
import { createInsightRecorder } from './features/insight/insight-recorder';
import { createInsightService } from './features/insight/insight-service';
import { createProviderService } from './features/provider/provider-service';
import { createPdfRenderer } from './features/referrals/pdf-renderer';
import { createReferralService } from './features/referrals/referral-service';
import { createTranslateService } from './features/translate/translate-service';
import type { I18n } from './i18n/create-i18n';
import { createTranslators, directionOf } from './i18n/create-i18n';
import type { Logger } from './logger';
import { DatabaseRateLimitStore } from './web/rate-limit-store';
import { SESSION_COLLECTION } from './web/sessions';
import { createSearchService } from './features/search/search-service';
import type { Models } from './models';
import { createAuditLog } from './moderation/audit-log';
import type { Indexer } from './search/indexer';
import type { SearchEngine } from './search/search-engine';

export function createServices(deps: {
  models: Models;
  config: Config;
  engine: SearchEngine;
  indexer: Indexer;
  i18n: I18n;
  logger: Logger;
  now?: () => Date;
}) {
  const { models, config, indexer, now } = deps;
  const directory = createDirectoryService({
    models,
    localLanguage: config.localLanguage,
    staleAfterDays: config.staleAfterDays,
    engine: deps.engine,
  });
  const audit = createAuditLog(models);
  const moderated = { models, audit, indexer, staleAfterDays: config.staleAfterDays, now };
  const needs = createNeedsService({
    models,
    audit,
    indexer,
    localLanguage: config.localLanguage,
    now,
  });
  return {
    // Sessions are in the same database as the models (web/sessions.ts).
    accounts: createAccountsService({
      models,
      audit,
      sessions: createUserSessions(models.User.db, SESSION_COLLECTION),
      now,
    }),
    provider: createProviderService({
      ...moderated,
      localLanguage: config.localLanguage,
      checkNeeds: (slugs) => needs.checkNeeds(slugs),
    }),
    needs,
    admin: createAdminService(moderated),
    /** Community translators' queue, editor and review (issue #16). */
    translate: createTranslateService({
      ...moderated,
      localLanguage: config.localLanguage,
      languages: config.languages,
    }),
    directory,
    referrals: createReferralService({
      models,
      directory,
      translatorFor: createTranslators(deps.i18n),
      directionOf: (lang) => directionOf(deps.i18n, lang),
      localLanguage: config.localLanguage,
      baseUrl: config.baseUrl,
      now,
    }),
    /** Rate-limit counters in the database, one store per limiter. */
    rateLimitStore: (prefix: string) => new DatabaseRateLimitStore(models.RateLimitCounter, prefix),
    /** Owns a Chromium process once used: close() it on shutdown. */
    pdf: createPdfRenderer({ chromiumPath: config.chromiumPath, logger: deps.logger }),
    search: createSearchService({
      engine: deps.engine,
      models,
      localLanguage: config.localLanguage,
    }),
    /** Open Referral HSDS 3 view of the published directory (API and exports). */
    hsds: createHsdsService({
      models,
      engine: deps.engine,
      localLanguage: config.localLanguage,
      now,
    }),
    /** HSDS import (dry run and apply) for coordinators and `npm run import:hsds`. */
    hsdsImport: createHsdsImportService({
      models,
      indexer: deps.indexer,
      localLanguage: config.localLanguage,
      now,
    }),
    indexer: deps.indexer,
    /** Anonymous usage counts: stop() it on shutdown (writes what is still in memory). */
    insightRecorder: createInsightRecorder({
      models,
      logger: deps.logger,
      enabled: config.insight.recording,
      now,
    }),
    insight: createInsightService({
      models,
      languages: config.languages,
      localLanguage: config.localLanguage,
      staleAfterDays: config.staleAfterDays,
      now,
    }),
  };
}

export type Services = ReturnType<typeof createServices>;
