// express-rate-limit store on the database: counters survive restarts and are shared by all
// instances behind a load balancer. One document per client and limiter, found by _id.
import type { IncrementResponse, Options, Store } from 'express-rate-limit';
import type { Model } from 'mongoose';

interface Counter {
  _id: string;
  hits: number;
  resetAt: Date;
}

export class DatabaseRateLimitStore implements Store {
  readonly localKeys = false;
  private windowMs = 60_000;

  constructor(
    private readonly counters: Model<Counter>,
    readonly prefix: string,
  ) {}

  init(options: Options): void {
    this.windowMs = options.windowMs;
  }

  private id(key: string) {
    return `${this.prefix}:${key}`;
  }

  async get(key: string) {
    const counter = await this.counters.findById(this.id(key)).lean();
    if (!counter || counter.resetAt <= new Date()) return undefined;
    return { totalHits: counter.hits, resetTime: counter.resetAt };
  }

  async increment(key: string): Promise<IncrementResponse> {
    const now = new Date();
    const _id = this.id(key);
    // Within the window: one atomic $inc. Otherwise start a new window.
    const counting = await this.counters
      .findOneAndUpdate(
        { _id, resetAt: { $gt: now } },
        { $inc: { hits: 1 } },
        { returnDocument: 'after' },
      )
      .lean();
    if (counting) return { totalHits: counting.hits, resetTime: counting.resetAt };
    const resetAt = new Date(now.getTime() + this.windowMs);
    await this.counters.updateOne({ _id }, { $set: { hits: 1, resetAt } }, { upsert: true });
    return { totalHits: 1, resetTime: resetAt };
  }

  async decrement(key: string): Promise<void> {
    await this.counters.updateOne({ _id: this.id(key), hits: { $gt: 0 } }, { $inc: { hits: -1 } });
  }

  async resetKey(key: string): Promise<void> {
    await this.counters.deleteOne({ _id: this.id(key) });
  }
}

/** Removes counters of windows that ended (instead of a TTL index, which FerretDB v1 lacks). */
export function sweepExpiredCounters(counters: Model<Counter>, everyMs = 10 * 60_000) {
  const timer = setInterval(() => {
    counters.deleteMany({ resetAt: { $lt: new Date() } }).catch(() => undefined);
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
