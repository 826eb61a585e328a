// Filters and facet counts for the embedded engine, in plain code over in-memory documents.
// Multi-value groups are "any of" (language=ar&language=fa: given in Arabic or Farsi). Session
// filters (level, day, time, weekend) must hold for one and the same offering. Facet counts are
// disjunctive: each group is counted with every other group's filter applied, not its own, so a
// number says how many results choosing that value would give.
import type { SearchDocument } from './search-document';
import type { FacetName, SearchFilters } from './search-engine';
import { distanceKm, FACETS, WEEK_MS, WEEKEND_DAYS } from './search-engine';

type DocGroup = Exclude<FacetName, SessionGroup> | 'near' | 'startsWithin';
type SessionGroup = 'level' | 'day' | 'time' | 'weekend';
const SESSION_GROUPS: readonly SessionGroup[] = ['level', 'day', 'time', 'weekend'];

const anyOf = (selected: string[] | undefined, values: string[]) =>
  !selected?.length || values.some((value) => selected.includes(value));

interface Offering {
  level: string;
  day: string;
  time: string;
}

// Offerings are parsed once per document and kept beside it.
const offeringCache = new WeakMap<SearchDocument, Offering[]>();
function offeringsOf(doc: SearchDocument): Offering[] {
  let offerings = offeringCache.get(doc);
  if (!offerings) {
    offerings = doc.offerings.map((key) => {
      const [level = '-', day = '', time = ''] = key.split('|');
      return { level, day, time };
    });
    offeringCache.set(doc, offerings);
  }
  return offerings;
}

/** The values of one facet seen so far, each with a small number: facet counts add up numbers in
 * an array instead of strings in an object (this runs for every candidate and every facet of a
 * first-time search, thousands of documents times twelve groups). */
class FacetValues {
  readonly names: string[] = [];
  private readonly codes = new Map<string, number>();
  code(value: string): number {
    let code = this.codes.get(value);
    if (code === undefined) {
      code = this.names.length;
      this.codes.set(value, code);
      this.names.push(value);
    }
    return code;
  }
  counts(tallies: Uint32Array): Record<string, number> {
    const counts: Record<string, number> = {};
    tallies.forEach((n, code) => {
      if (n > 0) counts[this.names[code]!] = n;
    });
    return counts;
  }
}
const FACET_VALUES = FACETS.map(() => new FacetValues());

/** A document's values for a facet, without any session filter (its own lists say it all). */
function facetValues(doc: SearchDocument, facet: FacetName): readonly string[] {
  switch (facet) {
    case 'category':
      return [doc.category];
    case 'cost':
      return doc.free ? ['free'] : [];
    case 'language':
      return doc.languages;
    case 'district':
      return doc.districts;
    case 'eligibility':
      return doc.eligibility;
    case 'delivery':
      return doc.delivery;
    case 'access':
      return doc.access;
    case 'childcare':
      return doc.childcare ? ['1'] : [];
    case 'level':
      return doc.levels;
    case 'day':
      return doc.days;
    case 'time':
      return doc.times;
    case 'weekend':
      return doc.days.some((d) => WEEKEND_DAYS.includes(d)) ? ['1'] : [];
  }
}

// Documents are replaced, never changed, when a service changes: their codes are kept beside them.
const facetCodeCache = new WeakMap<SearchDocument, number[][]>();
function facetCodesOf(doc: SearchDocument): number[][] {
  let codes = facetCodeCache.get(doc);
  if (!codes) {
    codes = FACETS.map((facet, f) => facetValues(doc, facet).map((v) => FACET_VALUES[f]!.code(v)));
    facetCodeCache.set(doc, codes);
  }
  return codes;
}

export function compileFilters(filters: SearchFilters, now: number) {
  const docTests: { group: DocGroup; test: (doc: SearchDocument) => boolean }[] = [];
  const add = (group: DocGroup, test: (doc: SearchDocument) => boolean) =>
    docTests.push({ group, test });

  if (filters.category?.length) add('category', (d) => filters.category!.includes(d.category));
  if (filters.free) add('cost', (d) => d.free);
  else if (filters.maxCost != null) add('cost', (d) => d.costAmount <= filters.maxCost!);
  if (filters.languages?.length) add('language', (d) => anyOf(filters.languages, d.languages));
  if (filters.districts?.length) add('district', (d) => anyOf(filters.districts, d.districts));
  if (filters.eligibility?.length)
    add('eligibility', (d) => anyOf(filters.eligibility, d.eligibility));
  if (filters.delivery?.length) add('delivery', (d) => anyOf(filters.delivery, d.delivery));
  if (filters.access?.length) add('access', (d) => anyOf(filters.access, d.access));
  if (filters.childcare) add('childcare', (d) => d.childcare);
  if (filters.near) {
    const { radiusKm, ...point } = filters.near;
    add('near', (d) => d.geo !== null && distanceKm(point, d.geo) <= radiusKm);
  }
  if (filters.startsWithinWeeks != null) {
    const until = now + filters.startsWithinWeeks * WEEK_MS;
    add('startsWithin', (d) => d.sessionStarts.some((start) => start >= now && start <= until));
  }

  const sessionActive = Boolean(
    filters.levels?.length || filters.days?.length || filters.times?.length || filters.weekend,
  );
  const offeringMatches = (o: Offering, except?: SessionGroup) =>
    (except === 'level' || !filters.levels?.length || filters.levels.includes(o.level)) &&
    (except === 'day' || !filters.days?.length || filters.days.includes(o.day)) &&
    (except === 'time' || !filters.times?.length || filters.times.includes(o.time)) &&
    (except === 'weekend' || !filters.weekend || WEEKEND_DAYS.includes(o.day));
  const sessionOk = (doc: SearchDocument, except?: SessionGroup) =>
    !sessionActive || offeringsOf(doc).some((o) => offeringMatches(o, except));

  /** Bit i set: the document fails docTests[i]. */
  function failures(doc: SearchDocument): number {
    let mask = 0;
    for (let i = 0; i < docTests.length; i++) if (!docTests[i]!.test(doc)) mask |= 1 << i;
    return mask;
  }

  const tally = (counts: Record<string, number>, value: string): void => {
    counts[value] = (counts[value] ?? 0) + 1;
  };

  /** Adds one document's session values for a facet, when a session filter is active: only the
   * offerings that pass the other session filters count. */
  function countSessions(counts: Record<string, number>, doc: SearchDocument, facet: SessionGroup) {
    const matching = offeringsOf(doc).filter((o) => offeringMatches(o, facet));
    if (facet === 'weekend') {
      if (matching.some((o) => WEEKEND_DAYS.includes(o.day))) tally(counts, '1');
      return;
    }
    const values = new Set(matching.map((o) => o[facet]));
    values.delete('-');
    for (const value of values) tally(counts, value);
  }

  /** Filters the candidates and counts every facet, in two passes. */
  function apply(candidates: SearchDocument[]) {
    const masks = new Int32Array(candidates.length);
    const sessionFull = new Uint8Array(candidates.length);
    const matched: SearchDocument[] = [];
    for (let i = 0; i < candidates.length; i++) {
      const doc = candidates[i]!;
      masks[i] = failures(doc);
      sessionFull[i] = sessionOk(doc) ? 1 : 0;
      if (masks[i] === 0 && sessionFull[i]) matched.push(doc);
    }
    const facets = {} as Record<FacetName, Record<string, number>>;
    const coded = candidates.map(facetCodesOf);
    FACETS.forEach((facet, f) => {
      const isSession = (SESSION_GROUPS as readonly string[]).includes(facet);
      let ignore = 0;
      docTests.forEach((t, i) => {
        if (t.group === facet) ignore |= 1 << i;
      });
      const slow: Record<string, number> = {};
      const tallies = new Uint32Array(FACET_VALUES[f]!.names.length);
      for (let i = 0; i < candidates.length; i++) {
        if ((masks[i]! & ~ignore) !== 0) continue;
        if (isSession && sessionActive) {
          const doc = candidates[i]!;
          if (sessionOk(doc, facet as SessionGroup))
            countSessions(slow, doc, facet as SessionGroup);
          continue;
        }
        if (!isSession && !sessionFull[i]) continue;
        for (const code of coded[i]![f]!) tallies[code]!++;
      }
      facets[facet] = isSession && sessionActive ? slow : FACET_VALUES[f]!.counts(tallies);
    });
    return { matched, facets };
  }

  /** Whether one document passes every filter (ranking by preferred filters asks this). */
  const test = (doc: SearchDocument) => failures(doc) === 0 && sessionOk(doc);

  return { apply, test };
}
