// The coordinator's own writes are in the audit log like the providers': new organisations,
// the "trusted" and "verified" flags, categories, invitations, reset links and (de)activated
// accounts, each with who, when and field-level before/after, and never a secret.
import type { TestApp } from '../support/test-app';
import { createTestApp } from '../support/test-app';
import type { Agent } from '../support/signed-in';
import { DEMO, postForm, signIn } from '../support/signed-in';

let t: TestApp;
let coordinator: Agent;
let coordinatorId: string;
beforeAll(async () => {
  t = await createTestApp({ seed: true });
  coordinator = await signIn(t.app, DEMO.coordinator);
  coordinatorId = String((await t.models.User.findOne({ email: DEMO.coordinator }).lean())!._id);
});
afterAll(async () => t?.close());

const organisation = async (slug: string) =>
  (await t.models.Organisation.findOne({ slug }).lean())!;

/** Entries written since `since`, oldest first. */
const entriesSince = (since: Date, filter: Record<string, unknown> = {}) =>
  t.models.AuditEntry.find({ at: { $gte: since }, ...filter })
    .sort({ at: 1 })
    .lean();

/** The one-time link shown to the coordinator on the users page. */
const oneTimeLink = (html: string) =>
  /href="http:\/\/localhost:\d+\/fr\/account\/password\/([A-Za-z0-9_-]{43})"/.exec(html)![1]!;

function expectWrittenByCoordinator(entry: { actor: unknown; actorEmail: string; at: Date }) {
  expect(String(entry.actor)).toBe(coordinatorId);
  expect(entry.actorEmail).toBe(DEMO.coordinator);
  expect(Date.now() - entry.at.getTime()).toBeLessThan(60_000);
}

describe('organisations', () => {
  it('records a new organisation with what it was created with', async () => {
    const since = new Date();
    const response = await postForm(coordinator, '/fr/admin/organisations', {
      name: 'Jardin des langues',
      slug: 'jardin-des-langues',
      description: 'Conversation en français au jardin.',
    });
    expect(response.status).toBe(303);
    const created = await organisation('jardin-des-langues');
    const [entry, ...others] = await entriesSince(since);
    expect(others).toEqual([]);
    expect(entry).toMatchObject({
      subject: 'organisation',
      action: 'create',
      pending: false,
    });
    expect(String(entry!.subjectId)).toBe(String(created._id));
    expect(String(entry!.organisation)).toBe(String(created._id));
    expectWrittenByCoordinator(entry!);
    expect(entry!.changes).toEqual(
      expect.arrayContaining([
        { field: 'name', before: '', after: 'Jardin des langues' },
        { field: 'slug', before: '', after: 'jardin-des-langues' },
        { field: 'description.fr', before: '', after: 'Conversation en français au jardin.' },
        { field: 'verified', before: '', after: 'true' },
        { field: 'trusted', before: '', after: 'false' },
      ]),
    );
  });

  it('records who marked an organisation trusted, field by field, and nothing for no change', async () => {
    const babel = await organisation('babel-langues');
    expect(babel.trusted).toBe(false);
    const flags = { trusted: '1', verified: babel.verified ? '1' : '' };
    const since = new Date();
    const response = await postForm(
      coordinator,
      `/fr/admin/organisations/${babel._id}/flags`,
      flags,
    );
    expect(response.status).toBe(303);
    expect((await organisation('babel-langues')).trusted).toBe(true);
    const [entry, ...others] = await entriesSince(since);
    expect(others).toEqual([]);
    expect(entry).toMatchObject({ subject: 'organisation', action: 'flags' });
    expect(String(entry!.subjectId)).toBe(String(babel._id));
    expect(String(entry!.organisation)).toBe(String(babel._id));
    expectWrittenByCoordinator(entry!);
    // Only what changed: "verified" stayed as it was.
    expect(entry!.changes).toEqual([{ field: 'trusted', before: 'false', after: 'true' }]);

    // The same form saved again changes nothing and adds no line.
    const again = new Date();
    expect(
      (await postForm(coordinator, `/fr/admin/organisations/${babel._id}/flags`, flags)).status,
    ).toBe(303);
    expect(await entriesSince(again)).toEqual([]);

    // Taking the trust back is recorded the same way.
    const back = new Date();
    const untrust = await postForm(coordinator, `/fr/admin/organisations/${babel._id}/flags`, {
      verified: flags.verified,
    });
    expect(untrust.status).toBe(303);
    const [untrusted] = await entriesSince(back);
    expect(untrusted!.changes).toEqual([{ field: 'trusted', before: 'true', after: 'false' }]);
  });
});

describe('categories', () => {
  it('records the texts that changed', async () => {
    const category = (await t.models.Category.findOne({ slug: 'housing' }).lean())!;
    const names = category.name as unknown as Record<string, string>;
    const descriptions = (category.description ?? {}) as unknown as Record<string, string>;
    const body: Record<string, string> = {};
    for (const lng of t.config.languages) {
      body[`name_${lng}`] = names[lng] ?? '';
      body[`description_${lng}`] = descriptions[lng] ?? '';
    }
    body.name_fr = 'Logement et hébergement';
    const since = new Date();
    const response = await postForm(coordinator, '/fr/admin/categories/housing', body);
    expect(response.status).toBe(303);
    const [entry, ...others] = await entriesSince(since);
    expect(others).toEqual([]);
    expect(entry).toMatchObject({ subject: 'category', action: 'edit' });
    expect(String(entry!.subjectId)).toBe(String(category._id));
    expectWrittenByCoordinator(entry!);
    expect(entry!.changes).toEqual(
      expect.arrayContaining([
        { field: 'name.fr', before: names.fr, after: 'Logement et hébergement' },
      ]),
    );
    expect(entry!.changes.map((c) => c.field)).not.toContain('name.en');
  });
});

describe('accounts', () => {
  const email = 'nouveau@passerelles-interpretes.example';

  it('records an invitation without the link or any password', async () => {
    const passerelles = await organisation('passerelles-interpretes');
    const since = new Date();
    const response = await postForm(coordinator, '/fr/admin/users', {
      email,
      name: 'Nouveau Collègue',
      role: 'editor',
      organisation: String(passerelles._id),
    });
    expect(response.status).toBe(201);
    const token = oneTimeLink(response.text);
    const user = (await t.models.User.findOne({ email }).lean())!;
    const [entry, ...others] = await entriesSince(since);
    expect(others).toEqual([]);
    expect(entry).toMatchObject({ subject: 'user', action: 'invite' });
    expect(String(entry!.subjectId)).toBe(String(user._id));
    expect(String(entry!.organisation)).toBe(String(passerelles._id));
    expectWrittenByCoordinator(entry!);
    expect(entry!.changes).toEqual(
      expect.arrayContaining([
        { field: 'email', before: '', after: email },
        { field: 'name', before: '', after: 'Nouveau Collègue' },
        { field: 'role', before: '', after: 'editor' },
        { field: 'organisation', before: '', after: String(passerelles._id) },
        { field: 'active', before: '', after: 'true' },
      ]),
    );
    const expiry = entry!.changes.find((c) => c.field === 'linkExpiresAt')!;
    expect(new Date(expiry.after!).getTime() - Date.now()).toBeGreaterThan(6 * 86_400_000);
    await expectNoSecret(entry!, token);
  });

  it('records a reset link, not the link itself', async () => {
    const user = (await t.models.User.findOne({ email: DEMO.otherEditor }).lean())!;
    const since = new Date();
    const response = await postForm(coordinator, `/fr/admin/users/${user._id}/reset`, {});
    expect(response.status).toBe(200);
    const token = oneTimeLink(response.text);
    const [entry, ...others] = await entriesSince(since);
    expect(others).toEqual([]);
    expect(entry).toMatchObject({ subject: 'user', action: 'reset' });
    expect(String(entry!.subjectId)).toBe(String(user._id));
    expectWrittenByCoordinator(entry!);
    expect(entry!.changes.map((c) => c.field)).toEqual(['linkExpiresAt']);
    const hours = (new Date(entry!.changes[0]!.after!).getTime() - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(23);
    expect(hours).toBeLessThanOrEqual(24);
    await expectNoSecret(entry!, token);
  });

  it('records deactivating and reactivating an account', async () => {
    const user = (await t.models.User.findOne({ email }).lean())!;
    const since = new Date();
    const off = await postForm(coordinator, `/fr/admin/users/${user._id}/active`, {});
    expect(off.status).toBe(303);
    expect((await t.models.User.findById(user._id).lean())!.active).toBe(false);
    const on = await postForm(coordinator, `/fr/admin/users/${user._id}/active`, { active: '1' });
    expect(on.status).toBe(303);
    const entries = await entriesSince(since);
    expect(entries.map((e) => e.action)).toEqual(['deactivate', 'activate']);
    for (const entry of entries) {
      expect(entry.subject).toBe('user');
      expect(String(entry.subjectId)).toBe(String(user._id));
      expectWrittenByCoordinator(entry);
    }
    // Switching off also revoked the invitation link still open from the test above.
    expect(entries[0]!.changes).toEqual([
      { field: 'active', before: 'true', after: 'false' },
      { field: 'openLinks', before: '1', after: '0' },
    ]);
    expect(entries[1]!.changes).toEqual([{ field: 'active', before: 'false', after: 'true' }]);
  });

  /** Neither the link, its stored hash, nor a password hash is anywhere in the entry. */
  async function expectNoSecret(entry: object, token: string) {
    const text = JSON.stringify(entry);
    expect(text).not.toContain(token);
    for (const stored of await t.models.AccountToken.find({}, { _id: 1 }).lean()) {
      expect(text).not.toContain(String(stored._id));
    }
    expect(text).not.toMatch(/argon2|password|token/i);
  }
});

describe('denied requests', () => {
  it.each([
    ['an editor', DEMO.editor],
    ['centre staff', DEMO.staff],
  ])('write no audit entry when %s tries a coordinator action', async (_who, account) => {
    const agent = await signIn(t.app, account);
    const passerelles = await organisation('passerelles-interpretes');
    const user = (await t.models.User.findOne({ email: DEMO.trustedEditor }).lean())!;
    const since = new Date();
    const attempts = [
      ['/fr/admin/organisations', { name: 'Intrus', slug: 'intrus', description: 'Non.' }],
      [`/fr/admin/organisations/${passerelles._id}/flags`, { trusted: '1', verified: '1' }],
      ['/fr/admin/categories/housing', { name_fr: 'Piraté' }],
      ['/fr/admin/users', { email: 'intrus@example.org', role: 'coordinator' }],
      [`/fr/admin/users/${user._id}/reset`, {}],
      [`/fr/admin/users/${user._id}/active`, {}],
    ] as const;
    for (const [path, body] of attempts) {
      const response = await postForm(agent, path, body);
      expect({ path, status: response.status }).toEqual({ path, status: 403 });
    }
    expect(await entriesSince(since)).toEqual([]);
    expect((await organisation('passerelles-interpretes')).trusted).toBe(passerelles.trusted);
    expect(await t.models.Organisation.exists({ slug: 'intrus' })).toBeNull();
    expect((await t.models.User.findById(user._id).lean())!.active).not.toBe(false);
  });
});
