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

/** Issue #6: a search page with 20 results is at most 50 KB transferred (gzip). */
const TARGET_BYTES = 50 * 1024;
const FULL_PAGE_ROW = 'search, 20 results, filters';
const kb = (bytes: number) => (bytes / 1024).toFixed(1);
/** Result cards on a search page (partials/service-card.hbs). */
const resultCards = (html: string) => (html.match(/<li class="card">/g) ?? []).length;

/** What else a page could make the phone download, beyond its HTML and stylesheet. */
const EXTRA_DOWNLOADS: [string, RegExp][] = [
  ['images', /<img\b|<picture\b/i],
  ['scripts', /<script\b[^>]*\bsrc=/i],
  ['web fonts', /@font-face|\.woff2?\b|fonts\.googleapis/i],
];

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
      `${'page'.padEnd(44)} ${'HTML gz'.padStart(8)} ${'+ CSS gz'.padStart(9)} ${'first visit'.padStart(12)} ${'results'.padStart(8)}`,
    );
    const verdicts: string[] = [];
    const extras = new Set<string>();
    for (const lang of ['fr', 'ar']) {
      for (const [name, url] of [
        ['home', `/${lang}`],
        // Free services given in Arabic: 41 in the demo directory, so the first page is full.
        [FULL_PAGE_ROW, `/${lang}/search?language=ar&cost=free`],
        ['search, words and filters', `/${lang}/search?q=cours&cost=free`],
        ['search, no words (all filters)', `/${lang}/search`],
        ['service detail (course)', `/${lang}/services/${service}`],
      ] as const) {
        const page = await gzippedSize(`${base}${url}`);
        const css = /href="(\/assets\/css\/[^"]+)"/.exec(page.body)?.[1];
        const style = css ? await gzippedSize(`${base}${css}`) : { bytes: 0 };
        const firstVisit = page.bytes + style.bytes;
        for (const [what, pattern] of EXTRA_DOWNLOADS)
          if (pattern.test(page.body)) extras.add(`${what} on ${lang} ${name}`);
        const results = url.includes('/search') ? String(resultCards(page.body)) : '';
        out(
          `${`${lang} ${name}`.padEnd(44)} ${kb(page.bytes).padStart(6)} KB ${kb(style.bytes).padStart(6)} KB ${kb(firstVisit).padStart(9)} KB ${results.padStart(8)}${page.status === 200 ? '' : ` (status ${page.status})`}`,
        );
        if (name === FULL_PAGE_ROW) {
          const cards = resultCards(page.body);
          const met = cards >= 20 && firstVisit <= TARGET_BYTES;
          verdicts.push(
            `${lang}: ${kb(firstVisit)} KB for ${cards} results (HTML + CSS, first visit), target ≤ ${TARGET_BYTES / 1024} KB with 20 results: ${met ? 'met' : 'NOT met'}${cards < 20 ? ` (only ${cards} results)` : ''}`,
          );
        }
      }
    }
    out('\nTarget: a search page with 20 results ≤ 50 KB transferred (gzip).');
    for (const verdict of verdicts) out(`  ${verdict}`);
    out(
      extras.size === 0
        ? 'No images, web fonts or external scripts are loaded on these pages.'
        : `Also loaded: ${[...extras].join('; ')}.`,
    );
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
