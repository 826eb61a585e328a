// npm run export:hsds -- DIR: writes the published directory as Open Referral HSDS 3.0 into DIR
// (default exports/hsds-<date-time>/): hsds-services.ndjson (one fully nested service per line)
// and hsds-tabular.zip (one CSV per table and datapackage.json), texts in the local language.
// The same files as the coordinator's downloads (server/features/hsds/hsds-export.ts).
import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../server/config';
import { backfillUuids } from '../server/database/backfill-uuids';
import { openDatabase } from '../server/database/open-database';
import { ndjsonLines, tablesOf, writeTabularZip } from '../server/features/hsds/hsds-export';
import { createHsdsService } from '../server/features/hsds/hsds-service';
import { createLogger } from '../server/logger';
import { projectPath } from '../server/paths';
import { createSearchEngine } from '../server/search/create-search-engine';

async function run(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const dir = path.resolve(process.argv[2] ?? projectPath('exports', `hsds-${stamp}`));
  mkdirSync(dir, { recursive: true });
  const database = await openDatabase(config, logger);
  try {
    // A database the app never started with HSDS ids gets them first (as at start-up).
    await backfillUuids(database.models);
    const hsds = createHsdsService({
      models: database.models,
      // Only the API's `search` filter asks the engine; an export never does.
      engine: createSearchEngine(config),
      localLanguage: config.localLanguage,
    });
    const { bundles, ctx } = await hsds.directory(config.localLanguage);
    const ndjson = createWriteStream(path.join(dir, 'hsds-services.ndjson'));
    for (const line of ndjsonLines(bundles, ctx)) ndjson.write(line);
    await new Promise<void>((resolve, reject) => {
      ndjson.on('error', reject);
      ndjson.end(resolve);
    });
    const tables = tablesOf(bundles, ctx);
    await writeTabularZip(tables, createWriteStream(path.join(dir, 'hsds-tabular.zip')));
    const rows = [...tables.values()].reduce((sum, table) => sum + table.length, 0);
    process.stdout.write(
      `HSDS export written to ${dir}: ${bundles.length} services, ${rows} rows in ${tables.size} tables\n`,
    );
  } finally {
    await database.close();
  }
}

run().catch((error: unknown) => {
  process.stderr.write(
    `HSDS export failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
