// The embedded engine rebuilds beside its current index: searches keep their answers while the
// new documents are read, and a change made meanwhile is not lost when the new index takes over.
import { createEmbeddedEngine } from '../../server/search/embedded-engine';
import type { SearchDocument } from '../../server/search/search-document';
import { ALL, EVENING_A2, NOW } from '../search/fixtures';

const ask = (q: string) => ({
  q,
  filters: {},
  sort: 'relevance' as const,
  page: 1,
  pageSize: 20,
  now: NOW.getTime(),
});
const slugs = async (engine: ReturnType<typeof createEmbeddedEngine>, q: string) =>
  (await engine.search(ask(q))).hits.map((hit) => hit.document.slug);

describe('embedded engine rebuild', () => {
  it('answers from the old index until the new one is complete, then keeps changes made meanwhile', async () => {
    const engine = createEmbeddedEngine();
    await engine.replaceAll(ALL);
    const before = await slugs(engine, 'français');
    expect(before).toContain(EVENING_A2.slug);

    let release!: () => void;
    const paused = new Promise<void>((resolve) => (release = resolve));
    const others = ALL.filter((doc) => doc.id !== EVENING_A2.id);
    async function* batches(): AsyncGenerator<SearchDocument[]> {
      yield others.slice(0, 1);
      await paused;
      yield [...others.slice(1), EVENING_A2];
    }
    const rebuilding = engine.replaceAll(batches());
    await new Promise((resolve) => setImmediate(resolve));
    // Half-read: the old index still answers in full.
    expect(await slugs(engine, 'français')).toEqual(before);

    // An edit while the rebuild reads: the service is renamed.
    const renamed = { ...EVENING_A2, title: 'Zorglubine', display: EVENING_A2.display };
    await engine.upsert([renamed]);
    expect(await slugs(engine, 'zorglubine')).toEqual([EVENING_A2.slug]);
    // A removal meanwhile, of a service the rebuild read before it.
    await engine.remove([others[0]!.id]);

    release();
    await rebuilding;
    expect(await slugs(engine, 'zorglubine')).toEqual([EVENING_A2.slug]);
    expect((await engine.search(ask(''))).hits.map((h) => h.document.id)).not.toContain(
      others[0]!.id,
    );
    expect((await engine.search(ask(''))).total).toBe(ALL.length - 1);
  });
});
