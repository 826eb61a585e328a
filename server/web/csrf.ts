// CSRF protection for every form (double-submit cookie bound to the session, csrf-csrf).
// Pages with a form put `csrfToken` in a hidden `_csrf` field; every POST is checked.
import type { NextFunction, Request, Response, Router } from 'express';
import { doubleCsrf } from 'csrf-csrf';
import type { Config } from '../config';
import { CsrfError } from '../errors';

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
    getSessionIdentifier: (req) => req.session?.id ?? '',
    cookieName: production ? '__Host-onestop.csrf' : 'onestop.csrf',
    cookieOptions: { sameSite: 'lax', secure: production, httpOnly: true, path: '/' },
    getCsrfTokenFromRequest: (req) => (req.body as { _csrf?: string } | undefined)?._csrf,
  });

  return {
    /** Puts a token in res.locals for the page's forms (saves the session so it is stable). */
    provideToken(req: Request, res: Response, next: NextFunction) {
      // An anonymous visitor's session is saved only once it holds something: this.
      req.session.forms = true;
      res.locals.csrfToken = generateCsrfToken(req, res);
      next();
    },
    /** Rejects unsafe requests without a valid token, with our translated 403. */
    protect(router: Router) {
      router.use((req: Request, res: Response, next: NextFunction) => {
        doubleCsrfProtection(req, res, (error?: unknown) => {
          if (error) return next(new CsrfError('Missing or invalid CSRF token'));
          next();
        });
      });
    },
  };
}

export type Csrf = ReturnType<typeof createCsrf>;
