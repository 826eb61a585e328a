// Closed vocabularies shared by models, forms, search and seed. Values are stable identifiers
// (stored, in URLs); their labels live in locales/<lng>/common.json under the same names.
// The patterns and constants they share are here too, written once (CLOCK_TIME, OBJECT_ID…).

export const CATEGORY_SLUGS = [
  'language-course',
  'interpreting-translation',
  'counselling',
  'housing',
  'legal-aid',
  'health',
  'employment-training',
  'education',
  'childcare-family',
  'information-orientation',
  'administrative-help',
  'digital-skills',
  'money-debt',
] as const;
export type CategorySlug = (typeof CATEGORY_SLUGS)[number];

export const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Day = (typeof DAYS)[number];

/** A0 is literacy ("alphabétisation"); the rest are the CEFR levels. */
export const CEFR_LEVELS = ['A0', 'A1', 'A2', 'B1', 'B2', 'C1', 'C2'] as const;
export type CefrLevel = (typeof CEFR_LEVELS)[number];

export const COST_TYPES = ['free', 'fixed', 'sliding', 'free-for-some'] as const;
export type CostType = (typeof COST_TYPES)[number];

export const ACCESS_MODES = ['walk-in', 'appointment', 'referral'] as const;
export const DELIVERY_MODES = ['in-person', 'online', 'phone'] as const;
export const RESIDENCE_STATUSES = [
  'any',
  'asylum-seeker',
  'refugee',
  'temporary-protection',
  'permit-b',
  'permit-c',
  'undocumented',
] as const;
export const SERVICE_STATUSES = ['draft', 'pending', 'published', 'archived'] as const;
export type ServiceStatus = (typeof SERVICE_STATUSES)[number];

/** Provider editor (one organisation), centre staff (front desk), coordinator (admin), community
 * translator (listings' texts in the languages they are given). */
export const ROLES = ['editor', 'staff', 'coordinator', 'translator'] as const;
export type Role = (typeof ROLES)[number];

export const TIMES_OF_DAY = ['morning', 'afternoon', 'evening'] as const;
export type TimeOfDay = (typeof TIMES_OF_DAY)[number];

/** "HH:MM", 24-hour clock. */
export const CLOCK_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
export const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** A MongoDB ObjectId as it appears in URLs and forms: 24 lowercase hex digits. */
export const OBJECT_ID = /^[a-f0-9]{24}$/;
/** An ISO 639 language code as stored and in URLs ("fr", "ti", "fil"). */
export const LANGUAGE_CODE = /^[a-z]{2,3}$/;
/** An e-mail address with a dot in its domain: the forms and the models accept the same ones. */
export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** One day in milliseconds (UTC days: no daylight-saving change). */
export const DAY_MS = 86_400_000;

/** A SLUG made from a name ("Cours de français" → "cours-de-francais"): accents dropped, other
 * characters as dashes, at most 60 characters. Empty when the name has no Latin letter or digit
 * (an Arabic or Tigrinya name): callers supply their own fallback. */
export function slugFrom(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
}

/** Morning before 12:00, afternoon before 17:00, evening after: what a newcomer means by them. */
export function timeOfDay(clock: string): TimeOfDay {
  const hour = Number(clock.slice(0, 2));
  if (hour < 12) return 'morning';
  if (hour < 17) return 'afternoon';
  return 'evening';
}
