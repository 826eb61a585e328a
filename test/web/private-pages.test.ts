// On a shared front-desk computer nothing a signed-in person saw may come back from the browser's
// cache after sign-out: every page served to a signed-in person, and every page of the signed-in
// areas, is sent with `Cache-Control: no-store`, and signing out also clears the session cookie.
import request from 'supertest';
import type { TestApp } from '../support/test-app';
import { createTestApp } from '../support/test-app';
import { DEMO, postForm, signIn } from '../support/signed-in';

let t: TestApp;
let serviceSlug: string;
beforeAll(async () => {
  t = await createTestApp({ seed: true });
  serviceSlug = (await t.models.Service.findOne({ status: 'published' }).lean())!.slug;
}, 120_000); // seeding and indexing the demo directory on a busy machine
afterAll(async () => t?.close());

const cacheControlOf = (response: { headers: Record<string, string> }) =>
  response.headers['cache-control'];

it.each([
  ['coordinator', DEMO.coordinator, ['/fr/admin', '/fr/admin/users', '/fr/admin/reviews']],
  ['editor', DEMO.editor, ['/fr/provider']],
  ['front-desk staff', DEMO.staff, ['/fr/referrals', '/fr/referrals/sheet']],
])('keeps the %s area out of every cache', async (_who, email, paths) => {
  const agent = await signIn(t.app, email);
  for (const path of paths) {
    const response = await agent.get(path);
    expect({ path, status: response.status < 400 }).toEqual({ path, status: true });
    expect({ path, cacheControl: cacheControlOf(response) }).toEqual({
      path,
      cacheControl: 'no-store',
    });
  }
});

it('keeps public pages served to a signed-in person out of caches too', async () => {
  // An anonymous visit first: the page is then kept in the app's page cache.
  const anonymous = await request(t.app).get(`/fr/services/${serviceSlug}`).expect(200);
  expect(anonymous.headers['cache-control'] ?? '').not.toContain('no-store');
  const staff = await signIn(t.app, DEMO.staff);
  for (const path of ['/fr', `/fr/services/${serviceSlug}`, '/fr/search?q=cours', '/fr/nope']) {
    const response = await staff.get(path);
    expect({ path, cacheControl: cacheControlOf(response) }).toEqual({
      path,
      cacheControl: 'no-store',
    });
  }
  // The staff member's page shows the account bar (sign-out form): it is not the cached one.
  expect((await staff.get(`/fr/services/${serviceSlug}`)).text).toContain('/fr/logout');
});

it('keeps a password link page out of caches (it shows whose account it is)', async () => {
  const response = await request(t.app).get(`/fr/account/password/${'a'.repeat(43)}`);
  expect(response.status).toBe(410);
  expect(cacheControlOf(response)).toBe('no-store');
});

it('clears the session cookie on sign-out, and the back button shows nothing private', async () => {
  const agent = await signIn(t.app, DEMO.coordinator);
  await agent.get('/fr/admin/users').expect(200);
  const out = await postForm(agent, '/fr/logout', {});
  expect(out.status).toBe(303);
  const cleared = (out.headers['set-cookie'] as unknown as string[] | undefined) ?? [];
  const sessionCookie = cleared.find((c) => c.startsWith('onestop.sid='));
  expect(sessionCookie).toBeDefined();
  expect(sessionCookie).toMatch(/^onestop\.sid=;/);
  expect(sessionCookie).toContain('Expires=Thu, 01 Jan 1970 00:00:00 GMT');
  expect(sessionCookie).toContain('Path=/');
  expect(sessionCookie).toContain('HttpOnly');
  // Reloading the page the back button would show asks to sign in again.
  const again = await agent.get('/fr/admin/users');
  expect(again.status).toBe(302);
  expect(again.headers.location).toMatch(/^\/fr\/login/);
});
