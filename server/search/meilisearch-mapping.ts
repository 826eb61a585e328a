// How our documents and filters map onto Meilisearch's (the adapter's reasons are at the top of
// meilisearch-engine.ts): the index document (toMeili, fromMeili), filter expressions, the session
// pair lists, and every facet value in one attribute.
import { createHash } from 'node:crypto';
import type { RecordAny } from 'meilisearch';
import { CEFR_LEVELS, DAYS, TIMES_OF_DAY } from '../models/vocabulary';
import { teachesToken } from './meilisearch-ranking';
import type { SearchDocument } from './search-document';
import type { FacetName, SearchFilters } from './search-engine';
import { WEEK_MS, WEEKEND_DAYS } from './search-engine';

export type MeiliDocument = Omit<SearchDocument, 'geo'> & {
  _geo?: { lat: number; lng: number };
  weekend: boolean;
  /** The taught language as one searchable word (meilisearch-ranking.ts). */
  teaches: string;
  /** Every facet value as `attribute:value`: see facetKeysOf. */
  facetKeys: string[];
};

export type SessionGroup = 'level' | 'day' | 'time' | 'weekend';
export const SESSION_GROUPS: readonly FacetName[] = ['level', 'day', 'time', 'weekend'];
export const isSession = (facet: FacetName): facet is SessionGroup =>
  SESSION_GROUPS.includes(facet);

export const FACET_ATTRIBUTE: Record<FacetName, string> = {
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
export const RETRIEVED = [
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
export const quote = (value: string) => JSON.stringify(value);
export const inList = (attribute: string, values: readonly string[]) =>
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
export function sessionSets(
  filters: SearchFilters,
  except?: SessionGroup,
  fixed?: string,
): SessionSets | undefined {
  const use = (group: SessionGroup) => group !== except;
  /** The values a filter of `group` chose, unless it is left out or chose none. */
  const chosen = <T>(group: SessionGroup, values: T[] | undefined) =>
    use(group) && values?.length ? values : undefined;
  const chosenLevels = chosen('level', filters.levels);
  const chosenDays = chosen('day', filters.days);
  const chosenTimes = chosen('time', filters.times);
  const levelsOn = chosenLevels !== undefined;
  const daysOn = chosenDays !== undefined;
  const timesOn = chosenTimes !== undefined;
  const weekendOn = use('weekend') && !!filters.weekend;
  if (!levelsOn && !daysOn && !timesOn && !weekendOn && fixed === undefined) return undefined;
  let levels: string[] = chosenLevels ?? ['-', ...CEFR_LEVELS];
  let days: string[] = chosenDays ?? [...DAYS];
  if (weekendOn) days = days.filter((d) => WEEKEND_DAYS.includes(d));
  let times: string[] = chosenTimes ?? [...TIMES_OF_DAY];
  const fixing = (group: SessionGroup) => fixed !== undefined && except === group;
  if (fixed !== undefined) {
    if (except === 'level') levels = [fixed];
    if (except === 'day') days = days.filter((d) => d === fixed);
    if (except === 'time') times = [fixed];
    if (except === 'weekend') days = days.filter((d) => WEEKEND_DAYS.includes(d));
  }
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
export function sessionExpression(
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
  if (filters.organisation !== undefined)
    add('other', `organisation = ${quote(filters.organisation)}`);
  if (filters.slug !== undefined) add('other', `slug = ${quote(filters.slug)}`);
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
export function selectedGroups(filters: SearchFilters): FacetName[] {
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
export function offeringHolds(
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
export function sessionPairs(offerings: string[]) {
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
export const PAIR_ATTRIBUTES = [
  'levelDay',
  'levelTime',
  'dayTime',
  'weekendLevels',
  'weekendTimes',
];

/** Where a session facet's counts can be read exactly from a pair list: one other session
 * dimension narrowed, to one value. */
export function pairFor(
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
  const [other] = others;
  if (others.length !== 1 || other === undefined) return undefined;
  const values = other === 'level' ? sets.levels : other === 'day' ? sets.days : sets.times;
  const [x] = values;
  if (values.length !== 1 || x === undefined) return undefined;
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

export const FACET_ATTRIBUTES = [...new Set(Object.values(FACET_ATTRIBUTE))];

/**
 * The document's facet values in one list, `attribute:value` (`free:true`, `languages:ar`). Asked
 * for as one facet, it gives every group's counts at once: for fewer than 3,000 candidates (most
 * searches with words) Meilisearch counts facets document by document, and one attribute per
 * document costs a fifth of twelve (measured on 10,000 services: 8–17 ms against 35–70 ms).
 */
export function facetKeysOf(doc: Record<string, unknown>): string[] {
  return FACET_ATTRIBUTES.flatMap((attribute) => {
    const value = doc[attribute];
    return (Array.isArray(value) ? value : [value]).map((v) => `${attribute}:${String(v)}`);
  });
}

/** The counts per attribute, as Meilisearch gives them for each facet asked by name. */
export function expandFacetKeys(
  distribution: Record<string, Record<string, number>> | undefined,
): Record<string, Record<string, number>> {
  const expanded: Record<string, Record<string, number>> = { ...distribution };
  for (const [key, count] of Object.entries(distribution?.facetKeys ?? {})) {
    const at = key.indexOf(':');
    (expanded[key.slice(0, at)] ??= {})[key.slice(at + 1)] = count;
  }
  return expanded;
}

export function toMeili(doc: SearchDocument): MeiliDocument {
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
export function fromMeili(doc: Partial<MeiliDocument> | RecordAny): SearchDocument {
  // weekend is not retrieved (not in RETRIEVED).
  // A hit holds the fields of RETRIEVED, as indexed.
  const { _geo, ...rest } = doc as Partial<MeiliDocument>;
  return { ...NOT_RETRIEVED, ...rest, geo: _geo ?? null } as SearchDocument;
}

export const NOT_RETRIEVED: Partial<SearchDocument> = {
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

/** Changes whenever the shape of an index document changes: a stored index of another shape is
 * rebuilt at start-up (server/search/index-sync.ts). */
export const MEILI_DOCUMENT_VERSION = createHash('sha256')
  .update(toMeili.toString())
  .digest('hex')
  .slice(0, 12);
