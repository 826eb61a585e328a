// Newcomers search the demo directory through the real app: page, filters, facets, languages.
import request from 'supertest';
import { escapeHtml, h1, htmlLangDir } from '../support/html';
import type { TestApp } from '../support/test-app';
import { createTestApp } from '../support/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ seed: true });
});
afterAll(() => t.close());

interface ApiAnswer {
  total: number;
  page: number;
  pages: number;
  hits: { slug: string; category: string; languages: string[]; free: boolean; url: string }[];
  facets: Record<string, Record<string, number>>;
}
const api = async (query: Record<string, string | string[]>) => {
  const res = await request(t.app).get('/api/v1/services').query(query);
  expect(res.status).toBe(200);
  return res.body as ApiAnswer;
};
/** Every slug of a search, all pages. */
async function allSlugs(query: Record<string, string | string[]>): Promise<string[]> {
  const first = await api(query);
  const slugs = first.hits.map((h) => h.slug);
  for (let page = 2; page <= first.pages; page++)
    slugs.push(...(await api({ ...query, page: String(page) })).hits.map((h) => h.slug));
  return slugs;
}
const published = (filter: Record<string, unknown> = {}) =>
  t.models.Service.find({ ...filter, status: 'published' }).lean();

describe('filters against the demo data', () => {
  it('category, cost and language each give exactly the matching services', async () => {
    const housing = await published({ category: 'housing' });
    expect((await allSlugs({ category: 'housing' })).sort()).toEqual(
      housing.map((s) => s.slug).sort(),
    );
    const free = await published({ 'cost.type': 'free' });
    expect((await api({ cost: 'free' })).total).toBe(free.length);
    const arabic = await published({ languages: 'ar' });
    expect((await allSlugs({ language: 'ar' })).sort()).toEqual(arabic.map((s) => s.slug).sort());
  });

  it('evening A2 courses: each result has a real A2 session in the evening', async () => {
    const slugs = await allSlugs({ level: 'A2', time: 'evening' });
    expect(slugs.length).toBeGreaterThan(0);
    for (const slug of slugs) {
      const service = await t.models.Service.findOne({ slug }).lean();
      const sessions = await t.models.CourseSession.find({
        service: service!._id,
        level: 'A2',
        endDate: { $gte: new Date() },
      }).lean();
      expect(sessions.some((s) => s.startTime >= '17:00')).toBe(true);
    }
  });

  it('free language courses on Saturdays, in one combination', async () => {
    const slugs = await allSlugs({ category: 'language-course', cost: 'free', day: 'sat' });
    for (const slug of slugs) {
      const service = await t.models.Service.findOne({ slug }).lean();
      expect(service!.category).toBe('language-course');
      expect(service!.cost.type).toBe('free');
      const sessions = await t.models.CourseSession.find({ service: service!._id }).lean();
      const days = [
        ...sessions.flatMap((s) => s.days),
        ...(service!.schedule?.weekly ?? []).map((w) => w.day),
      ];
      expect(days).toContain('sat');
    }
  });

  it('a facet count equals the number of results once that value is chosen', async () => {
    const base = { category: 'language-course' };
    const { facets } = await api(base);
    for (const facet of ['level', 'time', 'language', 'district'] as const) {
      const param = { level: 'level', time: 'time', language: 'language', district: 'district' }[
        facet
      ];
      for (const [value, count] of Object.entries(facets[facet]!).slice(0, 4)) {
        expect((await api({ ...base, [param]: value })).total).toBe(count);
      }
    }
  });

  it('pages through all results without repeating one', async () => {
    const slugs = await allSlugs({});
    expect(slugs.length).toBe((await published()).length);
    expect(new Set(slugs).size).toBe(slugs.length);
  });
});

describe('search in the newcomer’s language', () => {
  it.each([
    ['uk', 'курси французької'],
    ['ar', 'دورة لغة فرنسية'],
    ['fa', 'کلاس فرانسه'],
    ['es', 'clases de francés'],
    ['en', 'French class'],
    ['fr', 'cours de français'],
  ])('%s "%s" finds every French course, mostly at the top', async (_lng, q) => {
    const answer = await api({ q });
    const courses = await published({ category: 'language-course', targetLanguage: 'fr' });
    // Mostly courses at the top (a grant to pay for courses may rightly be among them)…
    expect(
      answer.hits.slice(0, 5).filter((h) => h.category === 'language-course').length,
    ).toBeGreaterThanOrEqual(3);
    // …and not one French course missing.
    const found = new Set(await allSlugs({ q }));
    const missing = courses.filter((c) => !found.has(c.slug)).map((c) => c.slug);
    expect(missing).toEqual([]);
  });

  it.each([
    ['housng', 'housing'],
    ['logment', 'housing'],
    ['interprete', 'interpreting-translation'],
    ['interpeter', 'interpreting-translation'],
  ])('a typo "%s" still finds %s', async (q, category) => {
    expect((await api({ q })).hits[0]?.category).toBe(category);
  });
});

describe('the search page', () => {
  it('renders results, filters with counts and removable choices, without JavaScript', async () => {
    const res = await request(t.app).get('/fr/search').query({ category: 'housing', cost: 'free' });
    expect(res.status).toBe(200);
    expect(htmlLangDir(res.text)).toEqual({ lang: 'fr', dir: 'ltr' });
    const total = (await api({ category: 'housing', cost: 'free' })).total;
    expect(res.text).toContain(`${total} résultat`);
    expect(res.text).toMatch(
      /<form id="search-form" class="search-form" method="get" action="\/fr\/search"/,
    );
    expect(res.text).toMatch(/name="category" value="housing" checked/);
    // Each chosen filter has a link that removes it and keeps the other.
    expect(res.text).toContain('href="/fr/search?cost&#x3D;free"');
    expect(res.text).toContain('href="/fr/search?category&#x3D;housing"');
    expect(res.text).toMatch(/Logement <span class="count">\(\d+\)<\/span>/);
  });

  it('says what to loosen when nothing matches', async () => {
    const res = await request(t.app).get('/en/search').query({ q: 'zzzqqqxxx', level: 'C2' });
    expect(res.status).toBe(200);
    expect(res.text).toContain('No service matches your search.');
    expect(res.text).toContain('Try removing a choice above');
  });

  it('shows Arabic results right-to-left', async () => {
    const res = await request(t.app).get('/ar/search').query({ q: 'سكن' });
    expect(res.status).toBe(200);
    expect(htmlLangDir(res.text)).toEqual({ lang: 'ar', dir: 'rtl' });
    expect(res.text).toContain('class="card"');
  });

  it('echoes what was typed escaped, never as markup', async () => {
    const res = await request(t.app).get('/en/search').query({ q: '<script>alert(1)</script>' });
    expect(res.status).toBe(200);
    expect(res.text).not.toContain('<script>alert(1)</script>');
    expect(res.text).toContain(escapeHtml('<script>alert(1)</script>'));
  });

  it.each([
    ['en', { level: 'Z9' }, 'Something is wrong in the request'],
    ['fr', { day: 'funday' }, 'La demande contient une erreur'],
    ['ar', { page: '-3' }, undefined],
    ['en', { sort: 'nearest' }, 'Something is wrong in the request'],
  ])('answers invalid parameters with a 400 page in %s', async (lang, query, title) => {
    const res = await request(t.app).get(`/${lang}/search`).query(query);
    expect(res.status).toBe(400);
    expect(htmlLangDir(res.text).lang).toBe(lang);
    if (title) expect(h1(res.text)).toBe(title);
  });
});

describe('JSON API', () => {
  it('returns total, page, hits and facets', async () => {
    const body = await api({ category: 'health', lang: 'en' });
    expect(body).toMatchObject({ page: 1, total: expect.any(Number), facets: expect.any(Object) });
    expect(body.hits[0]).toMatchObject({
      category: 'health',
      url: expect.stringMatching(/^\/en\/services\//),
    });
  });

  it('names the bad parameter in a 400', async () => {
    const res = await request(t.app).get('/api/v1/services').query({ maxCost: 'lots' });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/json/);
    expect(Object.keys(res.body.error.parameters)).toEqual(['maxCost']);
  });

  it('returns one service, 404 for an unknown one', async () => {
    const service = (await published())[0]!;
    const res = await request(t.app).get(`/api/v1/services/${service.slug}`).query({ lang: 'en' });
    expect(res.status).toBe(200);
    expect(res.body.slug).toBe(service.slug);
    expect((await request(t.app).get('/api/v1/services/no-such-service')).status).toBe(404);
  });
});

describe('pages kept in memory', () => {
  it('answers 304 to a phone that already has the page, and a new page after a change', async () => {
    const url = '/fr/search?q=logement&cost=free';
    const first = await request(t.app).get(url).expect(200);
    const again = await request(t.app).get(url).expect(200);
    expect(again.text).toBe(first.text);
    const tag = again.headers.etag!;
    expect(tag).toBe(first.headers.etag);
    const unchanged = await request(t.app).get(url).set('If-None-Match', tag);
    expect(unchanged.status).toBe(304);
    expect(unchanged.text ?? '').toBe('');
    // A listing on the page changes: a new page, with a new tag.
    const [hit] = (await api({ q: 'logement', cost: 'free' })).hits;
    const service = (await t.models.Service.findOne({ slug: hit!.slug }))!;
    service.name!.set('fr', `${service.name!.get('fr')} (nouvelle adresse)`);
    await service.save();
    await t.indexer.serviceChanged(service._id);
    const changed = await request(t.app).get(url).set('If-None-Match', tag);
    expect(changed.status).toBe(200);
    expect(changed.text).toContain('(nouvelle adresse)');
    expect(changed.headers.etag).not.toBe(tag);
  });
});
