// Ends an account's signed-in sessions: after its password is set through a link, whoever was
// signed in with the old password (a lost phone, a colleague's browser) is signed out.
// Sessions are connect-mongo's documents in the same database (web/sessions.ts,
// createSessionStore, SESSION_COLLECTION): `{ _id: sid, expires, session }`, where `session` is the session as a JSON
// string (connect-mongo's default) holding Passport's `"passport":{"user":"<id>"}`.
import type { Connection } from 'mongoose';
import { OBJECT_ID } from '../models/vocabulary';

interface StoredSession {
  _id: string;
  expires: Date;
  session: unknown;
}

export function createUserSessions(connection: Connection, collectionName: string) {
  return {
    /** Deletes every session of this account but `except` (the current one); how many. */
    async endAll(userId: string, options: { except?: string } = {}): Promise<number> {
      // Only an id can reach the pattern below (nothing to escape in 24 hex digits).
      if (!OBJECT_ID.test(userId)) return 0;
      const signedInAs = {
        $or: [
          { session: { $regex: `"passport":\\{"user":"${userId}"\\}` } },
          // Stores configured with `stringify: false` keep the session as a document.
          { 'session.passport.user': userId },
        ],
      };
      // An acknowledged delete (the connection's default write concern). Never `w: 0` on
      // FerretDB v1: its unexpected reply desynchronises the pooled connection (FIELD-NOTES).
      const result = await connection
        .collection<StoredSession>(collectionName)
        .deleteMany(options.except ? { ...signedInAs, _id: { $ne: options.except } } : signedInAs);
      return result.deletedCount;
    },
  };
}

export type UserSessions = ReturnType<typeof createUserSessions>;
