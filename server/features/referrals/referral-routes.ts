// Front desk: the referral basket (/{lang}/referrals), the printable sheet and its PDF, and the
// public share link (/{lang}/r/{token}) the client opens by QR code on their phone.
import { readFileSync } from 'node:fs';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { Router } from 'express';
import { ConflictError, NotFoundError } from '../../errors';
import { nativeLanguageName } from '../../i18n/formatters';
import { projectPath } from '../../paths';
import type { Csrf } from '../../web/csrf';
import { requireRole } from '../../web/require-role';
import { parseInput, parsePathParams } from '../../web/validate';
import type { Basket } from './referral-basket';
import { addItem, emptyBasket, moveItem, removeItem, updateBasket } from './referral-basket';
import type { PdfRenderer } from './pdf-renderer';
import type { ReferralService } from './referral-service';
import { qrSvg } from './referral-service';
import {
  addForm,
  basketForm,
  moveForm,
  sheetQuery,
  slugParams,
  tokenParams,
} from './referral-schema';

declare module 'express-session' {
  interface SessionData {
    referral?: Basket;
    /** The share link made for the basket as it was (reused until the basket changes). */
    referralShare?: { key: string; token: string };
  }
}

export function createReferralRouter(deps: {
  referrals: ReferralService;
  pdf: PdfRenderer;
  csrf: Csrf;
  languages: readonly string[];
  localLanguage: string;
  centre: { name: string; contact: string };
  /** Each PDF starts a Chromium page: limited per address. */
  pdfLimit: RequestHandler;
}): Router {
  const router = Router();
  const { referrals } = deps;
  // The PDF is printed from the same HTML with the stylesheet inlined (Chromium fetches nothing).
  const sheetCss = readFileSync(projectPath('views/assets/css/sheet.css'), 'utf8');
  const staffOnly = [requireRole('staff', 'coordinator'), deps.csrf.provideToken];
  const basketOf = (req: Request): Basket => req.session.referral ?? emptyBasket();
  const base = (res: Response) => `/${res.locals.lang}/referrals`;
  const basketForm_ = basketForm(deps.languages);
  const sheetQuery_ = sheetQuery(deps.languages);

  router.post('/referrals/items', ...staffOnly, async (req: Request, res: Response) => {
    const { slug, back } = parseInput(addForm, req.body);
    await referrals.checkPublished(slug);
    const { basket, added } = addItem(basketOf(req), slug);
    if (!added) throw new ConflictError('basket full');
    req.session.referral = basket;
    res.redirect(303, back ?? base(res));
  });

  router.post('/referrals/items/:slug/remove', ...staffOnly, (req: Request, res: Response) => {
    const { slug } = parsePathParams(slugParams, req.params);
    req.session.referral = removeItem(basketOf(req), slug);
    res.redirect(303, base(res));
  });

  router.post('/referrals/items/:slug/move', ...staffOnly, (req: Request, res: Response) => {
    const { slug } = parsePathParams(slugParams, req.params);
    const { direction } = parseInput(moveForm, req.body);
    req.session.referral = moveItem(basketOf(req), slug, direction);
    res.redirect(303, base(res));
  });

  router.post('/referrals', ...staffOnly, (req: Request, res: Response) => {
    const form = parseInput(basketForm_, req.body) as Record<string, string | undefined> & {
      clientLanguage: string;
      action: 'save' | 'sheet';
    };
    const notes = Object.fromEntries(
      basketOf(req).items.map((i) => [i.slug, form[`note_${i.slug}`] ?? '']),
    );
    req.session.referral = updateBasket(basketOf(req), {
      notes,
      clientLanguage: form.clientLanguage,
    });
    res.redirect(303, form.action === 'sheet' ? `${base(res)}/sheet` : base(res));
  });

  router.get('/referrals', ...staffOnly, async (req: Request, res: Response) => {
    const basket = basketOf(req);
    const t = res.locals.translate;
    res.render('referrals/basket', {
      pageTitle: t('referral:basket.title'),
      items: (await referrals.basketLines(basket.items, res.locals.lang)).map(
        (item, index, all) => ({
          ...item,
          first: index === 0,
          last: index === all.length - 1,
          noteId: `note-${index}`,
        }),
      ),
      languageOptions: deps.languages.map((code) => ({
        code,
        name: nativeLanguageName(code),
        selected: code === (basket.clientLanguage ?? res.locals.lang),
      })),
    });
  });

  async function renderSheet(
    res: Response,
    items: Basket['items'],
    clientLanguage: string,
    options: { forPdf?: boolean; staff?: { shareUrl: string; shareQr: string; pdf: boolean } },
  ): Promise<string> {
    const sheet = await referrals.sheet(items, clientLanguage);
    return new Promise((resolve, reject) => {
      res.render(
        'referrals/sheet',
        {
          layout: 'sheet',
          sheet,
          centre: deps.centre,
          pageTitle: sheet.title.client,
          inlineCss: options.forPdf ? sheetCss : undefined,
          staff: options.forPdf ? undefined : options.staff,
        },
        (error: Error | null, html: string) => (error ? reject(error) : resolve(html)),
      );
    });
  }

  /** The share link for the basket as it is now: made once, reused until the basket changes. */
  async function shareFor(req: Request, basket: Basket, clientLanguage: string) {
    const key = JSON.stringify([basket.items, clientLanguage]);
    if (req.session.referralShare?.key === key) return req.session.referralShare.token;
    const token = await referrals.createShare(basket.items, clientLanguage);
    req.session.referralShare = { key, token };
    return token;
  }

  router.get('/referrals/sheet', ...staffOnly, async (req: Request, res: Response) => {
    const basket = basketOf(req);
    if (basket.items.length === 0) return res.redirect(303, base(res));
    const { client } = parseInput(sheetQuery_, req.query);
    const clientLanguage = client ?? basket.clientLanguage ?? res.locals.lang;
    const token = await shareFor(req, basket, clientLanguage);
    const shareUrl = referrals.shareUrl(token, clientLanguage);
    const html = await renderSheet(res, basket.items, clientLanguage, {
      staff: {
        shareUrl,
        shareQr: await qrSvg(shareUrl, res.locals.translate('referral:screen.shareQr')),
        pdf: deps.pdf.available,
      },
    });
    res.send(html);
  });

  router.get(
    '/referrals/sheet.pdf',
    ...staffOnly,
    deps.pdfLimit,
    async (req: Request, res: Response) => {
      const basket = basketOf(req);
      if (basket.items.length === 0) throw new NotFoundError('empty basket');
      const clientLanguage = basket.clientLanguage ?? res.locals.lang;
      const html = await renderSheet(res, basket.items, clientLanguage, { forPdf: true });
      const pdf = await deps.pdf.render(html);
      res
        .type('application/pdf')
        .set('Content-Disposition', `attachment; filename="referral-${clientLanguage}.pdf"`)
        .set('Cache-Control', 'private, no-store')
        .send(pdf);
    },
  );

  // Public: the client's phone, no account. Reveals only the listed services and notes.
  router.get('/r/:token', async (req: Request, res: Response, next: NextFunction) => {
    const { token } = parsePathParams(tokenParams, req.params);
    const share = await referrals.loadShare(token);
    if (!share) {
      res.status(410).render('referrals/expired', {
        pageTitle: res.locals.translate('referral:expired.title'),
      });
      return;
    }
    res.set('Cache-Control', 'private, no-store');
    res.set('X-Robots-Tag', 'noindex');
    renderSheet(res, share.items, share.clientLanguage, {}).then((html) => res.send(html), next);
  });

  return router;
}
