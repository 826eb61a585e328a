// Starts one embedded FerretDB for the test run (building it first if needed); each test file
// then uses its own database on it. Workers read the address from TEST_MONGODB_URI. The demo
// directory is seeded once per run, by the first test file that needs it (demo-template.ts).
// With MEILI_BIN (the Meilisearch binary; .ci/run sets it), also starts one real Meilisearch on a
// free port with a temporary database and a random master key, and hands MEILI_URL and
// MEILI_KEY to the workers: the Meilisearch cases run; without it they are reported as skipped.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmbeddedDatabase } from '../../server/database/embedded-ferretdb';
import type { EmbeddedDatabase } from '../../server/database/embedded-ferretdb';
import type { MeilisearchServer } from '../../scripts/meilisearch-server';
import { startMeilisearch } from '../../scripts/meilisearch-server';

declare global {
  var __ONESTOP_TEST_DB__: EmbeddedDatabase | undefined;
  var __ONESTOP_TEST_MEILI__: MeilisearchServer | undefined;
}

export default async function globalSetup(): Promise<void> {
  // This run's demo template (test/support/demo-template.ts): a new folder, so no template of
  // an earlier run (perhaps of another demo) is ever read.
  process.env.TEST_TEMPLATE_DIR = mkdtempSync(path.join(tmpdir(), 'onestop-test-templates-'));
  if (process.env.MEILI_BIN && !process.env.MEILI_URL) {
    const meili = await startMeilisearch({ bin: process.env.MEILI_BIN });
    globalThis.__ONESTOP_TEST_MEILI__ = meili;
    process.env.MEILI_URL = meili.url;
    process.env.MEILI_KEY = meili.masterKey;
  }
  if (process.env.TEST_MONGODB_URI) return; // an external MongoDB was given
  const dataDir = mkdtempSync(path.join(tmpdir(), 'onestop-test-'));
  const database = await startEmbeddedDatabase({ dataDir, startTimeoutMs: 60_000 });
  globalThis.__ONESTOP_TEST_DB__ = database;
  process.env.TEST_MONGODB_URI = database.uri;
  process.env.TEST_DATA_DIR = dataDir;
}
