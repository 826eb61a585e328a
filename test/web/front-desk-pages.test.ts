// The HTML of the search, service and basket pages as the server sends it: no form inside
// another (a browser drops the inner one), the confirmation and "in the referral" state after
// adding, and the service page's warning when out of date, its way back to the results (this
// site's search only), opening hours in week order, map links and dates without a doubled stop.
import request from 'supertest';
import type { Agent } from '../support/signed-in';
import { DEMO, postForm, signIn } from '../support/signed-in';
import { escapeHtml } from '../support/html';
import type { TestApp } from '../support/test-app';
import { createTestApp } from '../support/test-app';

let t: TestApp;
let staff: Agent;
const DAY_MS = 24 * 60 * 60 * 1000;

beforeAll(async () => {
  t = await createTestApp({ seed: true, env: { LANGUAGES: 'fr,en,ar,uk' } });
  staff = await signIn(t.app, DEMO.staff);
}, 60_000);
afterAll(() => t.close());

/** Each <form> opened while another is still open, as "outer > inner" actions. */
function nestedForms(html: string): string[] {
  const nested: string[] = [];
  const open: string[] = [];
  for (const [, closing, attributes] of html.matchAll(/<(\/?)form\b([^>]*)>/gi)) {
    if (closing) open.pop();
    else {
      const action = /action="([^"]*)"/.exec(attributes ?? '')?.[1] ?? '?';
      if (open.length > 0) nested.push(`${open.at(-1)} > ${action}`);
      open.push(action);
    }
  }
  return nested;
}

async function publishedService(filter: Record<string, unknown> = {}) {
  return (await t.models.Service.findOne({ status: 'published', ...filter }).lean())!;
}

describe('no form inside another', () => {
  it('on the search page, a service page and the basket page of front-desk staff', async () => {
    const service = await publishedService({ category: 'health' });
    const added = await postForm(staff, '/fr/referrals/items', { slug: service.slug });
    expect(added.status).toBe(303);
    // A service page with its "add" form (one not in the basket yet).
    const other = await publishedService({ slug: { $ne: service.slug } });
    const pages = ['/fr/search?q=dentaire', '/fr/search?q=cours', `/fr/services/${other.slug}`];
    for (const address of [...pages, '/fr/referrals']) {
      const res = await staff.get(address).expect(200);
      // The pages tested do hold several forms (search, add, sign out, basket lines).
      expect({ address, forms: res.text.match(/<form\b/g)!.length > 1 }).toEqual({
        address,
        forms: true,
      });
      expect({ address, nested: nestedForms(res.text) }).toEqual({ address, nested: [] });
    }
    // The filters still belong to the search form, from outside it.
    const search = await staff.get('/fr/search?q=cours').expect(200);
    expect(search.text).toContain('<form id="search-form"');
    expect(search.text).toMatch(/<input type="checkbox"[^>]* form="search-form"/);
    expect(search.text).toMatch(/<button type="submit" form="search-form">/);
  });

  it('would catch a nested form (the check itself works)', () => {
    expect(nestedForms('<form action="/a"><form action="/b"></form></form>')).toEqual(['/a > /b']);
    expect(nestedForms('<form action="/a"></form><form action="/b"></form>')).toEqual([]);
  });
});

describe('after "add to referral"', () => {
  it('comes back to the page with a confirmation, the count, and "in the referral"', async () => {
    const agent = await signIn(t.app, DEMO.staff);
    const page = await agent.get('/fr/search?q=dentaire').expect(200);
    const slug = /href="\/fr\/services\/([a-z0-9-]+)\?/.exec(page.text)![1]!;
    // The add form returns to this search with the flag for its service.
    expect(page.text).toContain(
      `name="back" value="${escapeHtml(`/fr/search?q=dentaire&added=${slug}`)}"`,
    );
    expect(page.text).toContain('Orientation (0)');

    const added = await postForm(agent, '/fr/referrals/items', {
      slug,
      back: `/fr/search?q=dentaire&added=${slug}`,
    });
    expect(added.status).toBe(303);
    const after = await agent.get(added.headers.location!).expect(200);
    expect(after.text).toMatch(/<p class="notice notice-done" role="status">Offre ajoutée/);
    expect(after.text).toContain('Orientation (1)');
    expect(after.text).toContain('Dans l’orientation — voir ou retirer');
    expect(after.text).not.toContain(`name="slug" value="${slug}"`);
    // Reloading the search without the flag: no message, still "in the referral".
    const plain = await agent.get('/fr/search?q=dentaire').expect(200);
    expect(plain.text).not.toContain('role="status">Offre ajoutée');
    expect(plain.text).toContain('Dans l’orientation — voir ou retirer');
    // A flag for a service that is not in the basket says nothing.
    const other = await publishedService({ slug: { $ne: slug } });
    const forged = await agent.get(`/fr/search?q=dentaire&added=${other.slug}`).expect(200);
    expect(forged.text).not.toContain('role="status">Offre ajoutée');
  });

  it('shows visitors neither the count nor the add buttons', async () => {
    const res = await request(t.app).get('/fr/search?q=dentaire').expect(200);
    expect(res.text).not.toContain('Orientation (');
    expect(res.text).not.toContain('/fr/referrals/items');
  });
});

describe('service page', () => {
  it('warns when the service was not checked for longer than STALE_AFTER_DAYS (120)', async () => {
    const [old, fresh] = await t.models.Service.find({ status: 'published' }).limit(2).lean();
    await t.models.Service.updateOne(
      { _id: old!._id },
      { lastVerifiedAt: new Date(Date.now() - 199 * DAY_MS) },
    );
    await t.models.Service.updateOne(
      { _id: fresh!._id },
      { lastVerifiedAt: new Date(Date.now() - 100 * DAY_MS) },
    );
    const stale = await staff.get(`/fr/services/${old!.slug}`).expect(200);
    expect(stale.text).toContain('Vérifié il y a 199 jours');
    expect(stale.text).toContain(
      '<p class="notice notice-warning">Ces informations n’ont pas été vérifiées depuis longtemps',
    );
    const current = await staff.get(`/fr/services/${fresh!.slug}`).expect(200);
    expect(current.text).toContain('Vérifié il y a 100 jours');
    expect(current.text).not.toContain('notice-warning');
    const api = await request(t.app).get(`/api/v1/services/${old!.slug}`).expect(200);
    expect(api.body).toMatchObject({ stale: true });
  });

  it('links back to the results it was opened from, and only to this site’s search', async () => {
    const service = await publishedService();
    const search = await request(t.app).get('/fr/search?q=cours&cost=free').expect(200);
    // Result links carry the search (language-free: the service page puts its own).
    expect(search.text).toContain(
      `${escapeHtml(`?back=${encodeURIComponent('/search?q=cours&cost=free')}`)}"`,
    );
    const page = await request(t.app)
      .get(`/ar/services/${service.slug}`)
      .query({ back: '/search?q=cours&cost=free' })
      .expect(200);
    expect(page.text).toContain(
      `<p class="back-link"><a href="${escapeHtml('/ar/search?q=cours&cost=free')}">`,
    );

    for (const back of [
      '//evil.example/search',
      'https://evil.example/search',
      '/\\evil.example/search',
      '/search\\@evil.example',
      'javascript:alert(1)',
      '/admin',
      '/fr/search?q=x',
      '/search?q=a b',
      '/search#x',
      `/search?q=${'a'.repeat(2100)}`,
    ]) {
      const res = await request(t.app)
        .get(`/fr/services/${service.slug}`)
        .query({ back })
        .expect(200);
      expect({ back, link: res.text.includes('back-link') }).toEqual({ back, link: false });
    }
    const twice = await request(t.app)
      .get(`/fr/services/${service.slug}?back=%2Fsearch&back=%2Fsearch`)
      .expect(200);
    expect(twice.text).not.toContain('back-link');
  });

  it('lists opening hours in week order, links each place to a map', async () => {
    const service = (await t.models.Service.findOne({
      status: 'published',
      'locations.0': { $exists: true },
    }).lean())!;
    const locationId = service.locations![0]!;
    await t.models.Location.updateOne(
      { _id: locationId },
      {
        openingHours: [
          { day: 'fri', opens: '09:00', closes: '12:00' },
          { day: 'mon', opens: '18:00', closes: '20:00' },
          { day: 'wed', opens: '14:00', closes: '17:00' },
          { day: 'mon', opens: '08:30', closes: '11:30' },
        ],
        geo: { lat: 46.5191, lng: 6.6323 },
      },
    );
    const res = await staff.get(`/fr/services/${service.slug}`).expect(200);
    const order = [
      'lundi, de 08:30 à 11:30',
      'lundi, de 18:00 à 20:00',
      'mercredi, de 14:00 à 17:00',
      'vendredi, de 09:00 à 12:00',
    ].map((slot) => res.text.indexOf(slot));
    expect(order.every((at) => at > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(res.text).toContain(
      `<a href="${escapeHtml('https://www.openstreetmap.org/?mlat=46.5191&mlon=6.6323#map=17/46.5191/6.6323')}" rel="noopener">Voir sur un plan`,
    );
  });

  it('writes a Ukrainian date at the end of a sentence with one full stop', async () => {
    const service = await publishedService();
    await t.models.Service.updateOne(
      { _id: service._id },
      {
        'schedule.validFrom': new Date('2027-09-01T00:00:00Z'),
        'schedule.validUntil': new Date('2027-09-29T00:00:00Z'),
      },
    );
    const uk = await staff.get(`/uk/services/${service.slug}`).expect(200);
    expect(uk.text).toContain('Цей розклад діє з 1 вересня 2027 р. до 29 вересня 2027 р.</p>');
    expect(uk.text).not.toContain('р..');
    const fr = await staff.get(`/fr/services/${service.slug}`).expect(200);
    expect(fr.text).toContain(
      'Ces horaires sont valables du 1 septembre 2027 au 29 septembre 2027.',
    );
  });
});
