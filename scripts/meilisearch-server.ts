// A real Meilisearch for tests and benchmarks (kept under scripts/: the image's build stage
// compiles scripts/ but has no test/): the binary named by MEILI_BIN (.ci/run unpacks
// ../shared/tools/meilisearch-*.xz and sets it), on a free loopback port, with a temporary
// database and a random master key. Stopped by stop(), and killed if this process exits first.
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface MeilisearchServer {
  url: string;
  masterKey: string;
  dbPath: string;
  pid: number;
  /** Stops the process; the database stays (start again with the same dbPath/port). */
  stop(): Promise<void>;
  /** Stops it and removes its database. */
  destroy(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function startMeilisearch(
  options: { bin?: string; dbPath?: string; port?: number; masterKey?: string } = {},
): Promise<MeilisearchServer> {
  const bin = options.bin ?? process.env.MEILI_BIN;
  if (!bin) throw new Error('MEILI_BIN is not set');
  const dbPath = options.dbPath ?? mkdtempSync(path.join(tmpdir(), 'onestop-meili-'));
  const port = options.port ?? (await freePort());
  const masterKey = options.masterKey ?? randomBytes(24).toString('hex');
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(
    bin,
    [
      '--db-path',
      path.join(dbPath, 'data.ms'),
      '--dump-dir',
      path.join(dbPath, 'dumps'),
      '--http-addr',
      `127.0.0.1:${port}`,
      '--master-key',
      masterKey,
      '--no-analytics',
      '--log-level',
      'WARN',
      // Two cores shared with the app and the database.
      '--max-indexing-threads',
      '2',
      // Meilisearch sizes each indexing batch's buffers from this (by default from the
      // machine's memory: ~800 MB here, allocated for every batch, ~0.5-3 s per write however
      // small); a small budget makes a one-document write take milliseconds.
      '--max-indexing-memory',
      '128MiB',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Meilisearch exited at start: ${stderr}`);
    const healthy = await fetch(`${url}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (healthy) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`Meilisearch did not answer within 30 s: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }

  const stop = async () => {
    process.removeListener('exit', killOnExit);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(force);
    }
  };
  return {
    url,
    masterKey,
    dbPath,
    pid: child.pid!,
    stop,
    async destroy() {
      await stop();
      rmSync(dbPath, { recursive: true, force: true });
    },
  };
}
