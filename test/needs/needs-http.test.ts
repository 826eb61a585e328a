// Needs through the real app (HTTP, CSRF, Mongoose on FerretDB, the embedded search engine):
// an editor picks needs in the service form (fr and ar) and the service is found by their words;
// a coordinator adds a need with terms in every language, tags a service and search finds it at
// once; renaming and merging re-index the services carrying the need; only coordinators may.
import request from 'supertest';
import type { TestApp } from '../support/test-app';
import { createTestApp } from '../support/test-app';
import type { Agent } from '../support/signed-in';
import { DEMO, postForm, signIn } from '../support/signed-in';

let t: TestApp;
let coordinator: Agent;
let trusted: Agent;
let organisationId: string;
beforeAll(async () => {
  t = await createTestApp({ seed: true });
  [coordinator, trusted] = await Promise.all([
    signIn(t.app, DEMO.coordinator),
    signIn(t.app, DEMO.trustedEditor),
  ]);
  organisationId = String(
    (await t.models.Organisation.findOne({ slug: 'maison-carrefour' }).lean())!._id,
  );
  // Loading the demo directory takes a while on a busy machine.
}, 120_000);
afterAll(async () => t?.close());

const search = async (q: string, lang = 'fr') =>
  (
    (await request(t.app).get('/api/v1/services').query({ q, lang }).expect(200)).body as {
      hits: { slug: string }[];
    }
  ).hits.map((h) => h.slug);

/** A complete service form for Maison Carrefour (trusted: it publishes at once). */
const serviceBody = (overrides: Record<string, unknown> = {}) => ({
  category: 'information-orientation',
  name_fr: 'Permanence du jeudi',
  summary_fr: 'Des réponses à vos questions, sans rendez-vous.',
  description_fr: 'Un accueil pour toutes les questions de la vie ici.',
  languages: ['fr', 'ar'],
  costType: 'free',
  accessModes: 'walk-in',
  delivery: 'in-person',
  intent: 'submit',
  ...overrides,
});
const servicesUrl = (lang: string) => `/${lang}/provider/organisations/${organisationId}/services`;

describe('the demo directory', () => {
  it('loads the vocabulary and tags every demo service', async () => {
    expect(await t.models.Need.countDocuments()).toBeGreaterThanOrEqual(150);
    expect(await t.models.Service.countDocuments({ needs: { $size: 0 } })).toBe(0);
    const dentist = await t.models.Need.findOne({ slug: 'dentist' }).lean();
    expect((dentist!.name as unknown as Record<string, string>).fr).toBe('Dentiste');
  });

  it('finds a service by a word only its needs carry (the Vaud office of a subsidy)', async () => {
    // "OVAM" is in no demo service's own texts, only in the need "health insurance subsidy".
    expect(await search('OVAM')).toContain('reduction-primes-assurance-maladie');
  });
});

describe('the needs picker in the service form', () => {
  it.each(['fr', 'ar'])(
    'offers the needs by category in %s, saves the ones ticked and makes them searchable',
    async (lang) => {
      const form = await trusted.get(`${servicesUrl(lang)}/new`).expect(200);
      expect(form.text).toContain('id="field-needs"');
      expect(form.text).toContain(
        lang === 'fr' ? 'Besoins auxquels cette offre répond' : 'الاحتياجات التي تلبيها هذه الخدمة',
      );
      expect(form.text).toMatch(
        /<input type="checkbox" id="need-dentist" name="needs" value="dentist">/,
      );
      if (lang === 'fr') expect(form.text).toContain('>Dentiste</label>');
      // No Arabic name yet: the French one, marked as French for screen readers.
      else expect(form.text).toMatch(/<label for="need-dentist"( lang="fr")?>[^<]+<\/label>/);

      const name = `Orientation santé ${lang}`;
      const saved = await postForm(
        trusted,
        servicesUrl(lang),
        serviceBody({ name_fr: name, needs: ['dentist', 'vaccination'] }),
        lang,
      );
      expect(saved.status).toBe(303);
      const service = await t.models.Service.findOne({ 'name.fr': name }).lean();
      expect(service!.needs).toEqual(['dentist', 'vaccination']);
      // The need's words, not the service's: "toothache" is a term of "dentist".
      expect(await search('toothache')).toContain(service!.slug);

      const edit = await trusted.get(`/${lang}/provider/services/${String(service!._id)}/edit`);
      expect(edit.text).toMatch(/value="dentist" checked/);
      expect(edit.text).toMatch(/value="vaccination" checked/);
      expect(edit.text).not.toMatch(/value="eviction" checked/);
    },
  );

  it('refuses a need that is not in the vocabulary, with the message beside the picker', async () => {
    const before = await t.models.Service.countDocuments();
    const response = await postForm(
      trusted,
      servicesUrl('fr'),
      serviceBody({ name_fr: 'Jamais enregistré', needs: ['dentist', 'not-a-need'] }),
    );
    expect(response.status).toBe(400);
    expect(response.text).toContain('id="field-needs-error"');
    expect(response.text).toContain('href="#field-needs"');
    // What was ticked stays ticked.
    expect(response.text).toMatch(/value="dentist" checked/);
    expect(await t.models.Service.countDocuments()).toBe(before);
  });
});

describe('the coordinator keeps the vocabulary', () => {
  const newNeed = {
    category: 'money-debt',
    parent: '',
    name_fr: 'Réparer son vélo',
    terms_fr: 'vélo cassé\nréparation vélo\nvelo\nZorbavélo',
    name_en: 'Bicycle repair',
    terms_en: 'bike repair\nbroken bike\nQuixbicycle',
    name_ar: 'تصليح الدراجات',
    terms_ar: 'دراجة مكسورة\nتصليح دراجة هوائية',
  };

  it('adds a need with terms in every language; a service tagged with it is found at once', async () => {
    const since = new Date();
    const created = await postForm(coordinator, '/fr/admin/needs', newNeed);
    expect(created.status).toBe(303);
    expect(created.headers.location).toBe('/fr/admin/needs?done=created');
    const need = await t.models.Need.findOne({ slug: 'reparer-son-velo' }).lean();
    expect(need).toMatchObject({ category: 'money-debt', parent: null, mergedInto: null });
    expect(
      await t.models.AuditEntry.countDocuments({
        subject: 'need',
        action: 'create',
        at: { $gte: since },
      }),
    ).toBe(1);

    const list = await coordinator.get('/fr/admin/needs?done=created').expect(200);
    expect(list.text).toContain('Réparer son vélo');
    expect(list.text).toContain('Le besoin est ajouté.');

    const service = await t.models.Service.findOne({ slug: 'atelier-budget-familial' }).lean();
    expect(await search('Quixbicycle')).toEqual([]);
    const form = await coordinator.get(`/fr/provider/services/${String(service!._id)}/edit`);
    expect(form.text).toContain('value="reparer-son-velo"');
    const basedOn = /name="basedOn" value="([^"]+)"/.exec(form.text)?.[1];
    const values = await editBody(String(service!._id));
    const saved = await postForm(coordinator, `/fr/provider/services/${String(service!._id)}`, {
      ...values,
      basedOn,
      needs: [...(service!.needs ?? []), 'reparer-son-velo'],
    });
    expect(saved.status).toBe(303);
    // No restart, no reindex: the words of every language find it.
    for (const word of ['Quixbicycle', 'Zorbavélo', 'تصليح الدراجات']) {
      expect(await search(word)).toContain('atelier-budget-familial');
    }
  });

  it('renames a need and edits its terms: services carrying it are re-indexed at once', async () => {
    const response = await postForm(coordinator, '/fr/admin/needs/reparer-son-velo', {
      ...newNeed,
      name_fr: 'Réparation de vélos',
      terms_fr: 'Plomvélo',
      terms_en: 'bike repair',
    });
    expect(response.status).toBe(303);
    const need = await t.models.Need.findOne({ slug: 'reparer-son-velo' }).lean();
    expect((need!.name as unknown as Record<string, string>).fr).toBe('Réparation de vélos');
    expect(await search('Plomvélo')).toContain('atelier-budget-familial');
    expect(await search('Quixbicycle')).not.toContain('atelier-budget-familial');
    const audit = await t.models.AuditEntry.findOne({ subject: 'need', action: 'edit' }).lean();
    expect(audit!.changes).toEqual(
      expect.arrayContaining([
        { field: 'name.fr', before: 'Réparer son vélo', after: 'Réparation de vélos' },
      ]),
    );
  });

  it('shows the form again (400, translated) without a name in the local language', async () => {
    const response = await postForm(coordinator, '/fr/admin/needs', { ...newNeed, name_fr: '' });
    expect(response.status).toBe(400);
    expect(response.text).toContain('href="#field-name_fr"');
    expect(response.text).toContain('Bicycle repair');
  });

  it('refuses a parent from another category', async () => {
    const response = await postForm(coordinator, '/fr/admin/needs', {
      ...newNeed,
      name_fr: 'Vélo pour aller au travail',
      parent: 'dentist',
    });
    expect(response.status).toBe(400);
    expect(response.text).toContain('href="#field-parent"');
    expect(await t.models.Need.countDocuments({ slug: 'velo-pour-aller-au-travail' })).toBe(0);
  });

  it('merges a need into another: its services get the target, its words stay searchable', async () => {
    const carrying = await t.models.Service.find(
      { needs: 'french-conversation' },
      { slug: 1 },
    ).lean();
    expect(carrying.length).toBeGreaterThan(0);
    const since = new Date();
    const response = await postForm(coordinator, '/fr/admin/needs/french-conversation/merge', {
      target: 'french-course',
    });
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe('/fr/admin/needs?done=merged');
    for (const { slug } of carrying) {
      const service = await t.models.Service.findOne({ slug }).lean();
      expect(service!.needs).toContain('french-course');
      expect(service!.needs).not.toContain('french-conversation');
    }
    expect(await t.models.Service.countDocuments({ needs: 'french-conversation' })).toBe(0);
    const source = await t.models.Need.findOne({ slug: 'french-conversation' }).lean();
    expect(source!.mergedInto).toBe('french-course');
    const entry = await t.models.AuditEntry.findOne({
      subject: 'need',
      action: 'merge',
      at: { $gte: since },
    }).lean();
    expect(entry!.actorEmail).toBe(DEMO.coordinator);
    // The merged need's words ("table de conversation") now belong to the target.
    const target = await t.models.Need.findOne({ slug: 'french-course' }).lean();
    expect((target!.terms as unknown as Record<string, string[]>)['fr']).toContain(
      'table de conversation',
    );
    // Gone from the list and the picker; a service form naming it is refused.
    const list = await coordinator.get('/fr/admin/needs').expect(200);
    expect(list.text).not.toContain('href="/fr/admin/needs/french-conversation"');
    const form = await trusted.get(`${servicesUrl('fr')}/new`).expect(200);
    expect(form.text).not.toContain('value="french-conversation"');
    await coordinator.get('/fr/admin/needs/french-conversation').expect(404);
  });

  it('refuses to merge a need into itself or into one that does not exist', async () => {
    for (const target of ['dentist', 'no-such-need']) {
      const response = await postForm(coordinator, '/fr/admin/needs/dentist/merge', { target });
      expect(response.status).toBe(400);
      expect(response.text).toContain('href="#field-target"');
    }
    expect((await t.models.Need.findOne({ slug: 'dentist' }).lean())!.mergedInto).toBeNull();
  });
});

describe('the HSDS 3 export', () => {
  it('gives the vocabulary as one taxonomy whose terms each have an existing parent', async () => {
    const response = await coordinator.get('/en/admin/needs.json').expect(200);
    const { taxonomy, taxonomy_terms: terms } = response.body as {
      taxonomy: { id: string; name: string };
      taxonomy_terms: {
        id: string;
        code: string;
        name: string;
        parent_id: string | null;
        taxonomy_id: string;
        language: string;
      }[];
    };
    expect(taxonomy.name).toBe('onestop-needs');
    const ids = new Set(terms.map((term) => term.id));
    expect(ids.size).toBe(terms.length);
    const roots = terms.filter((term) => term.parent_id === null);
    expect(roots).toHaveLength(13);
    const needs = terms.filter((term) => term.parent_id !== null);
    expect(needs.length).toBe(await t.models.Need.countDocuments({ mergedInto: null }));
    for (const term of needs) {
      expect(ids.has(term.parent_id!)).toBe(true);
      expect(term.taxonomy_id).toBe(taxonomy.id);
    }
    expect(terms.find((term) => term.code === 'dentist')).toMatchObject({
      name: 'Dentist',
      language: 'en',
      parent_id: roots.find((root) => root.code === 'health')!.id,
    });
    await trusted.get('/en/admin/needs.json').expect(403);
  });
});

describe('who may keep the vocabulary', () => {
  it('answers 403 to an editor and to front-desk staff, and sends visitors to sign in', async () => {
    const staff = await signIn(t.app, DEMO.staff);
    await trusted.get('/fr/admin/needs').expect(403);
    await staff.get('/fr/admin/needs/dentist').expect(403);
    const count = await t.models.Need.countDocuments();
    const posted = await postForm(staff, '/fr/admin/needs', {
      category: 'health',
      name_fr: 'Besoin interdit',
    });
    expect(posted.status).toBe(403);
    const merged = await postForm(trusted, '/fr/admin/needs/dentist/merge', { target: 'doctor' });
    expect(merged.status).toBe(403);
    expect(await t.models.Need.countDocuments()).toBe(count);
    expect((await t.models.Need.findOne({ slug: 'dentist' }).lean())!.mergedInto).toBeNull();
    const anonymous = await request(t.app).get('/fr/admin/needs');
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.location).toMatch(/^\/fr\/login/);
  });

  it('refuses a coordinator form without its CSRF token', async () => {
    const response = await coordinator
      .post('/fr/admin/needs')
      .type('form')
      .send({ category: 'health', name_fr: 'Sans jeton' });
    expect(response.status).toBe(403);
    expect(await t.models.Need.countDocuments({ slug: 'sans-jeton' })).toBe(0);
  });
});

/** The edit form's current values, as a browser would send them back. */
async function editBody(serviceId: string): Promise<Record<string, unknown>> {
  const { serviceFormValues } = await import('../../server/features/provider/provider-forms');
  const { serviceEditable } = await import('../../server/features/provider/provider-service');
  const service = await t.models.Service.findById(serviceId);
  const values = serviceFormValues(
    serviceEditable(service!.toObject({ flattenMaps: true })),
    t.config.languages,
  );
  return { ...values, intent: 'submit' };
}
