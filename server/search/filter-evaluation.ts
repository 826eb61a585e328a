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
  const addAll = (counts: Record<string, number>, values: readonly string[]) => {
    for (const value of values) tally(counts, value);
  };

  /** Adds one document's values for a facet to its counts (no allocation on the common path:
   * this runs for every candidate and every facet). */
  function count(counts: Record<string, number>, doc: SearchDocument, facet: FacetName): void {
    switch (facet) {
      case 'category':
        return tally(counts, doc.category);
      case 'cost':
        if (doc.free) tally(counts, 'free');
        return;
      case 'language':
        return addAll(counts, doc.languages);
      case 'district':
        return addAll(counts, doc.districts);
      case 'eligibility':
        return addAll(counts, doc.eligibility);
      case 'delivery':
        return addAll(counts, doc.delivery);
      case 'access':
        return addAll(counts, doc.access);
      case 'childcare':
        if (doc.childcare) tally(counts, '1');
        return;
      case 'level':
      case 'day':
      case 'time':
      case 'weekend': {
        if (!sessionActive) {
          // No session filter: the document's own lists say it all.
          if (facet === 'level') return addAll(counts, doc.levels);
          if (facet === 'day') return addAll(counts, doc.days);
          if (facet === 'time') return addAll(counts, doc.times);
          if (doc.days.some((d) => WEEKEND_DAYS.includes(d))) tally(counts, '1');
          return;
        }
        const matching = offeringsOf(doc).filter((o) => offeringMatches(o, facet));
        if (facet === 'weekend') {
          if (matching.some((o) => WEEKEND_DAYS.includes(o.day))) tally(counts, '1');
          return;
        }
        const values = new Set(matching.map((o) => o[facet]));
        values.delete('-');
        return addAll(counts, [...values]);
      }
    }
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
    for (const facet of FACETS) {
      const counts: Record<string, number> = {};
      const isSession = (SESSION_GROUPS as readonly string[]).includes(facet);
      let ignore = 0;
      docTests.forEach((t, i) => {
        if (t.group === facet) ignore |= 1 << i;
      });
      for (let i = 0; i < candidates.length; i++) {
        if ((masks[i]! & ~ignore) !== 0) continue;
        const doc = candidates[i]!;
        if (!isSession && !sessionFull[i]) continue;
        if (isSession && sessionActive && !sessionOk(doc, facet as SessionGroup)) continue;
        count(counts, doc, facet);
      }
      facets[facet] = counts;
    }
    return { matched, facets };
  }

  /** Whether one document passes every filter (ranking by preferred filters asks this). */
  const test = (doc: SearchDocument) => failures(doc) === 0 && sessionOk(doc);

  return { apply, test };
}
