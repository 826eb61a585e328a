// The referral basket lives in the staff member's session. express-session loads the whole
// session when a request starts and saves it whole when the response ends, so three "add"
// requests sent at once each saved their own copy and only the last one's service remained.
// Every change to what the referral routes keep in the session therefore goes through here: one
// change at a time per session in this process, each made on the session as it is stored now
// (reloaded), and saved before the response is sent, so that a failed save is an error page
// (503, see web/sessions.ts) instead of a "303 done" for a change that was lost.
// (Instances sharing MongoDB each queue their own requests: two changes of one session arriving
// at two instances in the same moment are not ordered by this.)
import type { Request } from 'express';
import { oneAtATime } from '../../database/one-at-a-time';
import { sessionOf } from '../../web/sessions';
import type { Basket } from './referral-basket';
import { emptyBasket } from './referral-basket';

declare module 'express-session' {
  interface SessionData {
    referral?: Basket;
    /** The share link made for the basket as it was (reused until the basket changes). */
    referralShare?: { key: string; token: string };
  }
}

const reload = (req: Request) =>
  new Promise<void>((resolve, reject) =>
    req.session.reload((error?: Error) => (error ? reject(error) : resolve())),
  );
const save = (req: Request) =>
  new Promise<void>((resolve, reject) =>
    req.session.save((error?: Error) => (error ? reject(error) : resolve())),
  );

export function createBasketInSession() {
  const oneChangeAtATime = oneAtATime();

  /** Runs `change` on the stored session, after any change already under way, and saves it. */
  function changeSession<T>(req: Request, change: () => T | Promise<T>): Promise<T> {
    return oneChangeAtATime(req.sessionID, async () => {
      await reload(req);
      const result = await change();
      // connect-mongo's save deletes `lastModified` from the session it saves. express-session
      // would then see a session unlike the one saved and save it again when the response ends,
      // outside this queue, over a change made meanwhile: remove it before saving.
      delete (req.session as { lastModified?: unknown }).lastModified;
      await save(req);
      return result;
    });
  }

  return {
    /** The basket as this request's session holds it (what pages show). */
    read: (req: Request): Basket => sessionOf(req)?.referral ?? emptyBasket(),

    /**
     * Changes the basket; `change` gets it as stored now and returns the new one (it may throw:
     * nothing is saved then). Resolves with the basket saved.
     */
    change(req: Request, change: (basket: Basket) => Basket): Promise<Basket> {
      return changeSession(req, () => {
        const basket = change(req.session.referral ?? emptyBasket());
        req.session.referral = basket;
        return basket;
      });
    },

    /** Remembers the share link made for a basket (see referral-routes.ts shareFor). */
    rememberShare(req: Request, share: { key: string; token: string }): Promise<void> {
      return changeSession(req, () => {
        req.session.referralShare = share;
      });
    },
  };
}

export type BasketInSession = ReturnType<typeof createBasketInSession>;
