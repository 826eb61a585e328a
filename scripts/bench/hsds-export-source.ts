// Child process of bench-import: writes a directory of BENCH_SERVICES services into a new
// embedded database (BENCH_DATA_DIR) as bench:search's load phase does (search-server.ts: demo
// directory, categories, synthetic services with course sessions), brings it to the shape the
// app serves from (runMigrations, as every start does), exports it with the app's own HSDS
// tabular exporter (the coordinator's download and `npm run export:hsds`) into BENCH_ZIP,
// prints one JSON line (SourceSummary) and exits.
// Its own process so that neither the loading nor the export (which holds the whole directory
// as tables) is in the memory figures of the import that bench-import then measures.
import { createWriteStream, statSync } from 'node:fs';
import { connectDatabase } from '../../server/database/connect-database';
import { startEmbeddedDatabase } from '../../server/database/embedded-ferretdb';
import { runMigrations } from '../../server/database/migrations';
import type { TableName } from '../../server/features/hsds/hsds-export';
import { tablesOf, writeTabularZip } from '../../server/features/hsds/hsds-export';
import { createHsdsService } from '../../server/features/hsds/hsds-service';
import { profileTermId, SESSION_COST_OPTION } from '../../server/hsds/hsds-ids';
import { createLogger } from '../../server/logger';
import { createModels, syncIndexes } from '../../server/models';
import { createEmbeddedEngine } from '../../server/search/embedded-engine';
import { seedDirectory, syncCategoryTranslations } from '../../seed/seed-directory';
import { loadSyntheticDirectory } from './synthetic-directory';

export interface SourceSummary {
  /** What loadSyntheticDirectory wrote. */
  synthetic: { services: number; sessions: number };
  /** The source database before the export. */
  source: {
    services: number;
    publishedServices: number;
    sessions: number;
    /** Sessions stored without a status (lean inserts skip defaults); runMigrations publishes them. */
    sessionsWithoutStatus: number;
    publishedSessions: number;
  };
  exportMs: number;
  zipBytes: number;
  /** CSV data rows in all tables (headers not counted), and by table. */
  rows: number;
  tableRows: Record<string, number>;
  /** Records in the zip. */
  zip: {
    services: number;
    places: number;
    organisations: number;
    /** Schedules carrying the course-session profile attribute. */
    sessions: number;
    /** Cost options named course-session:KEY (one per exported session). */
    sessionCostOptions: number;
  };
  /** The categories, for the fresh database the import goes to (they come with every deployment). */
  categories: unknown[];
}

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (bench-import.ts sets it)`);
  return value;
}

async function run(): Promise<void> {
  const count = Number(env('BENCH_SERVICES'));
  const zipPath = env('BENCH_ZIP');
  const logger = createLogger('silent');
  const database = await startEmbeddedDatabase({ dataDir: env('BENCH_DATA_DIR') });
  try {
    const connection = await connectDatabase(database.uri, { dbName: 'bench', logger });
    const models = createModels(connection, { localLanguage: 'fr' });
    // As search-server.ts's load phase.
    await syncIndexes(models);
    await seedDirectory(models);
    await syncCategoryTranslations(models);
    const synthetic = await loadSyntheticDirectory(
      models,
      count - (await models.Service.countDocuments()),
    );
    const sessionsWithoutStatus = await models.CourseSession.countDocuments({
      status: { $exists: false },
    });
    // What the app does at every start on a directory someone else wrote (the serve phase of
    // bench:search too): among others, sessions stored without a status are published.
    await runMigrations(models, logger);

    // The export, as scripts/export-hsds.ts writes hsds-tabular.zip (its backfillUuids is
    // part of runMigrations above).
    const started = Date.now();
    const hsds = createHsdsService({ models, engine: createEmbeddedEngine(), localLanguage: 'fr' });
    const { bundles, ctx } = await hsds.directory('fr');
    const tables = tablesOf(bundles, ctx);
    await writeTabularZip(tables, createWriteStream(zipPath));
    const exportMs = Date.now() - started;

    const sessionTerm = profileTermId('course-session');
    const rowsOf = (name: TableName) => tables.get(name) ?? [];
    const summary: SourceSummary = {
      synthetic,
      source: {
        services: await models.Service.countDocuments(),
        publishedServices: await models.Service.countDocuments({ status: 'published' }),
        sessions: await models.CourseSession.countDocuments(),
        sessionsWithoutStatus,
        publishedSessions: await models.CourseSession.countDocuments({ status: 'published' }),
      },
      exportMs,
      zipBytes: statSync(zipPath).size,
      rows: [...tables.values()].reduce((sum, table) => sum + table.length, 0),
      tableRows: Object.fromEntries([...tables].map(([name, table]) => [name, table.length])),
      zip: {
        services: rowsOf('service').length,
        places: rowsOf('location').length,
        organisations: rowsOf('organization').length,
        sessions: rowsOf('attribute').filter(
          (a) => a.taxonomy_term_id === sessionTerm && a.link_entity === 'schedule',
        ).length,
        sessionCostOptions: rowsOf('cost_option').filter((c) =>
          String(c.option ?? '').startsWith(SESSION_COST_OPTION),
        ).length,
      },
      categories: await models.Category.find().lean(),
    };
    await connection.close();
    process.stdout.write(`${JSON.stringify(summary)}\n`);
  } finally {
    await database.stop();
  }
}

run().catch((error: unknown) => {
  process.stderr.write(
    `bench:import source failed: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
});
