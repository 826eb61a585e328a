// What a pending revision stores (models/revision.ts: the proposed editable fields as JSON), read
// back checked: JSON turned dates into strings and the text may have been touched outside the app,
// so each read parses it against the shape the provider feature writes (editable-records.ts).
// Unknown keys are dropped: the writers store exactly these fields, and approving a revision sets
// what it reads onto the record, so a stray key must not reach it.
import { z } from 'zod';
import { DamagedDataError } from '../errors';
import type { ServiceInput, SessionInput } from '../models/editable-records';
import { CEFR_LEVELS, COST_TYPES } from '../models/vocabulary';

const texts = z.record(z.string(), z.string());
const cost = z.object({
  type: z.enum(COST_TYPES),
  amount: z.number().optional(),
  currency: z.string().optional(),
});

const serviceInput = z.object({
  category: z.string(),
  needs: z.array(z.string()),
  targetLanguage: z.string().optional(),
  name: texts,
  summary: texts,
  description: texts,
  documents: z.record(z.string(), z.array(z.string())),
  languages: z.array(z.string()),
  interpretationOnRequest: z.boolean(),
  cost,
  access: z.object({ modes: z.array(z.string()), note: texts }),
  delivery: z.array(z.string()),
  eligibility: z.object({
    residenceStatus: z.array(z.string()),
    ageMin: z.number().optional(),
    ageMax: z.number().optional(),
    womenOnly: z.boolean(),
    families: z.boolean(),
    youth: z.boolean(),
  }),
  locations: z.array(z.string()),
  contact: z.object({
    phone: z.string().optional(),
    email: z.string().optional(),
    website: z.string().optional(),
  }),
});

/** A service's revision also carries when each language's texts last changed. */
export const serviceRevisionSchema = serviceInput.extend({
  textUpdatedAt: z.record(z.string(), z.coerce.date()).optional(),
});

export const sessionRevisionSchema = z.object({
  level: z.enum(CEFR_LEVELS),
  startDate: z.coerce.date(),
  endDate: z.coerce.date(),
  days: z.array(z.string()),
  startTime: z.string(),
  endTime: z.string(),
  hoursPerWeek: z.number().optional(),
  capacity: z.number(),
  seatsLeft: z.number(),
  registrationDeadline: z.coerce.date().optional(),
  registrationOpen: z.boolean(),
  childcare: z.boolean(),
  certificate: z.boolean(),
  cost,
  location: z.string().optional(),
});

/** What a pending revision of a service stores. */
export type ServiceRevisionData = ServiceInput & { textUpdatedAt?: Record<string, Date> };

// `data` may be missing: a record found by its pending revision whose revision holds nothing is
// damaged too.
function read<T>(schema: z.ZodType<T>, data: string | undefined, record: string): T {
  if (data === undefined) throw new DamagedDataError(`pending revision of ${record} is missing`);
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    throw new DamagedDataError(`pending revision of ${record} is not JSON`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const where = parsed.error.issues.map((i) => i.path.join('.') || '(root)').join(', ');
    throw new DamagedDataError(`pending revision of ${record} is damaged: ${where}`);
  }
  return parsed.data;
}

/** `record` names the record in the error ("service 6650…"). */
export const readServiceRevision = (
  data: string | undefined,
  record = 'a service',
): ServiceRevisionData => read(serviceRevisionSchema, data, record);

export const readSessionRevision = (data: string | undefined, record = 'a session'): SessionInput =>
  read(sessionRevisionSchema, data, record);
