// Rate limits (express-rate-limit) with counters in the database, shared by all instances.
// Over the limit: a translated 429 (JSON for the API, a page otherwise) via the error handler.
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { Store } from 'express-rate-limit';
import { TooManyRequestsError } from '../errors';

export type StoreFor = (prefix: string) => Store;

export function createRateLimit(options: {
  store: Store;
  windowMs: number;
  limit: number;
  /** Only failed requests count (sign-in: typing the password right never locks anyone out). */
  skipSuccessfulRequests?: boolean;
  /** What is counted; the client's address (IPv6: its /56) unless given. */
  keyGenerator?: (req: Request) => string;
  /** Requests this limiter does not count (e.g. a sign-in without an e-mail). */
  skip?: (req: Request) => boolean;
  handler?: RequestHandler;
}): RequestHandler {
  return rateLimit({
    windowMs: options.windowMs,
    limit: options.limit,
    store: options.store,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    skipSuccessfulRequests: options.skipSuccessfulRequests ?? false,
    ...(options.keyGenerator ? { keyGenerator: options.keyGenerator } : {}),
    ...(options.skip ? { skip: options.skip } : {}),
    // The database being away must not turn every page into an error: let the request through.
    passOnStoreError: true,
    handler:
      options.handler ??
      ((_req: Request, _res: Response, next: NextFunction) =>
        next(new TooManyRequestsError('rate limit'))),
  });
}
