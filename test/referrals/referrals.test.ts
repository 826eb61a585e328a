// Front desk referrals through HTTP, the session store and the directory: staff-only basket and
// sheet, both languages on the sheet, and the public share link (works without login, reveals
// only the listed services, expires).
import request from 'supertest';
import type { TestApp } from '../support/test-app';
import { createTestApp } from '../support/test-app';
import type { Agent } from '../support/signed-in';
import { DEMO, csrfFrom, postForm, signIn } from '../support/signed-in';

let t: TestApp;
let slugs: string[];
beforeAll(async () => {
  t = await createTestApp({ seed: true });
  // Three published services with a phone, from three categories.
  const picks = await Promise.all(
    ['language-course', 'housing', 'interpreting-translation'].map((category) =>
      t.models.Service.findOne({ category: category as never, status: 'published' })
        .sort({ slug: 1 })
        .lean(),
    ),
  );
  slugs = picks.map((s) => s!.slug);
  // The first file of a run seeds the demo directory: a while on a busy machine.
}, 120_000);
afterAll(async () => t?.close());

async function staffWithBasket(lang = 'fr'): Promise<Agent> {
  const staff = await signIn(t.app, DEMO.staff, lang);
  for (const slug of slugs) {
    const added = await postForm(
      staff,
      `/${lang}/referrals/items`,
      { slug, back: `/${lang}/search?q=x` },
      lang,
    );
    expect(added.status).toBe(303);
    expect(added.headers.location).toBe(`/${lang}/search?q=x`);
  }
  return staff;
}

const shareLink = (html: string) =>
  /href="http:\/\/localhost:\d+(\/[a-z]{2}\/r\/[A-Za-z0-9_-]{22})"/.exec(html)![1]!;

describe('access', () => {
  it('keeps the basket and the sheet to centre staff and coordinators', async () => {
    const anonymous = request.agent(t.app);
    const token = csrfFrom((await anonymous.get('/fr/login')).text);
    const add = await anonymous
      .post('/fr/referrals/items')
      .type('form')
      .send({ slug: slugs[0], _csrf: token });
    expect(add.status).toBe(302);
    expect(add.headers.location).toBe('/fr/login');
    expect((await anonymous.get('/fr/referrals')).status).toBe(302);
    expect((await anonymous.get('/fr/referrals/sheet')).status).toBe(302);

    const editor = await signIn(t.app, DEMO.editor);
    expect((await editor.get('/fr/referrals')).status).toBe(403);
    expect((await editor.get('/fr/referrals/sheet')).status).toBe(403);
    expect((await postForm(editor, '/fr/referrals/items', { slug: slugs[0] })).status).toBe(403);

    expect((await (await signIn(t.app, DEMO.staff)).get('/fr/referrals')).status).toBe(200);
    expect((await (await signIn(t.app, DEMO.coordinator)).get('/fr/referrals')).status).toBe(200);
  });

  it('shows "add to referral" to staff only', async () => {
    const anonymousPage = await request(t.app).get(`/fr/services/${slugs[0]}`).expect(200);
    expect(anonymousPage.text).not.toContain('Ajouter à l’orientation');
    const staff = await signIn(t.app, DEMO.staff);
    const page = await staff.get(`/fr/services/${slugs[0]}`).expect(200);
    expect(page.text).toContain('Ajouter à l’orientation');
    const results = await staff.get('/fr/search?q=cours').expect(200);
    expect(results.text).toContain('action="/fr/referrals/items"');
  });

  it('refuses an unknown service and a CSRF-less post', async () => {
    const staff = await signIn(t.app, DEMO.staff);
    expect((await postForm(staff, '/fr/referrals/items', { slug: 'no-such-service' })).status).toBe(
      404,
    );
    expect(
      (await staff.post('/fr/referrals/items').type('form').send({ slug: slugs[0] })).status,
    ).toBe(403);
  });
});

describe('basket and sheet', () => {
  it('orders, annotates and prints the referral in the client’s language and French', async () => {
    const staff = await staffWithBasket();
    const basket = await staff.get('/fr/referrals').expect(200);
    const order = (html: string) => slugs.map((s) => html.indexOf(`/referrals/items/${s}/remove`));
    const [a, b, c] = order(basket.text);
    expect(a).toBeLessThan(b!);
    expect(b).toBeLessThan(c!);

    await postForm(staff, `/fr/referrals/items/${slugs[2]}/move`, { direction: 'up' });
    const moved = order((await staff.get('/fr/referrals')).text);
    expect(moved[2]).toBeLessThan(moved[1]!);

    const saved = await postForm(staff, '/fr/referrals', {
      clientLanguage: 'ar',
      [`note_${slugs[0]}`]: 'Demandez Samira',
      action: 'sheet',
    });
    expect(saved.status).toBe(303);
    expect(saved.headers.location).toBe('/fr/referrals/sheet');
    const sheet = await staff.get('/fr/referrals/sheet').expect(200);
    expect(sheet.text).toContain('<html lang="ar" dir="rtl">');
    expect(sheet.text).toContain('Demandez Samira');
    // Each service in both languages: its French name and the Arabic column's labels.
    for (const slug of slugs) {
      const service = (await t.models.Service.findOne({ slug }).lean())!;
      const names = service.name as unknown as Record<string, string>;
      expect(sheet.text).toContain(names.fr!.replace(/'/g, '&#x27;'));
      if (names.ar) expect(sheet.text).toContain(names.ar);
    }
    const columns = sheet.text.match(/class="column" lang="(ar|fr)"/g) ?? [];
    expect(columns.filter((m) => m.includes('"ar"'))).toHaveLength(3);
    expect(columns.filter((m) => m.includes('"fr"'))).toHaveLength(3);
    expect(sheet.text).toContain('Vos adresses utiles');
    expect(sheet.text).toMatch(/<svg role="img"/);
    // Phone numbers are isolated left-to-right inside the right-to-left column.
    expect(sheet.text).toMatch(/<bdi dir="ltr" class="phone">\+?[\d\s]+<\/bdi>/);

    await postForm(staff, `/fr/referrals/items/${slugs[1]}/remove`, {});
    const after = await staff.get('/fr/referrals').expect(200);
    expect(after.text).not.toContain(`/referrals/items/${slugs[1]}/remove`);
  });
});

describe('basket note', () => {
  it('keeps a note that is too long on the page, with a message beside it, and saves nothing', async () => {
    const staff = await staffWithBasket();
    await postForm(staff, '/fr/referrals', {
      clientLanguage: 'fr',
      [`note_${slugs[0]}`]: 'Demandez Samira',
      action: 'save',
    });
    const long = `Demandez Karim au guichet ${'x'.repeat(300)}`;
    const response = await postForm(staff, '/fr/referrals', {
      clientLanguage: 'ar',
      [`note_${slugs[0]}`]: 'Nouvelle note',
      [`note_${slugs[1]}`]: long,
      action: 'sheet',
    });
    expect(response.status).toBe(400);
    // The basket page again, everything as typed: both notes and the chosen language.
    expect(response.text).toContain('<h1>Orientation</h1>');
    expect(response.text).toContain(`value="${long}"`);
    expect(response.text).toContain('value="Nouvelle note"');
    expect(response.text).toMatch(/<option value="ar" lang="ar" selected>/);
    // The message beside the second note, announced with it, and linked from the summary.
    expect(response.text).toMatch(
      /<p class="field-error" id="note-1-error">Cette note est trop longue : écrivez au plus 300 caractères\.<\/p>\s*<input type="text" id="note-1" name="note_[a-z0-9-]+" value="[^"]*" maxlength="300" aria-invalid="true" aria-describedby="note-1-hint note-1-error">/,
    );
    expect(response.text).toContain('<a href="#note-1">');
    expect(response.text.match(/class="field-error"/g)).toHaveLength(1);

    // Nothing was saved: the earlier note and language are still those of the basket.
    const basket = await staff.get('/fr/referrals').expect(200);
    expect(basket.text).toContain('value="Demandez Samira"');
    expect(basket.text).not.toContain('Nouvelle note');
    expect(basket.text).not.toContain('field-error');
    expect(basket.text).toMatch(/<option value="fr" lang="fr" selected>/);

    // 300 characters is allowed.
    const longest = 'y'.repeat(300);
    const saved = await postForm(staff, '/fr/referrals', {
      clientLanguage: 'fr',
      [`note_${slugs[1]}`]: longest,
      action: 'save',
    });
    expect(saved.status).toBe(303);
    expect((await staff.get('/fr/referrals')).text).toContain(`value="${longest}"`);
  });
});

describe('share link', () => {
  it('opens the sheet without login, shows only the listed services, and expires', async () => {
    const staff = await staffWithBasket();
    expect(
      (await postForm(staff, '/fr/referrals', { clientLanguage: 'en', action: 'save' })).status,
    ).toBe(303);
    const sheet = await staff.get('/fr/referrals/sheet').expect(200);
    const link = shareLink(sheet.text);
    expect(link).toMatch(/^\/en\/r\//);
    // The same basket reuses its link.
    expect(shareLink((await staff.get('/fr/referrals/sheet')).text)).toBe(link);

    const phone = await request(t.app).get(link).expect(200);
    expect(phone.headers['cache-control']).toContain('no-store');
    expect((phone.text.match(/class="sheet-service"/g) ?? []).length).toBe(3);
    expect(phone.text).not.toContain('Retour à l’orientation'); // no staff tools
    const listed = new Set(slugs);
    const others = await t.models.Service.find({ status: 'published' }, { slug: 1 }).lean();
    for (const other of others) {
      if (!listed.has(other.slug)) expect(phone.text).not.toContain(`/services/${other.slug}"`);
    }
    // The share stores services and notes only.
    const stored = (await t.models.ReferralShare.findById(link.split('/').pop()).lean())!;
    expect(Object.keys(stored).sort()).toEqual([
      '_id',
      'clientLanguage',
      'createdAt',
      'expiresAt',
      'items',
      'updatedAt',
    ]);
    expect(stored.expiresAt.getTime() - Date.now()).toBeGreaterThan(29 * 86_400_000);

    await t.models.ReferralShare.updateOne(
      { _id: stored._id },
      { $set: { expiresAt: new Date(Date.now() - 1000) } },
    );
    const expired = await request(t.app).get(link);
    expect(expired.status).toBe(410);
    expect(expired.text).not.toContain('sheet-service');
    // Guessing does not work either.
    expect((await request(t.app).get('/en/r/AAAAAAAAAAAAAAAAAAAAAA')).status).toBe(410);
  });
});

describe('without Chromium', () => {
  it('hides the PDF link and answers a translated 503 if the PDF is asked for anyway', async () => {
    const noBrowser = await createTestApp({
      env: { CHROMIUM_PATH: '/nonexistent/chromium', PDF_RATE_LIMIT: '1' },
      dbName: t.dbName,
    });
    try {
      const staff = await signIn(noBrowser.app, DEMO.staff);
      await postForm(staff, '/fr/referrals/items', { slug: slugs[0] });
      const sheet = await staff.get('/fr/referrals/sheet').expect(200);
      expect(sheet.text).not.toContain('sheet.pdf');
      expect(sheet.text).toContain('Pour imprimer');
      const pdf = await staff.get('/fr/referrals/sheet.pdf');
      expect(pdf.status).toBe(503);
      expect(pdf.text).toContain('Le PDF n’a pas pu être préparé');
      // PDFs are rate-limited per address (PDF_RATE_LIMIT per 10 minutes).
      const again = await staff.get('/fr/referrals/sheet.pdf');
      expect(again.status).toBe(429);
      expect(again.text).toContain('Trop de demandes');
    } finally {
      await noBrowser.close();
    }
  });
});
