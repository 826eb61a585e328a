// A need's names or terms changed (a coordinator's edit or merge, a translator's search words):
// the indexer forgets the needs it kept and re-indexes the services carrying them, through its
// outbox (both engines get it, and a change made while the engine is away waits). Shared by the
// needs and translate features, so neither imports the other.
import type { Models } from '../models';
import type { Indexer } from './indexer';

/** Re-indexes the services carrying these needs: one outbox entry each, applied in one go. */
export async function reindexServicesCarrying(
  models: Pick<Models, 'Service' | 'SearchOutbox'>,
  indexer: Indexer,
  slugs: readonly string[],
): Promise<number> {
  indexer.needsChanged();
  const services = await models.Service.find({ needs: { $in: slugs } }, { _id: 1 }).lean();
  if (services.length === 0) return 0;
  await models.SearchOutbox.insertMany(services.map((s) => ({ service: s._id })));
  await indexer.drain();
  return services.length;
}
