// The vocabulary of needs as shipped in seed/needs/: an HSDS taxonomy below the 13 categories,
// at least 150 needs, each named with search terms in the local language and English, and
// every demo service tagged with needs that exist.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { NEEDS_DIR, demoServiceNeeds, readNeedVocabulary } from '../../seed/seed-needs';
import { SERVICES } from '../../seed/demo/services';
import { CATEGORY_SLUGS, SLUG } from '../../server/models/vocabulary';

const vocabulary = readNeedVocabulary();
const bySlug = new Map(vocabulary.map((n) => [n.slug, n]));

it('holds at least 150 needs under the 13 categories, each parent a need of the same category', () => {
  expect(vocabulary.length).toBeGreaterThanOrEqual(150);
  expect(new Set(vocabulary.map((n) => n.slug)).size).toBe(vocabulary.length);
  expect(new Set(vocabulary.map((n) => n.category))).toEqual(new Set(CATEGORY_SLUGS));
  for (const need of vocabulary) {
    expect(need.slug).toMatch(SLUG);
    if (need.parent) expect(bySlug.get(need.parent)?.category).toBe(need.category);
  }
  for (const slug of [
    'dentist',
    'psychologist',
    'emergency-shelter',
    'eviction',
    'debt-collection-letter',
    'bank-account',
    'diploma-recognition',
    'pregnancy',
    'vaccination',
    'tax-return',
    'naturalisation',
    'school-enrolment',
    'childcare-place',
    'homework-help',
    'job-search',
    'cv',
    'job-interview',
    'literacy',
    'health-insurance',
    'domestic-violence',
    'asylum-appeal',
    'asylum-procedure',
    'residence-permit-renewal',
    'driving-licence-exchange',
  ]) {
    expect(bySlug.has(slug)).toBe(true);
  }
});

it('names every need with several search terms in French (local, with Vaud terms) and English', () => {
  for (const need of vocabulary) {
    for (const lng of ['fr', 'en']) {
      expect(need.name[lng]).toBeTruthy();
      expect(need.terms[lng]!.length).toBeGreaterThanOrEqual(3);
    }
  }
  expect(bySlug.get('debt-collection-letter')!.terms.fr).toContain('commandement de payer');
  expect(bySlug.get('health-insurance')!.terms.fr).toContain('LAMal');
  expect(bySlug.get('residence-permit')!.terms.fr).toContain('permis B');
});

it('has language files that name only needs of the taxonomy', () => {
  const files = readdirSync(NEEDS_DIR).filter((f) => /^[a-z]{2,3}\.json$/.test(f));
  expect(files).toEqual(expect.arrayContaining(['fr.json', 'en.json']));
  for (const file of files) {
    const entries = JSON.parse(readFileSync(path.join(NEEDS_DIR, file), 'utf8')) as object;
    expect(Object.keys(entries).filter((slug) => !bySlug.has(slug))).toEqual([]);
  }
});

it('tags every demo service with needs of the vocabulary', () => {
  const tags = demoServiceNeeds();
  for (const service of SERVICES) {
    const needs = tags.get(service.slug);
    expect(needs?.length).toBeGreaterThan(0);
    for (const slug of needs!) expect(bySlug.has(slug)).toBe(true);
  }
});
