// The course session form and the seats form of the dashboard; "next term" fills a new session
// from the last one.
import { z } from 'zod';
import type { FormValues } from '../../forms/form-fields';
import {
  choice,
  clockTime,
  dateInput,
  flag,
  many,
  objectId,
  optionalDate,
  optionalNumber,
  requiredDate,
  requiredNumber,
} from '../../forms/form-schemas';
import type { SessionInput } from '../../models/editable-records';
import { CEFR_LEVELS, DAY_MS, DAYS } from '../../models/vocabulary';
import { checkCost, costFields, costOf, flagValue, numberValue } from './form-parts';

/** "Next term": same weekdays and times, starting the week after this one ends. */
export function nextTerm(session: SessionInput): SessionInput {
  const start = new Date(session.startDate);
  const end = new Date(session.endDate);
  const weeks = Math.ceil((end.getTime() - start.getTime()) / (7 * DAY_MS)) || 1;
  const shift = (weeks + 1) * 7 * DAY_MS;
  return {
    ...session,
    startDate: new Date(start.getTime() + shift),
    endDate: new Date(end.getTime() + shift),
    seatsLeft: session.capacity,
    registrationOpen: true,
    ...(session.registrationDeadline
      ? { registrationDeadline: new Date(new Date(session.registrationDeadline).getTime() + shift) }
      : {}),
  };
}

export function sessionFormSchema(currency: string) {
  return z
    .object({
      level: choice(CEFR_LEVELS),
      startDate: requiredDate,
      endDate: requiredDate,
      days: many(z.enum(DAYS, { error: 'chooseOne' })).refine((v) => v.length > 0, 'chooseOne'),
      startTime: clockTime,
      endTime: clockTime,
      hoursPerWeek: optionalNumber(0, 60),
      capacity: requiredNumber(1, 1000),
      seatsLeft: requiredNumber(0, 1000),
      registrationDeadline: optionalDate,
      registrationOpen: flag,
      childcare: flag,
      certificate: flag,
      ...costFields(),
      location: z.preprocess((v) => (v === '' ? undefined : v), objectId.optional()),
    })
    .superRefine((v, ctx) => {
      checkCost(v, ctx);
      if (v.endDate < v.startDate) {
        ctx.addIssue({ code: 'custom', path: ['endDate'], message: 'endBeforeStart' });
      }
      if (v.endTime <= v.startTime) {
        ctx.addIssue({ code: 'custom', path: ['endTime'], message: 'endBeforeStart' });
      }
      if (v.seatsLeft > v.capacity) {
        ctx.addIssue({ code: 'custom', path: ['seatsLeft'], message: 'seatsOverCapacity' });
      }
    })
    .transform((v): SessionInput => ({
      level: v.level,
      startDate: v.startDate,
      endDate: v.endDate,
      days: DAYS.filter((d) => v.days.includes(d)),
      startTime: v.startTime,
      endTime: v.endTime,
      ...(v.hoursPerWeek != null ? { hoursPerWeek: v.hoursPerWeek } : {}),
      capacity: v.capacity,
      seatsLeft: v.seatsLeft,
      ...(v.registrationDeadline ? { registrationDeadline: v.registrationDeadline } : {}),
      registrationOpen: v.registrationOpen,
      childcare: v.childcare,
      certificate: v.certificate,
      cost: costOf(v, currency),
      ...(v.location ? { location: v.location } : {}),
    }));
}

export function sessionFormValues(s: Partial<SessionInput>): FormValues {
  return {
    level: s.level ?? '',
    startDate: dateInput(s.startDate),
    endDate: dateInput(s.endDate),
    days: s.days ?? [],
    startTime: s.startTime ?? '',
    endTime: s.endTime ?? '',
    hoursPerWeek: numberValue(s.hoursPerWeek),
    capacity: numberValue(s.capacity),
    seatsLeft: numberValue(s.seatsLeft),
    registrationDeadline: dateInput(s.registrationDeadline),
    registrationOpen: flagValue(s.registrationOpen ?? true),
    childcare: flagValue(s.childcare),
    certificate: flagValue(s.certificate),
    costType: s.cost?.type ?? 'free',
    costAmount: numberValue(s.cost?.amount),
    location: s.location ?? '',
  };
}

export const seatsForm = z.object({ seatsLeft: requiredNumber(0, 1000) });
