// Filters and facet counts for the embedded engine, in plain code over in-memory documents.
// Multi-value groups are "any of" (language=ar&language=fa: given in Arabic or Farsi). Session
// filters (level, day, time, weekend) must hold for one and the same offering. Facet counts are
// disjunctive: each group is counted with every other group's filter applied, not its own, so a
// number says how many results choosing that value would give.
import type { SearchDocument } from './search-document';
import type { FacetName, SearchFilters } from './search-engine';
import { distanceKm, FACETS, WEEK_MS, WEEKEND_DAYS } from './search-engine';

type DocGroup =
  Exclude<FacetName, SessionGroup> | 'near' | 'startsWithin' | 'organisation' | 'slug';
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
      const name = this.names[code];
      if (n > 0 && name !== undefined) counts[name] = n;
    });
    return counts;
  }
}
const FACET_VALUES = FACETS.map((facet) => ({ facet, values: new FacetValues() }));

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
    codes = FACET_VALUES.map(({ facet, values }) =>
      facetValues(doc, facet).map((v) => values.code(v)),
    );
    facetCodeCache.set(doc, codes);
  }
  return codes;
}

export function compileFilters(filters: SearchFilters, now: number) {
  const docTests: { group: DocGroup; test: (doc: SearchDocument) => boolean }[] = [];
  const add = (group: DocGroup, test: (doc: SearchDocument) => boolean) =>
    docTests.push({ group, test });

  const { category, maxCost } = filters;
  if (category?.length) add('category', (d) => category.includes(d.category));
  const { organisation } = filters;
  if (organisation !== undefined) add('organisation', (d) => d.organisation === organisation);
  const { slug } = filters;
  if (slug !== undefined) add('slug', (d) => d.slug === slug);
  if (filters.free) add('cost', (d) => d.free);
  else if (maxCost != null) add('cost', (d) => d.costAmount <= maxCost);
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
    let bit = 1;
    for (const { test } of docTests) {
      if (!test(doc)) mask |= bit;
      bit <<= 1;
    }
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
    // Per candidate: the filters it fails (bit i: docTests[i]), whether it passes the session
    // filters, and its facet codes.
    const rows = candidates.map((doc) => ({
      doc,
      mask: failures(doc),
      sessionFull: sessionOk(doc),
      codes: facetCodesOf(doc),
    }));
    const matched = rows.filter((r) => r.mask === 0 && r.sessionFull).map((r) => r.doc);
    const facets = {} as Record<FacetName, Record<string, number>>;
    FACET_VALUES.forEach(({ facet, values }, f) => {
      const isSession = (SESSION_GROUPS as readonly string[]).includes(facet);
      let ignore = 0;
      docTests.forEach((t, i) => {
        if (t.group === facet) ignore |= 1 << i;
      });
      const slow: Record<string, number> = {};
      const tallies = new Uint32Array(values.names.length);
      for (const row of rows) {
        if ((row.mask & ~ignore) !== 0) continue;
        if (isSession && sessionActive) {
          if (sessionOk(row.doc, facet as SessionGroup))
            countSessions(slow, row.doc, facet as SessionGroup);
          continue;
        }
        if (!isSession && !row.sessionFull) continue;
        // Codes are made per facet, in FACET_VALUES' order: row.codes[f] is always there.
        for (const code of row.codes[f] ?? []) tallies[code] = (tallies[code] ?? 0) + 1;
      }
      facets[facet] = isSession && sessionActive ? slow : values.counts(tallies);
    });
    return { matched, facets };
  }

  /** Whether one document passes every filter (ranking by preferred filters asks this). */
  const test = (doc: SearchDocument) => failures(doc) === 0 && sessionOk(doc);

  return { apply, test };
}
