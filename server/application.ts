// One wiring for main.ts, the tests (test/support/test-app.ts) and the benchmarks: given an open
// database, prepares it (migrations, and start-up content when asked), builds the search engine
// the configuration names, the indexer, the services and the Express app. Opens no port: the
// caller listens (main.ts) or drives the app with Supertest.
import type { Express } from 'express';
import type { Connection } from 'mongoose';
import { createApp } from './app';
import type { Config } from './config';
import { isDatabaseReachable } from './database/connect-database';
import { prepareDatabase } from './database/migrations';
import { sweepEverythingExpired } from './database/sweep-expired';
import type { I18n } from './i18n/create-i18n';
import { createI18n } from './i18n/create-i18n';
import type { Logger } from './logger';
import type { Models } from './models';
import { createSearchEngine } from './search/create-search-engine';
import { syncSearchIndex } from './search/index-sync';
import type { Indexer } from './search/indexer';
import { createIndexer } from './search/indexer';
import type { SearchEngine } from './search/search-engine';
import { SearchUnavailableError } from './search/search-engine';
import type { Services } from './services';
import { createServices } from './services';
import { SESSION_COLLECTION, createSessionStore } from './web/sessions';

export interface ApplicationOptions {
  config: Config;
  logger: Logger;
  /** Open, with its models' indexes in place (openDatabase or createModels + syncIndexes). */
  database: { connection: Connection; models: Models };
  /** Defaults to the engine the configuration names (search/create-search-engine.ts). */
  engine?: SearchEngine;
  /** Demo directory when empty, demo translations, needs, demo accounts (main.ts: true). */
  startupContent?: boolean;
  /**
   * How the index is made to match the database:
   * - 'sync' (main.ts): an engine away at start-up is waited for in the background while pages
   *   answer from the database; a Meilisearch index already current is kept;
   * - 'rebuild' (tests, benchmarks): everything is indexed again now, and failures are thrown.
   */
  searchIndex?: 'sync' | 'rebuild';
  /** Outbox retry delay of the indexer (tests shorten it). */
  indexerRetryMs?: number;
  /** Limit of the readiness probe's database ping. */
  readinessTimeoutMs?: number;
  /** True once a stop signal arrived; /readyz then answers 503. */
  isStopping?: () => boolean;
  /** Clock for services and pages; tests may fix it. */
  now?: () => Date;
}

export interface Application {
  app: Express;
  config: Config;
  i18n: I18n;
  models: Models;
  connection: Connection;
  engine: SearchEngine;
  indexer: Indexer;
  services: Services;
  /** The index built at start ('rebuild', or a 'sync' that rebuilt): documents and time taken. */
  indexed: { documents: number; ms: number } | undefined;
  /** Starts the periodic sweep of expired documents (main.ts); stop() ends it. */
  startBackgroundJobs(): void;
  /**
   * Stops the indexer and the sweep, closes the PDF browser and writes the usage counts still in
   * memory. The database stays open: its owner closes it afterwards.
   */
  stop(): Promise<void>;
}

export async function buildApplication(options: ApplicationOptions): Promise<Application> {
  const { config, logger, database } = options;
  const { connection, models } = database;
  await prepareDatabase(database, {
    config,
    logger,
    startupContent: options.startupContent ?? true,
  });

  const engine = options.engine ?? createSearchEngine(config);
  const indexer = createIndexer({ models, engine, logger, retryMs: options.indexerRetryMs });
  const indexed =
    options.searchIndex === 'rebuild'
      ? await rebuildIndex(engine, indexer)
      : await syncIndexInBackground({ models, engine, indexer, logger });

  const i18n = createI18n(config);
  const services = createServices({
    models,
    config,
    engine,
    indexer,
    i18n,
    logger,
    now: options.now,
  });
  const app = createApp({
    config,
    logger,
    i18n,
    services,
    sessionStore: createSessionStore(connection),
    isDatabaseReachable: () => isDatabaseReachable(connection, options.readinessTimeoutMs),
    isStopping: options.isStopping,
    now: options.now,
  });

  let stopSweeping: (() => void) | undefined;
  return {
    app,
    config,
    i18n,
    models,
    connection,
    engine,
    indexer,
    services,
    indexed,
    startBackgroundJobs() {
      if (stopSweeping) return;
      // Ended rate-limit windows, referral links past their 30 days, expired sessions.
      stopSweeping = sweepEverythingExpired(
        {
          connection,
          models,
          sessionCollection: SESSION_COLLECTION,
          usageRetentionDays: config.insight.retentionDays,
        },
        config.sweepIntervalMs,
        (failures) => {
          for (const error of failures) logger.warn({ err: error }, 'expiry sweep failed');
          logger.info({ failed: failures.length }, 'expired documents swept');
        },
      );
    },
    async stop() {
      indexer.stop();
      stopSweeping?.();
      const pdfClosed = services.pdf.close();
      try {
        await services.insightRecorder.stop();
      } finally {
        await pdfClosed;
      }
    },
  };
}

type IndexBuilt = Application['indexed'];

async function rebuildIndex(engine: SearchEngine, indexer: Indexer): Promise<IndexBuilt> {
  await engine.init();
  const start = performance.now();
  const documents = await indexer.reindexAll();
  return { documents, ms: performance.now() - start };
}

/**
 * Whatever the database holds is searchable once started: the embedded index is built; a
 * Meilisearch index that is empty, from another database or of an older shape is rebuilt (by one
 * instance), otherwise the outbox is applied. Meilisearch away: tried again every 5 s until it is
 * back, while search pages answer from the database.
 */
async function syncIndexInBackground(deps: {
  models: Models;
  engine: SearchEngine;
  indexer: Indexer;
  logger: Logger;
}): Promise<IndexBuilt> {
  const { engine, logger } = deps;
  const attempt = async (): Promise<IndexBuilt> => {
    const indexStart = Date.now();
    try {
      await engine.init();
      const result = await syncSearchIndex(deps);
      const ms = Date.now() - indexStart;
      logger.info({ ...result, ms }, 'search index ready');
      return result.count === undefined ? undefined : { documents: result.count, ms };
    } catch (error) {
      if (!(error instanceof SearchUnavailableError)) throw error;
      logger.warn({ err: error }, 'search engine unavailable; index check again in 5 s');
      setTimeout(() => {
        attempt().catch((e: unknown) => logger.error({ err: e }, 'search index check failed'));
      }, 5_000).unref();
      return undefined;
    }
  };
  return attempt();
}
