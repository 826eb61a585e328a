// A newcomer browses the demo directory in French, English and Arabic.
import request from 'supertest';
import { escapeHtml, h1, htmlLangDir } from '../support/html';
import { DEMO, postForm, signIn } from '../support/signed-in';
import type { TestApp } from '../support/test-app';
import { createTestApp } from '../support/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ seed: true });
});
afterAll(() => t.close());

const LANGUAGES = [
  ['fr', 'ltr'],
  ['en', 'ltr'],
  ['ar', 'rtl'],
] as const;

describe.each(LANGUAGES)('browse pages in %s', (lang, dir) => {
  it('home lists every category with its number of published services', async () => {
    const res = await request(t.app).get(`/${lang}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(htmlLangDir(res.text)).toEqual({ lang, dir });
    const categories = await t.models.Category.find().lean();
    expect(categories).toHaveLength(13);
    for (const category of categories) {
      const name = (category.name as unknown as Record<string, string>)[lang]!;
      expect(res.text).toContain(`href="/${lang}/categories/${category.slug}"`);
      expect(res.text).toContain(escapeHtml(name));
    }
    const housing = await t.models.Service.countDocuments({
      category: 'housing',
      status: 'published',
    });
    const link = res.text.slice(res.text.indexOf(`/${lang}/categories/housing`));
    expect(link.slice(0, 400)).toContain(new Intl.NumberFormat(lang).format(housing));
  });

  it('category page lists only published services of that category', async () => {
    const draft = await t.models.Service.findOneAndUpdate(
      { category: 'legal-aid', status: 'published' },
      { status: 'draft' },
      { returnDocument: 'after' },
    ).lean();
    try {
      const res = await request(t.app).get(`/${lang}/categories/legal-aid`);
      expect(res.status).toBe(200);
      expect(htmlLangDir(res.text)).toEqual({ lang, dir });
      const published = await t.models.Service.find({
        category: 'legal-aid',
        status: 'published',
      }).lean();
      expect(published.length).toBeGreaterThan(0);
      for (const s of published.slice(0, 20))
        expect(res.text).toContain(`/${lang}/services/${s.slug}"`);
      expect(res.text).not.toContain(`/${lang}/services/${draft!.slug}"`);
      const other = await t.models.Service.findOne({ category: { $ne: 'legal-aid' } }).lean();
      expect(res.text).not.toContain(`/${lang}/services/${other!.slug}"`);
    } finally {
      await t.models.Service.updateOne({ _id: draft!._id }, { status: 'published' });
    }
  });

  it('service page shows what a newcomer needs', async () => {
    const course = await t.models.Service.findOne({
      category: 'language-course',
      status: 'published',
    }).lean();
    const sessions = await t.models.CourseSession.find({
      service: course!._id,
      endDate: { $gte: new Date() },
    }).lean();
    const organisation = await t.models.Organisation.findById(course!.organisation).lean();
    const res = await request(t.app).get(`/${lang}/services/${course!.slug}`);
    expect(res.status).toBe(200);
    expect(htmlLangDir(res.text)).toEqual({ lang, dir });
    const names = course!.name as unknown as Record<string, string>;
    expect(h1(res.text)).toBe(escapeHtml(names[lang] ?? names.fr!));
    expect(res.text).toContain(escapeHtml(organisation!.name));
    expect(res.text).toContain(`href="/${lang}/organisations/${organisation!.slug}"`);
    // Freshness, sessions, languages, contact, places.
    expect(res.text).toMatch(/class="checked"/);
    if (sessions.length > 0) expect(res.text).toContain('class="session"');
    const languageName = new Intl.DisplayNames([lang], { type: 'language' }).of(
      course!.languages[0]!,
    )!;
    expect(res.text).toContain(escapeHtml(languageName));
    const phone = course!.contact?.phone ?? organisation!.phone;
    if (phone) expect(res.text).toContain(`href="tel:${phone}"`);
    expect(res.text).toContain('<address>');
  });

  it('organisation page lists its services and places', async () => {
    const organisation = await t.models.Organisation.findOne({ slug: { $exists: true } })
      .sort({ slug: 1 })
      .lean();
    const services = await t.models.Service.find({
      organisation: organisation!._id,
      status: 'published',
    }).lean();
    const res = await request(t.app).get(`/${lang}/organisations/${organisation!.slug}`);
    expect(res.status).toBe(200);
    expect(htmlLangDir(res.text)).toEqual({ lang, dir });
    expect(h1(res.text)).toBe(escapeHtml(organisation!.name));
    for (const s of services) expect(res.text).toContain(`/${lang}/services/${s.slug}"`);
  });

  it('answers unknown pages with a 404 page in the same language', async () => {
    for (const path of [
      '/no-such-page',
      '/services/no-such-service',
      '/categories/not-a-category',
      '/organisations/Bad_Slug!',
    ]) {
      const res = await request(t.app).get(`/${lang}${path}`);
      expect(res.status).toBe(404);
      expect(htmlLangDir(res.text)).toEqual({ lang, dir });
      const expected = { fr: 'Page introuvable', en: 'Page not found', ar: undefined }[lang];
      if (expected) expect(h1(res.text)).toBe(expected);
      else expect(h1(res.text)).not.toBe('');
    }
  });
});

describe('listing parameters', () => {
  it('rejects a malformed page number with a translated 400', async () => {
    const res = await request(t.app).get('/en/categories/housing?page=abc');
    expect(res.status).toBe(400);
    expect(h1(res.text)).toBe('Something is wrong in the request');
  });

  it('answers 404 past the last page', async () => {
    const res = await request(t.app).get('/fr/categories/housing?page=99');
    expect(res.status).toBe(404);
  });
});

describe('category listings and counts come from the search index', () => {
  const listed = (html: string) =>
    [...html.matchAll(/href="\/fr\/services\/([a-z0-9-]+)"/g)].map((m) => m[1] ?? '');

  it('pages a category in slug order, every published service once, as the database holds them', async () => {
    const published = await t.models.Service.find({
      category: 'language-course',
      status: 'published',
    })
      .sort({ slug: 1 })
      .lean();
    expect(published.length).toBeGreaterThan(20);
    const pages: string[] = [];
    for (let page = 1; page <= Math.ceil(published.length / 20); page++) {
      const res = await request(t.app).get(`/fr/categories/language-course?page=${page}`);
      expect(res.status).toBe(200);
      pages.push(...new Set(listed(res.text)));
    }
    expect(pages).toEqual(published.map((s) => s.slug));
  });

  it('opens a published service the search index has not heard of yet (a change still in the outbox)', async () => {
    const source = (await t.models.Service.findOne({ status: 'published' }).lean())!;
    const { _id, uuid, slug, createdAt, updatedAt, ...fields } = source;
    void [_id, uuid, createdAt, updatedAt];
    const copy = await t.models.Service.create({ ...fields, slug: `${slug}-hors-index` });
    const res = await request(t.app).get(`/fr/services/${copy.slug}`);
    expect(res.status).toBe(200);
    expect((await request(t.app).get(`/fr/services/${slug}-inconnu`)).status).toBe(404);
  });

  it('follows an edit made through the app: an archived service leaves its category, its organisation page and the counts at once', async () => {
    const agent = await signIn(t.app, DEMO.coordinator);
    const service = (await t.models.Service.findOne({
      category: 'housing',
      status: 'published',
    }).lean())!;
    const housingBefore = await t.models.Service.countDocuments({
      category: 'housing',
      status: 'published',
    });
    const archived = await postForm(agent, `/fr/provider/services/${service._id}/archive`, {});
    expect(archived.status).toBe(303);
    const listing = await agent.get('/fr/categories/housing');
    expect(listed(listing.text)).not.toContain(service.slug);
    const organisation = (await t.models.Organisation.findById(service.organisation).lean())!;
    const own = await agent.get(`/fr/organisations/${organisation.slug}`);
    expect(own.status).toBe(200);
    expect(listed(own.text)).not.toContain(service.slug);
    const home = await agent.get('/fr');
    const link = home.text.slice(home.text.indexOf('/fr/categories/housing'));
    expect(link.slice(0, 400)).toContain(new Intl.NumberFormat('fr').format(housingBefore - 1));
  });
});
