// Signed-in sessions: express-session with the session stored in the database (connect-mongo),
// so every instance sees it; expired sessions are removed by the app's own interval sweep
// (database/sweep-expired.ts), not a TTL index (FerretDB v1 has none) and not connect-mongo's
// `autoRemove: 'interval'`, which deletes with `w: 0` (see database/acknowledged-writes.ts).
// Passport keeps only the user id in the session and reloads the user on each request, so a
// deactivated account is signed out at once.
import cookieParser from 'cookie-parser';
import type { Express, NextFunction, Request, RequestHandler, Response } from 'express';
import { Router } from 'express';
import session from 'express-session';
import type { Store } from 'express-session';
import MongoStore from 'connect-mongo';
import { mongo } from 'mongoose';
import type { Connection } from 'mongoose';
import { Passport } from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import type { Actor } from '../auth/actor';
import type { Config } from '../config';
import { oneAtATime } from '../database/one-at-a-time';
import { UnavailableError } from '../errors';

const SESSION_HOURS = 8;

/**
 * The request's session, if it has one: anonymous reading skips the session machinery (see
 * setUpSessions), and express-session leaves it unset while its store is away, although its
 * types say it is always there.
 */
export function sessionOf(req: Request): Request['session'] | undefined {
  return req.session;
}

/** Where sessions live; each document's `expires` is when the sweep may remove it. */
export const SESSION_COLLECTION = 'sessions';

export function createSessionStore(connection: Connection): Store {
  const store = MongoStore.create({
    client: connection.getClient(),
    dbName: connection.name,
    collectionName: SESSION_COLLECTION,
    // Expired sessions: removed by the app's acknowledged sweep (see the top of this file).
    autoRemove: 'disabled',
    ttl: SESSION_HOURS * 3600,
    // Saves a write per request; the expiry still moves forward at least every 10 minutes.
    touchAfter: 600,
  });
  return writingInTurn(failingAsUnavailable(store));
}

/**
 * FerretDB v1 applies an update by reading the document and writing it whole: a touch (which
 * only moves `expires`) made at the same moment as a save could write back the session as it
 * was before that save. Writes of one session are made one after the other in this process.
 * A session saved during this request (connect-mongo's save removes its `lastModified`) needs no
 * touch: its expiry was just written.
 */
function writingInTurn(store: Store & Required<Pick<Store, 'touch'>>): Store {
  const inTurn = oneAtATime();
  type Callback = (error?: unknown) => void;
  const run = (sid: string, write: (done: Callback) => void, callback?: Callback) =>
    void inTurn(sid, () => new Promise<unknown>((resolve) => write(resolve))).then((error) =>
      callback?.(error ?? undefined),
    );
  const { set, touch, destroy } = {
    set: store.set.bind(store),
    touch: store.touch.bind(store),
    destroy: store.destroy.bind(store),
  };
  store.set = (sid, session, callback) => run(sid, (done) => set(sid, session, done), callback);
  store.touch = (sid, session, callback) => {
    if (!(session as { lastModified?: unknown }).lastModified) return callback?.();
    run(sid, (done) => touch(sid, session, done), callback);
  };
  store.destroy = (sid, callback) => run(sid, (done) => destroy(sid, done), callback);
  return store;
}

/**
 * express-session hands a store's error to the error handler as it is, which made a 500 (with
 * the stack, outside production) of the database being away or of a session document it could
 * not read (`"undefined" is not valid JSON`). Every failure becomes a translated 503 "try again".
 * A document that cannot be read would fail each request of that visitor until it expires, so it
 * is removed: their next request starts a new session (they sign in again).
 */
function failingAsUnavailable(store: MongoStore): MongoStore {
  type Callback = (error?: unknown) => void;
  const unavailable = (cause: unknown) => new UnavailableError('session store failed', { cause });
  const { get, set, touch, destroy } = {
    get: store.get.bind(store),
    set: store.set.bind(store),
    touch: store.touch.bind(store),
    destroy: store.destroy.bind(store),
  };
  store.get = (sid, callback) =>
    get(sid, (error, session) => {
      if (!error) callback(null, session);
      else if (error instanceof mongo.MongoError) callback(unavailable(error));
      // Removed before answering, so the visitor's next request already finds no document.
      else destroy(sid, () => callback(unavailable(error)));
    });
  const failing =
    (callback: Callback = () => undefined): Callback =>
    (error) =>
      callback(error ? unavailable(error) : undefined);
  store.set = (sid, session, callback) => set(sid, session, failing(callback));
  store.touch = (sid, session, callback) => touch(sid, session, failing(callback));
  store.destroy = (sid, callback) => destroy(sid, failing(callback));
  return store;
}

/** The session cookie's name and attributes (sign-out clears it with the same ones). */
export function sessionCookie(config: Config) {
  const production = config.env === 'production';
  return {
    name: production ? '__Host-onestop.sid' : 'onestop.sid',
    options: { httpOnly: true, sameSite: 'lax' as const, secure: production, path: '/' },
  };
}

export interface Authenticator {
  authenticate(email: string, password: string): Promise<Actor | null>;
  findActor(id: string): Promise<Actor | null>;
}

export function setUpSessions(
  app: Express,
  deps: { config: Config; store: Store; accounts: Authenticator },
) {
  const { config } = deps;
  const production = config.env === 'production';
  const cookieName = sessionCookie(config).name;
  const sessions = session({
    name: cookieName,
    secret: config.sessionSecret,
    store: deps.store,
    resave: false,
    // Anonymous visitors get no session (and no database write) until a form needs one.
    saveUninitialized: false,
    rolling: false,
    cookie: {
      httpOnly: true,
      sameSite: 'lax',
      secure: production,
      path: '/',
      maxAge: SESSION_HOURS * 3_600_000,
    },
  });

  const passport = new Passport();
  passport.use(
    new LocalStrategy(
      { usernameField: 'email', passwordField: 'password' },
      (email, password, done) => {
        deps.accounts.authenticate(email, password).then(
          (actor) => done(null, actor ?? false),
          (error: unknown) => done(error),
        );
      },
    ),
  );
  passport.serializeUser((user, done) => done(null, user.id));
  passport.deserializeUser((id: string, done) => {
    deps.accounts.findActor(id).then(
      (actor) => done(null, actor ?? false),
      (error: unknown) => done(error),
    );
  });
  // Cookies (the CSRF cookie), the session and Passport, in this order, as one step.
  const withSession = Router();
  // Passport types the handler `session()` returns as `any`.
  withSession.use(
    cookieParser(),
    passport.initialize(),
    sessions,
    passport.session() as RequestHandler,
  );
  // Sessions only where they can exist: a visitor with our cookie, any form post, and the pages
  // that start one (sign-in, password links). Anonymous reading — most traffic — skips the
  // session machinery entirely (no session, no form, so no CSRF cookie to read either).
  const startsSession = /^\/[a-z]{2,3}\/(?:login|account\/password\/)/;
  app.use((req: Request, res: Response, next: NextFunction) => {
    const hasCookie = req.headers.cookie?.includes(`${cookieName}=`) ?? false;
    const reading = req.method === 'GET' || req.method === 'HEAD';
    if (!hasCookie && reading && !startsSession.test(req.path)) next();
    else withSession(req, res, next);
  });
  app.use((req: Request, res: Response, next: NextFunction) => {
    res.locals.actor = req.user;
    next();
  });
  return passport;
}
