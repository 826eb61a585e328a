// "Copy for next term" without HTTP: the copy keeps the weekdays, times and length of the term and
// moves every date by whole weeks past its end. Form dates are UTC midnights (form-schemas.ts):
// the copy must stay on UTC midnights across a month end, a year end and a daylight-saving change,
// or the date inputs would show the day before. Run with TZ=Europe/Zurich to hold a local-time
// implementation to the DST cases too.
import { dateInput } from '../../server/forms/form-schemas';
import { nextTerm } from '../../server/features/provider/session-forms';
import type { SessionInput } from '../../server/models/editable-records';

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

function aSession(overrides: Partial<SessionInput> = {}): SessionInput {
  return {
    level: 'A2',
    startDate: day('2026-10-05'),
    endDate: day('2026-12-11'),
    days: ['mon', 'thu'],
    startTime: '18:30',
    endTime: '20:00',
    hoursPerWeek: 3,
    capacity: 14,
    seatsLeft: 0,
    registrationOpen: false,
    childcare: true,
    certificate: false,
    cost: { type: 'fixed', amount: 80, currency: 'CHF' },
    location: '65a1f0c2b3d4e5f601234567',
    ...overrides,
  };
}

const datesOf = (s: SessionInput) => ({
  start: dateInput(s.startDate),
  end: dateInput(s.endDate),
  ...(s.registrationDeadline ? { deadline: dateInput(s.registrationDeadline) } : {}),
});

describe('nextTerm', () => {
  it('moves a term across the year end by whole weeks, on the same weekdays', () => {
    // Mon 5 Oct – Fri 11 Dec: ten weeks and four days, so the dates move by eleven weeks.
    const next = nextTerm(aSession());
    expect(datesOf(next)).toEqual({ start: '2026-12-21', end: '2027-02-26' });
    expect(next.startDate.getUTCDay()).toBe(1);
    expect(next.endDate.getUTCDay()).toBe(5);
  });

  it('starts a term that ends on its starting weekday in the very next week', () => {
    // Mon 5 Oct – Mon 14 Dec: exactly ten weeks; the copy starts Mon 21 Dec.
    const next = nextTerm(aSession({ endDate: day('2026-12-14') }));
    expect(datesOf(next)).toEqual({ start: '2026-12-21', end: '2027-03-01' });
  });

  it('crosses the end of February (not a leap year) on the right day', () => {
    const next = nextTerm(aSession({ startDate: day('2027-01-26'), endDate: day('2027-02-23') }));
    expect(datesOf(next)).toEqual({ start: '2027-03-02', end: '2027-03-30' });
  });

  it('keeps UTC midnights across the spring and autumn clock changes', () => {
    // Europe moves its clocks on 28 March and 31 October 2027.
    const spring = nextTerm(aSession({ startDate: day('2027-03-01'), endDate: day('2027-03-26') }));
    expect(spring.startDate.toISOString()).toBe('2027-04-05T00:00:00.000Z');
    expect(spring.endDate.toISOString()).toBe('2027-04-30T00:00:00.000Z');
    const autumn = nextTerm(aSession({ startDate: day('2027-09-06'), endDate: day('2027-10-29') }));
    expect(autumn.startDate.toISOString()).toBe('2027-11-08T00:00:00.000Z');
    expect(autumn.endDate.toISOString()).toBe('2027-12-31T00:00:00.000Z');
  });

  it('moves a one-day session two weeks on (a term of no length counts as one week)', () => {
    const next = nextTerm(aSession({ startDate: day('2027-01-04'), endDate: day('2027-01-04') }));
    expect(datesOf(next)).toEqual({ start: '2027-01-18', end: '2027-01-18' });
  });

  it('moves the registration deadline with the dates, and adds none when there was none', () => {
    const withDeadline = nextTerm(aSession({ registrationDeadline: day('2026-09-28') }));
    expect(datesOf(withDeadline).deadline).toBe('2026-12-14');
    expect(nextTerm(aSession())).not.toHaveProperty('registrationDeadline');
  });

  it('opens registration with every seat free, and keeps everything else', () => {
    const source = aSession();
    const next = nextTerm(source);
    expect(next).toMatchObject({ seatsLeft: 14, registrationOpen: true });
    const { startDate, endDate, seatsLeft, registrationOpen } = source;
    expect({ ...next, startDate, endDate, seatsLeft, registrationOpen }).toEqual(source);
    // The session it was copied from is left as it was.
    expect(datesOf(source)).toEqual({ start: '2026-10-05', end: '2026-12-11' });
    expect(source.seatsLeft).toBe(0);
  });
});
