// npm run seed: loads the demo directory into the configured database (idempotent).
import { loadConfig } from '../server/config';
import { openDatabase } from '../server/database/open-database';
import { createLogger } from '../server/logger';
import { forgetSearchIndexState } from '../server/search/index-sync';
import { seedDemoAccounts } from '../seed/demo-accounts';
import { seedDirectory } from '../seed/seed-directory';

async function run(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const database = await openDatabase(config, logger);
  try {
    const inserted = await seedDirectory(database.models);
    // Seeded records bypass the outbox: the next start rebuilds the search index, as after a
    // restore.
    await forgetSearchIndexState(database.connection);
    logger.info({ inserted }, 'seed finished (existing records left unchanged)');
    if (config.env !== 'production') {
      const accounts = await seedDemoAccounts(database.models, { password: config.demoPassword });
      logger.info({ accounts }, 'demo accounts (see README)');
    }
  } finally {
    await database.close();
  }
}

run().catch((error: unknown) => {
  process.stderr.write(`Seed failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
