// The web shell every page shares: security headers, fingerprinted assets, request ids, and
// translated error pages that leak no internals in production.
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { h1 } from '../support/html';
import type { TestApp } from '../support/test-app';
import { createTestApp } from '../support/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ seed: true });
});
afterAll(() => t.close());

describe('security headers', () => {
  it('sends a strict Content-Security-Policy without unsafe-inline', async () => {
    const res = await request(t.app).get('/fr');
    const csp = res.headers['content-security-policy'];
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{20,}'/);
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('same-origin');
    expect(res.headers['x-powered-by']).toBeUndefined();
    // Outside production no HSTS: it would pin localhost to https.
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });

  it('uses a new nonce on every response', async () => {
    const nonce = async () =>
      /'nonce-([^']+)'/.exec(
        (await request(t.app).get('/fr')).headers['content-security-policy'] ?? '',
      )?.[1];
    expect(await nonce()).not.toBe(await nonce());
  });

  it('has no inline style or script in pages', async () => {
    const res = await request(t.app).get('/ar');
    expect(res.text).not.toMatch(/<style|style="|<script(?![^>]*nonce)/);
  });
});

describe('static assets', () => {
  it('links the stylesheet by a fingerprinted name cached for a year', async () => {
    const page = await request(t.app).get('/en');
    const href = /<link rel="stylesheet" href="(\/assets\/css\/site\.[0-9a-f]{10}\.css)">/.exec(
      page.text,
    )?.[1];
    expect(href).toBeDefined();
    const css = await request(t.app).get(href!);
    expect(css.status).toBe(200);
    expect(css.headers['content-type']).toMatch(/text\/css/);
    expect(css.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    // The unfingerprinted name is not served (it would be cached forever under a stale name).
    expect((await request(t.app).get('/assets/css/site.css')).status).toBe(404);
  });

  it('compresses pages', async () => {
    const res = await request(t.app).get('/fr').set('Accept-Encoding', 'gzip');
    expect(res.headers['content-encoding']).toBe('gzip');
  });
});

describe('request ids', () => {
  it('echoes a sane incoming X-Request-Id and makes one otherwise', async () => {
    const given = await request(t.app).get('/healthz').set('X-Request-Id', 'abc12345-proxy');
    expect(given.headers['x-request-id']).toBe('abc12345-proxy');
    const made = await request(t.app).get('/healthz').set('X-Request-Id', '<script>');
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('server errors', () => {
  // A record damaged outside the app (its date is a string) makes the page fail to render.
  beforeAll(async () => {
    const service = await t.models.Service.findOne().lean();
    await t.models.Service.collection.insertOne({
      ...service!,
      _id: undefined as never,
      slug: 'damaged-record',
      uuid: randomUUID(),
      lastVerifiedAt: 'not a date' as never,
    });
  });

  it('shows a translated 500 page without internals in production', async () => {
    const prod = await createTestApp({
      env: { NODE_ENV: 'production', SESSION_SECRET: 's'.repeat(40) },
      dbName: t.dbName,
    });
    try {
      const res = await request(prod.app).get('/en/services/damaged-record');
      expect(res.status).toBe(500);
      expect(h1(res.text)).toBe('Something went wrong');
      expect(res.text).not.toMatch(/TypeError|\bat .*\.ts:\d+|error-details/);
      expect(res.headers['strict-transport-security']).toMatch(/max-age=/);
    } finally {
      await prod.close();
    }
  });

  it('shows the stack trace in development to help fix it', async () => {
    const dev = await createTestApp({ env: { NODE_ENV: 'development' }, dbName: t.dbName });
    try {
      const res = await request(dev.app).get('/fr/services/damaged-record');
      expect(res.status).toBe(500);
      expect(h1(res.text)).toBe('Un problème est survenu');
      expect(res.text).toContain('class="error-details"');
    } finally {
      await dev.close();
    }
  });
});
