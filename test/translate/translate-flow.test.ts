// Issue #16 end to end, through Express and the embedded database: a translator finds an
// outdated Tigrinya text in the queue and saves a translation; the public page shows it with its
// provenance; the provider changes the French text; the page marks the translation outdated and
// it is back in the queue (interfaces in fr and ti). Then: what a translator may not write, and
// the referral sheet and share page in ti and ar (the client's language for every translated
// text, and which texts are shown in French).
import { readFileSync } from 'node:fs';
import request from 'supertest';
import { projectPath } from '../../server/paths';
import type { TestApp } from '../support/test-app';
import { createTestApp } from '../support/test-app';
import type { Agent } from '../support/signed-in';
import { DEMO, postForm, signIn } from '../support/signed-in';
import { escapeHtml } from '../support/html';

const TRANSLATOR = 'translator@onestop.example';
const LANGS = ['fr', 'en', 'ar', 'ti'];
let t: TestApp;
let clock = new Date('2026-12-03T10:00:00Z');
const later = (minutes: number) => {
  clock = new Date(clock.getTime() + minutes * 60_000);
};

/** A text of a locale file, placeholders cut off: what a page must contain. */
function localeText(lang: string, ns: string, key: string): string {
  const data = JSON.parse(readFileSync(projectPath('locales', lang, `${ns}.json`), 'utf8'));
  const text = key.split('.').reduce((node, k) => node[k], data) as string;
  return text.split('{{')[0]!.trim();
}

type Texts = Record<string, string | undefined>;
type Lists = Record<string, string[] | undefined>;
interface Stored {
  _id: unknown;
  slug: string;
  category: string;
  name: Texts;
  summary: Texts;
  description: Texts;
  documents?: Lists;
  access: { modes: string[]; note?: Texts };
  languages: string[];
  delivery: string[];
}

const load = async (id: unknown) =>
  (await t.models.Service.findById(id).lean()) as unknown as Stored & Record<string, unknown>;

/** The provider's edit form as a browser sends it, every language's texts as stored. */
function formOf(s: Stored, overrides: Record<string, string>) {
  const body: Record<string, unknown> = {
    category: s.category,
    languages: s.languages,
    costType: 'free',
    accessModes: s.access.modes,
    delivery: s.delivery,
    intent: 'submit',
  };
  for (const lng of LANGS) {
    body[`name_${lng}`] = s.name[lng] ?? '';
    body[`summary_${lng}`] = s.summary[lng] ?? '';
    body[`description_${lng}`] = s.description[lng] ?? '';
    body[`accessNote_${lng}`] = s.access.note?.[lng] ?? '';
    body[`documents_${lng}`] = (s.documents?.[lng] ?? []).join('\n');
  }
  return { ...body, ...overrides };
}

let service: Stored;
let translator: Agent;

beforeAll(async () => {
  t = await createTestApp({ seed: true, env: { LANGUAGES: LANGS.join(',') }, now: () => clock });
  // A free service of the trusted organisation (its editor publishes at once), whose Tigrinya
  // texts were written before its French text last changed: outdated.
  const org = (await t.models.Organisation.findOne({ slug: 'maison-carrefour' }).lean())!;
  const candidates = (await t.models.Service.find({
    organisation: org._id,
    status: 'published',
    'cost.type': 'free',
  }).lean()) as unknown as Stored[];
  service = candidates[0]!;
  await t.models.Service.updateOne(
    { _id: service._id },
    {
      $set: {
        'name.ti': 'ናይ ቀደም ስም',
        'summary.ti': 'ናይ ቀደም ሓጺር መግለጺ',
        'description.ti': 'ናይ ቀደም መግለጺ',
        ...(service.access.note?.fr ? { 'access.note.ti': 'ናይ ቀደም ምኽሪ' } : {}),
        ...(service.documents?.fr?.length
          ? { 'documents.ti': service.documents.fr.map((_, i) => `ሰነድ ${i + 1}`) }
          : {}),
        'translations.ti': { by: 'translator', at: new Date('2026-11-01T00:00:00Z') },
        'textUpdatedAt.fr': new Date('2026-11-15T00:00:00Z'),
      },
    },
  );
  service = await load(service._id);
  translator = await signIn(t.app, TRANSLATOR, 'ti');
}, 120_000);
afterAll(async () => t?.close());

const queueRow = (html: string, id: unknown) =>
  html.split('<tr').find((row) => row.includes(`/translate/service/${String(id)}/ti`));

describe('a Tigrinya translation, from the queue to the page and back', () => {
  it('lists the outdated text in the queue, in ti and fr', async () => {
    for (const ui of ['ti', 'fr']) {
      const queue = await translator.get(`/${ui}/translate?language=ti`).expect(200);
      const row = queueRow(queue.text, service._id);
      expect(row).toBeDefined();
      expect(row).toContain(localeText(ui, 'manage', 'translate.state.outdated'));
    }
  });

  it('saves a translation from the side-by-side editor; the page shows it with its provenance', async () => {
    const editorUrl = `/ti/translate/service/${String(service._id)}/ti`;
    const editor = await translator.get(`${editorUrl}?also=ar`).expect(200);
    // The French text beside the form, and the other language chosen.
    expect(editor.text).toContain(escapeHtml(service.name.fr!));
    expect(editor.text).toContain('lang="ar"');
    later(60);
    const saved = await postForm(
      translator,
      editorUrl,
      {
        name: 'ሓድሽ ስም ናይ ኣገልግሎት',
        summary: 'ሓድሽ ሓጺር መግለጺ',
        description: 'ሓድሽ መግለጺ',
        // Not texts: dropped, never written.
        costType: 'fixed',
        costAmount: '90',
        status: 'archived',
        phone: '+41 21 000 00 00',
      },
      'ti',
    );
    expect(saved.status).toBe(303);
    expect(saved.headers.location).toBe('/ti/translate?language=ti&done=published');

    const stored = await load(service._id);
    expect(stored.name.ti).toBe('ሓድሽ ስም ናይ ኣገልግሎት');
    expect(stored.status).toBe('published');
    expect((stored.cost as { type: string }).type).toBe('free');
    expect((stored.contact as { phone?: string } | undefined)?.phone).toBe(
      (service as unknown as { contact?: { phone?: string } }).contact?.phone,
    );
    const mark = (stored.translations as Record<string, { by: string }>).ti!;
    expect(mark.by).toBe('translator');
    // Audited like any edit, field by field.
    const audit = (await t.models.AuditEntry.findOne({
      subjectId: service._id as never,
      actorEmail: TRANSLATOR,
    }).lean()) as { changes: { field: string }[] } | null;
    expect(audit?.changes.map((c) => c.field)).toContain('ti.name');

    const page = await request(t.app).get(`/ti/services/${service.slug}`).expect(200);
    expect(page.text).toContain('ሓድሽ ስም ናይ ኣገልግሎት');
    expect(page.text).toContain(localeText('ti', 'common', 'provenance.by.translator'));
    expect(page.text).not.toContain('provenance-outdated');
    const queue = await translator.get('/ti/translate?language=ti').expect(200);
    expect(queueRow(queue.text, service._id)).toBeUndefined();
  });

  it('marks it outdated when the provider changes the French text, and puts it back in the queue', async () => {
    const editor = await signIn(t.app, DEMO.trustedEditor);
    const current = await load(service._id);
    const form = await editor.get(`/fr/provider/services/${String(service._id)}/edit`).expect(200);
    // The editor is told which translations a change of the French text makes outdated.
    expect(form.text).toContain(localeText('fr', 'manage', 'translate.willOutdate').slice(0, 20));
    later(60);
    const saved = await postForm(
      editor,
      `/fr/provider/services/${String(service._id)}`,
      formOf(current, { summary_fr: `${current.summary.fr!} Nouveau : sur rendez-vous.` }),
    );
    expect(saved.status).toBe(303);
    const after = await load(service._id);
    expect(after.name.ti).toBe('ሓድሽ ስም ናይ ኣገልግሎት');

    const page = await request(t.app).get(`/ti/services/${service.slug}`).expect(200);
    expect(page.text).toContain('provenance-outdated');
    expect(page.text).toContain(localeText('ti', 'common', 'provenance.outdated').slice(-12));
    for (const ui of ['ti', 'fr']) {
      const queue = await translator.get(`/${ui}/translate?language=ti`).expect(200);
      expect(queueRow(queue.text, service._id)).toContain(
        localeText(ui, 'manage', 'translate.state.outdated'),
      );
    }
  });
});

describe('what a translator may write', () => {
  it('refuses a language they are not given, and the provider and admin areas', async () => {
    const id = String(service._id);
    expect((await translator.get(`/fr/translate/service/${id}/en`)).status).toBe(403);
    const before = await load(service._id);
    const refused = await postForm(translator, `/fr/translate/service/${id}/en`, {
      name: 'Hijack',
    });
    expect(refused.status).toBe(403);
    // Nor the local language: that is the provider's text.
    expect(
      (await postForm(translator, `/fr/translate/service/${id}/fr`, { name: 'X' })).status,
    ).toBe(403);
    expect((await load(service._id)).name).toEqual(before.name);
    expect((await translator.get(`/fr/provider/services/${id}/edit`)).status).toBe(403);
    expect((await translator.get('/fr/admin/translations')).status).toBe(403);
    // Staff and editors have no queue.
    const staff = await signIn(t.app, DEMO.staff);
    expect((await staff.get('/fr/translate')).status).toBe(403);
  });

  it('sends an untrusted translator’s save to review; the coordinator publishes it', async () => {
    await t.models.User.updateOne({ email: TRANSLATOR }, { $set: { translatorTrusted: false } });
    const location = (await t.models.Location.findOne({
      'transport.fr': { $exists: true },
    }).lean())!;
    const saved = await postForm(translator, `/fr/translate/location/${String(location._id)}/ar`, {
      transport: 'الحافلة رقم 1، محطة الاختبار',
    });
    expect(saved.headers.location).toContain('done=pending');
    const unchanged = (await t.models.Location.findById(location._id).lean()) as unknown as {
      transport: Texts;
    };
    expect(unchanged.transport.ar).not.toBe('الحافلة رقم 1، محطة الاختبار');
    const coordinator = await signIn(t.app, DEMO.coordinator);
    const admin = await coordinator.get('/fr/admin/translations').expect(200);
    expect(admin.text).toContain('الحافلة رقم 1، محطة الاختبار');
    const pending = (await t.models.PendingTranslation.findOne().lean())!;
    const approved = await postForm(
      coordinator,
      `/fr/admin/translations/${String(pending._id)}/approve`,
      {},
    );
    expect(approved.status).toBe(303);
    const stored = (await t.models.Location.findById(location._id).lean()) as unknown as {
      transport: Texts;
      translations: Record<string, { by: string; reviewed: boolean }>;
    };
    expect(stored.transport.ar).toBe('الحافلة رقم 1، محطة الاختبار');
    expect(stored.translations.ar).toMatchObject({ by: 'translator', reviewed: true });
    await t.models.User.updateOne({ email: TRANSLATOR }, { $set: { translatorTrusted: true } });
  });
});

describe('inviting a translator', () => {
  it('lets the coordinator invite one with their languages, and asks for at least one', async () => {
    const coordinator = await signIn(t.app, DEMO.coordinator);
    const form = await coordinator.get('/fr/admin/users').expect(200);
    expect(form.text).toContain('name="languages" value="ti"');
    const refused = await postForm(coordinator, '/fr/admin/users', {
      email: 'sans-langue@example.org',
      role: 'translator',
    });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('field-languages');
    expect(await t.models.User.countDocuments({ email: 'sans-langue@example.org' })).toBe(0);

    const invited = await postForm(coordinator, '/fr/admin/users', {
      email: 'interprete@example.org',
      role: 'translator',
      languages: ['ti', 'ar'],
    });
    expect(invited.status).toBe(201);
    const user = (await t.models.User.findOne({ email: 'interprete@example.org' }).lean())!;
    expect(user).toMatchObject({
      role: 'translator',
      languages: ['ti', 'ar'],
      translatorTrusted: false,
    });
    // Not a language the deployment offers: refused.
    const unknown = await postForm(coordinator, '/fr/admin/users', {
      email: 'autre@example.org',
      role: 'translator',
      languages: 'de',
    });
    expect(unknown.status).toBe(400);
  });
});
