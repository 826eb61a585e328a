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
  // Words of each category's names and keywords (all languages): a query made of them names
  // the kind of service wanted, and that category's services rank first.
  let categoryWords = new Map<string, Set<string>>();
  let idsByCategory = new Map<string, string[]>();
  const rebuildCategoryWords = () => {
    categoryWords = new Map();
    idsByCategory = new Map();
    for (const doc of documents.values()) {
      if (!categoryWords.has(doc.category)) {
        categoryWords.set(doc.category, new Set(tokenize(doc.keywords)));
      }
      idsByCategory.set(doc.category, [...(idsByCategory.get(doc.category) ?? []), doc.id]);
    }
  };
  const namedCategories = (words: string[]) =>
    new Set(
      [...categoryWords]
        .filter(([, vocabulary]) =>
          words.every(
            (word) =>
              vocabulary.has(word) ||
              (word.length >= 5 && [...vocabulary].some((v) => withinOneEdit(word, v))),
          ),
        )
        .map(([category]) => category),
    );
  let textIndex: TextIndex = newTextIndex();
  const cache = new Map<string, SearchResult>();

  function newTextIndex(): TextIndex {
    return create({
      schema: TEXT_SCHEMA,
      components: {
        tokenizer: {
          language: 'universal',
          normalizationCache: new Map(),
          tokenize: (raw: string) => tokenize(raw),
        },
      },
    }) as TextIndex;
  }

  async function indexText(docs: SearchDocument[]) {
    await insertMultiple(
      textIndex,
      docs.map((d) => ({ id: d.id, title: d.title, body: d.body })),
      1000,
    );
  }

  async function removeText(ids: string[]) {
    for (const id of ids) if (documents.has(id)) await removeDocument(textIndex, id);
  }

  /**
   * Scores of the documents containing a word. Calls Orama's index directly: its search()
   * would also fetch and sort every matching document, which for a common word at 10,000
   * services cost more than everything else on the page.
   */
  function matchesFor(word: string, tolerance: number, prefix: boolean): Map<string, number> {
    const pairs = textIndex.index.search(
      textIndex.data.index,
      word,
      textIndex.tokenizer,
      undefined,
      ['title', 'body'],
      !prefix,
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
   * Documents with this word: in their own text (the last word of the query also as a prefix,
   * for words still being typed), with one typo for words of five letters or more (as
   * Meilisearch does), or in their category's names and keywords. Orama 3.1's fuzzy search can
   * miss exact matches, so exact and fuzzy are run and merged; typo-only matches count half.
   */
  function wordMatches(word: string, last: boolean): Map<string, number> {
    const matches = matchesFor(word, 0, last);
    if (word.length >= 5) {
      for (const [id, score] of matchesFor(word, 1, true)) {
        if (!matches.has(id)) matches.set(id, score / 2);
      }
    }
    for (const [category, vocabulary] of categoryWords) {
      if (
        !vocabulary.has(word) &&
        !(word.length >= 5 && [...vocabulary].some((v) => withinOneEdit(word, v)))
      )
        continue;
      for (const id of idsByCategory.get(category) ?? []) if (!matches.has(id)) matches.set(id, 1);
    }
    return matches;
  }

  /** Text matches with their scores; null (every document) without a query. */
  async function textCandidates(q: string | undefined): Promise<Map<string, number> | null> {
    const words = [...new Set(tokenize(q ?? ''))];
    if (words.length === 0) return null;
    // One search per word, then intersect: documents with every word, scores added. (Orama's
    // own all-words mode miscounts when one word matches several spellings with a typo.)
    const perWord = words.map((word, i) => wordMatches(word, i === words.length - 1));
    const all = new Map<string, number>();
    const any = new Map<string, number>();
    for (const [id] of perWord[0]!) {
      if (perWord.every((scores) => scores.has(id))) {
        all.set(
          id,
          perWord.reduce((sum, scores) => sum + scores.get(id)!, 0),
        );
      }
    }
    if (all.size > 0 || perWord.length === 1) return all;
    // No document has every word: fall back to any word (like Meilisearch dropping words).
    for (const scores of perWord)
      for (const [id, score] of scores) any.set(id, (any.get(id) ?? 0) + score);
    return any;
  }

  return {
    name: 'embedded',

    async init() {},

    async replaceAll(docs) {
      documents = new Map(docs.map((d) => [d.id, d]));
      rebuildCategoryWords();
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

      const scores = await textCandidates(query.q?.trim());
      const candidates = scores
        ? [...scores.keys()].map((id) => documents.get(id)).filter((d): d is SearchDocument => !!d)
        : [...documents.values()];
      const { matched, facets } = compileFilters(query.filters, query.now).apply(candidates);

      const origin = query.origin ?? query.filters.near;
      const hits: SearchHit[] = matched.map((document) => ({
        document,
        ...(origin && document.geo ? { distanceKm: distanceKm(origin, document.geo) } : {}),
      }));
      const named = scores
        ? namedCategories([...new Set(tokenize(query.q ?? ''))])
        : new Set<string>();
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
        hits.sort((a, b) => rank(b.document) - rank(a.document) || bySlug(a, b));
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
