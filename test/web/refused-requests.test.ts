// Requests refused for their size or encoding get their own translated message (not "something
// went wrong on our side", nor Node's bare status line), through the server main.ts listens on.
import type { Server } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { createI18n } from '../../server/i18n/create-i18n';
import { createHttpServer } from '../../server/web/http-server';
import type { TestApp } from '../support/test-app';
import { createTestApp } from '../support/test-app';
import { h1, htmlLangDir } from '../support/html';

let t: TestApp;
let server: Server;
let site: string;
beforeAll(async () => {
  t = await createTestApp();
  server = createHttpServer(t.app, { config: t.config, i18n: createI18n(t.config) });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  site = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 120_000); // building the app on a busy machine
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await t?.close();
});

const SERVER_FAULT = {
  en: 'An error happened on our side',
  fr: 'Une erreur s’est produite de notre côté',
};

it('answers a form over the size limit with 413 and its own message', async () => {
  const response = await fetch(`${site}/en/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `email=a%40example.org&password=${'p'.repeat(1_000_000)}`,
  });
  expect(response.status).toBe(413);
  const html = await response.text();
  expect(htmlLangDir(html)).toEqual({ lang: 'en', dir: 'ltr' });
  expect(h1(html)).toBe('Too much sent at once');
  expect(html).toContain('The form you sent is too long.');
  expect(html).not.toContain(SERVER_FAULT.en);
});

it('answers a form in an unknown charset with 415 and its own message', async () => {
  const response = await fetch(`${site}/ar/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=klingon' },
    body: 'email=a%40example.org&password=x',
  });
  expect(response.status).toBe(415);
  const html = await response.text();
  expect(htmlLangDir(html)).toEqual({ lang: 'ar', dir: 'rtl' });
  expect(h1(html)).toBe('تعذّرت قراءة النموذج');
});

it('answers a 50,000-character search with a translated 431 page in the language of its path', async () => {
  const response = await fetch(`${site}/ar/search?q=${'ب'.repeat(25_000)}`);
  expect(response.status).toBe(431);
  expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
  expect(response.headers.get('content-language')).toBe('ar');
  expect(response.headers.get('cache-control')).toBe('no-store');
  const html = await response.text();
  expect(htmlLangDir(html)).toEqual({ lang: 'ar', dir: 'rtl' });
  expect(h1(html)).toBe('العنوان طويل جدًا');
  expect(html).toContain('href="/ar"');
});

it('uses the local language when the refused address names no language we offer', async () => {
  const response = await fetch(`${site}/xx/search?q=${'a'.repeat(50_000)}`);
  expect(response.status).toBe(431);
  const html = await response.text();
  expect(htmlLangDir(html)).toEqual({ lang: 'fr', dir: 'ltr' });
  expect(h1(html)).toBe('Adresse trop longue');
  expect(html).not.toContain(SERVER_FAULT.fr);
});

it('still answers a malformed request with a plain 400, as Node does', async () => {
  const answer = await new Promise<string>((resolve, reject) => {
    const socket = connect((server.address() as AddressInfo).port, '127.0.0.1', () =>
      socket.write('NOT HTTP AT ALL\r\n\r\n'),
    );
    let text = '';
    socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
    socket.on('close', () => resolve(text));
    socket.on('error', reject);
  });
  expect(answer.startsWith('HTTP/1.1 400 Bad Request\r\n')).toBe(true);
});
