// npm run bench:import [-- --services N] [--zip-only PATH]: generates an HSDS tabular zip of N
// services (default 10,000; with organisations, places, addresses, languages, phones, schedules,
// category and need attributes), imports it into a fresh embedded database (dry run, apply, then
// a second dry run that must find everything unchanged) and prints for each phase its time, CSV
// rows per second, the process's RSS at start and peak (sampled every 250 ms) and the RSS after
// every 1,000 services of each pass (check, write), so that memory staying flat is visible.
// --zip-only PATH writes the zip there and stops (to time `npm run import:hsds` on it).
// Prints figures; asserts nothing.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { connectDatabase } from '../server/database/connect-database';
import { startEmbeddedDatabase } from '../server/database/embedded-ferretdb';
import { categoryTermId, TAXONOMIES } from '../server/hsds/hsds-ids';
import { createHsdsImportService } from '../server/features/hsds-import/import-service';
import { reportText } from '../server/features/hsds-import/import-report-text';
import { createLogger } from '../server/logger';
import { createModels, syncIndexes } from '../server/models';
import { CATEGORY_SLUGS } from '../server/models/vocabulary';
import { createEmbeddedEngine } from '../server/search/embedded-engine';
import { createIndexer } from '../server/search/indexer';
import { zipFiles } from '../test/hsds-import/zip-files';

const MB = 1024 * 1024;
const arg = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};

const csvCell = (value: string | number) => {
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};
const csv = (header: string[], rows: (string | number)[][]) =>
  [header.join(','), ...rows.map((r) => r.map(csvCell).join(','))].join('\n') + '\n';

/** Data rows of the CSV tables (lines but the header). */
const rowsOf = (files: Record<string, string>) =>
  Object.entries(files)
    .filter(([name]) => name.endsWith('.csv'))
    .reduce((sum, [, text]) => sum + text.split('\n').filter(Boolean).length - 1, 0);

function generate(services: number): Record<string, string> {
  const orgs = Array.from({ length: Math.max(1, Math.round(services / 10)) }, randomUUID);
  const places = Array.from({ length: Math.max(1, Math.round(services / 5)) }, (_, i) => ({
    id: randomUUID(),
    org: orgs[i % orgs.length]!,
  }));
  const needs = Array.from({ length: 52 }, (_, i) => ({
    id: randomUUID(),
    code: `bench-need-${i}`,
    category: CATEGORY_SLUGS[i % CATEGORY_SLUGS.length]!,
  }));
  const words =
    'cours français accueil logement santé emploi conseil droit famille enfants soir matin gratuit quartier aide'.split(
      ' ',
    );
  const sentence = (i: number, n: number) =>
    Array.from({ length: n }, (_, k) => words[(i * 7 + k * 3) % words.length]).join(' ');
  const svc = Array.from({ length: services }, (_, i) => ({
    id: randomUUID(),
    org: orgs[i % orgs.length]!,
    place: places[i % places.length]!.id,
    need: needs[i % needs.length]!,
  }));
  return {
    'datapackage.json': JSON.stringify({
      name: 'bench',
      profile: 'tabular-data-package',
      resources: [],
    }),
    'organizations.csv': csv(
      ['id', 'name', 'description', 'email', 'website'],
      orgs.map((id, i) => [
        id,
        `Organisation ${i}`,
        sentence(i, 20),
        `org${i}@bench.example`,
        `https://org${i}.bench.example`,
      ]),
    ),
    'locations.csv': csv(
      ['id', 'location_type', 'organization_id', 'name', 'transportation', 'latitude', 'longitude'],
      places.map((p, i) => [
        p.id,
        'physical',
        p.org,
        `Lieu ${i}`,
        `Bus ${i % 30}`,
        46.5 + (i % 100) / 1000,
        6.6 + (i % 100) / 1000,
      ]),
    ),
    'addresses.csv': csv(
      [
        'id',
        'location_id',
        'address_1',
        'city',
        'state_province',
        'postal_code',
        'country',
        'address_type',
      ],
      places.map((p, i) => [
        randomUUID(),
        p.id,
        `Rue ${i}`,
        'Lausanne',
        'VD',
        String(1000 + (i % 20)),
        'CH',
        'physical',
      ]),
    ),
    'services.csv': csv(
      [
        'id',
        'organization_id',
        'name',
        'description',
        'status',
        'application_process',
        'minimum_age',
        'assured_date',
      ],
      svc.map((s, i) => [
        s.id,
        s.org,
        `Service ${i} ${sentence(i, 3)}`,
        `${sentence(i, 40)}.`,
        'active',
        sentence(i + 1, 8),
        i % 3 ? '' : 16,
        '2026-10-01',
      ]),
    ),
    'service_at_location.csv': csv(
      ['id', 'service_id', 'location_id'],
      svc.map((s) => [randomUUID(), s.id, s.place]),
    ),
    'languages.csv': csv(
      ['id', 'service_id', 'name', 'code'],
      svc.map((s, i) => [randomUUID(), s.id, '', ['fr', 'en', 'ar', 'uk'][i % 4]!]),
    ),
    'phones.csv': csv(
      ['id', 'service_id', 'number'],
      svc.map((s, i) => [
        randomUUID(),
        s.id,
        `+41 21 ${String(100 + (i % 900))} ${String(10 + (i % 90))} ${String(10 + (i % 80))}`,
      ]),
    ),
    'schedules.csv': csv(
      ['id', 'service_id', 'freq', 'byday', 'opens_at', 'closes_at'],
      svc.map((s, i) => [
        randomUUID(),
        s.id,
        'WEEKLY',
        ['MO', 'TU,TH', 'WE', 'FR,SA'][i % 4]!,
        '09:00',
        '12:00',
      ]),
    ),
    'taxonomies.csv': csv(
      ['id', 'name', 'description'],
      [
        [TAXONOMIES.categories.id, TAXONOMIES.categories.name, 'categories'],
        [TAXONOMIES.needs.id, TAXONOMIES.needs.name, 'needs'],
      ],
    ),
    'taxonomy_terms.csv': csv(
      ['id', 'code', 'name', 'description', 'parent_id', 'taxonomy_id'],
      [
        ...CATEGORY_SLUGS.map((slug) => [
          categoryTermId(slug),
          slug,
          slug,
          slug,
          '',
          TAXONOMIES.categories.id,
        ]),
        ...needs.map((n) => [
          n.id,
          n.code,
          `Besoin ${n.code}`,
          n.code,
          categoryTermId(n.category),
          TAXONOMIES.needs.id,
        ]),
      ],
    ),
    'attributes.csv': csv(
      ['id', 'link_id', 'taxonomy_term_id', 'link_type', 'link_entity'],
      svc.flatMap((s) => [
        [randomUUID(), s.id, categoryTermId(s.need.category), 'taxonomy_term', 'service'],
        [randomUUID(), s.id, s.need.id, 'taxonomy_term', 'service'],
      ]),
    ),
  };
}

async function run(): Promise<void> {
  const count = arg('services', 10_000);
  const zipOnly = process.argv.indexOf('--zip-only');
  if (zipOnly > 0) {
    const file = await zipFiles(
      path.resolve(process.argv[zipOnly + 1] ?? 'bench.zip'),
      generate(count),
    );
    process.stdout.write(`${file}\n`);
    return;
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'onestop-bench-import-'));
  const logger = createLogger('warn');
  let peak = 0;
  const sample = () => {
    peak = Math.max(peak, process.memoryUsage().rss);
  };
  const sampler = setInterval(sample, 250);
  const database = await startEmbeddedDatabase({ dataDir: path.join(dir, 'db') });
  try {
    const connection = await connectDatabase(database.uri, { dbName: 'bench', logger });
    const models = createModels(connection, { localLanguage: 'fr' });
    await syncIndexes(models);
    const engine = createEmbeddedEngine();
    await engine.init();
    const indexer = createIndexer({ models, engine, logger });
    // RSS after every 1,000 services of each pass (and at each pass's end).
    let samples: string[] = [];
    let lastSample = 0;
    const mb = (bytes: number) => `${(bytes / MB).toFixed(1)} MB`;
    const hsdsImport = createHsdsImportService({
      models,
      indexer,
      localLanguage: 'fr',
      onProgress: ({ pass, kind, done }) => {
        if (kind !== 'service' || (done < lastSample + 1000 && done < count)) return;
        lastSample = done >= count ? 0 : done - (done % 1000);
        const { rss, heapUsed } = process.memoryUsage();
        samples.push(`${pass} ${done}: ${(rss / MB).toFixed(0)}/${(heapUsed / MB).toFixed(0)}`);
      },
    });

    let started = Date.now();
    const files = generate(count);
    const rows = rowsOf(files);
    const zip = await zipFiles(path.join(dir, 'bench.zip'), files);
    process.stdout.write(
      `Generated ${count} services (${rows} CSV rows): ${mb(statSync(zip).size)} zip in ${Date.now() - started} ms\n`,
    );
    // Generation held the tables as text; the import phases are measured from here.
    global.gc?.();
    const phase = async (
      name: string,
      work: () => Promise<Awaited<ReturnType<typeof hsdsImport.dryRun>>>,
    ) => {
      sample();
      const base = process.memoryUsage().rss;
      peak = base;
      samples = [];
      lastSample = 0;
      started = Date.now();
      const report = await work();
      sample();
      const seconds = (Date.now() - started) / 1000;
      process.stdout.write(
        `\n${name}: ${seconds.toFixed(1)} s, ${Math.round(rows / seconds)} rows/s, ` +
          `RSS at start ${mb(base)}, peak ${mb(peak)}\n` +
          `RSS/heap used (MB) after services: ${samples.join(', ')}\n${reportText(report)}\n`,
      );
      return seconds;
    };
    const total =
      (await phase('Dry run', () => hsdsImport.dryRun(zip, 'bench.zip'))) +
      (await phase('Apply', () => hsdsImport.apply(zip, 'bench.zip')));
    process.stdout.write(
      `\nDry run + apply: ${total.toFixed(1)} s, ${Math.round(rows / total)} rows/s (target: 120 s)\n`,
    );
    await phase('Second dry run (must be all unchanged)', () =>
      hsdsImport.dryRun(zip, 'bench.zip'),
    );
    indexer.stop();
    await connection.close();
  } finally {
    clearInterval(sampler);
    await database.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

run().catch((error: unknown) => {
  process.stderr.write(
    `bench:import failed: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
});
