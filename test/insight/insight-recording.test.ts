// Coordinators see what newcomers looked for and what they did not find, from anonymous counts
// (issue #18): a known set of searches (page and API, several languages, some finding nothing,
// some answered from the page cache), listings opened and sheets printed, recorded through
// the real app and the embedded database, equals every figure of the insight pages and CSVs.
import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { USAGE_FIELDS } from '../../server/models/usage-count';
import { sweepEverythingExpired } from '../../server/database/sweep-expired';
import { SESSION_COLLECTION } from '../../server/web/sessions';
import type { Agent } from '../support/signed-in';
import { DEMO, postForm, signIn } from '../support/signed-in';
import type { TestApp } from '../support/test-app';
import { createTestApp } from '../support/test-app';

const TODAY = '2026-11-10';
const now = () => new Date(`${TODAY}T10:00:00Z`);
const RANGE = `from=${TODAY}&to=${TODAY}`;

let t: TestApp;
let coordinator: Agent;
let slugs: string[];

/** The CSV of a view, as records keyed by its header (the French one). */
async function csvOf(view: string): Promise<Record<string, string>[]> {
  const res = await coordinator.get(`/fr/admin/insight/${view}?${RANGE}&format=csv`);
  expect(res.status).toBe(200);
  expect(res.type).toBe('text/csv');
  return parse(res.text.replace(/^\uFEFF/, ''), { columns: true }) as Record<string, string>[];
}
/** One number of a CSV: its table (section title), row key and column. */
const figure = (rows: Record<string, string>[], table: string, key: string, column: string) =>
  rows.find((r) => r.Tableau === table && r.Code === key && r.Colonne === column)?.Valeur;

beforeAll(async () => {
  t = await createTestApp({ seed: true, now });
  slugs = (await t.models.Service.find({ status: 'published' }, { slug: 1 }).limit(2).lean()).map(
    (s) => s.slug,
  );
  const anonymous = request(t.app);
  const page = (url: string) => anonymous.get(url).set('User-Agent', 'Secret-Agent/1.0');
  // French page: two searches that find French courses (the second from the page cache),
  // one page 2 (not another search), and three that find nothing (two of them cached).
  for (const url of [
    '/fr/search?q=francais',
    '/fr/search?q=francais',
    '/fr/search?q=francais&page=2',
  ])
    expect((await page(url)).status).toBe(200);
  for (let i = 0; i < 3; i++) {
    const res = await page('/fr/search?q=zzqxw+vvbnq');
    expect(res.text).toContain('zzqxw vvbnq');
  }
  // English page with a category filter and the district filter (name only is kept).
  expect((await page('/en/search?category=language-course&district=Centre')).status).toBe(200);
  // Arabic through the JSON API: one search with results, two that find nothing.
  const found = await page('/api/v1/services?lang=ar&category=housing');
  expect(found.body.total).toBeGreaterThan(0);
  for (let i = 0; i < 2; i++)
    expect((await page('/api/v1/services?lang=ar&q=qqxzv+wwpfk')).body.total).toBe(0);
  // Listings: twice in French (the second from the page cache), once in English; a missing one.
  for (const url of [
    `/fr/services/${slugs[0]}`,
    `/fr/services/${slugs[0]}`,
    `/en/services/${slugs[1]}`,
  ])
    expect((await page(url)).status).toBe(200);
  expect((await page('/fr/services/no-such-service')).status).toBe(404);
  // Front desk: one sheet with two services, for a client reading Arabic.
  const staff = await signIn(t.app, DEMO.staff);
  for (const slug of slugs) await postForm(staff, '/fr/referrals/items', { slug });
  expect((await staff.get('/fr/referrals/sheet?client=ar')).status).toBe(200);
  await t.services.insightRecorder.flush();
  coordinator = await signIn(t.app, DEMO.coordinator);
});
afterAll(async () => t?.close());

describe('demand', () => {
  it('counts searches per day and language, cached pages and the API included', async () => {
    const rows = await csvOf('demand');
    const perDay = 'Recherches par jour';
    expect(figure(rows, perDay, TODAY, 'français')).toBe('5');
    expect(figure(rows, perDay, TODAY, 'anglais')).toBe('1');
    expect(figure(rows, perDay, TODAY, 'arabe')).toBe('3');
    expect(figure(rows, perDay, TODAY, 'Total')).toBe('9');
    const byLanguage = 'Recherches par langue';
    expect(figure(rows, byLanguage, 'fr', 'Recherches')).toBe('5');
    expect(figure(rows, byLanguage, 'ar', 'Recherches')).toBe('3');
    const categories = 'Catégories les plus recherchées';
    expect(figure(rows, categories, 'language-course', 'anglais')).toBe('1');
    expect(figure(rows, categories, 'housing', 'arabe')).toBe('1');
  });

  it('shows the same numbers on the page, with a chart and its table', async () => {
    const res = await coordinator.get(`/fr/admin/insight/demand?${RANGE}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('<svg');
    expect(res.text).toMatch(/<th scope="row"><bdi>français<\/bdi><\/th><td><bdi>5<\/bdi><\/td>/);
  });
});

describe('unmet demand', () => {
  it('gives the zero-result rate by language', async () => {
    const rows = await csvOf('unmet');
    const table = 'Recherches sans résultat, par langue';
    expect(figure(rows, table, 'fr', 'Recherches')).toBe('5');
    expect(figure(rows, table, 'fr', 'Sans résultat')).toBe('3');
    expect(figure(rows, table, 'fr', 'Part sans résultat')).toBe('60');
    expect(figure(rows, table, 'ar', 'Sans résultat')).toBe('2');
    expect(figure(rows, table, 'en', 'Sans résultat')).toBe('0');
  });

  it('shows a query that found nothing three times, and not one searched twice', async () => {
    const rows = await csvOf('unmet');
    const table = 'Recherches répétées sans résultat';
    expect(figure(rows, table, 'zzqxw vvbnq', 'Recherches')).toBe('3');
    expect(rows.some((r) => r.Code === 'qqxzv wwpfk')).toBe(false);
    const page = await coordinator.get(`/fr/admin/insight/unmet?${RANGE}`);
    expect(page.text).toContain('zzqxw vvbnq');
    expect(page.text).not.toContain('qqxzv');
    // Counted all the same: the two Arabic searches are in the rate above.
    const stored = await t.models.UsageCount.findOne({ query: 'qqxzv wwpfk' }).lean();
    expect(stored?.count).toBe(2);
  });
});

describe('referrals and listings', () => {
  it('counts sheets printed per service and category, and listings opened', async () => {
    const rows = await csvOf('referrals');
    const services = await t.models.Service.find({ slug: { $in: slugs } }).lean();
    for (const s of services)
      expect(figure(rows, "Fiches d'orientation imprimées, par service", s.slug, 'Nombre')).toBe(
        '1',
      );
    const perCategory = new Map<string, number>();
    for (const s of services) perCategory.set(s.category, (perCategory.get(s.category) ?? 0) + 1);
    for (const [category, n] of perCategory)
      expect(
        figure(rows, "Fiches d'orientation imprimées, par catégorie", category, 'Nombre'),
      ).toBe(String(n));
    const views = 'Fiches de service les plus consultées';
    expect(figure(rows, views, slugs[0]!, 'Nombre')).toBe('2');
    expect(figure(rows, views, slugs[1]!, 'Nombre')).toBe('1');
    expect(rows.some((r) => r.Code === 'no-such-service')).toBe(false);
  });
});

describe('privacy', () => {
  it('stores only day, kind, language, filters, outcome, words of empty searches, service and count', async () => {
    const docs = await t.models.UsageCount.collection.find().toArray();
    expect(docs.length).toBeGreaterThan(0);
    for (const doc of docs)
      for (const key of Object.keys(doc)) expect(USAGE_FIELDS as readonly string[]).toContain(key);
    const text = JSON.stringify(docs);
    for (const personal of ['Secret-Agent', '127.0.0.1', DEMO.staff, 'francais'])
      expect(text).not.toContain(personal);
    // Words are kept only for searches that found nothing; filter values never (district).
    for (const doc of docs) if (doc.query) expect(doc.zeroResult).toBe(true);
    expect(text).not.toContain('Centre');
    expect(docs.find((d) => d.language === 'en' && d.kind === 'search')?.filters).toEqual([
      'district',
    ]);
  });

  it('a burst of identical searches is one write per flush', async () => {
    for (let i = 0; i < 50; i++) await request(t.app).get('/api/v1/services?q=qzqzq+wvwvw');
    expect(await t.services.insightRecorder.flush()).toBe(1);
    expect((await t.models.UsageCount.findOne({ query: 'qzqzq wvwvw' }).lean())?.count).toBe(50);
  });

  it('removes counters older than the retention with the expiry sweep', async () => {
    const old = new Date(Date.now() - 40 * 86_400_000);
    await t.models.UsageCount.create({
      _id: 'old',
      day: old,
      kind: 'view',
      language: 'fr',
      service: 'x',
      count: 1,
    });
    await t.models.UsageCount.create({
      _id: 'recent',
      day: new Date(),
      kind: 'view',
      language: 'fr',
      service: 'x',
      count: 1,
    });
    await new Promise<void>((resolve) => {
      const stop = sweepEverythingExpired(
        {
          models: t.models,
          connection: t.connection,
          sessionCollection: SESSION_COLLECTION,
          usageRetentionDays: 30,
        },
        20,
        () => {
          stop();
          resolve();
        },
      );
    });
    expect(await t.models.UsageCount.exists({ _id: 'old' })).toBeNull();
    expect(await t.models.UsageCount.exists({ _id: 'recent' })).not.toBeNull();
  });
});

describe('switched off', () => {
  it('records nothing when INSIGHT_RECORDING=false', async () => {
    const off = await createTestApp({ env: { INSIGHT_RECORDING: 'false' } });
    try {
      await request(off.app).get('/fr/search?q=zzqxw');
      await request(off.app).get('/api/v1/services?q=zzqxw');
      await off.services.insightRecorder.flush();
      expect(await off.models.UsageCount.countDocuments()).toBe(0);
    } finally {
      await off.close();
    }
  });
});

describe('coordinators only', () => {
  it('asks for sign-in, refuses staff, and answers bad dates with a translated 400', async () => {
    expect((await request(t.app).get('/fr/admin/insight/demand')).status).toBe(302);
    const staff = await signIn(t.app, DEMO.staff);
    expect((await staff.get('/fr/admin/insight/demand')).status).toBe(403);
    const bad = await coordinator.get('/fr/admin/insight/demand?from=2026-13-45');
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('lang="fr"');
    expect(
      (await coordinator.get(`/fr/admin/insight/demand?from=${TODAY}&to=2026-11-01`)).status,
    ).toBe(400);
    expect((await coordinator.get('/fr/admin/insight/report?month=2026-13')).status).toBe(400);
  });

  it('prints a monthly report with every view', async () => {
    const res = await coordinator.get('/fr/admin/insight/report?month=2026-11');
    expect(res.status).toBe(200);
    expect(res.text).toContain('Rapport mensuel : novembre 2026');
    expect(res.text).toContain('zzqxw vvbnq');
  });
});

describe('needs', () => {
  it('names the need a search asked for by its words, in any language', async () => {
    await request(t.app).get('/api/v1/services?lang=en&q=dentist');
    await t.services.insightRecorder.flush();
    const rows = await csvOf('demand');
    expect(figure(rows, 'Besoins les plus recherchés', 'dentist', 'anglais')).toBe('1');
    // The words themselves are not kept: the search found services.
    const docs = await t.models.UsageCount.find({ needs: 'dentist' }).lean();
    expect(docs.map((d) => [d.language, d.query, d.count])).toEqual([['en', undefined, 1]]);
  });
});

describe('coverage', () => {
  it('counts published services per category and language given in, as stored', async () => {
    const rows = await csvOf('coverage');
    const table = 'Services publiés par catégorie et langue de prestation';
    const services = await t.models.Service.find({ status: 'published' }).lean();
    for (const category of ['language-course', 'housing'])
      for (const [lang, name] of [
        ['fr', 'français'],
        ['ar', 'arabe'],
      ] as const) {
        const expected = services.filter(
          (s) => s.category === category && s.languages.includes(lang),
        ).length;
        expect(figure(rows, table, category, name)).toBe(String(expected));
      }
  });
});
