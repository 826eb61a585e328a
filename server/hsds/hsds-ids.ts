// Identifiers of what OneStop exports as HSDS 3 but does not store as records of its own:
// taxonomies, category terms, profile terms, and the small objects HSDS gives an id of their own
// (phones, addresses, schedules, languages, attributes…). Each is a name-based UUID (version 5,
// RFC 9562) derived from a stable record's uuid or slug, so every export and every API answer
// gives the same ids without storing them.
import { createHash } from 'node:crypto';

/** OneStop's namespace for name-based UUIDs (a fixed random UUID; never change it). */
export const ONESTOP_NAMESPACE = '5f0c2a4e-8d1b-4c3e-9a7f-2b6d1e0c9a41';

function uuidBytes(uuid: string): Buffer {
  return Buffer.from(uuid.replace(/-/g, ''), 'hex');
}

/** UUID version 5 of `name` in `namespace` (SHA-1, variant RFC 4122). */
export function uuidV5(name: string, namespace = ONESTOP_NAMESPACE): string {
  const hash = createHash('sha1')
    .update(uuidBytes(namespace))
    .update(name, 'utf8')
    .digest()
    .subarray(0, 16);
  hash[6] = (hash.readUInt8(6) & 0x0f) | 0x50;
  hash[8] = (hash.readUInt8(8) & 0x3f) | 0x80;
  const hex = hash.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The id of a part of a record: `partId(service.uuid, 'phone', 0)`. */
export const partId = (owner: string, ...path: (string | number)[]): string =>
  uuidV5(`${owner}/${path.join('/')}`);

/** The id of a course session's schedule: its service's uuid and its key (unique per service,
 * never changed) make it stable, so an import of our export finds the session again. */
export const sessionScheduleId = (serviceUuid: string, key: string): string =>
  partId(serviceUuid, 'session', key);

/** A course session's cost option is marked by its `option`: this prefix, then the key. */
export const SESSION_COST_OPTION = 'course-session:';

export const TAXONOMIES = {
  categories: {
    id: uuidV5('taxonomy:onestop-categories'),
    name: 'onestop-categories',
    description: 'The 13 service categories of OneStop (top level of the needs taxonomy).',
  },
  needs: {
    id: uuidV5('taxonomy:onestop-needs'),
    name: 'onestop-needs',
    description:
      'What newcomers come with (dentist, eviction, residence permit renewal…); each term has a ' +
      'broader need or a category term as parent.',
  },
  profile: {
    id: uuidV5('taxonomy:onestop-profile'),
    name: 'onestop-profile',
    description:
      'Attribute keys of the OneStop HSDS profile: fields HSDS 3 has no column for (course ' +
      'sessions, CEFR levels, childcare, access and delivery modes…). See /api/hsds/.',
  },
} as const;

export const categoryTermId = (slug: string): string => uuidV5(`category:${slug}`);

/** Keys of the profile's attributes: `value` holds the data (see PROFILE_TERMS). */
export const PROFILE_TERMS = {
  summary: 'Short summary of the service (one or two sentences), in the language asked.',
  'delivery-mode': 'How the service is delivered: in-person, phone, online…',
  'access-mode': 'How to get in: walk-in, appointment, referral…',
  'residence-status': 'Residence statuses the service is open to.',
  'women-only': 'true: open to women only.',
  families: 'true: meant for families.',
  youth: 'true: meant for young people.',
  'target-language': 'ISO 639 code of the language taught (language courses).',
  'interpretation-on-request': 'true: an interpreter can be arranged on request.',
  'cost-type': 'free, fixed, sliding-scale or free-for-some.',
  'course-session': 'This schedule is a course session; value is its key.',
  'cefr-level': 'CEFR level of a course session (A1…C2, literacy).',
  childcare: 'true: childcare during the course session.',
  certificate: 'true: the course session ends with a certificate.',
  capacity: 'Seats of the course session.',
  'seats-left': 'Seats still free in the course session.',
  'registration-open': 'true while registration for the course session is open.',
  'registration-deadline': 'Last day to register (YYYY-MM-DD).',
  'hours-per-week': 'Teaching hours per week of the course session.',
  district: 'District of the place.',
  'step-free': 'true: the place can be reached without steps.',
  'accessible-toilet': 'true: the place has an accessible toilet.',
  'hearing-loop': 'true: the place has a hearing loop.',
} as const;

export type ProfileKey = keyof typeof PROFILE_TERMS;

export const profileTermId = (key: ProfileKey): string => uuidV5(`profile:${key}`);
