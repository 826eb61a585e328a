// Two real app processes on one database (FerretDB started by this test): a sign-in on one is
// valid on the other and an edit on one shows on the other; the database stopped and started
// again under requests (503, the processes stay up and recover); SIGTERM finishes what is in
// flight and exits 0. With MEILI_URL set, the edit must also be searchable on the other
// instance (INSTANCES=2 needs Meilisearch); without it that part is reported as skipped. A slow
// client that never finishes its headers is cut off.
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { EmbeddedDatabase } from '../../server/database/embedded-ferretdb';
import { startEmbeddedDatabase } from '../../server/database/embedded-ferretdb';
import type { AppProcess } from '../support/app-process';
import { browserLike, exitOf, freePort, startAppProcess } from '../support/app-process';
import { DEMO, DEMO_PASSWORD, csrfFrom } from '../support/signed-in';

const MEILI = process.env.MEILI_URL;
let dataDir: string;
let address: string;
let database: EmbeddedDatabase;
let a: AppProcess;
let b: AppProcess;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'onestop-instances-'));
  address = `127.0.0.1:${await freePort()}`;
  database = await startEmbeddedDatabase({ dataDir, listen: address });
  const env = {
    MONGODB_URI: `mongodb://${address}/`,
    SESSION_SECRET: 'two-instances-share-this-secret-0123456789',
    LOG_LEVEL: 'warn',
    ...(MEILI ? { MEILI_URL: MEILI, MEILI_KEY: process.env.MEILI_KEY ?? '', INSTANCES: '2' } : {}),
  };
  a = await startAppProcess(env); // seeds the empty database
  b = await startAppProcess(env);
}, 180_000);

afterAll(async () => {
  for (const app of [a, b]) {
    if (app && app.child.exitCode === null) {
      app.child.kill('SIGTERM');
      await exitOf(app.child);
    }
  }
  await database?.stop();
  rmSync(dataDir, { recursive: true, force: true });
}, 30_000);

async function signIn(site: string, browser: ReturnType<typeof browserLike>, email: string) {
  const form = await (await browser(`${site}/fr/login`)).text();
  const body = new URLSearchParams({ email, password: DEMO_PASSWORD, _csrf: csrfFrom(form) });
  return browser(`${site}/fr/login`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
}

it('keeps a sign-in made on one instance valid on the other', async () => {
  const browser = browserLike();
  const login = await signIn(a.url, browser, DEMO.editor);
  expect(login.status).toBe(303);
  const onB = await browser(`${b.url}/fr/provider`);
  expect(onB.status).toBe(303);
  expect(onB.headers.get('location')).toMatch(/^\/fr\/provider\/organisations\/[a-f0-9]{24}$/);
  const dashboard = await browser(`${b.url}${onB.headers.get('location')}`);
  expect(dashboard.status).toBe(200);
  expect(await dashboard.text()).toContain('Babel');
}, 30_000);

it('shows an edit made on one instance on the other', async () => {
  const browser = browserLike();
  expect((await signIn(a.url, browser, DEMO.trustedEditor)).status).toBe(303);
  const dashboardUrl = (await browser(`${a.url}/fr/provider`)).headers.get('location')!;
  const dashboard = await (await browser(`${a.url}${dashboardUrl}`)).text();
  const serviceId = /\/fr\/provider\/services\/([a-f0-9]{24})\/edit/.exec(dashboard)![1]!;
  const formHtml = await (await browser(`${a.url}/fr/provider/services/${serviceId}/edit`)).text();
  // Send the form back as the browser would, with a new name.
  const fields = new URLSearchParams();
  for (const m of formHtml.matchAll(
    /<input type="(?:text|email|tel|url|number|hidden)" id="[^"]*" name="([^"]+)" value="([^"]*)"/g,
  )) {
    fields.append(
      m[1]!,
      m[2]!
        .replace(/&#x27;/g, "'")
        .replace(/&amp;/g, '&')
        .replace(/&quot;/g, '"'),
    );
  }
  for (const m of formHtml.matchAll(
    /<input type="checkbox" id="[^"]*" name="([^"]+)" value="([^"]*)" checked>/g,
  )) {
    fields.append(m[1]!, m[2]!);
  }
  for (const m of formHtml.matchAll(
    /<textarea id="[^"]*" name="([^"]+)"[^>]*>([^<]*)<\/textarea>/g,
  )) {
    fields.append(
      m[1]!,
      m[2]!
        .replace(/&#x27;/g, "'")
        .replace(/&amp;/g, '&')
        .replace(/&quot;/g, '"'),
    );
  }
  for (const m of formHtml.matchAll(
    /<select id="[^"]*" name="([^"]+)"[\s\S]*?<option value="([^"]*)" selected>/g,
  )) {
    fields.set(m[1]!, m[2]!);
  }
  fields.set('_csrf', csrfFrom(formHtml));
  fields.set('name_fr', 'Permanence renommée sur l’instance A');
  fields.set('intent', 'submit');
  const saved = await browser(`${a.url}/fr/provider/services/${serviceId}`, {
    method: 'POST',
    body: fields,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  expect(saved.status).toBe(303);
  expect(saved.headers.get('location')).toContain('done=saved');
  const slug = /href="\/fr\/services\/([a-z0-9-]+)"/.exec(
    await (await browser(`${b.url}${dashboardUrl}`)).text(),
  )![1]!;
  const publicOnB = await (await fetch(`${b.url}/fr/services/${slug}`)).text();
  expect(publicOnB).toContain('Permanence renommée sur l’instance A');
}, 60_000);

(MEILI ? it : it.skip)(
  'makes that edit searchable on the other instance (Meilisearch)',
  async () => {
    let found = false;
    for (let i = 0; i < 20 && !found; i++) {
      const answer = (await (
        await fetch(`${b.url}/api/v1/services?q=renommée instance`)
      ).json()) as {
        hits: { name: string }[];
      };
      found = answer.hits.some((h) => String(h.name).includes('renommée'));
      if (!found) await new Promise((r) => setTimeout(r, 250));
    }
    expect(found).toBe(true);
  },
);

it('closes a connection whose headers do not arrive within 10 s (slow-loris)', async () => {
  const { hostname, port } = new URL(a.url);
  const socket = connect(Number(port), hostname);
  socket.on('error', () => {}); // a drip written after the server closed
  await once(socket, 'connect');
  const opened = Date.now();
  let answer = '';
  socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
  // A request line, then a header every second that never ends the header block.
  socket.write('GET /fr HTTP/1.1\r\nHost: localhost\r\n');
  const drip = setInterval(() => socket.write(`X-Slow-${Date.now()}: 1\r\n`), 1_000);
  await once(socket, 'close');
  clearInterval(drip);
  const heldMs = Date.now() - opened;
  expect(heldMs).toBeGreaterThanOrEqual(9_000);
  expect(heldMs).toBeLessThan(13_000);
  expect(answer).toMatch(/^HTTP\/1\.1 408/);
  expect((await fetch(`${a.url}/healthz`)).status).toBe(200);
}, 30_000);

it('answers 503 while the database is away, stays up, and recovers when it is back', async () => {
  expect((await fetch(`${a.url}/readyz`)).status).toBe(200);
  expect((await fetch(`${a.url}/fr/categories/housing`)).status).toBe(200);
  // Service pages nobody has opened yet: each one needs the database (none is in a page cache).
  const { hits } = (await (await fetch(`${a.url}/api/v1/services?category=health`)).json()) as {
    hits: { slug: string }[];
  };
  expect(hits.length).toBeGreaterThanOrEqual(10);
  // Requests keep arriving while the database stops: each is answered, by the page or by the
  // translated 503 page, never by a broken connection or a 500.
  const during = hits.slice(0, 20).map((hit, i) =>
    new Promise((r) => setTimeout(r, i * 25)).then(async () => {
      const response = await fetch(`${a.url}/fr/services/${hit.slug}`);
      return { status: response.status, text: await response.text() };
    }),
  );
  await database.stop();
  for (const { status, text } of await Promise.all(during)) {
    expect([200, 503]).toContain(status);
    if (status === 503) expect(text).toContain('Temporairement indisponible');
  }

  // A page not seen before needs the database: a translated 503.
  const page = await fetch(`${a.url}/fr/categories/legal-aid`);
  expect(page.status).toBe(503);
  expect(await page.text()).toContain('Temporairement indisponible');
  // Pages already rendered since the last change are still served from memory.
  expect((await fetch(`${a.url}/fr/categories/housing`)).status).toBe(200);
  expect((await fetch(`${a.url}/readyz`)).status).toBe(503);
  expect((await fetch(`${b.url}/readyz`)).status).toBe(503);
  expect((await fetch(`${a.url}/healthz`)).status).toBe(200);
  expect(a.child.exitCode).toBeNull();
  expect(b.child.exitCode).toBeNull();

  database = await startEmbeddedDatabase({ dataDir, listen: address });
  for (const app of [a, b]) {
    let status = 0;
    for (let i = 0; i < 60 && status !== 200; i++) {
      status = (await fetch(`${app.url}/readyz`)).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 250));
    }
    expect(status).toBe(200);
    expect((await fetch(`${app.url}/fr/categories/housing`)).status).toBe(200);
  }
}, 60_000);

it('finishes requests in flight on SIGTERM and exits 0 within 10 s', async () => {
  const inFlight = Array.from({ length: 16 }, (_, i) =>
    fetch(`${b.url}/fr/search?q=cours${i}&cost=free`),
  );
  await new Promise((r) => setTimeout(r, 20));
  const started = Date.now();
  b.child.kill('SIGTERM');
  // The load balancer is told at once to send no more (the port closes 300 ms after the signal).
  await new Promise((r) => setTimeout(r, 100));
  const ready = await fetch(`${b.url}/readyz`).then(
    (r) => r.status,
    () => 'closed',
  );
  expect([503, 'closed']).toContain(ready);
  const responses = await Promise.all(inFlight);
  expect(responses.map((r) => r.status)).toEqual(responses.map(() => 200));
  expect(await exitOf(b.child)).toBe(0);
  expect(Date.now() - started).toBeLessThan(10_000);
  // New connections are refused once it stopped.
  await expect(fetch(`${b.url}/healthz`)).rejects.toThrow();
}, 30_000);
