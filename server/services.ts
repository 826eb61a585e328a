// Wires the feature services from their dependencies, once, in main.ts or a test.
import type { Config } from './config';
import { createDirectoryService } from './features/directory/directory-service';
import { createSearchService } from './features/search/search-service';
import type { Models } from './models';
import type { Indexer } from './search/indexer';
import type { SearchEngine } from './search/search-engine';

export function createServices(deps: {
  models: Models;
  config: Config;
  engine: SearchEngine;
  indexer: Indexer;
}) {
  const { models, config } = deps;
  return {
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
