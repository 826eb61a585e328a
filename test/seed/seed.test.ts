// The demo directory: big and varied enough to try every filter, and safe to load twice.
import { seedDirectory } from '../../seed/seed-directory';
import { CATEGORY_SLUGS, CEFR_LEVELS, timeOfDay } from '../../server/models/vocabulary';
import type { TestApp } from '../support/test-app';
import { createTestApp } from '../support/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

it('loads a realistic directory, and a second run changes nothing', async () => {
  const first = await seedDirectory(t.models);
  expect(first.categories).toBe(13);
  expect(first.organisations).toBeGreaterThanOrEqual(40);
  expect(first.services).toBeGreaterThanOrEqual(150);
  expect(first.courseSessions).toBeGreaterThanOrEqual(60);

  const snapshot = async () =>
    Promise.all(
      [
        t.models.Category,
        t.models.Organisation,
        t.models.Location,
        t.models.Service,
        t.models.CourseSession,
      ].map((model) => (model as typeof t.models.Service).find().sort({ _id: 1 }).lean()),
    );
  const before = await snapshot();

  const second = await seedDirectory(t.models, { now: new Date(Date.now() + 5 * 86_400_000) });
  expect(second).toEqual({
    categories: 0,
    needs: 0,
    organisations: 0,
    locations: 0,
    services: 0,
    courseSessions: 0,
  });
  expect(await snapshot()).toEqual(before);
});

it('covers every category, CEFR level and time of day, in several languages', async () => {
  const services = await t.models.Service.find().lean();
  const sessions = await t.models.CourseSession.find().lean();
  const categories = new Set(services.map((s) => s.category));
  expect([...categories].sort()).toEqual([...CATEGORY_SLUGS].sort());
  expect(new Set(sessions.map((s) => s.level))).toEqual(new Set(CEFR_LEVELS));
  expect(new Set(sessions.map((s) => timeOfDay(s.startTime)))).toEqual(
    new Set(['morning', 'afternoon', 'evening']),
  );
  for (const service of services) {
    const name = service.name as unknown as Record<string, string>;
    expect(name.fr && name.en).toBeTruthy();
  }
  const multilingual = services.filter((s) => {
    const name = s.name as unknown as Record<string, string>;
    return ['ar', 'uk', 'fa', 'es'].filter((lng) => name[lng]).length >= 2;
  });
  expect(multilingual.length).toBeGreaterThanOrEqual(Math.ceil(services.length / 3));
  expect(services.every((s) => s.status === 'published')).toBe(true);
  // Some listings are stale (not verified for 120 days), so freshness has something to show.
  const stale = services.filter((s) => Date.now() - s.lastVerifiedAt.getTime() > 120 * 86_400_000);
  expect(stale.length).toBeGreaterThan(0);
});
