// /{lang}/translate (translators and coordinators): the queue and the side-by-side editor; and
// /{lang}/admin/translations (coordinators): coverage per language, proposals to review and
// which translators publish at once. Thin handlers: checks and writes live in translate-service.
import type { Request, Response } from 'express';
import { Router } from 'express';
import { z } from 'zod';
import { directionOf } from '../../i18n/create-i18n';
import type { I18n } from '../../i18n/create-i18n';
import { formatDate, formatNumber, languageName, nativeLanguageName } from '../../i18n/formatters';
import type { FormErrors } from '../../forms/form-fields';
import { parseForm } from '../../forms/form-fields';
import { flag, objectId, optionalText } from '../../forms/form-schemas';
import { storedFlag } from '../../models/lean';
import { termsFit } from '../../models/need';
import { TRANSLATABLE_KINDS } from '../../models/pending-translation';
import type { Csrf } from '../../web/csrf';
import { actorOf, requireRole } from '../../web/require-role';
import { parseInput, parsePathParams } from '../../web/validate';
import { VIEWS_WINDOW_DAYS } from './translate-queue';
import type { Texts, TranslateService } from './translate-service';

const LANG = /^[a-z]{2,3}$/;
const editorParams = z.object({
  kind: z.enum(TRANSLATABLE_KINDS),
  id: objectId,
  target: z.string().regex(LANG),
});
const queueQuery = z
  .object({
    language: z.string().regex(LANG).optional(),
    done: z.enum(['published', 'pending']).optional(),
  })
  .catch({});
const alsoQuery = z.object({ also: z.string().regex(LANG).optional() }).catch({});
/** Only texts: any other field a request sends is dropped here, never written. */
const textsForm = z.object({
  name: optionalText(200),
  summary: optionalText(300),
  description: optionalText(5000, { multiline: true }),
  accessNote: optionalText(500, { multiline: true }),
  documents: optionalText(3000, { multiline: true }),
  transport: optionalText(500, { multiline: true }),
  // A need's search words, one a line: as many and as long as the coordinator's form allows.
  terms: optionalText(20_000, { multiline: true }).refine(termsFit, 'tooLong'),
});
const idParams = z.object({ id: objectId });
const reviewParams = z.object({ id: objectId, decision: z.enum(['approve', 'reject']) });
const trustedForm = z.object({ translatorTrusted: flag });
const PAGE_SIZE = 100;
const fieldLabel = (t: (key: string) => string, field: string) =>
  field === 'transport'
    ? t('location.transport')
    : field === 'terms'
      ? t('manage:translate.terms')
      : t(`manage:fields.${field}`);

export function createTranslateRouter(deps: {
  translate: TranslateService;
  csrf: Csrf;
  i18n: I18n;
  languages: readonly string[];
  localLanguage: string;
}): Router {
  const router = Router();
  const { translate } = deps;
  router.use('/translate', requireRole('translator', 'coordinator'), deps.csrf.provideToken);
  router.use('/admin/translations', requireRole('coordinator'), deps.csrf.provideToken);
  router.use('/admin/translators', requireRole('coordinator'));

  const languageOption = (res: Response) => (l: string) => ({
    value: l,
    label: languageName(l, res.locals.lang),
  });

  router.get('/translate', async (req: Request, res: Response) => {
    const t = res.locals.translate;
    const actor = actorOf(req);
    const { language, done } = queueQuery.parse(req.query);
    const items = await translate.queue(actor, language);
    res.render('translate/queue', {
      pageTitle: t('manage:translate.queueTitle'),
      days: VIEWS_WINDOW_DAYS,
      notice: done ? t(`manage:translate.done.${done}`) : '',
      languages: translate.languagesOf(actor).map((l) => ({
        ...languageOption(res)(l),
        selected: l === language,
      })),
      total: items.length,
      items: items.slice(0, PAGE_SIZE).map((item) => ({
        ...item,
        kindLabel: t(`manage:subjects.${item.kind}`),
        stateLabel: t(`manage:translate.state.${item.state}`),
        languageName: languageName(item.lang, res.locals.lang),
        changed: formatDate(item.localChangedAt, res.locals.lang),
        views: formatNumber(item.views, res.locals.lang),
        href: `/translate/${item.kind}/${item.id}/${item.lang}`,
      })),
      shown: Math.min(items.length, PAGE_SIZE),
    });
  });

  async function renderEditor(req: Request, res: Response, typed?: Texts, errors: FormErrors = {}) {
    const t = res.locals.translate;
    const { kind, id, target } = parsePathParams(editorParams, req.params);
    const { also } = alsoQuery.parse(req.query);
    const actor = actorOf(req);
    const alsoLang = also && deps.languages.includes(also) ? also : undefined;
    const data = await translate.editor(actor, kind, id, target, alsoLang);
    const values = typed ?? data.own;
    res.render('translate/editor', {
      pageTitle: t('manage:translate.editorTitle', {
        language: languageName(target, res.locals.lang),
      }),
      title: data.title,
      kindLabel: t(`manage:subjects.${kind}`),
      outdated: data.state === 'outdated',
      action: `/translate/${kind}/${id}/${target}`,
      local: {
        lang: deps.localLanguage,
        dir: directionOf(deps.i18n, deps.localLanguage),
        name: nativeLanguageName(deps.localLanguage),
      },
      target: {
        lang: target,
        dir: directionOf(deps.i18n, target),
        name: nativeLanguageName(target),
      },
      alsoLanguage: alsoLang
        ? {
            lang: alsoLang,
            dir: directionOf(deps.i18n, alsoLang),
            name: nativeLanguageName(alsoLang),
          }
        : undefined,
      alsoOptions: deps.languages
        .filter((l) => l !== target && l !== deps.localLanguage)
        .map((l) => ({ ...languageOption(res)(l), selected: l === alsoLang })),
      rows: data.fields.map((field) => ({
        field,
        id: `field-${field}`,
        label: fieldLabel(t, field),
        multiline: field !== 'name',
        hint: field === 'terms' ? t('manage:needs.termsHint') : '',
        local: data.local[field] ?? '',
        also: data.also?.[field] ?? '',
        value: values[field] ?? '',
        error: errors[field] ? t(`manage:fieldErrors.${errors[field]}`) : '',
      })),
    });
  }

  router.get('/translate/:kind/:id/:target', (req: Request, res: Response) =>
    renderEditor(req, res),
  );

  router.post('/translate/:kind/:id/:target', async (req: Request, res: Response) => {
    const { kind, id, target } = parsePathParams(editorParams, req.params);
    const parsed = parseForm(textsForm, req.body);
    if (!parsed.ok) {
      res.status(400);
      await renderEditor(req, res, req.body as Texts, parsed.errors);
      return;
    }
    const texts: Texts = Object.fromEntries(
      Object.entries(parsed.data).map(([k, v]) => [k, v ?? '']),
    );
    const done = await translate.save(actorOf(req), kind, id, target, texts);
    res.redirect(303, `/${res.locals.lang}/translate?language=${target}&done=${done}`);
  });

  // ---- coordinator: coverage, proposals, translators ----
  router.get('/admin/translations', async (_req: Request, res: Response) => {
    const t = res.locals.translate;
    const [coverage, pending, translators] = await Promise.all([
      translate.coverage(),
      translate.pending(),
      translate.translators(),
    ]);
    res.render('translate/admin', {
      pageTitle: t('manage:translate.adminTitle'),
      coverage: coverage.map((c) => ({
        ...c,
        languageName: languageName(c.lang, res.locals.lang),
        queue: `/translate?language=${c.lang}`,
      })),
      pending: pending.map((p) => ({
        id: String(p._id),
        kindLabel: t(`manage:subjects.${p.kind}`),
        languageName: languageName(p.lang, res.locals.lang),
        lang: p.lang,
        dir: directionOf(deps.i18n, p.lang),
        by: p.userEmail,
        at: formatDate(p.at, res.locals.lang),
        texts: Object.entries(p.texts)
          .filter(([, v]) => v)
          .map(([field, text]) => ({ label: fieldLabel(t, field), text })),
      })),
      translators: translators.map((u) => ({
        id: String(u._id),
        email: u.email,
        languages: (u.languages ?? []).map((l) => languageName(l, res.locals.lang)).join(', '),
        trusted: storedFlag(u.translatorTrusted),
      })),
    });
  });

  router.post('/admin/translations/:id/:decision', async (req: Request, res: Response) => {
    const { id, decision } = parsePathParams(reviewParams, req.params);
    await translate.review(actorOf(req), id, decision === 'approve');
    res.redirect(303, `/${res.locals.lang}/admin/translations`);
  });

  router.post('/admin/translators/:id', async (req: Request, res: Response) => {
    const { id } = parsePathParams(idParams, req.params);
    const { translatorTrusted } = parseInput(trustedForm, req.body);
    await translate.setTrusted(actorOf(req), id, translatorTrusted);
    res.redirect(303, `/${res.locals.lang}/admin/translations`);
  });

  return router;
}
