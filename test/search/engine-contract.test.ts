// One contract for every search engine adapter. The Meilisearch half runs when MEILI_URL is set
// (a real Meilisearch, e.g. in production CI) and is reported as skipped otherwise.
import { randomBytes } from 'node:crypto';
import { createEmbeddedEngine } from '../../server/search/embedded-engine';
import { createMeilisearchEngine } from '../../server/search/meilisearch-engine';
import type { SearchEngine, SearchFilters, SearchQuery } from '../../server/search/search-engine';
import {
  ALL,
  CENTRE,
  EVENING_A2,
  HOUSING,
  INTERPRETING,
  MALLEY,
  MORNING_B1,
  NOW,
} from './fixtures';

const engines: [string, (() => SearchEngine) | undefined][] = [
  ['embedded', () => createEmbeddedEngine()],
  [
    'meilisearch',
    process.env.MEILI_URL
      ? () =>
          createMeilisearchEngine({
            url: process.env.MEILI_URL!,
            key: process.env.MEILI_KEY,
            indexName: `contract_${randomBytes(4).toString('hex')}`,
          })
      : undefined,
  ],
];

describe.each(engines)('%s search engine contract', (_name, make) => {
  const run = make ? describe : describe.skip;
  run('behaves as the app expects', () => {
    let engine: SearchEngine;
    beforeAll(async () => {
      engine = make!();
      await engine.init();
      await engine.replaceAll(ALL);
    }, 60_000);

    const query = (
      q: string | undefined,
      filters: SearchFilters = {},
      extra: Partial<SearchQuery> = {},
    ) =>
      engine.search({
        q,
        filters,
        sort: 'relevance',
        page: 1,
        pageSize: 20,
        now: NOW.getTime(),
        ...extra,
      });
    const slugs = async (
      q: string | undefined,
      filters: SearchFilters = {},
      extra: Partial<SearchQuery> = {},
    ) => (await query(q, filters, extra)).hits.map((h) => h.document.slug).sort();

    it.each([
      ['français', [EVENING_A2, MORNING_B1]],
      ['francais', [EVENING_A2, MORNING_B1]],
      ['французької', [EVENING_A2]],
      ['житло', [HOUSING]],
      ['السكن', [HOUSING]],
      ['ቋንቋ', [INTERPRETING]],
      ['interpreting', [INTERPRETING]],
    ])('finds "%s" in its own script', async (q, expected) => {
      expect(await slugs(q)).toEqual(expected.map((d) => d.slug).sort());
    });

    it.each([
      ['logment', HOUSING],
      ['fracais', EVENING_A2],
      ['францзької', EVENING_A2],
      ['interpretariat', INTERPRETING],
    ])('tolerates one typo: "%s"', async (q, expected) => {
      expect(await slugs(q)).toContain(expected.slug);
    });

    it.each<[string, SearchFilters, string[]]>([
      ['free', { free: true }, [EVENING_A2.slug, HOUSING.slug]],
      ['up to CHF 50', { maxCost: 50 }, [EVENING_A2.slug, HOUSING.slug, INTERPRETING.slug]],
      ['category', { category: ['housing'] }, [HOUSING.slug]],
      ['given in Ukrainian', { languages: ['uk'] }, [HOUSING.slug]],
      [
        'given in Tigrinya or Arabic',
        { languages: ['ti', 'ar'] },
        [EVENING_A2.slug, HOUSING.slug, INTERPRETING.slug],
      ],
      ['district', { districts: ['Centre'] }, [EVENING_A2.slug, INTERPRETING.slug]],
      ['within 1 km of Malley', { near: { ...MALLEY, radiusKm: 1 } }, [HOUSING.slug]],
      ['for women', { eligibility: ['women'] }, [EVENING_A2.slug]],
      ['step-free', { access: ['step-free'] }, [HOUSING.slug]],
      ['childcare', { childcare: true }, [EVENING_A2.slug]],
      ['by phone', { delivery: ['phone'] }, [HOUSING.slug, INTERPRETING.slug]],
      ['evening A2 (one real session)', { levels: ['A2'], times: ['evening'] }, [EVENING_A2.slug]],
      ['A2 on Thursday', { levels: ['A2'], days: ['thu'] }, [MORNING_B1.slug]],
      ['B1 in the evening: none', { levels: ['B1'], times: ['evening'] }, []],
      ['Saturday', { days: ['sat'] }, [INTERPRETING.slug]],
      ['weekend', { weekend: true }, [INTERPRETING.slug]],
      ['afternoon', { times: ['afternoon'] }, [HOUSING.slug]],
      ['starts within 4 weeks', { startsWithinWeeks: 4 }, [EVENING_A2.slug]],
      [
        'free evening courses in Centre',
        { free: true, times: ['evening'], districts: ['Centre'] },
        [EVENING_A2.slug],
      ],
    ])('filters: %s', async (_case, filters, expected) => {
      expect(await slugs(undefined, filters)).toEqual([...expected].sort());
    });

    it('counts each facet with the other filters applied, not its own', async () => {
      const result = await query(undefined, { category: ['housing'] });
      expect(result.total).toBe(1);
      expect(result.facets.category).toMatchObject({
        'language-course': 2,
        housing: 1,
        'interpreting-translation': 1,
      });
      expect(result.facets.language.uk).toBe(1);
      const evening = await query(undefined, { times: ['evening'] });
      expect(evening.facets.level).toEqual({ A2: 1 });
      expect(evening.facets.time).toMatchObject({ evening: 1, morning: 2, afternoon: 1 });
    });

    it('counts level, day, time and weekend on one and the same session', async () => {
      const result = await query(undefined, { levels: ['A2'], times: ['morning'] });
      expect(result.hits.map((h) => h.document.slug)).toEqual([MORNING_B1.slug]);
      expect(result.facets.level).toEqual({ A2: 1, B1: 1 });
      expect(result.facets.time).toEqual({ evening: 1, morning: 1 });
      expect(result.facets.day).toEqual({ thu: 1 });
      expect(result.facets.weekend).toEqual({});
      const weekend = await query(undefined, { weekend: true });
      expect(weekend.facets.day).toEqual({ sat: 1 });
      expect(weekend.facets.weekend).toEqual({ '1': 1 });
    });

    it.each<[string, SearchFilters, string | undefined]>([
      ['a level', { levels: ['B1'] }, undefined],
      ['a time', { times: ['morning'] }, undefined],
      ['a day', { days: ['sat'] }, undefined],
      ['weekend and a level', { weekend: true, levels: ['A2'] }, undefined],
      ['a day and a level', { days: ['thu'], levels: ['A2'] }, undefined],
      ['two days and a time', { days: ['mon', 'tue'], times: ['evening', 'morning'] }, undefined],
      ['weekend and a day', { weekend: true, days: ['sat', 'thu'] }, undefined],
      [
        'level, day and time',
        { levels: ['A2', 'B1'], days: ['thu', 'tue'], times: ['morning'] },
        undefined,
      ],
      ['words and a level', { levels: ['A2'], times: ['evening'] }, 'français'],
      [
        'a session filter and others',
        { times: ['morning'], free: false, languages: ['fr'] },
        undefined,
      ],
    ])('counts every facet as the embedded engine does: %s', async (_case, filters, q) => {
      const reference = createEmbeddedEngine();
      await reference.init();
      await reference.replaceAll(ALL);
      const ask = {
        q,
        filters,
        sort: 'relevance' as const,
        page: 1,
        pageSize: 20,
        now: NOW.getTime(),
      };
      const [expected, actual] = await Promise.all([reference.search(ask), engine.search(ask)]);
      expect(actual.total).toBe(expected.total);
      expect(actual.facets).toEqual(expected.facets);
    });

    it('gives as many results as a facet value promised', async () => {
      const base: SearchFilters = { free: true };
      const { facets } = await query(undefined, base);
      for (const [language, count] of Object.entries(facets.language)) {
        expect((await query(undefined, { ...base, languages: [language] })).total).toBe(count);
      }
      for (const [category, count] of Object.entries(facets.category)) {
        expect((await query(undefined, { ...base, category: [category] })).total).toBe(count);
      }
    });

    it('pages through results', async () => {
      const first = await query(undefined, {}, { pageSize: 3, page: 1 });
      const second = await query(undefined, {}, { pageSize: 3, page: 2 });
      expect(first.total).toBe(4);
      expect(first.hits).toHaveLength(3);
      expect(second.hits).toHaveLength(1);
      const seen = [...first.hits, ...second.hits].map((h) => h.document.slug);
      expect(new Set(seen).size).toBe(4);
    });

    it('sorts by name (slug, byte order) for browsing listings, paged and filtered', async () => {
      const all = ALL.map((d) => d.slug).sort();
      const first = await query(undefined, {}, { sort: 'name', pageSize: 3 });
      const rest = await query(undefined, {}, { sort: 'name', pageSize: 3, page: 2 });
      expect([...first.hits, ...rest.hits].map((h) => h.document.slug)).toEqual(all);
      expect(first.total).toBe(ALL.length);
      const courses = await query(undefined, { category: ['language-course'] }, { sort: 'name' });
      expect(courses.hits.map((h) => h.document.slug)).toEqual(
        ALL.filter((d) => d.category === 'language-course')
          .map((d) => d.slug)
          .sort(),
      );
    });

    it("filters one organisation's services, with the other filters", async () => {
      const own = await query(undefined, { organisation: 'org-babel' }, { sort: 'name' });
      expect(own.hits.map((h) => h.document.slug)).toEqual(
        [EVENING_A2.slug, MORNING_B1.slug].sort(),
      );
      expect(own.total).toBe(2);
      const none = await query(undefined, { organisation: 'org-unknown' });
      expect(none.total).toBe(0);
      const evening = await query('français', { organisation: 'org-babel', times: ['evening'] });
      expect(evening.hits.map((h) => h.document.slug)).toEqual([EVENING_A2.slug]);
    });

    it('finds the one service with a slug', async () => {
      const found = await query(undefined, { slug: HOUSING.slug });
      expect(found.hits.map((h) => h.document.id)).toEqual([HOUSING.id]);
      expect((await query(undefined, { slug: 'no-such-service' })).total).toBe(0);
      // Exact: a slug that only starts like one finds nothing.
      expect((await query(undefined, { slug: HOUSING.slug.slice(0, -1) })).total).toBe(0);
    });

    it('sorts by soonest session and by distance', async () => {
      const soonest = await query(
        undefined,
        { category: ['language-course'] },
        { sort: 'soonest' },
      );
      expect(soonest.hits.map((h) => h.document.slug)).toEqual([EVENING_A2.slug, MORNING_B1.slug]);
      const nearest = await query(undefined, {}, { sort: 'nearest', origin: MALLEY });
      expect(nearest.hits[0]!.document.slug).toBe(HOUSING.slug);
      expect(nearest.hits[0]!.distanceKm).toBeLessThan(0.1);
      const fromCentre = await query(
        undefined,
        { near: { ...CENTRE, radiusKm: 0.5 } },
        { sort: 'nearest' },
      );
      expect(fromCentre.hits.map((h) => h.document.slug).sort()).toEqual(
        [EVENING_A2.slug, INTERPRETING.slug].sort(),
      );
    });

    describe('ranking: relevance first, freshness only among equals', () => {
      const day = 86_400_000;
      // Services made for one case each, with words no other service has. The freshest is
      // always the one that should come last, so freshness alone would give the wrong order.
      const made = (
        slug: string,
        text: Partial<Pick<typeof HOUSING, 'title' | 'summary' | 'body' | 'keywords'>>,
        daysAgo: number,
        extra: Partial<typeof HOUSING> = {},
      ) => ({
        ...HOUSING,
        id: slug,
        slug,
        title: `Service ${slug}`,
        summary: '',
        body: '',
        keywords: '',
        lastVerifiedAt: NOW.getTime() - daysAgo * day,
        ...text,
        ...extra,
      });
      const ranked = async (q: string, docs: ReturnType<typeof made>[]) => {
        await engine.upsert(docs);
        try {
          return (await query(q)).hits
            .map((h) => h.document.slug)
            .filter((slug) => docs.some((d) => d.slug === slug));
        } finally {
          await engine.remove(docs.map((d) => d.id));
        }
      };

      it('puts a match in the name above the summary, above the description and the topic', async () => {
        const order = await ranked('trottinette', [
          made('by-topic', { keywords: 'trottinette' }, 1, { category: 'money-debt' }),
          made('by-description', { body: 'Réparer une trottinette' }, 2),
          made('by-summary', { summary: 'Votre trottinette réparée' }, 3),
          made('by-name', { title: 'Atelier trottinette' }, 200),
        ]);
        expect(order.slice(0, 2)).toEqual(['by-name', 'by-summary']);
        // The description and the topic are one tier.
        expect(order.slice(2).sort()).toEqual(['by-description', 'by-topic']);
      });

      it('puts services with all the words above those with some', async () => {
        const order = await ranked('trottinette électrique', [
          made('one-word-in-name', { title: 'Atelier trottinette' }, 1),
          made('both-words-in-description', { body: 'Une trottinette électrique à réparer' }, 200),
        ]);
        expect(order).toEqual(['both-words-in-description', 'one-word-in-name']);
      });

      it('puts exact words above typo-corrected ones', async () => {
        expect(
          await ranked('fahrrad', [
            made('typo-in-name', { title: 'Atelier fahrrat' }, 1),
            made('exact-in-description', { body: 'Ein fahrrad reparieren' }, 200),
          ]),
        ).toEqual(['exact-in-description', 'typo-in-name']);
      });

      it("finds a name written with another last vowel of a Ge'ez word", async () => {
        expect(await ranked('ትምህርት', [made('written', { title: 'ትምህርቲ ቋንቋ' }, 1)])).toEqual([
          'written',
        ]);
      });

      // Our tokenizer's Arabic-script folding; Meilisearch's own tokenizer does not fold these
      // (its adapter would have to send folded text): embedded engine only for now.
      (_name === 'embedded' ? it.each : it.skip.each)([
        ['Persian letters typed on an Arabic keyboard', 'كلاس فرانسوي', 'کلاس فرانسوی'],
        ['the Arabic article and ta marbuta', 'الإستشارة', 'استشاره'],
      ])('finds a name written with %s', async (_case, q, name) => {
        expect(await ranked(q, [made('written', { title: name }, 1)])).toEqual(['written']);
      });

      it('takes a word naming a language as the language a course teaches', async () => {
        const course = (slug: string, targetLanguage: string, daysAgo: number) =>
          made(
            slug,
            {
              title: `Cours ${slug}`,
              keywords: "cours de langue cours de français cours d'allemand",
            },
            daysAgo,
            { category: 'language-course', targetLanguage },
          );
        const order = await ranked('allemand', [
          course('cours-fr', 'fr', 1),
          course('cours-de', 'de', 200),
        ]);
        expect(order[0]).toBe('cours-de');
      });
    });

    it('ranks recently verified services first among equals', async () => {
      const twin = (slug: string, lastVerifiedAt: number) => ({
        ...HOUSING,
        id: slug,
        slug,
        title: 'Atelier vélo solidaire',
        keywords: '',
        body: 'Réparer son vélo',
        lastVerifiedAt,
      });
      const day = 86_400_000;
      await engine.upsert([
        twin('twin-stale', NOW.getTime() - 300 * day),
        twin('twin-fresh', NOW.getTime() - day),
      ]);
      try {
        expect((await query('vélo')).hits.map((h) => h.document.slug)).toEqual([
          'twin-fresh',
          'twin-stale',
        ]);
      } finally {
        await engine.remove(['twin-stale', 'twin-fresh']);
      }
    });

    it('applies updates and removals', async () => {
      const renamed = {
        ...HOUSING,
        title: 'Conseil bail loyer',
        display: { ...HOUSING.display, name: { fr: 'Conseil bail' } },
      };
      await engine.upsert([renamed]);
      expect(await slugs('bail')).toEqual([HOUSING.slug]);
      expect(await slugs('Housing')).toEqual([]);
      await engine.remove([HOUSING.id]);
      expect(await slugs('bail')).toEqual([]);
      expect((await query(undefined)).total).toBe(3);
      await engine.upsert([HOUSING]);
      expect((await query(undefined)).total).toBe(4);
    });
  });
});
