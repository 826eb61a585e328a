// Front desk: the referral basket (/{lang}/referrals), the printable sheet and its PDF, and the
// public share link (/{lang}/r/{token}) the client opens by QR code on their phone.
import { readFileSync } from 'node:fs';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { Router } from 'express';
import type { TFunction } from 'i18next';
import { ConflictError, NotFoundError, ValidationError } from '../../errors';
import type { FormErrors, FormValues } from '../../forms/form-fields';
import { parseForm } from '../../forms/form-fields';
import { typedText } from '../../forms/form-schemas';
import { nativeLanguageName } from '../../i18n/formatters';
import { projectPath } from '../../paths';
import type { Csrf } from '../../web/csrf';
import { requireRole } from '../../web/require-role';
import { parseInput, parsePathParams } from '../../web/validate';
import type { Basket } from './referral-basket';
import { addItem, moveItem, removeItem, updateBasket } from './referral-basket';
import { createBasketInSession } from './basket-in-session';
import type { PdfRenderer } from './pdf-renderer';
import { PdfBusyError } from './pdf-renderer';
import { pageBoxesCss } from './sheet-pages';
import type { InsightRecorder } from '../../ports';
import type { ReferralService } from './referral-service';
import { qrSvg } from './referral-service';
import {
  NOTE_MAX_LENGTH,
  addForm,
  basketForm,
  moveForm,
  noteField,
  sheetQuery,
  slugParams,
  tokenParams,
} from './referral-schema';

/** The message shown beside a basket field that did not validate. */
function fieldMessage(t: TFunction, code: string): string {
  return code === 'tooLong'
    ? t('referral:basket.errors.noteTooLong', { max: NOTE_MAX_LENGTH })
    : t(`manage:fieldErrors.${code}`);
}

export function createReferralRouter(deps: {
  referrals: ReferralService;
  pdf: PdfRenderer;
  csrf: Csrf;
  languages: readonly string[];
  localLanguage: string;
  centre: { name: string; contact: string };
  /** Counts sheets printed per service, anonymously (features/insight). */
  insight?: Pick<InsightRecorder, 'sheet'>;
  /** Each PDF starts a Chromium page: limited per address. */
  pdfLimit: RequestHandler;
}): Router {
  const router = Router();
  const { referrals } = deps;
  // The PDF is printed from the same HTML with the stylesheet inlined (Chromium fetches nothing).
  const sheetCss = readFileSync(projectPath('views/assets/css/sheet.css'), 'utf8');
  const staffOnly = [requireRole('staff', 'coordinator'), deps.csrf.provideToken];
  // Changes are queued per session and made on the session as stored (basket-in-session.ts).
  const sessionBasket = createBasketInSession();
  const basketOf = sessionBasket.read;
  const base = (res: Response) => `/${res.locals.lang}/referrals`;
  const basketForm_ = basketForm(deps.languages);
  const sheetQuery_ = sheetQuery(deps.languages);

  router.post('/referrals/items', ...staffOnly, async (req: Request, res: Response) => {
    const { slug, back } = parseInput(addForm, req.body);
    await referrals.checkPublished(slug);
    await sessionBasket.change(req, (stored) => {
      const { basket, added } = addItem(stored, slug);
      if (!added) throw new ConflictError('basket full');
      return basket;
    });
    res.redirect(303, back ?? base(res));
  });

  router.post(
    '/referrals/items/:slug/remove',
    ...staffOnly,
    async (req: Request, res: Response) => {
      const { slug } = parsePathParams(slugParams, req.params);
      await sessionBasket.change(req, (stored) => removeItem(stored, slug));
      res.redirect(303, base(res));
    },
  );

  router.post('/referrals/items/:slug/move', ...staffOnly, async (req: Request, res: Response) => {
    const { slug } = parsePathParams(slugParams, req.params);
    const { direction } = parseInput(moveForm, req.body);
    await sessionBasket.change(req, (stored) => moveItem(stored, slug, direction));
    res.redirect(303, base(res));
  });

  router.post('/referrals', ...staffOnly, async (req: Request, res: Response) => {
    const parsed = parseForm(basketForm_, req.body);
    if (!parsed.ok) {
      // A note too long (or a tampered language): the page again, the notes as typed.
      res.status(400);
      return renderBasket(req, res, { values: req.body as FormValues, errors: parsed.errors });
    }
    const form = parsed.data as Record<string, string | undefined> & {
      clientLanguage: string;
      action: 'save' | 'sheet';
    };
    // Notes of the services the form showed; one added meanwhile keeps its (empty) note.
    const notes = Object.fromEntries(
      basketOf(req).items.map((i) => [i.slug, form[noteField(i.slug)] ?? '']),
    );
    await sessionBasket.change(req, (stored) =>
      updateBasket(stored, { notes, clientLanguage: form.clientLanguage }),
    );
    res.redirect(303, form.action === 'sheet' ? `${base(res)}/sheet` : base(res));
  });

  router.get('/referrals', ...staffOnly, async (req: Request, res: Response) => {
    await renderBasket(req, res);
  });

  /** The basket page; after a form that did not validate, with its values and messages. */
  async function renderBasket(
    req: Request,
    res: Response,
    submitted?: { values: FormValues; errors: FormErrors },
  ) {
    const basket = basketOf(req);
    const t = res.locals.translate;
    const errors = submitted?.errors ?? {};
    const lines = await referrals.basketLines(basket.items, res.locals.lang);
    const items = lines.map((item, index, all) => {
      const name = noteField(item.slug);
      return {
        ...item,
        first: index === 0,
        last: index === all.length - 1,
        noteId: `note-${index}`,
        noteLabel: t('referral:basket.note', { name: item.name }),
        note: submitted ? typedText(submitted.values, name) : item.note,
        noteMax: NOTE_MAX_LENGTH,
        noteError: errors[name] ? fieldMessage(t, errors[name]) : undefined,
      };
    });
    const languageError = errors.clientLanguage
      ? fieldMessage(t, errors.clientLanguage)
      : undefined;
    const summary = [
      ...items.flatMap((i) =>
        i.noteError ? [{ href: `#${i.noteId}`, label: i.noteLabel, message: i.noteError }] : [],
      ),
      ...(languageError
        ? [
            {
              href: '#client-language',
              label: t('referral:basket.clientLanguage'),
              message: languageError,
            },
          ]
        : []),
    ];
    // Nothing to show beside a field (e.g. a forged field name): the plain 400 page.
    if (submitted && summary.length === 0) throw new ValidationError('Invalid basket form', errors);
    const chosen = (submitted && typedText(submitted.values, 'clientLanguage')) || undefined;
    res.render('referrals/basket', {
      pageTitle: t('referral:basket.title'),
      errors: summary,
      items,
      languageError,
      languageOptions: deps.languages.map((code) => ({
        code,
        name: nativeLanguageName(code),
        selected: code === (chosen ?? basket.clientLanguage ?? res.locals.lang),
      })),
    });
  }

  async function renderSheet(
    res: Response,
    items: Basket['items'],
    clientLanguage: string,
    options: {
      forPdf?: boolean;
      /** The share page: a phone page on screen (tap to call, maps, no QR codes). */
      phone?: boolean;
      staff?: { shareUrl: string; shareQr: string; pdf: boolean };
    },
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
          // Printed pages carry the title, the centre and "page X of Y" in their margins.
          inlineCss: options.forPdf
            ? sheetCss + pageBoxesCss({ ...sheet, centre: deps.centre })
            : undefined,
          pagesCssUrl: options.forPdf ? undefined : pagesCssUrl(res, clientLanguage),
          phone: !options.forPdf && options.phone,
          staff: options.forPdf ? undefined : options.staff,
        },
        (error: Error | null, html: string) => (error ? reject(error) : resolve(html)),
      );
    });
  }

  const pagesCssUrl = (res: Response, clientLanguage: string) =>
    `/${res.locals.lang}/referral-pages.css?client=${encodeURIComponent(clientLanguage)}`;

  // The printed pages' margins (title, centre, page numbers) for a client language, as a
  // stylesheet: pages may not carry inline styles. Public: the share page prints with it too.
  router.get('/referral-pages.css', async (req: Request, res: Response) => {
    const { client } = parseInput(sheetQuery_, req.query);
    const sheet = await referrals.sheet([], client ?? res.locals.lang);
    res
      .type('text/css')
      .set('Cache-Control', 'public, max-age=3600')
      .send(pageBoxesCss({ ...sheet, centre: deps.centre }));
  });

  /** The share link for the basket as it is now: made once, reused until the basket changes. */
  async function shareFor(req: Request, basket: Basket, clientLanguage: string) {
    const key = JSON.stringify([basket.items, clientLanguage]);
    if (req.session.referralShare?.key === key) return req.session.referralShare.token;
    const token = await referrals.createShare(basket.items, clientLanguage);
    await sessionBasket.rememberShare(req, { key, token });
    return token;
  }

  router.get('/referrals/sheet', ...staffOnly, async (req: Request, res: Response) => {
    const basket = basketOf(req);
    if (basket.items.length === 0) {
      res.redirect(303, base(res));
      return;
    }
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
    // Counted here, where it is printed or saved as PDF from (not again for the PDF itself).
    deps.insight?.sheet(
      basket.items.map((item) => item.slug),
      clientLanguage,
    );
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
      const pdf = await deps.pdf.render(html).catch((error: unknown) => {
        // Busy, not broken: the translated 503 page, and a hint for when to ask again.
        if (error instanceof PdfBusyError) res.set('Retry-After', '30');
        throw error;
      });
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
    renderSheet(res, share.items, share.clientLanguage, { phone: true }).then(
      (html) => res.send(html),
      next,
    );
  });

  return router;
}
