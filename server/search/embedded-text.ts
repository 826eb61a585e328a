// What the embedded engine reads from a document's text, and how it finds a query's words in it:
// the words of each document at the tier of the field they appear in, need terms of several words
// as phrases, each category's keywords, and per query word the documents holding it exactly or
// as a variant (word-index.ts).
import { LRUCache } from 'lru-cache';
import MiniSearch from 'minisearch';
import type { SearchDocument } from './search-document';
import { sameStem, tokenize } from './search-tokenizer';
import { variantsOf, WordIndex } from './word-index';

// Words too common to tell services apart ("cours de français": "de"). Left out of a query that
// has other words, like Meilisearch's stopWords setting; a query of only such words keeps them.
const STOP_WORDS = new Set(
  (
    'de la le les des du un une et en a au aux pour par sur avec dans ou ' +
    'the of and a an in for to on with at or my i ' +
    'el los las del y en para con por un una ' +
    'der die das und für mit im zu von ein eine ' +
    'di il lo gli per con un una del della ' +
    'do da dos das para com um uma em no na ' +
    'в на для и з с у і та ' +
    'في من على و مع عن ' +
    'و در به از برای با را ' +
    'د او په له ته ' +
    'کا کی کے میں اور کو سے ' +
    've için bir ile ' +
    'iyo ee ka ku oo'
  )
    .split(' ')
    .flatMap((word) => tokenize(word)),
);

export function queryWords(q: string): string[] {
  const words = [...new Set(tokenize(q))];
  const meaningful = words.filter((word) => !STOP_WORDS.has(word));
  return meaningful.length > 0 ? meaningful : words;
}

/** Where a word was found: the name or the needs above the summary above the description or the
 * category's keywords. */
export const TIER = { name: 3, summary: 2, description: 1, category: 1 } as const;
/** A word's match quality in one document: exact matches above typo/word-form ones, then tier. */
export const EXACT = 4;

// Need terms repeat across services (every French course carries "French course" in fifteen
// languages): each line is tokenized once, not once per service.
const needLines = new LRUCache<string, string[]>({ max: 100_000 });
function needLineWords(line: string): string[] {
  let words = needLines.get(line);
  if (!words) {
    words = [...new Set(tokenize(line).filter((w) => !STOP_WORDS.has(w)))];
    needLines.set(line, words);
  }
  return words;
}

/** A document's words, each once at the best tier it appears in, and its need terms of several
 * words (their words joined by a space): one ranks as a name when the query holds all its words
 * ("French after work"). */
export function indexedWordsOf(doc: SearchDocument): {
  words: Map<string, number>;
  phrases: string[];
} {
  const best = new Map<string, number>();
  const raise = (word: string, tier: number) => {
    if ((best.get(word) ?? 0) < tier) best.set(word, tier);
  };
  const add = (text: string, tier: number) => {
    for (const word of tokenize(text)) raise(word, tier);
  };
  add(doc.body, TIER.description);
  add(doc.summary, TIER.summary);
  add(doc.title, TIER.name);
  // A need's names and terms, one per line: a one-word term ("dentist") is found as a name; each
  // word of a longer one ("French after work") alone is no more than the description ("work" is
  // not a need for French courses).
  const phrases = new Set<string>();
  for (const line of doc.needText.split('\n')) {
    const words = needLineWords(line);
    const first = words[0];
    if (words.length === 1 && first !== undefined) raise(first, TIER.name);
    else if (words.length > 1) {
      for (const word of words) raise(word, TIER.description);
      phrases.add(words.join(' '));
    }
  }
  return { words: best, phrases: [...phrases] };
}

/** The need terms of several words seen so far, each as a document whose words are its own:
 * which of them the query holds every word of. */
export const newPhraseIndex = () =>
  new MiniSearch<{ id: string }>({
    fields: ['words'],
    extractField: (phrase) => phrase.id,
    tokenize: (text) => text.split(' '),
    processTerm: (term) => term,
    searchOptions: { tokenize: (text) => text.split(' '), processTerm: (term) => term },
  });

export function completePhrases(phraseIndex: MiniSearch<{ id: string }>, words: string[]) {
  return phraseIndex
    .search(words.join(' '))
    .filter((hit) => hit.terms.length === String(hit.id).split(' ').length)
    .map((hit) => String(hit.id));
}

/** Each category's names and keywords in every language, as one document per category. */
export function newCategoryIndex(keywords: Map<string, string>): WordIndex {
  const index = new WordIndex();
  for (const [category, text] of keywords)
    index.set(
      category,
      [...new Set(tokenize(text))].map((word) => [word, TIER.category]),
    );
  return index;
}

/**
 * For each query word, the documents of an index holding it, exactly or as a variant, each with
 * its best match quality: EXACT (when the word itself is there) plus the tier it was found at.
 */
export function wordQualities(index: WordIndex, words: string[]): Map<string, Map<string, number>> {
  const perWord = new Map<string, Map<string, number>>();
  for (const word of words) {
    const quality = new Map<string, number>();
    perWord.set(word, quality);
    for (const term of variantsOf(index.vocabulary, word, sameStem)) {
      const exact = term === word ? EXACT : 0;
      index.forEach(term, (id, tier) => {
        const q = exact + tier;
        if ((quality.get(id) ?? -1) < q) quality.set(id, q);
      });
    }
  }
  return perWord;
}
