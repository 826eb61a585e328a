// Chooses the search engine from the configuration: Meilisearch when MEILI_URL is set, the
// embedded engine otherwise.
import type { Config } from '../config';
import { createEmbeddedEngine } from './embedded-engine';
import { createMeilisearchEngine } from './meilisearch-engine';
import type { SearchEngine } from './search-engine';

export function createSearchEngine(config: Config): SearchEngine {
  return config.meili
    ? createMeilisearchEngine({ url: config.meili.url, key: config.meili.key })
    : createEmbeddedEngine();
}
