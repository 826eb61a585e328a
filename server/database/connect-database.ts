// Opens the Mongoose connection the app uses, and answers readiness checks.
import mongoose from 'mongoose';
import type { Connection } from 'mongoose';
import type { Logger } from '../logger';
import { refuseUnacknowledgedWrites } from './acknowledged-writes';

export interface ConnectOptions {
  dbName: string;
  logger: Logger;
}

export async function connectDatabase(uri: string, options: ConnectOptions): Promise<Connection> {
  const connection = mongoose.createConnection(uri, {
    dbName: options.dbName,
    // Fail fast instead of queueing requests for 30 s while the database is away: pages answer
    // 503 and the driver keeps reconnecting in the background.
    serverSelectionTimeoutMS: 3_000,
    bufferCommands: false,
    // FerretDB v1 (and a single mongod) speak the wire protocol without replica-set discovery;
    // a replica set named in the URI keeps discovery so the driver follows its primary.
    directConnection: !/replicaSet=|^mongodb\+srv:/.test(uri),
    // Every command passes the check below before it is written (see acknowledged-writes.ts).
    monitorCommands: true,
  });
  refuseUnacknowledgedWrites(connection.getClient(), (error) =>
    options.logger.error({ err: error }, 'unacknowledged write refused'),
  );
  connection.on('disconnected', () => options.logger.warn('database disconnected'));
  connection.on('reconnected', () => options.logger.info('database reconnected'));
  await connection.asPromise();
  return connection;
}

/** True when the database answers a ping within the time limit. */
export async function isDatabaseReachable(
  connection: Connection,
  timeoutMs = 2_000,
): Promise<boolean> {
  const db = connection.db;
  if (!db) return false;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([
      db
        .command({ ping: 1 })
        .then(() => true)
        .catch(() => false),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
