// Opens the database the configuration names: MONGODB_URI when set (production: MongoDB),
// otherwise the embedded FerretDB with its files under DATA_DIR. Used by main.ts and scripts.
import path from 'node:path';
import type { Connection } from 'mongoose';
import type { Config } from '../config';
import type { Logger } from '../logger';
import type { Models } from '../models';
import { createModels, syncIndexes } from '../models';
import { connectDatabase } from './connect-database';
import type { EmbeddedDatabase } from './embedded-ferretdb';
import { startEmbeddedDatabase } from './embedded-ferretdb';

export interface OpenDatabase {
  connection: Connection;
  models: Models;
  /** Present when this process started its own FerretDB. */
  embedded: EmbeddedDatabase | undefined;
  close(): Promise<void>;
}

export async function openDatabase(config: Config, logger: Logger): Promise<OpenDatabase> {
  let embedded: EmbeddedDatabase | undefined;
  let uri = config.mongodbUri;
  if (!uri) {
    const dataDir = path.resolve(config.dataDir, 'ferretdb');
    logger.info({ dataDir }, 'starting embedded FerretDB (first start builds it with Go)');
    embedded = await startEmbeddedDatabase({ dataDir });
    uri = embedded.uri;
    logger.info({ pid: embedded.pid, uri }, 'embedded FerretDB started');
  }
  try {
    const connection = await connectDatabase(uri, { dbName: 'onestop', logger });
    const models = createModels(connection, { localLanguage: config.localLanguage });
    await syncIndexes(models);
    return {
      connection,
      models,
      embedded,
      async close() {
        await connection.close();
        await embedded?.stop();
      },
    };
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
}
