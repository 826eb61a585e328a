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
import { createHash } from 'node:crypto';
import type { Index, MultiSearchQuery } from 'meilisearch';
import { CEFR_LEVELS, DAYS, TIMES_OF_DAY } from '../models/vocabulary';
import { hashedUuid } from '../models/uuid';
import { apiErrorOf, createMeilisearchClient } from './meilisearch-http';
import {
  MEILI_RANKING_SETTINGS,
  PREFERENCE_SORTABLE,
  preferenceSort,
  teachesToken,
} from './meilisearch-ranking';
import type { SearchDocument } from './search-document';
import type {
  FacetName,
  SearchEngine,
  SearchFilters,
  SearchQuery,
  SearchResult,
} from './search-engine';
import {
  asBatches,
  distanceKm,
  FACETS,
  SearchUnavailableError,
  WEEK_MS,
  WEEKEND_DAYS,
} from './search-engine';

type MeiliDocument = Omit<SearchDocument, 'geo'> & {
  _geo?: { lat: number; lng: number };
  weekend: boolean;
  /** The taught language as one searchable word (meilisearch-ranking.ts). */
  teaches: string;
  /** Every facet value as `attribute:value`: see facetKeysOf. */
  facetKeys: string[];
};

type SessionGroup = 'level' | 'day' | 'time' | 'weekend';
const SESSION_GROUPS: readonly FacetName[] = ['level', 'day', 'time', 'weekend'];
const isSession = (facet: FacetName): facet is SessionGroup => SESSION_GROUPS.includes(facet);

const FACET_ATTRIBUTE: Record<FacetName, string> = {
  category: 'category',
  cost: 'free',
  day: 'days',
  time: 'times',
  weekend: 'weekend',
  level: 'levels',
  language: 'languages',
  district: 'districts',
  eligibility: 'eligibility',
  delivery: 'delivery',
  access: 'access',
  childcare: 'childcare',
};

/** What hits carry back: what a result card and the JSON API show, not the searched texts. */
const RETRIEVED = [
  'id',
  'slug',
  'display',
  'category',
  'free',
  'costAmount',
  'languages',
  'districts',
  'levels',
  'nextSessionStart',
  'lastVerifiedAt',
  '_geo',
];

/** The actions the app's own key may take, on its own index only. */
const APP_KEY_ACTIONS = [
  'search',
  'documents.add',
  'documents.delete',
  'indexes.create',
  'indexes.get',
  'settings.update',
  'tasks.get',
  'stats.get',
];

const quote = (value: string) => JSON.stringify(value);
const inList = (attribute: string, values: readonly string[]) =>
  `${attribute} IN [${values.map(quote).join(', ')}]`;

interface SessionSets {
  levels: string[];
  days: string[];
  times: string[];
  /** Which dimensions a filter (or the fixed value) narrows. */
  narrowed: { level: boolean; day: boolean; time: boolean };
}

/** The session filters' acceptable values per dimension, leaving one group out and, for the
 * exact count of one of its values, fixing that group to the value. */
function sessionSets(
  filters: SearchFilters,
  except?: SessionGroup,
  fixed?: string,
): SessionSets | undefined {
  const use = (group: SessionGroup) => group !== except;
  const levelsOn = use('level') && !!filters.levels?.length;
  const daysOn = use('day') && !!filters.days?.length;
  const timesOn = use('time') && !!filters.times?.length;
  const weekendOn = use('weekend') && !!filters.weekend;
  if (!levelsOn && !daysOn && !timesOn && !weekendOn && fixed === undefined) return undefined;
  let levels = levelsOn ? filters.levels! : ['-', ...CEFR_LEVELS];
  let days: string[] = daysOn ? filters.days! : [...DAYS];
  if (weekendOn) days = days.filter((d) => WEEKEND_DAYS.includes(d));
  let times: string[] = timesOn ? filters.times! : [...TIMES_OF_DAY];
  const fixing = (group: SessionGroup) => fixed !== undefined && except === group;
  if (fixing('level')) levels = [fixed!];
  if (fixing('day')) days = days.filter((d) => d === fixed);
  if (fixing('time')) times = [fixed!];
  if (fixing('weekend')) days = days.filter((d) => WEEKEND_DAYS.includes(d));
  return {
    levels,
    days,
    times,
    narrowed: {
      level: levelsOn || fixing('level'),
      day: daysOn || weekendOn || fixing('day') || fixing('weekend'),
      time: timesOn || fixing('time'),
    },
  };
}

/** The session filter as one expression: on the flattened list when one dimension is narrowed
 * (the same answer, a shorter filter), on the offerings otherwise. */
function sessionExpression(
  filters: SearchFilters,
  except?: SessionGroup,
  fixed?: string,
): string | undefined {
  const sets = sessionSets(filters, except, fixed);
  if (!sets) return undefined;
  const { levels, days, times, narrowed } = sets;
  // Nothing can match (weekend with only weekdays chosen): a value no offering has.
  if (!levels.length || !days.length || !times.length) return inList('offerings', ['-|-|-']);
  const dimensions = [narrowed.level, narrowed.day, narrowed.time].filter(Boolean).length;
  if (dimensions === 1) {
    if (narrowed.level) return inList('levels', levels);
    if (narrowed.day) return inList('days', days);
    return inList('times', times);
  }
  const offerings = levels.flatMap((l) => days.flatMap((d) => times.map((t) => `${l}|${d}|${t}`)));
  return inList('offerings', offerings);
}

/** Filter expressions of the groups other than the session ones, by group, so one group can be
 * left out for its own counts. */
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
  return groups;
}

/** The facet groups that have a selected value. */
function selectedGroups(filters: SearchFilters): FacetName[] {
  const selected: [FacetName, unknown][] = [
    ['category', filters.category?.length],
    ['cost', filters.free || filters.maxCost != null],
    ['language', filters.languages?.length],
    ['district', filters.districts?.length],
    ['eligibility', filters.eligibility?.length],
    ['delivery', filters.delivery?.length],
    ['access', filters.access?.length],
    ['childcare', filters.childcare],
    ['level', filters.levels?.length],
    ['day', filters.days?.length],
    ['time', filters.times?.length],
    ['weekend', filters.weekend],
  ];
  return selected.filter(([, on]) => Boolean(on)).map(([group]) => group);
}

/** Does an offering key "level|day|time" hold for value `value` of `facet` and the other session
 * filters? */
function offeringHolds(
  key: string,
  filters: SearchFilters,
  facet: SessionGroup,
  value: string,
): boolean {
  const [level = '-', day = '', time = ''] = key.split('|');
  const sets = sessionSets(filters, facet, value);
  return (
    !!sets && sets.levels.includes(level) && sets.days.includes(day) && sets.times.includes(time)
  );
}

/** Pairs of session values held by one offering, for exact counts when one other session
 * filter with one value is active (the common case: "evening", "A2"): the count of A2 among
 * evening sessions is the count of "A2|evening" in levelTime. */
function sessionPairs(offerings: string[]) {
  const pairs = {
    levelDay: new Set<string>(),
    levelTime: new Set<string>(),
    dayTime: new Set<string>(),
    weekendLevels: new Set<string>(),
    weekendTimes: new Set<string>(),
  };
  for (const key of offerings) {
    const [level = '-', day = '', time = ''] = key.split('|');
    pairs.levelDay.add(`${level}|${day}`);
    pairs.levelTime.add(`${level}|${time}`);
    pairs.dayTime.add(`${day}|${time}`);
    if (WEEKEND_DAYS.includes(day)) {
      pairs.weekendLevels.add(level);
      pairs.weekendTimes.add(time);
    }
  }
  return Object.fromEntries(Object.entries(pairs).map(([name, set]) => [name, [...set]]));
}
const PAIR_ATTRIBUTES = ['levelDay', 'levelTime', 'dayTime', 'weekendLevels', 'weekendTimes'];

/** Where a session facet's counts can be read exactly from a pair list: one other session
 * dimension narrowed, to one value. */
function pairFor(
  filters: SearchFilters,
  facet: SessionGroup,
): { attribute: string; key: (value: string) => string } | undefined {
  const sets = sessionSets(filters, facet);
  if (!sets) return undefined;
  const { narrowed } = sets;
  const own = facet === 'weekend' ? 'day' : facet;
  const others = (['level', 'day', 'time'] as const).filter((d) => d !== own && narrowed[d]);
  // The day dimension narrowed for weekend (own dimension) other than by the facet: no pair.
  if (facet === 'weekend' && narrowed.day) return undefined;
  if (others.length !== 1) return undefined;
  const other = others[0]!;
  const values = other === 'level' ? sets.levels : other === 'day' ? sets.days : sets.times;
  if (values.length !== 1) return undefined;
  const x = values[0]!;
  if (facet === 'weekend') {
    if (other === 'day') return undefined;
    return { attribute: other === 'level' ? 'weekendLevels' : 'weekendTimes', key: () => x };
  }
  if (facet === 'level')
    return { attribute: other === 'day' ? 'levelDay' : 'levelTime', key: (v) => `${v}|${x}` };
  if (facet === 'day')
    return other === 'level'
      ? { attribute: 'levelDay', key: (v) => `${x}|${v}` }
      : { attribute: 'dayTime', key: (v) => `${v}|${x}` };
  return other === 'level'
    ? { attribute: 'levelTime', key: (v) => `${x}|${v}` }
    : { attribute: 'dayTime', key: (v) => `${x}|${v}` };
}

const FACET_ATTRIBUTES = [...new Set(Object.values(FACET_ATTRIBUTE))];

/**
 * The document's facet values in one list, `attribute:value` (`free:true`, `languages:ar`). Asked
 * for as one facet, it gives every group's counts at once: for fewer than 3,000 candidates (most
 * searches with words) Meilisearch counts facets document by document, and one attribute per
 * document costs a fifth of twelve (measured on 10,000 services: 8–17 ms against 35–70 ms).
 */
function facetKeysOf(doc: Record<string, unknown>): string[] {
  return FACET_ATTRIBUTES.flatMap((attribute) => {
    const value = doc[attribute];
    return (Array.isArray(value) ? value : [value]).map((v) => `${attribute}:${String(v)}`);
  });
}

/** The counts per attribute, as Meilisearch gives them for each facet asked by name. */
function expandFacetKeys(
  distribution: Record<string, Record<string, number>> | undefined,
): Record<string, Record<string, number>> {
  const expanded: Record<string, Record<string, number>> = { ...distribution };
  for (const [key, count] of Object.entries(distribution?.facetKeys ?? {})) {
    const at = key.indexOf(':');
    (expanded[key.slice(0, at)] ??= {})[key.slice(at + 1)] = count;
  }
  return expanded;
}

function toMeili(doc: SearchDocument): MeiliDocument {
  const { geo, ...rest } = doc;
  const weekend = doc.days.some((d) => WEEKEND_DAYS.includes(d));
  const derived = {
    weekend,
    ...sessionPairs(doc.offerings),
    teaches: teachesToken(doc),
    facetKeys: facetKeysOf({ ...doc, weekend }),
  };
  return geo ? { ...rest, ...derived, _geo: geo } : { ...rest, ...derived };
}

/** Hits carry only RETRIEVED: the rest gets empty values (nothing downstream reads it). */
function fromMeili(doc: Partial<MeiliDocument>): SearchDocument {
  // weekend is not retrieved (not in RETRIEVED).
  const { _geo, ...rest } = doc;
  return { ...NOT_RETRIEVED, ...rest, geo: _geo ?? null } as SearchDocument;
}

const NOT_RETRIEVED: Partial<SearchDocument> = {
  title: '',
  keywords: '',
  body: '',
  eligibility: [],
  delivery: [],
  access: [],
  childcare: false,
  offerings: [],
  days: [],
  times: [],
  sessionStarts: [],
};

/** A stable UUID (v4 layout) for the app's key of one index, so instances starting at once find
 * the same key instead of creating one each. */
function appKeyUid(indexUid: string): string {
  return hashedUuid(`onestop-app-key:${indexUid}`);
}

/** Changes whenever the shape of an index document changes: a stored index of another shape is
 * rebuilt at start-up (server/search/index-sync.ts). */
export const MEILI_DOCUMENT_VERSION = createHash('sha256')
  .update(toMeili.toString())
  .digest('hex')
  .slice(0, 12);

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
      found.expiresAt === null &&
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
          createdAt: String(info.createdAt),
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
      const sort =
        query.sort === 'soonest'
          ? ['nextSessionStart:asc', 'slug:asc']
          : query.sort === 'nearest' && origin
            ? [`_geoPoint(${origin.lat}, ${origin.lng}):asc`]
            : preferenceSort(query.prefer);
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
        const counts: Record<string, number> = {};
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
          for (const [value, upper] of Object.entries(counts)) {
            const sets = sessionSets(filters, facet, value);
            // No session can hold it (a weekday under "weekend"): none, without asking.
            if (!sets?.levels.length || !sets.days.length || !sets.times.length) {
              delete counts[value];
              continue;
            }
            if (pair) {
              const exact = distributions[pair.attribute]?.[pair.key(value)] ?? 0;
              if (exact > 0) counts[value] = exact;
              else delete counts[value];
              continue;
            }
            const lower = Math.max(
              0,
              ...offerings
                .filter(([key]) => offeringHolds(key, filters, facet, value))
                .map(([, n]) => n),
            );
            if (lower !== upper) uncertain.push({ facet, value });
          }
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
          const total = exact.results[i]?.totalHits ?? 0;
          if (total > 0) facets[facet][value] = total;
          else delete facets[facet][value];
        });
      }

      const hits = (main?.hits ?? []).map((hit) => {
        const document = fromMeili(hit as unknown as Partial<MeiliDocument>);
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
