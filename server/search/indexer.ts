// Keeps the search index in step with the database. Writers call serviceWillChange(id) before
// they write and serviceChanged(id) after: each records the change in the outbox, the second
// also applies it; if the engine is away the outbox keeps it and a timer retries until it is
// back. reindexAll() rebuilds everything from the database.
//
// Why an outbox entry before the write: a process killed between a record's write and the
// entry that follows it would leave an index that keeps its data (Meilisearch) stale until a
// full reindex. Written first, the entry outlives such a crash and is applied at the next start
// (main.ts drains the outbox); an entry for a write that never happened costs one harmless
// re-index, since a drain always reads the record as it is now.
import type { Types } from 'mongoose';
import type { Logger } from '../logger';
import type { Models } from '../models';
import { loadSearchDocuments, streamSearchDocuments } from './load-search-documents';
import type { SearchDocument } from './search-document';
import type { SearchEngine } from './search-engine';

const BATCH = 200;

type Id = Types.ObjectId | string;

export function createIndexer(deps: {
  models: Models;
  engine: SearchEngine;
  logger: Logger;
  now?: () => Date;
  retryMs?: number;
}) {
  const { models, engine, logger } = deps;
  const now = deps.now ?? (() => new Date());
  let timer: NodeJS.Timeout | undefined;
  let draining: Promise<void> | undefined;
  let stopped = false;
  /** Grows whenever the index changes; caches of search results compare it. */
  let version = 0;
  // Categories (names and keywords in every language, read into every search document) change
  // only when a coordinator edits one: kept for a minute instead of read on every change.
  let categories: { at: number; list: Promise<unknown[]> } | undefined;
  const categoriesFor = () => {
    if (!categories || Date.now() - categories.at > 60_000) {
      const list = models.Category.find().lean().exec() as Promise<unknown[]>;
      categories = { at: Date.now(), list };
      list.catch(() => (categories = undefined));
    }
    return categories.list;
  };
  // Needs (names and terms in every language) likewise; a coordinator's edit clears them at once.
  let needs: { at: number; list: Promise<unknown[]> } | undefined;
  const needsFor = () => {
    if (!needs || Date.now() - needs.at > 60_000) {
      const list = models.Need.find({}, { slug: 1, name: 1, terms: 1 }).lean().exec() as Promise<
        unknown[]
      >;
      needs = { at: Date.now(), list };
      list.catch(() => (needs = undefined));
    }
    return needs.list;
  };
  const onSkipped = (slug: string, error: unknown) =>
    logger.error({ slug, err: error }, 'service left out of the search index: record is damaged');

  async function drainOnce(): Promise<void> {
    for (;;) {
      const pending = await models.SearchOutbox.find().sort({ createdAt: 1 }).limit(BATCH).lean();
      if (pending.length === 0) return;
      const serviceIds = [...new Set(pending.map((p) => String(p.service)))];
      const documents = await loadSearchDocuments(models, { _id: { $in: serviceIds } }, now(), {
        categories: categoriesFor,
        needs: needsFor,
        onSkipped,
      });
      const published = new Set(documents.map((d) => d.id));
      await engine.upsert(documents);
      await engine.remove(serviceIds.filter((id) => !published.has(id)));
      version++;
      // Only what was applied: entries added meanwhile stay for the next round.
      await models.SearchOutbox.deleteMany({ _id: { $in: pending.map((p) => p._id) } });
    }
  }

  function scheduleRetry() {
    if (stopped || timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      void drain();
    }, deps.retryMs ?? 2_000);
    timer.unref();
  }

  /** Applies the outbox; on failure keeps it and retries later. Never throws. */
  function drain(): Promise<void> {
    draining ??= drainOnce()
      .catch((error: unknown) => {
        logger.warn({ err: error }, 'search index update failed; will retry');
        scheduleRetry();
      })
      .finally(() => {
        draining = undefined;
      });
    return draining;
  }

  return {
    /**
     * Records, before a write that changes what search shows of these services, that they are
     * about to change (see the top of this file). Call serviceChanged() once the write is done.
     */
    async serviceWillChange(serviceIds: Id | readonly Id[]): Promise<void> {
      const ids = [serviceIds].flat();
      if (ids.length > 0) await models.SearchOutbox.insertMany(ids.map((service) => ({ service })));
    },
    /**
     * Records that a service changed (created, edited, published, archived, sessions changed)
     * and applies it. A second entry after the one serviceWillChange() wrote: a drain that ran
     * between that entry and the write read the record before it changed, and removed it.
     */
    async serviceChanged(serviceIds: Id | readonly Id[]): Promise<void> {
      const ids = [serviceIds].flat();
      if (ids.length === 0) return;
      // One insert and one drain for all of them: a place or an organisation edit changes every
      // service of the organisation, and a drain per service read the outbox and the services
      // again each time (seconds for 80 services).
      await models.SearchOutbox.insertMany(ids.map((service) => ({ service })));
      await drain();
    },
    drain,
    /** A category's texts changed (coordinator): the next documents read them again. */
    categoriesChanged() {
      categories = undefined;
    },
    /** A need's names or terms changed (coordinator): the next documents read them again. */
    needsChanged() {
      needs = undefined;
    },
    version: () => version,
    async pendingCount(): Promise<number> {
      return models.SearchOutbox.countDocuments();
    },
    /** Rebuilds the whole index from the database. */
    async reindexAll(): Promise<number> {
      categories = undefined;
      needs = undefined;
      // Only the outbox entries this rebuild covers: a change recorded while it runs stays.
      const covered = (await models.SearchOutbox.find({}, { _id: 1 }).lean()).map((e) => e._id);
      let count = 0;
      const counted = async function* (batches: AsyncIterable<SearchDocument[]>) {
        for await (const batch of batches) {
          count += batch.length;
          yield batch;
        }
      };
      await engine.replaceAll(counted(streamSearchDocuments(models, now(), { onSkipped })));
      version++;
      if (covered.length) await models.SearchOutbox.deleteMany({ _id: { $in: covered } });
      return count;
    },
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}

export type Indexer = ReturnType<typeof createIndexer>;
