// Authorisation at the door of each area: no account → the sign-in page (and back here after),
// wrong role → 403. Record-level checks (own organisation) live in the feature services.
import type { NextFunction, Request, Response } from 'express';
import type { Actor } from '../auth/actor';
import { ForbiddenError } from '../errors';
import type { Role } from '../models/vocabulary';

export function requireRole(...roles: Role[]) {
  return (req: Request, res: Response, next: NextFunction) => {
    const actor = req.user;
    if (!actor) {
      const back = req.method === 'GET' ? `?next=${encodeURIComponent(req.originalUrl)}` : '';
      res.redirect(302, `/${res.locals.lang}/login${back}`);
      return;
    }
    next(roles.includes(actor.role) ? undefined : new ForbiddenError(`role ${actor.role}`));
  };
}

export const actorOf = (req: Request): Actor => {
  const actor = req.user;
  if (!actor) throw new ForbiddenError('not signed in');
  return actor;
};
