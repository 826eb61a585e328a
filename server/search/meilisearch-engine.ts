// The Meilisearch adapter, for production and for several app instances. Settings are applied
// at start-up (idempotent); writes wait for their task so callers get read-after-write.
// Pinned to meilisearch-js 0.56, the newest release that still ships CommonJS (0.57+ is ESM-only:
// Node 20.19 could require() it, but Jest's CommonJS module system cannot; see README).
//
// One search is one multi-search request: a main query (hits and the counts of every facet group
// without a selected value) plus one query per group that has a selected value (its counts
// without its own filter: disjunctive facets). Where Meilisearch cannot express our rules the
// adapter makes up for it:
// - Level, day, time and weekend must hold for one and the same course session or weekly slot.
//   Filters use the "level|day|time" offerings list. Facet counts for these groups, with another
//   session filter active, cannot come from a facet distribution (a service with an A2 class on
//   Tuesday evening and a B1 class on Monday morning counts B1 for "evening"): the distribution of
//   the flattened list gives an upper bound, that of the offerings a lower bound; where they
//   differ, a second request counts that value exactly (a filter on its offerings, no hits).
// - "Weekend" is a boolean of its own in the index (the day counts cannot add up Saturday and
//   Sunday without counting a service twice).
// - "Starts within N weeks" is a range on the list of start dates.
import type { Index, MultiSearchQuery } from 'meilisearch';
import { hashedUuid } from '../models/uuid';
import { apiErrorOf, createMeilisearchClient } from './meilisearch-http';
import { MEILI_RANKING_SETTINGS, PREFERENCE_SORTABLE, sortOf } from './meilisearch-ranking';
import type { MeiliDocument, SessionGroup } from './meilisearch-mapping';
import {
  expandFacetKeys,
  FACET_ATTRIBUTE,
  filterExpressions,
  fromMeili,
  isSession,
  MEILI_DOCUMENT_VERSION,
  offeringHolds,
  PAIR_ATTRIBUTES,
  pairFor,
  RETRIEVED,
  selectedGroups,
  SESSION_GROUPS,
  sessionExpression,
  sessionSets,
  toMeili,
} from './meilisearch-mapping';
import type { FacetName, SearchEngine, SearchQuery, SearchResult } from './search-engine';
import { asBatches, distanceKm, FACETS, SearchUnavailableError } from './search-engine';

// prettier-ignore
const APP_KEY_ACTIONS = ['search', 'documents.add', 'documents.delete', 'indexes.create',
  'indexes.get', 'settings.update', 'tasks.get', 'stats.get'];

/** A stable UUID (v4 layout) for the app's key of one index, so instances starting at once find
 * the same key instead of creating one each. */
function appKeyUid(indexUid: string): string {
  return hashedUuid(`onestop-app-key:${indexUid}`);
}

export function createMeilisearchEngine(options: {
  url: string;
  key?: string;
  indexName?: string;
}): SearchEngine {
  const uid = options.indexName ?? 'services';
  let client = createMeilisearchClient(options.url, options.key);
  let index: Index<MeiliDocument> = client.index<MeiliDocument>(uid);

  async function guarded<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      const apiError = apiErrorOf(error);
      if (apiError) throw apiError;
      throw new SearchUnavailableError(`Meilisearch unreachable: ${String(error)}`, {
        cause: error,
      });
    }
  }

  /** With a key that may manage keys (the master key), switches to the app's own key: limited
   * to this index and to the actions the app takes, created on first start. With any other key,
   * uses that key as it is. */
  async function useAppKey(): Promise<void> {
    const keyUid = appKeyUid(uid);
    let found;
    try {
      found = await client.getKey(keyUid);
    } catch (error) {
      const apiError = apiErrorOf(error);
      if (!apiError) throw error;
      const code = apiError.cause?.code;
      if (code !== 'api_key_not_found') return; // not allowed to manage keys: a limited key
    }
    const fits =
      found &&
      // Meilisearch answers null for a key that never expires; the client types it as a Date.
      (found.expiresAt as Date | null) === null &&
      found.indexes.length === 1 &&
      found.indexes[0] === uid &&
      [...found.actions].sort().join() === [...APP_KEY_ACTIONS].sort().join();
    if (found && !fits) {
      await client.deleteKey(keyUid); // actions changed with this release: made again below
      found = undefined;
    }
    if (!found) {
      try {
        found = await client.createKey({
          uid: keyUid,
          name: `onestop-app-${uid}`,
          description: `OneStop app: index "${uid}" only (created at start-up)`,
          actions: APP_KEY_ACTIONS,
          indexes: [uid],
          expiresAt: null,
        });
      } catch (error) {
        // Another instance created it at the same moment.
        if (!apiErrorOf(error)) throw error;
        found = await client.getKey(keyUid);
      }
    }
    client = createMeilisearchClient(options.url, found.key);
    index = client.index<MeiliDocument>(uid);
  }

  return {
    name: 'meilisearch',

    async init() {
      await guarded(async () => {
        await useAppKey();
        await client.createIndex(uid, { primaryKey: 'id' }).waitTask({ timeout: 60_000 });
        await index
          .updateSettings({
            // Ranking: searchable attributes in tier order, ranking rules, synonyms.
            ...MEILI_RANKING_SETTINGS,
            filterableAttributes: [
              'category',
              'organisation',
              'slug',
              'free',
              'costAmount',
              'languages',
              'districts',
              'eligibility',
              'delivery',
              'access',
              'childcare',
              'offerings',
              'levels',
              'days',
              'times',
              'weekend',
              ...PAIR_ATTRIBUTES,
              'sessionStarts',
              '_geo',
              'facetKeys',
            ],
            sortableAttributes: [
              'nextSessionStart',
              'lastVerifiedAt',
              'slug',
              '_geo',
              ...PREFERENCE_SORTABLE,
            ],
            typoTolerance: { enabled: true, minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 } },
            pagination: { maxTotalHits: 100_000 },
            // No search inside facet values (unused): less to update on every write.
            faceting: { maxValuesPerFacet: 200 },
            facetSearch: false,
            // Word proximity per attribute rather than per word position: most of the indexing
            // time of our long multilingual documents went into word-pair positions.
            proximityPrecision: 'byAttribute',
          })
          .waitTask({ timeout: 120_000 });
      });
    },

    async indexState() {
      return guarded(async () => {
        const [info, stats] = await Promise.all([index.getRawInfo(), index.getStats()]);
        return {
          key: `meilisearch:${uid}`,
          createdAt: info.createdAt,
          documents: stats.numberOfDocuments,
          documentVersion: MEILI_DOCUMENT_VERSION,
        };
      });
    },

    async replaceAll(documents) {
      await guarded(async () => {
        await index.deleteAllDocuments().waitTask({ timeout: 60_000 });
        for await (const batch of asBatches(documents))
          if (batch.length)
            await index.addDocuments(batch.map(toMeili)).waitTask({ timeout: 300_000 });
      });
    },

    async upsert(documents) {
      if (!documents.length) return;
      await guarded(() =>
        index.addDocuments(documents.map(toMeili)).waitTask({ interval: 10, timeout: 30_000 }),
      );
    },

    async remove(ids) {
      if (!ids.length) return;
      await guarded(() => index.deleteDocuments(ids).waitTask({ interval: 10, timeout: 30_000 }));
    },

    async search(query: SearchQuery): Promise<SearchResult> {
      const { filters } = query;
      const groups = filterExpressions(filters, query.now);
      const selected = selectedGroups(filters);
      const sessionActive = selected.some(isSession);
      /** Every filter, leaving one group out. */
      const filterWithout = (left?: FacetName, fixed?: string) => {
        const expressions = [...groups.entries()]
          .filter(([group]) => group !== left)
          .flatMap(([, list]) => list);
        const session = sessionExpression(
          filters,
          left && isSession(left) ? left : undefined,
          fixed,
        );
        return session ? [...expressions, session] : expressions;
      };
      const origin = query.origin ?? filters.near;
      const sort = sortOf(query, origin);
      const q = query.q?.trim() || '';
      // A session facet's counts need correcting when another session filter holds for it.
      const needsOfferings = (facet: FacetName) =>
        isSession(facet) && selected.some((s) => isSession(s) && s !== facet);
      const unselected = FACETS.filter((f) => !selected.includes(f));
      // The unselected groups' counts come from facetKeys (see facetKeysOf).
      const mainFacets = unselected.length ? ['facetKeys'] : [];
      const pairs = new Map(
        SESSION_GROUPS.map((f) => [f, pairFor(filters, f as SessionGroup)] as const),
      );
      if (sessionActive) {
        for (const f of unselected.filter(isSession)) {
          const pair = pairs.get(f);
          mainFacets.push(pair ? pair.attribute : 'offerings');
        }
      }
      const queries: MultiSearchQuery[] = [
        {
          indexUid: uid,
          q,
          filter: filterWithout(),
          sort,
          page: query.page,
          hitsPerPage: query.pageSize,
          facets: [...new Set(mainFacets)],
          attributesToRetrieve: RETRIEVED,
        },
        // Disjunctive facets: a selected group counted without its own filter.
        ...selected.map((facet) => ({
          indexUid: uid,
          q,
          filter: filterWithout(facet),
          hitsPerPage: 0,
          facets: needsOfferings(facet)
            ? [FACET_ATTRIBUTE[facet], pairs.get(facet)?.attribute ?? 'offerings']
            : [FACET_ATTRIBUTE[facet]],
        })),
      ];
      const response = await guarded(() => client.multiSearch({ queries }));
      const [main, ...perGroup] = response.results;
      if (main) main.facetDistribution = expandFacetKeys(main.facetDistribution);
      const sourceOf = (facet: FacetName) => {
        const i = selected.indexOf(facet);
        return i < 0 ? main : perGroup[i];
      };

      const facets = {} as Record<FacetName, Record<string, number>>;
      /** Session values whose count is only bounded: counted exactly in a second request. */
      const uncertain: { facet: SessionGroup; value: string }[] = [];
      for (const facet of FACETS) {
        const distributions = sourceOf(facet)?.facetDistribution ?? {};
        const distribution = distributions[FACET_ATTRIBUTE[facet]] ?? {};
        let counts: Record<string, number> = {};
        for (const [value, count] of Object.entries(distribution)) {
          if (facet === 'cost' || facet === 'childcare' || facet === 'weekend') {
            if (value === 'true') counts[facet === 'cost' ? 'free' : '1'] = count;
          } else if (!(facet === 'level' && value === '-')) counts[value] = count;
        }
        if (
          isSession(facet) &&
          sessionActive &&
          (selected.includes(facet) ? needsOfferings(facet) : true)
        ) {
          const offerings = Object.entries(distributions.offerings ?? {});
          const pair = pairs.get(facet);
          // The values kept, in the same order, with their counts made exact where known.
          const kept: Record<string, number> = {};
          for (const [value, upper] of Object.entries(counts)) {
            const sets = sessionSets(filters, facet, value);
            // No session can hold it (a weekday under "weekend"): none, without asking.
            if (!sets?.levels.length || !sets.days.length || !sets.times.length) continue;
            if (pair) {
              const exact = distributions[pair.attribute]?.[pair.key(value)] ?? 0;
              if (exact > 0) kept[value] = exact;
              continue;
            }
            kept[value] = upper;
            const lower = Math.max(
              0,
              ...offerings
                .filter(([key]) => offeringHolds(key, filters, facet, value))
                .map(([, n]) => n),
            );
            if (lower !== upper) uncertain.push({ facet, value });
          }
          counts = kept;
        }
        facets[facet] = counts;
      }
      if (uncertain.length) {
        const exact = await guarded(() =>
          client.multiSearch({
            queries: uncertain.map(({ facet, value }) => ({
              indexUid: uid,
              q,
              filter: filterWithout(facet, value),
              hitsPerPage: 0,
            })),
          }),
        );
        uncertain.forEach(({ facet, value }, i) => {
          facets[facet][value] = exact.results[i]?.totalHits ?? 0;
        });
        // A value no document holds after all is left out (every other count is above zero).
        for (const facet of new Set(uncertain.map((u) => u.facet))) {
          facets[facet] = Object.fromEntries(
            Object.entries(facets[facet]).filter(([, n]) => n > 0),
          );
        }
      }

      const hits = (main?.hits ?? []).map((hit) => {
        const document = fromMeili(hit);
        return {
          document,
          ...(origin && document.geo ? { distanceKm: distanceKm(origin, document.geo) } : {}),
        };
      });
      return { total: main?.totalHits ?? hits.length, hits, facets };
    },

    async isHealthy() {
      return client.isHealthy();
    },
  };
}
