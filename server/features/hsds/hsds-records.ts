// Shapes of the records the HSDS mapping reads (lean documents, typed loosely so that the
// exporter and tests can build them too) and of its context.

export type Texts = Map<string, string> | Record<string, string | undefined> | null | undefined;
export type Lists = Map<string, string[]> | Record<string, string[] | undefined> | null | undefined;
export type Id = { toString(): string };
export interface Slot {
  day: string;
  opens: string;
  closes: string;
}
export interface Cost {
  type: string;
  amount?: number | null;
  currency?: string | null;
  note?: Texts;
}

export interface OrganisationRecord {
  _id: Id;
  uuid: string;
  name: string;
  description?: Texts;
  website?: string | null;
  email?: string | null;
  phone?: string | null;
}

export interface LocationRecord {
  _id: Id;
  uuid: string;
  organisation: Id;
  name: string;
  // Optional as the model's lean type has it: its parts are required, so a saved place has one,
  // but a record damaged outside the app may not.
  address?: { street: string; postcode: string; city: string } | null;
  district?: string | null;
  geo?: { lat?: number | null; lng?: number | null } | null;
  accessibility?: { stepFree?: boolean; accessibleToilet?: boolean; hearingLoop?: boolean } | null;
  transport?: Texts;
  openingHours?: Slot[];
}

export interface SessionRecord {
  _id: Id;
  service: Id;
  key: string;
  targetLanguage: string;
  level: string;
  startDate: Date;
  endDate: Date;
  days: string[];
  startTime: string;
  endTime: string;
  hoursPerWeek?: number | null;
  capacity: number;
  seatsLeft: number;
  registrationDeadline?: Date | null;
  registrationOpen?: boolean;
  childcare?: boolean;
  certificate?: boolean;
  cost: Cost;
  location?: Id | null;
  updatedAt?: Date;
}

export interface ServiceRecord {
  _id: Id;
  uuid: string;
  organisation: Id;
  locations?: Id[];
  category: string;
  needs?: string[];
  name?: Texts;
  summary?: Texts;
  description?: Texts;
  languages: string[];
  interpretationOnRequest?: boolean;
  cost: Cost;
  eligibility?: {
    residenceStatus?: string[];
    ageMin?: number | null;
    ageMax?: number | null;
    womenOnly?: boolean;
    families?: boolean;
    youth?: boolean;
    area?: Texts;
  } | null;
  documents?: Lists;
  access?: { modes?: string[]; note?: Texts } | null;
  delivery?: string[];
  schedule?: { validFrom?: Date | null; validUntil?: Date | null; weekly?: Slot[] } | null;
  contact?: { phone?: string | null; email?: string | null; website?: string | null } | null;
  targetLanguage?: string | null;
  lastVerifiedAt: Date;
  updatedAt?: Date;
}

export interface HsdsTerm {
  id: string;
  code: string;
  name: string;
  description: string;
  taxonomy: string;
  taxonomy_id: string;
  parent_id?: string;
  language?: string;
}

export interface MappingContext {
  lang: string;
  localLanguage: string;
  /** ISO 3166-1 alpha-2 country of every address. */
  country: string;
  /** Taxonomy terms by id, in the language asked (categories, needs and profile). */
  terms: ReadonlyMap<string, HsdsTerm>;
  /** Need uuids by slug (merged needs resolve to their target). */
  needIds: ReadonlyMap<string, string>;
}

export interface ServiceBundle {
  service: ServiceRecord;
  organisation: OrganisationRecord;
  locations: LocationRecord[];
  sessions: SessionRecord[];
}
