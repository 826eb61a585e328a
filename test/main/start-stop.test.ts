// The real start-up, as `npm start` runs it: embedded database, demo data, listen; Ctrl-C stops
// everything; a second start reuses the data; a crashed app does not leave its database behind.
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';

const root = path.resolve(__dirname, '../..');
let dataDir: string;

beforeAll(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'onestop-main-'));
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

interface Started {
  child: ChildProcessWithoutNullStreams;
  url: string;
  databasePid: number;
  logs: Record<string, unknown>[];
}

function start(): Promise<Started> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'server/main.ts')], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      PORT: '0',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
    },
  });
  const logs: Record<string, unknown>[] = [];
  return new Promise((resolve, reject) => {
    let databasePid = -1;
    const timer = setTimeout(() => reject(new Error('app did not start in 60 s')), 60_000);
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.startsWith('{')) {
        const entry = JSON.parse(line) as Record<string, unknown>;
        logs.push(entry);
        if (typeof entry.pid === 'number') databasePid = entry.pid;
      }
      const match = /OneStop is running at (\S+)/.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1]!, databasePid, logs });
      }
    });
    child.once('exit', (code) => reject(new Error(`app exited with ${code} before starting`)));
  });
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitUntil(condition: () => boolean, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end;) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return condition();
}

const exitOf = (child: ChildProcessWithoutNullStreams) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });

it('starts with demo data, stops on Ctrl-C with nothing left, and reuses the data', async () => {
  const first = await start();
  expect(first.databasePid).toBeGreaterThan(0);
  expect(first.logs.some((l) => l.msg === 'demo directory loaded')).toBe(true);
  const home = await fetch(`${first.url}fr`);
  expect(home.status).toBe(200);
  const firstHtml = await home.text();
  expect((await fetch(`${first.url}readyz`)).status).toBe(200);

  first.child.kill('SIGINT');
  expect(await exitOf(first.child)).toBe(0);
  expect(await waitUntil(() => !isRunning(first.databasePid), 5_000)).toBe(true);

  const second = await start();
  try {
    expect(second.logs.some((l) => l.msg === 'demo directory loaded')).toBe(false);
    const again = await (await fetch(`${second.url}fr`)).text();
    // Same categories with the same counts: nothing duplicated, nothing lost.
    const counts = (html: string) => [...html.matchAll(/class="count">([^<]+)</g)].map((m) => m[1]);
    expect(counts(again)).toEqual(counts(firstHtml));
  } finally {
    second.child.kill('SIGTERM');
    expect(await exitOf(second.child)).toBe(0);
  }
  expect(await waitUntil(() => !isRunning(second.databasePid), 5_000)).toBe(true);
}, 120_000);

it('takes its database down with it when the app is killed', async () => {
  const app = await start();
  app.child.kill('SIGKILL');
  await exitOf(app.child);
  expect(await waitUntil(() => !isRunning(app.databasePid), 10_000)).toBe(true);
}, 120_000);
