// express-rate-limit store on the database: counters survive restarts and are shared by all
// instances behind a load balancer. One document per client and limiter, found by _id.
import type { IncrementResponse, Options, Store } from 'express-rate-limit';
import { oneAtATime } from '../database/one-at-a-time';
import type { Models } from '../models';

export class DatabaseRateLimitStore implements Store {
  readonly localKeys = false;
  private windowMs = 60_000;

  constructor(
    private readonly counters: Models['RateLimitCounter'],
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

  /**
   * One write per counter at a time in this process: measured, 8 simultaneous increments of one
   * counter on FerretDB v1 left it at 4 (MongoDB's `$inc` is atomic across instances).
   */
  private readonly serially = oneAtATime();

  increment(key: string): Promise<IncrementResponse> {
    return this.serially(this.id(key), () => this.incrementNow(key));
  }

  private async incrementNow(key: string, retried = false): Promise<IncrementResponse> {
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
    try {
      // Only a missing or ended window is (re)started: if another request opened one meanwhile,
      // the filter misses, the upsert's insert collides on _id, and this request counts in that
      // window instead (otherwise simultaneous first requests would reset each other's count).
      await this.counters.updateOne(
        { _id, resetAt: { $lte: now } },
        { $set: { hits: 1, resetAt } },
        { upsert: true },
      );
    } catch (error) {
      if (!retried && (error as { code?: number }).code === 11000)
        return this.incrementNow(key, true);
      throw error;
    }
    return { totalHits: 1, resetTime: resetAt };
  }

  async decrement(key: string): Promise<void> {
    await this.serially(this.id(key), () =>
      this.counters.updateOne({ _id: this.id(key), hits: { $gt: 0 } }, { $inc: { hits: -1 } }),
    );
  }

  async resetKey(key: string): Promise<void> {
    await this.counters.deleteOne({ _id: this.id(key) });
  }
}
