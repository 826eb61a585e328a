// Start-up index sync (server/search/index-sync.ts) on a real Meilisearch (MEILI_URL, started by
// the global setup when MEILI_BIN is set; skipped otherwise) and the seeded demo database: an
// empty, emptied, replaced or forgotten index is rebuilt, a current one is not, and instances
// starting at once rebuild it once.
import { randomBytes } from 'node:crypto';
import { MeiliSearch } from 'meilisearch';
import { createLogger } from '../../server/logger';
import { createEmbeddedEngine } from '../../server/search/embedded-engine';
import { forgetSearchIndexState, syncSearchIndex } from '../../server/search/index-sync';
import { createIndexer } from '../../server/search/indexer';
import { createMeilisearchEngine } from '../../server/search/meilisearch-engine';
import type { TestApp } from '../support/test-app';
import { createTestApp } from '../support/test-app';

const MEILI_URL = process.env.MEILI_URL;
const MEILI_KEY = process.env.MEILI_KEY;
const logger = createLogger('silent');

let t: TestApp;
let published: number;
beforeAll(async () => {
  t = await createTestApp({ seed: true });
  published = await t.models.Service.countDocuments({ status: 'published' });
}, 120_000);
afterAll(async () => {
  await t?.close();
});

it('builds the embedded index at every start', async () => {
  const engine = createEmbeddedEngine();
  await engine.init();
  const indexer = createIndexer({ models: t.models, engine, logger });
  const first = await syncSearchIndex({ models: t.models, engine, indexer, logger });
  expect(first).toMatchObject({ rebuilt: true, count: published });
  expect((await syncSearchIndex({ models: t.models, engine, indexer, logger })).rebuilt).toBe(true);
});

(MEILI_URL ? describe : describe.skip)('on Meilisearch', () => {
  const indexName = `sync_${randomBytes(4).toString('hex')}`;
  const instance = async () => {
    const engine = createMeilisearchEngine({ url: MEILI_URL!, key: MEILI_KEY, indexName });
    await engine.init();
    const indexer = createIndexer({ models: t.models, engine, logger });
    return {
      engine,
      indexer,
      sync: () => syncSearchIndex({ models: t.models, engine, indexer, logger, pollMs: 100 }),
    };
  };
  const searchTotal = async (engine: Awaited<ReturnType<typeof instance>>['engine']) =>
    (await engine.search({ filters: {}, sort: 'relevance', page: 1, pageSize: 1, now: Date.now() }))
      .total;

  it('rebuilds an empty index once when instances start at once, then keeps it', async () => {
    const [one, two, three] = await Promise.all([instance(), instance(), instance()]);
    expect(await searchTotal(one!.engine)).toBe(0);
    const results = await Promise.all([one!.sync(), two!.sync(), three!.sync()]);
    expect(results.filter((r) => r.rebuilt)).toHaveLength(1);
    expect(results.find((r) => r.rebuilt)?.count).toBe(published);
    expect(await searchTotal(two!.engine)).toBe(published);
    // The next start finds it current.
    expect(await (await instance()).sync()).toMatchObject({ rebuilt: false });
  }, 120_000);

  it('rebuilds after a seed or restore forgot the index', async () => {
    await forgetSearchIndexState(t.connection);
    expect(await (await instance()).sync()).toMatchObject({ rebuilt: true, count: published });
  }, 60_000);

  it('rebuilds an index emptied or replaced behind its back', async () => {
    const { engine, sync } = await instance();
    await engine.replaceAll([]);
    expect(await sync()).toMatchObject({ rebuilt: true, reason: 'the index is empty' });
    // A new Meilisearch (or a deleted index): the index was created after the record.
    const admin = new MeiliSearch({ host: MEILI_URL!, apiKey: MEILI_KEY });
    await admin.deleteIndex(indexName).waitTask();
    const fresh = await instance();
    expect(await fresh.sync()).toMatchObject({
      rebuilt: true,
      reason: 'the index is not the one built from this database',
    });
    expect(await searchTotal(fresh.engine)).toBe(published);
  }, 120_000);
});
