// HSDS ids are stable: the same in every answer after an app restart on the same database,
// given once to records stored before the field existed (and never changed afterwards).
import request from 'supertest';
import { backfillUuids } from '../../server/database/backfill-uuids';
import type { TestApp } from '../support/test-app';
import { createTestApp } from '../support/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ seed: true });
}, 120_000);
afterAll(async () => {
  await t?.close();
});

/** Every id the API shows: services, their places and parts, organizations, terms. */
async function allIds(app: TestApp['app']): Promise<string[]> {
  const services = await request(app).get('/api/hsds/services?per_page=1000&full=true').expect(200);
  const orgs = await request(app).get('/api/hsds/organizations?per_page=1000').expect(200);
  const terms = await request(app).get('/api/hsds/taxonomy_terms?per_page=1000').expect(200);
  const ids: string[] = [];
  const collect = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(collect);
    else if (value && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) {
        if (key === 'id' || key.endsWith('_id')) ids.push(`${key}=${String(inner)}`);
        else collect(inner);
      }
    }
  };
  collect([services.body.contents, orgs.body.contents, terms.body.contents]);
  return ids;
}

test('every id is the same after a restart of the app on the same database', async () => {
  const before = await allIds(t.app);
  expect(before.length).toBeGreaterThan(1000);
  const restarted = await createTestApp({ dbName: t.dbName });
  try {
    expect(await allIds(restarted.app)).toEqual(before);
  } finally {
    await restarted.close();
  }
}, 120_000);

test('records without a uuid get one once; a uuid once set never changes', async () => {
  const { Organisation, Need, Service } = t.models;
  const [org, kept] = await Organisation.find({}, { uuid: 1 }).sort({ _id: 1 }).limit(2).lean();
  const need = await Need.findOne({}, { uuid: 1 }).lean();
  // As stored before the field existed.
  await Organisation.collection.updateOne({ _id: org!._id }, { $unset: { uuid: '' } });
  await Need.collection.updateOne({ _id: need!._id }, { $unset: { uuid: '' } });

  expect(await backfillUuids(t.models)).toBe(2);
  const given = await Organisation.collection.findOne({ _id: org!._id });
  expect(given!.uuid).toMatch(/^[0-9a-f-]{36}$/);
  expect(given!.uuid).not.toBe(org!.uuid);
  expect(await backfillUuids(t.models)).toBe(0);
  expect((await Organisation.collection.findOne({ _id: org!._id }))!.uuid).toBe(given!.uuid);
  expect((await Organisation.findById(kept!._id).lean())!.uuid).toBe(kept!.uuid);

  // Mongoose never rewrites one (immutable), whatever a save asks.
  const service = await Service.findOne({ status: 'published' });
  const uuid = service!.uuid;
  service!.set('uuid', '00000000-0000-4000-8000-000000000000');
  await service!.save();
  expect((await Service.collection.findOne({ _id: service!._id }))!.uuid).toBe(uuid);
}, 60_000);
