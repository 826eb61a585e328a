// Backup and restore round trip on the embedded database: every collection and every document
// comes back identical (Extended JSON keeps ObjectIds, dates and numbers).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BSON } from 'mongodb';
import request from 'supertest';
import { backupDatabase, restoreDatabase } from '../../server/database/backup';
import type { TestApp } from '../support/test-app';
import { createTestApp } from '../support/test-app';

let source: TestApp;
let target: TestApp;
let dir: string;
beforeAll(async () => {
  source = await createTestApp({ seed: true });
  target = await createTestApp();
  dir = mkdtempSync(path.join(tmpdir(), 'onestop-backup-'));
});
afterAll(async () => {
  await target?.close();
  await source?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function dump(app: TestApp, name: string) {
  const docs = await app.connection.db!.collection(name).find().sort({ _id: 1 }).toArray();
  return docs.map((d) => BSON.EJSON.stringify(d, { relaxed: false }));
}

it('restores every collection exactly', async () => {
  const manifest = await backupDatabase(source.connection, dir);
  expect(manifest.collections.services).toBeGreaterThan(100);
  expect(manifest.collections.users).toBeGreaterThanOrEqual(5);
  const firstLine = readFileSync(path.join(dir, 'services.jsonl'), 'utf8').split('\n')[0]!;
  expect(firstLine).toContain('"$oid"');
  expect(firstLine).toContain('"$date"');

  // The target holds other data first: the restore replaces it.
  await target.models.Organisation.create({
    slug: 'to-be-replaced',
    name: 'X',
    description: { fr: 'x' },
  });
  const restored = await restoreDatabase(target.connection, dir);
  expect(restored).toEqual(manifest.collections);
  for (const name of Object.keys(manifest.collections)) {
    expect({ name, docs: await dump(target, name) }).toEqual({
      name,
      docs: await dump(source, name),
    });
  }
  // The restored directory works: a rebuilt index answers searches and sign-in works.
  await target.indexer.reindexAll();
  const found = await request(target.app).get('/api/v1/services').query({ q: 'cours' }).expect(200);
  expect(found.body.total).toBeGreaterThan(0);
});

it('refuses a directory that is not a OneStop backup', async () => {
  const empty = mkdtempSync(path.join(tmpdir(), 'onestop-not-backup-'));
  try {
    await expect(restoreDatabase(target.connection, empty)).rejects.toThrow();
  } finally {
    rmSync(empty, { recursive: true, force: true });
  }
});
