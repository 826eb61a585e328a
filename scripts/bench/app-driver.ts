// Pieces shared by the scripts that drive the real app as a separate process (bench-load.ts,
// soak.ts): start it on its own embedded database, fetch() with a cookie jar like a browser,
// sign in through the login form, read an edit form back as a browser would send it.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

const root = path.resolve(__dirname, '../..');

export interface RunningApp {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/**
 * Starts `server/main.ts` with its data under `dataDir`; `onLine` sees every line it prints (its
 * log, one JSON line per request at LOG_LEVEL=info). Resolves once it listens.
 */
export function startApp(
  dataDir: string,
  options: { env?: Record<string, string>; onLine?: (line: string) => void } = {},
): Promise<RunningApp> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'server/main.ts')], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      PORT: '0',
      DATA_DIR: dataDir,
      // One line per request (with its time).
      LOG_LEVEL: 'info',
      // A load test from one address: the per-address limits would stop it.
      SEARCH_API_RATE_LIMIT: '1000000',
      LOGIN_RATE_LIMIT: '1000',
      LOGIN_ADDRESS_RATE_LIMIT: '100000',
      // e.g. APP_NODE_OPTIONS=--max-old-space-size=256 to see whether memory settles
      ...(process.env.APP_NODE_OPTIONS ? { NODE_OPTIONS: process.env.APP_NODE_OPTIONS } : {}),
      ...options.env,
    },
  });
  child.stderr.pipe(process.stderr);
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      // The app's errors are part of the result: show them as they happen.
      if (line.includes('"level":50')) process.stderr.write(`app error: ${line}\n`);
      options.onLine?.(line);
      const match = /OneStop is running at (\S+)/.exec(line);
      if (match)
        resolve({
          url: match[1]!.replace(/\/$/, ''),
          pid: child.pid!,
          stop: () =>
            new Promise((done) => {
              if (child.exitCode !== null) return done();
              child.once('exit', () => done());
              child.kill('SIGTERM');
            }),
        });
    });
    child.once('exit', (code) => reject(new Error(`app exited with ${code}`)));
  });
}

export type Browser = ReturnType<typeof browserLike>;

/** fetch() with a cookie jar, as a browser would. */
export function browserLike() {
  const jar = new Map<string, string>();
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const get = async (url: string, init: RequestInit = {}) => {
    const response = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as object), cookie: cookie() },
    });
    for (const c of response.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const at = pair!.indexOf('=');
      jar.set(pair!.slice(0, at), pair!.slice(at + 1));
    }
    return response;
  };
  return { get, cookie };
}

/** The hidden CSRF field of a page's form. */
export const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1]!;

/** Signs in through the login form; the answer (303 when it worked). */
export async function signIn(
  browser: Browser,
  base: string,
  email: string,
  password = 'onestop-demo',
) {
  const form = await (await browser.get(`${base}/fr/login`)).text();
  return browser.get(`${base}/fr/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, password, _csrf: csrfOf(form) }),
  });
}

const unescape = (s: string) =>
  s
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&#x3D;/g, '=')
    .replace(/&#x60;/g, '`')
    .replace(/&amp;/g, '&');

/** The fields a browser would send back from an edit form. */
export function formFields(html: string): URLSearchParams {
  const fields = new URLSearchParams();
  for (const m of html.matchAll(
    /<input type="(?:text|email|tel|url|number|hidden)" id="[^"]*" name="([^"]+)" value="([^"]*)"/g,
  ))
    fields.append(m[1]!, unescape(m[2]!));
  for (const m of html.matchAll(
    /<input type="checkbox" id="[^"]*" name="([^"]+)" value="([^"]*)" checked>/g,
  ))
    fields.append(m[1]!, m[2]!);
  for (const m of html.matchAll(/<textarea id="[^"]*" name="([^"]+)"[^>]*>([^<]*)<\/textarea>/g))
    fields.append(m[1]!, unescape(m[2]!));
  for (const m of html.matchAll(/<select id="[^"]*" name="([^"]+)"[\s\S]*?<\/select>/g)) {
    const selected = /<option value="([^"]*)" selected>/.exec(m[0]);
    if (selected) fields.set(m[1]!, selected[1]!);
  }
  fields.set('_csrf', csrfOf(html));
  fields.set('intent', 'submit');
  // The form is sent again and again as if each time freshly opened: without the version it
  // was opened at (a stale form would be refused with 409, as it should be for a person).
  fields.delete('basedOn');
  return fields;
}

export const percentile = (values: number[], p: number) =>
  values.length ? [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) * p)]! : 0;
