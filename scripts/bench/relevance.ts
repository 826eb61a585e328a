// Judged relevance, shared by `npm run bench:relevance` (prints figures) and
// test/relevance/relevance.test.ts (holds the floor): every query of test/relevance/queries.tsv
// goes through the search page's own path (schema, filter words, engine query) and is scored on
// the slugs a front-desk worker would accept.
import { readFileSync } from 'node:fs';
import { SHIPPED_LANGUAGES } from '../../server/config';
import { searchQuery, toEngineQuery } from '../../server/search/search-query';
import { projectPath } from '../../server/paths';
import type { SearchEngine } from '../../server/search/search-engine';

export const SHIPPED = SHIPPED_LANGUAGES;

export interface JudgedQuery {
  lang: string;
  q: string;
  accepted: string[];
}

export function readJudgedQueries(file = projectPath('test/relevance/queries.tsv')): JudgedQuery[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() && !line.startsWith('#'))
    .map((line) => {
      const [lang, q, accepted] = line.split('\t');
      if (!lang || !q || !accepted) throw new Error(`queries.tsv: bad line "${line}"`);
      return { lang, q, accepted: accepted.trim().split(/\s+/) };
    });
}

export interface Scores {
  queries: number;
  successAt3: number;
  mrr: number;
  ndcgAt5: number;
}

export interface QueryResult extends JudgedQuery {
  /** 1-based rank of the first accepted service; null when none is on the first page. */
  rank: number | null;
  top: string[];
}

/** Slugs of the first result page for a query typed in the search box. */
export async function firstPage(engine: SearchEngine, q: string, now: number): Promise<string[]> {
  const params = searchQuery.parse({ q });
  const result = await engine.search(toEngineQuery(params, now));
  return result.hits.map((hit) => hit.document.slug);
}

export async function runJudgedQueries(
  engine: SearchEngine,
  queries: JudgedQuery[],
  now: number,
): Promise<QueryResult[]> {
  const results: QueryResult[] = [];
  for (const query of queries) {
    const top = await firstPage(engine, query.q, now);
    const index = top.findIndex((slug) => query.accepted.includes(slug));
    results.push({ ...query, rank: index >= 0 ? index + 1 : null, top });
  }
  return results;
}

function ndcgAt5(result: QueryResult): number {
  const gain = (i: number) => 1 / Math.log2(i + 2);
  let dcg = 0;
  result.top.slice(0, 5).forEach((slug, i) => {
    if (result.accepted.includes(slug)) dcg += gain(i);
  });
  let ideal = 0;
  for (let i = 0; i < Math.min(5, result.accepted.length); i++) ideal += gain(i);
  return dcg / ideal;
}

export function score(results: QueryResult[]): Scores {
  const n = results.length || 1;
  return {
    queries: results.length,
    successAt3: results.filter((r) => r.rank !== null && r.rank <= 3).length / n,
    mrr: results.reduce((sum, r) => sum + (r.rank ? 1 / r.rank : 0), 0) / n,
    ndcgAt5: results.reduce((sum, r) => sum + ndcgAt5(r), 0) / n,
  };
}

/** Scores per language (in the shipped order) and overall. */
export function scoresByLanguage(results: QueryResult[]): Map<string, Scores> {
  const table = new Map<string, Scores>();
  for (const lang of SHIPPED) {
    const own = results.filter((r) => r.lang === lang);
    if (own.length) table.set(lang, score(own));
  }
  table.set('all', score(results));
  return table;
}

export function formatTable(engineName: string, table: Map<string, Scores>): string {
  const lines = [
    `${engineName}`,
    `${'lang'.padEnd(5)} ${'n'.padStart(4)} ${'s@3'.padStart(6)} ${'MRR'.padStart(6)} ${'nDCG@5'.padStart(7)}`,
  ];
  for (const [lang, s] of table) {
    lines.push(
      `${lang.padEnd(5)} ${String(s.queries).padStart(4)} ${s.successAt3.toFixed(2).padStart(6)} ${s.mrr.toFixed(2).padStart(6)} ${s.ndcgAt5.toFixed(2).padStart(7)}`,
    );
  }
  return lines.join('\n');
}
