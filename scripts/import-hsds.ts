// npm run import:hsds -- FILE [--apply]: imports an HSDS 3 file (JSON or tabular zip) into the
// configured database. A dry run by default: prints what would be created, updated, left
// unchanged and what conflicts, and every invalid row; --apply writes it (nothing at all when
// the file is invalid). Exit code 1 when the file is invalid, 2 on a usage or system error.
import path from 'node:path';
import { loadConfig } from '../server/config';
import { openDatabase } from '../server/database/open-database';
import { createHsdsImportService } from '../server/features/hsds-import/import-service';
import { reportText } from '../server/features/hsds-import/import-report-text';
import { createLogger } from '../server/logger';
import { createSearchEngine } from '../server/search/create-search-engine';
import { createIndexer } from '../server/search/indexer';

async function run(): Promise<number> {
  const args = process.argv.slice(2);
  const file = args.find((a) => !a.startsWith('--'));
  const unknown = args.filter((a) => a.startsWith('--') && a !== '--apply');
  if (!file || unknown.length) {
    process.stderr.write('Usage: npm run import:hsds -- FILE [--apply]\n');
    return 2;
  }
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const database = await openDatabase(config, logger);
  try {
    // Services changed by the import are queued for the search index (search/indexer.ts);
    // with the embedded engine the running app rebuilds its index at start, with Meilisearch
    // the queue is applied here.
    const engine = createSearchEngine(config);
    await engine.init();
    const indexer = createIndexer({ models: database.models, engine, logger });
    const hsdsImport = createHsdsImportService({
      models: database.models,
      indexer,
      localLanguage: config.localLanguage,
    });
    const source = path.basename(file);
    const report = args.includes('--apply')
      ? await hsdsImport.apply(path.resolve(file), source)
      : await hsdsImport.dryRun(path.resolve(file), source);
    indexer.stop();
    process.stdout.write(`${reportText(report)}\n`);
    return report.valid ? 0 : 1;
  } finally {
    await database.close();
  }
}

run()
  .then((code) => process.exit(code))
  .catch((error: unknown) => {
    process.stderr.write(
      `Import failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(2);
  });
