// The embedded search engine: in-process, for a single instance without Meilisearch. Orama does
// the text part (typo-tolerant BM25 over our tokenizer); filters, facet counts and sorting run
// over the matching documents in plain code (filter-evaluation.ts), which at 10,000 services is
// cheaper than asking the library for each facet. Rebuilt from the database at start-up.
import { components, create, insertMultiple, remove as removeDocument } from '@orama/orama';
import type { Orama } from '@orama/orama';
import { compileFilters } from './filter-evaluation';
import type { SearchDocument } from './search-document';
import type { SearchEngine, SearchHit, SearchQuery, SearchResult } from './search-engine';
import { distanceKm, freshness } from './search-engine';
import { tokenize } from './search-tokenizer';

const TEXT_SCHEMA = { id: 'string', title: 'string', body: 'string' } as const;
const BM25 = { k: 1.2, b: 0.75, d: 0.5 };
const BOOST = { title: 3 };
type TextIndex = Orama<typeof TEXT_SCHEMA>;

// Result pages repeat (the same popular searches, page reloads); a small cache cleared on every
// index change answers them without recomputing.
const CACHE_SIZE = 200;

// Words too common to tell services apart ("cours de français": "de"). Left out of a query that
// has other words, like Meilisearch's stopWords setting; a query of only such words keeps them.
const STOP_WORDS = new Set(
  (
    'de la le les des du un une et en a au aux pour par sur avec dans ou ' +
    'the of and a an in for to on with at or ' +
    'el los las del y en para con por ' +
    'der die das und für mit im zu von'
  ).split(' '),
);

export function queryWords(q: string): string[] {
  const words = [...new Set(tokenize(q))];
  const meaningful = words.filter((word) => !STOP_WORDS.has(word));
  return meaningful.length > 0 ? meaningful : words;
}

/** True when a and b differ by at most one insertion, deletion or substitution. */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) return a.slice(i + 1) === b.slice(i + 1);
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

export function createEmbeddedEngine(): SearchEngine {
  let documents = new Map<string, SearchDocument>();
  // Indexed words by length, to find the ones within one typo of a query word without asking
  // Orama's fuzzy search, which walks much of its tree for every word.
  let vocabulary = new Map<number, Set<string>>();
  let collecting = false;
  const addToVocabulary = (word: string) => {
    let words = vocabulary.get(word.length);
    if (!words) vocabulary.set(word.length, (words = new Set()));
    words.add(word);
  };
  const typoVariants = (word: string): string[] => {
    const found: string[] = [];
    for (const length of [word.length - 1, word.length, word.length + 1]) {
      for (const candidate of vocabulary.get(length) ?? []) {
        if (candidate !== word && withinOneEdit(word, candidate)) found.push(candidate);
      }
    }
    return found;
  };
  // Words of each category's names and keywords (all languages): a query made of them names
  // the kind of service wanted, and that category's services rank first.
  let categoryWords = new Map<string, Set<string>>();
  let idsByCategory = new Map<string, string[]>();
  const rebuildCategoryWords = () => {
    const words = new Map<string, Set<string>>();
    const ids = new Map<string, string[]>();
    for (const doc of documents.values()) {
      let list = ids.get(doc.category);
      if (!list) {
        ids.set(doc.category, (list = []));
        // Every service of a category carries the same keywords: tokenized once per category.
        words.set(doc.category, categoryWords.get(doc.category) ?? new Set(tokenize(doc.keywords)));
      }
      list.push(doc.id);
    }
    categoryWords = words;
    idsByCategory = ids;
  };
  /** Categories whose names or keywords hold the word (five letters or more: or one typo away). */
  const categoriesWithWord = (word: string): string[] =>
    [...categoryWords]
      .filter(
        ([, vocabulary]) =>
          vocabulary.has(word) ||
          (word.length >= 5 && [...vocabulary].some((v) => withinOneEdit(word, v))),
      )
      .map(([category]) => category);
  let textIndex: TextIndex = newTextIndex();
  const cache = new Map<string, SearchResult>();

  function newTextIndex(): TextIndex {
    return create({
      schema: TEXT_SCHEMA,
      components: {
        tokenizer: {
          language: 'universal',
          normalizationCache: new Map(),
          tokenize: (raw: string) => {
            // Each word once per field, as Orama's own tokenizer does (allowDuplicates: false):
            // a third fewer insertions, and no score inflation from repeated words.
            const tokens = [...new Set(tokenize(raw))];
            // Words of indexed documents (not of queries) make the vocabulary for typos.
            if (collecting) for (const token of tokens) addToVocabulary(token);
            return tokens;
          },
        },
      },
    }) as TextIndex;
  }

  async function indexText(docs: SearchDocument[]) {
    collecting = true;
    try {
      await insertMultiple(
        textIndex,
        docs.map((d) => ({ id: d.id, title: d.title, body: d.body })),
        1000,
      );
    } finally {
      collecting = false;
    }
  }

  async function removeText(ids: string[]) {
    for (const id of ids) if (documents.has(id)) await removeDocument(textIndex, id);
  }

  /**
   * Scores of the documents containing a word. Calls Orama's index directly: its search()
   * would also fetch and sort every matching document, which for a common word at 10,000
   * services cost more than everything else on the page.
   */
  function matchesFor(word: string, tolerance: number): Map<string, number> {
    const pairs = textIndex.index.search(
      textIndex.data.index,
      word,
      textIndex.tokenizer,
      undefined,
      ['title', 'body'],
      // Whole words only: prefix matching made Orama walk every word starting with the
      // letters typed ("de" → thousands), the largest cost of an uncached search.
      tolerance === 0,
      tolerance,
      BOOST,
      BM25,
      documents.size,
      undefined,
      1,
    );
    const store = textIndex.internalDocumentIDStore;
    return new Map(
      pairs.map(([internalId, score]) => [
        components.internalDocumentIDStore.getDocumentIdFromInternalId(store, internalId),
        score,
      ]),
    );
  }

  /**
   * Documents with this word: in their own text, with one typo for words of five letters or
   * more (as Meilisearch does), or in their category's names and keywords. Typo-only matches
   * count half. Also says which categories the word names.
   */
  function wordMatches(word: string): { scores: Map<string, number>; categories: string[] } {
    const scores = matchesFor(word, 0);
    if (word.length >= 5) {
      for (const variant of typoVariants(word)) {
        for (const [id, score] of matchesFor(variant, 0)) {
          if (!scores.has(id)) scores.set(id, score / 2);
        }
      }
    }
    const categories = categoriesWithWord(word);
    for (const category of categories) {
      for (const id of idsByCategory.get(category) ?? []) if (!scores.has(id)) scores.set(id, 1);
    }
    return { scores, categories };
  }

  /**
   * Text matches with their scores (null without a query: every document), and the categories
   * the query names (every word is in their names or keywords).
   */
  function textCandidates(
    q: string | undefined,
  ): { scores: Map<string, number>; named: Set<string> } | null {
    const words = queryWords(q ?? '');
    if (words.length === 0) return null;
    // One search per word, then intersect: documents with every word, scores added. (Orama's
    // own all-words mode miscounts when one word matches several spellings with a typo.)
    const perWord = words.map((word) => wordMatches(word));
    const named = new Set(
      perWord[0]!.categories.filter((c) => perWord.every((w) => w.categories.includes(c))),
    );
    const all = new Map<string, number>();
    for (const [id] of perWord[0]!.scores) {
      if (perWord.every((w) => w.scores.has(id))) {
        all.set(
          id,
          perWord.reduce((sum, w) => sum + w.scores.get(id)!, 0),
        );
      }
    }
    if (all.size > 0 || perWord.length === 1) return { scores: all, named };
    // No document has every word: fall back to any word (like Meilisearch dropping words).
    const any = new Map<string, number>();
    for (const w of perWord)
      for (const [id, score] of w.scores) any.set(id, (any.get(id) ?? 0) + score);
    return { scores: any, named };
  }

  return {
    name: 'embedded',

    async init() {},

    async replaceAll(docs) {
      documents = new Map(docs.map((d) => [d.id, d]));
      rebuildCategoryWords();
      vocabulary = new Map();
      textIndex = newTextIndex();
      await indexText(docs);
      cache.clear();
    },

    async upsert(docs) {
      await removeText(docs.map((d) => d.id));
      for (const d of docs) documents.set(d.id, d);
      rebuildCategoryWords();
      await indexText(docs);
      cache.clear();
    },

    async remove(ids) {
      await removeText(ids);
      for (const id of ids) documents.delete(id);
      rebuildCategoryWords();
      cache.clear();
    },

    async search(query: SearchQuery): Promise<SearchResult> {
      const key = JSON.stringify(query);
      const cached = cache.get(key);
      if (cached) return cached;

      const text = textCandidates(query.q?.trim());
      const scores = text?.scores;
      const candidates = scores
        ? [...scores.keys()].map((id) => documents.get(id)).filter((d): d is SearchDocument => !!d)
        : [...documents.values()];
      const { matched, facets } = compileFilters(query.filters, query.now).apply(candidates);

      const origin = query.origin ?? query.filters.near;
      const hits: SearchHit[] = matched.map((document) => ({
        document,
        ...(origin && document.geo ? { distanceKm: distanceKm(origin, document.geo) } : {}),
      }));
      const named = text?.named ?? new Set<string>();
      const rank = (d: SearchDocument) =>
        (scores?.get(d.id) ?? 1) *
        (named.has(d.category) ? 3 : 1) *
        (0.6 + 0.4 * freshness(d.lastVerifiedAt, query.now));
      const bySlug = (a: SearchHit, b: SearchHit) => a.document.slug.localeCompare(b.document.slug);
      if (query.sort === 'soonest') {
        const start = (h: SearchHit) => h.document.nextSessionStart ?? Number.MAX_SAFE_INTEGER;
        hits.sort((a, b) => start(a) - start(b) || bySlug(a, b));
      } else if (query.sort === 'nearest' && origin) {
        const far = (h: SearchHit) => h.distanceKm ?? Number.MAX_SAFE_INTEGER;
        hits.sort((a, b) => far(a) - far(b) || bySlug(a, b));
      } else {
        // Ranks computed once, not at every comparison.
        const ranks = new Map(hits.map((h) => [h, rank(h.document)]));
        hits.sort((a, b) => ranks.get(b)! - ranks.get(a)! || bySlug(a, b));
      }

      const from = (query.page - 1) * query.pageSize;
      const result = { total: hits.length, hits: hits.slice(from, from + query.pageSize), facets };
      if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
      cache.set(key, result);
      return result;
    },

    async isHealthy() {
      return true;
    },
  };
}
