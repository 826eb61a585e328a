// HSDS course-session schedules → OneStop course sessions. Our export writes each published
// session of a service as a schedule of that service (dates, days, times) carrying attributes of
// the OneStop profile (course-session: its key, cefr-level, capacity, seats-left…; see
// hsds/hsds-ids.ts PROFILE_TERMS) and a cost option marked `course-session:<key>`; this reads
// them back. A value the model would refuse is passed on as the file gives it, so that the
// model's own rules name it (import-plan.ts checks every record before anything is written),
// by the HSDS field it comes from (SESSION_FIELD_TO_HSDS).
import { sessionScheduleId } from '../../hsds/hsds-ids';
import type { Located, RowErrors } from './hsds-dataset';
import type { HsdsRow } from './hsds-tables';
import type { Mapped, Owned } from './hsds-to-onestop';
import { COST_TYPES, DAY_OF, clock } from './hsds-values';
import type { SideTables } from './import-context';
import { profileOf, sessionCostKey } from './import-context';

/** Model paths of a session named as the HSDS fields they come from, for the report. */
export const SESSION_FIELD_TO_HSDS: Readonly<Record<string, string>> = {
  service: 'service_id',
  key: 'attributes.course-session',
  targetLanguage: 'attributes.target-language',
  level: 'attributes.cefr-level',
  startDate: 'dtstart',
  endDate: 'until',
  days: 'byday',
  startTime: 'opens_at',
  endTime: 'closes_at',
  hoursPerWeek: 'attributes.hours-per-week',
  capacity: 'attributes.capacity',
  seatsLeft: 'attributes.seats-left',
  registrationDeadline: 'attributes.registration-deadline',
  'cost.type': 'attributes.cost-type',
  'cost.amount': 'cost_options.amount',
  'cost.currency': 'cost_options.currency',
  'cost.note': 'cost_options.amount_description',
  cost: 'cost_options',
  location: 'service_at_location_id',
};

/** A number as the model stores it, or the text as given (which the model then refuses). */
function numberOr(value: string | undefined): number | string | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  return value.trim() !== '' && Number.isFinite(number) ? number : value;
}

/** A date as the model stores it, or the text as given (which the model then refuses). */
function dateOr(value: string | undefined): Date | string | undefined {
  if (value === undefined) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : date;
}

/** BYDAY codes as our days; an unknown code stays as given (the model refuses it). */
const daysOf = (byday: string | undefined): string[] =>
  (byday ?? '')
    .split(',')
    .map((code) => code.trim())
    .filter(Boolean)
    .map((code) => DAY_OF[code.toUpperCase()] ?? code);

/**
 * One course session, or undefined when its schedule names no service (reported). `placeIds`:
 * the places of this file that are imported (a session's place must be one of them).
 */
export function mapSession(
  where: Located<HsdsRow<'schedule'>>,
  t: SideTables,
  L: string,
  placeIds: ReadonlySet<string>,
  errors: RowErrors,
): Mapped | undefined {
  const s = where.row;
  const profile = profileOf(t.attributes, s.id);
  // Present: the side tables keep only schedules that carry it.
  const key = profile.one('course-session') ?? '';
  const atLocation = s.service_at_location_id
    ? t.sessionPlaces.get(s.service_at_location_id)
    : undefined;
  const serviceUuid = s.service_id ?? atLocation?.service_id;
  if (!serviceUuid) {
    errors.at(where, 'schedule', 'service_id', 'required');
    return undefined;
  }
  const option = t.sessionCosts.get(sessionCostKey(serviceUuid, key));
  const amount = option?.amount;
  const costType =
    COST_TYPES[profile.one('cost-type') ?? ''] ??
    (amount !== undefined && amount > 0 ? 'fixed' : 'free');
  const place = atLocation?.location_id;
  const fields = {
    targetLanguage:
      profile.one('target-language') ??
      profileOf(t.attributes, serviceUuid).one('target-language') ??
      L,
    level: profile.one('cefr-level'),
    startDate: dateOr(s.dtstart ?? s.valid_from),
    endDate: dateOr(s.until ?? s.valid_to),
    days: daysOf(s.byday),
    startTime: clock(s.opens_at) ?? s.opens_at,
    endTime: clock(s.closes_at) ?? s.closes_at,
    hoursPerWeek: numberOr(profile.one('hours-per-week')),
    capacity: numberOr(profile.one('capacity')),
    seatsLeft: numberOr(profile.one('seats-left')),
    registrationDeadline: dateOr(profile.one('registration-deadline')),
    // Our export writes these only when true.
    registrationOpen: profile.flag('registration-open'),
    childcare: profile.flag('childcare'),
    certificate: profile.flag('certificate'),
    cost: {
      type: costType,
      amount: costType === 'free' ? undefined : amount,
      currency: option?.currency?.toUpperCase(),
      note: option?.amount_description ? { [L]: option.amount_description } : undefined,
    },
    // The place's HSDS id until the plan resolves it (like a service's places).
    location: place && placeIds.has(place) ? place : undefined,
  } satisfies Owned<'session'>;
  return {
    kind: 'session',
    uuid: sessionScheduleId(serviceUuid, key),
    label: s.description ? `${s.description} (${key})` : key,
    where,
    fields,
    extra: {},
    refs: { service: serviceUuid },
    slugBase: key,
  };
}
