// HSDS rows → OneStop records, one organisation, place or service at a time, in the shape of our
// models with references still given as HSDS ids (the plan resolves them). HSDS keeps one
// language per record: its texts land in the local language. Fields our models require that
// HSDS lacks get the defaults below (IMPORT_DEFAULTS, also in the README); fields HSDS 3 has no
// column for are read from the OneStop profile attributes our export writes
// (hsds/hsds-ids.ts), when present. Needs are mapped with the terms (import-terms.ts).
import {
  ACCESS_MODES,
  DELIVERY_MODES,
  RESIDENCE_STATUSES,
  slugFrom,
} from '../../models/vocabulary';
import type { CategorySlug } from '../../models/vocabulary';
import type { Located, RowErrors } from './hsds-dataset';
import type { HsdsRow } from './hsds-tables';
import type { SideTables } from './import-context';
import { profileOf } from './import-context';
import { COST_TYPES, weeklySlots } from './hsds-values';

/** What an import assumes when HSDS does not say (documented in the README). */
export const IMPORT_DEFAULTS = {
  /** A service with no category term of ours (nor a need that has one). */
  category: 'information-orientation' as CategorySlug,
  /** Access unknown: asking first is the safe advice to a newcomer. */
  access: ['appointment'] as const,
  /** Delivery unknown: in person when it has a place, by phone when it has a number, else online. */
  /** Cost unknown (no cost option, no fee text): free, as most listed social services are; the
   * coordinator checks it when reviewing the pending service. */
  cost: 'free' as const,
  residenceStatus: ['any'] as const,
} as const;

export type Kind = 'organization' | 'location' | 'service' | 'taxonomy_term' | 'session';
/** In the order they are written: each kind only points to kinds before it. */
export const KINDS: readonly Kind[] = [
  'taxonomy_term',
  'organization',
  'location',
  'service',
  'session',
];

export interface Mapped {
  kind: Kind;
  /** HSDS id: our `uuid` (course sessions: the id our export gives their schedule, worked out
   * from the service's uuid and the session's key, hsds-ids.ts sessionScheduleId). */
  uuid: string;
  /** For the report. */
  label: string;
  where: Located<{ id: string }>;
  /** Model fields the import owns (hashed). References are HSDS ids until the plan resolves them. */
  fields: Record<string, unknown>;
  /** Written on create and update but not compared (they change without an edit). */
  extra: Record<string, unknown>;
  /** Written on create only: defaults for what the file does not say. */
  onCreate?: Record<string, unknown>;
  /** Services: the organisation's id; locations: theirs; sessions: their service's. */
  refs: { organisation?: string; locations?: string[]; service?: string };
  /** For a new record's slug (services, organisations) or key (locations, sessions). */
  slugBase: string;
}

const HTTP = /^https?:\/\/\S+$/;

export function slugBase(text: string, fallback: string): string {
  return slugFrom(text) || fallback;
}

/** First sentence of the description, at most 300 characters (our summary's limit). */
function summaryFrom(description: string | undefined, name: string): string {
  if (!description) return name;
  const sentence = /^(.{20,300}?[.!?])(\s|$)/s.exec(description)?.[1] ?? description;
  return sentence.length <= 300 ? sentence : `${sentence.slice(0, 299).trimEnd()}…`;
}

const dateOnly = (value: string | undefined) => (value ? new Date(value) : undefined);

const within = <T extends string>(values: string[], allowed: readonly T[]): T[] => [
  ...new Set(values.filter((v): v is T => (allowed as readonly string[]).includes(v))),
];

/** The model fields the import owns for each kind of record (hashed to find edits), in the
 * order the mapping writes them. Needs own their name, and their place when the file says it. */
export const OWNED_FIELDS = {
  organization: ['name', 'description', 'website', 'email', 'phone'],
  location: [
    'organisation',
    'name',
    'address',
    'district',
    'geo',
    'accessibility',
    'transport',
    'openingHours',
  ],
  service: [
    'organisation',
    'category',
    'needs',
    'name',
    'summary',
    'description',
    'languages',
    'interpretationOnRequest',
    'cost',
    'eligibility',
    'documents',
    'access',
    'delivery',
    'schedule',
    'locations',
    'contact',
    'targetLanguage',
  ],
  // A session's service and key are what it is matched by, not fields the import owns.
  session: [
    'targetLanguage',
    'level',
    'startDate',
    'endDate',
    'days',
    'startTime',
    'endTime',
    'hoursPerWeek',
    'capacity',
    'seatsLeft',
    'registrationDeadline',
    'registrationOpen',
    'childcare',
    'certificate',
    'cost',
    'location',
  ],
} as const;
export type Owned<K extends keyof typeof OWNED_FIELDS> = Record<
  (typeof OWNED_FIELDS)[K][number],
  unknown
>;

export function mapOrganisation(
  where: Located<HsdsRow<'organization'>>,
  t: SideTables,
  L: string,
): Mapped {
  const o = where.row;
  const fields = {
    name: o.name,
    description: { [L]: o.description ?? o.name },
    website: o.website && HTTP.test(o.website) ? o.website : undefined,
    email: o.email?.toLowerCase(),
    phone: t.orgPhone.get(o.id),
  } satisfies Owned<'organization'>;
  return {
    kind: 'organization',
    uuid: o.id,
    label: o.name,
    where,
    fields,
    extra: {},
    refs: {},
    slugBase: slugBase(o.name, 'organisation'),
  };
}

/** A physical place (virtual ones are not stored); undefined when it cannot be one of ours. */
export function mapLocation(
  where: Located<HsdsRow<'location'>>,
  t: SideTables,
  L: string,
  errors: RowErrors,
): Mapped | undefined {
  const l = where.row;
  const address = t.address.get(l.id)?.address;
  if (!address) {
    errors.at(where, 'location', 'addresses', 'noAddress');
    return undefined;
  }
  // A location without its organization_id belongs to the organisation of a service there.
  const organisation =
    l.organization_id ??
    (t.servicesAtLocation.get(l.id) ?? [])
      .map((service) => t.organisationOfService.get(service))
      .find(Boolean);
  if (!organisation) {
    errors.at(where, 'location', 'organization_id', 'required');
    return undefined;
  }
  const profile = profileOf(t.attributes, l.id);
  const accessibilityText = t.accessibilityText.get(l.id) ?? '';
  const name = l.name ?? address.address_1;
  const fields = {
    organisation,
    name,
    address: {
      street: [address.address_1, address.address_2].filter(Boolean).join(', '),
      postcode: address.postal_code,
      city: address.city,
    },
    district: profile.one('district'),
    geo:
      l.latitude != null && l.longitude != null ? { lat: l.latitude, lng: l.longitude } : undefined,
    accessibility: {
      stepFree:
        profile.flag('step-free') || /wheelchair|step-free|fauteuil/.test(accessibilityText),
      accessibleToilet: profile.flag('accessible-toilet'),
      hearingLoop:
        profile.flag('hearing-loop') ||
        /induction loop|hearing loop|boucle/.test(accessibilityText),
    },
    transport: l.transportation ? { [L]: l.transportation } : undefined,
    openingHours: weeklySlots(t.locationSchedules.get(l.id) ?? []),
  } satisfies Owned<'location'>;
  return {
    kind: 'location',
    uuid: l.id,
    label: name,
    where,
    fields,
    extra: {},
    refs: { organisation },
    slugBase: slugBase(name, 'place'),
  };
}

/** `placeIds`: the places of this file that are imported (a service lists only those). */
export function mapService(
  where: Located<HsdsRow<'service'>>,
  t: SideTables,
  L: string,
  placeIds: ReadonlySet<string>,
): Mapped {
  const s = where.row;
  const text = (value: string | undefined) => (value ? { [L]: value } : undefined);
  const profile = profileOf(t.attributes, s.id);
  const terms = (t.attributes.get(s.id) ?? []).map((a) => a.meaning);
  const needSlugs = [
    ...new Set(terms.map((m) => m.needSlug).filter((x): x is string => Boolean(x))),
  ].sort();
  const category: CategorySlug =
    terms.map((m) => m.category).find(Boolean) ??
    needSlugs.map((slug) => t.terms.needCategory.get(slug)).find(Boolean) ??
    IMPORT_DEFAULTS.category;
  const places = [
    ...new Set((t.locationsOfService.get(s.id) ?? []).filter((id) => placeIds.has(id))),
  ];
  const phone = t.servicePhone.get(s.id);
  const languages = [...new Set(t.languages.get(s.id) ?? [])];
  const costs = t.costs.get(s.id) ?? [];
  const amounts = costs.map((c) => c.amount).filter((a): a is number => a != null);
  const paid = amounts.filter((a) => a > 0);
  const currency = costs
    .map((c) => c.currency?.toUpperCase())
    .find((c) => c && /^[A-Z]{3}$/.test(c));
  let costType = COST_TYPES[profile.one('cost-type') ?? ''];
  costType ??= paid.length
    ? 'fixed'
    : amounts.length
      ? 'free'
      : s.fees_description
        ? 'sliding'
        : IMPORT_DEFAULTS.cost;
  const amount = costType === 'free' ? undefined : paid.length ? Math.min(...paid) : undefined;
  if ((costType === 'fixed' || costType === 'free-for-some') && amount == null)
    costType = 'sliding';
  const serviceSchedules = t.serviceSchedules.get(s.id) ?? [];
  const delivery = within(profile.list('delivery-mode'), DELIVERY_MODES);
  const documents = t.documents.get(s.id) ?? [];
  const residence = within(profile.list('residence-status'), RESIDENCE_STATUSES);
  const access = within(profile.list('access-mode'), ACCESS_MODES);
  const validFrom = serviceSchedules.map((x) => x.valid_from).find(Boolean);
  const validUntil = serviceSchedules.map((x) => x.valid_to).find(Boolean);
  const fields = {
    organisation: s.organization_id,
    category,
    needs: needSlugs,
    name: text(s.name),
    summary: text(profile.one('summary') ?? summaryFrom(s.description, s.name)),
    description: text(s.description ?? s.name),
    languages: languages.length ? languages : [L],
    interpretationOnRequest:
      profile.flag('interpretation-on-request') || Boolean(s.interpretation_services),
    cost: { type: costType, amount, currency, note: text(s.fees_description) },
    eligibility: {
      residenceStatus: residence.length ? residence : [...IMPORT_DEFAULTS.residenceStatus],
      ageMin: s.minimum_age,
      ageMax: s.maximum_age,
      womenOnly: profile.flag('women-only'),
      families: profile.flag('families'),
      youth: profile.flag('youth'),
      area: text(s.eligibility_description),
    },
    documents: documents.length ? { [L]: documents } : undefined,
    access: {
      modes: access.length ? access : [...IMPORT_DEFAULTS.access],
      note: text(s.application_process),
    },
    delivery: delivery.length
      ? delivery
      : [places.length ? 'in-person' : phone ? 'phone' : s.url ? 'online' : 'in-person'],
    schedule: {
      validFrom: dateOnly(validFrom),
      validUntil: dateOnly(validUntil),
      weekly: weeklySlots(serviceSchedules),
      exceptions: [],
    },
    locations: places,
    contact: {
      phone,
      email: s.email?.toLowerCase(),
      website: s.url && HTTP.test(s.url) ? s.url : undefined,
    },
    targetLanguage: profile.one('target-language'),
  } satisfies Owned<'service'>;
  return {
    kind: 'service',
    uuid: s.id,
    label: s.name,
    where,
    fields,
    extra: { lastVerifiedAt: s.assured_date ? new Date(s.assured_date) : undefined },
    refs: { organisation: s.organization_id, locations: places },
    slugBase: slugBase(s.name, 'service'),
  };
}
