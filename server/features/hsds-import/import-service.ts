// HSDS import: read and check the whole file, plan what it would do (dry run), and apply it.
//
// Matching and conflicts: a record is matched by `uuid` (= the HSDS id; needs also by slug, the
// key our vocabulary files use). Each imported record keeps `importedFrom.hash`, a hash of the
// fields the import owns as it wrote them. On a later import the record as stored now is hashed
// the same way: if that differs from `importedFrom.hash` someone edited it in OneStop since (or
// a change waits for review), and the import lists it as a conflict and leaves it alone. A record
// created in OneStop (no `importedFrom`) is never overwritten either. Otherwise: same hash as the
// file → unchanged; different → update.
//
// Crash safety without transactions (FerretDB v1 has none): nothing is written unless the whole
// file is valid. Each record is written in one document write together with its `importedFrom`,
// so it is either imported whole or untouched. Writes go needs → organisations → locations →
// services: references only point from a later kind to an earlier one, so a crash never leaves a
// service pointing to a place or an organisation that is not there; running the import again
// finishes the job (what was written reports as unchanged).
import { createHash } from 'node:crypto';
import { Types } from 'mongoose';
import type { Error as MongooseError, Model } from 'mongoose';
import type { Models } from '../../models';
import type { Indexer } from '../../search/indexer';
import type { RowError } from './hsds-dataset';
import { RowErrors, collectRows } from './hsds-dataset';
import type { HsdsFormat, RawRow } from './hsds-readers';
import { UnreadableFileError, detectFormat, readHsdsFile } from './hsds-readers';
import type { Kind, Mapped } from './hsds-to-onestop';
import { KINDS, mapDataset } from './hsds-to-onestop';
import type { HsdsTable } from './hsds-tables';
import type { CategorySlug } from '../../models/vocabulary';

const BATCH = 500;

export type Action = 'create' | 'update' | 'unchanged' | 'conflict';
export type Counts = Record<Action, number>;

export interface ImportReport {
  source: string;
  format: HsdsFormat;
  valid: boolean;
  applied: boolean;
  counts: Record<Kind, Counts>;
  conflicts: { kind: Kind; id: string; label: string }[];
  /** Listed invalid fields (at most MAX_LISTED_ERRORS) and how many there are in all. */
  invalid: RowError[];
  invalidCount: number;
  /** Terms of other taxonomies, virtual locations: read, not stored. */
  ignored: { taxonomyTerms: number; virtualLocations: number };
}

/** Translated fields: the import owns their local-language text only. Translations added in
 * OneStop are neither compared (no conflict) nor overwritten (an update keeps them). */
const TRANSLATED: Record<Kind, readonly string[]> = {
  taxonomy_term: ['name'],
  organization: ['description'],
  location: ['transport'],
  service: [
    'name',
    'summary',
    'description',
    'documents',
    'cost.note',
    'access.note',
    'eligibility.area',
  ],
};

type Obj = Record<string, unknown>;
const asObject = (value: unknown): Obj | undefined =>
  value instanceof Map
    ? (Object.fromEntries(value) as Obj)
    : value && typeof value === 'object'
      ? (value as Obj)
      : undefined;

/** Rewrites each translated path of `fields` with `change(current map)` (copies, never mutates). */
function mapTranslated(
  fields: Obj,
  paths: readonly string[],
  change: (map: Obj | undefined, path: string) => Obj | undefined,
): Obj {
  const out: Obj = { ...fields };
  for (const path of paths) {
    const [head, tail] = path.split('.') as [string, string | undefined];
    if (!tail) out[head] = change(asObject(out[head]), path);
    else {
      const parent = asObject(out[head]);
      if (parent) out[head] = { ...parent, [tail]: change(asObject(parent[tail]), path) };
    }
  }
  return out;
}

const TABLE_OF_KIND: Record<Kind, HsdsTable> = {
  taxonomy_term: 'taxonomy_term',
  organization: 'organization',
  location: 'location',
  service: 'service',
};

/** Same value, same text: Maps and nested objects with sorted keys, no empty values. */
export function canonical(value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Types.ObjectId) return value.toHexString();
  if (value instanceof Map) return canonical(Object.fromEntries(value));
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = canonical((value as Record<string, unknown>)[key]);
      if (v === undefined) continue;
      if (typeof v === 'object' && !Array.isArray(v) && Object.keys(v as object).length === 0)
        continue;
      out[key] = v;
    }
    return out;
  }
  return value;
}

export const hashOf = (fields: unknown): string =>
  createHash('sha256')
    .update(JSON.stringify(canonical(fields)) ?? '')
    .digest('hex');

type Stored = Record<string, unknown> & {
  _id: Types.ObjectId;
  uuid?: string;
  slug?: string;
  status?: string;
  revision?: { state?: string } | null;
  importedFrom?: { hash?: string } | null;
};

interface PlannedRecord {
  mapped: Mapped;
  action: Action;
  _id: Types.ObjectId;
  /** New records: slug (services, organisations, needs) or key (locations). */
  slug?: string;
  stored?: Stored;
  hash: string;
}

const MODEL_FIELD_TO_HSDS: Record<string, string> = {
  summary: 'description',
  'contact.phone': 'phones.number',
  'contact.email': 'email',
  'contact.website': 'url',
  documents: 'required_documents.document',
  'eligibility.ageMin': 'minimum_age',
  'eligibility.ageMax': 'maximum_age',
  'access.note': 'application_process',
  languages: 'languages.code',
  transport: 'transportation',
  'address.street': 'addresses.address_1',
  'address.postcode': 'addresses.postal_code',
  'address.city': 'addresses.city',
  'geo.lat': 'latitude',
  'geo.lng': 'longitude',
  website: 'website',
};

export function createHsdsImportService(deps: {
  models: Models;
  indexer: Indexer;
  localLanguage: string;
  now?: () => Date;
}) {
  const { models, indexer } = deps;
  const now = deps.now ?? (() => new Date());
  // One generic shape for the four models: the import builds their documents itself and lets
  // each model's own schema validate them.
  type AnyModel = Model<Record<string, unknown>>;
  const modelOf = {
    taxonomy_term: models.Need,
    organization: models.Organisation,
    location: models.Location,
    service: models.Service,
  } as unknown as Record<Kind, AnyModel>;

  /** Records whose `field` is one of `values`. FerretDB v1 answers only a bare `_id` filter from
   * an index: any other `$in` reads the whole collection, so past one batch the collection is
   * read once (a cursor, keeping only the matches) instead of once per batch. */
  async function findIn(
    model: AnyModel,
    field: string,
    values: string[],
    projection?: Record<string, 1>,
  ) {
    const found: Stored[] = [];
    if (values.length > BATCH && field !== '_id') {
      const wanted = new Set(values);
      const fields = projection ? { ...projection, [field]: 1 as const } : undefined;
      for await (const doc of model.find({}, fields).lean().cursor()) {
        if (wanted.has(String((doc as Stored)[field]))) found.push(doc as Stored);
      }
      return found;
    }
    for (let i = 0; i < values.length; i += BATCH) {
      const batch = values.slice(i, i + BATCH);
      found.push(
        ...((await model
          .find({ [field]: { $in: batch } } as never, projection)
          .lean()) as Stored[]),
      );
    }
    return found;
  }

  /** Reads, checks and plans; writes nothing. */
  async function plan(filePath: string, source: string) {
    const errors = new RowErrors();
    let format: HsdsFormat = 'json';
    let records: Awaited<ReturnType<typeof mapAll>> | undefined;
    try {
      format = await detectFormat(filePath);
      records = await mapAll(readHsdsFile(filePath, source), errors);
    } catch (error) {
      if (!(error instanceof UnreadableFileError)) throw error;
      errors.add({
        file: error.file,
        line: error.line,
        table: 'file',
        field: 'file',
        code: 'unreadable',
      });
    }
    const planned: Record<Kind, PlannedRecord[]> = {
      taxonomy_term: [],
      organization: [],
      location: [],
      service: [],
    };
    if (records) {
      await decide(records, planned, errors);
    }
    const counts = Object.fromEntries(
      KINDS.map((kind) => [kind, { create: 0, update: 0, unchanged: 0, conflict: 0 }]),
    ) as Record<Kind, Counts>;
    for (const kind of KINDS) for (const p of planned[kind]) counts[kind][p.action]++;
    const report: ImportReport = {
      source,
      format,
      valid: errors.count === 0,
      applied: false,
      counts,
      conflicts: KINDS.flatMap((kind) =>
        planned[kind]
          .filter((p) => p.action === 'conflict')
          .map((p) => ({ kind, id: p.mapped.uuid, label: p.mapped.label })),
      ),
      invalid: errors.listed,
      invalidCount: errors.count,
      ignored: {
        taxonomyTerms: records?.ignoredTerms ?? 0,
        virtualLocations: records?.skippedVirtual ?? 0,
      },
    };
    return { report, planned };
  }

  async function mapAll(rows: AsyncIterable<RawRow>, errors: RowErrors) {
    const tables = await collectRows(rows, errors);
    const stored = (await models.Need.find({}, { slug: 1, uuid: 1, category: 1 }).lean()) as {
      slug: string;
      uuid?: string;
      category: CategorySlug;
    }[];
    const knownNeedSlugs = new Set(stored.map((n) => n.slug));
    const knownNeeds = new Map(stored.filter((n) => n.uuid).map((n) => [n.uuid!, n]));
    return mapDataset(
      tables,
      { localLanguage: deps.localLanguage, knownNeedSlugs, knownNeeds },
      errors,
    );
  }

  async function decide(
    records: ReturnType<typeof mapDataset>,
    planned: Record<Kind, PlannedRecord[]>,
    errors: RowErrors,
  ) {
    const lists: Record<Kind, Mapped[]> = {
      taxonomy_term: records.needs,
      organization: records.organisations,
      location: records.locations,
      service: records.services,
    };
    const byUuid: Record<Kind, Map<string, Stored>> = {
      taxonomy_term: new Map(),
      organization: new Map(),
      location: new Map(),
      service: new Map(),
    };
    for (const kind of KINDS) {
      const stored = await findIn(
        modelOf[kind],
        'uuid',
        lists[kind].map((m) => m.uuid),
      );
      for (const s of stored) byUuid[kind].set(s.uuid!, s);
    }
    // Needs are also known by slug (our vocabulary files create them with ids of their own).
    const needsBySlug = new Map(
      (
        await findIn(
          modelOf.taxonomy_term,
          'slug',
          records.needs.filter((n) => !byUuid.taxonomy_term.has(n.uuid)).map((n) => n.slugBase),
        )
      ).map((n) => [n.slug!, n]),
    );

    // Ids of organisations and locations, in the file or already stored, for references.
    const orgId = new Map<string, Types.ObjectId>();
    const locationId = new Map<string, Types.ObjectId>();
    const uuidOfId = new Map<string, string>();
    const idFor = (kind: Kind, m: Mapped): Types.ObjectId => {
      const stored =
        byUuid[kind].get(m.uuid) ??
        (kind === 'taxonomy_term' ? needsBySlug.get(m.slugBase) : undefined);
      return stored?._id ?? new Types.ObjectId();
    };
    const ids = new Map<Mapped, Types.ObjectId>();
    for (const kind of KINDS) {
      for (const m of lists[kind]) {
        const id = idFor(kind, m);
        ids.set(m, id);
        uuidOfId.set(id.toHexString(), m.uuid);
        if (kind === 'organization') orgId.set(m.uuid, id);
        if (kind === 'location') locationId.set(m.uuid, id);
      }
    }
    // Organisations referred to but not in the file: they must exist already.
    const outside = [
      ...new Set(
        [...records.locations, ...records.services]
          .map((m) => m.refs.organisation!)
          .filter((uuid) => !orgId.has(uuid)),
      ),
    ];
    for (const org of await findIn(modelOf.organization, 'uuid', outside, { uuid: 1 })) {
      orgId.set(org.uuid!, org._id);
      uuidOfId.set(org._id.toHexString(), org.uuid!);
    }
    // Stored records point to ids: their uuids, to compare like with like.
    const storedRefs = [...byUuid.location.values(), ...byUuid.service.values()]
      .flatMap((s) => [s.organisation, ...((s.locations as unknown[]) ?? [])])
      .map(String)
      .filter((id) => !uuidOfId.has(id));
    for (const [model, list] of [
      [modelOf.organization, storedRefs],
      [modelOf.location, storedRefs],
    ] as const) {
      for (const r of await findIn(model, '_id', [...new Set(list)], { uuid: 1 })) {
        if (r.uuid) uuidOfId.set(r._id.toHexString(), r.uuid);
      }
    }
    const asUuid = (id: unknown) => uuidOfId.get(String(id)) ?? String(id);

    // Only new records need a slug.
    const takenSlugs = await slugsInUse(
      records.organisations.filter((m) => !byUuid.organization.has(m.uuid)),
      records.services.filter((m) => !byUuid.service.has(m.uuid)),
    );
    for (const kind of KINDS) {
      const usedKeys = new Set<string>();
      for (const m of lists[kind]) {
        if (m.refs.organisation && !orgId.has(m.refs.organisation)) {
          errors.at(m.where, TABLE_OF_KIND[kind], 'organization_id', 'unknownReference');
          continue;
        }
        const stored =
          byUuid[kind].get(m.uuid) ??
          (kind === 'taxonomy_term' ? needsBySlug.get(m.slugBase) : undefined);
        const hash = hashOf(m.fields);
        const _id = ids.get(m)!;
        let action: Action;
        let slug: string | undefined;
        if (!stored) {
          action = 'create';
          slug = newSlug(kind, m, takenSlugs, usedKeys);
        } else {
          const current = hashOf(currentFields(kind, Object.keys(m.fields), stored, asUuid));
          const editedSince =
            !stored.importedFrom?.hash ||
            current !== stored.importedFrom.hash ||
            stored.revision?.state === 'pending' ||
            stored.revision?.state === 'draft';
          if (current === hash && !stored.revision) action = 'unchanged';
          else if (editedSince) action = 'conflict';
          else action = 'update';
        }
        const record: PlannedRecord = { mapped: m, action, _id, slug, stored, hash };
        if (action === 'create' || action === 'update') {
          const problems = await validate(kind, record, orgId, locationId);
          if (problems) {
            for (const [path, kindOfError] of problems) {
              const field =
                MODEL_FIELD_TO_HSDS[path] ?? MODEL_FIELD_TO_HSDS[path.split('.')[0]!] ?? path;
              errors.at(m.where, TABLE_OF_KIND[kind], field, kindOfError);
            }
            continue;
          }
        }
        planned[kind].push(record);
      }
    }
  }

  /** Slugs of organisations and services already taken by the slugs this file would use. */
  async function slugsInUse(organisations: Mapped[], services: Mapped[]) {
    const candidates = (list: Mapped[]) => list.map((m) => `${m.slugBase}-${m.uuid.slice(0, 8)}`);
    const taken = new Set<string>();
    for (const [model, list] of [
      [modelOf.organization, organisations],
      [modelOf.service, services],
    ] as const) {
      for (const r of await findIn(model, 'slug', candidates(list), { slug: 1 }))
        taken.add(r.slug!);
    }
    return taken;
  }

  /** Readable and unique: the name, then the id's first 8 digits (all 32 if that is taken). */
  function newSlug(kind: Kind, m: Mapped, taken: Set<string>, used: Set<string>): string {
    if (kind === 'taxonomy_term') return m.slugBase;
    let slug = `${m.slugBase}-${m.uuid.slice(0, 8)}`;
    const scope = kind === 'location' ? `${m.refs.organisation}/` : '';
    if ((kind !== 'location' && taken.has(slug)) || used.has(scope + slug)) {
      slug = `${m.slugBase}-${m.uuid.replace(/-/g, '')}`;
    }
    used.add(scope + slug);
    return slug;
  }

  /** The stored record's values of the fields the import owns (those it maps: `keys`). */
  function currentFields(
    kind: Kind,
    keys: string[],
    stored: Stored,
    asUuid: (id: unknown) => string,
  ) {
    const fields: Record<string, unknown> = {};
    for (const key of keys) fields[key] = stored[key];
    if ('organisation' in fields) fields.organisation = asUuid(fields.organisation);
    if (kind === 'service') fields.locations = ((stored.locations as unknown[]) ?? []).map(asUuid);
    const L = deps.localLanguage;
    return mapTranslated(fields, TRANSLATED[kind], (map) =>
      map?.[L] !== undefined ? { [L]: map[L] } : undefined,
    );
  }

  /** The document as it would be written, with ids for references. */
  function documentOf(
    kind: Kind,
    p: PlannedRecord,
    orgId: Map<string, Types.ObjectId>,
    locationId: Map<string, Types.ObjectId>,
    source: string,
    at: Date,
  ): Record<string, unknown> {
    const fields: Record<string, unknown> = { ...p.mapped.fields };
    if (p.mapped.refs.organisation) fields.organisation = orgId.get(p.mapped.refs.organisation);
    if (kind === 'service') {
      fields.locations = (p.mapped.refs.locations ?? []).map((uuid) => locationId.get(uuid));
    }
    for (const [key, value] of Object.entries(p.mapped.extra))
      if (value !== undefined) fields[key] = value;
    const importedFrom = { source: source.slice(0, 300), at, hash: p.hash };
    if (p.action === 'update') {
      // Other languages' texts stay; only the local one comes from the file.
      const L = deps.localLanguage;
      const stored: Obj = p.stored ?? {};
      const merged = mapTranslated(fields, TRANSLATED[kind], (map, path) => {
        const [head, tail] = path.split('.') as [string, string | undefined];
        const before = asObject(tail ? asObject(stored[head])?.[tail] : stored[head]) ?? {};
        const rest = Object.fromEntries(Object.entries(before).filter(([lng]) => lng !== L));
        const next = map?.[L] !== undefined ? { ...rest, [L]: map[L] } : rest;
        return Object.keys(next).length ? next : undefined;
      });
      return { ...merged, importedFrom };
    }
    return {
      ...p.mapped.onCreate,
      ...fields,
      _id: p._id,
      uuid: p.mapped.uuid,
      importedFrom,
      ...(kind === 'location' ? { key: p.slug } : { slug: p.slug }),
      ...(kind === 'service'
        ? {
            // New work waits for a coordinator, as a provider's does (moderation/moderation.ts).
            status: 'pending',
            lastVerifiedAt: p.mapped.extra.lastVerifiedAt ?? at,
            textUpdatedAt: { [deps.localLanguage]: at },
          }
        : {}),
    };
  }

  /** The model's own rules, checked before anything is written. */
  async function validate(
    kind: Kind,
    p: PlannedRecord,
    orgId: Map<string, Types.ObjectId>,
    locationId: Map<string, Types.ObjectId>,
  ): Promise<[string, 'required' | 'tooLong' | 'enum' | 'invalid'][] | undefined> {
    const doc = documentOf(kind, p, orgId, locationId, 'check', new Date());
    const stored: Record<string, unknown> = p.stored ?? {};
    const Model = modelOf[kind];
    const instance = new Model({
      ...stored,
      ...doc,
      slug: doc.slug ?? stored.slug,
      key: doc.key ?? stored.key,
    });
    let error: MongooseError.ValidationError;
    try {
      await instance.validate();
      return undefined;
    } catch (thrown) {
      error = thrown as MongooseError.ValidationError;
      if (!error.errors) throw thrown;
    }
    return Object.entries(error.errors).map(([path, e]) => [
      path,
      (e as { kind?: string }).kind === 'maxlength'
        ? 'tooLong'
        : (e as { kind?: string }).kind === 'required'
          ? 'required'
          : (e as { kind?: string }).kind === 'enum'
            ? 'enum'
            : 'invalid',
    ]);
  }

  return {
    /** Dry run: the report of what applying would do. Writes nothing. */
    async dryRun(filePath: string, source: string): Promise<ImportReport> {
      return (await plan(filePath, source)).report;
    },

    /** Applies the file if it is valid as a whole (else writes nothing); idempotent. */
    async apply(filePath: string, source: string): Promise<ImportReport> {
      const { report, planned } = await plan(filePath, source);
      if (!report.valid) return report;
      const at = now();
      const orgId = new Map<string, Types.ObjectId>();
      const locationId = new Map<string, Types.ObjectId>();
      for (const p of planned.organization) orgId.set(p.mapped.uuid, p._id);
      for (const p of planned.location) locationId.set(p.mapped.uuid, p._id);
      // References to organisations outside the file: their ids.
      const outside = [...planned.location, ...planned.service]
        .map((p) => p.mapped.refs.organisation!)
        .filter((uuid) => !orgId.has(uuid));
      for (const org of await findIn(modelOf.organization, 'uuid', [...new Set(outside)], {
        uuid: 1,
      })) {
        orgId.set(org.uuid!, org._id);
      }
      // Locations not written by this import (conflicts, unchanged) keep their stored ids.
      for (const kind of KINDS) {
        const writes = planned[kind].filter((p) => p.action === 'create' || p.action === 'update');
        for (let i = 0; i < writes.length; i += BATCH) {
          const batch = writes.slice(i, i + BATCH);
          const changed = batch.filter((p) => p.action === 'update').map((p) => p._id);
          // Search: an entry before a write that may change a published service (indexer.ts).
          if (kind === 'service') await indexer.serviceWillChange(changed);
          const creates = batch
            .filter((p) => p.action === 'create')
            .map((p) => documentOf(kind, p, orgId, locationId, source, at));
          if (creates.length) await modelOf[kind].insertMany(creates, { ordered: true });
          const updates = batch
            .filter((p) => p.action === 'update')
            .map((p) => {
              const doc = documentOf(kind, p, orgId, locationId, source, at);
              const $set: Record<string, unknown> = {};
              const $unset: Record<string, ''> = {};
              for (const [key, value] of Object.entries(doc)) {
                if (value === undefined) $unset[key] = '';
                else $set[key] = value;
              }
              return {
                updateOne: {
                  filter: { _id: p._id },
                  update: Object.keys($unset).length ? { $set, $unset } : { $set },
                },
              };
            });
          if (updates.length) await modelOf[kind].bulkWrite(updates, { ordered: true });
          // And after it (see serviceChanged in indexer.ts). New services are not queued: they are
          // pending, so not in search, and their publication by a coordinator queues them.
          if (kind === 'service') await indexer.serviceWillChange(changed);
        }
        if (kind === 'taxonomy_term' && writes.length) indexer.needsChanged();
      }
      if (report.counts.service.update > 0) await indexer.drain();
      return { ...report, applied: true };
    },
  };
}

export type HsdsImportService = ReturnType<typeof createHsdsImportService>;
