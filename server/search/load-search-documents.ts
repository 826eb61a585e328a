// Reads published services with everything their search documents need, in five queries
// whatever their number (FerretDB v1 has no $lookup). A full rebuild streams the services in
// batches (streamSearchDocuments): 10,000 services read at once, with their texts in fifteen
// languages, took ~100 MiB of heap the process kept as resident memory afterwards.
import type { Types } from 'mongoose';
import type { Models } from '../models';
import type {
  SearchDocument,
  SourceCategory,
  SourceLocation,
  SourceNeed,
  SourceService,
  SourceSession,
} from './search-document';
import { buildSearchDocument } from './search-document';

type LeanLocation = SourceLocation & { _id: unknown };
type LeanSession = SourceSession & { service: unknown; status?: string | null };

type LeanService = SourceService & {
  _id: Types.ObjectId;
  organisation: Types.ObjectId;
  locations?: Types.ObjectId[];
};

/**
 * Documents by id. FerretDB v1 (SQLite) answers an `_id` equality from its primary key but
 * scans the whole collection for `$in`, so a few ids are fetched one by one; MongoDB is fast
 * either way.
 */
async function byIds<T>(find: (filter: object) => Promise<T[]>, ids: unknown[]): Promise<T[]> {
  if (ids.length > 20) return find({ _id: { $in: ids } });
  return (await Promise.all(ids.map((id) => find({ _id: id })))).flat();
}

export async function loadSearchDocuments(
  models: Models,
  filter: Record<string, unknown>,
  now: Date,
  options: {
    limit?: number;
    skip?: number;
    /** Categories, when the caller keeps them (they change rarely and cost a read each time). */
    categories?: () => Promise<unknown[]>;
    /** Needs (names and terms), when the caller keeps them, like categories. */
    needs?: () => Promise<unknown[]>;
    /** Told about a record that cannot be indexed (damaged outside the app); it is skipped. */
    onSkipped?: (slug: string, error: unknown) => void;
  } = {},
): Promise<SearchDocument[]> {
  // Everything: read as the rebuild reads it (one query per collection, services by batch).
  if (Object.keys(filter).length === 0 && !options.limit && !options.skip) {
    const all: SearchDocument[] = [];
    for await (const batch of streamSearchDocuments(models, now, options)) all.push(...batch);
    return all;
  }
  const ids = (filter._id as { $in?: unknown[] } | undefined)?.$in;
  let services: LeanService[];
  if (ids && Object.keys(filter).length === 1) {
    services = (await byIds((f) => models.Service.find(f).lean(), ids)).filter(
      (s) => s.status === 'published',
    );
  } else {
    let query = models.Service.find({ ...filter, status: 'published' }).sort({ slug: 1 });
    if (options.skip) query = query.skip(options.skip);
    if (options.limit) query = query.limit(options.limit);
    services = await query.lean();
  }
  if (services.length === 0) return [];
  const anyNeeds = services.some((s) => s.needs?.length);
  const [organisations, locations, sessions, categories, needs] = await Promise.all([
    byIds(
      (f) => models.Organisation.find(f, { name: 1 }).lean(),
      [...new Set(services.map((s) => String(s.organisation)))],
    ),
    byIds(
      (f) => models.Location.find(f).lean(),
      services.flatMap((s) => s.locations ?? []),
    ),
    models.CourseSession.find({ service: { $in: services.map((s) => s._id) } }).lean(),
    (options.categories?.() as Promise<(SourceCategory & { slug: string })[]> | undefined) ??
      models.Category.find().lean(),
    anyNeeds
      ? ((options.needs?.() as Promise<SourceNeed[]> | undefined) ??
        (models.Need.find({}, { slug: 1, name: 1, terms: 1 }).lean() as Promise<SourceNeed[]>))
      : Promise.resolve([] as SourceNeed[]),
  ]);
  return documentsOf(
    services,
    contextOf(organisations, locations, sessions, categories, needs),
    now,
    options.onSkipped,
  );
}

type Context = ReturnType<typeof contextOf>;

/** What documents are built from besides the service, by id or slug. */
function contextOf(
  organisations: { _id: unknown; name: string }[],
  locations: LeanLocation[],
  sessions: LeanSession[],
  categories: (SourceCategory & { slug: string })[],
  needs: SourceNeed[],
) {
  const sessionsByService = new Map<string, typeof sessions>();
  for (const session of sessions) {
    // Sessions waiting for review are not public yet.
    if (session.status !== 'published') continue;
    const key = String(session.service);
    let list = sessionsByService.get(key);
    if (!list) sessionsByService.set(key, (list = []));
    list.push(session);
  }
  return {
    needBySlug: new Map(needs.map((n) => [n.slug, n])),
    orgName: new Map(organisations.map((o) => [String(o._id), o.name])),
    locationById: new Map(locations.map((l) => [String(l._id), l])),
    categoryBySlug: new Map(categories.map((c) => [c.slug, c])),
    sessionsByService,
  };
}

function documentsOf(
  services: LeanService[],
  context: Context,
  now: Date,
  onSkipped?: (slug: string, error: unknown) => void,
): SearchDocument[] {
  const { needBySlug, orgName, locationById, categoryBySlug, sessionsByService } = context;
  const documents: SearchDocument[] = [];
  for (const service of services) {
    try {
      documents.push(
        buildSearchDocument({
          service,
          organisationName: orgName.get(String(service.organisation)) ?? '',
          locations: (service.locations ?? [])
            .map((id) => locationById.get(String(id)))
            .filter((l) => l !== undefined),
          sessions: sessionsByService.get(String(service._id)) ?? [],
          category: categoryBySlug.get(service.category),
          needs: (service.needs ?? [])
            .map((slug) => needBySlug.get(slug))
            .filter((n) => n !== undefined),
          now,
        }),
      );
    } catch (error) {
      // One damaged record must not keep every other service out of search.
      onSkipped?.(service.slug, error);
    }
  }
  return documents;
}

/** Every published service's search document, in batches: the services are read through a
 * cursor, so only one batch of them (and of their documents) is in memory at a time. */
export async function* streamSearchDocuments(
  models: Models,
  now: Date,
  options: { batchSize?: number; onSkipped?: (slug: string, error: unknown) => void } = {},
): AsyncGenerator<SearchDocument[]> {
  const batchSize = options.batchSize ?? 500;
  const [organisations, locations, sessions, categories, needs] = await Promise.all([
    models.Organisation.find({}, { name: 1 }).lean(),
    models.Location.find().lean(),
    models.CourseSession.find({ status: 'published' }).lean(),
    models.Category.find().lean(),
    models.Need.find({}, { slug: 1, name: 1, terms: 1 }).lean() as Promise<SourceNeed[]>,
  ]);
  const context = contextOf(organisations, locations, sessions, categories, needs);
  let batch: LeanService[] = [];
  const cursor = models.Service.find({ status: 'published' })
    .sort({ slug: 1 })
    .lean()
    .cursor({ batchSize });
  for await (const service of cursor) {
    batch.push(service);
    if (batch.length === batchSize) {
      yield documentsOf(batch, context, now, options.onSkipped);
      batch = [];
    }
  }
  if (batch.length > 0) yield documentsOf(batch, context, now, options.onSkipped);
}
