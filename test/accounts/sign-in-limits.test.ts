// Failed sign-ins are counted per account and per address: a front desk's staff share one
// address, so one colleague's typos lock only that colleague's account, while guessing one
// password and trying many accounts from one address are both still stopped.
import request from 'supertest';
import { hashPassword } from '../../server/auth/passwords';
import { loadConfig } from '../../server/config';
import type { TestApp } from '../support/test-app';
import { createTestApp } from '../support/test-app';
import { DEMO, DEMO_PASSWORD, csrfFrom } from '../support/signed-in';

let t: TestApp;
beforeAll(async () => {
  // The shipped defaults: 10 failures per account, 100 per address, per 15 minutes.
  t = await createTestApp({
    seed: true,
    env: { LOGIN_RATE_LIMIT: '10', LOGIN_ADDRESS_RATE_LIMIT: '100' },
  });
}, 120_000); // seeding and indexing the demo directory on a busy machine
afterAll(async () => t?.close());
beforeEach(async () => {
  await t.models.RateLimitCounter.deleteMany({});
});

/** One sign-in attempt from the front desk's one address, as a browser sends it. */
async function attempt(app: TestApp['app'], email: string, password: string) {
  const agent = request.agent(app);
  const page = await agent.get('/fr/login');
  return agent
    .post('/fr/login')
    .type('form')
    .send({ email, password, _csrf: csrfFrom(page.text) });
}

it('locks only the account a colleague mistyped ten times, not the rest of the desk', async () => {
  for (let i = 1; i <= 10; i += 1) {
    expect((await attempt(t.app, DEMO.staff, `faute-de-frappe-${i}`)).status).toBe(401);
  }
  // The colleague at the next computer signs in from the same address.
  const colleague = await attempt(t.app, DEMO.coordinator, DEMO_PASSWORD);
  expect(colleague.status).toBe(303);
  expect(colleague.headers.location).toBe('/fr/admin');
  // The mistyped account is locked, even with the right password now, whatever the spelling.
  const locked = await attempt(t.app, ` ${DEMO.staff.toUpperCase()} `, DEMO_PASSWORD);
  expect(locked.status).toBe(429);
  expect(locked.text).toContain('Trop d’essais');
  // No e-mail address is kept in the counters (they are keyed by a hash).
  const ids = (await t.models.RateLimitCounter.find({}, { _id: 1 }).lean()).map((c) => c._id);
  expect(ids.some((id) => String(id).startsWith('login-account:'))).toBe(true);
  expect(ids.join(' ')).not.toContain('staff');
});

it('still stops one address trying many accounts', async () => {
  const spraying = await createTestApp({
    env: { LOGIN_RATE_LIMIT: '2', LOGIN_ADDRESS_RATE_LIMIT: '4' },
    dbName: t.dbName,
  });
  try {
    for (const name of ['ana', 'bea', 'cem', 'dan']) {
      expect((await attempt(spraying.app, `${name}@example.org`, 'motdepasse1')).status).toBe(401);
    }
    // A fifth account, never tried before, is refused from this address: even the right password.
    const refused = await attempt(spraying.app, DEMO.editor, DEMO_PASSWORD);
    expect(refused.status).toBe(429);
    expect(refused.text).toContain('Trop d’essais');
  } finally {
    await spraying.close();
  }
}, 120_000); // a second app on the seeded database, on a busy machine

it('does not count sign-ins that succeed', async () => {
  const email = 'accueil-2@onestop.example';
  await t.models.User.create({
    email,
    role: 'staff',
    passwordHash: await hashPassword('mot-de-passe-accueil'),
  });
  for (let i = 0; i < 12; i += 1) {
    expect((await attempt(t.app, email, 'mot-de-passe-accueil')).status).toBe(303);
  }
});

it('reads LOGIN_ADDRESS_RATE_LIMIT from the environment and checks it', () => {
  expect(loadConfig({ NODE_ENV: 'test' }).loginAddressRateLimit).toBe(100);
  expect(
    loadConfig({ NODE_ENV: 'test', LOGIN_ADDRESS_RATE_LIMIT: '250' }).loginAddressRateLimit,
  ).toBe(250);
  expect(() => loadConfig({ NODE_ENV: 'test', LOGIN_ADDRESS_RATE_LIMIT: 'many' })).toThrow(
    /^Invalid configuration: LOGIN_ADDRESS_RATE_LIMIT /,
  );
  // Below the per-account limit it would lock a whole desk before any one account.
  expect(() =>
    loadConfig({ NODE_ENV: 'test', LOGIN_RATE_LIMIT: '20', LOGIN_ADDRESS_RATE_LIMIT: '10' }),
  ).toThrow('Invalid configuration: LOGIN_ADDRESS_RATE_LIMIT must be at least LOGIN_RATE_LIMIT');
});
