// /{lang}/admin/needs: the coordinator keeps the vocabulary of needs (list, add, rename, search
// terms per language, merge). Coordinators only, checked here on the server whatever the links
// show; every form carries the CSRF token; thin handlers (validate → needs service → render).
import type { Request, Response } from 'express';
import { Router } from 'express';
import { z } from 'zod';
import { ConflictError, FormError } from '../../errors';
import type { I18n } from '../../i18n/create-i18n';
import { directionOf } from '../../i18n/create-i18n';
import { languageName } from '../../i18n/formatters';
import type { FormErrors, FormValues } from '../../forms/form-fields';
import { errorSummary, formFields, parseForm } from '../../forms/form-fields';
import { CATEGORY_SLUGS, SLUG } from '../../models/vocabulary';
import type { Csrf } from '../../web/csrf';
import { actorOf, requireRole } from '../../web/require-role';
import { parsePathParams } from '../../web/validate';
import { mergeFormSchema, needFormSchema, needFormValues } from './needs-forms';
import type { NeedView } from '../../view-models/needs-view-models';
import { inTreeOrder, needLabel } from '../../view-models/needs-view-models';
import type { NeedsService } from './needs-service';

const slugParams = z.object({ slug: z.string().regex(SLUG).max(80) });
const noticeQuery = z.object({ done: z.enum(['created', 'saved', 'merged']).optional() }).catch({});

export function createNeedsRouter(deps: {
  needs: NeedsService;
  csrf: Csrf;
  i18n: I18n;
  languages: readonly string[];
  localLanguage: string;
}): Router {
  const router = Router();
  const { needs } = deps;
  const formSchema = needFormSchema(deps.languages, deps.localLanguage);
  router.use('/admin/needs', requireRole('coordinator'), deps.csrf.provideToken);

  const base = (res: Response) => `/${res.locals.lang}/admin/needs`;
  const label = (need: NeedView, res: Response) =>
    needLabel(need, res.locals.lang, deps.localLanguage);
  /** Languages in form order: the local one first. */
  const formLanguages = [
    deps.localLanguage,
    ...deps.languages.filter((lng) => lng !== deps.localLanguage),
  ];

  router.get('/admin/needs', async (req: Request, res: Response) => {
    const t = res.locals.translate;
    const { done } = noticeQuery.parse(req.query);
    const all = await needs.listWithCounts();
    const groups = CATEGORY_SLUGS.map((category) => ({
      label: t(`categories:${category}.name`),
      needs: inTreeOrder(all.filter((n) => n.category === category)).map(({ need, depth }) => ({
        ...label(need, res),
        slug: need.slug,
        child: depth > 0,
        services: (need as { services?: number }).services ?? 0,
        edit: `${base(res)}/${need.slug}`,
      })),
    })).filter((g) => g.needs.length > 0);
    res.render('admin/needs', {
      pageTitle: t('manage:needs.title'),
      notice: done ? t(`manage:needs.notices.${done}`) : '',
      total: all.length,
      groups,
      add: `${base(res)}/new`,
    });
  });

  // The vocabulary as an HSDS 3 taxonomy (JSON), in the page's language.
  // (Not under the /admin/needs prefix guarded above: guarded here.)
  router.get('/admin/needs.json', requireRole('coordinator'), async (_req, res: Response) => {
    const t = res.locals.translate;
    res.json(await needs.hsdsTaxonomy(res.locals.lang, (slug) => t(`categories:${slug}.name`)));
  });

  async function renderForm(
    res: Response,
    page: {
      values: FormValues;
      errors: FormErrors;
      need?: NeedView;
      mergeValues?: FormValues;
      mergeErrors?: FormErrors;
    },
  ) {
    const t = res.locals.translate;
    const all = await needs.list();
    const field = formFields(t, page.values, page.errors);
    const needOption = (n: NeedView) => ({
      value: n.slug,
      label: `${t(`categories:${n.category}.name`)} › ${label(n, res).text}`,
    });
    const others = all.filter((n) => n.slug !== page.need?.slug);
    const basics = [
      field({
        name: 'category',
        type: 'select',
        label: t('manage:fields.category'),
        required: true,
        options: CATEGORY_SLUGS.map((slug) => ({
          value: slug,
          label: t(`categories:${slug}.name`),
        })),
      }),
      field({
        name: 'parent',
        type: 'select',
        label: t('manage:needs.parent'),
        hint: t('manage:needs.parentHint'),
        options: [{ value: '', label: t('manage:fields.none') }, ...others.map(needOption)],
      }),
    ];
    const languages = formLanguages.map((lng) => {
      const dir = directionOf(deps.i18n, lng);
      const language = languageName(lng, res.locals.lang);
      return {
        lang: lng,
        language,
        fields: [
          field({
            name: `name_${lng}`,
            label: t('manage:fields.nameIn', { language }),
            required: lng === deps.localLanguage,
            lang: lng,
            dir,
          }),
          field({
            name: `terms_${lng}`,
            type: 'textarea',
            label: t('manage:needs.termsIn', { language }),
            hint: t('manage:needs.termsHint'),
            lang: lng,
            dir,
          }),
        ],
      };
    });
    const mergeField = formFields(t, page.mergeValues ?? {}, page.mergeErrors ?? {});
    const merge = page.need
      ? [
          mergeField({
            name: 'target',
            type: 'select',
            label: t('manage:needs.mergeTarget'),
            hint: t('manage:needs.mergeHint', { name: label(page.need, res).text }),
            required: true,
            options: [{ value: '', label: t('manage:needs.choose') }, ...others.map(needOption)],
          }),
        ]
      : [];
    const fields = [...basics, ...languages.flatMap((l) => l.fields)];
    res.render('admin/need-form', {
      pageTitle: page.need
        ? t('manage:needs.editTitle', { name: label(page.need, res).text })
        : t('manage:needs.newTitle'),
      slug: page.need?.slug,
      action: page.need ? `${base(res)}/${page.need.slug}` : base(res),
      mergeAction: page.need ? `${base(res)}/${page.need.slug}/merge` : undefined,
      back: base(res),
      basics,
      languages,
      merge,
      errors: [...errorSummary(fields), ...errorSummary(merge)],
    });
  }

  router.get('/admin/needs/new', async (_req: Request, res: Response) => {
    await renderForm(res, { values: needFormValues({}, deps.languages), errors: {} });
  });

  router.post('/admin/needs', async (req: Request, res: Response) => {
    const parsed = parseForm(formSchema, req.body);
    const fail = async (status: number, errors: FormErrors) => {
      res.status(status);
      await renderForm(res, { values: req.body as FormValues, errors });
    };
    if (!parsed.ok) return fail(400, parsed.errors);
    try {
      await needs.create(actorOf(req), parsed.data);
    } catch (error) {
      if (error instanceof FormError) return fail(400, { ...error.fields });
      if (error instanceof ConflictError)
        return fail(409, { [`name_${deps.localLanguage}`]: 'exists' });
      throw error;
    }
    res.redirect(303, `${base(res)}?done=created`);
  });

  router.get('/admin/needs/:slug', async (req: Request, res: Response) => {
    const { slug } = parsePathParams(slugParams, req.params);
    const need = await needs.get(slug);
    await renderForm(res, { values: needFormValues(need, deps.languages), errors: {}, need });
  });

  router.post('/admin/needs/:slug', async (req: Request, res: Response) => {
    const { slug } = parsePathParams(slugParams, req.params);
    const need = await needs.get(slug);
    const parsed = parseForm(formSchema, req.body);
    const fail = async (errors: FormErrors) => {
      res.status(400);
      await renderForm(res, { values: req.body as FormValues, errors, need });
    };
    if (!parsed.ok) return fail(parsed.errors);
    try {
      await needs.update(actorOf(req), slug, parsed.data);
    } catch (error) {
      if (error instanceof FormError) return fail({ ...error.fields });
      throw error;
    }
    res.redirect(303, `${base(res)}?done=saved`);
  });

  router.post('/admin/needs/:slug/merge', async (req: Request, res: Response) => {
    const { slug } = parsePathParams(slugParams, req.params);
    const need = await needs.get(slug);
    const fail = async (errors: FormErrors) => {
      res.status(400);
      await renderForm(res, {
        values: needFormValues(need, deps.languages),
        errors: {},
        need,
        mergeValues: req.body as FormValues,
        mergeErrors: errors,
      });
    };
    const parsed = parseForm(mergeFormSchema, req.body);
    if (!parsed.ok) return fail(parsed.errors);
    try {
      await needs.merge(actorOf(req), slug, parsed.data.target);
    } catch (error) {
      if (error instanceof FormError) return fail({ target: 'chooseOne' });
      throw error;
    }
    res.redirect(303, `${base(res)}?done=merged`);
  });

  return router;
}
