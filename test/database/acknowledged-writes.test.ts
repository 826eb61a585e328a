// Every write reaches FerretDB acknowledged. An unacknowledged one (`w: 0`, connect-mongo's
// `autoRemove: 'interval'` sent one every 10 minutes) is answered by FerretDB v1 anyway; the reply
// then waits on the pooled connection and becomes the answer to the next command on it, so pages
// and sign-ins failed with `BSON element "cursor" is missing` or got another request's documents.
// Watched here through the driver's command monitoring on the app's real connection.
import type { CommandStartedEvent } from 'mongodb';
import MongoStore from 'connect-mongo';
import request from 'supertest';
import {
  UnacknowledgedWriteError,
  isUnacknowledged,
} from '../../server/database/acknowledged-writes';
import { sweepEverythingExpired } from '../../server/database/sweep-expired';
import { SESSION_COLLECTION } from '../../server/web/sessions';
import type { TestApp } from '../support/test-app';
import { createTestApp } from '../support/test-app';
import { DEMO, postForm, signIn } from '../support/signed-in';

let t: TestApp;
/** Every command the app's connection sent (recorded before the refusal check sees it). */
const sent: CommandStartedEvent[] = [];
beforeAll(async () => {
  t = await createTestApp({ seed: true });
  t.connection.getClient().prependListener('commandStarted', (event) => sent.push(event));
}, 120_000); // seeding and indexing the demo directory on a busy machine
afterAll(async () => t?.close());

const WRITES = new Set(['insert', 'update', 'delete', 'findAndModify', 'createIndexes', 'drop']);

/** Runs the app's interval jobs at a short interval until each has run `rounds` times. */
async function runIntervalJobs(rounds: number) {
  let done = 0;
  const failures: unknown[] = [];
  await new Promise<void>((resolve) => {
    const stop = sweepEverythingExpired(
      { models: t.models, connection: t.connection, sessionCollection: SESSION_COLLECTION },
      20,
      (failed) => {
        failures.push(...failed);
        if (++done === rounds) {
          stop();
          resolve();
        }
      },
    );
  });
  expect(failures).toEqual([]);
}

it('sends every write of the app and its libraries acknowledged, the interval jobs included', async () => {
  sent.length = 0;
  // Sessions, Passport and the CSRF cookie: every role signs in and out.
  for (const email of Object.values(DEMO)) {
    const agent = await signIn(t.app, email);
    expect((await postForm(agent, '/fr/logout', {})).status).toBe(303);
  }
  // Searches (the page and the API), an edit, "still accurate", the basket and its sheet.
  await request(t.app).get('/fr/search?q=cours').expect(200);
  await request(t.app).get('/api/v1/services?q=logement&lang=fr').expect(200);
  const editor = await signIn(t.app, DEMO.trustedEditor);
  const own = (await t.models.Service.findOne({ status: 'published' })
    .where('organisation')
    .in(
      (await t.models.Organisation.find({ slug: 'maison-carrefour' }, { _id: 1 }).lean()).map(
        (o) => o._id,
      ),
    )
    .lean())!;
  expect((await postForm(editor, `/fr/provider/services/${own._id}/verify`, {})).status).toBe(303);
  const staff = await signIn(t.app, DEMO.staff);
  expect((await postForm(staff, '/fr/referrals/items', { slug: own.slug })).status).toBe(303);
  expect((await staff.get('/fr/referrals/sheet')).status).toBe(200);
  // Expired documents of each kind, for the sweeps to delete.
  const past = new Date(Date.now() - 60_000);
  await t.connection
    .collection(SESSION_COLLECTION)
    .insertOne({ _id: 'expired-session' as never, session: '{}', expires: past });
  await t.models.RateLimitCounter.create({ _id: 'login:ended', hits: 1, resetAt: past });
  await runIntervalJobs(2);
  expect(
    await t.connection
      .collection(SESSION_COLLECTION)
      .countDocuments({ _id: 'expired-session' as never }),
  ).toBe(0);

  const writes = sent.filter((e) => WRITES.has(e.commandName));
  // The run did exercise the writers: session saves, the sweeps' deletes, the edit.
  const collections = new Set(
    writes.map((e) => `${e.commandName} ${String(e.command[e.commandName])}`),
  );
  expect([...collections]).toEqual(
    expect.arrayContaining([
      `update ${SESSION_COLLECTION}`,
      `delete ${SESSION_COLLECTION}`,
      'delete ratelimitcounters',
      'delete referralshares',
      'update services',
    ]),
  );
  const unacknowledged = sent
    .filter((e) => isUnacknowledged(e.command) && e.commandName !== 'endSessions')
    .map((e) => `${e.commandName} ${String(e.command[e.commandName])}`);
  expect(unacknowledged).toEqual([]);
});

it('refuses an unacknowledged write, from the app or a library, before it is sent', async () => {
  const sessions = t.connection.collection(SESSION_COLLECTION);
  await expect(
    sessions.deleteMany({ expires: { $lt: new Date() } }, { writeConcern: { w: 0 } }),
  ).rejects.toBeInstanceOf(UnacknowledgedWriteError);
  // connect-mongo's own interval clean-up (w: 0), here every 60 ms instead of 10 minutes.
  const refusedBefore = sent.filter((e) => isUnacknowledged(e.command)).length;
  const store = MongoStore.create({
    client: t.connection.getClient(),
    dbName: t.connection.name,
    collectionName: SESSION_COLLECTION,
    autoRemove: 'interval',
    autoRemoveInterval: 0.001,
  });
  try {
    for (
      let i = 0;
      i < 50 && sent.filter((e) => isUnacknowledged(e.command)).length <= refusedBefore + 2;
      i++
    )
      await new Promise((resolve) => setTimeout(resolve, 20));
  } finally {
    clearInterval((store as unknown as { timer: NodeJS.Timeout }).timer);
  }
  expect(sent.filter((e) => isUnacknowledged(e.command)).length).toBeGreaterThan(refusedBefore);
  await expectEveryConnectionInStep();
});

it('gives every request on every pooled connection its own answer after the interval jobs', async () => {
  await runIntervalJobs(3);
  await expectEveryConnectionInStep();
});

/**
 * Many different reads at once, more than the pool has connections, so that every pooled
 * connection (the ones the interval jobs used included) answers several of them: each must get
 * its own document. A connection one reply behind would hand one a stale answer instead.
 */
async function expectEveryConnectionInStep() {
  const docs = t.connection.collection<{ _id: string; value: string }>('answers');
  if ((await docs.countDocuments()) === 0)
    await docs.insertMany(Array.from({ length: 60 }, (_, i) => ({ _id: `a${i}`, value: `v${i}` })));
  const usedBefore = new Set(sent.map((e) => e.connectionId));
  const pool = [...usedBefore].filter((id) => id !== undefined);
  // At least twice as many reads at once as the pool has connections: the pool hands out idle
  // connections first, so with fewer reads than connections some would never be asked.
  const reads = Math.max(60, 2 * pool.length);
  const firstNew = sent.length;
  for (let round = 0; round < 3; round++) {
    const answers = await Promise.all(
      Array.from({ length: reads }, async (_, n) => {
        const i = n % 60;
        const doc =
          n % 2
            ? await docs.findOne({ _id: `a${i}` })
            : (await docs.find({ _id: `a${i}` }).toArray())[0];
        const count = await docs.countDocuments({ _id: { $in: [`a${i}`, `a${(i + 1) % 60}`] } });
        return { value: doc?.value, count };
      }),
    );
    expect(answers).toEqual(
      Array.from({ length: reads }, (_, n) => ({ value: `v${n % 60}`, count: 2 })),
    );
  }
  const usedAfter = new Set(sent.slice(firstNew).map((e) => e.connectionId));
  // Every connection of the pool that was in use before answered some of these reads correctly.
  expect(pool.filter((id) => !usedAfter.has(id))).toEqual([]);
}
