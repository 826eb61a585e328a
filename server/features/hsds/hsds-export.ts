// Exports of the whole published directory:
// - HSDS JSON as NDJSON: one fully nested service (the compiled service.json shape, with its
//   organization, places, schedules, attributes and their taxonomy terms) per line. This is the
//   API reference's `format=ndjson` ("stream all the results without pagination"): a large
//   directory streams line by line, each line validates on its own.
// - HSDS tabular: one CSV per HSDS table plus a Frictionless `datapackage.json` describing each
//   file's fields, zipped; the tables are the nested services taken apart, plus the whole
//   vocabulary (every taxonomy and term, used or not).
import type { Writable } from 'node:stream';
import { stringify } from 'csv-stringify';
import { ZipFile } from 'yazl';
import type { MappingContext, ServiceBundle } from './hsds-mapping';
import { serviceOf } from './hsds-mapping';
import { TAXONOMIES } from '../../hsds/hsds-ids';

/** HSDS 3.0 tables: file and fields in the specification's order (`name:type|format`). */
export const TABLES = {
  organization: [
    'organizations.csv',
    [
      'id|uuid',
      'name',
      'alternate_name',
      'description',
      'email|email',
      'website|uri',
      'tax_status',
      'tax_id',
      'year_incorporated:number',
      'legal_status',
      'logo',
      'uri|uri',
      'parent_organization_id|uuid',
    ],
  ],
  location: [
    'locations.csv',
    [
      'id|uuid',
      'location_type',
      'url|uri',
      'organization_id|uuid',
      'name',
      'alternate_name',
      'description',
      'transportation',
      'latitude:number',
      'longitude:number',
      'external_identifier',
      'external_identifier_type',
    ],
  ],
  address: [
    'addresses.csv',
    [
      'id|uuid',
      'location_id|uuid',
      'attention',
      'address_1',
      'address_2',
      'city',
      'region',
      'state_province',
      'postal_code',
      'country',
      'address_type',
    ],
  ],
  service: [
    'services.csv',
    [
      'id|uuid',
      'organization_id|uuid',
      'program_id|uuid',
      'name',
      'alternate_name',
      'description',
      'url|uri',
      'email|email',
      'status',
      'interpretation_services',
      'application_process',
      'fees_description',
      'wait_time',
      'fees',
      'accreditations',
      'eligibility_description',
      'minimum_age:number',
      'maximum_age:number',
      'assured_date:date',
      'assurer_email|email',
      'licenses',
      'alert',
      'last_modified:datetime',
    ],
  ],
  service_at_location: [
    'service_at_locations.csv',
    ['id|uuid', 'service_id|uuid', 'location_id|uuid', 'description'],
  ],
  phone: [
    'phones.csv',
    [
      'id|uuid',
      'location_id|uuid',
      'service_id|uuid',
      'organization_id|uuid',
      'contact_id|uuid',
      'service_at_location_id|uuid',
      'number',
      'extension:number',
      'type',
      'description',
    ],
  ],
  schedule: [
    'schedules.csv',
    [
      'id|uuid',
      'service_id|uuid',
      'location_id|uuid',
      'service_at_location_id|uuid',
      'valid_from:date',
      'valid_to:date',
      'dtstart:date',
      'timezone:number',
      'until:date',
      'count:number',
      'wkst',
      'freq',
      'interval:number',
      'byday',
      'byweekno',
      'bymonthday',
      'byyearday',
      'description',
      'opens_at:time',
      'closes_at:time',
      'schedule_link|uri',
      'attending_type',
      'notes',
    ],
  ],
  language: [
    'languages.csv',
    ['id|uuid', 'service_id|uuid', 'location_id|uuid', 'phone_id|uuid', 'name', 'code', 'note'],
  ],
  cost_option: [
    'cost_options.csv',
    [
      'id|uuid',
      'service_id|uuid',
      'valid_from:date',
      'valid_to:date',
      'option',
      'currency',
      'amount:number',
      'amount_description',
    ],
  ],
  required_document: [
    'required_documents.csv',
    ['id|uuid', 'service_id|uuid', 'document', 'uri|uri'],
  ],
  service_area: [
    'service_areas.csv',
    ['id|uuid', 'service_id|uuid', 'name', 'description', 'extent', 'extent_type', 'uri'],
  ],
  taxonomy: ['taxonomies.csv', ['id|uuid', 'name', 'description', 'uri|uri', 'version']],
  taxonomy_term: [
    'taxonomy_terms.csv',
    [
      'id|uuid',
      'code',
      'name',
      'description',
      'parent_id|uuid',
      'taxonomy',
      'language',
      'taxonomy_id|uuid',
      'term_uri|uri',
    ],
  ],
  attribute: [
    'attributes.csv',
    ['id|uuid', 'link_id|uuid', 'taxonomy_term_id|uuid', 'link_type', 'link_entity', 'value'],
  ],
} as const satisfies Record<string, readonly [string, readonly string[]]>;

export type TableName = keyof typeof TABLES;
type Json = Record<string, unknown>;

/** Where nested objects of a record go: arrays and single objects, by property name. */
const CHILDREN: Record<string, TableName> = {
  organization: 'organization',
  locations: 'location',
  location: 'location',
  addresses: 'address',
  service_at_locations: 'service_at_location',
  phones: 'phone',
  schedules: 'schedule',
  languages: 'language',
  cost_options: 'cost_option',
  required_documents: 'required_document',
  service_areas: 'service_area',
  attributes: 'attribute',
  taxonomy_term: 'taxonomy_term',
};

export const fieldName = (spec: string): string => spec.replace(/[:|][\s\S]*$/, '');

/** One fully nested service per line, in the order of the database. */
export function* ndjsonLines(bundles: ServiceBundle[], ctx: MappingContext): Generator<string> {
  for (const bundle of bundles) yield `${JSON.stringify(serviceOf(bundle, ctx))}\n`;
}

/** The nested services taken apart into HSDS tables (each record once, by id). */
export function tablesOf(bundles: ServiceBundle[], ctx: MappingContext): Map<TableName, Json[]> {
  const tables = new Map<TableName, Map<string, Json>>(
    (Object.keys(TABLES) as TableName[]).map((name) => [name, new Map()]),
  );
  const add = (table: TableName, record: Json) => {
    // Every table is in the map from the start: this only satisfies the type.
    let rows = tables.get(table);
    if (!rows) tables.set(table, (rows = new Map<string, Json>()));
    if (!rows.has(String(record.id))) rows.set(String(record.id), record);
    for (const [key, value] of Object.entries(record)) {
      const child = CHILDREN[key];
      if (!child) continue;
      if (Array.isArray(value)) for (const item of value) add(child, item as Json);
      else if (value && typeof value === 'object') add(child, value as Json);
    }
  };
  for (const bundle of bundles) add('service', serviceOf(bundle, ctx));
  for (const taxonomy of Object.values(TAXONOMIES)) add('taxonomy', { ...taxonomy });
  for (const term of ctx.terms.values()) add('taxonomy_term', { ...term });
  return new Map([...tables].map(([name, rows]) => [name, [...rows.values()]]));
}

/** Frictionless Data package descriptor listing every CSV and its fields. */
export function datapackage(): Json {
  return {
    name: 'onestop-hsds',
    title: 'OneStop directory (HSDS 3.0 tabular)',
    profile: 'tabular-data-package',
    resources: (Object.entries(TABLES) as [TableName, (typeof TABLES)[TableName]][]).map(
      ([name, [path, fields]]) => ({
        name,
        path,
        profile: 'tabular-data-resource',
        format: 'csv',
        mediatype: 'text/csv',
        encoding: 'utf-8',
        schema: {
          fields: fields.map((spec) => {
            const [, type = 'string'] = /^[^:|]+(?::([a-z]+))?/.exec(spec) ?? [];
            const format = spec.split('|')[1];
            return { name: fieldName(spec), type, ...(format ? { format } : {}) };
          }),
          primaryKey: 'id',
        },
      }),
    ),
  };
}

/** Writes the tabular zip (CSV per table, datapackage.json) to `output`; resolves when done. */
export function writeTabularZip(tables: Map<TableName, Json[]>, output: Writable): Promise<void> {
  const zip = new ZipFile();
  const done = new Promise<void>((resolve, reject) => {
    output.on('finish', resolve);
    output.on('error', reject);
    zip.outputStream.on('error', reject);
  });
  zip.outputStream.pipe(output);
  zip.addBuffer(Buffer.from(`${JSON.stringify(datapackage(), null, 2)}\n`), 'datapackage.json');
  for (const [name, [path, fields]] of Object.entries(TABLES)) {
    const columns = fields.map(fieldName);
    const csv = stringify({ header: true, columns, cast: { number: String } });
    zip.addReadStream(csv, path);
    for (const row of tables.get(name as TableName) ?? []) {
      csv.write(columns.map((column) => row[column] ?? ''));
    }
    csv.end();
  }
  zip.end();
  return done;
}
