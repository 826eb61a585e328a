// Sign in, sign out, and set a password from an invitation or reset link.
import { createHash } from 'node:crypto';
import type { CookieOptions, NextFunction, Request, RequestHandler, Response } from 'express';
import { Router } from 'express';
import type { Passport } from 'passport';
import type { Actor } from '../../auth/actor';
import type { Logger } from '../../logger';
import type { Csrf } from '../../web/csrf';
import { createRateLimit } from '../../web/rate-limits';
import type { StoreFor } from '../../web/rate-limits';
import type { FormErrors, FormValues } from '../../forms/form-fields';
import { errorSummary, formFields, parseForm } from '../../forms/form-fields';
import { typedText } from '../../forms/form-schemas';
import { parsePathParams } from '../../web/validate';
import type { AccountsService } from './accounts-service';
import { loginForm, nextPath, passwordForm, tokenParams } from './accounts-schema';

/** The e-mail a sign-in was tried for, as accounts are found by it. */
function signInEmail(req: Request): string {
  const email = (req.body as { email?: unknown } | undefined)?.email;
  return typeof email === 'string' ? email.trim().toLowerCase() : '';
}

const accountKey = (email: string) => createHash('sha256').update(email).digest('base64url');

/** Where each role starts after signing in. */
export function homeOf(actor: Actor, lang: string): string {
  if (actor.role === 'coordinator') return `/${lang}/admin`;
  if (actor.role === 'editor') return `/${lang}/provider`;
  if (actor.role === 'translator') return `/${lang}/translate`;
  return `/${lang}/search`;
}

export function createAccountsRouter(deps: {
  accounts: AccountsService;
  csrf: Csrf;
  passport: InstanceType<typeof Passport>;
  logger: Logger;
  /** Failed sign-ins allowed per 15 minutes, per account and per address. */
  loginLimits: { account: number; address: number };
  /** A rate-limit store per limiter (counters in the database, shared by every instance). */
  rateLimitStoreFor: StoreFor;
  /** The session cookie, cleared on sign-out (web/sessions.ts). */
  sessionCookie: { name: string; options: CookieOptions };
}): Router {
  const router = Router();
  const { csrf } = deps;

  function renderLogin(res: Response, values: FormValues, errors: FormErrors, extra = {}) {
    const t = res.locals.translate;
    const field = formFields(t, values, errors);
    const fields = [
      field({
        name: 'email',
        type: 'email',
        label: t('manage:login.email'),
        required: true,
        autocomplete: 'username',
      }),
      // A password is never echoed back into the page.
      {
        ...field({
          name: 'password',
          type: 'password',
          label: t('manage:login.password'),
          required: true,
          autocomplete: 'current-password',
        }),
        value: '',
      },
    ];
    res.render('accounts/login', {
      pageTitle: t('manage:login.title'),
      fields,
      errors: errorSummary(fields),
      next: values.next ?? '',
      ...extra,
    });
  }

  router.get('/login', csrf.provideToken, (req: Request, res: Response) => {
    if (req.user) {
      res.redirect(303, homeOf(req.user, res.locals.lang));
      return;
    }
    const next = nextPath.parse(req.query.next);
    renderLogin(res, { next }, {}, { passwordSet: req.query.done === 'password' });
  });

  const tooMany = (limit: 'account' | 'address') =>
    function tooManySignIns(req: Request, res: Response, _next: NextFunction) {
      deps.logger.warn({ ip: req.ip, limit }, 'sign-in rate limit reached');
      csrf.provideToken(req, res, () => {
        res.status(429);
        renderLogin(res, { email: typedText(req.body, 'email') }, {}, { tooMany: true });
      });
    };
  // Only failures count (typing the password right never locks anyone out), and they count
  // twice: per account, so guessing one account's password stops after a few tries, and per
  // address with a much higher limit, so one address cannot try many accounts. A front desk's
  // staff share one address: one colleague's typos lock only that colleague's account.
  const windowMs = 15 * 60_000;
  const addressLimiter = createRateLimit({
    store: deps.rateLimitStoreFor('login'),
    windowMs,
    limit: deps.loginLimits.address,
    skipSuccessfulRequests: true,
    handler: tooMany('address'),
  });
  const accountLimiter = createRateLimit({
    store: deps.rateLimitStoreFor('login-account'),
    windowMs,
    limit: deps.loginLimits.account,
    skipSuccessfulRequests: true,
    // Hashed: someone typing their password into the e-mail field leaves no trace of it.
    keyGenerator: (req) => accountKey(signInEmail(req)),
    skip: (req) => signInEmail(req) === '',
    handler: tooMany('account'),
  });

  router.post(
    '/login',
    addressLimiter,
    accountLimiter,
    csrf.provideToken,
    (req: Request, res: Response, next: NextFunction) => {
      const body = (req.body ?? {}) as FormValues;
      const values = {
        email: typeof body.email === 'string' ? body.email : '',
        next: nextPath.parse(body.next),
      };
      const parsed = parseForm(loginForm, body);
      if (!parsed.ok) {
        res.status(400);
        renderLogin(res, values, parsed.errors);
        return;
      }
      // Passport types the handler it builds as `any`: it is an ordinary Express handler.
      const authenticate = deps.passport.authenticate(
        'local',
        (error: unknown, actor: Actor | false) => {
          if (error) {
            next(error);
            return;
          }
          if (!actor) {
            req.log.warn({ email: parsed.data.email, ip: req.ip }, 'failed sign-in');
            res.status(401);
            renderLogin(res, values, {}, { failed: true });
            return;
          }
          // Passport regenerates the session id here (no session fixation).
          req.logIn(actor, (loginError) => {
            if (loginError) {
              next(loginError);
              return;
            }
            req.log.info({ user: actor.id }, 'signed in');
            res.redirect(303, values.next ?? homeOf(actor, res.locals.lang));
          });
        },
      ) as RequestHandler;
      void authenticate(req, res, next);
    },
  );

  router.post('/logout', (req: Request, res: Response, next: NextFunction) => {
    req.logout((error) => {
      if (error) {
        next(error);
        return;
      }
      req.session.destroy(() => {
        // The browser forgets the cookie too: a shared computer keeps no trace of the session.
        res.clearCookie(deps.sessionCookie.name, deps.sessionCookie.options);
        res.redirect(303, `/${res.locals.lang}`);
      });
    });
  });

  function renderPassword(res: Response, purpose: string, email: string, errors: FormErrors) {
    const t = res.locals.translate;
    const field = formFields(t, {}, errors);
    const fields = [
      field({
        name: 'password',
        type: 'password',
        label: t('manage:password.new'),
        hint: t('manage:password.hint'),
        required: true,
        autocomplete: 'new-password',
      }),
      field({
        name: 'confirm',
        type: 'password',
        label: t('manage:password.confirm'),
        required: true,
        autocomplete: 'new-password',
      }),
    ];
    res.render('accounts/set-password', {
      pageTitle: t(
        purpose === 'invitation' ? 'manage:password.welcomeTitle' : 'manage:password.resetTitle',
      ),
      email,
      fields,
      errors: errorSummary(fields),
    });
  }

  function renderInvalidLink(res: Response) {
    res.status(410).render('accounts/link-invalid', {
      pageTitle: res.locals.translate('manage:password.invalidTitle'),
    });
  }

  router.get('/account/password/:token', csrf.provideToken, async (req: Request, res: Response) => {
    const { token } = parsePathParams(tokenParams, req.params);
    const link = await deps.accounts.checkToken(token);
    if (link) renderPassword(res, link.purpose, link.email, {});
    else renderInvalidLink(res);
  });

  router.post(
    '/account/password/:token',
    csrf.provideToken,
    async (req: Request, res: Response) => {
      const { token } = parsePathParams(tokenParams, req.params);
      const link = await deps.accounts.checkToken(token);
      if (!link) {
        renderInvalidLink(res);
        return;
      }
      const parsed = parseForm(passwordForm, req.body);
      if (!parsed.ok) {
        res.status(400);
        renderPassword(res, link.purpose, link.email, parsed.errors);
        return;
      }
      // The person holding the link keeps this session; every other one of the account ends.
      const set = await deps.accounts.setPasswordWithToken(token, parsed.data.password, {
        keepSession: req.sessionID,
      });
      if (set) res.redirect(303, `/${res.locals.lang}/login?done=password`);
      else renderInvalidLink(res);
    },
  );

  return router;
}
