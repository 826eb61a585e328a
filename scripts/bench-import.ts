// npm run bench:import [-- --services N] [--zip-only PATH]: the HSDS import of a real tabular
// export. A child process (scripts/bench/hsds-export-source.ts) writes a directory of N
// services (default 10,000) as bench:search does (demo directory plus synthetic services with
// course sessions) and exports it with the app's own exporter (hsds-tabular.zip, as the
// coordinator's download); this process then imports that zip into a fresh embedded database
// (categories and needs vocabulary only): a dry run, the apply, then a second dry run that must
// find everything unchanged. For each phase it prints the time, CSV rows per second, the RSS at
// start and peak (sampled every 250 ms) and the RSS after every 1,000 services of each pass
// (check, write), so that memory staying flat is visible; also what the zip holds, what the
// apply created and the export's own time (set-up, not part of the import's).
// --zip-only PATH writes the export there and stops (to time `npm run import:hsds` on it).
// Prints figures; asserts nothing.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { connectDatabase } from '../server/database/connect-database';
import { startEmbeddedDatabase } from '../server/database/embedded-ferretdb';
import type { ImportReport } from '../server/features/hsds-import/import-service';
import { createHsdsImportService } from '../server/features/hsds-import/import-service';
import { reportText } from '../server/features/hsds-import/import-report-text';
import { createLogger } from '../server/logger';
import { createModels, syncIndexes } from '../server/models';
import { createEmbeddedEngine } from '../server/search/embedded-engine';
import { createIndexer } from '../server/search/indexer';
import { syncNeeds } from '../seed/seed-needs';
import { numberArg } from './bench/args';
import type { SourceSummary } from './bench/hsds-export-source';

const USAGE = `Usage: npm run bench:import [-- --services N] [--zip-only PATH]
  --services N       services in the exported directory (default 10000)
  --zip-only PATH    write the HSDS tabular export there and stop (no import)
  --help             this text
`;
const MB = 1024 * 1024;
const mb = (bytes: number) => `${(bytes / MB).toFixed(1)} MB`;
const out = (text: string) => process.stdout.write(`${text}\n`);

/**
 * Runs hsds-export-source.ts in a child process (through tsx, as this script runs) and resolves
 * with the summary it prints.
 */
function exportSource(env: { dataDir: string; services: number; zip: string }) {
  const child = spawn(
    process.execPath,
    [...process.execArgv, path.join(__dirname, 'bench', 'hsds-export-source.ts')],
    {
      env: {
        ...process.env,
        BENCH_DATA_DIR: env.dataDir,
        BENCH_SERVICES: String(env.services),
        BENCH_ZIP: env.zip,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise<SourceSummary>((resolve, reject) => {
    let summary: SourceSummary | undefined;
    createInterface({ input: child.stdout }).once('line', (text) => {
      summary = JSON.parse(text) as SourceSummary;
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code === 0 && summary) resolve(summary);
      else reject(new Error(`the export's process exited (${String(code)})`));
    });
  });
}

/** What the export wrote; `zip` (its path) when it is kept. */
function printSource(s: SourceSummary, zip?: string): void {
  out(
    `Source: ${String(s.source.services)} services (${String(s.source.publishedServices)} published; ` +
      `${String(s.synthetic.services)} synthetic), ${String(s.source.sessions)} course sessions ` +
      `(${String(s.source.publishedSessions)} published; ${String(s.source.sessionsWithoutStatus)} ` +
      `were stored without a status and published by the start-up migration)`,
  );
  out(
    `Export (set-up, not timed with the import): ${(s.exportMs / 1000).toFixed(1)} s, ` +
      `${mb(s.zipBytes)} zip, ${String(s.rows)} CSV rows${zip ? `: ${zip}` : ''}`,
  );
  out(
    `The zip holds: ${String(s.zip.services)} services, ${String(s.zip.places)} places, ` +
      `${String(s.zip.organisations)} organisations, ${String(s.zip.sessions)} course sessions ` +
      `(${String(s.zip.sessionCostOptions)} course-session cost options)`,
  );
  out(
    `CSV rows by table: ${Object.entries(s.tableRows)
      .map(([name, rows]) => `${name} ${String(rows)}`)
      .join(', ')}`,
  );
}

async function run(): Promise<void> {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    process.stdout.write(USAGE);
    return;
  }
  const count = numberArg('services', 10_000);
  if (!Number.isInteger(count) || count < 1) {
    process.stderr.write(USAGE);
    process.exitCode = 2;
    return;
  }
  const zipOnlyAt = process.argv.indexOf('--zip-only');
  const dir = mkdtempSync(path.join(tmpdir(), 'onestop-bench-import-'));
  try {
    if (zipOnlyAt > 0) {
      const zip = path.resolve(process.argv[zipOnlyAt + 1] ?? 'bench.zip');
      printSource(
        await exportSource({ dataDir: path.join(dir, 'source'), services: count, zip }),
        zip,
      );
      return;
    }
    const zip = path.join(dir, 'hsds-tabular.zip');
    const source = await exportSource({ dataDir: path.join(dir, 'source'), services: count, zip });
    printSource(source);
    await importBench(path.join(dir, 'target'), zip, source);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The import of `zip` into a fresh database in `dataDir`, phase by phase. */
async function importBench(dataDir: string, zip: string, source: SourceSummary): Promise<void> {
  const logger = createLogger('warn');
  const services = source.zip.services;
  const rows = source.rows;
  let peak = 0;
  const sample = () => {
    peak = Math.max(peak, process.memoryUsage().rss);
  };
  const sampler = setInterval(sample, 250);
  const database = await startEmbeddedDatabase({ dataDir });
  try {
    // (Errors only: closing it at the end would log a warning that reads like a failure.)
    const connection = await connectDatabase(database.uri, {
      dbName: 'bench',
      logger: createLogger('error'),
    });
    const models = createModels(connection, { localLanguage: 'fr' });
    await syncIndexes(models);
    // A new deployment: categories and the needs vocabulary, nothing else (as the round trip
    // test's target, test/hsds-import/round-trip.test.ts).
    await models.Category.insertMany(source.categories);
    await syncNeeds(models);
    const engine = createEmbeddedEngine();
    await engine.init();
    const indexer = createIndexer({ models, engine, logger });
    // RSS after every 1,000 services of each pass (and at each pass's end).
    let samples: string[] = [];
    let lastSample = 0;
    const hsdsImport = createHsdsImportService({
      models,
      indexer,
      localLanguage: 'fr',
      onProgress: ({ pass, kind, done }) => {
        if (kind !== 'service' || (done < lastSample + 1000 && done < services)) return;
        lastSample = done >= services ? 0 : done - (done % 1000);
        const { rss, heapUsed } = process.memoryUsage();
        samples.push(
          `${pass} ${String(done)}: ${(rss / MB).toFixed(0)}/${(heapUsed / MB).toFixed(0)}`,
        );
      },
    });

    const phase = async (name: string, work: () => Promise<ImportReport>) => {
      sample();
      const base = process.memoryUsage().rss;
      peak = base;
      samples = [];
      lastSample = 0;
      const started = Date.now();
      const report = await work();
      sample();
      const seconds = (Date.now() - started) / 1000;
      out(
        `\n${name}: ${seconds.toFixed(1)} s, ${String(Math.round(rows / seconds))} rows/s, ` +
          `RSS at start ${mb(base)}, peak ${mb(peak)}\n` +
          `RSS/heap used (MB) after services: ${samples.join(', ')}\n${reportText(report)}`,
      );
      return { seconds, report };
    };
    const dry = await phase('Dry run', () => hsdsImport.dryRun(zip, 'hsds-tabular.zip'));
    const apply = await phase('Apply', () => hsdsImport.apply(zip, 'hsds-tabular.zip'));
    const total = dry.seconds + apply.seconds;
    out(
      `\nDry run + apply: ${total.toFixed(1)} s, ${String(Math.round(rows / total))} rows/s (target: 120 s)`,
    );
    const created = apply.report.counts;
    out(
      `Apply created: ${String(created.service.create)} services, ${String(created.location.create)} places, ` +
        `${String(created.organization.create)} organisations, ${String(created.session.create)} course sessions, ` +
        `${String(created.taxonomy_term.create)} needs`,
    );
    out(
      `Target database after apply: ${String(await models.Service.countDocuments())} services, ` +
        `${String(await models.Location.countDocuments())} places, ` +
        `${String(await models.Organisation.countDocuments())} organisations, ` +
        `${String(await models.CourseSession.countDocuments())} course sessions`,
    );
    const again = await phase('Second dry run (must be all unchanged)', () =>
      hsdsImport.dryRun(zip, 'hsds-tabular.zip'),
    );
    const changed = Object.entries(again.report.counts).filter(
      ([, c]) => c.create + c.update + c.conflict > 0,
    );
    out(
      again.report.valid && changed.length === 0
        ? '\nSecond dry run: everything unchanged.'
        : `\nSecond dry run: NOT all unchanged (${changed.map(([kind]) => kind).join(', ') || 'invalid file'}).`,
    );
    indexer.stop();
    await connection.close();
  } finally {
    clearInterval(sampler);
    await database.stop();
  }
}

run().catch((error: unknown) => {
  process.stderr.write(
    `bench:import failed: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
});
