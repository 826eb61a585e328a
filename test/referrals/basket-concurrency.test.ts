// The basket when requests of one session arrive together (a double click, several tabs), and
// when the session store fails: no add or remove is lost, and a store failure is a translated
// 503 page, never a 500 with a stack.
import type { CommandStartedEvent } from 'mongodb';
import type { TestApp } from '../support/test-app';
import { createTestApp } from '../support/test-app';
import type { Agent } from '../support/signed-in';
import { DEMO, signIn, tokenFor } from '../support/signed-in';
import { SESSION_COLLECTION } from '../../server/web/sessions';

let t: TestApp;
let slugs: string[];
beforeAll(async () => {
  t = await createTestApp({ seed: true });
  slugs = (
    await t.models.Service.find({ status: 'published' }, { slug: 1 }).sort({ slug: 1 }).lean()
  )
    .slice(0, 6)
    .map((s) => s.slug);
  expect(slugs).toHaveLength(6);
}, 120_000); // seeding and indexing the demo directory on a busy machine
afterAll(async () => t?.close());

/** The slugs in the basket, in order, as its page lists their remove buttons. */
async function basketOn(agent: Agent): Promise<string[]> {
  const page = await agent.get('/fr/referrals').expect(200);
  return [...page.text.matchAll(/action="\/fr\/referrals\/items\/([a-z0-9-]+)\/remove"/g)].map(
    (m) => m[1]!,
  );
}

/** The session id behind an agent's cookie (the store's _id). */
function sessionIdOf(agent: Agent): string {
  const cookie = agent.jar.getCookie('onestop.sid', { path: '/', domain: '127.0.0.1' } as never);
  const value = decodeURIComponent(cookie!.value);
  return /^s:([^.]+)\./.exec(value)![1]!;
}

it('keeps every service of simultaneous adds, each saved once and in turn', async () => {
  const staff = await signIn(t.app, DEMO.staff);
  const _csrf = await tokenFor(staff);
  // Each add must write the session once, in its turn: a second, late save of its own copy
  // (when the response ends) would land over the adds made meanwhile.
  const sessionWrites: string[] = [];
  const record = (event: CommandStartedEvent) => {
    if (event.commandName === 'update' && event.command.update === SESSION_COLLECTION)
      sessionWrites.push(event.commandName);
  };
  t.connection.getClient().on('commandStarted', record);
  try {
    const answers = await Promise.all(
      slugs.map((slug) => staff.post('/fr/referrals/items').type('form').send({ slug, _csrf })),
    );
    expect(answers.map((a) => a.status)).toEqual(slugs.map(() => 303));
  } finally {
    t.connection.getClient().off('commandStarted', record);
  }
  expect(sessionWrites).toHaveLength(slugs.length);
  expect((await basketOn(staff)).sort()).toEqual([...slugs].sort());
});

it('keeps simultaneous removes and adds of one session', async () => {
  const staff = await signIn(t.app, DEMO.staff);
  const _csrf = await tokenFor(staff);
  for (const slug of slugs.slice(0, 3))
    await staff.post('/fr/referrals/items').type('form').send({ slug, _csrf }).expect(303);
  const answers = await Promise.all([
    ...slugs
      .slice(0, 2)
      .map((slug) => staff.post(`/fr/referrals/items/${slug}/remove`).type('form').send({ _csrf })),
    ...slugs
      .slice(3)
      .map((slug) => staff.post('/fr/referrals/items').type('form').send({ slug, _csrf })),
  ]);
  expect(answers.map((a) => a.status)).toEqual([303, 303, 303, 303, 303]);
  expect((await basketOn(staff)).sort()).toEqual(slugs.slice(2).sort());
});

describe('a session document the store cannot read', () => {
  const sessions = () => t.connection.collection(SESSION_COLLECTION);
  // In development, where a 500 shows its stack on the page (`npm start`).
  let dev: TestApp;
  beforeAll(async () => {
    dev = await createTestApp({ env: { NODE_ENV: 'development' }, dbName: t.dbName });
  }, 60_000);
  afterAll(async () => dev?.close());

  it.each([
    ['without its session field', { $unset: { session: '' } }],
    ['holding text that is not JSON', { $set: { session: '{"cookie":' } }],
  ])('answers a translated 503 without details when it is %s', async (_case, change) => {
    const staff = await signIn(dev.app, DEMO.staff);
    await sessions().updateOne({ _id: sessionIdOf(staff) as never }, change);

    const page = await staff.get('/fr/referrals');
    expect(page.status).toBe(503);
    expect(page.text).toContain('Temporairement indisponible');
    expect(page.text).not.toMatch(/error-details|SyntaxError|JSON|\bat .*\.[jt]s:\d+/);

    // The unreadable document is gone: the next request is a visitor without a session.
    const next = await staff.get('/fr/referrals');
    expect(next.status).toBe(302);
    expect(next.headers.location).toMatch(/^\/fr\/login/);
  });
});
