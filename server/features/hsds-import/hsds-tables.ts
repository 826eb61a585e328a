// The HSDS 3 tables the import reads, and a zod schema for the fields of each that OneStop uses
// (openreferral/specification, schema/*.json and the tabular datapackage). Both input shapes
// (nested JSON and tabular CSV) are flattened into these rows first, so one set of rules checks
// both. Every error message is a short code (`required`, `uuid`…) that the report translates.
import { z } from 'zod';
import { UUID_PATTERN } from '../../models/uuid';

export const HSDS_TABLES = [
  'organization',
  'location',
  'address',
  'accessibility',
  'service',
  'service_at_location',
  'taxonomy',
  'taxonomy_term',
  'attribute',
  'language',
  'phone',
  'schedule',
  'cost_option',
  'required_document',
] as const;
export type HsdsTable = (typeof HSDS_TABLES)[number];

/** File and resource names of the tabular format: singular and plural both seen. */
const PLURALS: Partial<Record<HsdsTable, string[]>> = {
  address: ['addresses'],
  accessibility: ['accessibilities', 'accessibility_for_disabilities'],
  taxonomy: ['taxonomies'],
  service_at_location: ['service_at_locations', 'services_at_location'],
};
export const TABLE_OF_FILE: Readonly<Record<string, HsdsTable>> = Object.fromEntries(
  HSDS_TABLES.flatMap((table) =>
    [table, `${table}s`, ...(PLURALS[table] ?? [])].map((name) => [name, table]),
  ),
);

/** An empty CSV cell and a JSON null both mean "not given". */
const absent = (value: unknown) => (value === '' || value === null ? undefined : value);
const asText = (value: unknown) =>
  typeof value === 'number' || typeof value === 'boolean' ? String(value) : absent(value);

const text = (max = 20_000) => z.string({ error: 'text' }).trim().max(max, { error: 'tooLong' });
const optionalText = (max?: number) => z.preprocess(asText, text(max).optional());
// A missing value becomes '' so that it is reported as `required` (a missing key would skip an
// optional schema's checks).
const requiredText = (max?: number) =>
  z.preprocess((value) => asText(value) ?? '', text(max).min(1, { error: 'required' }));

const uuid = () => z.string({ error: 'uuid' }).trim().regex(UUID_PATTERN, { error: 'uuid' });
const requiredId = () =>
  z.preprocess(
    (value) => absent(value) ?? '',
    z.string({ error: 'uuid' }).trim().min(1, { error: 'required' }).regex(UUID_PATTERN, {
      error: 'uuid',
    }),
  );
const optionalId = () => z.preprocess(absent, uuid().optional());

/** A calendar date or a date-time (ISO 8601), as the specification's examples write them. */
const DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const optionalDate = () =>
  z.preprocess(
    asText,
    z
      .string({ error: 'date' })
      .trim()
      .regex(DATE, { error: 'date' })
      .refine((value) => !Number.isNaN(Date.parse(value)), { error: 'date' })
      .optional(),
  );
const optionalNumber = (min = -Infinity, max = Infinity) =>
  z.preprocess(
    (value) => {
      const given = absent(value);
      if (typeof given !== 'string') return given;
      return given.trim() === '' ? undefined : Number(given);
    },
    z
      .number({ error: 'number' })
      .refine(Number.isFinite, { error: 'number' })
      .min(min, { error: 'range' })
      .max(max, { error: 'range' })
      .optional(),
  );
const optionalEmail = () =>
  z.preprocess(
    asText,
    z
      .string()
      .trim()
      .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'email')
      .optional(),
  );
const optionalUri = () =>
  z.preprocess(
    asText,
    z
      .string()
      .trim()
      .regex(/^[a-z][a-z0-9+.-]*:\S+$/i, 'uri')
      .optional(),
  );
const optionalEnum = <T extends readonly [string, ...string[]]>(values: T) =>
  z.preprocess(
    (value) => (typeof asText(value) === 'string' ? String(value).trim() : undefined),
    z.enum(values, { error: 'enum' }).optional(),
  );

export const HSDS_ROW_SCHEMAS = {
  organization: z.object({
    id: requiredId(),
    name: requiredText(),
    alternate_name: optionalText(),
    description: optionalText(),
    email: optionalEmail(),
    website: optionalUri(),
  }),
  location: z.object({
    id: requiredId(),
    location_type: optionalEnum(['physical', 'postal', 'virtual']),
    organization_id: optionalId(),
    name: optionalText(),
    description: optionalText(),
    transportation: optionalText(),
    latitude: optionalNumber(-90, 90),
    longitude: optionalNumber(-180, 180),
  }),
  address: z.object({
    id: requiredId(),
    location_id: requiredId(),
    address_1: requiredText(),
    address_2: optionalText(),
    city: requiredText(),
    region: optionalText(),
    state_province: optionalText(),
    postal_code: requiredText(),
    country: optionalText(),
    address_type: optionalEnum(['physical', 'postal', 'virtual']),
  }),
  accessibility: z.object({
    id: requiredId(),
    location_id: requiredId(),
    description: optionalText(),
    details: optionalText(),
  }),
  service: z.object({
    id: requiredId(),
    organization_id: requiredId(),
    name: requiredText(),
    alternate_name: optionalText(),
    description: optionalText(),
    url: optionalUri(),
    email: optionalEmail(),
    status: optionalEnum(['active', 'inactive', 'defunct', 'temporarily closed']),
    interpretation_services: optionalText(),
    application_process: optionalText(),
    fees_description: optionalText(),
    eligibility_description: optionalText(),
    minimum_age: optionalNumber(0, 150),
    maximum_age: optionalNumber(0, 150),
    assured_date: optionalDate(),
  }),
  service_at_location: z.object({
    id: requiredId(),
    service_id: requiredId(),
    location_id: requiredId(),
    description: optionalText(),
  }),
  taxonomy: z.object({
    id: requiredId(),
    name: requiredText(),
    description: optionalText(),
  }),
  taxonomy_term: z.object({
    id: requiredId(),
    code: optionalText(200),
    name: requiredText(),
    description: optionalText(),
    parent_id: optionalId(),
    taxonomy: optionalText(200),
    language: optionalText(20),
    taxonomy_id: optionalId(),
  }),
  attribute: z.object({
    id: requiredId(),
    link_id: requiredId(),
    taxonomy_term_id: requiredId(),
    link_type: optionalText(200),
    link_entity: optionalText(100),
    value: optionalText(),
  }),
  language: z.object({
    id: requiredId(),
    service_id: optionalId(),
    location_id: optionalId(),
    name: optionalText(100),
    code: optionalText(20),
    note: optionalText(),
  }),
  phone: z.object({
    id: requiredId(),
    location_id: optionalId(),
    service_id: optionalId(),
    organization_id: optionalId(),
    number: requiredText(100),
  }),
  schedule: z.object({
    id: requiredId(),
    service_id: optionalId(),
    location_id: optionalId(),
    service_at_location_id: optionalId(),
    valid_from: optionalDate(),
    valid_to: optionalDate(),
    // First and last day of a recurrence (a course session's dates, with valid_from/valid_to).
    dtstart: optionalDate(),
    until: optionalDate(),
    freq: optionalEnum(['WEEKLY', 'MONTHLY']),
    byday: optionalText(100),
    opens_at: optionalText(20),
    closes_at: optionalText(20),
    description: optionalText(),
  }),
  cost_option: z.object({
    id: requiredId(),
    service_id: requiredId(),
    option: optionalText(),
    currency: optionalText(10),
    amount: optionalNumber(0),
    amount_description: optionalText(),
  }),
  required_document: z.object({
    id: requiredId(),
    service_id: optionalId(),
    document: optionalText(),
  }),
} satisfies Record<HsdsTable, z.ZodType>;

export type HsdsRow<T extends HsdsTable> = z.infer<(typeof HSDS_ROW_SCHEMAS)[T]>;

/** The codes an invalid field is reported with (translated in the report, import.errors.*). */
export const ERROR_CODES = [
  'required',
  'uuid',
  'date',
  'number',
  'range',
  'email',
  'uri',
  'enum',
  'text',
  'tooLong',
  'duplicate',
  'unknownReference',
  'noAddress',
  'unreadable',
  'invalid',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export function errorCodeOf(message: string | undefined): ErrorCode {
  return (ERROR_CODES as readonly string[]).includes(message ?? '')
    ? (message as ErrorCode)
    : 'invalid';
}
