// What providers type, through HTTP, the form schemas, Mongoose and the rendered pages: every form
// field (the save buttons too) is read by the form's schema, control characters never reach the
// database or come back into a page, and names typed in any script are isolated wherever they are
// shown (<bdi> in the page, FSI…PDI in the <title>).
import type { TestApp } from '../support/test-app';
import { createTestApp } from '../support/test-app';
import type { Agent } from '../support/signed-in';
import { DEMO, postForm, signIn } from '../support/signed-in';
import { escapeHtml } from '../support/html';

let t: TestApp;
let trusted: Agent;
let organisationId: string;
beforeAll(async () => {
  t = await createTestApp({ seed: true });
  trusted = await signIn(t.app, DEMO.trustedEditor);
  organisationId = String(
    (await t.models.Organisation.findOne({ slug: 'maison-carrefour' }).lean())!._id,
  );
});
afterAll(async () => t?.close());

const FSI = '\u2068';
const PDI = '\u2069';
const RLO = '\u202E';
const ZWNJ = '\u200C';

/** A complete service form for Maison Carrefour (trusted: it publishes at once). */
function serviceBody(overrides: Record<string, unknown> = {}) {
  return {
    category: 'information-orientation',
    name_fr: 'Accueil du mardi',
    summary_fr: 'Des réponses à vos questions, sans rendez-vous.',
    description_fr: 'Un accueil pour toutes les questions de la vie ici.',
    languages: ['fr', 'ar'],
    costType: 'free',
    accessModes: 'walk-in',
    delivery: 'in-person',
    intent: 'submit',
    ...overrides,
  };
}

const servicesUrl = () => `/fr/provider/organisations/${organisationId}/services`;

describe('the save buttons go through the form schema', () => {
  it('shows the new-service form again (400, translated) for an intent other than draft/submit', async () => {
    const count = await t.models.Service.countDocuments();
    const response = await postForm(
      trusted,
      servicesUrl(),
      serviceBody({ name_fr: 'Accueil forgé', intent: 'publish-now' }),
    );
    // Was a 500 with the stack of intentField.parse().
    expect(response.status).toBe(400);
    expect(response.text).toContain('Utilisez l’un des deux boutons en bas du formulaire');
    expect(response.text).toContain('href="#field-intent"');
    expect(response.text).toContain('id="field-intent"');
    expect(response.text).toContain('value="Accueil forgé"');
    expect(response.text).not.toMatch(/ZodError|at .*\.ts:\d+/);
    expect(await t.models.Service.countDocuments()).toBe(count);
  });

  it('shows the edit form again (400) for a garbled intent and leaves the service as it was', async () => {
    const service = (await t.models.Service.findOne({
      organisation: organisationId,
      status: 'published',
    }).lean())!;
    const before = (service.name as unknown as Record<string, string>).fr;
    const response = await postForm(
      trusted,
      `/fr/provider/services/${String(service._id)}`,
      serviceBody({ name_fr: 'Nom jamais enregistré', intent: ['submit', 'x'] }),
    );
    expect(response.status).toBe(400);
    expect(response.text).toContain('Utilisez l’un des deux boutons en bas du formulaire');
    const after = (await t.models.Service.findById(service._id).lean())!;
    expect((after.name as unknown as Record<string, string>).fr).toBe(before);
  });

  it('still saves a draft, and takes "submit" when no button is named (Enter in a field)', async () => {
    const draft = await postForm(
      trusted,
      servicesUrl(),
      serviceBody({ name_fr: 'Brouillon du mardi', intent: 'draft' }),
    );
    expect(draft.status).toBe(303);
    expect(draft.headers.location).toContain('done=draft');
    const plain = await postForm(
      trusted,
      servicesUrl(),
      serviceBody({ name_fr: 'Accueil sans bouton', intent: undefined }),
    );
    expect(plain.status).toBe(303);
    expect(plain.headers.location).toContain('done=saved');
  });
});

describe('control characters', () => {
  it('strips C0/C1 and bidi controls from every text field, keeping line breaks, tabs, ZWNJ and ZWJ where they belong', async () => {
    const response = await postForm(
      trusted,
      servicesUrl(),
      serviceBody({
        name_fr: `Accueil\u0000 ${RLO}sirap\u202C du\u0007 jeudi\u200E\u0085`,
        summary_fr: 'Une ligne\r\nsur deux\tlignes.',
        description_fr: 'Première ligne.\r\n\tDeuxième\u0000 ligne\u2067 isolée\u2069.',
        // Persian needs ZWNJ (می‌خواهم), and ZWJ joins emoji and Indic conjuncts.
        name_ar: `می${ZWNJ}خواهم\u200D ${RLO}`,
        website: `https://example.org/${RLO}gpj.exe`,
        documents_fr: 'Passeport\u0000\r\nPermis\u001B',
      }),
    );
    expect(response.status).toBe(303);
    const stored = (await t.models.Service.findOne({ 'name.fr': /^Accueil sirap/ }).lean())!;
    expect(stored).toBeTruthy();
    const texts = (key: string) =>
      (stored as unknown as Record<string, Record<string, unknown>>)[key]!;
    expect(texts('name').fr).toBe('Accueil sirap du jeudi');
    expect(texts('summary').fr).toBe('Une ligne sur deux lignes.');
    expect(texts('description').fr).toBe('Première ligne.\n\tDeuxième ligne isolée.');
    expect(texts('name').ar).toBe(`می${ZWNJ}خواهم\u200D`);
    expect(texts('documents').fr).toEqual(['Passeport', 'Permis']);
    expect(stored.contact?.website).toBe('https://example.org/gpj.exe');
  });

  it('strips them from the organisation profile and places too', async () => {
    const edit = await postForm(trusted, `/fr/provider/organisations/${organisationId}/edit`, {
      name: `Maison ${RLO}Carrefour\u0000`,
      description_fr: 'Accueil.\r\nConseils\u0000.',
    });
    expect(edit.status).toBe(303);
    const organisation = (await t.models.Organisation.findById(organisationId).lean())!;
    expect(organisation.name).toBe('Maison Carrefour');
    expect((organisation.description as unknown as Record<string, string>).fr).toBe(
      'Accueil.\nConseils.',
    );
    const place = await postForm(
      trusted,
      `/fr/provider/organisations/${organisationId}/locations`,
      { name: `Salle\u0000 ${RLO}B`, street: 'Rue du Pré 3', postcode: '1004', city: 'Lausanne' },
    );
    expect(place.status).toBe(303);
    expect(await t.models.Location.exists({ name: 'Salle B' })).toBeTruthy();
  });

  it('does not echo them in a form shown again', async () => {
    const response = await postForm(
      trusted,
      servicesUrl(),
      serviceBody({ name_fr: `Nom\u0000 ${RLO}à revoir`, summary_fr: '' }),
    );
    expect(response.status).toBe(400);
    expect(response.text).toContain('value="Nom à revoir"');
    expect(response.text).not.toContain('\u0000');
    expect(response.text).not.toContain(RLO);
  });
});

describe('names isolated where they are shown', () => {
  let service: { slug: string; name: Record<string, string> };
  beforeAll(async () => {
    // A record stored before the forms stripped controls: the pages must contain it anyway.
    const doc = (await t.models.Service.findOne({ status: 'published', 'name.ar': /./ }))!;
    doc.set('name.ar', `${RLO}خدمة مقلوبة`);
    await doc.save();
    await t.indexer.serviceChanged(doc._id);
    service = doc.toObject({ flattenMaps: true }) as never;
  });

  it('service page: <h1> in <bdi>, the <title> in FSI…PDI without the stored override', async () => {
    const page = await trusted.get(`/ar/services/${service.slug}`).expect(200);
    expect(page.text).toContain(`<title>${FSI}خدمة مقلوبة${PDI} · `);
    expect(page.text).toMatch(/<h1><bdi>\u202Eخدمة مقلوبة<\/bdi><\/h1>/);
    const french = await trusted.get(`/fr/services/${service.slug}`).expect(200);
    expect(french.text).toContain(`<title>${FSI}${escapeHtml(service.name.fr!)}${PDI} · `);
    expect(french.text).toContain(`<h1><bdi>${escapeHtml(service.name.fr!)}</bdi></h1>`);
  });

  it('organisation page <title> and the search title isolate user text', async () => {
    const organisation = await trusted.get('/fr/organisations/maison-carrefour').expect(200);
    expect(organisation.text).toContain(`<title>${FSI}Maison Carrefour${PDI} · `);
    const search = await trusted.get(`/fr/search?q=${encodeURIComponent('قاموس')}`);
    expect(search.text).toContain(`${FSI}قاموس${PDI}`);
  });

  it('search cards, the basket and the referral sheet put service names in <bdi>', async () => {
    const staff = await signIn(t.app, DEMO.staff);
    const search = await staff.get(`/ar/search?q=${encodeURIComponent(service.name.fr!)}`);
    expect(search.text).toMatch(/class="card-title"><a [^>]+><bdi>\u202Eخدمة مقلوبة<\/bdi><\/a>/);
    const added = await postForm(staff, '/fr/referrals/items', {
      slug: service.slug,
      back: '/fr/search',
    });
    expect(added.status).toBe(303);
    const basket = await staff.get('/fr/referrals').expect(200);
    expect(basket.text).toContain(`<h2><bdi>${escapeHtml(service.name.fr!)}</bdi></h2>`);
    const sheet = await staff.get('/fr/referrals/sheet?client=ar').expect(200);
    expect(sheet.text).toContain('<h2><bdi>\u202Eخدمة مقلوبة</bdi></h2>');
  });
});
