// Loads the vocabulary of needs (seed/needs/, an HSDS taxonomy below the 13 categories) and the
// needs each demo service meets. Idempotent like the rest of the seed: needs are keyed by slug
// and inserted when missing; a language file added later brings its names and terms to needs
// that have none in that language; what a coordinator edited is left alone.
//
// Files (seed/needs/):
// - taxonomy.json: [{ "slug": "dentist", "category": "health", "parent": null }, …]
// - <lng>.json, one per language: { "dentist": { "name": "Dentist", "terms": ["dentists", …] } }
// - services.json: { "<demo service slug>": ["<need slug>", …] }
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Models } from '../server/models';
import { cleanTerms } from '../server/models/need';
import { CATEGORY_SLUGS, SLUG } from '../server/models/vocabulary';
import { projectPath } from '../server/paths';

export const NEEDS_DIR = projectPath('seed', 'needs');

const slug = z.string().regex(SLUG);
const taxonomyFile = z.array(
  z.object({ slug, category: z.enum(CATEGORY_SLUGS), parent: slug.nullable() }),
);
const languageFile = z.record(
  z.string(),
  z.object({ name: z.string().trim().min(1).max(120), terms: z.array(z.string().max(300)) }),
);
const servicesFile = z.record(z.string(), z.array(slug));

export interface NeedRecord {
  slug: string;
  category: (typeof CATEGORY_SLUGS)[number];
  parent: string | null;
  name: Record<string, string>;
  terms: Record<string, string[]>;
}

const readJson = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));

/** The vocabulary from the files: every need of taxonomy.json with its texts per language. */
export function readNeedVocabulary(dir = NEEDS_DIR): NeedRecord[] {
  const taxonomy = taxonomyFile.parse(readJson(path.join(dir, 'taxonomy.json')));
  const languages = readdirSync(dir)
    .map((file) => /^([a-z]{2,3})\.json$/.exec(file)?.[1])
    .filter((lng): lng is string => !!lng);
  const texts = new Map(
    languages.map((lng) => {
      const parsed = languageFile.safeParse(readJson(path.join(dir, `${lng}.json`)));
      if (!parsed.success) throw new Error(`seed/needs/${lng}.json: ${parsed.error.message}`);
      return [lng, parsed.data] as const;
    }),
  );
  const known = new Set(taxonomy.map((n) => n.slug));
  return taxonomy.map((need) => {
    if (need.parent && !known.has(need.parent)) {
      throw new Error(`seed/needs/taxonomy.json: ${need.slug} has an unknown parent`);
    }
    const name: Record<string, string> = {};
    const terms: Record<string, string[]> = {};
    for (const [lng, entries] of texts) {
      const entry = entries[need.slug];
      if (!entry) continue;
      name[lng] = entry.name.trim();
      terms[lng] = cleanTerms(entry.terms);
    }
    return { ...need, name, terms };
  });
}

/** Needs of each demo service (seed/needs/services.json). */
export function demoServiceNeeds(dir = NEEDS_DIR): Map<string, string[]> {
  const file = path.join(dir, 'services.json');
  if (!existsSync(file)) return new Map();
  return new Map(Object.entries(servicesFile.parse(readJson(file))));
}

/**
 * Inserts the needs not in the database yet, gives existing ones the languages they lack, and
 * tags demo services that have no needs field yet (stored before needs existed). Returns the
 * number of needs inserted.
 */
export async function syncNeeds(models: Models, dir = NEEDS_DIR): Promise<number> {
  const { Need, Service } = models;
  const records = readNeedVocabulary(dir);
  const existing = await Need.find({}, { slug: 1, name: 1 }).lean();
  const namesOf = new Map(
    existing.map((n) => [n.slug, (n.name ?? {}) as unknown as Record<string, string>]),
  );
  const now = new Date();
  // The files were checked by readNeedVocabulary (slugs, categories, lengths): inserted as
  // they are, without Mongoose validating 175 documents of 15 languages again (seconds on a
  // busy machine, for every test database).
  const missing = records
    .filter((record) => !namesOf.has(record.slug) && Object.keys(record.name).length > 0)
    .map((record) => ({
      ...record,
      // A lean insert skips Mongoose defaults: the HSDS id is given here.
      uuid: randomUUID(),
      mergedInto: null,
      createdAt: now,
      updatedAt: now,
    }));
  let inserted = 0;
  if (missing.length) {
    try {
      await Need.insertMany(missing, { ordered: false, lean: true });
      inserted = missing.length;
    } catch (error) {
      // Another instance starting at the same time inserted some first.
      const writeErrors = (error as { writeErrors?: { code?: number; err?: { code?: number } }[] })
        .writeErrors;
      if (!writeErrors?.every((e) => (e.code ?? e.err?.code) === 11000)) throw error;
      inserted = missing.length - writeErrors.length;
    }
  }
  for (const record of records) {
    const names = namesOf.get(record.slug);
    if (!names) continue;
    const set: Record<string, unknown> = {};
    for (const [lng, name] of Object.entries(record.name)) {
      if (names[lng]) continue;
      set[`name.${lng}`] = name;
      set[`terms.${lng}`] = record.terms[lng] ?? [];
    }
    if (Object.keys(set).length) await Need.updateOne({ slug: record.slug }, { $set: set });
  }
  const demo = demoServiceNeeds(dir);
  if (demo.size) {
    const untagged = await Service.find({ needs: { $exists: false } }, { slug: 1 }).lean();
    for (const service of untagged) {
      const needs = demo.get(service.slug);
      if (needs) await Service.updateOne({ _id: service._id }, { $set: { needs } });
    }
  }
  return inserted;
}
