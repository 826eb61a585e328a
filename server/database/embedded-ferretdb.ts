// Starts FerretDB v1 (SQLite backend) embedded in the small Go program under scripts/ferretdb,
// for development, demo and tests, where no mongod can be installed. The binary is built on first
// use and cached under .cache/ by a hash of its sources. The child keeps a pipe to our stdin-side:
// when this process dies, the pipe closes and FerretDB exits, so nothing is left behind.
import { spawn, execFile } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import { Socket } from 'node:net';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { projectPath } from '../paths';

const execFileAsync = promisify(execFile);

export interface EmbeddedDatabase {
  readonly uri: string;
  readonly pid: number;
  /** Stops the process and waits for it to exit. Safe to call twice. */
  stop(): Promise<void>;
}

const SOURCES = ['main.go', 'go.mod', 'go.sum'];

function binaryPath(): string {
  const hash = createHash('sha256');
  for (const file of SOURCES) hash.update(readFileSync(projectPath('scripts/ferretdb', file)));
  return projectPath('.cache', `ferretdb-${hash.digest('hex').slice(0, 12)}`);
}

/** Builds the Go program unless a binary for the same sources exists; returns its path. */
export async function buildFerretDb(): Promise<string> {
  const binary = binaryPath();
  if (existsSync(binary)) return binary;
  mkdirSync(path.dirname(binary), { recursive: true });
  const partial = `${binary}.${process.pid}.tmp`;
  try {
    await execFileAsync('go', ['build', '-trimpath', '-o', partial, '.'], {
      cwd: projectPath('scripts/ferretdb'),
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    throw new Error(`Could not build the embedded FerretDB (is Go installed?): ${stderr.trim()}`, {
      cause: error,
    });
  }
  // Rename is atomic: a concurrent starter sees either no binary or a complete one.
  renameSync(partial, binary);
  return binary;
}

export interface StartOptions {
  /** Directory for the SQLite files; created if missing. */
  dataDir: string;
  /** Defaults to a free loopback port. */
  listen?: string;
  startTimeoutMs?: number;
}

/** A child's pipes are sockets that can be unref'd, though Node types them as plain streams. */
function unrefPipe(stream: object): void {
  if (stream instanceof Socket) stream.unref();
}

export async function startEmbeddedDatabase(options: StartOptions): Promise<EmbeddedDatabase> {
  const binary = await buildFerretDb();
  const child = spawn(
    binary,
    ['-data', path.resolve(options.dataDir), '-listen', options.listen ?? '127.0.0.1:0'],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  const uri = await readUri(child, options.startTimeoutMs ?? 30_000);
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  // The database must not keep the Node event loop alive on its own.
  child.unref();
  for (const stream of [child.stdin, child.stdout, child.stderr]) unrefPipe(stream);
  return {
    uri,
    pid: child.pid ?? -1,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}

function readUri(child: ChildProcessWithoutNullStreams, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      // Keep only the tail: FerretDB logs warnings here for its whole life.
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    const lines = createInterface({ input: child.stdout });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`Embedded FerretDB did not start within ${timeoutMs} ms: ${stderr}`));
    }, timeoutMs);
    lines.once('line', (line) => {
      clearTimeout(timer);
      try {
        resolve((JSON.parse(line) as { uri: string }).uri);
      } catch {
        reject(new Error(`Embedded FerretDB printed an unexpected line: ${line}`));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Embedded FerretDB exited with code ${code}: ${stderr}`));
    });
  });
}
