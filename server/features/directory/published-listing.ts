// Which published services a browsing page lists, and how many each category has: asked of the
// search engine, which holds every published service in memory (embedded) or in its own index
// (Meilisearch). On FerretDB v1 a filter on anything but _id reads and decodes the whole services
// collection: at 10,000 services the home page's count by category took 4–5 s and a category
// page 4–9 s (count and page read side by side), for every signed-in visitor and for anyone
// after an edit cleared the page cache. The database answers when the engine cannot.
import type { Types } from 'mongoose';
import type { Models } from '../../models';
import type { Lean } from '../../models/lean';
import type { ServiceDoc } from '../../models/service';
import type { CategorySlug } from '../../models/vocabulary';
import type { SearchEngine } from '../../search/search-engine';
import { SearchUnavailableError } from '../../search/search-engine';

/** "Now" for the engine, whole hours: it is part of the engine's cache key, unused by these asks. */
const hour = (now: Date) => Math.floor(now.getTime() / 3_600_000) * 3_600_000;

export function createPublishedListing(deps: { models: Models; engine: SearchEngine }) {
  const { engine } = deps;
  const { Service } = deps.models;

  /** Engine unavailable: undefined, and the caller asks the database. Other errors are thrown. */
  async function fromEngine<T>(ask: () => Promise<T>): Promise<T | undefined> {
    try {
      return await ask();
    } catch (error) {
      if (error instanceof SearchUnavailableError) return undefined;
      throw error;
    }
  }

  return {
    /** Published services per category slug. */
    async countsByCategory(now: Date): Promise<Map<string, number>> {
      const facets = await fromEngine(async () => {
        const result = await engine.search({
          filters: {},
          sort: 'name',
          page: 1,
          pageSize: 1,
          now: hour(now),
        });
        return result.facets.category;
      });
      if (facets) return new Map(Object.entries(facets));
      const counts = await Service.aggregate<{ _id: string; count: number }>([
        { $match: { status: 'published' } },
        { $group: { _id: '$category', count: { $sum: 1 } } },
      ]);
      return new Map(counts.map((c) => [c._id, c.count]));
    },

    /** The id of the published service with this slug, when the search index has it. */
    async idOfSlug(slug: string, now: Date): Promise<string | undefined> {
      const found = await fromEngine(() =>
        engine.search({ filters: { slug }, sort: 'name', page: 1, pageSize: 1, now: hour(now) }),
      );
      return found?.hits[0]?.document.id;
    },

    /** One page of a category's or an organisation's published services in slug order, and how many there are. */
    async page(
      filter: { category?: CategorySlug; organisation?: Types.ObjectId },
      page: number,
      pageSize: number,
      now: Date,
    ): Promise<{ total: number; services: Lean<ServiceDoc>[] }> {
      const { category, organisation } = filter;
      const found = await fromEngine(() =>
        engine.search({
          filters: {
            ...(category ? { category: [category] } : {}),
            ...(organisation ? { organisation: String(organisation) } : {}),
          },
          sort: 'name',
          page,
          pageSize,
          now: hour(now),
        }),
      );
      if (found) {
        // By _id, one at a time: the one lookup FerretDB v1 answers from an index. A service
        // unpublished since the engine last heard of it is left out.
        const services = await Promise.all(
          found.hits.map(({ document }) => Service.findById(document.id).lean<Lean<ServiceDoc>>()),
        );
        return {
          total: found.total,
          services: services.filter((s): s is Lean<ServiceDoc> => s?.status === 'published'),
        };
      }
      const query = { ...filter, status: 'published' as const };
      const [total, services] = await Promise.all([
        Service.countDocuments(query),
        Service.find(query)
          .sort({ slug: 1 })
          .skip((page - 1) * pageSize)
          .limit(pageSize)
          .lean<Lean<ServiceDoc>[]>(),
      ]);
      return { total, services };
    },
  };
}
