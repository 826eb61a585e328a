// npm run bench:relevance — how often the service a front-desk worker expects comes first, per
// language: success@3, MRR and nDCG@5 over test/relevance/queries.tsv, on the demo directory.
// Runs the embedded engine, and Meilisearch too when MEILI_URL (and MEILI_KEY) are set.
// Prints figures; `--misses` also lists the queries whose expected service is not in the top 3.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { connectDatabase } from '../server/database/connect-database';
import { startEmbeddedDatabase } from '../server/database/embedded-ferretdb';
import { createLogger } from '../server/logger';
import { createModels, syncIndexes } from '../server/models';
import { createEmbeddedEngine } from '../server/search/embedded-engine';
import { loadSearchDocuments } from '../server/search/load-search-documents';
import { createMeilisearchEngine } from '../server/search/meilisearch-engine';
import type { SearchEngine } from '../server/search/search-engine';
import { seedDirectory } from '../seed/seed-directory';
import {
  formatTable,
  readJudgedQueries,
  runJudgedQueries,
  scoresByLanguage,
} from './bench/relevance';

const out = (line: string) => process.stdout.write(`${line}\n`);

async function main() {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'onestop-relevance-'));
  const database = await startEmbeddedDatabase({ dataDir });
  const logger = createLogger('silent');
  const connection = await connectDatabase(database.uri, { dbName: 'relevance', logger });
  try {
    const models = createModels(connection, { localLanguage: 'fr' });
    await syncIndexes(models);
    const now = new Date();
    await seedDirectory(models, { now });
    const documents = await loadSearchDocuments(models, {}, now);
    const queries = readJudgedQueries();
    out(`${queries.length} judged queries, ${documents.length} demo services\n`);

    const engines: [string, () => SearchEngine][] = [['embedded', () => createEmbeddedEngine()]];
    if (process.env.MEILI_URL) {
      engines.push([
        'meilisearch',
        () =>
          createMeilisearchEngine({
            url: process.env.MEILI_URL!,
            key: process.env.MEILI_KEY,
            indexName: `relevance_${randomBytes(4).toString('hex')}`,
          }),
      ]);
    }
    for (const [name, make] of engines) {
      const engine = make();
      await engine.init();
      await engine.replaceAll(documents);
      const results = await runJudgedQueries(engine, queries, now.getTime());
      out(formatTable(name, scoresByLanguage(results)));
      if (process.argv.includes('--misses')) {
        for (const r of results.filter((r) => r.rank === null || r.rank > 3)) {
          out(
            `  miss ${r.lang} "${r.q}": rank ${r.rank ?? '-'}; top ${r.top.slice(0, 3).join(', ')}`,
          );
        }
      }
      out('');
    }
  } finally {
    await connection.close();
    await database.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
