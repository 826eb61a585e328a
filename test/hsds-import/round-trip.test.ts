// Round trip through the real apps: export the demo directory (the coordinator's HSDS downloads,
// features/hsds), import it into a fresh database (vocabulary and accounts only, as a new
// deployment starts), publish what arrived (the coordinator's review, item by item), export
// again: the same HSDS documents, course sessions included. Compared without the fields that are
// volatile by nature (see normalise()).
import { writeFileSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Response } from 'supertest';
import { seedDemoAccounts } from '../../seed/demo-accounts';
import { syncNeeds } from '../../seed/seed-needs';
import type { Agent } from '../support/signed-in';
import { DEMO, csrfFrom, postForm, signIn } from '../support/signed-in';
import type { TestApp } from '../support/test-app';
import { createTestApp } from '../support/test-app';

type Json = Record<string, unknown>;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'hsds-round-trip-'));

let source: TestApp;
let target: TestApp;

beforeAll(async () => {
  source = await createTestApp({ seed: true });
  target = await createTestApp();
  // A new deployment: categories and the needs vocabulary (main.ts syncs them at start), accounts.
  await target.models.Category.insertMany(await source.models.Category.find().lean());
  await syncNeeds(target.models);
  await seedDemoAccounts(target.models, { password: target.config.demoPassword });
}, 180_000);
afterAll(async () => {
  await source.close();
  await target.close();
});

const binary = (res: Response, done: (error: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

async function download(agent: Agent, file: string): Promise<Buffer> {
  const response = await agent.get(`/fr/admin/hsds/${file}`).buffer(true).parse(binary).expect(200);
  return response.body as Buffer;
}

/**
 * One service as compared. Left out: last_modified (the time of the last write, new by nature
 * in another database); the ids of need terms and of the attributes pointing to them (each
 * database's vocabulary sync gives its needs ids of its own: terms are compared by code).
 */
function normalise(service: Json): Json {
  const term = (a: Json) => (a.taxonomy_term ?? {}) as Json;
  const attributes = (list: unknown) =>
    ((list as Json[] | undefined) ?? [])
      .map((a) => ({ code: term(a).code, taxonomy: term(a).taxonomy, value: a.value }))
      .map((a) => JSON.stringify(a))
      .sort();
  const rest = { ...service };
  delete rest.last_modified;
  return {
    ...rest,
    attributes: attributes(service.attributes),
    service_at_locations: ((service.service_at_locations as Json[]) ?? []).map((sal) => {
      const location = sal.location as Json;
      return { ...sal, location: { ...location, attributes: attributes(location.attributes) } };
    }),
  };
}

const servicesOf = (ndjson: Buffer) =>
  new Map(
    ndjson
      .toString('utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Json)
      .map((s) => [s.id as string, normalise(s)]),
  );

test('export → import into a fresh database → export gives the same HSDS documents', async () => {
  const exporter = await signIn(source.app, DEMO.coordinator);
  const before = await download(exporter, 'services.ndjson');
  const zip = path.join(tmp, 'demo.zip');
  writeFileSync(zip, await download(exporter, 'tabular.zip'));

  const importer = await signIn(target.app, DEMO.coordinator);
  const _csrf = csrfFrom((await importer.get('/fr/admin/import').expect(200)).text);
  const dry = await importer.post('/fr/admin/import').field('_csrf', _csrf).attach('file', zip);
  expect(dry.status).toBe(200);
  const token = /name="token" value="([a-f0-9]{32})"/.exec(dry.text)![1];
  const applied = await importer
    .post('/fr/admin/import/apply')
    .type('form')
    .send({ token, _csrf: csrfFrom((await importer.get('/fr/admin/import')).text) });
  expect(applied.status).toBe(200);
  // The coordinator's review: everything imported waits as pending until published, services
  // and their course sessions alike, each approved from the review queue.
  expect(await target.models.Service.countDocuments({ status: { $ne: 'pending' } })).toBe(0);
  // The exported sessions: one cost option each, marked with the session's key.
  const sessions = (before.toString('utf8').match(/"option":"course-session:/g) ?? []).length;
  expect(sessions).toBeGreaterThan(0);
  expect(await target.models.CourseSession.countDocuments({ status: 'pending' })).toBe(sessions);
  const queue = (await importer.get('/fr/admin/reviews').expect(200)).text;
  const approvals = [
    ...queue.matchAll(
      /action="(\/fr\/admin\/reviews\/(?:service|session)\/[a-f0-9]{24}\/approve)"/g,
    ),
  ].flatMap((m) => (m[1] ? [m[1]] : []));
  expect(approvals.length).toBe((await target.models.Service.countDocuments()) + sessions);
  for (const approval of approvals) {
    expect((await postForm(importer, approval, {})).status).toBe(303);
  }
  expect(await target.models.CourseSession.countDocuments({ status: 'published' })).toBe(sessions);

  const after = await download(importer, 'services.ndjson');
  const expected = servicesOf(before);
  const actual = servicesOf(after);
  expect(expected.size).toBeGreaterThan(10);
  expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
  for (const [id, service] of expected) expect(actual.get(id)).toEqual(service);

  // The same directory as JSON (the NDJSON export) finds every record as it is: nothing to do.
  const ndjson = path.join(tmp, 'demo.ndjson');
  writeFileSync(ndjson, before);
  const again = await importer
    .post('/fr/admin/import')
    .field('_csrf', csrfFrom((await importer.get('/fr/admin/import')).text))
    .attach('file', ndjson);

  expect(again.status).toBe(200);
  const rows = [
    ...again.text.matchAll(
      /<tr><th scope="row">[^<]+<\/th><td>(\d+)<\/td><td>(\d+)<\/td><td>(\d+)<\/td><td>(\d+)<\/td><\/tr>/g,
    ),
  ];
  expect(rows).toHaveLength(5);
  for (const row of rows) expect([row[1], row[2], row[4]]).toEqual(['0', '0', '0']);
  expect(Number(rows[3]![3])).toBe(expected.size);
  expect(Number(rows[4]![3])).toBe(sessions);
}, 180_000);
