// Keeps the search index in step with the database. Writers call serviceChanged(id): the change
// is recorded in the outbox, then applied; if the engine is away the outbox keeps it and a timer
// retries until it is back. reindexAll() rebuilds everything from the database.
import type { Types } from 'mongoose';
import type { Logger } from '../logger';
import type { Models } from '../models';
import { loadSearchDocuments } from './load-search-documents';
import type { SearchEngine } from './search-engine';

const BATCH = 200;

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
  const onSkipped = (slug: string, error: unknown) =>
    logger.error({ slug, err: error }, 'service left out of the search index: record is damaged');

  async function drainOnce(): Promise<void> {
    for (;;) {
      const pending = await models.SearchOutbox.find().sort({ createdAt: 1 }).limit(BATCH).lean();
      if (pending.length === 0) return;
      const serviceIds = [...new Set(pending.map((p) => String(p.service)))];
      const documents = await loadSearchDocuments(models, { _id: { $in: serviceIds } }, now(), {
        categories: categoriesFor,
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
    /** Records that a service changed (created, edited, published, archived, sessions changed). */
    async serviceChanged(serviceId: Types.ObjectId | string): Promise<void> {
      await models.SearchOutbox.create({ service: serviceId });
      await drain();
    },
    drain,
    /** A category's texts changed (coordinator): the next documents read them again. */
    categoriesChanged() {
      categories = undefined;
    },
    version: () => version,
    async pendingCount(): Promise<number> {
      return models.SearchOutbox.countDocuments();
    },
    /** Rebuilds the whole index from the database. */
    async reindexAll(): Promise<number> {
      categories = undefined;
      const documents = await loadSearchDocuments(models, {}, now(), { onSkipped });
      await engine.replaceAll(documents);
      version++;
      await models.SearchOutbox.deleteMany({});
      return documents.length;
    },
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}

export type Indexer = ReturnType<typeof createIndexer>;
