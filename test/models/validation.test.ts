// The schemas refuse what would show wrong on a page.
import { Types } from 'mongoose';
import type { TestApp } from '../support/test-app';
import { createTestApp } from '../support/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

function aService(overrides: Record<string, unknown> = {}) {
  return {
    slug: `a-service-${new Types.ObjectId().toHexString()}`,
    organisation: new Types.ObjectId(),
    category: 'housing',
    name: { fr: 'Aide au logement', en: 'Housing help' },
    summary: { fr: 'Résumé', en: 'Summary' },
    description: { fr: 'Description', en: 'Description' },
    languages: ['fr'],
    cost: { type: 'free' },
    access: { modes: ['walk-in'] },
    delivery: ['in-person'],
    status: 'published',
    ...overrides,
  };
}

async function errorsOf(promise: Promise<unknown>): Promise<string[]> {
  try {
    await promise;
  } catch (error) {
    const errors = (error as { errors?: Record<string, unknown> }).errors;
    if (errors) return Object.keys(errors).sort();
    throw error;
  }
  return [];
}

describe('service validation', () => {
  it('saves a complete service', async () => {
    const saved = await new t.models.Service(aService()).save();
    expect(saved.name?.get('fr')).toBe('Aide au logement');
    expect(saved.lastVerifiedAt).toBeInstanceOf(Date);
  });

  it.each([
    ['text in the local language missing', { name: { en: 'Only English' } }, ['name']],
    ['unknown category', { category: 'spaceflight' }, ['category']],
    ['bad slug', { slug: 'Not A Slug' }, ['slug']],
    ['no language', { languages: [] }, ['languages']],
    ['fixed fee without amount', { cost: { type: 'fixed', currency: 'CHF' } }, ['cost.amount']],
    ['free with a price', { cost: { type: 'free', amount: 30 } }, ['cost.amount']],
    ['unknown status', { status: 'hidden' }, ['status']],
    [
      'translation key not a language',
      { summary: { fr: 'x', 'not a language': 'y' } },
      ['summary'],
    ],
    ['age range upside down', { eligibility: { ageMin: 30, ageMax: 18 } }, ['eligibility.ageMax']],
    [
      'closing before opening',
      { schedule: { weekly: [{ day: 'mon', opens: '14:00', closes: '09:00' }] } },
      ['schedule.weekly.0.closes'],
    ],
  ])('refuses a service with %s', async (_case, overrides, paths) => {
    const before = await t.models.Service.countDocuments();
    expect(await errorsOf(new t.models.Service(aService(overrides)).save())).toEqual(
      expect.arrayContaining(paths),
    );
    expect(await t.models.Service.countDocuments()).toBe(before);
  });

  it('refuses a second service with the same slug (unique index)', async () => {
    await new t.models.Service(aService({ slug: 'only-once' })).save();
    await expect(
      new t.models.Service(aService({ slug: 'only-once' })).save(),
    ).rejects.toMatchObject({
      code: 11000,
    });
    expect(await t.models.Service.countDocuments({ slug: 'only-once' })).toBe(1);
  });
});

describe('course session validation', () => {
  const aSession = (overrides: Record<string, unknown> = {}) => ({
    service: new Types.ObjectId(),
    key: `s-${new Types.ObjectId().toHexString()}`,
    targetLanguage: 'fr',
    level: 'A2',
    startDate: new Date('2027-01-10'),
    endDate: new Date('2027-04-10'),
    days: ['tue', 'thu'],
    startTime: '18:00',
    endTime: '20:00',
    capacity: 12,
    seatsLeft: 5,
    cost: { type: 'free' },
    ...overrides,
  });

  it('saves a complete session', async () => {
    await expect(new t.models.CourseSession(aSession()).save()).resolves.toBeTruthy();
  });

  it.each([
    ['a level outside CEFR', { level: 'D1' }, ['level']],
    ['more seats left than places', { seatsLeft: 20 }, ['seatsLeft']],
    ['ending before it starts', { endDate: new Date('2026-12-01') }, ['endDate']],
    ['an end time before the start time', { endTime: '17:00' }, ['endTime']],
    ['a time that is not HH:MM', { startTime: '6pm' }, ['startTime']],
    ['an unknown day', { days: ['someday'] }, ['days.0']],
  ])('refuses %s', async (_case, overrides, paths) => {
    expect(await errorsOf(new t.models.CourseSession(aSession(overrides)).save())).toEqual(
      expect.arrayContaining(paths),
    );
  });
});
