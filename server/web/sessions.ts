// Signed-in sessions: express-session with the session stored in the database (connect-mongo),
// so every instance sees it; expired sessions are removed by an interval job, not a TTL index
// (FerretDB v1 has none). Passport keeps only the user id in the session and reloads the user
// on each request, so a deactivated account is signed out at once.
import cookieParser from 'cookie-parser';
import type { Express, NextFunction, Request, Response } from 'express';
import { Router } from 'express';
import session from 'express-session';
import type { Store } from 'express-session';
import MongoStore from 'connect-mongo';
import type { Connection } from 'mongoose';
import { Passport } from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import type { Actor } from '../auth/actor';
import type { Config } from '../config';

const SESSION_HOURS = 8;

export function createSessionStore(connection: Connection): Store {
  return MongoStore.create({
    client: connection.getClient(),
    dbName: connection.name,
    collectionName: 'sessions',
    autoRemove: 'interval',
    autoRemoveInterval: 10, // minutes
    ttl: SESSION_HOURS * 3600,
    // Saves a write per request; the expiry still moves forward at least every 10 minutes.
    touchAfter: 600,
  }) as unknown as Store;
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
  const cookieName = production ? '__Host-onestop.sid' : 'onestop.sid';
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
  passport.serializeUser((user, done) => done(null, (user as Actor).id));
  passport.deserializeUser((id: string, done) => {
    deps.accounts.findActor(id).then(
      (actor) => done(null, actor ?? false),
      (error: unknown) => done(error),
    );
  });
  // Cookies (the CSRF cookie), the session and Passport, in this order, as one step.
  const withSession = Router();
  withSession.use(cookieParser(), passport.initialize(), sessions, passport.session());
  // Sessions only where they can exist: a visitor with our cookie, any form post, and the pages
  // that start one (sign-in, password links). Anonymous reading — most traffic — skips the
  // session machinery entirely (no session, no form, so no CSRF cookie to read either).
  const startsSession = /^\/[a-z]{2,3}\/(?:login|account\/password\/)/;
  app.use((req: Request, res: Response, next: NextFunction) => {
    const hasCookie = req.headers.cookie?.includes(`${cookieName}=`) ?? false;
    const reading = req.method === 'GET' || req.method === 'HEAD';
    if (!hasCookie && reading && !startsSession.test(req.path)) return next();
    withSession(req, res, next);
  });
  app.use((req: Request, res: Response, next: NextFunction) => {
    res.locals.actor = req.user as Actor | undefined;
    next();
  });
  return passport;
}
