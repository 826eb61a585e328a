// Rate-limit counters shared by every app instance (express-rate-limit store, web/).
// Expired windows are reset on the next hit and swept by an interval job (no TTL index).
import { Schema } from 'mongoose';

export function buildRateLimitCounterSchema() {
  return new Schema(
    {
      /** "<limiter>:<client key>", e.g. "login:203.0.113.9". */
      _id: { type: String, required: true },
      hits: { type: Number, required: true },
      resetAt: { type: Date, required: true },
    },
    { versionKey: false },
  );
}
