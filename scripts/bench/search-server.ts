// Child processes of bench-search, one after the other on the same embedded database folder
// (BENCH_DATA_DIR):
// - BENCH_PHASE=load writes the demo directory and the synthetic services, prints one JSON line
//   and exits;
// - otherwise: the real app, started on that database as `npm start` starts on an existing
//   directory, with the chosen search engine (BENCH_ENGINE: embedded, or meilisearch on
//   MEILI_URL or on a Meilisearch started from MEILI_BIN for the run), plus a bare Express route
//   to compare with. Prints one JSON line with its ports and set-up figures, then serves until
//   its parent ends.
// Loading in a process of its own keeps the garbage of creating 10,000 services out of the app's
// memory figures: a real instance starts on a directory someone else wrote.
import type { AddressInfo } from 'node:net';
import express from 'express';
import { buildApplication } from '../../server/application';
import { loadConfig } from '../../server/config';
import { connectDatabase } from '../../server/database/connect-database';
import { startEmbeddedDatabase } from '../../server/database/embedded-ferretdb';
import { createLogger } from '../../server/logger';
import { createModels, syncIndexes } from '../../server/models';
import { createEmbeddedEngine } from '../../server/search/embedded-engine';
import { createMeilisearchEngine } from '../../server/search/meilisearch-engine';
import type { MeilisearchServer } from '../meilisearch-server';
import { startMeilisearch } from '../meilisearch-server';
import { seedDirectory, syncCategoryTranslations } from '../../seed/seed-directory';
import { loadSyntheticDirectory } from './synthetic-directory';

function dataDir(): string {
  const dir = process.env.BENCH_DATA_DIR;
  if (!dir) throw new Error('BENCH_DATA_DIR is not set (bench-search.ts sets it)');
  return dir;
}

/** The directory the app will start on: demo records, categories, synthetic services. */
async function load() {
  const count = Number(process.env.BENCH_SERVICES ?? 10_000);
  const logger = createLogger('silent');
  const database = await startEmbeddedDatabase({ dataDir: dataDir() });
  const connection = await connectDatabase(database.uri, { dbName: 'bench', logger });
  const models = createModels(connection, { localLanguage: 'fr' });
  await syncIndexes(models);
  await seedDirectory(models); // categories (with keywords in every language) and demo records
  await syncCategoryTranslations(models);
  const synthetic = await loadSyntheticDirectory(
    models,
    count - (await models.Service.countDocuments()),
  );
  await connection.close();
  await database.stop();
  process.stdout.write(`${JSON.stringify({ synthetic })}\n`);
}

async function serve() {
  let meili: { url: string; key?: string; server?: MeilisearchServer } | undefined;
  if (process.env.BENCH_ENGINE === 'meilisearch') {
    if (process.env.MEILI_URL) meili = { url: process.env.MEILI_URL, key: process.env.MEILI_KEY };
    else {
      const server = await startMeilisearch();
      meili = { url: server.url, key: server.masterKey, server };
    }
  }
  const config = loadConfig({
    NODE_ENV: 'production',
    SESSION_SECRET: 'b'.repeat(40),
    LOG_LEVEL: 'silent',
    LANGUAGES: 'fr,en,ar',
    // The app as production runs it with Meilisearch (page cache kept 5 s, not an hour).
    ...(meili ? { MEILI_URL: meili.url, ...(meili.key ? { MEILI_KEY: meili.key } : {}) } : {}),
  });
  const logger = createLogger('silent');
  const database = await startEmbeddedDatabase({ dataDir: dataDir() });
  const connection = await connectDatabase(database.uri, { dbName: 'bench', logger });
  const models = createModels(connection, { localLanguage: 'fr' });

  // A Meilisearch index of its own for the run (the configuration's would be shared).
  const engine = meili
    ? createMeilisearchEngine({
        url: meili.url,
        key: meili.key,
        indexName: `bench_${process.pid}_${Date.now()}`,
      })
    : createEmbeddedEngine();
  // The app as main.ts wires it; the index rebuilt now from the loaded directory, and timed.
  const application = await buildApplication({
    config,
    logger,
    database: { connection, models },
    engine,
    startupContent: false,
    searchIndex: 'rebuild',
  });
  const { indexer } = application;
  const indexed = application.indexed!.documents;
  const reindexMs = application.indexed!.ms;
  const inner = application.app;
  // Bench-only routes in front of the app (its 404 handler would answer them otherwise).
  const app = express();
  // An edit, timed from the save to the moment search returns it.
  const edited = await models.Service.findOne({ category: 'housing' }, { _id: 1 }).lean();
  app.post('/bench/edit', async (_req, res) => {
    const started = performance.now();
    const service = await models.Service.findById(edited!._id);
    const word = `Bench${Date.now()}`;
    service!.name!.set('fr', `${word} logement`);
    await service!.save();
    await indexer.serviceChanged(service!._id);
    const result = await engine.search({
      q: word,
      filters: {},
      sort: 'relevance',
      page: 1,
      pageSize: 5,
      now: Date.now(),
    });
    res.json({
      ms: performance.now() - started,
      found: result.hits.some((h) => h.document.slug === service!.slug),
    });
  });
  // First-time searches, timed inside the process (a distinct "now" defeats the result cache).
  app.get('/bench/engine', async (req, res) => {
    const words = String(req.query.words ?? '').split(',');
    const timings: Record<string, number> = {};
    for (const q of words) {
      const started = performance.now();
      await engine.search({
        q,
        filters: { free: true },
        sort: 'relevance',
        page: 1,
        pageSize: 20,
        now: Date.now() + Math.random(),
      });
      timings[q] = performance.now() - started;
    }
    res.json(timings);
  });
  app.get('/bench/rss', (req, res) => {
    // ?gc=1 (the bench asks last): what is still referenced, not garbage V8 has yet to collect.
    const gc = (globalThis as { gc?: () => void }).gc;
    if (req.query.gc === '1' && gc) gc();
    const memory = process.memoryUsage();
    const mib = (bytes: number) => Math.round(bytes / 2 ** 20);
    res.json({
      rssMiB: memory.rss / 2 ** 20,
      heapUsedMiB: mib(memory.heapUsed),
      heapTotalMiB: mib(memory.heapTotal),
      externalMiB: mib(memory.external),
    });
  });
  app.use(inner);
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));

  const bare = express();
  bare.get('/bare', (_req, res) => {
    res.send('ok');
  });
  const bareServer = bare.listen(0, '127.0.0.1');
  await new Promise((resolve) => bareServer.once('listening', resolve));

  process.stdout.write(
    `${JSON.stringify({
      port: (server.address() as AddressInfo).port,
      barePort: (bareServer.address() as AddressInfo).port,
      services: indexed,
      reindexMs,
      rssMiB: process.memoryUsage().rss / 2 ** 20,
    })}\n`,
  );
  process.stdin.on('end', () => {
    void (meili?.server?.destroy() ?? Promise.resolve()).finally(() => process.exit(0));
  });
  process.stdin.resume();
}

(process.env.BENCH_PHASE === 'load' ? load() : serve()).catch((error: unknown) => {
  process.stderr.write(`bench server failed: ${String(error)}\n`);
  process.exit(1);
});
