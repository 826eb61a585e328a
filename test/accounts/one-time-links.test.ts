// Invitation and reset links: only the newest works, switching an account off revokes them and a
// switched-off account's link is refused (a link never switches an account back on), and setting
// a password through a link signs the account out everywhere else.
import request from 'supertest';
import { hashPassword, verifyPassword } from '../../server/auth/passwords';
import type { TestApp } from '../support/test-app';
import { createTestApp } from '../support/test-app';
import type { Agent } from '../support/signed-in';
import { DEMO, csrfFrom, postForm, signIn } from '../support/signed-in';

let t: TestApp;
let coordinator: Agent;
beforeAll(async () => {
  t = await createTestApp({ seed: true });
  coordinator = await signIn(t.app, DEMO.coordinator);
}, 120_000); // seeding and indexing the demo directory on a busy machine
afterAll(async () => t?.close());

const OLD_PASSWORD = 'ancien-mot-de-passe';
const NEW_PASSWORD = 'nouveau-mot-de-passe';

/** A front-desk colleague who can sign in with OLD_PASSWORD. */
async function aColleague(email: string) {
  const user = await t.models.User.create({
    email,
    role: 'staff',
    passwordHash: await hashPassword(OLD_PASSWORD),
  });
  return String(user._id);
}

/** The coordinator issues a reset link; its token (as shown on the users page). */
async function resetLink(userId: string): Promise<string> {
  const response = await postForm(coordinator, `/fr/admin/users/${userId}/reset`, {});
  expect(response.status).toBe(200);
  return /\/fr\/account\/password\/([A-Za-z0-9_-]{43})"/.exec(response.text)![1]!;
}

const switchOff = (userId: string) =>
  postForm(coordinator, `/fr/admin/users/${userId}/active`, {}).then((r) => r.status);
const switchOn = (userId: string) =>
  postForm(coordinator, `/fr/admin/users/${userId}/active`, { active: '1' }).then((r) => r.status);

/** Opens the link and sets a password with it, as the person holding it would. */
async function usePasswordLink(agent: Agent, token: string, password = NEW_PASSWORD) {
  const path = `/fr/account/password/${token}`;
  const page = await agent.get(path);
  // A refused link shows no form: take a token from the sign-in page to still try the post.
  const form = page.status === 200 ? page.text : (await agent.get('/fr/login')).text;
  const posted = await agent
    .post(path)
    .type('form')
    .send({ password, confirm: password, _csrf: csrfFrom(form) });
  return { opened: page.status, posted: posted.status };
}

async function signInAs(email: string, password: string) {
  const agent = request.agent(t.app);
  const page = await agent.get('/fr/login');
  const response = await agent
    .post('/fr/login')
    .type('form')
    .send({ email, password, _csrf: csrfFrom(page.text) });
  return { agent, status: response.status };
}

const user = async (id: string) => (await t.models.User.findById(id).lean())!;

describe('switching an account off', () => {
  it('revokes its open link, which then neither sets a password nor switches it back on', async () => {
    const id = await aColleague('depart@onestop.example');
    const token = await resetLink(id);
    const since = new Date();
    expect(await switchOff(id)).toBe(303);

    const attempt = await usePasswordLink(request.agent(t.app), token);
    expect(attempt).toEqual({ opened: 410, posted: 410 });
    const after = await user(id);
    expect(after.active).toBe(false);
    expect(await verifyPassword(after.passwordHash, OLD_PASSWORD)).toBe(true);

    // Only the coordinator's decision is in the log, with the link it revoked.
    const entries = await t.models.AuditEntry.find({ subjectId: id, at: { $gte: since } }).lean();
    expect(entries.map((e) => e.action)).toEqual(['deactivate']);
    expect(entries[0]!.changes).toEqual(
      expect.arrayContaining([{ field: 'openLinks', before: '1', after: '0' }]),
    );

    // Switched on again by the coordinator (logged): the old link stays revoked.
    expect(await switchOn(id)).toBe(303);
    expect((await usePasswordLink(request.agent(t.app), token)).opened).toBe(410);
  });

  it('refuses the link of a switched-off account even when it was never revoked', async () => {
    const id = await aColleague('inactif@onestop.example');
    const token = await resetLink(id);
    // Switched off by something other than the users page (a script, an older instance).
    await t.models.User.updateOne({ _id: id }, { $set: { active: false } });
    expect(await usePasswordLink(request.agent(t.app), token)).toEqual({
      opened: 410,
      posted: 410,
    });
    const after = await user(id);
    expect(after.active).toBe(false);
    expect(await verifyPassword(after.passwordHash, OLD_PASSWORD)).toBe(true);
  });

  it('offers and issues no reset link for a switched-off account', async () => {
    const id = await aColleague('eteint@onestop.example');
    expect(await switchOff(id)).toBe(303);
    const page = await coordinator.get('/fr/admin/users').expect(200);
    expect(page.text).not.toContain(`/fr/admin/users/${id}/reset`);
    const since = new Date();
    const refused = await postForm(coordinator, `/fr/admin/users/${id}/reset`, {});
    expect(refused.status).toBe(409);
    expect(await t.models.AccountToken.countDocuments({ user: id })).toBe(0);
    expect(await t.models.AuditEntry.countDocuments({ subjectId: id, at: { $gte: since } })).toBe(
      0,
    );
  });
});

describe('a newer link', () => {
  it('revokes the older ones', async () => {
    const id = await aColleague('oublieux@onestop.example');
    const first = await resetLink(id);
    const second = await resetLink(id);
    expect((await usePasswordLink(request.agent(t.app), first)).opened).toBe(410);
    expect(await usePasswordLink(request.agent(t.app), second)).toEqual({
      opened: 200,
      posted: 303,
    });
    expect(await verifyPassword((await user(id)).passwordHash, NEW_PASSWORD)).toBe(true);
  });
});

describe('setting a password through a link', () => {
  const sessionsOf = (id: string) =>
    t.connection
      .collection('sessions')
      .countDocuments({ session: { $regex: `"passport":\\{"user":"${id}"\\}` } });

  it("signs the account out of every other browser, and no one else's", async () => {
    const email = 'telephone-perdu@onestop.example';
    const id = await aColleague(email);
    const phone = await signInAs(email, OLD_PASSWORD);
    const desk = await signInAs(email, OLD_PASSWORD);
    expect([phone.status, desk.status]).toEqual([303, 303]);
    await phone.agent.get('/fr/referrals').expect(200);
    expect(await sessionsOf(id)).toBe(2);

    const token = await resetLink(id);
    // Set from a third browser (the colleague at home).
    expect(await usePasswordLink(request.agent(t.app), token)).toEqual({
      opened: 200,
      posted: 303,
    });

    expect(await sessionsOf(id)).toBe(0);
    for (const browser of [phone.agent, desk.agent]) {
      const page = await browser.get('/fr/referrals');
      expect(page.status).toBe(302);
      expect(page.headers.location).toMatch(/^\/fr\/login/);
    }
    // The coordinator who issued the link is still signed in.
    await coordinator.get('/fr/admin').expect(200);
    expect((await signInAs(email, NEW_PASSWORD)).status).toBe(303);
  });

  it('keeps the session of the browser that used the link', async () => {
    const email = 'meme-navigateur@onestop.example';
    const id = await aColleague(email);
    const own = await signInAs(email, OLD_PASSWORD);
    const other = await signInAs(email, OLD_PASSWORD);
    const token = await resetLink(id);
    expect((await usePasswordLink(own.agent, token)).posted).toBe(303);
    await own.agent.get('/fr/referrals').expect(200);
    expect((await other.agent.get('/fr/referrals')).status).toBe(302);
    expect(await sessionsOf(id)).toBe(1);
  });
});
