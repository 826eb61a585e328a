// The embedded engine's filters and facet counts (filter-evaluation.ts) over hand-made documents,
// without an index: which documents pass, and what each facet value would give if chosen.
import { compileFilters } from '../../server/search/filter-evaluation';
import type { SearchDocument } from '../../server/search/search-document';
import type { SearchFilters } from '../../server/search/search-engine';

const NOW = Date.UTC(2026, 11, 3, 10);
const DAY = 86_400_000;
const CENTRE = { lat: 46.5225, lng: 6.6328 };

function aDocument(id: string, fields: Partial<SearchDocument> = {}): SearchDocument {
  return {
    id,
    slug: id,
    organisation: 'org-1',
    title: id,
    keywords: '',
    needText: '',
    summary: '',
    body: '',
    targetLanguage: null,
    category: 'counselling',
    needs: [],
    costAmount: 0,
    free: true,
    languages: ['fr'],
    districts: [],
    eligibility: [],
    delivery: ['in-person'],
    access: [],
    childcare: false,
    offerings: [],
    levels: [],
    days: [],
    times: [],
    sessionStarts: [],
    nextSessionStart: null,
    geo: null,
    lastVerifiedAt: NOW,
    display: { name: { fr: id }, summary: {}, organisationName: '', cost: { type: 'free' } },
    ...fields,
  };
}

/** A course with sessions given as "level|day|time" offerings. */
const aCourse = (id: string, offerings: string[], fields: Partial<SearchDocument> = {}) =>
  aDocument(id, {
    category: 'language-course',
    offerings,
    levels: [...new Set(offerings.map((o) => o.split('|')[0]!))],
    days: [...new Set(offerings.map((o) => o.split('|')[1]!))],
    times: [...new Set(offerings.map((o) => o.split('|')[2]!))],
    ...fields,
  });

const EVENING_A2_TUESDAY = aCourse('a2-tue-evening', ['A2|tue|evening'], {
  languages: ['fr', 'ar'],
  districts: ['Centre'],
  childcare: true,
  geo: CENTRE,
  sessionStarts: [NOW + 14 * DAY],
});
const B1_SATURDAY_A2_MONDAY = aCourse('b1-sat-a2-mon', ['B1|sat|morning', 'A2|mon|morning'], {
  free: false,
  costAmount: 120,
  languages: ['fr', 'uk'],
  districts: ['Ouchy'],
  delivery: ['in-person', 'online'],
  geo: { lat: 46.5076, lng: 6.6264 },
  sessionStarts: [NOW, NOW + 8 * 7 * DAY],
});
const HOUSING_DESK = aDocument('housing-desk', {
  category: 'housing',
  free: false,
  costAmount: 20,
  languages: ['fr', 'fa'],
  districts: ['Centre', 'Malley'],
  access: ['step-free'],
  eligibility: ['women'],
});
const ALL = [EVENING_A2_TUESDAY, B1_SATURDAY_A2_MONDAY, HOUSING_DESK];

const matching = (filters: SearchFilters, docs = ALL) =>
  compileFilters(filters, NOW)
    .apply(docs)
    .matched.map((d) => d.id);
const facets = (filters: SearchFilters, docs = ALL) =>
  compileFilters(filters, NOW).apply(docs).facets;

describe('compileFilters: which documents pass', () => {
  it('lets everything through without filters, and answers an empty candidate list', () => {
    expect(matching({})).toEqual(['a2-tue-evening', 'b1-sat-a2-mon', 'housing-desk']);
    const empty = compileFilters({ languages: ['fr'] }, NOW).apply([]);
    expect(empty.matched).toEqual([]);
    expect(Object.values(empty.facets).every((counts) => Object.keys(counts).length === 0)).toBe(
      true,
    );
  });

  it('reads a group of values as "any of", and empty groups as no filter', () => {
    expect(matching({ languages: ['uk', 'fa'] })).toEqual(['b1-sat-a2-mon', 'housing-desk']);
    expect(matching({ category: ['housing', 'language-course'] })).toHaveLength(3);
    expect(matching({ category: [], languages: [], districts: [] })).toHaveLength(3);
  });

  it('applies every group at once ("all of" between groups)', () => {
    expect(matching({ languages: ['fr'], districts: ['Centre'], category: ['housing'] })).toEqual([
      'housing-desk',
    ]);
  });

  it('matches nothing for a value no document has', () => {
    expect(matching({ languages: ['xx'] })).toEqual([]);
    expect(matching({ category: ['astrology'] })).toEqual([]);
    expect(matching({ districts: ['Atlantis'] })).toEqual([]);
  });

  it('counts a fee up to and including the maximum; "free" wins over a maximum', () => {
    expect(matching({ maxCost: 20 })).toEqual(['a2-tue-evening', 'housing-desk']);
    expect(matching({ maxCost: 19.99 })).toEqual(['a2-tue-evening']);
    expect(matching({ free: true, maxCost: 500 })).toEqual(['a2-tue-evening']);
  });

  it('holds session filters to one and the same session', () => {
    // An A2 course on Monday and a B1 course on Saturday are not an A2 course on Saturday.
    expect(matching({ levels: ['A2'], days: ['sat'] })).toEqual([]);
    expect(matching({ levels: ['A2'], days: ['mon'] })).toEqual(['b1-sat-a2-mon']);
    expect(matching({ levels: ['A2'], times: ['evening'] })).toEqual(['a2-tue-evening']);
    expect(matching({ weekend: true })).toEqual(['b1-sat-a2-mon']);
    expect(matching({ weekend: true, levels: ['A2'] })).toEqual([]);
  });

  it('keeps services without sessions out once a session filter is on', () => {
    expect(matching({ days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] })).not.toContain(
      'housing-desk',
    );
  });

  it('counts a session starting now or exactly at the end of the window, not one started', () => {
    const started = aCourse('started', ['A1|mon|morning'], { sessionStarts: [NOW - 1] });
    const docs = [...ALL, started];
    expect(matching({ startsWithinWeeks: 2 }, docs)).toEqual(['a2-tue-evening', 'b1-sat-a2-mon']);
    expect(matching({ startsWithinWeeks: 1 }, docs)).toEqual(['b1-sat-a2-mon']);
  });

  it('keeps places within the radius, and services without a place out of a "near" search', () => {
    // Ouchy is about 1.7 km from the centre.
    expect(matching({ near: { ...CENTRE, radiusKm: 1 } })).toEqual(['a2-tue-evening']);
    expect(matching({ near: { ...CENTRE, radiusKm: 2 } })).toEqual([
      'a2-tue-evening',
      'b1-sat-a2-mon',
    ]);
  });

  it('answers test() for one document as apply() does for the list', () => {
    const filters: SearchFilters = { levels: ['A2'], delivery: ['online'] };
    const compiled = compileFilters(filters, NOW);
    expect(ALL.filter(compiled.test).map((d) => d.id)).toEqual(matching(filters));
    expect(matching(filters)).toEqual(['b1-sat-a2-mon']);
  });
});

describe('compileFilters: facet counts', () => {
  it('counts every value of every document without filters', () => {
    const counts = facets({});
    expect(counts.language).toEqual({ fr: 3, ar: 1, uk: 1, fa: 1 });
    expect(counts.district).toEqual({ Centre: 2, Ouchy: 1, Malley: 1 });
    expect(counts.cost).toEqual({ free: 1 });
    expect(counts.childcare).toEqual({ '1': 1 });
    expect(counts.weekend).toEqual({ '1': 1 });
    expect(counts.level).toEqual({ A2: 2, B1: 1 });
  });

  it('counts a group without its own filter: the numbers say what choosing a value would give', () => {
    const counts = facets({ languages: ['uk'] });
    // Other languages stay on offer with what they would add …
    expect(counts.language).toEqual({ fr: 3, ar: 1, uk: 1, fa: 1 });
    // … while every other group counts only the Ukrainian-speaking service.
    expect(counts.category).toEqual({ 'language-course': 1 });
    expect(counts.district).toEqual({ Ouchy: 1 });
  });

  it('still offers the real values when the filter asks for one nobody has', () => {
    const counts = facets({ languages: ['xx'] });
    expect(counts.language).toEqual({ fr: 3, ar: 1, uk: 1, fa: 1 });
    expect(counts.category).toEqual({});
  });

  it('counts session values over the sessions that pass the other session filters', () => {
    const counts = facets({ levels: ['A2'] });
    // Only A2 sessions count for days and times: B1 on Saturday morning is not offered.
    expect(counts.day).toEqual({ tue: 1, mon: 1 });
    expect(counts.time).toEqual({ evening: 1, morning: 1 });
    expect(counts.weekend).toEqual({});
    // The level group itself is counted without the level filter.
    expect(counts.level).toEqual({ A2: 2, B1: 1 });
    // A non-session group counts the documents that pass the whole filter.
    expect(counts.category).toEqual({ 'language-course': 2 });
  });
});
