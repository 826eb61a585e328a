// CSRF protection for every form (double-submit cookie bound to the session, csrf-csrf).
// Pages with a form put `csrfToken` in a hidden `_csrf` field; every POST is checked.
import type { NextFunction, Request, Response, Router } from 'express';
import { doubleCsrf } from 'csrf-csrf';
import type { Config } from '../config';
import { CsrfError } from '../errors';
import { sessionOf } from './sessions';

declare module 'express-session' {
  interface SessionData {
    /** Set when a page with a form is shown, so that the session (and its CSRF binding) is kept. */
    forms?: boolean;
  }
}

export function createCsrf(config: Config) {
  const production = config.env === 'production';
  const { generateCsrfToken, doubleCsrfProtection } = doubleCsrf({
    getSecret: () => config.sessionSecret,
    getSessionIdentifier: (req) => sessionOf(req)?.id ?? '',
    cookieName: production ? '__Host-onestop.csrf' : 'onestop.csrf',
    cookieOptions: { sameSite: 'lax', secure: production, httpOnly: true, path: '/' },
    getCsrfTokenFromRequest: (req) => (req.body as { _csrf?: string } | undefined)?._csrf,
  });

  return {
    /** Puts a token in res.locals for the page's forms (saves the session so it is stable). */
    // An arrow: it is handed to routers detached from this object.
    provideToken: (req: Request, res: Response, next: NextFunction) => {
      // An anonymous visitor's session is saved only once it holds something: this.
      req.session.forms = true;
      res.locals.csrfToken = generateCsrfToken(req, res);
      next();
    },
    /** Rejects unsafe requests without a valid token, with our translated 403. */
    protect(router: Router) {
      router.use((req: Request, res: Response, next: NextFunction) => {
        doubleCsrfProtection(req, res, (error?: unknown) => {
          next(error ? new CsrfError('Missing or invalid CSRF token') : undefined);
        });
      });
    },
  };
}

export type Csrf = ReturnType<typeof createCsrf>;
