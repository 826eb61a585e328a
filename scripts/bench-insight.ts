// npm run bench:insight — what recording a search for the coordinators' insight costs, printed,
// never asserted: N record() calls (the work added to every search page and API answer: a key
// built from the validated parameters and a Map increment), N repeats of cached pages, and how
// many database writes one flush of them makes (batching). The database is a counting stand-in:
// the writes happen every few seconds off the request's path; only their number matters here.
// Options: --calls N (200000).
import { performance } from 'node:perf_hooks';
import { createInsightRecorder } from '../server/features/insight/insight-recorder';
import { searchQuery } from '../server/search/search-query';
import { createLogger } from '../server/logger';
import type { Models } from '../server/models';
import { numberArg } from './bench/args';

const calls = numberArg('calls', 200_000);
let writes = 0;
const models = {
  UsageCount: { updateOne: async () => void (writes += 1) },
  Need: { find: () => ({ lean: async () => [] }) },
} as unknown as Models;

const QUERIES = [
  { q: 'cours de français', cost: 'free', time: 'evening' },
  { q: 'logement', category: 'housing' },
  { q: 'курси французької', level: ['A1', 'A2'] },
  { q: 'دورة لغة فرنسية', language: 'ar' },
  { category: ['language-course', 'education'], district: 'Centre' },
  { q: 'qzvkw' },
].map((raw) => searchQuery.parse(raw));

const recorder = createInsightRecorder({
  models,
  logger: createLogger('silent'),
  enabled: true,
  flushEveryMs: 3_600_000,
  maxPending: 1_000_000,
});

function time(label: string, run: (i: number) => void): void {
  for (let i = 0; i < 10_000; i++) run(i); // warm-up
  const started = performance.now();
  for (let i = 0; i < calls; i++) run(i);
  const ms = performance.now() - started;
  process.stdout.write(
    `${label}: ${calls} calls in ${ms.toFixed(0)} ms = ${((ms / calls) * 1000).toFixed(2)} µs per search\n`,
  );
}

async function main() {
  const langs = ['fr', 'ar', 'uk', 'en'];
  time('record a search (engine answered)', (i) =>
    recorder.search(
      { lang: langs[i % 4]!, params: QUERIES[i % QUERIES.length]!, total: i % 7 === 0 ? 0 : 12 },
      `/${langs[i % 4]}/search?n=${i % QUERIES.length}`,
    ),
  );
  time('record a cached search page', (i) =>
    recorder.searchAgain(`/${langs[i % 4]}/search?n=${i % QUERIES.length}`),
  );
  const flushStarted = performance.now();
  await recorder.flush();
  process.stdout.write(
    `flush: ${2 * calls + 20_000} searches → ${writes} database writes (${(performance.now() - flushStarted).toFixed(1)} ms)\n`,
  );
  await recorder.stop();
}

void main();
