// The documents an import compares and writes. The import owns the fields it maps (and only the
// local language of translated ones); `hashOf` those fields as written is kept in
// `importedFrom.hash`, and the same hash of a stored record tells whether someone edited it
// since (import-plan.ts).
import { createHash } from 'node:crypto';
import { Types } from 'mongoose';
import type { Error as MongooseError, Model } from 'mongoose';
import type { Models } from '../../models';
import type { ErrorCode } from './hsds-tables';
import type { Kind, Mapped } from './hsds-to-onestop';

type Obj = Record<string, unknown>;

/** A stored record as read back (lean). */
export type Stored = Obj & {
  _id: Types.ObjectId;
  uuid?: string;
  slug?: string;
  key?: string;
  status?: string;
  revision?: { state?: string } | null;
  importedFrom?: { hash?: string } | null;
};

export type Action = 'create' | 'update' | 'unchanged' | 'conflict';

export interface PlannedRecord {
  mapped: Mapped;
  action: Action;
  _id: Types.ObjectId;
  /** New records: slug (services, organisations, needs) or key (locations). */
  slug?: string;
  /** Updates: the record as stored (its other languages are kept). */
  stored?: Stored;
  hash: string;
}

/** What the import does with one kind of record, whatever the model's own type. */
export interface RecordStore {
  scan(projection?: Record<string, 1>): AsyncIterable<Stored>;
  byId(id: Types.ObjectId): Promise<Stored | null>;
  validate(doc: Obj): Promise<void>;
  insert(docs: Obj[]): Promise<unknown>;
  update(changes: { _id: Types.ObjectId; set: Obj; unset: Record<string, ''> }[]): Promise<unknown>;
}

/** Generic over each model's own types, so that every call below is checked against Mongoose's. */
function storeOf<T, Q, I, V, H extends { validate(): Promise<void> }, S, L>(
  model: Model<T, Q, I, V, H, S, L>,
): RecordStore {
  return {
    scan: (projection) => model.find({}, projection).lean<Stored>().cursor(),
    byId: (id) => model.findById(id).lean<Stored>().exec(),
    validate: (doc) => new model(doc).validate(),
    insert: (docs) => model.insertMany(docs, { ordered: true }),
    update: (changes) =>
      model.bulkWrite(
        changes.map(({ _id, set, unset }) => ({
          updateOne: {
            filter: { _id },
            update: Object.keys(unset).length ? { $set: set, $unset: unset } : { $set: set },
          },
        })),
        { ordered: true },
      ),
  };
}

export const storesOf = (models: Models): Record<Kind, RecordStore> => ({
  taxonomy_term: storeOf(models.Need),
  organization: storeOf(models.Organisation),
  location: storeOf(models.Location),
  service: storeOf(models.Service),
  session: storeOf(models.CourseSession),
});

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
  session: ['cost.note'],
};

const isObj = (value: unknown): value is Obj => Boolean(value) && typeof value === 'object';
const asObject = (value: unknown): Obj | undefined =>
  value instanceof Map ? Object.fromEntries<unknown>(value) : isObj(value) ? value : undefined;

/** Rewrites each translated path of `fields` with `change(current map)` (copies, never mutates). */
function mapTranslated(
  fields: Obj,
  paths: readonly string[],
  change: (map: Obj | undefined, path: string) => Obj | undefined,
): Obj {
  const out: Obj = { ...fields };
  for (const path of paths) {
    const [head = '', tail] = path.split('.');
    if (!tail) out[head] = change(asObject(out[head]), path);
    else {
      const parent = asObject(out[head]);
      if (parent) out[head] = { ...parent, [tail]: change(asObject(parent[tail]), path) };
    }
  }
  return out;
}

/** Same value, same text: Maps and nested objects with sorted keys, no empty values. */
export function canonical(value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Types.ObjectId) return value.toHexString();
  if (value instanceof Map) return canonical(Object.fromEntries(value));
  if (Array.isArray(value)) return value.map(canonical);
  if (isObj(value)) {
    const out: Obj = {};
    for (const key of Object.keys(value).sort()) {
      const v = canonical(value[key]);
      if (v === undefined) continue;
      if (isObj(v) && !Array.isArray(v) && Object.keys(v).length === 0) continue;
      out[key] = v;
    }
    return out;
  }
  return value;
}

/** JSON.stringify as it behaves: undefined for undefined (canonical() of null or undefined);
 * the standard library types only the string case. */
const jsonText = (value: unknown): string | undefined => JSON.stringify(value);

export const hashOf = (fields: unknown): string =>
  createHash('sha256')
    .update(jsonText(canonical(fields)) ?? '')
    .digest('hex');

/** The stored record's values of the fields the import owns (`keys`), references as uuids. */
export function currentFields(
  kind: Kind,
  keys: readonly string[],
  stored: Stored,
  asUuid: (id: unknown) => string,
  localLanguage: string,
): Obj {
  const fields: Obj = {};
  for (const key of keys) fields[key] = stored[key];
  if ('organisation' in fields) fields.organisation = asUuid(fields.organisation);
  if (kind === 'service') {
    fields.locations = Array.isArray(stored.locations) ? stored.locations.map(asUuid) : [];
  }
  if (kind === 'session') fields.location = stored.location ? asUuid(stored.location) : undefined;
  return mapTranslated(fields, TRANSLATED[kind], (map) =>
    map?.[localLanguage] !== undefined ? { [localLanguage]: map[localLanguage] } : undefined,
  );
}

export interface References {
  organisation: (uuid: string) => Types.ObjectId | undefined;
  location: (uuid: string) => Types.ObjectId | undefined;
  service: (uuid: string) => Types.ObjectId | undefined;
}

/** The document as it would be written, with ids for references. */
export function documentOf(
  p: PlannedRecord,
  refs: References,
  context: { source: string; at: Date; localLanguage: string },
): Obj {
  const { kind } = p.mapped;
  const { at, localLanguage: L } = context;
  const fields: Obj = { ...p.mapped.fields };
  if (p.mapped.refs.organisation)
    fields.organisation = refs.organisation(p.mapped.refs.organisation);
  if (kind === 'service') {
    fields.locations = (p.mapped.refs.locations ?? []).map(refs.location);
  }
  if (kind === 'session') {
    if (p.mapped.refs.service) fields.service = refs.service(p.mapped.refs.service);
    const place = p.mapped.fields.location;
    fields.location = typeof place === 'string' ? refs.location(place) : undefined;
  }
  for (const [key, value] of Object.entries(p.mapped.extra))
    if (value !== undefined) fields[key] = value;
  const importedFrom = { source: context.source.slice(0, 300), at, hash: p.hash };
  if (p.action === 'update') {
    // Other languages' texts stay; only the local one comes from the file.
    const stored: Obj = p.stored ?? {};
    const merged = mapTranslated(fields, TRANSLATED[kind], (map, path) => {
      const [head = '', tail] = path.split('.');
      const before = asObject(tail ? asObject(stored[head])?.[tail] : stored[head]) ?? {};
      const rest = Object.fromEntries(Object.entries(before).filter(([lng]) => lng !== L));
      const next = map?.[L] !== undefined ? { ...rest, [L]: map[L] } : rest;
      return Object.keys(next).length ? next : undefined;
    });
    return { ...merged, importedFrom };
  }
  if (kind === 'session') {
    // Matched by service and key (no uuid of its own); new, it waits for review like a service.
    return { ...fields, _id: p._id, key: p.slug, importedFrom, status: 'pending' };
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
          textUpdatedAt: { [L]: at },
        }
      : {}),
  };
}

/** Model paths named as the HSDS fields they come from, for the report. */
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

const CODE_OF_KIND: Readonly<Record<string, ErrorCode>> = {
  maxlength: 'tooLong',
  required: 'required',
  enum: 'enum',
  min: 'range',
  max: 'range',
  // A value that is not of the field's type (cast errors are of the type's name).
  Number: 'number',
  date: 'date',
};

const isValidationError = (error: unknown): error is MongooseError.ValidationError =>
  error instanceof Error && error.name === 'ValidationError' && 'errors' in error;

/** The model's own rules, checked before anything is written: [HSDS field, code] of each
 * problem, or nothing. */
export async function problemsOf(
  store: RecordStore,
  doc: Obj,
  stored: Stored | undefined,
  names: Readonly<Record<string, string>> = MODEL_FIELD_TO_HSDS,
): Promise<[string, ErrorCode][] | undefined> {
  try {
    await store.validate({
      ...stored,
      ...doc,
      slug: doc.slug ?? stored?.slug,
      key: doc.key ?? stored?.key,
    });
    return undefined;
  } catch (thrown) {
    if (!isValidationError(thrown)) throw thrown;
    return Object.entries(thrown.errors).map(([path, e]) => [
      names[path] ?? names[path.split('.')[0] ?? ''] ?? path,
      ('kind' in e && CODE_OF_KIND[e.kind]) || 'invalid',
    ]);
  }
}
