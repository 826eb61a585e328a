// The search outbox survives a crash between a record's write and the index update: the real app
// runs as a process (node server/main.ts) on a database of its own and is killed with SIGKILL
// right after it saved an edited service (the crash point "service-saved", NODE_ENV=test only).
// An index that outlives the process must then catch up at the next start, from the outbox.
//
// With MEILI_BIN (as in CI) the index is a real Meilisearch of this file's own, and the app is
// simply started again. Everywhere, a stand-in runs too: an embedded index built from the
// database before the edit and kept by this test across the crash, brought up to date the way
// start-up brings a kept index up to date (search/index-sync.ts: "index is current" → drain).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Connection } from 'mongoose';
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
import { startMeilisearch } from '../support/meilisearch-server';
import { DEMO, DEMO_PASSWORD, csrfFrom } from '../support/signed-in';

const MEILI_BIN = process.env.MEILI_BIN;
const NEW_NAME = 'Permanence Zorglubine du jeudi';
const LANGUAGES = ['fr', 'en', 'ar'];

/** Run at the end of each test, last first: processes, connections, databases, folders. */
let cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
}, 60_000);

/** A database of its own (the app always uses the database named "onestop"). */
async function freshDatabase() {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'onestop-crash-'));
  const address = `127.0.0.1:${await freePort()}`;
  const database = await startEmbeddedDatabase({ dataDir, listen: address });
  cleanups.push(async () => {
    await database.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const uri = `mongodb://${address}/`;
  return {
    uri,
    async models(): Promise<Models> {
      const connection: Connection = await connectDatabase(uri, {
        dbName: 'onestop',
        logger: createLogger('silent'),
      });
      cleanups.push(() => connection.close());
      return createModels(connection, { localLanguage: 'fr' });
    },
  };
}

async function start(env: Record<string, string>): Promise<AppProcess> {
  const app = await startAppProcess({ NODE_ENV: 'test', LANGUAGES: LANGUAGES.join(','), ...env });
  cleanups.push(async () => {
    if (app.child.exitCode === null && app.child.signalCode === null) {
      app.child.kill('SIGTERM');
      await exitOf(app.child);
    }
  });
  return app;
}

/**
 * A trusted editor (publishes at once) renames one of their services on `app`, which carries
 * the crash point: the process dies with the request. Returns the service.
 */
async function renameAndCrash(app: AppProcess, models: Models) {
  const browser = browserLike();
  const form = await (await browser(`${app.url}/fr/login`)).text();
  const login = await browser(`${app.url}/fr/login`, {
    method: 'POST',
    body: new URLSearchParams({
      email: DEMO.trustedEditor,
      password: DEMO_PASSWORD,
      _csrf: csrfFrom(form),
    }),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  expect(login.status).toBe(303);
  const organisation = (await models.Organisation.findOne({ slug: 'maison-carrefour' }).lean())!;
  const service = (await models.Service.findOne({
    organisation: organisation._id,
    status: 'published',
  }))!;
  const editUrl = `${app.url}/fr/provider/services/${String(service._id)}`;
  const page = await (await browser(`${editUrl}/edit`)).text();
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
  fields.set('_csrf', csrfFrom(page));
  await expect(
    browser(editUrl, {
      method: 'POST',
      body: fields,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    }),
  ).rejects.toThrow();
  await exitOf(app.child);
  expect(app.child.signalCode).toBe('SIGKILL');
  // The record was written before the crash.
  const stored = (await models.Service.findById(service._id).lean())!;
  expect((stored.name as unknown as Record<string, string>).fr).toBe(NEW_NAME);
  return service;
}

const searchApi = async (app: AppProcess, q: string) =>
  (
    (await (await fetch(`${app.url}/api/v1/services?q=${encodeURIComponent(q)}`)).json()) as {
      hits: { slug: string }[];
    }
  ).hits.map((h) => h.slug);

const hitsIn = async (engine: SearchEngine, q: string) =>
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

(MEILI_BIN ? it : it.skip)(
  'Meilisearch: an edit whose process was killed before the index heard of it is searchable after a restart',
  async () => {
    const meili = await startMeilisearch({ bin: MEILI_BIN });
    cleanups.push(() => meili.destroy());
    const db = await freshDatabase();
    const env = { MONGODB_URI: db.uri, MEILI_URL: meili.url, MEILI_KEY: meili.masterKey };
    // First start: seeds the empty database and builds the Meilisearch index from it.
    const first = await start({ ...env, ONESTOP_CRASH_AT: 'service-saved' });
    expect(await searchApi(first, 'Zorglubine')).toEqual([]);
    const service = await renameAndCrash(first, await db.models());
    // Meilisearch kept its index, which is current but for the edit: the next start applies
    // the outbox. (Before the fix the outbox entry came after the record, so the crash lost it
    // and the edit stayed unsearchable until a manual full reindex.)
    const second = await start(env);
    expect(await searchApi(second, 'Zorglubine')).toEqual([service.slug]);
  },
  300_000,
);

it('stand-in for a kept index: the outbox holds the edit the killed process never indexed', async () => {
  const db = await freshDatabase();
  // First start: seeds the empty database; carries the crash point.
  const first = await start({ MONGODB_URI: db.uri, ONESTOP_CRASH_AT: 'service-saved' });
  const models = await db.models();
  // The index that outlives the process, as it stands before the edit.
  const kept = createEmbeddedEngine();
  await kept.init();
  const keptIndexer = createIndexer({ models, engine: kept, logger: createLogger('silent') });
  await keptIndexer.reindexAll();
  expect(await hitsIn(kept, 'Zorglubine')).toEqual([]);

  const service = await renameAndCrash(first, models);
  expect(await hitsIn(kept, 'Zorglubine')).toEqual([]);

  // Next start, for an index that outlives the process: the outbox is applied. (Before the fix
  // this stayed empty: no outbox entry survived the crash.)
  await keptIndexer.drain();
  expect(await hitsIn(kept, 'Zorglubine')).toEqual([String(service._id)]);
  expect(await keptIndexer.pendingCount()).toBe(0);

  // And the app itself, started again, finds the edit.
  const second = await start({ MONGODB_URI: db.uri });
  expect(await searchApi(second, 'Zorglubine')).toEqual([service.slug]);
}, 240_000);
