// Backup and restore round trip on the embedded database: every collection and every document
// comes back identical (Extended JSON keeps ObjectIds, dates and numbers).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BSON } from 'mongodb';
import request from 'supertest';
import { backupDatabase, restoreDatabase } from '../../server/database/backup';
import type { TestApp } from '../support/test-app';
import { createTestApp, testDatabaseUri } from '../support/test-app';

let source: TestApp;
let target: TestApp;
let dir: string;
beforeAll(async () => {
  source = await createTestApp({ seed: true });
  target = await createTestApp();
  dir = mkdtempSync(path.join(tmpdir(), 'onestop-backup-'));
  // The first file of a run seeds the demo directory: a while on a busy machine.
}, 120_000);
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
  // The restored directory works: a rebuilt index answers searches.
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

describe('npm run backup / npm run restore', () => {
  // The commands as an operator runs them: their own process, the database named by MONGODB_URI
  // (the scripts always use the database "onestop" there).
  const run = (script: string, args: string[]) =>
    new Promise<{ code: number | null; out: string }>((resolve) => {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', path.join(__dirname, '../../scripts', script), ...args],
        {
          cwd: path.join(__dirname, '../..'),
          env: {
            PATH: process.env.PATH,
            HOME: process.env.HOME,
            NODE_ENV: 'test',
            LOG_LEVEL: 'silent',
            MONGODB_URI: testDatabaseUri(),
          },
        },
      );
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
      child.once('exit', (code) => resolve({ code, out }));
    });
  let live: TestApp;
  let cliDir: string;
  beforeAll(async () => {
    live = await createTestApp({ seed: true, dbName: 'onestop' });
    cliDir = path.join(mkdtempSync(path.join(tmpdir(), 'onestop-cli-')), 'nightly');
  }, 120_000);
  afterAll(async () => {
    await live.connection.dropDatabase();
    await live.close();
    rmSync(path.dirname(cliDir), { recursive: true, force: true });
  });

  it('writes a backup and restores it over later changes', async () => {
    const collections = ['services', 'organisations', 'users', 'coursesessions'];
    const before = await Promise.all(collections.map((name) => dump(live, name)));
    const backup = await run('backup.ts', [cliDir]);
    expect(backup).toMatchObject({ code: 0 });
    expect(backup.out).toMatch(/Backup written to .*nightly: \d+ documents in \d+ collections/);
    const manifest = JSON.parse(readFileSync(path.join(cliDir, 'manifest.json'), 'utf8')) as {
      collections: Record<string, number>;
    };
    expect(manifest.collections.services).toBe(before[0]!.length);

    // Later changes, lost by mistake: a deleted service, a stray organisation.
    await live.models.Service.deleteOne({ slug: (await live.models.Service.findOne())!.slug });
    await live.models.Organisation.create({ slug: 'stray', name: 'X', description: { fr: 'x' } });

    const restore = await run('restore.ts', [cliDir]);
    expect(restore).toMatchObject({ code: 0 });
    expect(restore.out).toMatch(/Restored \d+ documents/);
    expect(await Promise.all(collections.map((name) => dump(live, name)))).toEqual(before);
  }, 60_000);

  it('refuses a directory that is not a backup, and says so', async () => {
    const restore = await run('restore.ts', [path.dirname(cliDir)]);
    expect(restore.code).toBe(1);
    expect(restore.out).toMatch(/^Restore failed: /m);
    expect(await live.models.Service.countDocuments()).toBeGreaterThan(100);
  }, 60_000);
});
