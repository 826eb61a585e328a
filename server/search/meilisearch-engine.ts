// The Meilisearch adapter, for production and for several app instances. Settings are applied
// at start-up (idempotent); writes wait for their task so callers get read-after-write.
// Pinned to meilisearch-js 0.56, the newest release that still ships CommonJS (0.57+ is ESM-only,
// which our CommonJS build and Jest cannot require).
// Where Meilisearch cannot express our semantics exactly, this adapter approximates (and the
// contract tests use cases that hold on both): "session starts within N weeks" is checked on the
// list of start dates, and facet counts for level/day/time use the flattened lists.
import { MeiliSearch, MeiliSearchApiError } from 'meilisearch';
import type { Index } from 'meilisearch';
import { CEFR_LEVELS, DAYS, TIMES_OF_DAY } from '../models/vocabulary';
import type { SearchDocument } from './search-document';
import type {
  FacetName,
  SearchEngine,
  SearchFilters,
  SearchQuery,
  SearchResult,
} from './search-engine';
import { distanceKm, FACETS, SearchUnavailableError, WEEK_MS, WEEKEND_DAYS } from './search-engine';

type MeiliDocument = Omit<SearchDocument, 'geo'> & { _geo?: { lat: number; lng: number } };

const FACET_ATTRIBUTE: Record<FacetName, string> = {
  category: 'category',
  cost: 'free',
  day: 'days',
  time: 'times',
  weekend: 'days',
  level: 'levels',
  language: 'languages',
  district: 'districts',
  eligibility: 'eligibility',
  delivery: 'delivery',
  access: 'access',
  childcare: 'childcare',
};

const quote = (value: string) => JSON.stringify(value);
const inList = (attribute: string, values: string[]) =>
  `${attribute} IN [${values.map(quote).join(', ')}]`;

/** Filter expressions per facet group, so one group can be left out for its own counts. */
export function filterExpressions(
  filters: SearchFilters,
  now: number,
): Map<FacetName | 'other', string[]> {
  const groups = new Map<FacetName | 'other', string[]>();
  const add = (group: FacetName | 'other', expression: string) =>
    groups.set(group, [...(groups.get(group) ?? []), expression]);
  if (filters.category?.length) add('category', inList('category', filters.category));
  if (filters.free) add('cost', 'free = true');
  else if (filters.maxCost != null) add('cost', `costAmount <= ${filters.maxCost}`);
  if (filters.languages?.length) add('language', inList('languages', filters.languages));
  if (filters.districts?.length) add('district', inList('districts', filters.districts));
  if (filters.eligibility?.length) add('eligibility', inList('eligibility', filters.eligibility));
  if (filters.delivery?.length) add('delivery', inList('delivery', filters.delivery));
  if (filters.access?.length) add('access', inList('access', filters.access));
  if (filters.childcare) add('childcare', 'childcare = true');
  if (filters.near) {
    const { lat, lng, radiusKm } = filters.near;
    add('other', `_geoRadius(${lat}, ${lng}, ${Math.round(radiusKm * 1000)})`);
  }
  if (filters.startsWithinWeeks != null) {
    add('other', `sessionStarts ${now} TO ${now + filters.startsWithinWeeks * WEEK_MS}`);
  }
  // Session filters: one offering must satisfy all of them, so list the acceptable offerings.
  if (filters.levels?.length || filters.days?.length || filters.times?.length || filters.weekend) {
    const levels = filters.levels?.length ? filters.levels : ['-', ...CEFR_LEVELS];
    let days = filters.days?.length ? filters.days : [...DAYS];
    if (filters.weekend) days = days.filter((d) => WEEKEND_DAYS.includes(d));
    const times = filters.times?.length ? filters.times : [...TIMES_OF_DAY];
    const offerings = levels.flatMap((l) =>
      days.flatMap((d) => times.map((t) => `${l}|${d}|${t}`)),
    );
    add('level', offerings.length ? inList('offerings', offerings) : 'offerings IS EMPTY');
  }
  return groups;
}

function toMeili(doc: SearchDocument): MeiliDocument {
  const { geo, ...rest } = doc;
  return geo ? { ...rest, _geo: geo } : rest;
}

function fromMeili(doc: MeiliDocument): SearchDocument {
  const { _geo, ...rest } = doc;
  return { ...rest, geo: _geo ?? null };
}

export function createMeilisearchEngine(options: {
  url: string;
  key?: string;
  indexName?: string;
}): SearchEngine {
  const client = new MeiliSearch({ host: options.url, apiKey: options.key });
  const uid = options.indexName ?? 'services';
  const index: Index<MeiliDocument> = client.index<MeiliDocument>(uid);

  async function guarded<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof MeiliSearchApiError) throw error;
      throw new SearchUnavailableError(`Meilisearch unreachable: ${String(error)}`, {
        cause: error,
      });
    }
  }

  const SESSION_GROUPS: FacetName[] = ['level', 'day', 'time', 'weekend'];

  return {
    name: 'meilisearch',

    async init() {
      await guarded(async () => {
        await client.createIndex(uid, { primaryKey: 'id' }).waitTask();
        await index
          .updateSettings({
            searchableAttributes: ['title', 'keywords', 'body'],
            filterableAttributes: [
              'category',
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
              'sessionStarts',
              '_geo',
            ],
            sortableAttributes: ['nextSessionStart', 'lastVerifiedAt', 'slug', '_geo'],
            // Recently verified listings first among equally relevant ones.
            rankingRules: [
              'words',
              'typo',
              'proximity',
              'attribute',
              'sort',
              'exactness',
              'lastVerifiedAt:desc',
            ],
            typoTolerance: { enabled: true, minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 } },
            pagination: { maxTotalHits: 100_000 },
            faceting: { maxValuesPerFacet: 200 },
          })
          .waitTask();
      });
    },

    async replaceAll(documents) {
      await guarded(async () => {
        await index.deleteAllDocuments().waitTask();
        if (documents.length)
          await index.addDocuments(documents.map(toMeili)).waitTask({ timeout: 120_000 });
      });
    },

    async upsert(documents) {
      if (!documents.length) return;
      await guarded(() => index.addDocuments(documents.map(toMeili)).waitTask());
    },

    async remove(ids) {
      if (!ids.length) return;
      await guarded(() => index.deleteDocuments(ids).waitTask());
    },

    async search(query: SearchQuery): Promise<SearchResult> {
      const groups = filterExpressions(query.filters, query.now);
      const filterWithout = (left?: FacetName) =>
        [...groups.entries()]
          .filter(
            ([group]) =>
              !(left && (group === left || (SESSION_GROUPS.includes(left) && group === 'level'))),
          )
          .flatMap(([, expressions]) => expressions);
      const origin = query.origin ?? query.filters.near;
      const sort =
        query.sort === 'soonest'
          ? ['nextSessionStart:asc', 'slug:asc']
          : query.sort === 'nearest' && origin
            ? [`_geoPoint(${origin.lat}, ${origin.lng}):asc`]
            : undefined;
      const q = query.q?.trim() || '';
      // Disjunctive facets: one extra query per facet group, without that group's own filter.
      const response = await guarded(() =>
        client.multiSearch({
          queries: [
            {
              indexUid: uid,
              q,
              filter: filterWithout(),
              sort,
              page: query.page,
              hitsPerPage: query.pageSize,
              facets: FACETS.map((f) => FACET_ATTRIBUTE[f]),
            },
            ...FACETS.map((facet) => ({
              indexUid: uid,
              q,
              filter: filterWithout(facet),
              hitsPerPage: 0,
              facets: [FACET_ATTRIBUTE[facet]],
            })),
          ],
        }),
      );
      const [main, ...perFacet] = response.results;
      const facets = {} as Record<FacetName, Record<string, number>>;
      FACETS.forEach((facet, i) => {
        const distribution = perFacet[i]?.facetDistribution?.[FACET_ATTRIBUTE[facet]] ?? {};
        const counts: Record<string, number> = {};
        for (const [value, count] of Object.entries(distribution)) {
          if (facet === 'cost' || facet === 'childcare') {
            if (value === 'true') counts[facet === 'cost' ? 'free' : '1'] = count;
          } else if (facet === 'weekend') {
            if (WEEKEND_DAYS.includes(value)) counts['1'] = Math.max(counts['1'] ?? 0, count);
          } else if (!(facet === 'level' && value === '-')) counts[value] = count;
        }
        facets[facet] = counts;
      });
      const hits = (main?.hits ?? []).map((hit) => {
        const document = fromMeili(hit as unknown as MeiliDocument);
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
