// Coordinator-only writes are refused by the admin and accounts services themselves, not only by
// the routes (issue #19 item 4): called directly with an editor, front-desk staff or translator,
// each throws ForbiddenError and writes nothing; called with a coordinator, each succeeds.
import { Types } from 'mongoose';
import type { Actor } from '../../server/auth/actor';
import { ForbiddenError } from '../../server/errors';
import type { ServiceInput } from '../../server/models/editable-records';
import type { TestApp } from '../support/test-app';
import { createTestApp } from '../support/test-app';

let t: TestApp;
let organisationId: string;
let userId: string;
/** Waits for review throughout: the refused calls must leave it so. */
let pendingIdForDenials: string;

const actor = (role: Actor['role'], extra: Partial<Actor> = {}): Actor => ({
  id: new Types.ObjectId().toHexString(),
  email: `${role}@roles.example`,
  role,
  ...extra,
});
const coordinator = actor('coordinator');

/** A service as a provider's form makes it. */
const serviceInput = (name: string): ServiceInput => ({
  category: 'health',
  needs: [],
  name: { fr: name },
  summary: { fr: 'Consultations sans rendez-vous.' },
  description: { fr: 'Un centre de santé ouvert à toutes et à tous.' },
  documents: {},
  languages: ['fr'],
  interpretationOnRequest: false,
  cost: { type: 'free' },
  access: { modes: ['walk-in'], note: {} },
  delivery: ['in-person'],
  eligibility: {
    residenceStatus: ['any'],
    womenOnly: false,
    families: false,
    youth: false,
  },
  locations: [],
  contact: {},
});

/** A new service submitted by an editor of an untrusted organisation: it waits for review. */
async function pendingService(name: string): Promise<string> {
  const editor = actor('editor', { organisation: organisationId });
  const service = await t.services.provider.createService(
    editor,
    organisationId,
    serviceInput(name),
    'submit',
  );
  expect(service.status).toBe('pending');
  return String(service._id);
}

beforeAll(async () => {
  t = await createTestApp();
  await t.models.Category.create({ slug: 'health', name: { fr: 'Santé' }, order: 1 });
  const organisation = await t.models.Organisation.create({
    slug: 'centre-roles',
    name: 'Centre des rôles',
    description: { fr: 'Un centre.' },
  });
  organisationId = String(organisation._id);
  const user = await t.models.User.create({ email: 'person@roles.example', role: 'staff' });
  userId = String(user._id);
  pendingIdForDenials = await pendingService('Centre de santé en attente');
});
afterAll(async () => t?.close());

const NOT_COORDINATORS = [
  actor('editor', { organisation: '0'.repeat(24) }),
  actor('staff'),
  actor('translator', { languages: ['ar'] }),
];

describe.each(NOT_COORDINATORS)('a $role calling the services directly', (caller) => {
  // The editor is given the organisation the writes below touch: their own does not make them
  // a coordinator.
  const who = () =>
    caller.role === 'editor' ? { ...caller, organisation: organisationId } : caller;

  it.each([
    ['admin.approve', () => t.services.admin.approve(who(), 'service', pendingIdForDenials)],
    [
      'admin.returnForChanges',
      () => t.services.admin.returnForChanges(who(), 'service', pendingIdForDenials, 'Non.'),
    ],
    [
      'admin.createOrganisation',
      () =>
        t.services.admin.createOrganisation(who(), {
          name: 'Autre',
          slug: 'autre-centre',
          description: { fr: 'Autre.' },
        }),
    ],
    [
      'admin.setOrganisationFlags',
      () => t.services.admin.setOrganisationFlags(who(), organisationId, { trusted: true }),
    ],
    [
      'admin.updateCategory',
      () =>
        t.services.admin.updateCategory(who(), 'health', {
          name: { fr: 'Soins' },
          description: {},
        }),
    ],
    [
      'accounts.invite',
      () => t.services.accounts.invite({ email: 'new@roles.example', role: 'coordinator' }, who()),
    ],
    ['accounts.issueReset', () => t.services.accounts.issueReset(userId, who())],
    ['accounts.setActive', () => t.services.accounts.setActive(userId, false, who())],
  ])('%s is refused with ForbiddenError and changes nothing', async (_name, call) => {
    const audited = await t.models.AuditEntry.countDocuments({ actorEmail: caller.email });
    await expect(call()).rejects.toBeInstanceOf(ForbiddenError);
    expect(await t.models.AuditEntry.countDocuments({ actorEmail: caller.email })).toBe(audited);
    expect(await t.models.Organisation.exists({ slug: 'autre-centre' })).toBeNull();
    expect((await t.models.Organisation.findById(organisationId).lean())!.trusted).toBe(false);
    expect((await t.models.Service.findById(pendingIdForDenials).lean())!.status).toBe('pending');
    expect((await t.models.User.findById(userId).lean())!.active).not.toBe(false);
    expect(await t.models.User.exists({ email: 'new@roles.example' })).toBeNull();
    expect(await t.models.AccountToken.countDocuments({ user: userId })).toBe(0);
  });
});

describe('a coordinator calling the services directly', () => {
  it('approves and returns pending work', async () => {
    const toApprove = await pendingService('Centre à publier');
    await t.services.admin.approve(coordinator, 'service', toApprove);
    expect((await t.models.Service.findById(toApprove).lean())!.status).toBe('published');
    const toReturn = await pendingService('Centre à reprendre');
    await t.services.admin.returnForChanges(coordinator, 'service', toReturn, 'Précisez.');
    const returned = (await t.models.Service.findById(toReturn).lean())!;
    expect(returned.status).toBe('draft');
    expect(returned.reviewComment).toBe('Précisez.');
  });

  it('creates an organisation, sets its flags and edits a category', async () => {
    const created = await t.services.admin.createOrganisation(coordinator, {
      name: 'Nouveau centre',
      slug: 'nouveau-centre',
      description: { fr: 'Nouveau.' },
    });
    await t.services.admin.setOrganisationFlags(coordinator, String(created._id), {
      trusted: true,
    });
    expect((await t.models.Organisation.findById(created._id).lean())!.trusted).toBe(true);
    await t.services.admin.updateCategory(coordinator, 'health', {
      name: { fr: 'Santé et soins' },
      description: {},
    });
    const category = (await t.models.Category.findOne({ slug: 'health' }).lean())!;
    expect(category.name).toEqual({ fr: 'Santé et soins' });
  });

  it('invites, issues a reset link and switches an account off', async () => {
    const invited = await t.services.accounts.invite(
      { email: 'invited@roles.example', role: 'editor', organisation: organisationId },
      coordinator,
    );
    expect(invited.email).toBe('invited@roles.example');
    expect(invited.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await t.models.User.updateOne({ _id: userId }, { $set: { passwordHash: 'x' } });
    const reset = await t.services.accounts.issueReset(userId, coordinator);
    expect(reset.email).toBe('person@roles.example');
    await t.services.accounts.setActive(userId, false, coordinator);
    expect((await t.models.User.findById(userId).lean())!.active).toBe(false);
  });
});
