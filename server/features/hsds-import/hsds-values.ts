// HSDS values read the way every part of the import reads them: days (RFC 5545 BYDAY codes),
// clock times (HH:MM[:SS]), weekly slots and cost options' types, as our export writes them.
import { CLOCK_TIME } from '../../models/vocabulary';
import type { Day } from '../../models/vocabulary';
import type { WeeklyRow } from './import-context';

export const DAY_OF: Readonly<Record<string, Day>> = {
  MO: 'mon',
  TU: 'tue',
  WE: 'wed',
  TH: 'thu',
  FR: 'fri',
  SA: 'sat',
  SU: 'sun',
};

/** HH:MM of an HSDS time (HH:MM:SS), or undefined when it is not one. */
export const clock = (value: string | undefined): string | undefined => {
  const hhmm = value?.slice(0, 5);
  return hhmm && CLOCK_TIME.test(hhmm) ? hhmm : undefined;
};

type Slot = { day: Day; opens: string; closes: string };
/** Opening hours of weekly schedules; rows that are not usable hours are left out. */
export function weeklySlots(schedules: readonly WeeklyRow[]): Slot[] {
  const slots: Slot[] = [];
  for (const s of schedules) {
    if (s.freq && s.freq !== 'WEEKLY') continue;
    const opens = clock(s.opens_at);
    const closes = clock(s.closes_at);
    if (!opens || !closes || closes <= opens) continue;
    for (const code of (s.byday ?? '').split(',')) {
      const day = DAY_OF[code.trim().toUpperCase()];
      if (day) slots.push({ day, opens, closes });
    }
  }
  const seen = new Set<string>();
  return slots.filter((s) => {
    const key = `${s.day}${s.opens}${s.closes}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

/** Our cost types by the names HSDS files give them (the profile's `cost-type`). */
export const COST_TYPES: Readonly<Record<string, string>> = {
  free: 'free',
  fixed: 'fixed',
  'sliding-scale': 'sliding',
  sliding: 'sliding',
  'free-for-some': 'free-for-some',
};
