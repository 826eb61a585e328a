// The embedded search engine: in-process, for a single instance without Meilisearch. The text
// part (which services hold a word, with one typo or in another form, and in which field) is
// MiniSearch over our tokenizer (every script, Arabic-script and Ge'ez folding); filters, facet
// counts and sorting run over the matching documents in plain code (filter-evaluation.ts).
// Rebuilt from the database at start-up.
//
// Ranking (the same rules the Meilisearch settings express): results with more of the query's
// words first; then those satisfying more of the filters the query's words asked for ("free",
// "soir": query-intent.ts); then fewer words matched only with a typo or another word form; then
// where the words were found: the name or the needs (tier 3) above the summary (2) above the
// description or the category's keywords (1); freshness breaks the remaining ties, so a listing
// nobody confirmed for a long time sinks below its equals. MiniSearch's own scores (BM25) are not
// used: only which words it found where.
import { LRUCache } from 'lru-cache';
import { compileFilters } from './filter-evaluation';
import {
  completePhrases,
  EXACT,
  indexedWordsOf,
  newCategoryIndex,
  newPhraseIndex,
  queryWords,
  TIER,
  wordQualities,
} from './embedded-text';
import { languageOfWord } from './language-names';
import type { SearchDocument } from './search-document';
import type {
  SearchEngine,
  SearchFilters,
  SearchHit,
  SearchQuery,
  SearchResult,
} from './search-engine';
import { asBatches, distanceKm } from './search-engine';
import { WordIndex } from './word-index';

// Result pages repeat (the same popular searches, page reloads); a small cache cleared on every
// index change answers them without recomputing.
const CACHE_SIZE = 200;

interface Ranked {
  words: number;
  fuzzy: number;
  tiers: number;
}

/** What the engine keeps of a document once its text is indexed: everything but the texts only
 * searched (the display texts stay; the index holds the words). */
const keptOf = (doc: SearchDocument): SearchDocument => ({
  ...doc,
  title: '',
  keywords: '',
  needText: '',
  summary: '',
  body: '',
});

/** Everything the engine knows of the documents; a rebuild fills a new one beside it. */
function newState() {
  return {
    textIndex: new WordIndex(),
    // Need terms of several words: which documents carry each, and their words (phraseIndex).
    phraseDocs: new WordIndex(),
    phraseIndex: newPhraseIndex(),
    // Documents by id (without their searched texts), for results and the plain-code filters.
    documents: new Map<string, SearchDocument>(),
    // Every service of a category carries the same keywords: indexed once per category.
    keywordsOf: new Map<string, string>(),
  };
}
type State = ReturnType<typeof newState>;

function indexDocument(state: State, doc: SearchDocument) {
  const { words, phrases } = indexedWordsOf(doc);
  state.textIndex.set(doc.id, words);
  state.phraseDocs.set(
    doc.id,
    phrases.map((phrase) => [phrase, 0]),
  );
  for (const phrase of phrases)
    if (!state.phraseIndex.has(phrase)) state.phraseIndex.add({ id: phrase });
  state.keywordsOf.set(doc.category, doc.keywords);
  state.documents.delete(doc.id);
  state.documents.set(doc.id, keptOf(doc));
}

function removeDocument(state: State, id: string) {
  if (!state.documents.delete(id)) return;
  state.textIndex.delete(id);
  state.phraseDocs.delete(id);
}

/** wordQualities() answers every word it is given: a word missing from its answer is a bug. */
const missingWord = (word: string) =>
  new Error(`embedded search: no match list for the query word "${word}"`);

export function createEmbeddedEngine(): SearchEngine {
  let state = newState();
  // Changes that arrive while a rebuild reads the database, applied again to the new index.
  let changedDuringRebuild: Map<string, SearchDocument | null> | null = null;
  let categoryIndex = newCategoryIndex(new Map());
  let categorySignature = '';
  let docsByCategory = new Map<string, SearchDocument[]>();
  let docsByTarget = new Map<string, SearchDocument[]>();
  const cache = new LRUCache<string, SearchResult>({ max: CACHE_SIZE });

  function afterChange() {
    const byCategory = new Map<string, SearchDocument[]>();
    const byTarget = new Map<string, SearchDocument[]>();
    const keywords = new Map<string, string>();
    for (const doc of state.documents.values()) {
      let list = byCategory.get(doc.category);
      if (!list) {
        byCategory.set(doc.category, (list = []));
        keywords.set(doc.category, state.keywordsOf.get(doc.category) ?? '');
      }
      list.push(doc);
      if (doc.targetLanguage) {
        let taught = byTarget.get(doc.targetLanguage);
        if (!taught) byTarget.set(doc.targetLanguage, (taught = []));
        taught.push(doc);
      }
    }
    const signature = JSON.stringify([...keywords]);
    if (signature !== categorySignature) {
      categoryIndex = newCategoryIndex(keywords);
      categorySignature = signature;
    }
    docsByCategory = byCategory;
    docsByTarget = byTarget;
    cache.clear();
  }

  /** For each query word, the documents with it, each with its best match quality (EXACT + tier,
   * or tier). */
  function wordMatches(words: string[]): Map<string, Map<string, number>> {
    const perWord = wordQualities(state.textIndex, words);
    const categories = wordQualities(categoryIndex, words);
    for (const word of words) {
      const quality = perWord.get(word);
      const byCategory = categories.get(word);
      if (quality === undefined || byCategory === undefined) throw missingWord(word);
      const put = (id: string, q: number) => {
        if ((quality.get(id) ?? -1) < q) quality.set(id, q);
      };
      // A word naming a language asks for courses of that language: they match it as by name,
      // and other languages' courses do not match it through their category's keywords ("cours
      // de français" is a keyword of every language course).
      const language = languageOfWord(word);
      for (const [category, q] of byCategory) {
        for (const doc of docsByCategory.get(category) ?? []) {
          const taught = doc.targetLanguage;
          if (language && taught && taught !== language.code) continue;
          put(doc.id, q);
        }
      }
      if (language) {
        for (const doc of docsByTarget.get(language.code) ?? [])
          put(doc.id, (language.exact ? EXACT : 0) + TIER.name);
      }
    }
    return perWord;
  }

  /** Documents with at least one query word, ranked by words, typos and tiers (null: no text). */
  function textCandidates(q: string | undefined): Map<string, Ranked> | null {
    const words = queryWords(q ?? '');
    if (words.length === 0) return null;
    const perWord = wordMatches(words);
    // Need terms whose every word is in the query: their documents match those words as by name.
    if (words.length > 1) {
      for (const phrase of completePhrases(state.phraseIndex, words)) {
        const phraseWords = phrase.split(' ');
        state.phraseDocs.forEach(phrase, (id) => {
          for (const word of phraseWords) perWord.get(word)?.set(id, EXACT + TIER.name);
        });
      }
    }
    const ranked = new Map<string, Ranked>();
    for (const word of words) {
      const qualities = perWord.get(word);
      if (qualities === undefined) throw missingWord(word);
      for (const [id, quality] of qualities) {
        let r = ranked.get(id);
        if (!r) ranked.set(id, (r = { words: 0, fuzzy: 0, tiers: 0 }));
        r.words++;
        if (quality < EXACT) r.fuzzy++;
        r.tiers += quality % EXACT;
      }
    }
    return ranked;
  }

  /** One test per filter the query's words asked for. */
  function preferenceTests(prefer: SearchFilters | undefined, now: number) {
    if (!prefer) return [];
    return (Object.keys(prefer) as (keyof SearchFilters)[])
      .filter((key) => prefer[key] !== undefined)
      .map((key) => compileFilters({ [key]: prefer[key] }, now).test);
  }

  return {
    name: 'embedded',

    async init() {},

    async replaceAll(batches) {
      // Built beside the current index, which keeps answering until the new one is complete.
      const next = newState();
      const changed = (changedDuringRebuild = new Map<string, SearchDocument | null>());
      try {
        for await (const batch of asBatches(batches))
          for (const doc of batch) indexDocument(next, doc);
      } finally {
        changedDuringRebuild = null;
      }
      for (const [id, doc] of changed)
        if (doc) indexDocument(next, doc);
        else removeDocument(next, id);
      state = next;
      afterChange();
    },

    async upsert(docs) {
      for (const d of docs) {
        indexDocument(state, d);
        changedDuringRebuild?.set(d.id, d);
      }
      afterChange();
    },

    async remove(ids) {
      for (const id of ids) {
        removeDocument(state, id);
        changedDuringRebuild?.set(id, null);
      }
      afterChange();
    },

    async search(query: SearchQuery): Promise<SearchResult> {
      const key = JSON.stringify(query);
      const cached = cache.get(key);
      if (cached) return cached;

      const text = textCandidates(query.q?.trim());
      const candidates = text
        ? [...text.keys()].map((id) => {
            const document = state.documents.get(id);
            // indexDocument and removeDocument keep the text index and the documents in step.
            if (document === undefined)
              throw new Error(
                `embedded search: matched document ${id} is not in the documents map`,
              );
            return document;
          })
        : [...state.documents.values()];
      const { matched, facets } = compileFilters(query.filters, query.now).apply(candidates);

      const origin = query.origin ?? query.filters.near;
      const hits: SearchHit[] = matched.map((document) => ({
        document,
        ...(origin && document.geo ? { distanceKm: distanceKm(origin, document.geo) } : {}),
      }));
      const bySlug = (a: SearchHit, b: SearchHit) => a.document.slug.localeCompare(b.document.slug);
      if (query.sort === 'name') {
        // Byte order, as MongoDB and Meilisearch sort slugs (not localeCompare).
        hits.sort((a, b) =>
          a.document.slug < b.document.slug ? -1 : a.document.slug > b.document.slug ? 1 : 0,
        );
      } else if (query.sort === 'soonest') {
        const start = (h: SearchHit) => h.document.nextSessionStart ?? Number.MAX_SAFE_INTEGER;
        hits.sort((a, b) => start(a) - start(b) || bySlug(a, b));
      } else if (query.sort === 'nearest' && origin) {
        const far = (h: SearchHit) => h.distanceKm ?? Number.MAX_SAFE_INTEGER;
        hits.sort((a, b) => far(a) - far(b) || bySlug(a, b));
      } else {
        const tests = preferenceTests(query.prefer, query.now);
        const none: Ranked = { words: 0, fuzzy: 0, tiers: 0 };
        // Keys computed once per hit, not at every comparison.
        const keyed = hits.map((hit) => {
          const r = text?.get(hit.document.id) ?? none;
          const preferred = tests.reduce((n, test) => n + (test(hit.document) ? 1 : 0), 0);
          return { hit, r, preferred, verified: hit.document.lastVerifiedAt };
        });
        keyed.sort(
          (a, b) =>
            b.r.words - a.r.words ||
            b.preferred - a.preferred ||
            a.r.fuzzy - b.r.fuzzy ||
            b.r.tiers - a.r.tiers ||
            b.verified - a.verified ||
            bySlug(a.hit, b.hit),
        );
        keyed.forEach((entry, i) => (hits[i] = entry.hit));
      }

      const from = (query.page - 1) * query.pageSize;
      const result = { total: hits.length, hits: hits.slice(from, from + query.pageSize), facets };
      cache.set(key, result);
      return result;
    },

    async isHealthy() {
      return true;
    },
  };
}
