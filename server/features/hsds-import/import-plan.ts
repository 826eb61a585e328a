// Decides, one batch of mapped records at a time, what an import does with each: create, update,
// leave unchanged, or list as a conflict (a record edited in OneStop since its last import, or
// created in OneStop, is never overwritten). The decision compares hashes of the fields the
// import owns (import-records.ts): the stored record's now (import-index.ts), the one the last
// import wrote, and the file's.
import { Types } from 'mongoose';
import type { RowErrors } from './hsds-dataset';
import type { HsdsTable } from './hsds-tables';
import type { Kind, Mapped } from './hsds-to-onestop';
import type { StoredIndex } from './import-index';
import type { Action, PlannedRecord, RecordStore, References } from './import-records';
import { currentFields, documentOf, hashOf, problemsOf } from './import-records';
import { SESSION_FIELD_TO_HSDS } from './session-to-onestop';

const TABLE_OF_KIND: Record<Kind, HsdsTable> = {
  taxonomy_term: 'taxonomy_term',
  organization: 'organization',
  location: 'location',
  service: 'service',
  session: 'schedule',
};

export function createPlanner(deps: {
  stores: Record<Kind, RecordStore>;
  index: StoredIndex;
  localLanguage: string;
  errors: RowErrors;
  /** Check each record to write against its model (the dry run); the write pass relies on it. */
  check: boolean;
}) {
  const { stores, index, errors } = deps;
  // Ids of the organisations, places and services of this file (stored or new) by uuid; only
  // these ids are kept from one batch to the next.
  const orgIds = new Map<string, Types.ObjectId>();
  const locationIds = new Map<string, Types.ObjectId>();
  const serviceIds = new Map<string, Types.ObjectId>();
  const refs: References = {
    organisation: (uuid) => orgIds.get(uuid) ?? index.byUuid.organization.get(uuid)?._id,
    location: (uuid) => locationIds.get(uuid),
    service: (uuid) => serviceIds.get(uuid) ?? index.byUuid.service.get(uuid)?._id,
  };
  const idsOf: Partial<Record<Kind, Map<string, Types.ObjectId>>> = {
    organization: orgIds,
    location: locationIds,
    service: serviceIds,
  };
  const usedKeys: Record<Kind, Set<string>> = {
    taxonomy_term: new Set(),
    organization: new Set(),
    location: new Set(),
    service: new Set(),
    session: new Set(),
  };

  /** Readable and unique: the name, then the id's first 8 digits (all 32 if that is taken). */
  function newSlug(kind: Kind, m: Mapped): string {
    // Needs keep the file's code; a session's key is its identity within its service.
    if (kind === 'taxonomy_term' || kind === 'session') return m.slugBase;
    let slug = `${m.slugBase}-${m.uuid.slice(0, 8)}`;
    const scope = kind === 'location' ? `${m.refs.organisation}/` : '';
    const taken = kind !== 'location' && index.slugs[kind].has(slug);
    if (taken || usedKeys[kind].has(scope + slug)) {
      slug = `${m.slugBase}-${m.uuid.replace(/-/g, '')}`;
    }
    usedKeys[kind].add(scope + slug);
    return slug;
  }

  const storedOf = (kind: Kind, m: Mapped) =>
    index.byUuid[kind].get(m.uuid) ??
    (kind === 'taxonomy_term' ? index.needsBySlug.get(m.slugBase) : undefined);

  return {
    refs,

    /** The records of `batch` that are valid, each with its action. */
    async plan(kind: Kind, batch: Mapped[]): Promise<PlannedRecord[]> {
      const decided: PlannedRecord[] = [];
      const ids = idsOf[kind];
      for (const m of batch) ids?.set(m.uuid, storedOf(kind, m)?._id ?? new Types.ObjectId());
      for (const m of batch) {
        if (m.refs.organisation && !refs.organisation(m.refs.organisation)) {
          errors.at(m.where, TABLE_OF_KIND[kind], 'organization_id', 'unknownReference');
          continue;
        }
        if (m.refs.service && !refs.service(m.refs.service)) {
          errors.at(m.where, TABLE_OF_KIND[kind], 'service_id', 'unknownReference');
          continue;
        }
        const stored = storedOf(kind, m);
        const hash = hashOf(m.fields);
        const _id = ids?.get(m.uuid) ?? stored?._id ?? new Types.ObjectId();
        let action: Action;
        let slug: string | undefined;
        if (!stored) {
          action = 'create';
          slug = newSlug(kind, m);
        } else {
          const current = stored.doc
            ? hashOf(
                currentFields(
                  kind,
                  Object.keys(m.fields),
                  stored.doc,
                  index.asUuid,
                  deps.localLanguage,
                ),
              )
            : stored.currentHash;
          const editedSince =
            !stored.importedHash ||
            current !== stored.importedHash ||
            stored.revisionState === 'pending' ||
            stored.revisionState === 'draft';
          if (current === hash && !stored.hasRevision) action = 'unchanged';
          else if (editedSince) action = 'conflict';
          else action = 'update';
        }
        decided.push({ mapped: m, action, _id, slug, hash });
      }
      // Updates keep the stored record's other languages: read them (by _id, indexed).
      await Promise.all(
        decided
          .filter((p) => p.action === 'update')
          .map(async (p) => {
            p.stored = (await stores[kind].byId(p._id)) ?? undefined;
          }),
      );
      if (!deps.check) return decided;
      const valid: PlannedRecord[] = [];
      for (const p of decided) {
        if (p.action === 'create' || p.action === 'update') {
          const doc = documentOf(p, refs, {
            source: 'check',
            at: new Date(),
            localLanguage: deps.localLanguage,
          });
          const names = kind === 'session' ? SESSION_FIELD_TO_HSDS : undefined;
          const problems = await problemsOf(stores[kind], doc, p.stored, names);
          if (problems) {
            for (const [field, code] of problems)
              errors.at(p.mapped.where, TABLE_OF_KIND[kind], field, code);
            continue;
          }
        }
        valid.push(p);
      }
      return valid;
    },
  };
}

export type Planner = ReturnType<typeof createPlanner>;
