// Wires the feature services from their dependencies, once, in main.ts or a test.
import type { Config } from './config';
import { createAccountsService } from './features/accounts/accounts-service';
import { createAdminService } from './features/admin/admin-service';
import { createDirectoryService } from './features/directory/directory-service';
import { createProviderService } from './features/provider/provider-service';
import { createPdfRenderer } from './features/referrals/pdf-renderer';
import { createReferralService } from './features/referrals/referral-service';
import type { I18n } from './i18n/create-i18n';
import { createTranslators, directionOf } from './i18n/create-i18n';
import type { Logger } from './logger';
import { DatabaseRateLimitStore } from './web/rate-limit-store';
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
  const directory = createDirectoryService({ models, localLanguage: config.localLanguage });
  const audit = createAuditLog(models);
  const moderated = { models, audit, indexer, staleAfterDays: config.staleAfterDays, now };
  return {
    accounts: createAccountsService({ models, audit, now }),
    provider: createProviderService({ ...moderated, localLanguage: config.localLanguage }),
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
