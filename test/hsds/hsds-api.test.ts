// The HSDS 3.0 API (/api/hsds/) on the demo directory, through the real app, database and search
// engine: every endpoint answers and validates against the official HSDS 3.0 schemas, paging and
// filters follow the API reference, texts come in the language asked, unpublished services stay out.
import request from 'supertest';
import { createI18n, createTranslators } from '../../server/i18n/create-i18n';
import { TAXONOMIES, categoryTermId } from '../../server/hsds/hsds-ids';
import type { TestApp } from '../support/test-app';
import { createTestApp } from '../support/test-app';
import { compiledSchema, errorsOf, tableSchema } from './hsds-schemas';

let t: TestApp;
let published: number;
let translate: ReturnType<typeof createTranslators>;
beforeAll(async () => {
  t = await createTestApp({ seed: true });
  translate = createTranslators(createI18n(t.config));
  published = await t.models.Service.countDocuments({ status: 'published' });
}, 120_000);
afterAll(async () => {
  await t?.close();
});

const get = (path: string) => request(t.app).get(path).expect('Content-Type', /json/);
type Item = Record<string, unknown> & { id: string };
const contents = (body: { contents: Item[] }) => body.contents;
const PAGE_FIELDS = [
  'total_items',
  'total_pages',
  'page_number',
  'size',
  'first_page',
  'last_page',
  'empty',
  'contents',
];

test('the validators built from the field definitions and the official compiled ones reject a broken record', () => {
  const broken = { id: 'not-a-uuid', status: 'open' };
  expect(errorsOf(tableSchema('service'), broken).length).toBeGreaterThan(0);
  expect(errorsOf(compiledSchema('service'), broken).length).toBeGreaterThan(0);
});

test('GET /api/hsds/ gives the HSDS version and the profile', async () => {
  const root = await get('/api/hsds/').expect(200);
  expect(root.body).toMatchObject({
    version: '3.0',
    profile: expect.stringMatching(/\/api\/hsds\/profile$/),
  });
  expect(root.header['access-control-allow-origin']).toBe('*');
  const profile = await get('/api/hsds/profile').expect(200);
  expect(profile.body.profile_attributes.map((a: { code: string }) => a.code)).toEqual(
    expect.arrayContaining(['cefr-level', 'childcare', 'course-session', 'seats-left']),
  );
});

test('every list and record answers on the demo directory and validates against HSDS 3.0', async () => {
  const services = await get('/api/hsds/services?per_page=1000').expect(200);
  expect(Object.keys(services.body)).toEqual(PAGE_FIELDS);
  expect(services.body.total_items).toBe(published);
  for (const item of contents(services.body))
    expect(errorsOf(compiledSchema('service_list'), item)).toEqual([]);

  // A language course with sessions at a place: the richest record.
  const course = await t.models.Service.findOne({
    status: 'published',
    category: 'language-course',
    'locations.0': { $exists: true },
  }).lean();
  const full = await get(`/api/hsds/services/${course!.uuid}`).expect(200);
  expect(errorsOf(compiledSchema('service'), full.body)).toEqual([]);
  expect(errorsOf(tableSchema('service'), full.body)).toEqual([]);
  expect(full.body.service_at_locations.length).toBeGreaterThan(0);
  const sessionSchedule = full.body.schedules.find(
    (s: { attributes?: { taxonomy_term: { code: string } }[] }) =>
      s.attributes?.some((a) => a.taxonomy_term.code === 'cefr-level'),
  );
  expect(sessionSchedule).toBeDefined();

  const orgs = await get('/api/hsds/organizations').expect(200);
  expect(orgs.body.total_items).toBeGreaterThan(0);
  for (const item of contents(orgs.body))
    expect(errorsOf(compiledSchema('organization_list'), item)).toEqual([]);
  const org = await get(
    `/api/hsds/organizations/${full.body.organization_id}?full_service=true`,
  ).expect(200);
  expect(errorsOf(compiledSchema('organization'), org.body)).toEqual([]);
  expect(org.body.services.map((s: Item) => s.id)).toContain(course!.uuid);

  const sals = await get('/api/hsds/service_at_locations?per_page=1000').expect(200);
  for (const item of contents(sals.body))
    expect(errorsOf(compiledSchema('service_at_location_list'), item)).toEqual([]);
  const salId = full.body.service_at_locations[0].id;
  expect(contents(sals.body).map((s) => s.id)).toContain(salId);
  const sal = await get(`/api/hsds/service_at_locations/${salId}`).expect(200);
  expect(errorsOf(compiledSchema('service_at_location'), sal.body)).toEqual([]);
  expect(sal.body.service.id).toBe(course!.uuid);

  const taxonomies = await get('/api/hsds/taxonomies').expect(200);
  expect(taxonomies.body.total_items).toBe(3);
  for (const item of contents(taxonomies.body))
    expect(errorsOf(tableSchema('taxonomy'), item)).toEqual([]);
  const terms = await get('/api/hsds/taxonomy_terms?per_page=1000').expect(200);
  for (const item of contents(terms.body))
    expect(errorsOf(tableSchema('taxonomy_term'), item)).toEqual([]);
}, 120_000);

test('taxonomy terms: 13 categories, needs below a category or a broader need', async () => {
  const categories = await get(
    `/api/hsds/taxonomy_terms?taxonomy_id=${TAXONOMIES.categories.id}`,
  ).expect(200);
  expect(categories.body.total_items).toBe(13);
  const needs = await get(
    `/api/hsds/taxonomy_terms?taxonomy_id=${TAXONOMIES.needs.id}&per_page=1000`,
  ).expect(200);
  const needIds = new Set(contents(needs.body).map((n) => n.id));
  const categoryIds = new Set(contents(categories.body).map((c) => c.id));
  expect(needIds.size).toBeGreaterThan(50);
  for (const need of contents(needs.body)) {
    expect(categoryIds.has(need.parent_id as string) || needIds.has(need.parent_id as string)).toBe(
      true,
    );
  }
  const dentist = await t.models.Need.findOne({ slug: 'dentist' }).lean();
  expect(needIds.has(dentist!.uuid)).toBe(true);
});

test('paging: page 2 of per_page=5, the last page, a page past the end', async () => {
  const first = await get('/api/hsds/services?per_page=5').expect(200);
  const second = await get('/api/hsds/services?per_page=5&page=2').expect(200);
  const pages = Math.ceil(published / 5);
  expect(second.body).toMatchObject({
    total_items: published,
    total_pages: pages,
    page_number: 2,
    size: 5,
    first_page: false,
    last_page: false,
    empty: false,
  });
  expect(first.body).toMatchObject({ page_number: 1, first_page: true, size: 5 });
  const firstIds = contents(first.body).map((s) => s.id);
  for (const item of contents(second.body)) expect(firstIds).not.toContain(item.id);
  const last = await get(`/api/hsds/services?per_page=5&page=${pages}`).expect(200);
  expect(last.body).toMatchObject({ last_page: true, size: published - 5 * (pages - 1) });
  const past = await get(`/api/hsds/services?per_page=5&page=${pages + 1}`).expect(200);
  expect(past.body).toMatchObject({ size: 0, contents: [], empty: false });

  // Services at places page the same way, each item once.
  const all = await get('/api/hsds/service_at_locations?per_page=1000').expect(200);
  const total = all.body.total_items as number;
  expect(total).toBeGreaterThan(10);
  const salPage = await get('/api/hsds/service_at_locations?per_page=5&page=2').expect(200);
  expect(salPage.body).toMatchObject({
    total_items: total,
    page_number: 2,
    size: 5,
    total_pages: Math.ceil(total / 5),
  });
  expect(contents(salPage.body).map((s) => s.id)).toEqual(
    contents(all.body)
      .slice(5, 10)
      .map((s) => s.id),
  );
});

test('bad paging and filter values are a 400 with a translated message naming the parameter', async () => {
  for (const query of [
    'per_page=0',
    'page=abc',
    'per_page=5000',
    'modified_after=yesterday',
    'organization_id=12',
  ]) {
    const answer = await get(`/api/hsds/services?${query}`)
      .set('Accept-Language', 'en')
      .expect(400);
    expect(answer.body.error.message).toBe(translate('en')('errors.badRequest.message'));
    expect(Object.keys(answer.body.error.parameters)).toEqual([query.split('=')[0]]);
  }
  const french = await get('/api/hsds/taxonomy_terms?page=-1').expect(400);
  expect(french.body.error.message).toBe(translate('fr')('errors.badRequest.message'));
  await get('/api/hsds/services/not-a-uuid').expect(404);
  await get('/api/hsds/services/00000000-0000-4000-8000-000000000000').expect(404);
});

test('filters: organization_id, taxonomy_term_id (a need, a category), modified_after, search', async () => {
  const org = await t.models.Organisation.findOne({ slug: 'babel-langues' }).lean();
  const ofOrg = await t.models.Service.countDocuments({
    status: 'published',
    organisation: org!._id,
  });
  const byOrg = await get(`/api/hsds/services?organization_id=${org!.uuid}&per_page=1000`).expect(
    200,
  );
  expect(byOrg.body.total_items).toBe(ofOrg);
  for (const s of contents(byOrg.body)) expect(s.organization_id).toBe(org!.uuid);

  const need = await t.models.Need.findOne({ slug: 'dentist' }).lean();
  const withNeed = await t.models.Service.find(
    { status: 'published', needs: 'dentist' },
    { uuid: 1 },
  ).lean();
  expect(withNeed.length).toBeGreaterThan(0);
  const byNeed = await get(`/api/hsds/services?taxonomy_term_id=${need!.uuid}&full=true`).expect(
    200,
  );
  expect(
    contents(byNeed.body)
      .map((s) => s.id)
      .sort(),
  ).toEqual(withNeed.map((s) => s.uuid).sort());
  for (const s of contents(byNeed.body)) {
    expect((s.attributes as Item[]).map((a) => a.taxonomy_term_id)).toContain(need!.uuid);
  }
  const courses = await t.models.Service.countDocuments({
    status: 'published',
    category: 'language-course',
  });
  const byCategory = await get(
    `/api/hsds/services?taxonomy_term_id=${categoryTermId('language-course')}`,
  ).expect(200);
  expect(byCategory.body.total_items).toBe(courses);

  const one = await t.models.Service.findOne({ status: 'published' }).lean();
  const later = new Date(Date.now() + 86_400_000);
  await t.models.Service.collection.updateOne({ _id: one!._id }, { $set: { updatedAt: later } });
  const recent = await get(
    `/api/hsds/services?modified_after=${new Date(later.getTime() - 1000).toISOString()}&minimal=true`,
  ).expect(200);
  expect(contents(recent.body)).toEqual([{ id: one!.uuid, last_modified: later.toISOString() }]);

  const searched = await get('/api/hsds/services?search=dentiste&per_page=1000').expect(200);
  expect(searched.body.total_items).toBeGreaterThan(0);
  expect(searched.body.total_items).toBeLessThan(published);
  expect(contents(searched.body).map((s) => s.id)).toEqual(
    expect.arrayContaining(withNeed.map((s) => s.uuid)),
  );
});

test('?lang=ar gives Arabic where the record has it, French otherwise; Accept-Language too', async () => {
  const [translated, other] = await t.models.Service.find(
    { status: 'published', 'name.ar': { $exists: true } },
    { uuid: 1, name: 1 },
  )
    .limit(2)
    .lean();
  const names = (s: typeof translated) => s!.name as unknown as Record<string, string>;
  const ar = await get(`/api/hsds/services/${translated!.uuid}?lang=ar`).expect(200);
  expect(ar.body.name).toBe(names(translated)['ar']);
  expect(ar.body.name).not.toBe(names(translated)['fr']);
  const byHeader = await get(`/api/hsds/services/${translated!.uuid}`)
    .set('Accept-Language', 'ar')
    .expect(200);
  expect(byHeader.body.name).toBe(names(translated)['ar']);
  // A record without Arabic: its French text.
  await t.models.Service.collection.updateOne({ _id: other!._id }, { $unset: { 'name.ar': '' } });
  try {
    const fallback = await get(`/api/hsds/services/${other!.uuid}?lang=ar`).expect(200);
    expect(fallback.body.name).toBe(names(other)['fr']);
  } finally {
    await t.models.Service.collection.updateOne(
      { _id: other!._id },
      { $set: { 'name.ar': names(other)['ar'] } },
    );
  }
});

test('an unpublished service is absent from every list and its id answers 404', async () => {
  const service = await t.models.Service.findOne({
    status: 'published',
    'locations.0': { $exists: true },
  }).lean();
  const listed = await get(`/api/hsds/services/${service!.uuid}`).expect(200);
  await t.models.Service.collection.updateOne(
    { _id: service!._id },
    { $set: { status: 'archived' } },
  );
  try {
    await get(`/api/hsds/services/${service!.uuid}`).expect(404);
    const all = await get('/api/hsds/services?per_page=1000').expect(200);
    expect(all.body.total_items).toBe(published - 1);
    expect(contents(all.body).map((s) => s.id)).not.toContain(service!.uuid);
    const sals = await get('/api/hsds/service_at_locations?per_page=1000').expect(200);
    expect(contents(sals.body).map((s) => s.service_id)).not.toContain(service!.uuid);
    await get(`/api/hsds/service_at_locations/${listed.body.service_at_locations[0].id}`).expect(
      404,
    );
  } finally {
    await t.models.Service.collection.updateOne(
      { _id: service!._id },
      { $set: { status: 'published' } },
    );
  }
});
