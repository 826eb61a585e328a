// A pending revision is stored as JSON (models/revision.ts), so its dates come back as strings and
// its text may have been damaged outside the app. readServiceRevision / readSessionRevision check
// it on every read: dates come back as Dates, a damaged revision is a typed error naming the
// record. Pure: the stored text is built as the provider feature writes it (JSON.stringify).
import { Mongoose } from 'mongoose';
import { DamagedDataError } from '../../server/errors';
import type { ServiceInput, SessionInput } from '../../server/models/editable-records';
import { sessionEditable } from '../../server/models/editable-records';
import { buildCourseSessionSchema } from '../../server/models/course-session';
import { diffFields } from '../../server/moderation/field-diff';
import { readServiceRevision, readSessionRevision } from '../../server/moderation/revision-data';

// Not midnight: a date read back as a string would not compare equal to a live Date.
const at = (iso: string) => new Date(iso);

const session: SessionInput = {
  level: 'A2',
  startDate: at('2026-10-05T08:00:00.000Z'),
  endDate: at('2026-12-11T08:00:00.000Z'),
  days: ['mon', 'thu'],
  startTime: '18:30',
  endTime: '20:00',
  hoursPerWeek: 3,
  capacity: 14,
  seatsLeft: 2,
  registrationDeadline: at('2026-09-30T12:00:00.000Z'),
  registrationOpen: true,
  childcare: false,
  certificate: true,
  cost: { type: 'fixed', amount: 80, currency: 'CHF' },
  location: '65a1f0c2b3d4e5f601234567',
};

const service: ServiceInput = {
  category: 'language-course',
  needs: ['learn-french'],
  targetLanguage: 'fr',
  name: { fr: 'Cours de français', en: 'French course' },
  summary: { fr: 'Le soir' },
  description: {},
  documents: { fr: ['Permis'] },
  languages: ['fr', 'ar'],
  interpretationOnRequest: false,
  cost: { type: 'free' },
  access: { modes: ['walk-in'], note: {} },
  delivery: ['in-person'],
  eligibility: {
    residenceStatus: ['any'],
    ageMin: 16,
    womenOnly: false,
    families: true,
    youth: false,
  },
  locations: ['65a1f0c2b3d4e5f601234567'],
  contact: { email: 'info@example.org' },
};

const expectDamaged = (read: () => unknown, record: string) => {
  expect(read).toThrow(DamagedDataError);
  expect(read).toThrow(record);
};

describe('readSessionRevision', () => {
  it('reads a stored revision back with Date objects', () => {
    const read = readSessionRevision(JSON.stringify(session), 'session s1');
    expect(read).toEqual(session);
    expect(read.startDate).toBeInstanceOf(Date);
    expect(read.registrationDeadline).toBeInstanceOf(Date);
  });

  it('drops keys the app does not write', () => {
    const read = readSessionRevision(JSON.stringify({ ...session, status: 'published' }));
    expect(read).not.toHaveProperty('status');
  });

  it('refuses a revision missing a required field', () => {
    const rest: Partial<SessionInput> = { ...session };
    delete rest.capacity;
    expectDamaged(() => readSessionRevision(JSON.stringify(rest), 'session s1'), 'session s1');
  });

  it('refuses a field of the wrong type', () => {
    const text = JSON.stringify({ ...session, capacity: 'fourteen' });
    expectDamaged(() => readSessionRevision(text, 'session s1'), 'capacity');
  });

  it('refuses a date that is no date', () => {
    const text = JSON.stringify({ ...session, startDate: 'next monday' });
    expectDamaged(() => readSessionRevision(text, 'session s1'), 'startDate');
  });

  it('refuses text that is not JSON', () => {
    expectDamaged(() => readSessionRevision('{"level": "A2",', 'session s1'), 'session s1');
  });

  it('compares with the live session date for date (no change shown for the same dates)', () => {
    // The live side as the review queue builds it: a stored session, through sessionEditable.
    const CourseSession = new Mongoose().model('CourseSession', buildCourseSessionSchema());
    const stored = new CourseSession({
      ...session,
      service: '65a1f0c2b3d4e5f601234568',
      key: 'a2-2026-10-05-abc123',
      targetLanguage: 'fr',
    });
    const live = sessionEditable(stored.toObject({ flattenMaps: true }));
    const proposed = readSessionRevision(JSON.stringify({ ...session, seatsLeft: 1 }));
    expect(diffFields(live, proposed)).toEqual([{ field: 'seatsLeft', before: '2', after: '1' }]);
  });
});

describe('readServiceRevision', () => {
  it('reads a stored revision back, its text dates as Date objects', () => {
    const stored = { ...service, textUpdatedAt: { fr: at('2026-11-02T09:15:00.000Z') } };
    const read = readServiceRevision(JSON.stringify(stored), 'service x');
    expect(read).toEqual(stored);
    expect(read.textUpdatedAt?.fr).toBeInstanceOf(Date);
  });

  it('refuses a revision missing a required field', () => {
    const rest: Partial<ServiceInput> = { ...service };
    delete rest.name;
    expectDamaged(() => readServiceRevision(JSON.stringify(rest), 'service x'), 'service x');
  });

  it('refuses a field of the wrong type', () => {
    const text = JSON.stringify({ ...service, needs: 'learn-french' });
    expectDamaged(() => readServiceRevision(text, 'service x'), 'needs');
  });

  it('refuses text that is not JSON', () => {
    expectDamaged(() => readServiceRevision('not json', 'service x'), 'service x');
  });
});
