// Accounts: sign-in, invitations and coordinator-issued password resets (one-time links shown to
// the coordinator to pass on; no e-mail server needed). Issuing links and switching accounts
// on or off are coordinator work: checked here too (assertCoordinator), not only in the routes.
import { createHash, randomBytes } from 'node:crypto';
import type { Types } from 'mongoose';
import type { Actor } from '../../auth/actor';
import { assertCoordinator } from '../../auth/actor';
import { hashPassword, verifyPassword } from '../../auth/passwords';
import { ConflictError, NotFoundError } from '../../errors';
import type { Models } from '../../models';
import { DAY_MS, OBJECT_ID } from '../../models/vocabulary';
import type { Role } from '../../models/vocabulary';
import type { AuditLog } from '../../moderation/audit-log';
import type { UserSessions } from '../../auth/user-sessions';

const LIFETIME_MS = { invitation: 7 * DAY_MS, reset: DAY_MS } as const;
type Purpose = keyof typeof LIFETIME_MS;

const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

interface UserRecord {
  _id: Types.ObjectId;
  email: string;
  name?: string | null;
  role: Role;
  organisation?: Types.ObjectId | null;
  active?: boolean | null;
  passwordHash?: string | null;
  languages?: string[] | null;
  translatorTrusted?: boolean | null;
}

const toActor = (user: UserRecord): Actor => ({
  id: String(user._id),
  email: user.email,
  ...(user.name ? { name: user.name } : {}),
  role: user.role,
  ...(user.organisation ? { organisation: String(user.organisation) } : {}),
  ...(user.role === 'translator'
    ? { languages: user.languages ?? [], translatorTrusted: Boolean(user.translatorTrusted) }
    : {}),
});

/** What the audit log keeps of an account: never its password hash or a link's token. */
const accountFields = (user: Omit<UserRecord, '_id'>) => ({
  email: user.email,
  name: user.name ?? '',
  role: user.role,
  organisation: user.organisation ? String(user.organisation) : '',
  active: user.active !== false,
  ...(user.role === 'translator'
    ? {
        languages: (user.languages ?? []).join(' '),
        translatorTrusted: Boolean(user.translatorTrusted),
      }
    : {}),
});

export function createAccountsService(deps: {
  models: Models;
  audit: AuditLog;
  /** Signed-in sessions, ended when the account's password is set. */
  sessions: UserSessions;
  now?: () => Date;
}) {
  const { User, AccountToken, Organisation } = deps.models;
  const { audit } = deps;
  const now = () => deps.now?.() ?? new Date();

  /** Makes the account's unused links unusable; how many were open. */
  async function revokeOpenLinks(user: Types.ObjectId | string): Promise<number> {
    const result = await AccountToken.updateMany(
      { user, usedAt: { $exists: false }, revokedAt: { $exists: false } },
      { $set: { revokedAt: now() } },
    );
    return result.modifiedCount;
  }

  async function issueToken(user: Types.ObjectId, purpose: Purpose, by: Actor) {
    // Only the newest link works: one handed out earlier (perhaps to the wrong person, or lost)
    // stops working when the coordinator issues another.
    await revokeOpenLinks(user);
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now().getTime() + LIFETIME_MS[purpose]);
    await AccountToken.create({
      _id: tokenHash(token),
      user,
      purpose,
      expiresAt,
      createdBy: by.id,
    });
    return { token, expiresAt };
  }

  return {
    /** The account for these credentials, or null (unknown e-mail, wrong password, inactive). */
    async authenticate(email: string, password: string): Promise<Actor | null> {
      const user = await User.findOne({ email: email.trim().toLowerCase() }).lean<UserRecord>();
      const ok = await verifyPassword(user?.active === false ? null : user?.passwordHash, password);
      if (!user || !ok || user.active === false) return null;
      await User.updateOne({ _id: user._id }, { $set: { lastLoginAt: now() } });
      return toActor(user);
    },

    /** The signed-in account behind a session, if it still exists and is active. */
    async findActor(id: string): Promise<Actor | null> {
      if (!OBJECT_ID.test(id)) return null;
      const user = await User.findById(id).lean<UserRecord>();
      return user && user.active !== false ? toActor(user) : null;
    },

    /** Creates (or re-invites) an account without a password and returns its invitation token. */
    async invite(
      input: {
        email: string;
        name?: string;
        role: Role;
        organisation?: string;
        /** Translators: the languages they may write, and whether saves publish at once. */
        languages?: string[];
        translatorTrusted?: boolean;
      },
      by: Actor,
    ): Promise<{ token: string; email: string }> {
      assertCoordinator(by);
      if (input.role === 'editor') {
        const organisation =
          input.organisation && (await Organisation.findById(input.organisation));
        if (!organisation) throw new NotFoundError('organisation');
      }
      const email = input.email.trim().toLowerCase();
      let user = await User.findOne({ email });
      if (user?.passwordHash) throw new ConflictError(`account ${email} exists`);
      const before = user ? accountFields(user.toObject()) : {};
      user ??= new User({ email });
      user.set({
        name: input.name,
        role: input.role,
        organisation: input.role === 'editor' ? input.organisation : undefined,
        languages: input.role === 'translator' ? (input.languages ?? []) : undefined,
        translatorTrusted: input.role === 'translator' && Boolean(input.translatorTrusted),
        active: true,
      });
      await user.save();
      const { token, expiresAt } = await issueToken(user._id, 'invitation', by);
      await audit.record({
        subject: 'user',
        subjectId: user._id,
        organisation: user.organisation ?? undefined,
        action: 'invite',
        actor: by,
        before,
        after: { ...accountFields(user.toObject()), linkExpiresAt: expiresAt.toISOString() },
      });
      return { token, email };
    },

    async issueReset(userId: string, by: Actor): Promise<{ token: string; email: string }> {
      assertCoordinator(by);
      const user = await User.findById(userId);
      if (!user) throw new NotFoundError('user');
      // A switched-off account gets no link (its link would be refused anyway); switching it on
      // is a separate, logged decision.
      if (!user.active) throw new ConflictError('account is switched off');
      const { token, expiresAt } = await issueToken(user._id, 'reset', by);
      // That a link was issued and until when; the link itself stays with the coordinator.
      await audit.record({
        subject: 'user',
        subjectId: user._id,
        organisation: user.organisation ?? undefined,
        action: 'reset',
        actor: by,
        after: { linkExpiresAt: expiresAt.toISOString() },
      });
      return { token, email: user.email };
    },

    /** What a one-time link is for, if it can still be used (by an active account). */
    async checkToken(token: string): Promise<{ purpose: Purpose; email: string } | null> {
      const record = await AccountToken.findById(tokenHash(token)).lean();
      if (!record || record.usedAt || record.revokedAt || record.expiresAt <= now()) return null;
      const user = await User.findById(record.user).lean<UserRecord>();
      return user && user.active !== false ? { purpose: record.purpose, email: user.email } : null;
    },

    /**
     * Sets the password through a one-time link and signs the account out everywhere else
     * (but `keepSession`); false when the link is used, revoked, expired or unknown, or the
     * account is switched off. A link never switches an account on: only a coordinator does,
     * and that is logged.
     */
    async setPasswordWithToken(
      token: string,
      password: string,
      options: { keepSession?: string } = {},
    ): Promise<boolean> {
      const at = now();
      // Claim the token first, atomically: two submissions cannot both use it.
      const claimed = await AccountToken.findOneAndUpdate(
        {
          _id: tokenHash(token),
          usedAt: { $exists: false },
          revokedAt: { $exists: false },
          expiresAt: { $gt: at },
        },
        { $set: { usedAt: at } },
      ).lean();
      if (!claimed) return false;
      const passwordHash = await hashPassword(password);
      const result = await User.updateOne(
        { _id: claimed.user, active: { $ne: false } },
        { $set: { passwordHash } },
      );
      if (result.matchedCount !== 1) return false;
      // Whoever signed in with the old password (a lost phone, a shared computer) is out.
      await deps.sessions.endAll(String(claimed.user), { except: options.keepSession });
      return true;
    },

    async listUsers() {
      const [users, organisations] = await Promise.all([
        User.find().sort({ email: 1 }).lean<(UserRecord & { lastLoginAt?: Date })[]>(),
        Organisation.find({}, { name: 1 }).lean(),
      ]);
      const orgName = new Map(organisations.map((o) => [String(o._id), o.name]));
      return users.map((u) => ({
        id: String(u._id),
        email: u.email,
        name: u.name ?? '',
        role: u.role,
        organisation: u.organisation ? (orgName.get(String(u.organisation)) ?? '') : '',
        active: u.active !== false,
        invited: !u.passwordHash,
        lastLoginAt: u.lastLoginAt,
      }));
    },

    async setActive(userId: string, active: boolean, by: Actor): Promise<void> {
      assertCoordinator(by);
      if (userId === by.id && !active) throw new ConflictError('cannot deactivate yourself');
      // The account as it was before the update, read in the same operation.
      const before = await User.findOneAndUpdate(
        { _id: userId },
        { $set: { active } },
      ).lean<UserRecord>();
      if (!before) throw new NotFoundError('user');
      // Open invitation and reset links die with the account: switched off means no way back in
      // except through a coordinator switching it on again (logged). Also when it was already
      // off, in case a link was issued in between.
      const revoked = active ? 0 : await revokeOpenLinks(before._id);
      if ((before.active !== false) === active) return;
      await audit.record({
        subject: 'user',
        subjectId: before._id,
        organisation: before.organisation ?? undefined,
        action: active ? 'activate' : 'deactivate',
        actor: by,
        before: { active: !active, ...(revoked ? { openLinks: revoked } : {}) },
        after: { active, ...(revoked ? { openLinks: 0 } : {}) },
      });
    },
  };
}

export type AccountsService = ReturnType<typeof createAccountsService>;
