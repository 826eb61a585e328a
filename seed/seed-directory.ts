// Loads the demo directory (a fictional French-speaking city modelled on Lausanne). Idempotent:
// every record has a stable key (slug, organisation+key, service+key) and is inserted only when
// no record with that key exists (insertMissing reads the keys, then inserts the rest), so a
// second run inserts nothing and leaves what is there, including what a provider edited since;
// only languages a record lacks are added (category texts, demo translations), never overwritten.
import { readdirSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Model } from 'mongoose';
import type { Models } from '../server/models';
import { CATEGORY_SLUGS, CEFR_LEVELS, DAY_MS } from '../server/models/vocabulary';
import type { CefrLevel, Day } from '../server/models/vocabulary';
import { projectPath } from '../server/paths';
import { addDemoTranslations, demoTranslationsForSeed } from './demo/demo-translations';
import { ORGANISATIONS } from './demo/organisations';
import { SERVICES } from './demo/services';
import type { CostSpec, DemoService } from './demo/types';
import { demoServiceNeeds, NEEDS_DIR, syncNeeds } from './seed-needs';

export interface SeedResult {
  categories: number;
  needs: number;
  organisations: number;
  locations: number;
  services: number;
  courseSessions: number;
}

const CITY = 'Lausanne';

/** Small deterministic PRNG (mulberry32) so the demo is the same on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hashOf(text: string): number {
  let h = 2166136261;
  for (const ch of text) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return h >>> 0;
}

const keyOf = (filter: Record<string, unknown>, fields: string[]) =>
  fields.map((field) => String(filter[field])).join('/');

/** Inserts the records whose key (the filter's fields) is not in the collection yet. */
async function insertMissing(
  // Any of our models: their document types differ, the insert logic does not.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  model: Model<any>,
  records: { filter: Record<string, unknown>; doc: Record<string, unknown> }[],
): Promise<number> {
  if (records.length === 0) return 0;
  const fields = Object.keys(records[0]!.filter);
  const projection = Object.fromEntries(fields.map((field) => [field, 1]));
  // Read the keys once and insert only what is missing: FerretDB v1 (SQLite) answers an upsert
  // per record by scanning the collection, which made a 160-service seed take minutes.
  const existing = new Set(
    (await model.find({}, projection).lean<Record<string, unknown>[]>()).map((doc) =>
      keyOf(doc, fields),
    ),
  );
  const now = new Date();
  const missing = [];
  for (const { filter, doc } of records) {
    if (existing.has(keyOf(filter, fields))) continue;
    const candidate = new model({ ...doc, ...filter, createdAt: now, updatedAt: now });
    try {
      await candidate.validate();
    } catch (error) {
      throw new Error(
        `Invalid demo ${model.modelName} ${JSON.stringify(filter)}: ${String(error)}`,
        {
          cause: error,
        },
      );
    }
    missing.push(candidate.toObject({ versionKey: false }));
  }
  if (missing.length === 0) return 0;
  try {
    // Validated above; `lean` skips a second validation pass.
    await model.insertMany(missing, { ordered: false, lean: true });
  } catch (error) {
    // Another seed running at the same time inserted some first: the unique index said so.
    const writeErrors = (error as { writeErrors?: { code?: number; err?: { code?: number } }[] })
      .writeErrors;
    const onlyDuplicates = writeErrors?.every((e) => (e.code ?? e.err?.code) === 11000);
    if (!onlyDuplicates) throw error;
    return missing.length - writeErrors!.length;
  }
  return missing.length;
}

function categoryRecords(localesDir: string) {
  const languages = readdirSync(localesDir).filter((lng) =>
    existsSync(path.join(localesDir, lng, 'categories.json')),
  );
  const byLanguage = new Map(
    languages.map((lng) => [
      lng,
      JSON.parse(readFileSync(path.join(localesDir, lng, 'categories.json'), 'utf8')) as Record<
        string,
        { name: string; description: string; keywords: string[] }
      >,
    ]),
  );
  return CATEGORY_SLUGS.map((slug, order) => {
    const name: Record<string, string> = {};
    const description: Record<string, string> = {};
    const keywords: Record<string, string[]> = {};
    for (const [lng, entries] of byLanguage) {
      const entry = entries[slug];
      if (!entry) continue;
      name[lng] = entry.name;
      description[lng] = entry.description;
      keywords[lng] = entry.keywords;
    }
    return { filter: { slug }, doc: { name, description, keywords, order } };
  });
}

/**
 * Category texts come from locales/<lng>/categories.json. A language added to locales/ after the
 * first seed is added to existing categories; texts already there (maybe edited by a
 * coordinator) are left alone.
 */
export async function syncCategoryTranslations(
  models: Models,
  localesDir = projectPath('locales'),
): Promise<void> {
  await addMissingCategoryLanguages(models.Category, categoryRecords(localesDir));
}

async function addMissingCategoryLanguages(
  Category: Models['Category'],
  records: ReturnType<typeof categoryRecords>,
): Promise<void> {
  const existing = await Category.find().lean();
  for (const category of existing) {
    const record = records.find((r) => r.filter.slug === category.slug);
    if (!record) continue;
    const names = (category.name ?? {}) as unknown as Record<string, string>;
    const set: Record<string, unknown> = {};
    for (const [lng, name] of Object.entries(record.doc.name)) {
      if (names[lng]) continue;
      set[`name.${lng}`] = name;
      set[`description.${lng}`] = record.doc.description[lng];
      set[`keywords.${lng}`] = record.doc.keywords[lng];
    }
    if (Object.keys(set).length) await Category.updateOne({ _id: category._id }, { $set: set });
  }
}

function cost(spec: CostSpec) {
  switch (spec.type) {
    case 'free':
      return { type: 'free' };
    case 'fixed':
      return { type: 'fixed', amount: spec.amount, currency: spec.currency };
    case 'sliding':
      return { type: 'sliding', note: spec.note };
    case 'free-for-some':
      return {
        type: 'free-for-some',
        amount: spec.amount,
        currency: spec.currency,
        note: spec.note,
      };
  }
}

/** Start of the UTC day. */
function startOfDay(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
}

/**
 * Two or three terms per language course: the current or next one, and the one after, with one
 * group per level the course declares. Levels and childcare come from the course's structured
 * data (never guessed from its texts: test/seed/promises.test.ts holds the texts to them); days
 * and hours follow its weekly schedule.
 */
function sessionsFor(service: DemoService, index: number, today: Date) {
  const random = seededRandom(hashOf(service.slug));
  const levels: readonly CefrLevel[] = service.levels?.length
    ? service.levels
    : [CEFR_LEVELS[index % CEFR_LEVELS.length]!];
  const first = service.schedule[0] ?? { day: 'mon' as Day, opens: '09:00', closes: '11:00' };
  const days = [
    ...new Set(service.schedule.filter((s) => s.opens === first.opens).map((s) => s.day as Day)),
  ];
  const [sh, sm] = first.opens.split(':').map(Number) as [number, number];
  const [eh, em] = first.closes.split(':').map(Number) as [number, number];
  const hoursPerWeek = Math.round(((eh * 60 + em - (sh * 60 + sm)) / 60) * days.length * 10) / 10;
  const terms = 2 + (index % 2);
  // Some have started already, most start within the next weeks.
  let start = new Date(startOfDay(today).getTime() + (Math.floor(random() * 60) - 21) * DAY_MS);
  const sessions = [];
  for (let term = 0; term < terms; term++) {
    const end = new Date(start.getTime() + (8 + Math.floor(random() * 8)) * 7 * DAY_MS);
    const deadline = new Date(start.getTime() - 7 * DAY_MS);
    for (const level of levels) {
      const capacity = 8 + Math.floor(random() * 14);
      sessions.push({
        key: `${level.toLowerCase()}-term-${term + 1}`,
        doc: {
          targetLanguage: service.targetLanguage ?? 'fr',
          level,
          startDate: start,
          endDate: end,
          days,
          startTime: first.opens,
          endTime: first.closes,
          hoursPerWeek,
          capacity,
          seatsLeft: Math.floor(random() * (capacity + 1)),
          registrationDeadline: deadline,
          registrationOpen: deadline > today,
          childcare: service.childcare === true,
          certificate: random() < 0.5,
          cost: cost(service.cost),
        },
      });
    }
    start = new Date(end.getTime() + 14 * DAY_MS);
  }
  return sessions;
}

export async function seedDirectory(
  models: Models,
  options: { now?: Date; localesDir?: string; needsDir?: string } = {},
): Promise<SeedResult> {
  const now = options.now ?? new Date();
  const { Category, Organisation, Location, Service, CourseSession } = models;

  const categoryData = categoryRecords(options.localesDir ?? projectPath('locales'));
  const categories = await insertMissing(Category, categoryData);
  await addMissingCategoryLanguages(Category, categoryData);
  // The vocabulary of needs (seed/needs/), and the needs each demo service meets.
  const needs = await syncNeeds(models, options.needsDir ?? NEEDS_DIR);
  const needsOf = demoServiceNeeds(options.needsDir ?? NEEDS_DIR);

  // What the hand-written demo lacks in each language (seed/demo/translations/), written with
  // the records; addDemoTranslations below adds it to records seeded before.
  const demoTranslations = demoTranslationsForSeed({ now });
  const organisations = await insertMissing(
    Organisation,
    ORGANISATIONS.map((o) => ({
      filter: { slug: o.slug },
      doc: {
        name: o.name,
        description: o.description,
        website: o.website,
        email: o.email,
        phone: o.phone,
        verified: o.verified,
      },
    })),
  );
  const orgIdBySlug = new Map(
    (await Organisation.find({}, { slug: 1 }).lean()).map((o) => [o.slug, o._id]),
  );

  const locations = await insertMissing(
    Location,
    ORGANISATIONS.flatMap((o) =>
      o.locations.map((l) => ({
        filter: { organisation: orgIdBySlug.get(o.slug), key: l.key },
        doc: demoTranslations.location(
          {
            name: l.name,
            address: { street: l.street, postcode: l.postcode, city: CITY },
            district: l.district,
            geo: { lat: l.lat, lng: l.lng },
            accessibility: {
              stepFree: l.stepFree,
              accessibleToilet: l.accessibleToilet,
              hearingLoop: l.hearingLoop,
            },
            transport: l.transport,
            openingHours: l.openingHours,
          },
          `${o.slug}/${l.key}`,
        ),
      })),
    ),
  );
  const locationId = new Map(
    (await Location.find({}, { organisation: 1, key: 1 }).lean()).map((l) => [
      `${String(l.organisation)}/${l.key}`,
      l._id,
    ]),
  );

  const today = startOfDay(now);
  const services = await insertMissing(
    Service,
    SERVICES.map((s) => {
      const organisation = orgIdBySlug.get(s.organisation);
      // Spread verification dates over the last ~200 days so some listings are stale.
      const verifiedDaysAgo = hashOf(s.slug) % 200;
      return {
        filter: { slug: s.slug },
        doc: demoTranslations.service({
          organisation,
          category: s.category,
          needs: needsOf.get(s.slug) ?? [],
          name: s.name,
          summary: s.summary,
          description: s.description,
          languages: s.languages,
          interpretationOnRequest: s.interpretationOnRequest,
          cost: cost(s.cost),
          eligibility: s.eligibility,
          documents: s.documents,
          access: { modes: s.access, note: s.accessNote },
          delivery: s.delivery,
          schedule: {
            validFrom: new Date(today.getTime() - 60 * DAY_MS),
            validUntil: new Date(today.getTime() + 300 * DAY_MS),
            weekly: s.schedule,
          },
          locations: s.locations.map((key) => locationId.get(`${String(organisation)}/${key}`)),
          contact: { phone: s.phone, email: s.email },
          targetLanguage: s.targetLanguage,
          lastVerifiedAt: new Date(now.getTime() - verifiedDaysAgo * DAY_MS),
          status: 'published',
        }),
      };
    }),
  );
  const serviceId = new Map(
    (await Service.find({}, { slug: 1 }).lean()).map((s) => [s.slug, s._id]),
  );

  const courses = SERVICES.filter((s) => s.category === 'language-course');
  const courseSessions = await insertMissing(
    CourseSession,
    courses.flatMap((service, index) =>
      sessionsFor(service, index, today).map(({ key, doc }) => ({
        filter: { service: serviceId.get(service.slug), key },
        doc: {
          ...doc,
          location: locationId.get(
            `${String(orgIdBySlug.get(service.organisation))}/${service.locations[0] ?? ''}`,
          ),
        },
      })),
    ),
  );

  await addDemoTranslations(models, { now });

  return { categories, needs, organisations, locations, services, courseSessions };
}
