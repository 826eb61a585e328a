// Shapes of the hand-written demo content. The generator in seed/demo-directory.ts turns these
// into Organisation, Location, Service and CourseSession documents with stable slugs, so that
// running the seed twice upserts the same records.

/** Text per language code. `fr` (the demo's local language) and `en` are always present. */
export type Texts = { fr: string; en: string } & Partial<Record<'ar' | 'uk' | 'fa' | 'es', string>>;

/** A list per language (e.g. documents to bring). `fr` and `en` always present. */
export type TextLists = { fr: string[]; en: string[] } & Partial<
  Record<'ar' | 'uk' | 'fa' | 'es', string[]>
>;

export type CategorySlug =
  | 'language-course'
  | 'interpreting-translation'
  | 'counselling'
  | 'housing'
  | 'legal-aid'
  | 'health'
  | 'employment-training'
  | 'education'
  | 'childcare-family'
  | 'information-orientation'
  | 'administrative-help'
  | 'digital-skills'
  | 'money-debt';

export type Level = 'A0' | 'A1' | 'A2' | 'B1' | 'B2' | 'C1' | 'C2';

export type Day = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

export interface DemoLocation {
  /** unique within the organisation, e.g. 'main' */
  key: string;
  name: string;
  street: string; // "Rue de la Borde 12"
  postcode: string; // "1018"
  district: string; // one of DISTRICTS in districts.ts
  lat: number;
  lng: number;
  stepFree: boolean;
  accessibleToilet: boolean;
  hearingLoop: boolean;
  transport: Texts; // "Bus 1 and 21, stop Riponne"
  openingHours: { day: Day; opens: string; closes: string }[]; // "08:30", "12:00"
}

export interface DemoOrganisation {
  slug: string; // kebab-case, unique
  name: string; // proper name, not translated
  description: Texts;
  website?: string;
  email: string;
  phone: string; // "+41 21 555 12 34" (555 numbers: fictional)
  verified: boolean;
  locations: DemoLocation[];
}

export type CostSpec =
  | { type: 'free' }
  | { type: 'fixed'; amount: number; currency: 'CHF' }
  | { type: 'sliding'; note: Texts }
  | { type: 'free-for-some'; amount: number; currency: 'CHF'; note: Texts };

export interface DemoService {
  slug: string; // kebab-case, unique over all services
  organisation: string; // DemoOrganisation.slug
  category: CategorySlug;
  name: Texts;
  summary: Texts; // one plain sentence
  description: Texts; // 2–4 plain sentences
  /** ISO 639-1 codes the service is given in */
  languages: string[];
  interpretationOnRequest: boolean;
  cost: CostSpec;
  eligibility: {
    residenceStatus: (
      | 'any'
      | 'asylum-seeker'
      | 'refugee'
      | 'temporary-protection'
      | 'permit-b'
      | 'permit-c'
      | 'undocumented'
    )[];
    ageMin?: number;
    ageMax?: number;
    womenOnly?: boolean;
    families?: boolean;
    youth?: boolean;
  };
  documents: TextLists; // may be empty lists
  access: ('walk-in' | 'appointment' | 'referral')[];
  accessNote?: Texts;
  delivery: ('in-person' | 'online' | 'phone')[];
  schedule: { day: Day; opens: string; closes: string }[];
  locations: string[]; // DemoLocation.key of the organisation
  phone?: string;
  email?: string;
  /** language courses only: the language taught, e.g. 'fr' */
  targetLanguage?: string;
  /** language courses only: the CEFR levels taught, one group per level each term */
  levels?: Level[];
  /** language courses only: children are looked after during every session */
  childcare?: boolean;
}
