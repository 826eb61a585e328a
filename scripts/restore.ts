// npm run restore -- DIR: replaces the collections in the backup DIR (npm run backup) with its
// documents. Stop the app first; start it again afterwards: it rebuilds the database indexes and
// the search index (the restore forgets which search index was built, on any engine).
import path from 'node:path';
import { loadConfig } from '../server/config';
import { restoreDatabase } from '../server/database/backup';
import { openDatabase } from '../server/database/open-database';
import { createLogger } from '../server/logger';
import { forgetSearchIndexState } from '../server/search/index-sync';

async function run(): Promise<void> {
  const source = process.argv[2];
  if (!source) throw new Error('usage: npm run restore -- <backup directory>');
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const database = await openDatabase(config, logger);
  try {
    const restored = await restoreDatabase(database.connection, path.resolve(source));
    await forgetSearchIndexState(database.connection);
    const total = Object.values(restored).reduce((a, b) => a + b, 0);
    process.stdout.write(
      `Restored ${total} documents in ${Object.keys(restored).length} collections from ${source}\n`,
    );
  } finally {
    await database.close();
  }
}

run().catch((error: unknown) => {
  process.stderr.write(
    `Restore failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
