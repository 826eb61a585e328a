// Builds the real app for a test file: real config parsing, real i18n, Mongoose on the embedded
// FerretDB started by the global setup, in a database of its own that is dropped afterwards.
import { randomBytes } from 'node:crypto';
import type { Express } from 'express';
import type { Connection } from 'mongoose';
import { buildApplication } from '../../server/application';
import type { Config } from '../../server/config';
import { loadConfig } from '../../server/config';
import { connectDatabase } from '../../server/database/connect-database';
import { createLogger } from '../../server/logger';
import type { Models } from '../../server/models';
import { createModels, syncIndexes } from '../../server/models';
import type { Indexer } from '../../server/search/indexer';
import type { SearchEngine } from '../../server/search/search-engine';
import type { Services } from '../../server/services';
import { loadDemo } from './demo-template';

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
    /** Defaults to the engine the configuration names: a fresh embedded one, built from the database. */
    engine?: SearchEngine;
  } = {},
): Promise<TestApp> {
  const config = loadConfig({ ...TEST_ENV, ...options.env });
  const logger = createLogger(config.logLevel);
  const dbName = options.dbName ?? `test_${randomBytes(6).toString('hex')}`;
  const uri = options.uri ?? testDatabaseUri();
  const connection = await connectDatabase(uri, { dbName, logger });
  const models = createModels(connection, { localLanguage: config.localLanguage });
  await syncIndexes(models);
  if (options.seed) await loadDemo({ connection, models, config, logger });
  // The same wiring as main.ts; the test's own content instead of the start-up content, and an
  // index rebuilt from the database now (failures thrown), as `npm start` does with the embedded
  // engine.
  const application = await buildApplication({
    config,
    logger,
    database: { connection, models },
    engine: options.engine,
    startupContent: false,
    searchIndex: 'rebuild',
    indexerRetryMs: 200,
    readinessTimeoutMs: 1_000,
    now: options.now,
  });
  const { app, indexer, services } = application;
  return {
    app,
    config,
    models,
    connection,
    indexer,
    services,
    dbName,
    async close() {
      await application.stop();
      if (!options.dbName) await connection.dropDatabase().catch(() => undefined);
      await connection.close();
    },
  };
}
