// npm run reindex: rebuilds the search index from the database and records it as current
// (Meilisearch; the embedded engine rebuilds itself at every start). Start-up rebuilds on its own
// when the index is empty, from another database or of an older shape: this is for the rest.
import { loadConfig } from '../server/config';
import { openDatabase } from '../server/database/open-database';
import { createLogger } from '../server/logger';
import { createSearchEngine } from '../server/search/create-search-engine';
import { createIndexer } from '../server/search/indexer';
import { syncSearchIndex } from '../server/search/index-sync';

async function run(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const database = await openDatabase(config, logger);
  try {
    const engine = createSearchEngine(config);
    await engine.init();
    const started = Date.now();
    const indexer = createIndexer({ models: database.models, engine, logger });
    const { count } = await syncSearchIndex({
      models: database.models,
      engine,
      indexer,
      logger,
      force: true,
    });
    indexer.stop();
    logger.info({ engine: engine.name, count, ms: Date.now() - started }, 'search index rebuilt');
  } finally {
    await database.close();
  }
}

run().catch((error: unknown) => {
  process.stderr.write(
    `Reindex failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
