// Wires the feature services from their dependencies, once, in main.ts or a test.
import type { Config } from './config';
import { createAccountsService } from './features/accounts/accounts-service';
import { createAdminService } from './features/admin/admin-service';
import { createDirectoryService } from './features/directory/directory-service';
import { createProviderService } from './features/provider/provider-service';
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
  now?: () => Date;
}) {
  const { models, config, indexer, now } = deps;
  const audit = createAuditLog(models);
  const moderated = { models, audit, indexer, staleAfterDays: config.staleAfterDays, now };
  return {
    accounts: createAccountsService({ models, now }),
    provider: createProviderService({ ...moderated, localLanguage: config.localLanguage }),
    admin: createAdminService(moderated),
    directory: createDirectoryService({ models, localLanguage: config.localLanguage }),
    search: createSearchService({
      engine: deps.engine,
      models,
      localLanguage: config.localLanguage,
    }),
    indexer: deps.indexer,
  };
}

export type Services = ReturnType<typeof createServices>;
