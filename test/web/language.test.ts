import request from 'supertest';
import type { TestApp } from '../support/test-app';
import { createTestApp } from '../support/test-app';
import { escapeHtml } from '../support/html';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ seed: true });
});
afterAll(() => t.close());

describe('language in the URL', () => {
  it.each([
    ['ar-SA,ar;q=0.9,en;q=0.5', '/ar'],
    ['en-GB,en;q=0.9', '/en'],
    ['de-CH, it;q=0.5', '/fr'],
    ['', '/fr'],
  ])('redirects / with Accept-Language "%s" to %s', async (header, target) => {
    const req = request(t.app).get('/');
    const res = await (header ? req.set('Accept-Language', header) : req);
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe(target);
    expect(res.headers.vary).toMatch(/Accept-Language/);
  });

  it('remembers the language chosen in the switcher, and / honours it first', async () => {
    const page = await request(t.app).get('/fr/categories/housing?page=1');
    expect(page.text).toContain(
      `href="${escapeHtml('/language/ar?to=%2Fcategories%2Fhousing%3Fpage%3D1')}"`,
    );
    const switched = await request(t.app)
      .get('/language/ar')
      .query({ to: '/categories/housing?page=1' });
    expect(switched.status).toBe(303);
    expect(switched.headers.location).toBe('/ar/categories/housing?page=1');
    const cookie = switched.headers['set-cookie']![0]!;
    expect(cookie).toMatch(/^lang=ar; Max-Age=31536000; Path=\/; HttpOnly; SameSite=Lax$/);
    const home = await request(t.app)
      .get('/')
      .set('Cookie', 'lang=ar')
      .set('Accept-Language', 'en');
    expect(home.headers.location).toBe('/ar');
    // A cookie naming a language not offered is ignored.
    const other = await request(t.app)
      .get('/')
      .set('Cookie', 'lang=xx')
      .set('Accept-Language', 'en');
    expect(other.headers.location).toBe('/en');
  });

  it.each(['//evil.example/x', 'https://evil.example/', '/\\evil.example'])(
    'never redirects off the site from the switcher (%s)',
    async (to) => {
      const res = await request(t.app).get('/language/en').query({ to });
      expect(res.headers.location).toBe('/en');
    },
  );

  it('answers 404 for a language the deployment does not offer', async () => {
    expect((await request(t.app).get('/language/de')).status).toBe(404);
    const res = await request(t.app).get('/de');
    expect(res.status).toBe(404);
  });

  it('falls back to the local language for text not translated, and says so', async () => {
    // A service with no Arabic text at all (every demo listing has some: its Arabic is removed).
    const published = await t.models.Service.findOne({ status: 'published' }, { _id: 1 }).lean();
    await t.models.Service.updateOne(
      { _id: published!._id },
      {
        $unset: {
          'name.ar': '',
          'summary.ar': '',
          'description.ar': '',
          'access.note.ar': '',
          'documents.ar': '',
          'translations.ar': '',
        },
      },
    );
    const service = await t.models.Service.findById(published!._id).lean();
    expect(service).toBeTruthy();
    expect((service!.name as unknown as Record<string, string>).ar).toBeUndefined();
    const frName = (service!.name as unknown as Record<string, string>).fr!;
    const res = await request(t.app).get(`/ar/services/${service!.slug}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('<html lang="ar" dir="rtl">');
    // The French name is marked as French inside the Arabic page…
    expect(res.text).toContain(`<span lang="fr" dir="auto">${escapeHtml(frName)}</span>`);
    // …and the notice, in Arabic, names the language shown.
    expect(res.text).toContain('class="notice"');
    expect(res.text).toContain(new Intl.DisplayNames(['ar'], { type: 'language' }).of('fr'));
  });

  it('shows the visitor’s own language without a notice when the text exists', async () => {
    const service = await t.models.Service.findOne({
      'name.ar': { $exists: true },
      'summary.ar': { $exists: true },
      'description.ar': { $exists: true },
    }).lean();
    if (!service) throw new Error('demo data should have services with Arabic text');
    const arName = (service.name as unknown as Record<string, string>).ar!;
    const res = await request(t.app).get(`/ar/services/${service.slug}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain(escapeHtml(arName));
  });
});
