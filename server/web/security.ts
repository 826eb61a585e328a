// Security headers. The CSP allows no inline script or style: scripts need this request's nonce,
// styles come only from our own fingerprinted files.
import { randomUUID } from 'node:crypto';
import type { Express, NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import type { Config } from '../config';

export function setUpSecurity(app: Express, config: Config): void {
  app.disable('x-powered-by');
  app.use((_req, res, next) => {
    // 122 random bits from Node's pooled generator (a fresh randomBytes call per request was a
    // visible cost), as 32 hex digits.
    res.locals.cspNonce = randomUUID().replaceAll('-', '');
    next();
  });
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'", (_req, res) => `'nonce-${(res as Response).locals.cspNonce}'`],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          baseUri: ["'none'"],
          objectSrc: ["'none'"],
          ...(config.env === 'production' ? { upgradeInsecureRequests: [] } : {}),
        },
      },
      // HSTS only where TLS is terminated for us; on localhost it would pin browsers to https.
      strictTransportSecurity: config.env === 'production',
      referrerPolicy: { policy: 'same-origin' },
    }),
  );
  app.use((_req: Request, res: Response, next) => {
    res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=(self), payment=()');
    next();
  });
}

/** The areas behind sign-in, and the password links (they show whose account it is). */
const PRIVATE_AREAS = /^\/[a-z]{2,3}\/(?:provider|admin|referrals|account)(?:\/|$)/;

/**
 * `Cache-Control: no-store` on every page served to a signed-in person and on the signed-in
 * areas: on a shared front-desk computer the back button must not show the coordinator's users
 * page (with its one-time links) or a referral basket after sign-out. Mounted after the session
 * so it knows who is signed in.
 */
export function keepPrivatePagesOutOfCaches(req: Request, res: Response, next: NextFunction) {
  if (req.user || PRIVATE_AREAS.test(req.path)) res.setHeader('Cache-Control', 'no-store');
  next();
}
