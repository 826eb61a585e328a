// Removes documents whose time is up, every few minutes: FerretDB v1 applies no TTL index, so
// expiry is an interval job (on MongoDB it works the same). A failed sweep is retried next time.
import type { Model } from 'mongoose';

export function sweepExpired(
  collections: { model: Model<never>; field: string }[],
  everyMs = 10 * 60_000,
): () => void {
  const sweep = () => {
    for (const { model, field } of collections)
      model.deleteMany({ [field]: { $lt: new Date() } } as never).catch(() => undefined);
  };
  const timer = setInterval(sweep, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
