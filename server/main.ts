// Starts OneStop: config → database → (seed if empty) → services → app → listen; stops cleanly on
// SIGINT/SIGTERM (Ctrl-C leaves no FerretDB process behind).
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import { createApp } from './app';
import { ConfigError, loadConfig } from './config';
import { backfillUuids } from './database/backfill-uuids';
import { isDatabaseReachable } from './database/connect-database';
import { openDatabase } from './database/open-database';
import { sweepEverythingExpired } from './database/sweep-expired';
import { createI18n } from './i18n/create-i18n';
import { createLogger } from './logger';
import { projectPath } from './paths';
import { createIndexer } from './search/indexer';
import { createSearchEngine } from './search/create-search-engine';
import { forgetSearchIndexState, syncSearchIndex } from './search/index-sync';
import { SearchUnavailableError } from './search/search-engine';
import { createServices } from './services';
import { seedDemoAccounts } from '../seed/demo-accounts';
import { addDemoTranslations } from '../seed/demo/demo-translations';
import { seedDirectory, syncCategoryTranslations } from '../seed/seed-directory';
import { syncNeeds } from '../seed/seed-needs';
import { createHttpServer } from './web/http-server';
import { SESSION_COLLECTION, createSessionStore } from './web/sessions';

async function main(): Promise<void> {
  if (existsSync(projectPath('.env'))) process.loadEnvFile(projectPath('.env'));
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  const startedAt = Date.now();
  const i18n = createI18n(config);
  const database = await openDatabase(config, logger);

  if (config.seedOnEmpty && (await database.models.Service.estimatedDocumentCount()) === 0) {
    logger.info('empty database: loading the demo directory');
    const result = await seedDirectory(database.models);
    logger.info(result, 'demo directory loaded');
    // As after `npm run seed` or a restore: the search index is rebuilt below.
    await forgetSearchIndexState(database.connection);
  }

  // Category names and keywords of languages added to locales/ since the last start.
  await syncCategoryTranslations(database.models);
  // Demo translations (seed/demo/translations/) of languages a seeded directory still lacks.
  if (config.seedOnEmpty) {
    const added = await addDemoTranslations(database.models, {
      localLanguage: config.localLanguage,
    });
    if (added.problems.length)
      logger.warn({ problems: added.problems }, 'demo translations skipped');
    if (added.services + added.places > 0) {
      logger.info(added, 'demo translations added');
      await forgetSearchIndexState(database.connection);
    }
  }
  // Needs (and languages of needs) added to seed/needs/ since the last start.
  await syncNeeds(database.models);
  // Records stored before HSDS ids existed get their UUID, once (never changed afterwards).
  const uuids = await backfillUuids(database.models);
  if (uuids > 0) logger.info({ uuids }, 'HSDS ids given to older records');
  // Course sessions stored before moderation existed were public: keep them so.
  await database.models.CourseSession.updateMany(
    { status: { $exists: false } },
    { $set: { status: 'published' } },
  );
  if (config.env !== 'production') {
    const created = await seedDemoAccounts(database.models, { password: config.demoPassword });
    if (created > 0) logger.info({ created }, 'demo accounts created (see README)');
  }

  const engine = createSearchEngine(config);
  try {
    await engine.init();
  } catch (error) {
    // Meilisearch away at start-up: serve pages from the database fallback meanwhile; the
    // indexer's outbox catches up when it is back.
    if (!(error instanceof SearchUnavailableError)) throw error;
    logger.warn({ err: error }, 'search engine unavailable at start-up');
  }
  const indexer = createIndexer({ models: database.models, engine, logger });
  // Whatever the database holds is searchable once started: the embedded index is built; a
  // Meilisearch index that is empty, from another database or of an older shape is rebuilt (by
  // one instance), otherwise the outbox is applied. Meilisearch away: tried again until it is
  // back, while search pages answer from the database.
  const syncIndex = async (initFirst: boolean): Promise<void> => {
    const indexStart = Date.now();
    try {
      if (initFirst) await engine.init();
      const result = await syncSearchIndex({ models: database.models, engine, indexer, logger });
      logger.info({ ...result, ms: Date.now() - indexStart }, 'search index ready');
    } catch (error) {
      if (!(error instanceof SearchUnavailableError)) throw error;
      logger.warn({ err: error }, 'search engine unavailable; index check again in 5 s');
      setTimeout(() => {
        syncIndex(true).catch((e: unknown) =>
          logger.error({ err: e }, 'search index check failed'),
        );
      }, 5_000).unref();
    }
  };
  await syncIndex(false);
  const services = createServices({
    models: database.models,
    config,
    engine,
    indexer,
    i18n,
    logger,
  });
  let stopping = false;
  const app = createApp({
    config,
    logger,
    i18n,
    services,
    sessionStore: createSessionStore(database.connection),
    isDatabaseReachable: () => isDatabaseReachable(database.connection),
    isStopping: () => stopping,
  });
  // Deadlines for slow clients and translated answers to requests Node refuses itself.
  const server: Server = createHttpServer(app, { config, i18n });
  server.listen(config.port, () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    logger.info(
      { ms: Date.now() - startedAt, rssMiB: Math.round(process.memoryUsage().rss / 2 ** 20) },
      'ready',
    );
    process.stdout.write(`OneStop is running at http://localhost:${port}/\n`);
  });

  // Ended rate-limit windows, referral links past their 30 days, expired sessions.
  const stopSweeping = sweepEverythingExpired(
    {
      ...database,
      sessionCollection: SESSION_COLLECTION,
      usageRetentionDays: config.insight.retentionDays,
    },
    config.sweepIntervalMs,
    (failures) => {
      for (const error of failures) logger.warn({ err: error }, 'expiry sweep failed');
      logger.info({ failed: failures.length }, 'expired documents swept');
    },
  );

  // While stopping, every response asks the client to close its connection, so keep-alive
  // connections end after their current request instead of being cut.
  server.prependListener('request', (_req, res) => {
    if (stopping) res.setHeader('Connection', 'close');
  });
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    // Give in-flight requests time to finish, but never hang a deploy.
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    // A short grace period first: requests already sent on open connections are read and
    // answered (closing at once would reset connections whose request is not parsed yet).
    setTimeout(() => {
      server.close(() => {
        indexer.stop();
        stopSweeping();
        void services.pdf.close();
        // Usage counts still in memory are written before the database closes.
        services.insightRecorder
          .stop()
          .catch((error: unknown) => logger.warn({ err: error }, 'usage counts not written'))
          .then(() => database.close())
          .then(() => process.exit(0))
          .catch((error: unknown) => {
            logger.error({ err: error }, 'error while closing the database');
            process.exit(1);
          });
      });
    }, 300).unref();
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(
    `OneStop failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
