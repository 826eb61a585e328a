// The index follows the database: edits show in search at once, archived services leave it,
// and when the engine is away the page answers from the database while the outbox keeps every
// change until the engine is back.
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { createEmbeddedEngine } from '../../server/search/embedded-engine';
import { createMeilisearchEngine } from '../../server/search/meilisearch-engine';
import type { SearchEngine } from '../../server/search/search-engine';
import { SearchUnavailableError } from '../../server/search/search-engine';
import type { TestApp } from '../support/test-app';
import { createTestApp } from '../support/test-app';
import { DEMO, postForm, signIn } from '../support/signed-in';

const api = (t: TestApp, q: string) => request(t.app).get('/api/v1/services').query({ q });

describe('indexing on write', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ seed: true });
  });
  afterAll(() => t.close());

  it('makes an edit searchable as soon as serviceChanged resolves', async () => {
    const service = await t.models.Service.findOne({ category: 'housing' });
    service!.name!.set('fr', 'Permanence logement Zorglub');
    await service!.save();
    await t.indexer.serviceChanged(service!._id);
    const res = await api(t, 'Zorglub');
    expect(res.body.hits.map((h: { slug: string }) => h.slug)).toEqual([service!.slug]);
    expect(await t.indexer.pendingCount()).toBe(0);
  });

  it('takes an archived service out of search', async () => {
    const service = await t.models.Service.findOne({ category: 'health' });
    const name = service!.name!.get('fr')!;
    await t.models.Service.updateOne({ _id: service!._id }, { status: 'archived' });
    await t.indexer.serviceChanged(service!._id);
    const res = await request(t.app).get('/api/v1/services').query({ q: name, category: 'health' });
    expect(res.body.hits.map((h: { slug: string }) => h.slug)).not.toContain(service!.slug);
  });

  it('indexes course session changes with their service', async () => {
    const course = await t.models.Service.findOne({ category: 'language-course' }).lean();
    const before = await request(t.app).get('/api/v1/services').query({ level: 'C2', day: 'sun' });
    expect(before.body.hits.map((h: { slug: string }) => h.slug)).not.toContain(course!.slug);
    await t.models.CourseSession.create({
      service: course!._id,
      key: 'sunday-c2',
      targetLanguage: 'fr',
      level: 'C2',
      startDate: new Date(Date.now() + 7 * 86_400_000),
      endDate: new Date(Date.now() + 70 * 86_400_000),
      days: ['sun'],
      startTime: '10:00',
      endTime: '12:00',
      capacity: 10,
      seatsLeft: 10,
      cost: { type: 'free' },
    });
    await t.indexer.serviceChanged(course!._id);
    const after = await request(t.app).get('/api/v1/services').query({ level: 'C2', day: 'sun' });
    expect(after.body.hits.map((h: { slug: string }) => h.slug)).toContain(course!.slug);
  });
});

describe('when the search engine is away', () => {
  it('answers from the database with a notice when Meilisearch refuses connections', async () => {
    // A port that was free a moment ago: connections to it are refused.
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as AddressInfo;
        server.close(() => resolve(port));
      });
    });
    const engine = createMeilisearchEngine({ url: `http://127.0.0.1:${port}` });
    await expect(
      engine.search({ filters: {}, sort: 'relevance', page: 1, pageSize: 5, now: 0 }),
    ).rejects.toBeInstanceOf(SearchUnavailableError);
    const t = await createTestApp({ seed: true, engine: withoutInitAndReindex(engine) });
    try {
      const housing = await t.models.Service.findOne({ category: 'housing' }).lean();
      const word = (housing!.name as unknown as Record<string, string>).fr!.split(' ')[0]!;
      const page = await request(t.app).get('/fr/search').query({ q: word, category: 'housing' });
      expect(page.status).toBe(200);
      expect(page.text).toContain('La recherche est limitée pour le moment');
      expect(page.text).toMatch(new RegExp(`/fr/services/${housing!.slug}["?]`));
      const json = await request(t.app).get('/api/v1/services').query({ category: 'housing' });
      expect(json.body.degraded).toBe(true);
      expect(json.body.total).toBe(
        await t.models.Service.countDocuments({ category: 'housing', status: 'published' }),
      );
    } finally {
      await t.close();
    }
  });

  it('keeps changes in the outbox and applies them when the engine is back', async () => {
    const real = createEmbeddedEngine();
    let down = false;
    const unavailable = () =>
      Promise.reject(new SearchUnavailableError('engine stopped for the test'));
    // The real embedded engine, with a switch that makes every call fail as an unreachable server would.
    const flaky: SearchEngine = {
      name: 'embedded',
      init: () => real.init(),
      replaceAll: (docs) => (down ? unavailable() : real.replaceAll(docs)),
      upsert: (docs) => (down ? unavailable() : real.upsert(docs)),
      remove: (ids) => (down ? unavailable() : real.remove(ids)),
      search: (q) => (down ? unavailable() : real.search(q)),
      isHealthy: async () => !down,
    };
    const t = await createTestApp({ seed: true, engine: flaky });
    try {
      down = true;
      const service = await t.models.Service.findOne({ category: 'counselling' });
      service!.name!.set('fr', 'Écoute Quetzalcoatl');
      await service!.save();
      await t.indexer.serviceChanged(service!._id);
      expect(await t.indexer.pendingCount()).toBe(1);

      down = false;
      // The indexer retries by itself (every 200 ms in tests).
      for (let i = 0; i < 50 && (await t.indexer.pendingCount()) > 0; i++)
        await new Promise((r) => setTimeout(r, 100));
      expect(await t.indexer.pendingCount()).toBe(0);
      const res = await api(t, 'Quetzalcoatl');
      expect(res.body.degraded).toBe(false);
      expect(res.body.hits.map((h: { slug: string }) => h.slug)).toEqual([service!.slug]);
    } finally {
      await t.close();
    }
  });
});

/** The refused Meilisearch cannot be initialised or filled; the app must still serve pages. */
function withoutInitAndReindex(engine: SearchEngine): SearchEngine {
  return { ...engine, init: async () => {}, replaceAll: async () => {} };
}

describe('a place edited through the provider area', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ seed: true });
  }, 120_000);
  afterAll(() => t.close());

  it('re-indexes the services held there, at once, and only those', async () => {
    // A place of the trusted organisation (its edits publish at once) that holds a service.
    const organisation = (await t.models.Organisation.findOne({
      slug: 'maison-carrefour',
    }).lean())!;
    const services = await t.models.Service.find({
      organisation: organisation._id,
      status: 'published',
    }).lean();
    const place = (await t.models.Location.find({ organisation: organisation._id }).lean()).find(
      (l) => services.some((s) => s.locations.some((id) => String(id) === String(l._id))),
    )!;
    const heldThere = services
      .filter((s) => s.locations.some((id) => String(id) === String(place._id)))
      .map((s) => s.slug)
      .sort();
    expect(heldThere.length).toBeGreaterThan(0);
    expect(heldThere.length).toBeLessThan(services.length);
    const agent = await signIn(t.app, DEMO.trustedEditor);
    const saved = await postForm(agent, `/fr/provider/locations/${place._id}`, {
      name: place.name,
      street: place.address?.street ?? '',
      postcode: place.address?.postcode ?? '',
      city: place.address?.city ?? '',
      district: 'Quartierzorglub',
    });
    expect(saved.status).toBe(303);
    const found = await api(t, 'Quartierzorglub');
    expect(found.body.hits.map((h: { slug: string }) => h.slug).sort()).toEqual(heldThere);
    expect(await t.indexer.pendingCount()).toBe(0);
  });
});
