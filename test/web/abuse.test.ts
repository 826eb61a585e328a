// Abuse limits: the search API and sign-in are rate-limited with counters in the database
// (shared by every instance), bodies are size-limited, and the security headers are set.
import request from 'supertest';
import type { TestApp } from '../support/test-app';
import { createTestApp } from '../support/test-app';
import { csrfFrom } from '../support/signed-in';

let a: TestApp;
let b: TestApp;
beforeAll(async () => {
  a = await createTestApp({ seed: true, env: { SEARCH_API_RATE_LIMIT: '4' } });
  // A second instance on the same database.
  b = await createTestApp({ env: { SEARCH_API_RATE_LIMIT: '4' }, dbName: a.dbName });
});
afterAll(async () => {
  await b?.close();
  await a?.close();
});

it('limits the search API per address across instances, with a translated JSON 429', async () => {
  const statuses = [];
  for (const app of [a.app, b.app, a.app, b.app]) {
    statuses.push(
      (await request(app).get('/api/v1/services').query({ q: 'cours', lang: 'en' })).status,
    );
  }
  expect(statuses).toEqual([200, 200, 200, 200]);
  const limited = await request(b.app).get('/api/v1/services').query({ q: 'cours', lang: 'en' });
  expect(limited.status).toBe(429);
  expect(limited.body.error.message).toBe(
    'Too many requests in a short time. Wait a moment, then try again.',
  );
  expect(limited.headers['ratelimit-policy']).toBeDefined();
  expect(await a.models.RateLimitCounter.countDocuments({ _id: /^api:/ })).toBe(1);
  // Pages are not limited by the API's counter.
  await request(a.app).get('/fr/search?q=cours').expect(200);
});

it('counts simultaneous requests once each', async () => {
  await a.models.RateLimitCounter.deleteMany({ _id: /^api:/ });
  const statuses = await Promise.all(
    Array.from({ length: 8 }, () =>
      request(a.app)
        .get('/api/v1/services')
        .query({ q: 'cours', lang: 'en' })
        .then((r) => r.status),
    ),
  );
  expect(statuses.filter((s) => s === 200)).toHaveLength(4);
  expect(statuses.filter((s) => s === 429)).toHaveLength(4);
  const [counter] = await a.models.RateLimitCounter.find({ _id: /^api:/ }).lean();
  expect(counter!.hits).toBe(8);
});

it('refuses a body over the size limit with 413 and writes nothing', async () => {
  const agent = request.agent(a.app);
  const token = csrfFrom((await agent.get('/fr/login')).text);
  const response = await agent
    .post('/fr/login')
    .type('form')
    .send({ email: 'x@example.org', password: 'p'.repeat(300_000), _csrf: token });
  expect(response.status).toBe(413);
});

it('sets the security headers on every page', async () => {
  const response = await request(a.app).get('/fr');
  expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(response.headers['content-security-policy']).toContain("default-src 'self'");
  expect(response.headers['referrer-policy']).toBe('same-origin');
  expect(response.headers['permissions-policy']).toContain('camera=()');
  expect(response.headers['x-content-type-options']).toBe('nosniff');
  expect(response.headers['x-powered-by']).toBeUndefined();
});
