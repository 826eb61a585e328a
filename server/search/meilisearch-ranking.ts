// The Meilisearch settings that decide ranking, kept apart from the adapter's query code. They
// express the embedded engine's rules (embedded-engine.ts): more of the query's words first, then
// exact before typo-corrected, then where the words were found (name and needs, then the taught
// language, the summary, the description, the category's keywords), freshness last. A query word
// naming a language ("Fransızca", "французької") also finds the code of the language a course
// teaches, through one-way synonyms built from the same CLDR names as the embedded engine's.
import { LANGUAGE_NAMES } from './language-names';
import type { SearchDocument } from './search-document';
import type { SearchFilters, SearchQuery } from './search-engine';

// The taught language as a word no text contains ("fr" or "de" alone would also match the
// French words "fr", "de" in every title).
const TEACHES = 'onestopteaches';

/** The searchable word for the language a course teaches ('' for other services). */
export const teachesToken = (doc: SearchDocument): string =>
  doc.targetLanguage ? `${TEACHES}${doc.targetLanguage}` : '';

function languageSynonyms(): Record<string, string[]> {
  const synonyms: Record<string, string[]> = {};
  for (const [name, code] of LANGUAGE_NAMES) synonyms[name] = [`${TEACHES}${code}`];
  return synonyms;
}

export const MEILI_RANKING_SETTINGS = {
  searchableAttributes: ['title', 'needText', 'teaches', 'summary', 'body', 'keywords'],
  rankingRules: [
    'words',
    // Filters the query's words asked for ("gratuit"), as a sort: right after the words.
    'sort',
    'typo',
    'attribute',
    'proximity',
    'exactness',
    // Recently verified listings first among equally relevant ones.
    'lastVerifiedAt:desc',
  ],
  synonyms: languageSynonyms(),
};

/** Filters the query's words may ask for that Meilisearch can rank by (booleans of the index). */
export const PREFERENCE_SORTABLE = ['free', 'childcare'];

/** Sort that puts results satisfying the preferred filters first (free, childcare); the others
 * (evening, Saturday, level, online) are lists Meilisearch cannot sort by, and only filter. */
export function preferenceSort(prefer: SearchFilters | undefined): string[] | undefined {
  const sort = [
    ...(prefer?.free ? ['free:desc'] : []),
    ...(prefer?.childcare ? ['childcare:desc'] : []),
  ];
  return sort.length ? sort : undefined;
}

/** Meilisearch's sort for a query: relevance (with preferred filters), or an explicit order. */
export function sortOf(
  query: SearchQuery,
  origin: { lat: number; lng: number } | undefined,
): string[] | undefined {
  if (query.sort === 'name') return ['slug:asc'];
  if (query.sort === 'soonest') return ['nextSessionStart:asc', 'slug:asc'];
  if (query.sort === 'nearest' && origin) return [`_geoPoint(${origin.lat}, ${origin.lng}):asc`];
  return preferenceSort(query.prefer);
}
