// The embedded search engine: in-process, for a single instance without Meilisearch. Orama does
// the text part (typo-tolerant BM25 over our tokenizer); filters, facet counts and sorting run
// over the matching documents in plain code (filter-evaluation.ts), which at 10,000 services is
// cheaper than asking the library for each facet. Rebuilt from the database at start-up.
import {
  create,
  insertMultiple,
  remove as removeDocument,
  search as searchText,
} from '@orama/orama';
import type { Orama } from '@orama/orama';
import { compileFilters } from './filter-evaluation';
import type { SearchDocument } from './search-document';
import type { SearchEngine, SearchHit, SearchQuery, SearchResult } from './search-engine';
import { distanceKm, freshness } from './search-engine';
import { tokenize } from './search-tokenizer';

const TEXT_SCHEMA = { id: 'string', title: 'string', body: 'string' } as const;
type TextIndex = Orama<typeof TEXT_SCHEMA>;

// Result pages repeat (the same popular searches, page reloads); a small cache cleared on every
// index change answers them without recomputing.
const CACHE_SIZE = 200;

export function createEmbeddedEngine(): SearchEngine {
  let documents = new Map<string, SearchDocument>();
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

  /** Text matches with their scores; all documents (score 0) without a query. */
  async function textCandidates(q: string | undefined): Promise<Map<string, number> | null> {
    if (!q || tokenize(q).length === 0) return null;
    const longest = Math.max(...tokenize(q).map((t) => t.length));
    const run = async (threshold: number) => {
      const result = await searchText(textIndex, {
        term: q,
        properties: ['title', 'body'],
        boost: { title: 2 },
        // One typo for words of five letters or more, as Meilisearch does.
        tolerance: longest >= 5 ? 1 : 0,
        threshold,
        limit: documents.size || 1,
      });
      return new Map(result.hits.map((hit) => [hit.id, hit.score]));
    };
    // Prefer documents with every word; if none, any word (like Meilisearch dropping words).
    const all = await run(0);
    return all.size > 0 ? all : run(1);
  }

  return {
    name: 'embedded',

    async init() {},

    async replaceAll(docs) {
      documents = new Map(docs.map((d) => [d.id, d]));
      textIndex = newTextIndex();
      await indexText(docs);
      cache.clear();
    },

    async upsert(docs) {
      await removeText(docs.map((d) => d.id));
      for (const d of docs) documents.set(d.id, d);
      await indexText(docs);
      cache.clear();
    },

    async remove(ids) {
      await removeText(ids);
      for (const id of ids) documents.delete(id);
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
      const rank = (d: SearchDocument) =>
        (scores?.get(d.id) ?? 1) * (0.6 + 0.4 * freshness(d.lastVerifiedAt, query.now));
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
