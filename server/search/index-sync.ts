// Makes the search index hold what the database holds, at start-up, on any engine. The embedded
// engine lives in memory and is always built. An index that outlives the process (Meilisearch)
// is rebuilt when it is not the one last built from this database in the current document
// shape: the database records, per index, which index it was (the engine's creation time), its
// document version and its size. A wiped or new Meilisearch, a database seeded or restored
// (both forget that record: forgetSearchIndexState), or a new document shape all lead to one
// rebuild; otherwise start-up only applies the outbox.
// Several instances starting at once rebuild once: the rebuild is taken by inserting a lock
// document by _id (unique on MongoDB and FerretDB alike); the others wait for its record.
import { createHash, randomBytes } from 'node:crypto';
import type { Connection } from 'mongoose';
import type { Logger } from '../logger';
import type { Models } from '../models';
import type { Indexer } from './indexer';
import { buildSearchDocument } from './search-document';
import type { SearchEngine } from './search-engine';

const COLLECTION = 'searchindexstate';
/** A lock older than this belongs to an instance that died while rebuilding. */
const LOCK_STALE_MS = 10 * 60_000;

interface StateRecord {
  _id: string;
  kind: 'state' | 'lock';
  createdAt?: string;
  documentVersion?: string;
  documents?: number;
  owner?: string;
  at: Date;
}

function stateCollection(connection: Connection) {
  const { db } = connection;
  if (!db) throw new Error('database not connected');
  return db.collection<StateRecord>(COLLECTION);
}

/** The shape of search documents: the builder's code, and the engine's own document version. */
function documentVersion(engineVersion: string): string {
  return createHash('sha256')
    .update(buildSearchDocument.toString())
    .update(engineVersion)
    .digest('hex')
    .slice(0, 16);
}

/** After a seed or a restore: the next start rebuilds the search index from the database. */
export async function forgetSearchIndexState(connection: Connection): Promise<void> {
  await stateCollection(connection).deleteMany({ kind: 'state' });
}

export interface SyncResult {
  rebuilt: boolean;
  /** Documents indexed, when rebuilt. */
  count?: number;
  /** Why it was rebuilt, or why not. */
  reason: string;
}

export async function syncSearchIndex(deps: {
  models: Models;
  engine: SearchEngine;
  indexer: Indexer;
  logger: Logger;
  /** Rebuild whatever the record says (npm run reindex). */
  force?: boolean;
  /** How long to wait for another instance's rebuild before going on without it. */
  waitMs?: number;
  pollMs?: number;
}): Promise<SyncResult> {
  const { models, engine, indexer, logger } = deps;
  if (!engine.indexState) {
    const count = await indexer.reindexAll();
    return { rebuilt: true, count, reason: 'in-memory index' };
  }
  const states = stateCollection(models.SearchOutbox.db);
  const owner = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const giveUpAt = Date.now() + (deps.waitMs ?? 5 * 60_000);
  for (;;) {
    const live = await engine.indexState();
    const version = documentVersion(live.documentVersion);
    const record = await states.findOne({ _id: live.key });
    const staleBecause = deps.force
      ? 'asked for'
      : !record
        ? 'no record of this index in the database'
        : record.createdAt !== live.createdAt
          ? 'the index is not the one built from this database'
          : record.documentVersion !== version
            ? 'search documents changed shape'
            : live.documents === 0 && (record.documents ?? 0) > 0
              ? 'the index is empty'
              : undefined;
    if (!staleBecause) {
      await indexer.drain();
      return { rebuilt: false, reason: 'index is current' };
    }

    const lockId = `${live.key}:rebuild`;
    try {
      await states.insertOne({ _id: lockId, kind: 'lock', owner, at: new Date() });
    } catch (error) {
      if ((error as { code?: number }).code !== 11000) throw error;
      // Another instance is rebuilding: wait for its record (or take over a dead one's lock).
      const lock = await states.findOne({ _id: lockId });
      if (lock && Date.now() - lock.at.getTime() > LOCK_STALE_MS) {
        await states.deleteOne({ _id: lockId, owner: lock.owner });
        continue;
      }
      if (Date.now() > giveUpAt) {
        logger.warn('another instance is still rebuilding the search index; going on');
        return { rebuilt: false, reason: 'rebuild by another instance still running' };
      }
      await new Promise((resolve) => setTimeout(resolve, deps.pollMs ?? 500));
      continue;
    }
    try {
      // Checked again under the lock: an instance may have finished between the two reads.
      const again = await states.findOne({ _id: live.key });
      if (!deps.force && again && again.at > (record?.at ?? new Date(0))) continue;
      logger.info({ reason: staleBecause }, 'rebuilding the search index from the database');
      const count = await indexer.reindexAll();
      const built = await engine.indexState();
      await states.replaceOne(
        { _id: live.key },
        {
          kind: 'state',
          createdAt: built.createdAt,
          documentVersion: version,
          documents: built.documents,
          at: new Date(),
        },
        { upsert: true },
      );
      return { rebuilt: true, count, reason: staleBecause };
    } finally {
      await states.deleteOne({ _id: lockId, owner });
    }
  }
}
