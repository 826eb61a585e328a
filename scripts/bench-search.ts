// npm run bench:search — search speed on the 2-core machine, printed, never asserted.
// Writes a directory of 10,000 services in one child process, starts the app on it in another
// (scripts/bench/search-server.ts), then drives a bare Express route and the search page with autocannon from this process.
// Options: --services N (10000), --seconds S per scenario (10), --connections C (32),
// --engine embedded|meilisearch (embedded; meilisearch needs MEILI_URL [+ MEILI_KEY], or MEILI_BIN
// to start a Meilisearch of its own for the run).
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { numberArg } from './bench/args';

const services = numberArg('services', 10_000);
const seconds = numberArg('seconds', 10);
const connections = numberArg('connections', 32);
const engineArg = process.argv.indexOf('--engine');
const engineName = engineArg > 0 ? process.argv[engineArg + 1] : 'embedded';
if (engineName !== 'embedded' && engineName !== 'meilisearch') {
  process.stderr.write('--engine is embedded or meilisearch\n');
  process.exit(2);
}
if (engineName === 'meilisearch' && !process.env.MEILI_URL && !process.env.MEILI_BIN) {
  process.stderr.write('--engine meilisearch needs MEILI_URL (and MEILI_KEY) or MEILI_BIN\n');
  process.exit(2);
}

const WORDS = [
  'cours',
  'logement',
  'interprete',
  'sante',
  'travail',
  'dettes',
  'enfants',
  'ordinateur',
  'avocat',
  'housing',
  'курси',
  'житло',
  'دورة',
  'سكن',
  'français',
  'permis',
];

const SCENARIOS: [string, string][] = [
  ['search: text only', '/fr/search?q=cours+de+fran%C3%A7ais'],
  ['search: 3 filters', '/fr/search?category=language-course&cost=free&time=evening'],
  ['search: facets only (no text)', '/en/search'],
  ['search: text + filters, page 5', '/fr/search?q=logement&cost=free&page=5'],
  ['search: Arabic text + level', '/ar/search?q=%D8%AF%D9%88%D8%B1%D8%A9&level=A2'],
];

async function run(url: string, varied = false) {
  let n = 0;
  const result = await autocannon({
    // (setupRequest is typed loosely by @types/autocannon)
    url,
    connections,
    duration: seconds,
    // Varied: a different word each time, so neither the page cache nor the engine's result
    // cache can answer: what a first-time search costs.
    ...(varied
      ? {
          requests: [
            {
              setupRequest: (request: { path: string }) => ({
                ...request,
                path: `${request.path}${encodeURIComponent(WORDS[n++ % WORDS.length]!)}&v=${n}`,
              }),
            },
          ],
        }
      : {}),
  } as autocannon.Options);
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx + result.timeouts,
  };
}

const ROOT = path.join(__dirname, '..');

/** The V8 heap limit the Docker image gives the app (its NODE_OPTIONS), so the bench runs it so. */
function imageHeapFlag(): string[] {
  const match = /--max-old-space-size=(\d+)/.exec(
    readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8'),
  );
  return match ? [match[0]] : [];
}

/**
 * search-server.ts compiled, in a child process, as production runs the app (`npm start` runs
 * dist/, not TypeScript through tsx, which alone holds ~45 MiB more); resolves with the first
 * JSON line it prints.
 */
function startServer(env: Record<string, string>) {
  // --expose-gc: only the last figure (after a full collection) calls it.
  const child = spawn(
    process.execPath,
    ['--expose-gc', ...imageHeapFlag(), path.join(ROOT, 'dist/scripts/bench/search-server.js')],
    {
      env: { ...process.env, BENCH_SERVICES: String(services), BENCH_ENGINE: engineName, ...env },
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const line = new Promise<Record<string, number>>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', (text) => resolve(JSON.parse(text)));
    child.once('exit', (code) => reject(new Error(`bench server exited (${code})`)));
  });
  return { child, line };
}

async function main() {
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
  // The directory is written by one process, the app started on it by another (search-server.ts).
  const dataDir = mkdtempSync(path.join(tmpdir(), 'onestop-bench-'));
  const loader = startServer({ BENCH_PHASE: 'load', BENCH_DATA_DIR: dataDir });
  await loader.line;
  await new Promise((resolve) => loader.child.once('exit', resolve));
  const { child, line } = startServer({ BENCH_DATA_DIR: dataDir });
  const ready = await line;
  const base = `http://127.0.0.1:${ready.port}`;
  const out = (line: string) => process.stdout.write(`${line}\n`);
  out(
    `engine: ${engineName}; services indexed: ${ready.services}; reindex from the database: ${(ready.reindexMs! / 1000).toFixed(2)} s`,
  );
  out(
    `RSS after start: ${ready.rssMiB!.toFixed(0)} MiB (node ${imageHeapFlag().join(' ') || 'without a heap limit'}, as the Docker image); ${connections} connections, ${seconds} s per scenario\n`,
  );

  const bare = await run(`http://127.0.0.1:${ready.barePort}/bare`);
  out(
    `${'scenario'.padEnd(36)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'errors'.padStart(6)} ratio`,
  );
  const row = (name: string, r: Awaited<ReturnType<typeof run>>) =>
    out(
      `${name.padEnd(36)} ${r.rps.toFixed(0).padStart(8)} ${String(r.p50).padStart(7)} ${String(r.p99).padStart(7)} ${String(r.errors).padStart(6)} ${(r.rps / bare.rps).toFixed(2)}`,
    );
  row('bare Express route', bare);
  for (const [name, url] of SCENARIOS) row(name, await run(`${base}${url}`));
  row('search: varied words (page not cached)', await run(`${base}/fr/search?q=`, true));
  row(
    'search: varied + 2 filters (page not cached)',
    await run(`${base}/fr/search?cost=free&time=evening&q=`, true),
  );

  // The engine alone on first-time searches (no result cache), one at a time.
  const engine = (await (
    await fetch(`${base}/bench/engine?words=${encodeURIComponent(WORDS.join(','))}`)
  ).json()) as Record<string, number>;
  const times = Object.values(engine).sort((a, b) => a - b);
  out(
    `\nfirst-time search in the engine (word + free filter + facets): median ${times[Math.floor(times.length / 2)]!.toFixed(1)} ms, ` +
      `max ${times[times.length - 1]!.toFixed(1)} ms (${Object.entries(engine)
        .map(([w, ms]) => `${w} ${ms.toFixed(0)}`)
        .join(', ')})`,
  );

  const edits = [];
  for (let i = 0; i < 5; i++) {
    edits.push(
      (await (await fetch(`${base}/bench/edit`, { method: 'POST' })).json()) as {
        ms: number;
        found: boolean;
      },
    );
  }
  out(
    `\nedit → visible in search: ${edits.map((e) => `${e.ms.toFixed(0)} ms${e.found ? '' : ' (NOT FOUND)'}`).join(', ')}`,
  );
  const rss = (await (await fetch(`${base}/bench/rss`)).json()) as {
    rssMiB: number;
    heapUsedMiB: number;
    heapTotalMiB: number;
    externalMiB: number;
  };
  out(
    `RSS at the end: ${rss.rssMiB.toFixed(0)} MiB (V8 heap ${rss.heapUsedMiB} MiB used of ${rss.heapTotalMiB}; external ${rss.externalMiB} MiB)`,
  );
  const live = (await (await fetch(`${base}/bench/rss?gc=1`)).json()) as typeof rss;
  out(
    `after a full garbage collection: RSS ${live.rssMiB.toFixed(0)} MiB, V8 heap ${live.heapUsedMiB} MiB used of ${live.heapTotalMiB}`,
  );
  child.stdin!.end();
  await new Promise((resolve) => child.once('exit', resolve));
  rmSync(dataDir, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
