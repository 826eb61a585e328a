// The embedded search engine: in-process, for a single instance without Meilisearch. Its own
// inverted index over our tokenizer (every script, Arabic-script and Ge'ez folding); filters,
// facet counts and sorting run over the matching documents in plain code (filter-evaluation.ts).
// Rebuilt from the database at start-up.
//
// Ranking (the same rules the Meilisearch settings express): results with more of the query's
// words first; then those satisfying more of the filters the query's words asked for ("free",
// "soir": query-intent.ts); then fewer words matched only with a typo or another word form; then
// where the words were found: the name or the needs (tier 3) above the summary (2) above the
// description or the category's keywords (1); freshness breaks the remaining ties, so a listing
// nobody confirmed for a long time sinks below its equals.
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

/** True when a and b differ by at most one insertion, deletion or substitution. */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) return a.slice(i + 1) === b.slice(i + 1);
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/** One typo for words of five letters or more (as Meilisearch), or another form of the word. */
const closeForm = (word: string, candidate: string) =>
  (word.length >= 5 && withinOneEdit(word, candidate)) || sameStem(word, candidate);

// Where a word was found. A posting packs slot and tier in one number: slot * 4 + tier.
const TIER = { name: 3, summary: 2, description: 1, category: 1 } as const;
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

interface Ranked {
  words: number;
  fuzzy: number;
  tiers: number;
}

export function createEmbeddedEngine(): SearchEngine {
  // Documents by slot; removed ones leave a hole until the next compaction.
  let slots: (SearchDocument | undefined)[] = [];
  let slotOf = new Map<string, number>();
  let holes = 0;
  let postings = new Map<string, number[]>();
  // Need terms of several words, by their words, with the documents that carry them.
  let needPhrases = new Map<string, { words: string[]; slots: number[] }>();
  let phrasesByWord = new Map<string, string[]>();
  // Indexed words by length (typo candidates) and by their first four letters (word forms),
  // so a query word's neighbours are found without walking the whole vocabulary.
  let byLength = new Map<number, Set<string>>();
  let byPrefix = new Map<string, Set<string>>();
  // The words of each category's names and keywords (every language), and its documents.
  let categoryWords = new Map<string, Set<string>>();
  const keywordTokens = new Map<string, Set<string>>();
  let slotsByCategory = new Map<string, number[]>();
  let slotsByTarget = new Map<string, number[]>();
  const cache = new Map<string, SearchResult>();

  const addToVocabulary = (word: string) => {
    let sameLength = byLength.get(word.length);
    if (!sameLength) byLength.set(word.length, (sameLength = new Set()));
    sameLength.add(word);
    if (word.length >= 4) {
      const prefix = word.slice(0, 4);
      let samePrefix = byPrefix.get(prefix);
      if (!samePrefix) byPrefix.set(prefix, (samePrefix = new Set()));
      samePrefix.add(word);
    }
  };

  /** Indexed words within one typo of the word, or other forms of it. */
  const neighbours = (word: string): Set<string> => {
    const found = new Set<string>();
    if (word.length >= 5) {
      for (const length of [word.length - 1, word.length, word.length + 1]) {
        for (const candidate of byLength.get(length) ?? []) {
          if (candidate !== word && withinOneEdit(word, candidate)) found.add(candidate);
        }
      }
    }
    if (word.length >= 4) {
      for (const candidate of byPrefix.get(word.slice(0, 4)) ?? []) {
        if (candidate !== word && sameStem(word, candidate)) found.add(candidate);
      }
    }
    return found;
  };

  function indexDocument(doc: SearchDocument) {
    const slot = slots.length;
    slots.push(doc);
    slotOf.set(doc.id, slot);
    // Each word once per document, at the best tier it appears in.
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
    // A need's names and terms, one per line: a one-word term ("dentist") is found as a name; a
    // longer one ("French after work") ranks as a name only when the query holds all its words
    // (needPhrases), each word alone being no more than the description ("work" is not a need
    // for French courses).
    for (const line of needTextOf(doc).split('\n')) {
      const words = needLineWords(line);
      if (words.length === 1) raise(words[0]!, TIER.name);
      else if (words.length > 1) {
        for (const word of words) raise(word, TIER.description);
        const key = words.join(' ');
        let phrase = needPhrases.get(key);
        if (!phrase) {
          needPhrases.set(key, (phrase = { words, slots: [] }));
          for (const word of words) {
            let keys = phrasesByWord.get(word);
            if (!keys) phrasesByWord.set(word, (keys = []));
            keys.push(key);
          }
        }
        if (phrase.slots[phrase.slots.length - 1] !== slot) phrase.slots.push(slot);
      }
    }
    for (const [word, tier] of best) {
      let list = postings.get(word);
      if (!list) {
        postings.set(word, (list = []));
        addToVocabulary(word);
      }
      list.push(slot * 4 + tier);
    }
  }

  function removeDocument(id: string) {
    const slot = slotOf.get(id);
    if (slot === undefined) return;
    slots[slot] = undefined;
    slotOf.delete(id);
    holes++;
  }

  function rebuild(docs: SearchDocument[]) {
    slots = [];
    slotOf = new Map();
    holes = 0;
    postings = new Map();
    needPhrases = new Map();
    phrasesByWord = new Map();
    byLength = new Map();
    byPrefix = new Map();
    for (const doc of docs) indexDocument(doc);
  }

  function afterChange() {
    // Holes cost a little at every search: past a quarter of the index, start afresh.
    if (holes > 1000 && holes > slots.length / 4)
      rebuild(slots.filter((d): d is SearchDocument => !!d));
    const words = new Map<string, Set<string>>();
    const byCategory = new Map<string, number[]>();
    const byTarget = new Map<string, number[]>();
    slots.forEach((doc, slot) => {
      if (!doc) return;
      let list = byCategory.get(doc.category);
      if (!list) {
        byCategory.set(doc.category, (list = []));
        // Every service of a category carries the same keywords: tokenized once per text.
        let tokens = keywordTokens.get(doc.keywords);
        if (!tokens) keywordTokens.set(doc.keywords, (tokens = new Set(tokenize(doc.keywords))));
        words.set(doc.category, tokens);
      }
      list.push(slot);
      if (doc.targetLanguage) {
        let taught = byTarget.get(doc.targetLanguage);
        if (!taught) byTarget.set(doc.targetLanguage, (taught = []));
        taught.push(slot);
      }
    });
    categoryWords = words;
    slotsByCategory = byCategory;
    slotsByTarget = byTarget;
    cache.clear();
  }

  /** The documents with this word, each with its best match quality (EXACT + tier, or tier). */
  function wordMatches(word: string): Map<number, number> {
    const quality = new Map<number, number>();
    const put = (slot: number, q: number) => {
      if (slots[slot] && (quality.get(slot) ?? -1) < q) quality.set(slot, q);
    };
    const scan = (indexed: string, exact: boolean) => {
      for (const posting of postings.get(indexed) ?? [])
        put(Math.floor(posting / 4), (exact ? EXACT : 0) + (posting % 4));
    };
    scan(word, true);
    for (const variant of neighbours(word)) scan(variant, false);

    // A word naming a language asks for courses of that language: they match it as by name, and
    // other languages' courses do not match it through their category's keywords ("cours de
    // français" is a keyword of every language course).
    const language = languageOfWord(word);
    for (const [category, words] of categoryWords) {
      const exact = words.has(word);
      if (!exact && ![...words].some((candidate) => closeForm(word, candidate))) continue;
      for (const slot of slotsByCategory.get(category) ?? []) {
        const taught = slots[slot]?.targetLanguage;
        if (language && taught && taught !== language.code) continue;
        put(slot, (exact ? EXACT : 0) + TIER.category);
      }
    }
    if (language) {
      for (const slot of slotsByTarget.get(language.code) ?? [])
        put(slot, (language.exact ? EXACT : 0) + TIER.name);
    }
    return quality;
  }

  /** Documents with at least one query word, ranked by words, typos and tiers (null: no text). */
  function textCandidates(q: string | undefined): Map<number, Ranked> | null {
    const words = queryWords(q ?? '');
    if (words.length === 0) return null;
    const perWord = new Map(words.map((word) => [word, wordMatches(word)]));
    // Need terms whose every word is in the query: their documents match those words as by name.
    const asked = new Set(words);
    const phrases = new Set(words.flatMap((word) => phrasesByWord.get(word) ?? []));
    for (const key of phrases) {
      const phrase = needPhrases.get(key)!;
      if (!phrase.words.every((word) => asked.has(word))) continue;
      for (const word of phrase.words) {
        const quality = perWord.get(word)!;
        for (const slot of phrase.slots) if (slots[slot]) quality.set(slot, EXACT + TIER.name);
      }
    }
    const ranked = new Map<number, Ranked>();
    for (const word of words) {
      for (const [slot, quality] of perWord.get(word)!) {
        let r = ranked.get(slot);
        if (!r) ranked.set(slot, (r = { words: 0, fuzzy: 0, tiers: 0 }));
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
      keywordTokens.clear();
      rebuild(docs);
      afterChange();
    },

    async upsert(docs) {
      for (const d of docs) {
        removeDocument(d.id);
        indexDocument(d);
      }
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
        ? [...text.keys()].map((slot) => slots[slot]!)
        : slots.filter((d): d is SearchDocument => !!d);
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
        // Computed once per hit, not at every comparison.
        const keys = new Map(
          hits.map((h) => {
            const r = text?.get(slotOf.get(h.document.id)!) ?? none;
            const preferred = tests.reduce((n, test) => n + (test(h.document) ? 1 : 0), 0);
            return [h, [r.words, preferred, -r.fuzzy, r.tiers, h.document.lastVerifiedAt]];
          }),
        );
        hits.sort((a, b) => {
          const ka = keys.get(a)!;
          const kb = keys.get(b)!;
          for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return kb[i]! - ka[i]!;
          return bySlug(a, b);
        });
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
