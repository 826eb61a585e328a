// Issue #16, the queue's order and needs' search words, through Express, the embedded database
// and the real search engine: listing views recorded by opening public pages (and written by the
// insight recorder's flush) put the most viewed listing first, views older than the window do
// not count; a translator finds a need without words in their language, saves them through the
// same editor (published at once, or reviewed when the coordinator wants), and search finds the
// need's listings by the new words at once. Only texts, only their languages.
import type { Types } from 'mongoose';
import request from 'supertest';
import type { TestApp } from '../support/test-app';
import { createTestApp } from '../support/test-app';
import type { Agent } from '../support/signed-in';
import { DEMO, postForm, signIn } from '../support/signed-in';
import { escapeHtml } from '../support/html';

const TRANSLATOR = 'translator@onestop.example';
let t: TestApp;
let clock = new Date('2026-12-03T10:00:00Z');
let translator: Agent;
let coordinator: Agent;
/** The need the first case translates: the review case takes another. */
let firstNeed = '';

interface StoredNeed {
  _id: Types.ObjectId;
  slug: string;
  category: string;
  parent: string | null;
  mergedInto: string | null;
  name: Record<string, string | undefined>;
  terms: Record<string, string[] | undefined>;
  translations?: Record<string, { by: string; reviewed: boolean }>;
}
const loadNeed = async (id: Types.ObjectId) =>
  (await t.models.Need.findById(id).lean<StoredNeed>())!;

beforeAll(async () => {
  t = await createTestApp({ seed: true, env: { LANGUAGES: 'fr,en,ar,ti' }, now: () => clock });
  translator = await signIn(t.app, TRANSLATOR);
  coordinator = await signIn(t.app, DEMO.coordinator);
}, 120_000);
afterAll(async () => t?.close());

const search = async (q: string) =>
  (
    (await request(t.app).get('/api/v1/services').query({ q, lang: 'ar' }).expect(200)).body as {
      hits: { slug: string }[];
    }
  ).hits.map((h) => h.slug);

/** Where a record's row is in the queue's HTML (-1: not listed). */
const rowAt = (html: string, kind: string, id: unknown, lang: string) =>
  html.split('<tr').findIndex((row) => row.includes(`/translate/${kind}/${String(id)}/${lang}`));

/** A need carried by a published service, without Arabic name or words. */
async function needWithoutArabic(skip: string[] = []) {
  const carrying = await t.models.Service.find({
    status: 'published',
    'needs.0': { $exists: true },
  }).lean();
  for (const service of carrying) {
    const slug = service.needs!.find((n) => !skip.includes(n));
    if (!slug) continue;
    const need = await t.models.Need.findOne({ slug, mergedInto: null }).lean();
    if (!need) continue;
    await t.models.Need.updateOne({ _id: need._id }, { $unset: { 'name.ar': '', 'terms.ar': '' } });
    return { need: await loadNeed(need._id), service: service.slug };
  }
  throw new Error('no need carried by a published service');
}

describe('the queue ranks by listing views', () => {
  it('lists the more viewed listing first, counting only the last 90 days', async () => {
    const [a, b] = await t.models.Service.find({ status: 'published' }).sort({ slug: 1 }).limit(2);
    // Both untranslated in Arabic; B's French changed more recently, so it came first before.
    for (const [service, changed] of [
      [a!, '2026-01-01'],
      [b!, '2026-11-01'],
    ] as const) {
      await t.models.Service.updateOne(
        { _id: service._id },
        { $unset: { 'name.ar': '' }, $set: { 'textUpdatedAt.fr': new Date(changed) } },
      );
    }
    const open = async (slug: string, times: number) => {
      for (let i = 0; i < times; i++) await request(t.app).get(`/ar/services/${slug}`).expect(200);
    };
    // Half a year ago, B was opened often: outside the window, not counted.
    clock = new Date('2026-06-01T10:00:00Z');
    await open(b!.slug, 5);
    await t.services.insightRecorder.flush();
    clock = new Date('2026-12-03T10:00:00Z');
    await open(a!.slug, 3);
    await open(b!.slug, 1);
    await t.services.insightRecorder.flush();

    const queue = (await translator.get('/fr/translate?language=ar').expect(200)).text;
    const rowA = rowAt(queue, 'service', a!._id, 'ar');
    const rowB = rowAt(queue, 'service', b!._id, 'ar');
    expect(rowA).toBeGreaterThan(0);
    expect(rowB).toBeGreaterThan(rowA);
    expect(queue.split('<tr')[rowA]).toContain('<td>3</td>');
    expect(queue.split('<tr')[rowB]).toContain('<td>1</td>');
  });
});

describe('needs’ search words in the translator’s language', () => {
  it('lists a need without Arabic words, saves them (texts only) and search finds them at once', async () => {
    const { need, service } = await needWithoutArabic();
    firstNeed = need.slug;
    const queue = (await translator.get('/fr/translate?language=ar').expect(200)).text;
    expect(rowAt(queue, 'need', need._id, 'ar')).toBeGreaterThan(0);

    const url = `/fr/translate/need/${String(need._id)}/ar`;
    const editor = await translator.get(url).expect(200);
    expect(editor.text).toContain(escapeHtml(need.name.fr!));
    expect(editor.text).toContain(escapeHtml(need.terms.fr![0]!));
    expect(editor.text).toContain('name="terms"');

    expect(await search('زمردونة')).toEqual([]);
    clock = new Date(clock.getTime() + 60_000);
    const saved = await postForm(translator, url, {
      name: 'حاجة مترجمة',
      terms: 'زمردونة\nكلمة ثانية\nزمردونة',
      // Not texts: dropped, never written.
      category: need.category === 'health' ? 'housing' : 'health',
      parent: 'autre-besoin',
      slug: 'detourne',
      mergedInto: 'autre-besoin',
    });
    expect(saved.status).toBe(303);
    expect(saved.headers.location).toBe('/fr/translate?language=ar&done=published');

    const stored = await loadNeed(need._id);
    expect(stored.name.ar).toBe('حاجة مترجمة');
    // One a line, repeats dropped.
    expect(stored.terms.ar).toEqual(['زمردونة', 'كلمة ثانية']);
    expect(stored).toMatchObject({
      slug: need.slug,
      category: need.category,
      parent: need.parent,
      mergedInto: null,
    });
    expect(stored.name.fr).toBe(need.name.fr);
    expect(stored.translations?.ar).toMatchObject({ by: 'translator' });
    const audit = await t.models.AuditEntry.findOne({
      subjectId: need._id,
      actorEmail: TRANSLATOR,
    }).lean<{ subject: string; changes: { field: string }[] }>();
    expect(audit?.subject).toBe('need');
    expect(audit?.changes.map((c) => c.field)).toContain('ar.terms');

    expect(await search('زمردونة')).toContain(service);
    const after = (await translator.get('/fr/translate?language=ar').expect(200)).text;
    expect(rowAt(after, 'need', need._id, 'ar')).toBe(-1);

    // The coordinator adds a French word: the Arabic words are outdated, back in the queue.
    clock = new Date(clock.getTime() + 60_000);
    const form: Record<string, string> = { category: need.category, parent: need.parent ?? '' };
    for (const lng of ['fr', 'en', 'ar', 'ti']) {
      form[`name_${lng}`] = stored.name[lng] ?? '';
      form[`terms_${lng}`] = (stored.terms[lng] ?? []).join('\n');
    }
    form.terms_fr += '\nmot ajouté';
    expect((await postForm(coordinator, `/fr/admin/needs/${need.slug}`, form)).status).toBe(303);
    const again = (await translator.get('/fr/translate?language=ar').expect(200)).text;
    const row = again.split('<tr')[rowAt(again, 'need', need._id, 'ar')];
    expect(row).toContain('queue-outdated');
  });

  it('sends an untrusted translator’s words to review; approved, search finds them', async () => {
    await t.models.User.updateOne({ email: TRANSLATOR }, { $set: { translatorTrusted: false } });
    const { need, service } = await needWithoutArabic([firstNeed]);
    const saved = await postForm(translator, `/fr/translate/need/${String(need._id)}/ar`, {
      terms: 'قرنفلونة',
    });
    expect(saved.headers.location).toContain('done=pending');
    expect((await loadNeed(need._id)).terms.ar).toBeUndefined();
    expect(await search('قرنفلونة')).not.toContain(service);

    const admin = await coordinator.get('/fr/admin/translations').expect(200);
    expect(admin.text).toContain('قرنفلونة');
    const pending = (await t.models.PendingTranslation.findOne({ kind: 'need' }).lean())!;
    const approved = await postForm(
      coordinator,
      `/fr/admin/translations/${String(pending._id)}/approve`,
      {},
    );
    expect(approved.status).toBe(303);
    const stored = await loadNeed(need._id);
    expect(stored.terms.ar).toEqual(['قرنفلونة']);
    expect(stored.translations?.ar).toMatchObject({ by: 'translator', reviewed: true });
    expect(await search('قرنفلونة')).toContain(service);
    await t.models.User.updateOne({ email: TRANSLATOR }, { $set: { translatorTrusted: true } });
  });

  it('refuses a need in a language the translator is not given, or in the local one', async () => {
    const need = (await t.models.Need.findOne({ mergedInto: null }).lean())!;
    const before = await loadNeed(need._id);
    expect((await translator.get(`/fr/translate/need/${String(need._id)}/en`)).status).toBe(403);
    for (const lang of ['en', 'fr']) {
      const refused = await postForm(translator, `/fr/translate/need/${String(need._id)}/${lang}`, {
        name: 'Hijack',
        terms: 'hijack',
      });
      expect(refused.status).toBe(403);
    }
    expect(await loadNeed(need._id)).toEqual(before);
    // Too many or too long words: the form again, with the error beside the field.
    const tooLong = await postForm(translator, `/fr/translate/need/${String(need._id)}/ar`, {
      terms: 'ب'.repeat(301),
    });
    expect(tooLong.status).toBe(400);
    expect(tooLong.text).toContain('aria-invalid="true"');
    expect(await loadNeed(need._id)).toEqual(before);
  });
});
