// Front-desk staff see on every page how many services their referral holds, which ones (the
// "add" button of a service already in it becomes a link to the basket) and, right after adding
// one, a confirmation. Computed once per page here, read by the account bar and the partials.
import type { NextFunction, Request, Response } from 'express';
import { createBasketInSession } from '../features/referrals/basket-in-session';
import { basketSlugs } from '../features/referrals/referral-basket';

/** Query flag the "add" form puts in the address it returns to: `?added={slug}`. */
export const ADDED_PARAM = 'added';

export interface ReferralSummary {
  count: number;
  slugs: string[];
  /** True when the page was reached right after adding a service that is now in the basket. */
  added: boolean;
  /** This page's address without the language and without the flag, ending in `added=`: the
   * "add" form appends its slug, so the page comes back with the confirmation. */
  returnTo: string;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Locals {
      /** Only for staff and coordinators (web/referral-summary.ts). */
      referral?: ReferralSummary;
    }
  }
}

/** The address without one query parameter (any of its values). */
export function withoutParam(pathAndQuery: string, name: string): string {
  const at = pathAndQuery.indexOf('?');
  if (at < 0) return pathAndQuery;
  const params = new URLSearchParams(pathAndQuery.slice(at + 1));
  params.delete(name);
  const query = params.toString();
  return query ? `${pathAndQuery.slice(0, at)}?${query}` : pathAndQuery.slice(0, at);
}

/** Reads only (changes go through the referral routes' own instance). */
const sessionBasket = createBasketInSession();

export function showReferralSummary(req: Request, res: Response, next: NextFunction): void {
  const role = res.locals.actor?.role;
  if (role !== 'staff' && role !== 'coordinator') {
    next();
    return;
  }
  const slugs = basketSlugs(sessionBasket.read(req));
  const here = withoutParam(res.locals.pathWithoutLanguage, ADDED_PARAM);
  const added = req.query[ADDED_PARAM];
  res.locals.referral = {
    count: slugs.length,
    slugs,
    // A flag for a service not in the basket (typed by hand, or removed since) says nothing.
    added: typeof added === 'string' && slugs.includes(added),
    returnTo: `${here}${here.includes('?') ? '&' : '?'}${ADDED_PARAM}=`,
  };
  next();
}
