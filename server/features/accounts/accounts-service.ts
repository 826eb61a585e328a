// Accounts: sign-in, invitations and coordinator-issued password resets (one-time links shown to
// the coordinator to pass on; no e-mail server needed).
import { createHash, randomBytes } from 'node:crypto';
import type { Types } from 'mongoose';
import type { Actor } from '../../auth/actor';
import { hashPassword, verifyPassword } from '../../auth/passwords';
import { ConflictError, NotFoundError } from '../../errors';
import type { Models } from '../../models';
import type { Role } from '../../models/vocabulary';
import type { AuditLog } from '../../moderation/audit-log';

const DAY_MS = 86_400_000;
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
}

const toActor = (user: UserRecord): Actor => ({
  id: String(user._id),
  email: user.email,
  ...(user.name ? { name: user.name } : {}),
  role: user.role,
  ...(user.organisation ? { organisation: String(user.organisation) } : {}),
});

/** What the audit log keeps of an account: never its password hash or a link's token. */
const accountFields = (user: Omit<UserRecord, '_id'>) => ({
  email: user.email,
  name: user.name ?? '',
  role: user.role,
  organisation: user.organisation ? String(user.organisation) : '',
  active: user.active !== false,
});

export function createAccountsService(deps: { models: Models; audit: AuditLog; now?: () => Date }) {
  const { User, AccountToken, Organisation } = deps.models;
  const { audit } = deps;
  const now = () => deps.now?.() ?? new Date();

  async function issueToken(user: Types.ObjectId, purpose: Purpose, by: Actor) {
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
      if (!/^[a-f0-9]{24}$/.test(id)) return null;
      const user = await User.findById(id).lean<UserRecord>();
      return user && user.active !== false ? toActor(user) : null;
    },

    /** Creates (or re-invites) an account without a password and returns its invitation token. */
    async invite(
      input: { email: string; name?: string; role: Role; organisation?: string },
      by: Actor,
    ): Promise<{ token: string; email: string }> {
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
      const user = await User.findById(userId);
      if (!user) throw new NotFoundError('user');
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

    /** What a one-time link is for, if it can still be used. */
    async checkToken(token: string): Promise<{ purpose: Purpose; email: string } | null> {
      const record = await AccountToken.findById(tokenHash(token)).lean();
      if (!record || record.usedAt || record.expiresAt <= now()) return null;
      const user = await User.findById(record.user).lean<UserRecord>();
      return user ? { purpose: record.purpose as Purpose, email: user.email } : null;
    },

    /** Sets the password through a one-time link; false when the link is used, expired or unknown. */
    async setPasswordWithToken(token: string, password: string): Promise<boolean> {
      const at = now();
      // Claim the token first, atomically: two submissions cannot both use it.
      const claimed = await AccountToken.findOneAndUpdate(
        { _id: tokenHash(token), usedAt: { $exists: false }, expiresAt: { $gt: at } },
        { $set: { usedAt: at } },
      ).lean();
      if (!claimed) return false;
      const passwordHash = await hashPassword(password);
      const result = await User.updateOne(
        { _id: claimed.user },
        { $set: { passwordHash, active: true } },
      );
      return result.matchedCount === 1;
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
      if (userId === by.id && !active) throw new ConflictError('cannot deactivate yourself');
      // The account as it was before the update, read in the same operation.
      const before = await User.findOneAndUpdate(
        { _id: userId },
        { $set: { active } },
      ).lean<UserRecord>();
      if (!before) throw new NotFoundError('user');
      if ((before.active !== false) === active) return;
      await audit.record({
        subject: 'user',
        subjectId: before._id,
        organisation: before.organisation ?? undefined,
        action: active ? 'activate' : 'deactivate',
        actor: by,
        before: { active: !active },
        after: { active },
      });
    },
  };
}

export type AccountsService = ReturnType<typeof createAccountsService>;
