// Removes documents whose time is up, every few minutes: FerretDB v1 applies no TTL index, so
// expiry is an interval job (on MongoDB it works the same). A failed sweep is retried next time.
// Each delete is acknowledged (the connection's default write concern): an unacknowledged one
// (`w: 0`) puts FerretDB's pooled connections one reply behind (database/acknowledged-writes.ts).
import type { Connection } from 'mongoose';
import type { Models } from '../models';
import { DAY_MS } from '../models/vocabulary';

/** A Mongoose model or a driver collection. */
export interface Expiring {
  deleteMany(filter: Record<string, unknown>): PromiseLike<unknown>;
}

/** How often the app sweeps unless SWEEP_INTERVAL_SECONDS says otherwise. */
export const SWEEP_EVERY_MS = 10 * 60_000;

export function sweepExpired(
  /** `olderThanMs`: the field is when the document began, removed once that long ago. */
  collections: { model: Expiring; field: string; olderThanMs?: number }[],
  everyMs = SWEEP_EVERY_MS,
  /** Told after each round, with the errors of the deletes that failed (for logs and tests). */
  onSwept: (failures: unknown[]) => void = () => undefined,
): () => void {
  const sweep = async () => {
    const results = await Promise.allSettled(
      collections.map(({ model, field, olderThanMs = 0 }) =>
        model.deleteMany({ [field]: { $lt: new Date(Date.now() - olderThanMs) } }),
      ),
    );
    onSwept(results.flatMap((r): unknown[] => (r.status === 'rejected' ? [r.reason] : [])));
  };
  const timer = setInterval(() => void sweep(), everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * Everything the app expires: ended rate-limit windows, referral links past their 30 days (with
 * the staff's notes) and sessions past their expiry (connect-mongo's `expires`, web/sessions.ts).
 */
export function sweepEverythingExpired(
  database: {
    models: Models;
    connection: Connection;
    sessionCollection: string;
    /** Days usage counts are kept (features/insight); kept forever when absent. */
    usageRetentionDays?: number;
  },
  everyMs = SWEEP_EVERY_MS,
  onSwept?: (failures: unknown[]) => void,
): () => void {
  const { models, connection } = database;
  return sweepExpired(
    [
      { model: models.RateLimitCounter, field: 'resetAt' },
      { model: models.ReferralShare, field: 'expiresAt' },
      { model: connection.collection(database.sessionCollection), field: 'expires' },
      ...(database.usageRetentionDays
        ? [
            {
              model: models.UsageCount,
              field: 'day',
              olderThanMs: database.usageRetentionDays * DAY_MS,
            },
          ]
        : []),
    ],
    everyMs,
    onSwept,
  );
}
