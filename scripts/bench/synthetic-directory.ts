// A large synthetic directory for benchmarks: the demo services' real texts (so the vocabulary
// and languages are realistic) repeated with varied places, costs and course sessions, from a
// seeded generator so every run loads the same data.
import { randomUUID } from 'node:crypto';
import type { Types } from 'mongoose';
import type { Models } from '../../server/models';
import { CEFR_LEVELS, DAY_MS, DAYS } from '../../server/models/vocabulary';
import { SERVICES } from '../../seed/demo/services';
import { seededRandom } from '../../seed/seed-directory';

export async function loadSyntheticDirectory(models: Models, count: number, now = new Date()) {
  const random = seededRandom(42);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  // Organisations and places of the demo directory (seeded first), shared by all services.
  const locations = await models.Location.find().lean();
  const services = [];
  const sessions = [];
  for (let i = 0; i < count; i++) {
    const template = SERVICES[i % SERVICES.length]!;
    const id = new models.Service.base.Types.ObjectId() as Types.ObjectId;
    const location = pick(locations);
    const free = random() < 0.6;
    services.push({
      _id: id,
      // A lean insert skips Mongoose defaults: the HSDS id (models/uuid.ts) is given here.
      uuid: randomUUID(),
      slug: `${template.slug}-${i}`,
      organisation: location.organisation,
      category: template.category,
      name: template.name,
      summary: template.summary,
      description: template.description,
      languages: template.languages,
      cost: free
        ? { type: 'free' }
        : { type: 'fixed', amount: 10 + Math.floor(random() * 300), currency: 'CHF' },
      eligibility: template.eligibility,
      documents: template.documents,
      access: { modes: template.access },
      delivery: template.delivery,
      schedule: { weekly: template.schedule },
      locations: [location._id],
      targetLanguage: template.targetLanguage,
      lastVerifiedAt: new Date(now.getTime() - Math.floor(random() * 300) * DAY_MS),
      status: 'published',
      // A lean insert skips the timestamps too (an HSDS export reads updatedAt).
      createdAt: now,
      updatedAt: now,
    });
    if (template.category === 'language-course') {
      for (let s = 0; s < 2; s++) {
        const start = new Date(now.getTime() + Math.floor(random() * 120 - 20) * DAY_MS);
        const hour = pick([8, 9, 13, 14, 18, 19]);
        sessions.push({
          service: id,
          key: `s${s}`,
          targetLanguage: 'fr',
          level: pick(CEFR_LEVELS),
          startDate: start,
          endDate: new Date(start.getTime() + 90 * DAY_MS),
          days: [pick(DAYS), pick(DAYS)].filter((d, k, a) => a.indexOf(d) === k),
          startTime: `${String(hour).padStart(2, '0')}:00`,
          endTime: `${String(hour + 2).padStart(2, '0')}:00`,
          capacity: 12,
          seatsLeft: Math.floor(random() * 13),
          childcare: random() < 0.3,
          cost: { type: 'free' },
          status: 'published',
          createdAt: now,
          updatedAt: now,
        });
      }
    }
  }
  for (let i = 0; i < services.length; i += 1000) {
    await models.Service.insertMany(services.slice(i, i + 1000), { lean: true });
  }
  for (let i = 0; i < sessions.length; i += 1000) {
    await models.CourseSession.insertMany(sessions.slice(i, i + 1000), { lean: true });
  }
  return { services: services.length, sessions: sessions.length };
}
