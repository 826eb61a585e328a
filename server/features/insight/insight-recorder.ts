// Records anonymous usage counts (issue #18) cheaply: a search, a listing opened or a sheet
// printed adds 1 to a counter in memory (a Map lookup; no database call on the request's path).
// Every few seconds, and when the app stops, the counters are written as one `$inc` upsert per
// distinct combination, so a burst of a thousand identical searches is one write.
// Nothing that names a person is ever in the key: no address, session, account or user agent.
import { LRUCache } from 'lru-cache';
import type { Logger } from '../../logger';
import type { Models } from '../../models';
import type { UsageKind } from '../../models/usage-count';
import { tokenize } from '../../search/search-tokenizer';
import type { SearchOutcome } from '../../ports';
import type { SearchParams } from '../../search/search-query';
import { createNeedMatcher } from './need-matcher';

/** Search parameters recorded by name only: which filters newcomers use, never their values. */
const FILTER_PARAMS = [
  'cost',
  'maxCost',
  'day',
  'time',
  'weekend',
  'startsWithin',
  'level',
  'language',
  'district',
  'near',
  'eligibility',
  'delivery',
  'access',
  'childcare',
] as const satisfies readonly (keyof SearchParams)[];

/** A counter in memory: [day, kind, lang, categories, filters, zero, words, service]. */
type PendingKey = [string, UsageKind, string, string, string, 0 | 1, string, string];

const dayOf = (now: Date) => now.toISOString().slice(0, 10);
const list = (value: string) => (value ? value.split(',') : undefined);

function filtersUsed(params: SearchParams): string {
  const used: string[] = [];
  for (const name of FILTER_PARAMS) {
    const value = params[name];
    if (Array.isArray(value) ? value.length > 0 : value !== undefined) used.push(name);
  }
  return used.join(',');
}

export function createInsightRecorder(deps: {
  models: Models;
  logger: Logger;
  enabled: boolean;
  flushEveryMs?: number;
  /** Flush early once this many distinct counters wait (bounds memory under odd traffic). */
  maxPending?: number;
  now?: () => Date;
}) {
  const { models, logger, enabled } = deps;
  const now = deps.now ?? (() => new Date());
  const maxPending = deps.maxPending ?? 10_000;
  const needs = createNeedMatcher(models);
  let pending = new Map<string, number>();
  /** Search pages served again from the page cache: their counter, by URL. */
  const byUrl = new LRUCache<string, { day: string; k: string; key: PendingKey }>({ max: 5_000 });
  let flushing: Promise<number> | undefined;

  /** Adds 1 to a counter (`k`: the key as text, when already known). */
  function add(key: PendingKey, k = JSON.stringify(key)): string {
    pending.set(k, (pending.get(k) ?? 0) + 1);
    if (pending.size >= maxPending) void flush();
    return k;
  }

  /** Turns the counters in memory into stored documents: one per distinct combination. */
  async function toDocuments(counts: Map<string, number>) {
    const docs = new Map<string, { fields: Record<string, unknown>; count: number }>();
    for (const [k, count] of counts) {
      const [day, kind, language, categories, filters, zero, words, service] = JSON.parse(
        k,
      ) as PendingKey;
      // The words only stay to name the needs asked for, and are kept only when nothing was
      // found: the gap the coordinator needs to see.
      const normalised = words ? tokenize(words).join(' ').slice(0, 200) : '';
      const fields: Record<string, unknown> = {
        day: new Date(`${day}T00:00:00Z`),
        kind,
        language,
        ...(kind === 'search'
          ? {
              categories: list(categories) ?? [],
              needs: normalised ? await needs.match(normalised) : [],
              filters: list(filters) ?? [],
              zeroResult: zero === 1,
              ...(zero === 1 && normalised ? { query: normalised } : {}),
            }
          : { service }),
      };
      const id = JSON.stringify(Object.values(fields));
      const doc = docs.get(id);
      if (doc) doc.count += count;
      else docs.set(id, { fields, count });
    }
    return docs;
  }

  async function write(counts: Map<string, number>): Promise<number> {
    const docs = await toDocuments(counts);
    let writes = 0;
    // One after the other: distinct documents, and FerretDB v1 is not atomic with concurrent
    // increments of one document anyway.
    for (const [id, { fields, count }] of docs) {
      await models.UsageCount.updateOne(
        { _id: id },
        { $inc: { count }, $setOnInsert: fields },
        { upsert: true },
      );
      writes += 1;
    }
    return writes;
  }

  /** Writes what waits in memory; resolves with the number of database writes. */
  function flush(): Promise<number> {
    if (flushing) return flushing.then(() => flush());
    if (pending.size === 0) return Promise.resolve(0);
    const counts = pending;
    pending = new Map();
    flushing = write(counts)
      .catch((error: unknown) => {
        // Kept for the next round: a database away for a moment loses no count.
        for (const [k, n] of counts) pending.set(k, (pending.get(k) ?? 0) + n);
        logger.warn({ err: error }, 'usage counts not written; kept for the next flush');
        return 0;
      })
      .finally(() => {
        flushing = undefined;
      });
    return flushing;
  }

  const timer = enabled
    ? setInterval(() => void flush(), deps.flushEveryMs ?? 5_000).unref()
    : undefined;

  return {
    enabled,
    /** A search answered by the engine (page 1 only: the next pages are the same search). */
    search(outcome: SearchOutcome, url?: string): void {
      if (!enabled || outcome.params.page > 1) return;
      const { params } = outcome;
      const key: PendingKey = [
        dayOf(now()),
        'search',
        outcome.lang,
        [...params.category].sort().join(','),
        filtersUsed(params),
        outcome.total === 0 ? 1 : 0,
        (params.q ?? '').slice(0, 200),
        '',
      ];
      const k = add(key);
      if (url === undefined) return;
      byUrl.set(url, { day: key[0], k, key });
    },
    /** The same search page served again from the page cache (same index, same answer). */
    searchAgain(url: string): void {
      if (!enabled) return;
      const memo = byUrl.get(url);
      if (memo === undefined) return;
      const today = dayOf(now());
      // Past midnight: the same search, counted on the new day.
      if (memo.day !== today) {
        memo.key = [today, ...memo.key.slice(1)] as PendingKey;
        memo.day = today;
        memo.k = JSON.stringify(memo.key);
      }
      add(memo.key, memo.k);
    },
    view(service: string, lang: string): void {
      if (enabled) add([dayOf(now()), 'view', lang, '', '', 0, '', service]);
    },
    sheet(services: readonly string[], lang: string): void {
      if (!enabled) return;
      for (const service of services) add([dayOf(now()), 'sheet', lang, '', '', 0, '', service]);
    },
    flush,
    /** Stops the timer and writes what is left (main.ts, before the database closes). */
    async stop(): Promise<void> {
      if (timer) clearInterval(timer);
      await flush();
    },
  };
}

export type InsightRecorder = ReturnType<typeof createInsightRecorder>;
