// Wires the feature services from their dependencies, once, in main.ts or a test.
import type { Config } from './config';
import { createUserSessions } from './auth/user-sessions';
import { createAccountsService } from './features/accounts/accounts-service';
import { createAdminService } from './features/admin/admin-service';
import { createDirectoryService } from './features/directory/directory-service';
import { createNeedsService } from './features/needs/needs-service';
import { createProviderService } from './features/provider/provider-service';
import { createPdfRenderer } from './features/referrals/pdf-renderer';
import { createReferralService } from './features/referrals/referral-service';
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
  });
  const audit = createAuditLog(models);
  const moderated = { models, audit, indexer, staleAfterDays: config.staleAfterDays, now };
  const needs = createNeedsService({ models, audit, indexer, localLanguage: config.localLanguage });
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
      checkNeeds: needs.checkNeeds,
    }),
    needs,
    admin: createAdminService(moderated),
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
    rateLimitStore: (prefix: string) =>
      new DatabaseRateLimitStore(models.RateLimitCounter as never, prefix),
    /** Owns a Chromium process once used: close() it on shutdown. */
    pdf: createPdfRenderer({ chromiumPath: config.chromiumPath, logger: deps.logger }),
    search: createSearchService({
      engine: deps.engine,
      models,
      localLanguage: config.localLanguage,
    }),
    indexer: deps.indexer,
  };
}

export type Services = ReturnType<typeof createServices>;
