// What a demo service's name or summary promises in the local language (French) must be in its
// structured data, which is what search filters, sheets and session lists show: "A0–A1" needs
// sessions at both levels, "avec garderie" sessions with childcare, "gratuit" a free cost,
// "du soir" / "le samedi" sessions or opening hours then, "pour femmes" women-only eligibility,
// "en ligne" online delivery. Every demo service is read back from the database after the seed.
import { seedDirectory } from '../../seed/seed-directory';
import { CEFR_LEVELS, timeOfDay } from '../../server/models/vocabulary';
import type { TestApp } from '../support/test-app';
import { createTestApp } from '../support/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await seedDirectory(t.models);
});
afterAll(() => t.close());

const LEVELS: readonly string[] = CEFR_LEVELS;
const DAYS: Record<string, string> = {
  lundi: 'mon',
  mardi: 'tue',
  mercredi: 'wed',
  jeudi: 'thu',
  vendredi: 'fri',
  samedi: 'sat',
  dimanche: 'sun',
};

interface Slot {
  day: string;
  opens: string;
}
interface Session {
  level: string;
  days: string[];
  startTime: string;
  childcare?: boolean;
  cost?: { type?: string };
}

/** Levels a text names: "A2", "A0–A1" (every level between), "A2 et plus" (A2 up to C2). */
function promisedLevels(text: string): { named: string[]; lowest: number; highest: number } {
  const named = new Set<string>();
  let highest = -1;
  let lowest = LEVELS.length;
  for (const m of text.matchAll(/\b([ABC][0-2])(?:\s*[–-]\s*([ABC][0-2]))?\b(\s+et plus)?/g)) {
    const from = LEVELS.indexOf(m[1]!);
    const to = m[2] ? LEVELS.indexOf(m[2]) : from;
    if (from < 0 || to < 0) continue;
    for (let i = from; i <= to; i++) named.add(LEVELS[i]!);
    lowest = Math.min(lowest, from);
    highest = Math.max(highest, m[3] ? LEVELS.length - 1 : to);
  }
  return { named: [...named], lowest, highest };
}

const PROMISES = {
  childcare: /\bavec garderie\b|\bgardés\b/i,
  free: /\bgratuit(?:e|s|es|ement)?\b/i,
  // "où dormir ce soir" says when you need it, not when the service is open.
  evening: /(?<!\bce )\bsoirs?\b/i,
  morning: /\bmatins?\b/i,
  afternoon: /\baprès-midis?\b/i,
  // Not "sage-femme" (a midwife serves whoever is pregnant).
  women: /(?<!sage-)\bfemmes?\b/i,
  // Not "démarches en ligne", "formulaire en ligne": what you get help with, not how.
  online: /(?<!démarches |formulaires? )\ben ligne\b/i,
};

it('promises in names and summaries match the structured data of every demo service', async () => {
  const services = await t.models.Service.find().lean();
  const sessions = await t.models.CourseSession.find({ status: 'published' }).lean();
  expect(services.length).toBeGreaterThanOrEqual(150);
  const problems: string[] = [];

  for (const service of services) {
    const texts = (key: 'name' | 'summary') =>
      (service[key] as unknown as Record<string, string>)[t.config.localLanguage] ?? '';
    const text = `${texts('name')} ${texts('summary')}`;
    const own = sessions.filter((s) => String(s.service) === String(service._id)) as Session[];
    const slots = ((service.schedule as { weekly?: Slot[] } | undefined)?.weekly ?? []) as Slot[];
    const broken = (promise: string) => problems.push(`${service.slug}: ${promise} («${text}»)`);
    // With course sessions, every session must keep the promise; without, one opening slot.
    const when = (session: (s: Session) => boolean, slot: (s: Slot) => boolean) =>
      own.length > 0 ? own.every(session) : slots.some(slot);

    const levels = promisedLevels(text);
    if (levels.named.length > 0) {
      const offered = new Set(own.map((s) => s.level));
      const missing = levels.named.filter((l) => !offered.has(l));
      if (missing.length) broken(`no session at ${missing.join(', ')}`);
      const outside = [...offered].filter((l) => {
        const i = LEVELS.indexOf(l);
        return i < levels.lowest || i > levels.highest;
      });
      if (outside.length) broken(`sessions at ${outside.join(', ')}, not promised`);
    }
    if (PROMISES.childcare.test(text)) {
      const kept =
        own.length > 0
          ? own.every((s) => s.childcare === true)
          : ((service as unknown as { needs?: string[] }).needs ?? []).includes(
              'childcare-during-course',
            );
      if (!kept) broken('childcare promised');
    }
    if (PROMISES.free.test(text)) {
      const cost = (service.cost as { type?: string } | undefined)?.type;
      if (cost !== 'free' || own.some((s) => s.cost?.type !== 'free')) broken('"free" promised');
    }
    for (const time of ['evening', 'morning', 'afternoon'] as const) {
      if (
        PROMISES[time].test(text) &&
        !when(
          (s) => timeOfDay(s.startTime) === time,
          (s) => timeOfDay(s.opens) === time,
        )
      ) {
        broken(`${time} promised`);
      }
    }
    for (const [word, day] of Object.entries(DAYS)) {
      if (
        new RegExp(`\\b${word}s?\\b`, 'i').test(text) &&
        !when(
          (s) => s.days.includes(day),
          (s) => s.day === day,
        )
      ) {
        broken(`${word} promised`);
      }
    }
    if (PROMISES.women.test(text) && !service.eligibility?.womenOnly) {
      broken('women-only promised');
    }
    if (PROMISES.online.test(text) && !(service.delivery ?? []).includes('online')) {
      broken('online promised');
    }
  }
  expect(problems).toEqual([]);
});

it('reads the promises the way a reader would', () => {
  expect(promisedLevels('Français de base au foyer (A0–A1)').named).toEqual(['A0', 'A1']);
  expect(promisedLevels('Table de conversation (A1–B1)').named).toEqual(['A1', 'A2', 'B1']);
  expect(promisedLevels('Café conversation (A2 et plus)')).toEqual({
    named: ['A2'],
    lowest: 2,
    highest: 6,
  });
  expect(PROMISES.evening.test('Hébergement : où dormir ce soir')).toBe(false);
  expect(PROMISES.evening.test('Un cours du soir, deux soirs par semaine')).toBe(true);
  expect(PROMISES.women.test('Suivi de grossesse avec une sage-femme')).toBe(false);
  expect(PROMISES.online.test('E-mails et démarches en ligne')).toBe(false);
  expect(PROMISES.online.test('Français A1 en ligne, le soir')).toBe(true);
});
