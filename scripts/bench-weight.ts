// npm run bench:weight — bytes transferred (gzip) for the pages a newcomer opens first, in the
// local language and in Arabic: the HTML and, for a first visit, the stylesheet. Printed only.
import { get } from 'node:http';
import { gunzipSync } from 'node:zlib';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createApp } from '../server/app';
import { loadConfig } from '../server/config';
import { isDatabaseReachable } from '../server/database/connect-database';
import { openDatabase } from '../server/database/open-database';
import { createI18n } from '../server/i18n/create-i18n';
import { createLogger } from '../server/logger';
import { createEmbeddedEngine } from '../server/search/embedded-engine';
import { createIndexer } from '../server/search/indexer';
import { createServices } from '../server/services';
import { seedDirectory } from '../seed/seed-directory';
import { createSessionStore } from '../server/web/sessions';

function gzippedSize(url: string): Promise<{ status: number; bytes: number; body: string }> {
  return new Promise((resolve, reject) => {
    get(url, { headers: { 'Accept-Encoding': 'gzip' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const raw = Buffer.concat(chunks);
        const body =
          res.headers['content-encoding'] === 'gzip' ? gunzipSync(raw).toString() : raw.toString();
        resolve({ status: res.statusCode ?? 0, bytes: raw.length, body });
      });
    }).on('error', reject);
  });
}

async function main() {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'onestop-weight-'));
  const config = loadConfig({
    NODE_ENV: 'production',
    SESSION_SECRET: 'w'.repeat(40),
    LOG_LEVEL: 'silent',
    DATA_DIR: dataDir,
  });
  const logger = createLogger('silent');
  const database = await openDatabase(config, logger);
  try {
    await seedDirectory(database.models);
    const engine = createEmbeddedEngine();
    const indexer = createIndexer({ models: database.models, engine, logger });
    await indexer.reindexAll();
    const app = createApp({
      config,
      logger,
      i18n: createI18n(config),
      services: createServices({
        models: database.models,
        config,
        engine,
        indexer,
        i18n: createI18n(config),
        logger,
      }),
      sessionStore: createSessionStore(database.connection),
      isDatabaseReachable: () => isDatabaseReachable(database.connection),
    });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const service = (await database.models.Service.findOne({ category: 'language-course' }).lean())!
      .slug;

    const out = (line: string) => process.stdout.write(`${line}\n`);
    out(
      `${'page'.padEnd(44)} ${'HTML gz'.padStart(8)} ${'+ CSS gz'.padStart(9)} ${'first visit'.padStart(12)}`,
    );
    for (const lang of ['fr', 'ar']) {
      for (const [name, url] of [
        ['home', `/${lang}`],
        ['search, 20 results, filters', `/${lang}/search?q=cours&cost=free`],
        ['search, no words (all filters)', `/${lang}/search`],
        ['service detail (course)', `/${lang}/services/${service}`],
      ] as const) {
        const page = await gzippedSize(`${base}${url}`);
        const css = /href="(\/assets\/css\/[^"]+)"/.exec(page.body)?.[1];
        const style = css ? await gzippedSize(`${base}${css}`) : { bytes: 0 };
        out(
          `${`${lang} ${name}`.padEnd(44)} ${(page.bytes / 1024).toFixed(1).padStart(6)} KB ${(style.bytes / 1024).toFixed(1).padStart(6)} KB ${((page.bytes + style.bytes) / 1024).toFixed(1).padStart(9)} KB${page.status === 200 ? '' : ` (status ${page.status})`}`,
        );
      }
    }
    out('\nNo images, web fonts or scripts are loaded on these pages.');
    server.close();
  } finally {
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
