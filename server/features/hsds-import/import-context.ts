// The tables that describe services, places and organisations (attributes, phones, languages,
// schedules, addresses…), read before the records they describe and kept only as far as the
// mapping uses them: per owner id, the first usable phone, the chosen address, compact schedule
// slots, the attributes whose terms mean something to OneStop. The records themselves (the
// largest tables) are then streamed in batches (import-service.ts) against these maps.
import type { ProfileKey } from '../../hsds/hsds-ids';
import { SESSION_COST_OPTION } from '../../hsds/hsds-ids';
import type { Located, RowErrors } from './hsds-dataset';
import { validRows } from './hsds-dataset';
import type { HsdsSource } from './hsds-source';
import type { HsdsRow } from './hsds-tables';
import type { KnownNeeds, TermMeaning, TermsRead } from './import-terms';
import { readTerms } from './import-terms';

export interface Attribute {
  meaning: TermMeaning;
  value?: string;
}
export type WeeklyRow = Pick<HsdsRow<'schedule'>, 'freq' | 'byday' | 'opens_at' | 'closes_at'>;
export type ServiceSchedule = WeeklyRow & Pick<HsdsRow<'schedule'>, 'valid_from' | 'valid_to'>;
export type Address = Pick<
  HsdsRow<'address'>,
  'address_1' | 'address_2' | 'postal_code' | 'city' | 'address_type'
>;
export type Cost = Pick<HsdsRow<'cost_option'>, 'amount' | 'currency'>;
export type SessionCost = Pick<
  HsdsRow<'cost_option'>,
  'amount' | 'currency' | 'amount_description'
>;

/** Where a course session's cost option is kept: its service's id and the session's key. */
export const sessionCostKey = (serviceId: string, key: string): string => `${serviceId} ${key}`;

export interface SideTables {
  terms: TermsRead;
  /** By link_id (the service, place, organisation or schedule described). */
  attributes: Map<string, Attribute[]>;
  /** The first usable number of each organisation and service. */
  orgPhone: Map<string, string>;
  servicePhone: Map<string, string>;
  languages: Map<string, string[]>;
  costs: Map<string, Cost[]>;
  documents: Map<string, string[]>;
  /** Opening hours of places; weekly hours of services (course sessions left out). */
  locationSchedules: Map<string, WeeklyRow[]>;
  serviceSchedules: Map<string, ServiceSchedule[]>;
  /** Each place's address: its first one that is not postal, else its first. */
  address: Map<string, { address: Address; physical: boolean }>;
  accessibilityText: Map<string, string>;
  locationsOfService: Map<string, string[]>;
  servicesAtLocation: Map<string, string[]>;
  /** Every valid service's organization_id (a place without one takes a service's). */
  organisationOfService: Map<string, string>;
  /** Course sessions: the schedules our export marks with the `course-session` attribute, their
   * cost options (sessionCostKey), and the service and place of each service_at_location a
   * session's schedule names (only those). Sessions are few next to services: kept whole. */
  sessions: Located<HsdsRow<'schedule'>>[];
  sessionCosts: Map<string, SessionCost>;
  sessionPlaces: Map<string, { service_id: string; location_id: string }>;
}

const PHONE = /^[+\d][\d\s().-]{5,24}$/;
export const usablePhone = (number: string): string | undefined => {
  const cleaned = number.replace(/^"+|"+$/g, '').trim();
  return PHONE.test(cleaned) ? cleaned : undefined;
};

function push<T>(map: Map<string, T[]>, key: string | undefined, value: T) {
  if (!key) return;
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The profile values attached to `id`, as our export writes them (one attribute per value). */
export function profileOf(attributes: ReadonlyMap<string, Attribute[]>, id: string) {
  const values = new Map<ProfileKey, string[]>();
  for (const { meaning, value } of attributes.get(id) ?? []) {
    const key = meaning.profileKey;
    if (!key || value == null) continue;
    const list = values.get(key) ?? [];
    if (value.trim()) list.push(value.trim());
    values.set(key, list);
  }
  return {
    list: (key: ProfileKey) => values.get(key) ?? [],
    one: (key: ProfileKey) => values.get(key)?.[0],
    flag: (key: ProfileKey) => values.get(key)?.[0] === 'true',
  };
}

/** Reads (and checks) every table but organisations, places and services' own rows. */
export async function readSideTables(
  source: HsdsSource,
  localLanguage: string,
  known: KnownNeeds,
  errors: RowErrors,
): Promise<SideTables> {
  const terms = await readTerms(source, localLanguage, known, errors);
  const t: SideTables = {
    terms,
    attributes: new Map(),
    orgPhone: new Map(),
    servicePhone: new Map(),
    languages: new Map(),
    costs: new Map(),
    documents: new Map(),
    locationSchedules: new Map(),
    serviceSchedules: new Map(),
    address: new Map(),
    accessibilityText: new Map(),
    locationsOfService: new Map(),
    servicesAtLocation: new Map(),
    organisationOfService: new Map(),
    sessions: [],
    sessionCosts: new Map(),
    sessionPlaces: new Map(),
  };
  for await (const { row } of validRows(source, 'attribute', errors)) {
    // Attributes of terms that mean nothing here (other taxonomies) are not kept.
    const meaning = terms.meaning.get(row.taxonomy_term_id);
    if (meaning) push(t.attributes, row.link_id, { meaning, value: row.value });
  }
  const sessionPlaceIds = new Set<string>();
  for await (const where of validRows(source, 'schedule', errors)) {
    const { row } = where;
    const { freq, byday, opens_at, closes_at, valid_from, valid_to } = row;
    // Course sessions travel as schedules marked by a profile attribute (our export): they are
    // not the service's weekly hours, they are sessions (session-to-onestop.ts).
    if (profileOf(t.attributes, row.id).one('course-session')) {
      t.sessions.push(where);
      if (row.service_at_location_id) sessionPlaceIds.add(row.service_at_location_id);
      continue;
    }
    if (!row.service_id && !row.service_at_location_id) {
      push(t.locationSchedules, row.location_id, { freq, byday, opens_at, closes_at });
    }
    if (row.service_at_location_id) continue;
    push(t.serviceSchedules, row.service_id, {
      freq,
      byday,
      opens_at,
      closes_at,
      valid_from,
      valid_to,
    });
  }
  for await (const { row } of validRows(source, 'phone', errors)) {
    const number = usablePhone(row.number);
    if (!number) continue;
    if (row.organization_id && !t.orgPhone.has(row.organization_id))
      t.orgPhone.set(row.organization_id, number);
    if (row.service_id && !t.servicePhone.has(row.service_id))
      t.servicePhone.set(row.service_id, number);
  }
  for await (const { row } of validRows(source, 'language', errors)) {
    const code = (row.code ?? '').trim().toLowerCase();
    if (/^[a-z]{2,3}$/.test(code)) push(t.languages, row.service_id, code);
  }
  for await (const { row } of validRows(source, 'cost_option', errors)) {
    if (row.option?.startsWith(SESSION_COST_OPTION)) {
      const key = row.option.slice(SESSION_COST_OPTION.length).trim();
      const { amount, currency, amount_description } = row;
      t.sessionCosts.set(sessionCostKey(row.service_id, key), {
        amount,
        currency,
        amount_description,
      });
      continue;
    }
    push(t.costs, row.service_id, { amount: row.amount, currency: row.currency });
  }
  for await (const { row } of validRows(source, 'required_document', errors)) {
    if (row.document) push(t.documents, row.service_id, row.document);
  }
  for await (const { row } of validRows(source, 'address', errors)) {
    const physical = row.address_type !== 'postal';
    const chosen = t.address.get(row.location_id);
    if (chosen && (chosen.physical || !physical)) continue;
    const { address_1, address_2, postal_code, city, address_type } = row;
    t.address.set(row.location_id, {
      address: { address_1, address_2, postal_code, city, address_type },
      physical,
    });
  }
  for await (const { row } of validRows(source, 'accessibility', errors)) {
    const text = `${row.description ?? ''} ${row.details ?? ''}`.toLowerCase();
    const before = t.accessibilityText.get(row.location_id);
    t.accessibilityText.set(row.location_id, before === undefined ? text : `${before} ${text}`);
  }
  for await (const { row } of validRows(source, 'service_at_location', errors)) {
    push(t.locationsOfService, row.service_id, row.location_id);
    push(t.servicesAtLocation, row.location_id, row.service_id);
    if (sessionPlaceIds.has(row.id)) {
      t.sessionPlaces.set(row.id, { service_id: row.service_id, location_id: row.location_id });
    }
  }
  // Services are read here for their organisation only (and checked: their errors are listed
  // once, here); they are read again, in batches, to be mapped.
  const organisations = new Map<string, string>();
  for await (const { row } of validRows(source, 'service', errors)) {
    const id = organisations.get(row.organization_id) ?? row.organization_id;
    organisations.set(id, id);
    t.organisationOfService.set(row.id, id);
  }
  return t;
}
