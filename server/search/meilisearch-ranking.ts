// The Meilisearch settings that decide ranking, kept apart from the adapter's query code. They
// express the embedded engine's rules (embedded-engine.ts): more of the query's words first, then
// exact before typo-corrected, then where the words were found (name and needs, then the taught
// language, the summary, the description, the category's keywords), freshness last. A query word
// naming a language ("Fransızca", "французької") also finds the code of the language a course
// teaches, through one-way synonyms built from the same CLDR names as the embedded engine's.
import { LANGUAGE_NAMES } from './language-names';

function languageSynonyms(): Record<string, string[]> {
  const synonyms: Record<string, string[]> = {};
  for (const [name, code] of LANGUAGE_NAMES) synonyms[name] = [code];
  return synonyms;
}

export const MEILI_RANKING_SETTINGS = {
  searchableAttributes: ['title', 'needText', 'targetLanguage', 'summary', 'body', 'keywords'],
  rankingRules: [
    'words',
    'typo',
    'attribute',
    'sort',
    'proximity',
    'exactness',
    // Recently verified listings first among equally relevant ones.
    'lastVerifiedAt:desc',
  ],
  synonyms: languageSynonyms(),
};
