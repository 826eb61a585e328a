// Builds the real app for a test file: real config parsing, real i18n, Mongoose on the embedded
// FerretDB started by the global setup, in a database of its own that is dropped afterwards.
import { randomBytes } from 'node:crypto';
import type { Express } from 'express';
import type { Connection } from 'mongoose';
import { createApp } from '../../server/app';
import type { Config } from '../../server/config';
import { loadConfig } from '../../server/config';
import { connectDatabase, isDatabaseReachable } from '../../server/database/connect-database';
import { createI18n } from '../../server/i18n/create-i18n';
import { createLogger } from '../../server/logger';
import type { Models } from '../../server/models';
import { createModels, syncIndexes } from '../../server/models';
import { createEmbeddedEngine } from '../../server/search/embedded-engine';
import type { Indexer } from '../../server/search/indexer';
import { createIndexer } from '../../server/search/indexer';
import type { SearchEngine } from '../../server/search/search-engine';
import type { Services } from '../../server/services';
import { createServices } from '../../server/services';
import { seedDemoAccounts } from '../../seed/demo-accounts';
import { seedDirectory } from '../../seed/seed-directory';
import { createSessionStore } from '../../server/web/sessions';

export const TEST_ENV = {
  NODE_ENV: 'test',
  LOG_LEVEL: 'silent',
  LOCAL_LANGUAGE: 'fr',
  LANGUAGES: 'fr,en,ar',
  // Test files fire hundreds of API requests from one address; rate-limit tests lower these.
  SEARCH_API_RATE_LIMIT: '1000000',
  LOGIN_RATE_LIMIT: '10000',
  LOGIN_ADDRESS_RATE_LIMIT: '1000000',
};

export interface TestApp {
  app: Express;
  config: Config;
  models: Models;
  connection: Connection;
  indexer: Indexer;
  services: Services;
  dbName: string;
  close(): Promise<void>;
}

export function testDatabaseUri(): string {
  const uri = process.env.TEST_MONGODB_URI;
  if (!uri)
    throw new Error('TEST_MONGODB_URI is not set: run the tests through jest (global setup)');
  return uri;
}

export async function createTestApp(
  options: {
    env?: Record<string, string>;
    seed?: boolean;
    now?: () => Date;
    uri?: string;
    /** Share another test app's database (its owner drops it). */
    dbName?: string;
    /** Defaults to a fresh embedded engine built from the database. */
    engine?: SearchEngine;
  } = {},
): Promise<TestApp> {
  const config = loadConfig({ ...TEST_ENV, ...options.env });
  const logger = createLogger(config.logLevel);
  const dbName = options.dbName ?? `test_${randomBytes(6).toString('hex')}`;
  const connection = await connectDatabase(options.uri ?? testDatabaseUri(), { dbName, logger });
  const models = createModels(connection, { localLanguage: config.localLanguage });
  await syncIndexes(models);
  if (options.seed) {
    await seedDirectory(models);
    await seedDemoAccounts(models, { password: config.demoPassword });
  }
  const engine = options.engine ?? createEmbeddedEngine();
  await engine.init();
  const indexer = createIndexer({ models, engine, logger, retryMs: 200 });
  await indexer.reindexAll();
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
    isDatabaseReachable: () => isDatabaseReachable(connection, 1_000),
    now: options.now,
  });
  return {
    app,
    config,
    models,
    connection,
    indexer,
    services,
    dbName,
    async close() {
      indexer.stop();
      await services.insightRecorder.stop();
      await services.pdf.close();
      if (!options.dbName) await connection.dropDatabase().catch(() => undefined);
      await connection.close();
    },
  };
}
