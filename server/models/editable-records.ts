// The editable part of a service and of a course session, in model shape: what a provider's form
// produces, what a pending revision stores (as JSON, models/revision.ts), and what a coordinator's
// review compares. The provider and admin features both read records this way.
import type { FlattenMaps } from 'mongoose';
import { storedFlag } from './lean';
import type { CourseSessionDoc } from './course-session';
import type { ServiceDoc } from './service';
import type { CefrLevel, CostType } from './vocabulary';

type Texts = Record<string, string>;

export interface CostInput {
  type: CostType;
  amount?: number;
  currency?: string;
}

/** The editable part of a service, in model shape. */
export interface ServiceInput {
  category: string;
  /** Slugs of the needs the service meets (checked against the vocabulary when saved). */
  needs: string[];
  targetLanguage?: string;
  name: Texts;
  summary: Texts;
  description: Texts;
  documents: Record<string, string[]>;
  languages: string[];
  interpretationOnRequest: boolean;
  cost: CostInput;
  access: { modes: string[]; note: Texts };
  delivery: string[];
  eligibility: {
    residenceStatus: string[];
    ageMin?: number;
    ageMax?: number;
    womenOnly: boolean;
    families: boolean;
    youth: boolean;
  };
  locations: string[];
  contact: { phone?: string; email?: string; website?: string };
}

/** The editable part of a course session, in model shape. */
export interface SessionInput {
  level: CefrLevel;
  startDate: Date;
  endDate: Date;
  days: string[];
  startTime: string;
  endTime: string;
  hoursPerWeek?: number;
  capacity: number;
  seatsLeft: number;
  registrationDeadline?: Date;
  registrationOpen: boolean;
  childcare: boolean;
  certificate: boolean;
  cost: CostInput;
  location?: string;
}

/** A stored service or session as lean reads and toObject({ flattenMaps: true }) give it. */
export type ServiceRecord = Partial<FlattenMaps<ServiceDoc>>;
export type SessionRecord = FlattenMaps<CourseSessionDoc>;

/**
 * The JSON form of a record (ObjectIds → strings, Dates → ISO strings, absent fields dropped):
 * the shape a pending revision is stored in, so that a review compares like with like. Typed as
 * its input, which it matches but for those leaves: read its dates with `new Date(…)`.
 */
export const jsonShape = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** A stored cost without the nulls a lean read may carry (a form never sends them). */
const costOf = ({
  amount,
  currency,
  ...rest
}: {
  type: CostType;
  amount?: number | null;
  currency?: string | null;
}): CostInput => ({
  ...rest,
  ...(amount != null ? { amount } : {}),
  ...(currency != null ? { currency } : {}),
});

/** The editable fields of a stored service, in form-input shape. */
export function serviceEditable(s: ServiceRecord): ServiceInput {
  const p = jsonShape(s);
  return {
    category: p.category ?? '',
    needs: p.needs ?? [],
    ...(p.targetLanguage ? { targetLanguage: p.targetLanguage } : {}),
    name: p.name ?? {},
    summary: p.summary ?? {},
    description: p.description ?? {},
    documents: p.documents ?? {},
    languages: p.languages ?? [],
    interpretationOnRequest: Boolean(p.interpretationOnRequest),
    cost: p.cost ? costOf(p.cost) : { type: 'free' },
    access: { modes: p.access?.modes ?? [], note: p.access?.note ?? {} },
    delivery: p.delivery ?? [],
    eligibility: {
      residenceStatus: p.eligibility?.residenceStatus ?? ['any'],
      ...(p.eligibility?.ageMin != null ? { ageMin: p.eligibility.ageMin } : {}),
      ...(p.eligibility?.ageMax != null ? { ageMax: p.eligibility.ageMax } : {}),
      womenOnly: Boolean(p.eligibility?.womenOnly),
      families: Boolean(p.eligibility?.families),
      youth: Boolean(p.eligibility?.youth),
    },
    locations: (p.locations ?? []).map(String),
    contact: {
      ...(p.contact?.phone != null ? { phone: p.contact.phone } : {}),
      ...(p.contact?.email != null ? { email: p.contact.email } : {}),
      ...(p.contact?.website != null ? { website: p.contact.website } : {}),
    },
  };
}

export function sessionEditable(s: SessionRecord): SessionInput {
  const p = jsonShape(s);
  // Real dates, as its type says and as a revision reads back (moderation/revision-data.ts), so
  // a review compares a date with a date.
  return {
    level: p.level,
    startDate: new Date(p.startDate),
    endDate: new Date(p.endDate),
    days: p.days,
    startTime: p.startTime,
    endTime: p.endTime,
    ...(p.hoursPerWeek != null ? { hoursPerWeek: p.hoursPerWeek } : {}),
    capacity: p.capacity,
    seatsLeft: p.seatsLeft,
    ...(p.registrationDeadline ? { registrationDeadline: new Date(p.registrationDeadline) } : {}),
    registrationOpen: storedFlag(p.registrationOpen, true),
    childcare: storedFlag(p.childcare),
    certificate: storedFlag(p.certificate),
    cost: costOf(p.cost),
    ...(p.location ? { location: String(p.location) } : {}),
  };
}
