// Probes: /healthz says the process lives; /readyz follows the database, here a FerretDB process
// of this test's own that it stops and starts again.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import type { EmbeddedDatabase } from '../../server/database/embedded-ferretdb';
import { startEmbeddedDatabase } from '../../server/database/embedded-ferretdb';
import { h1 } from '../support/html';
import type { TestApp } from '../support/test-app';
import { createTestApp } from '../support/test-app';

let dataDir: string;
let database: EmbeddedDatabase;
let t: TestApp;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'onestop-readyz-'));
  database = await startEmbeddedDatabase({ dataDir });
  t = await createTestApp({ uri: database.uri, seed: true });
});
afterAll(async () => {
  await t.connection.close().catch(() => undefined);
  await database.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

it('reports ready while the database answers, 503 when it is stopped, ready again after', async () => {
  const ready = await request(t.app).get('/readyz');
  expect(ready.status).toBe(200);
  expect(ready.body).toEqual({ status: 'ok', database: true });

  const address = new URL(database.uri).host;
  await database.stop();

  const down = await request(t.app).get('/readyz');
  expect(down.status).toBe(503);
  expect(down.body).toEqual({ status: 'unavailable', database: false });
  // The process itself is alive.
  expect((await request(t.app).get('/healthz')).status).toBe(200);
  // Pages say "try again" in the visitor's language instead of failing with 500.
  const page = await request(t.app).get('/en/categories/housing');
  expect(page.status).toBe(503);
  expect(h1(page.text)).toBe('Temporarily unavailable');

  // Same address and files: the driver reconnects by itself.
  database = await startEmbeddedDatabase({ dataDir, listen: address });
  let status = 0;
  for (let i = 0; i < 40 && status !== 200; i++) {
    status = (await request(t.app).get('/readyz')).status;
    if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 250));
  }
  expect(status).toBe(200);
  expect((await request(t.app).get('/en/categories/housing')).status).toBe(200);
});
