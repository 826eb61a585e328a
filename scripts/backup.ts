// npm run backup [-- DIR]: writes every collection as Extended JSON under DIR
// (default backups/<date-time>/). See server/database/backup.ts for the format.
import path from 'node:path';
import { loadConfig } from '../server/config';
import { backupDatabase } from '../server/database/backup';
import { openDatabase } from '../server/database/open-database';
import { createLogger } from '../server/logger';
import { projectPath } from '../server/paths';

async function run(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const dir = path.resolve(process.argv[2] ?? projectPath('backups', stamp));
  const database = await openDatabase(config, logger);
  try {
    const manifest = await backupDatabase(database.connection, dir);
    const total = Object.values(manifest.collections).reduce((a, b) => a + b, 0);
    process.stdout.write(
      `Backup written to ${dir}: ${total} documents in ${Object.keys(manifest.collections).length} collections\n`,
    );
  } finally {
    await database.close();
  }
}

run().catch((error: unknown) => {
  process.stderr.write(
    `Backup failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
