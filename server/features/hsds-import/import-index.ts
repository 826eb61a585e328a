// What the database holds already, read once per import: for every organisation, place, service
// and course session its uuid (a session's: sessionScheduleId), slug, the hash of the fields the import owns as they are now, the hash the
// last import wrote and whether a change waits for review. FerretDB v1 reads a whole collection
// for any filter but `_id` alone (README), so one pass over each collection (a cursor, keeping
// only these few values) costs less than a query per batch, and memory holds ids and hashes, not
// documents. Needs are few: they are kept whole.
import type { Types } from 'mongoose';
import { sessionScheduleId } from '../../hsds/hsds-ids';
import type { CategorySlug } from '../../models/vocabulary';
import { CATEGORY_SLUGS } from '../../models/vocabulary';
import type { Kind } from './hsds-to-onestop';
import { OWNED_FIELDS } from './hsds-to-onestop';
import type { RecordStore, Stored } from './import-records';
import { currentFields, hashOf } from './import-records';
import type { KnownNeeds } from './import-terms';

export interface StoredEntry {
  _id: Types.ObjectId;
  uuid?: string;
  /** Needs: the whole record (the fields a need owns depend on the file). */
  doc?: Stored;
  /** Others: hash of the fields the import owns, as stored now. */
  currentHash?: string;
  importedHash?: string;
  revisionState?: string;
  hasRevision: boolean;
}

export interface StoredIndex {
  byUuid: Record<Kind, Map<string, StoredEntry>>;
  /** Needs are also known by slug (our vocabulary files create them with ids of their own). */
  needsBySlug: Map<string, StoredEntry>;
  /** Slugs taken by organisations and services (a new one must not reuse them). */
  slugs: { organization: Set<string>; service: Set<string> };
  /** Stored organisations and places: uuid of each id, to compare references like with like. */
  asUuid: (id: unknown) => string;
  knownNeeds: KnownNeeds;
}

const isCategory = (value: unknown): value is CategorySlug =>
  CATEGORY_SLUGS.some((slug) => slug === value);

export async function loadStoredIndex(
  stores: Record<Kind, RecordStore>,
  localLanguage: string,
): Promise<StoredIndex> {
  const uuidOfId = new Map<string, string>();
  const asUuid = (id: unknown) => uuidOfId.get(String(id)) ?? String(id);
  const index: StoredIndex = {
    byUuid: {
      taxonomy_term: new Map(),
      organization: new Map(),
      location: new Map(),
      service: new Map(),
      session: new Map(),
    },
    needsBySlug: new Map(),
    slugs: { organization: new Set(), service: new Set() },
    asUuid,
    knownNeeds: { slugs: new Set(), byUuid: new Map() },
  };
  const entryOf = (stored: Stored): StoredEntry => ({
    _id: stored._id,
    uuid: stored.uuid,
    importedHash: stored.importedFrom?.hash,
    revisionState: stored.revision?.state,
    hasRevision: Boolean(stored.revision),
  });
  const slugs = new Set<string>();
  const byUuid = new Map<string, { slug: string; category: CategorySlug }>();
  for await (const need of stores.taxonomy_term.scan()) {
    const entry = { ...entryOf(need), doc: need };
    if (need.uuid) index.byUuid.taxonomy_term.set(need.uuid, entry);
    if (need.slug) {
      index.needsBySlug.set(need.slug, entry);
      slugs.add(need.slug);
      if (need.uuid && isCategory(need.category))
        byUuid.set(need.uuid, { slug: need.slug, category: need.category });
    }
  }
  index.knownNeeds = { slugs, byUuid };
  // Organisations, then places (they point to organisations), then services (to both).
  for (const kind of ['organization', 'location', 'service'] as const) {
    for await (const stored of stores[kind].scan()) {
      if (stored.uuid) uuidOfId.set(stored._id.toHexString(), stored.uuid);
      if (stored.slug && kind !== 'location') index.slugs[kind].add(stored.slug);
      if (!stored.uuid) continue;
      const current = currentFields(kind, OWNED_FIELDS[kind], stored, asUuid, localLanguage);
      index.byUuid[kind].set(stored.uuid, { ...entryOf(stored), currentHash: hashOf(current) });
    }
  }
  // Course sessions have no uuid: they are known by the id our export gives their schedule, from
  // their service's uuid and their key.
  for await (const stored of stores.session.scan()) {
    const serviceUuid = uuidOfId.get(String(stored.service));
    if (!serviceUuid || !stored.key) continue;
    const current = currentFields('session', OWNED_FIELDS.session, stored, asUuid, localLanguage);
    index.byUuid.session.set(sessionScheduleId(serviceUuid, stored.key), {
      ...entryOf(stored),
      currentHash: hashOf(current),
    });
  }
  return index;
}
