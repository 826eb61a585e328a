// The search port: what the app needs from a search engine. Two adapters implement it,
// meilisearch-engine.ts (production) and embedded-engine.ts (one process, no server), and one
// contract test suite (test/search/engine-contract.test.ts) holds both to it.
import type { SearchDocument } from './search-document';
import { DAY_MS } from '../models/vocabulary';

export const FACETS = [
  'category',
  'cost',
  'day',
  'time',
  'weekend',
  'level',
  'language',
  'district',
  'eligibility',
  'delivery',
  'access',
  'childcare',
] as const;
export type FacetName = (typeof FACETS)[number];

export interface SearchFilters {
  category?: string[];
  /** One organisation's services (its id). Not a facet: no counts are kept for it. */
  organisation?: string;
  /** The one service with this slug (service pages find published services by slug). */
  slug?: string;
  free?: boolean;
  maxCost?: number;
  days?: string[];
  times?: string[];
  weekend?: boolean;
  /** Only services with a course session starting within this many weeks. */
  startsWithinWeeks?: number;
  levels?: string[];
  languages?: string[];
  districts?: string[];
  near?: { lat: number; lng: number; radiusKm: number };
  eligibility?: string[];
  delivery?: string[];
  access?: string[];
  childcare?: boolean;
}

export interface SearchQuery {
  q?: string;
  filters: SearchFilters;
  /** Filters the query's words asked for ("free", "soir"…): results that satisfy them rank
   * first under relevance; nothing is removed (see query-intent.ts). */
  prefer?: SearchFilters;
  /** `name`: by slug, as the database sorts it (byte order), for browsing listings. */
  sort: 'relevance' | 'soonest' | 'nearest' | 'name';
  /** Reference point for `nearest` (defaults to filters.near). */
  origin?: { lat: number; lng: number };
  page: number;
  pageSize: number;
  /** "Now" for startsWithin, in ms; passed in so results are reproducible. */
  now: number;
}

export interface SearchHit {
  document: SearchDocument;
  /** Kilometres from the origin, when one was given. */
  distanceKm?: number;
}

export interface SearchResult {
  total: number;
  hits: SearchHit[];
  /** For each facet, how many results each value would give with the other filters kept. */
  facets: Record<FacetName, Record<string, number>>;
}

/** Documents for a rebuild: a list, or batches streamed from the database. */
export type DocumentBatches = SearchDocument[] | AsyncIterable<SearchDocument[]>;

/** The batches of a rebuild's documents, whichever form they came in. */
export async function* asBatches(documents: DocumentBatches): AsyncGenerator<SearchDocument[]> {
  if (Array.isArray(documents)) yield documents;
  else yield* documents;
}

export interface SearchEngine {
  readonly name: 'embedded' | 'meilisearch';
  /** Applies settings (idempotent) and connects; call once at start-up. */
  init(): Promise<void>;
  /** Replaces the whole index with these documents (a list, or batches read one at a time). */
  replaceAll(documents: DocumentBatches): Promise<void>;
  /** Adds or replaces documents; resolves once they are searchable. */
  upsert(documents: SearchDocument[]): Promise<void>;
  remove(ids: string[]): Promise<void>;
  search(query: SearchQuery): Promise<SearchResult>;
  isHealthy(): Promise<boolean>;
  /** Engines whose index outlives the process (Meilisearch) say what it holds, so start-up can
   * tell whether it must be rebuilt (index-sync.ts); without it, the index is rebuilt at start. */
  indexState?(): Promise<IndexState>;
}

export interface IndexState {
  /** Names the index, e.g. "meilisearch:services". */
  key: string;
  /** When the engine created the index: another value means another (e.g. emptied) index. */
  createdAt: string;
  documents: number;
  /** Changes with the shape of the engine's documents. */
  documentVersion: string;
}

/** Thrown by adapters when the engine cannot be reached: callers fall back or retry later. */
export class SearchUnavailableError extends Error {
  override name = 'SearchUnavailableError';
}

export const WEEK_MS = 7 * DAY_MS;
export const WEEKEND_DAYS = ['sat', 'sun'];

/** Great-circle distance in km (haversine). */
export function distanceKm(
  a: { lat: number; lng: number },
  b: { lat: number; lng: number },
): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
}

/** Freshness in (0, 1]: 1 when verified today, 0.5 after six months. */
export function freshness(lastVerifiedAt: number, now: number): number {
  const days = Math.max(0, (now - lastVerifiedAt) / DAY_MS);
  return 1 / (1 + days / 180);
}
