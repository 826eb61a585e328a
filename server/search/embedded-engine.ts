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
import MiniSearch from 'minisearch';
import { compileFilters } from './filter-evaluation';
import { languageOfWord } from './language-names';
import type { SearchDocument } from './search-document';
import type {
  SearchEngine,
  SearchFilters,
  SearchHit,
  SearchQuery,
  SearchResult,
} from './search-engine';
import { distanceKm } from './search-engine';
import { sameStem, tokenize } from './search-tokenizer';

// Result pages repeat (the same popular searches, page reloads); a small cache cleared on every
// index change answers them without recomputing.
const CACHE_SIZE = 200;

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

/** The beginning every other form of the word starts with (sameStem: at least four letters, and
 * the word's own ending is at most three letters long). */
const stemOf = (word: string) => word.slice(0, Math.max(4, word.length - 3));

// Where a word was found: the text index has one field per tier.
const TIER = { name: 3, summary: 2, description: 1, category: 1 } as const;
const FIELD_TIERS: Record<string, number> = {
  name: TIER.name,
  summary: TIER.summary,
  description: TIER.description,
};
const TEXT_FIELDS = Object.keys(FIELD_TIERS);
const tierOfFields = (fields: string[]) =>
  fields.reduce((best, field) => Math.max(best, FIELD_TIERS[field] ?? 0), 0);
// A word's match quality in one document: exact matches above typo/word-form ones, then tier.
const EXACT = 4;

/** The needs' names and terms in every language, once the document carries them. */
const needTextOf = (doc: SearchDocument) => (doc as { needText?: string }).needText ?? '';

// Need terms repeat across services (every French course carries "French course" in fifteen
// languages): each line is tokenized once, not once per service.
const needLines = new Map<string, string[]>();
function needLineWords(line: string): string[] {
  let words = needLines.get(line);
  if (!words) {
    if (needLines.size > 100_000) needLines.clear();
    words = [...new Set(tokenize(line).filter((w) => !STOP_WORDS.has(w)))];
    needLines.set(line, words);
  }
  return words;
}

/** What the text index holds of a document: its words, already tokenized, one space apart. */
interface IndexedText {
  id: string;
  name: string;
  summary: string;
  description: string;
  /** Need terms of several words, one a line, each indexed as one term (its words joined by a
   * space): one ranks as a name when the query holds all its words ("French after work"). */
  phrases: string;
}

function indexedTextOf(doc: SearchDocument): IndexedText {
  // Each word once per document, in the field of the best tier it appears in: only the tier
  // ranks, not how often a word occurs, and the index stays smaller.
  const best = new Map<string, number>();
  const raise = (word: string, tier: number) => {
    if ((best.get(word) ?? 0) < tier) best.set(word, tier);
  };
  const add = (text: string, tier: number) => {
    for (const word of tokenize(text)) raise(word, tier);
  };
  add(doc.body, TIER.description);
  add(doc.summary ?? '', TIER.summary);
  add(doc.title, TIER.name);
  // A need's names and terms, one per line: a one-word term ("dentist") is found as a name; each
  // word of a longer one ("French after work") alone is no more than the description ("work" is
  // not a need for French courses).
  const phrases = new Set<string>();
  for (const line of needTextOf(doc).split('\n')) {
    const words = needLineWords(line);
    if (words.length === 1) raise(words[0]!, TIER.name);
    else if (words.length > 1) {
      for (const word of words) raise(word, TIER.description);
      phrases.add(words.join(' '));
    }
  }
  const byTier: string[][] = [[], [], [], []];
  for (const [word, tier] of best) byTier[tier]!.push(word);
  return {
    id: doc.id,
    name: byTier[TIER.name]!.join(' '),
    summary: byTier[TIER.summary]!.join(' '),
    description: byTier[TIER.description]!.join(' '),
    phrases: [...phrases].join('\n'),
  };
}

// Queries reach the indexes as words already tokenized (queryWords), one term each.
const AS_GIVEN = { tokenize: (term: string) => [term], processTerm: (term: string) => term };

/** A MiniSearch index beside the vocabulary of its words (one document per word): a query word's
 * typo and word-form variants are looked up among words, and only those are searched among
 * documents (searching the index itself with fuzzy or prefix options would score every document
 * of every word sharing a stem, "permanence" for "permis"). */
interface TextIndex<T> {
  documents: MiniSearch<T>;
  vocabulary: MiniSearch<{ id: string }>;
}

const newVocabulary = () =>
  new MiniSearch<{ id: string }>({
    fields: ['word'],
    extractField: (entry) => entry.id,
    tokenize: (word) => [word],
    processTerm: (term) => term,
    searchOptions: AS_GIVEN,
  });

function addToVocabulary(vocabulary: MiniSearch<{ id: string }>, words: string[]) {
  for (const word of words) if (word && !vocabulary.has(word)) vocabulary.add({ id: word });
}

const newTextIndex = (): TextIndex<IndexedText> => ({
  documents: new MiniSearch<IndexedText>({
    fields: [...TEXT_FIELDS, 'phrases'],
    tokenize: (text, field) => text.split(field === 'phrases' ? '\n' : ' '),
    processTerm: (term) => term,
    searchOptions: AS_GIVEN,
  }),
  vocabulary: newVocabulary(),
});

/** The need terms of several words seen so far, each as a document whose words are its own. */
const newPhraseIndex = () =>
  new MiniSearch<{ id: string }>({
    fields: ['words'],
    extractField: (phrase) => phrase.id,
    tokenize: (text) => text.split(' '),
    processTerm: (term) => term,
    searchOptions: { tokenize: (text) => text.split(' '), processTerm: (term) => term },
  });

interface CategoryKeywords {
  id: string;
  keywords: string;
}

/** Each category's names and keywords in every language, as one document per category. */
const newCategoryIndex = (categories: CategoryKeywords[]): TextIndex<CategoryKeywords> => {
  const index = {
    documents: new MiniSearch<CategoryKeywords>({
      fields: ['keywords'],
      tokenize: (text) => tokenize(text),
      processTerm: (term) => term,
      searchOptions: AS_GIVEN,
    }),
    vocabulary: newVocabulary(),
  };
  index.documents.addAll(categories);
  for (const category of categories) addToVocabulary(index.vocabulary, tokenize(category.keywords));
  return index;
};

/** Indexed words that are the word itself, one typo away (words of five letters or more) or
 * another form of it (sameStem). */
function variantsOf(vocabulary: MiniSearch<{ id: string }>, word: string): string[] {
  const found = new Set([word]);
  const typos = word.length >= 5 ? 1 : 0;
  if (typos) for (const entry of vocabulary.search(word, { fuzzy: typos })) found.add(entry.id);
  // Other forms share the word's stem: the vocabulary lists the words starting with it (prefix
  // search), sameStem keeps those that are forms of this one.
  if (word.length >= 4) {
    for (const entry of vocabulary.search(stemOf(word), { prefix: true }))
      if (sameStem(word, entry.id)) found.add(entry.id);
  }
  return [...found];
}

/**
 * For each query word, the documents of an index holding it, exactly or as a variant, each with
 * its best match quality: EXACT (when the word itself is there) plus the best tier of the fields
 * it was found in. One search of the index for all the words' variants.
 */
function wordQualities<T>(
  index: TextIndex<T>,
  words: string[],
  fields: string[],
  tierOf: (fields: string[]) => number,
): Map<string, Map<string, number>> {
  const perWord = new Map(words.map((word) => [word, new Map<string, number>()]));
  // Each variant with the query words it stands for.
  const wordsOfTerm = new Map<string, string[]>();
  for (const word of words) {
    for (const term of variantsOf(index.vocabulary, word)) {
      const asked = wordsOfTerm.get(term);
      if (asked) asked.push(word);
      else wordsOfTerm.set(term, [word]);
    }
  }
  const hits = index.documents.search(
    { combineWith: 'OR', queries: [...wordsOfTerm.keys()] },
    { fields },
  );
  for (const hit of hits) {
    const id: string = hit.id;
    for (const [term, found] of Object.entries(hit.match)) {
      const tier = tierOf(found);
      for (const word of wordsOfTerm.get(term) ?? []) {
        const quality = perWord.get(word)!;
        const q = (term === word ? EXACT : 0) + tier;
        if ((quality.get(id) ?? -1) < q) quality.set(id, q);
      }
    }
  }
  return perWord;
}

interface Ranked {
  words: number;
  fuzzy: number;
  tiers: number;
}

export function createEmbeddedEngine(): SearchEngine {
  let textIndex = newTextIndex();
  let phraseIndex = newPhraseIndex();
  // Documents by id, for results and for the plain-code filters.
  const documents = new Map<string, SearchDocument>();
  let categoryIndex = newCategoryIndex([]);
  let categorySignature = '';
  let docsByCategory = new Map<string, SearchDocument[]>();
  let docsByTarget = new Map<string, SearchDocument[]>();
  const cache = new Map<string, SearchResult>();

  function indexDocument(doc: SearchDocument) {
    const text = indexedTextOf(doc);
    if (textIndex.documents.has(doc.id)) textIndex.documents.replace(text);
    else textIndex.documents.add(text);
    for (const words of [text.name, text.summary, text.description])
      addToVocabulary(textIndex.vocabulary, words.split(' '));
    documents.delete(doc.id);
    documents.set(doc.id, doc);
    for (const phrase of text.phrases.split('\n'))
      if (phrase && !phraseIndex.has(phrase)) phraseIndex.add({ id: phrase });
  }

  function removeDocument(id: string) {
    if (!documents.delete(id)) return;
    textIndex.documents.discard(id);
  }

  function afterChange() {
    const byCategory = new Map<string, SearchDocument[]>();
    const byTarget = new Map<string, SearchDocument[]>();
    const categories: CategoryKeywords[] = [];
    for (const doc of documents.values()) {
      let list = byCategory.get(doc.category);
      if (!list) {
        byCategory.set(doc.category, (list = []));
        // Every service of a category carries the same keywords: indexed once per category.
        categories.push({ id: doc.category, keywords: doc.keywords });
      }
      list.push(doc);
      if (doc.targetLanguage) {
        let taught = byTarget.get(doc.targetLanguage);
        if (!taught) byTarget.set(doc.targetLanguage, (taught = []));
        taught.push(doc);
      }
    }
    const signature = JSON.stringify(categories);
    if (signature !== categorySignature) {
      categoryIndex = newCategoryIndex(categories);
      categorySignature = signature;
    }
    docsByCategory = byCategory;
    docsByTarget = byTarget;
    cache.clear();
  }

  /** For each query word, the documents with it, each with its best match quality (EXACT + tier,
   * or tier). */
  function wordMatches(words: string[]): Map<string, Map<string, number>> {
    const perWord = wordQualities(textIndex, words, TEXT_FIELDS, tierOfFields);
    const categories = wordQualities(categoryIndex, words, ['keywords'], () => TIER.category);
    for (const word of words) {
      const quality = perWord.get(word)!;
      const put = (id: string, q: number) => {
        if ((quality.get(id) ?? -1) < q) quality.set(id, q);
      };
      // A word naming a language asks for courses of that language: they match it as by name,
      // and other languages' courses do not match it through their category's keywords ("cours
      // de français" is a keyword of every language course).
      const language = languageOfWord(word);
      for (const [category, q] of categories.get(word)!) {
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
      const complete = phraseIndex
        .search(words.join(' '))
        .filter((hit) => hit.terms.length === String(hit.id).split(' ').length)
        .map((hit): string => hit.id);
      if (complete.length > 0) {
        const carriers = textIndex.documents.search(
          { combineWith: 'OR', queries: complete },
          {
            fields: ['phrases'],
          },
        );
        for (const hit of carriers) {
          for (const phrase of Object.keys(hit.match))
            for (const word of phrase.split(' ')) perWord.get(word)?.set(hit.id, EXACT + TIER.name);
        }
      }
    }
    const ranked = new Map<string, Ranked>();
    for (const word of words) {
      for (const [id, quality] of perWord.get(word)!) {
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

    async replaceAll(docs) {
      textIndex = newTextIndex();
      phraseIndex = newPhraseIndex();
      documents.clear();
      for (const doc of docs) indexDocument(doc);
      afterChange();
    },

    async upsert(docs) {
      for (const d of docs) indexDocument(d);
      afterChange();
    },

    async remove(ids) {
      for (const id of ids) removeDocument(id);
      afterChange();
    },

    async search(query: SearchQuery): Promise<SearchResult> {
      const key = JSON.stringify(query);
      const cached = cache.get(key);
      if (cached) return cached;

      const text = textCandidates(query.q?.trim());
      const candidates = text
        ? [...text.keys()].map((id) => documents.get(id)!)
        : [...documents.values()];
      const { matched, facets } = compileFilters(query.filters, query.now).apply(candidates);

      const origin = query.origin ?? query.filters.near;
      const hits: SearchHit[] = matched.map((document) => ({
        document,
        ...(origin && document.geo ? { distanceKm: distanceKm(origin, document.geo) } : {}),
      }));
      const bySlug = (a: SearchHit, b: SearchHit) => a.document.slug.localeCompare(b.document.slug);
      if (query.sort === 'soonest') {
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
          return { hit, key: [r.words, preferred, -r.fuzzy, r.tiers, hit.document.lastVerifiedAt] };
        });
        keyed.sort((a, b) => {
          for (let i = 0; i < a.key.length; i++)
            if (a.key[i] !== b.key[i]) return b.key[i]! - a.key[i]!;
          return bySlug(a.hit, b.hit);
        });
        keyed.forEach((entry, i) => (hits[i] = entry.hit));
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
