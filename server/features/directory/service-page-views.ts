// The parts of a service page that list the course sessions and the places, and a place as
// the organisation page shows it. Pure functions over lean records.
import { formatNumber } from '../../i18n/formatters';
import type { CourseSessionDoc } from '../../models/course-session';
import type { Lean } from '../../models/lean';
import type { LocationDoc } from '../../models/location';
import type { ViewContext } from '../../view-models/directory-view-models';
import {
  costLabel,
  dateLabel,
  languagesLabel,
  listLabel,
  pick,
  slotsLabel,
  weeklySlots,
} from '../../view-models/directory-view-models';

/** A location's name and address as pages show them. */
export function placeView(l: {
  name: string;
  district?: string | null;
  address?: { street?: string | null; postcode?: string | null; city?: string | null } | null;
}) {
  return {
    name: l.name,
    street: l.address?.street,
    postcode: l.address?.postcode,
    city: l.address?.city,
    district: l.district,
  };
}

/** A small map of the place on OpenStreetMap (printed on referral sheets too). */
export function mapLink(
  geo: { lat?: number | null; lng?: number | null } | null | undefined,
): string {
  if (geo?.lat == null || geo.lng == null) return '';
  return `https://www.openstreetmap.org/?mlat=${geo.lat}&mlon=${geo.lng}#map=17/${geo.lat}/${geo.lng}`;
}

export function sessionRows(
  sessions: Lean<CourseSessionDoc>[],
  locationById: Map<string, { name: string }>,
  ctx: ViewContext,
) {
  return sessions.map((s) => ({
    level: ctx.t(`level.${s.level}`),
    language: languagesLabel([s.targetLanguage], ctx),
    startDate: dateLabel(s.startDate, ctx),
    endDate: dateLabel(s.endDate, ctx),
    times: slotsLabel(
      s.days.map((day) => ({ day: day, opens: s.startTime, closes: s.endTime })),
      ctx,
    ),
    hoursPerWeek: s.hoursPerWeek != null ? formatNumber(s.hoursPerWeek, ctx.lang) : '',
    seatsLeft: s.seatsLeft,
    full: s.seatsLeft === 0,
    registrationOpen: s.registrationOpen && s.seatsLeft > 0,
    deadline: dateLabel(s.registrationDeadline, ctx),
    childcare: s.childcare,
    certificate: s.certificate,
    cost: costLabel(s.cost, ctx),
    locationName: s.location ? (locationById.get(String(s.location))?.name ?? '') : '',
  }));
}

export function placeRow(l: Lean<LocationDoc>, ctx: ViewContext) {
  return {
    ...placeView(l),
    mapUrl: mapLink(l.geo),
    accessibility: listLabel(
      [
        ...(l.accessibility?.stepFree ? [ctx.t('accessibility.stepFree')] : []),
        ...(l.accessibility?.accessibleToilet ? [ctx.t('accessibility.accessibleToilet')] : []),
        ...(l.accessibility?.hearingLoop ? [ctx.t('accessibility.hearingLoop')] : []),
      ],
      ctx,
    ),
    transport: pick(l.transport, ctx),
    openingHours: weeklySlots(l.openingHours, ctx),
  };
}
