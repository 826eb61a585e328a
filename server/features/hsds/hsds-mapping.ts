// Converts OneStop records (read lean from the database) to HSDS 3.0 objects. Pure functions:
// the service reads, this shapes. Texts come in the language asked, falling back to the local
// language (HSDS holds one language per record). What HSDS has no column for travels as
// attributes of the "onestop-profile" taxonomy (hsds-ids.ts PROFILE_TERMS), never as new fields.
import { languageName } from '../../i18n/formatters';
import { pickTranslatedList, pickTranslation } from '../../i18n/pick-translation';
import type { ProfileKey } from '../../hsds/hsds-ids';
import type {
  Cost,
  LocationRecord,
  MappingContext,
  OrganisationRecord,
  ServiceBundle,
  ServiceRecord,
  SessionRecord,
  Texts,
} from './hsds-records';
export type * from './hsds-records';
import {
  SESSION_COST_OPTION,
  categoryTermId,
  partId,
  profileTermId,
  sessionScheduleId,
} from '../../hsds/hsds-ids';

type Json = Record<string, unknown>;

const text = (map: Texts, ctx: MappingContext) =>
  pickTranslation(map, ctx.lang, ctx.localLanguage).text;
const day = (d: string) => d.slice(0, 2).toUpperCase();
/** HSDS times are HH:MM:SS (ours HH:MM). */
const time = (t: string) => (t.length === 5 ? `${t}:00` : t);
const isoDate = (d: Date | null | undefined) => (d ? new Date(d).toISOString().slice(0, 10) : '');
/** Leaves out empty strings and absent values: HSDS fields are optional unless required. */
function compact(object: Json): Json {
  return Object.fromEntries(
    Object.entries(object).filter(([, v]) => v !== undefined && v !== null && v !== ''),
  );
}

function attribute(
  ctx: MappingContext,
  link: { id: string; entity: string },
  termId: string,
  value?: string,
): Json {
  const term = ctx.terms.get(termId);
  return compact({
    id: partId(link.id, 'attribute', termId, value ?? ''),
    link_id: link.id,
    link_type: 'taxonomy_term',
    link_entity: link.entity,
    taxonomy_term_id: termId,
    value,
    taxonomy_term: term ? compact({ ...term }) : undefined,
  });
}

const profile = (ctx: MappingContext, link: { id: string; entity: string }) =>
  function add(out: Json[], key: ProfileKey, value: string | number | boolean | undefined | null) {
    if (value === undefined || value === null || value === '' || value === false) return;
    out.push(attribute(ctx, link, profileTermId(key), String(value)));
  };

export function organizationOf(org: OrganisationRecord, ctx: MappingContext): Json {
  return compact({
    id: org.uuid,
    name: org.name,
    // Required by HSDS; ours is required in the local language, so it is never empty.
    description: text(org.description, ctx),
    email: org.email,
    website: org.website,
  });
}

export function organizationDetailOf(org: OrganisationRecord, ctx: MappingContext): Json {
  return {
    ...organizationOf(org, ctx),
    phones: org.phone
      ? [{ id: partId(org.uuid, 'phone', 0), organization_id: org.uuid, number: org.phone }]
      : [],
  };
}

export function locationOf(loc: LocationRecord, orgUuid: string, ctx: MappingContext): Json {
  const link = { id: loc.uuid, entity: 'location' };
  const attributes: Json[] = [];
  const add = profile(ctx, link);
  add(attributes, 'district', loc.district);
  add(attributes, 'step-free', loc.accessibility?.stepFree);
  add(attributes, 'accessible-toilet', loc.accessibility?.accessibleToilet);
  add(attributes, 'hearing-loop', loc.accessibility?.hearingLoop);
  return compact({
    id: loc.uuid,
    location_type: 'physical',
    organization_id: orgUuid,
    name: loc.name,
    transportation: text(loc.transport, ctx),
    latitude: loc.geo?.lat ?? undefined,
    longitude: loc.geo?.lng ?? undefined,
    addresses: [
      {
        id: partId(loc.uuid, 'address', 0),
        location_id: loc.uuid,
        address_1: loc.address?.street ?? '',
        city: loc.address?.city ?? '',
        region: loc.district ?? '',
        // Required by HSDS; OneStop keeps no canton or state.
        state_province: '',
        postal_code: loc.address?.postcode ?? '',
        country: ctx.country,
        address_type: 'physical',
      },
    ],
    schedules: (loc.openingHours ?? []).map((slot, i) => ({
      id: partId(loc.uuid, 'schedule', i),
      location_id: loc.uuid,
      freq: 'WEEKLY',
      byday: day(slot.day),
      opens_at: time(slot.opens),
      closes_at: time(slot.closes),
    })),
    attributes,
  });
}

export const serviceAtLocationId = (serviceUuid: string, locationUuid: string): string =>
  partId(serviceUuid, 'at', locationUuid);

/** The service's one-to-one fields (list answers and nested services). */
export function serviceFieldsOf(
  service: ServiceRecord,
  orgUuid: string,
  ctx: MappingContext,
  lastModified: Date,
): Json {
  return compact({
    id: service.uuid,
    organization_id: orgUuid,
    name: text(service.name, ctx),
    description: text(service.description, ctx),
    url: service.contact?.website,
    email: service.contact?.email,
    // Only published services are exported; HSDS has no "published".
    status: 'active',
    application_process: text(service.access?.note, ctx),
    fees_description: text(service.cost.note, ctx),
    eligibility_description: text(service.eligibility?.area, ctx),
    minimum_age: service.eligibility?.ageMin ?? undefined,
    maximum_age: service.eligibility?.ageMax ?? undefined,
    assured_date: isoDate(service.lastVerifiedAt),
    last_modified: lastModified.toISOString(),
  });
}

function costOption(
  serviceUuid: string,
  id: string,
  cost: Cost,
  ctx: MappingContext,
  extra: Json = {},
) {
  return compact({
    id,
    service_id: serviceUuid,
    option: cost.type,
    amount: cost.type === 'free' ? 0 : (cost.amount ?? undefined),
    currency: cost.currency,
    amount_description: text(cost.note, ctx),
    ...extra,
  });
}

function sessionSchedule(
  session: SessionRecord,
  service: ServiceRecord,
  atLocation: string | undefined,
  ctx: MappingContext,
): Json {
  const id = sessionScheduleId(service.uuid, session.key);
  const attributes: Json[] = [];
  const add = profile(ctx, { id, entity: 'schedule' });
  add(attributes, 'course-session', session.key);
  add(attributes, 'cefr-level', session.level);
  add(attributes, 'target-language', session.targetLanguage);
  add(attributes, 'childcare', session.childcare);
  add(attributes, 'certificate', session.certificate);
  add(attributes, 'capacity', session.capacity);
  add(attributes, 'seats-left', String(session.seatsLeft));
  add(attributes, 'registration-open', session.registrationOpen ?? true);
  add(attributes, 'registration-deadline', isoDate(session.registrationDeadline));
  add(attributes, 'hours-per-week', session.hoursPerWeek);
  add(attributes, 'cost-type', session.cost.type);
  return compact({
    id,
    service_id: service.uuid,
    service_at_location_id: atLocation,
    valid_from: isoDate(session.startDate),
    valid_to: isoDate(session.endDate),
    dtstart: isoDate(session.startDate),
    until: isoDate(session.endDate),
    freq: 'WEEKLY',
    interval: 1,
    byday: session.days.map(day).join(','),
    opens_at: time(session.startTime),
    closes_at: time(session.endTime),
    description: `${session.level} · ${languageName(session.targetLanguage, ctx.lang)}`,
    attributes,
  });
}

export function lastModifiedOf(bundle: ServiceBundle): Date {
  const times = [bundle.service.updatedAt, ...bundle.sessions.map((s) => s.updatedAt)]
    .filter((d): d is Date => Boolean(d))
    .map((d) => new Date(d).getTime());
  return new Date(times.length ? Math.max(...times) : 0);
}

/** A fully nested service (GET /services/{id}, exports). */
export function serviceOf(bundle: ServiceBundle, ctx: MappingContext): Json {
  const { service, organisation } = bundle;
  const link = { id: service.uuid, entity: 'service' };
  const attributes: Json[] = [attribute(ctx, link, categoryTermId(service.category))];
  const needIds = new Set((service.needs ?? []).map((slug) => ctx.needIds.get(slug)));
  for (const needId of needIds) if (needId) attributes.push(attribute(ctx, link, needId));
  const add = profile(ctx, link);
  add(attributes, 'summary', text(service.summary, ctx));
  for (const mode of service.delivery ?? []) add(attributes, 'delivery-mode', mode);
  for (const mode of service.access?.modes ?? []) add(attributes, 'access-mode', mode);
  for (const status of service.eligibility?.residenceStatus ?? []) {
    add(attributes, 'residence-status', status);
  }
  add(attributes, 'women-only', service.eligibility?.womenOnly);
  add(attributes, 'families', service.eligibility?.families);
  add(attributes, 'youth', service.eligibility?.youth);
  add(attributes, 'target-language', service.targetLanguage);
  add(attributes, 'interpretation-on-request', service.interpretationOnRequest);
  add(attributes, 'cost-type', service.cost.type);

  const atLocationOf = new Map(
    bundle.locations.map((l) => [l._id.toString(), serviceAtLocationId(service.uuid, l.uuid)]),
  );
  const area = text(service.eligibility?.area, ctx);
  const weekly = service.schedule?.weekly ?? [];
  return {
    ...serviceFieldsOf(service, organisation.uuid, ctx, lastModifiedOf(bundle)),
    organization: organizationOf(organisation, ctx),
    phones: service.contact?.phone
      ? [
          {
            id: partId(service.uuid, 'phone', 0),
            service_id: service.uuid,
            number: service.contact.phone,
          },
        ]
      : [],
    schedules: [
      ...weekly.map((slot, i) =>
        compact({
          id: partId(service.uuid, 'schedule', i),
          service_id: service.uuid,
          valid_from: isoDate(service.schedule?.validFrom),
          valid_to: isoDate(service.schedule?.validUntil),
          freq: 'WEEKLY',
          byday: day(slot.day),
          opens_at: time(slot.opens),
          closes_at: time(slot.closes),
        }),
      ),
      ...bundle.sessions.map((s) =>
        sessionSchedule(
          s,
          service,
          s.location ? atLocationOf.get(s.location.toString()) : undefined,
          ctx,
        ),
      ),
    ],
    service_areas: area
      ? [{ id: partId(service.uuid, 'area', 0), service_id: service.uuid, name: area }]
      : [],
    service_at_locations: bundle.locations.map((loc) => ({
      id: serviceAtLocationId(service.uuid, loc.uuid),
      service_id: service.uuid,
      location_id: loc.uuid,
      location: locationOf(loc, organisation.uuid, ctx),
    })),
    languages: service.languages.map((code) => ({
      id: partId(service.uuid, 'language', code),
      service_id: service.uuid,
      code,
      name: languageName(code, ctx.lang),
    })),
    cost_options: [
      costOption(service.uuid, partId(service.uuid, 'cost', 0), service.cost, ctx),
      ...bundle.sessions.map((s) =>
        costOption(service.uuid, partId(service.uuid, 'session-cost', s.key), s.cost, ctx, {
          option: `${SESSION_COST_OPTION}${s.key}`,
          valid_from: isoDate(s.startDate),
          valid_to: isoDate(s.endDate),
        }),
      ),
    ],
    required_documents: pickTranslatedList(
      service.documents,
      ctx.lang,
      ctx.localLanguage,
    ).items.map((document, i) => ({
      id: partId(service.uuid, 'document', i),
      service_id: service.uuid,
      document,
    })),
    attributes,
  };
}
