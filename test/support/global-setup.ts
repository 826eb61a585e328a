// Starts one embedded FerretDB for the test run (building it first if needed); each test file
// then uses its own database on it. Workers read the address from TEST_MONGODB_URI.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmbeddedDatabase } from '../../server/database/embedded-ferretdb';
import type { EmbeddedDatabase } from '../../server/database/embedded-ferretdb';

declare global {
  var __ONESTOP_TEST_DB__: EmbeddedDatabase | undefined;
}

export default async function globalSetup(): Promise<void> {
  if (process.env.TEST_MONGODB_URI) return; // an external MongoDB was given
  const dataDir = mkdtempSync(path.join(tmpdir(), 'onestop-test-'));
  const database = await startEmbeddedDatabase({ dataDir, startTimeoutMs: 60_000 });
  globalThis.__ONESTOP_TEST_DB__ = database;
  process.env.TEST_MONGODB_URI = database.uri;
  process.env.TEST_DATA_DIR = dataDir;
}
