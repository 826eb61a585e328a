// The search outbox survives a crash between a record's write and the index update: the real app
// runs as a process (node server/main.ts) on a database of its own and is killed with SIGKILL
// right after it saved an edited service (the crash point "service-saved", NODE_ENV=test only).
// An index that outlives the process, as Meilisearch's does, must then catch up from the outbox
// at the next start; and the app started again finds the edit.
//
// Stand-in for Meilisearch (not on every machine): an embedded index built from the database
// before the edit and kept by this test across the crash, brought up to date the way start-up
// brings a kept index up to date (search/index-sync.ts: "index is current" → indexer.drain()).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Connection } from 'mongoose';
import type { EmbeddedDatabase } from '../../server/database/embedded-ferretdb';
import { startEmbeddedDatabase } from '../../server/database/embedded-ferretdb';
import { connectDatabase } from '../../server/database/connect-database';
import { createLogger } from '../../server/logger';
import type { Models } from '../../server/models';
import { createModels } from '../../server/models';
import { serviceFormValues } from '../../server/features/provider/provider-forms';
import { serviceEditable } from '../../server/features/provider/provider-service';
import { createEmbeddedEngine } from '../../server/search/embedded-engine';
import { createIndexer } from '../../server/search/indexer';
import type { SearchEngine } from '../../server/search/search-engine';
import type { AppProcess } from '../support/app-process';
import { browserLike, exitOf, freePort, startAppProcess } from '../support/app-process';
import { DEMO, DEMO_PASSWORD, csrfFrom } from '../support/signed-in';

const NEW_NAME = 'Permanence Zorglubine du jeudi';
const LANGUAGES = ['fr', 'en', 'ar'];

let dataDir: string;
let database: EmbeddedDatabase;
let env: Record<string, string>;
let connection: Connection | undefined;
const apps: AppProcess[] = [];

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'onestop-crash-'));
  const address = `127.0.0.1:${await freePort()}`;
  database = await startEmbeddedDatabase({ dataDir, listen: address });
  env = {
    NODE_ENV: 'test',
    MONGODB_URI: `mongodb://${address}/`,
    LANGUAGES: LANGUAGES.join(','),
    LOG_LEVEL: 'warn',
  };
}, 120_000);

afterAll(async () => {
  for (const app of apps) {
    if (app.child.exitCode === null && app.child.signalCode === null) {
      app.child.kill('SIGTERM');
      await exitOf(app.child);
    }
  }
  await connection?.close();
  await database?.stop();
  rmSync(dataDir, { recursive: true, force: true });
}, 30_000);

async function signIn(site: string, browser: ReturnType<typeof browserLike>, email: string) {
  const form = await (await browser(`${site}/fr/login`)).text();
  const body = new URLSearchParams({ email, password: DEMO_PASSWORD, _csrf: csrfFrom(form) });
  return browser(`${site}/fr/login`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
}

const hitsFor = async (engine: SearchEngine, q: string) =>
  (
    await engine.search({
      q,
      filters: {},
      sort: 'relevance',
      page: 1,
      pageSize: 10,
      now: Date.now(),
    })
  ).hits.map((h) => h.document.id);

it('finds an edit after the process was killed between the record and the index update', async () => {
  // First start: seeds the empty database; carries the crash point.
  const first = await startAppProcess({ ...env, ONESTOP_CRASH_AT: 'service-saved' });
  apps.push(first);

  connection = await connectDatabase(env.MONGODB_URI!, {
    dbName: 'onestop',
    logger: createLogger('silent'),
  });
  const models: Models = createModels(connection, { localLanguage: 'fr' });
  // The index that outlives the process, as it stands before the edit.
  const kept = createEmbeddedEngine();
  await kept.init();
  const keptIndexer = createIndexer({ models, engine: kept, logger: createLogger('silent') });
  await keptIndexer.reindexAll();
  expect(await hitsFor(kept, 'Zorglubine')).toEqual([]);

  // A trusted editor (publishes at once) renames one of their services.
  const browser = browserLike();
  expect((await signIn(first.url, browser, DEMO.trustedEditor)).status).toBe(303);
  const organisation = (await models.Organisation.findOne({ slug: 'maison-carrefour' }).lean())!;
  const service = (await models.Service.findOne({
    organisation: organisation._id,
    status: 'published',
  }))!;
  const editUrl = `${first.url}/fr/provider/services/${String(service._id)}`;
  const form = await (await browser(`${editUrl}/edit`)).text();
  const fields = new URLSearchParams();
  const values = serviceFormValues(
    serviceEditable(service.toObject({ flattenMaps: true })),
    LANGUAGES,
  );
  for (const [name, value] of Object.entries(values)) {
    for (const v of Array.isArray(value) ? value : [value ?? '']) fields.append(name, v);
  }
  fields.set('name_fr', NEW_NAME);
  fields.set('intent', 'submit');
  fields.set('_csrf', csrfFrom(form));
  // The process dies with the request: no answer comes back.
  await expect(
    browser(editUrl, {
      method: 'POST',
      body: fields,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    }),
  ).rejects.toThrow();
  await exitOf(first.child);
  expect(first.child.signalCode).toBe('SIGKILL');

  // The record was written before the crash; the kept index does not know it yet.
  const stored = (await models.Service.findById(service._id).lean())!;
  expect((stored.name as unknown as Record<string, string>).fr).toBe(NEW_NAME);
  expect(await hitsFor(kept, 'Zorglubine')).toEqual([]);

  // Next start, for an index that outlives the process: the outbox is applied. (Before the fix
  // the outbox entry came after the record, so the crash lost it and this stayed empty until a
  // manual full reindex.)
  await keptIndexer.drain();
  expect(await hitsFor(kept, 'Zorglubine')).toEqual([String(service._id)]);
  expect(await keptIndexer.pendingCount()).toBe(0);

  // And the app itself, started again, finds the edit.
  const second = await startAppProcess(env);
  apps.push(second);
  const answer = (await (await fetch(`${second.url}/api/v1/services?q=Zorglubine`)).json()) as {
    hits: { slug: string }[];
  };
  expect(answer.hits.map((h) => h.slug)).toEqual([service.slug]);
}, 240_000);
