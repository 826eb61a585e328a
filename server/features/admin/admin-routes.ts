// The coordinator's area /{lang}/admin/…: review queue, stale listings, organisations, users,
// categories. Coordinators only (requireRole); every form carries the CSRF token.
import type { Request, Response } from 'express';
import { Router } from 'express';
import { z } from 'zod';
import { ConflictError } from '../../errors';
import { formatDate, languageName } from '../../i18n/formatters';
import { directionOf } from '../../i18n/create-i18n';
import type { I18n } from '../../i18n/create-i18n';
import { pickTranslation } from '../../i18n/pick-translation';
import { CATEGORY_SLUGS, ROLES } from '../../models/vocabulary';
import type { AccountsService } from '../accounts/accounts-service';
import { checkedLabel } from '../directory/directory-view-models';
import type { Csrf } from '../../web/csrf';
import type { FormErrors, FormValues } from '../../forms/form-fields';
import { errorSummary, formFields, parseForm } from '../../forms/form-fields';
import {
  choice,
  flag,
  many,
  objectId,
  optionalText,
  requiredText,
  typedText,
} from '../../forms/form-schemas';
import { actorOf, requireRole } from '../../web/require-role';
import { parseInput, parsePathParams } from '../../web/validate';
import type { AdminService } from './admin-service';

const reviewParams = z.object({
  kind: z.enum(['service', 'session']),
  id: z.string().regex(/^[a-f0-9]{24}$/),
});
const idParams = z.object({ id: z.string().regex(/^[a-f0-9]{24}$/) });
const slugParams = z.object({ slug: z.enum(CATEGORY_SLUGS) });
const returnForm = z.object({ comment: requiredText(1000, { multiline: true }) });
const inviteForm = z
  .object({
    email: requiredText(200).refine((v) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v), 'email'),
    name: optionalText(200),
    role: choice(ROLES),
    organisation: z.preprocess((v) => (v === '' ? undefined : v), objectId.optional()),
    // Translators (issue #16): the languages they write; checked against config in the route.
    languages: many(z.string().regex(/^[a-z]{2,3}$/)),
    translatorTrusted: flag,
  })
  .refine((v) => v.role !== 'editor' || v.organisation, {
    path: ['organisation'],
    message: 'chooseOne',
  })
  .refine((v) => v.role !== 'translator' || v.languages.length > 0, {
    path: ['languages'],
    message: 'chooseOne',
  });
const flagsForm = z.object({ trusted: flag, verified: flag });
const activeForm = z.object({ active: flag });
const organisationForm = z.object({
  name: requiredText(200),
  slug: requiredText(120).refine((v) => /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(v), 'invalid'),
  description: requiredText(2000, { multiline: true }),
});
const noticeQuery = z
  .object({ done: z.enum(['approved', 'returned', 'saved']).optional() })
  .catch({});

export function createAdminRouter(deps: {
  admin: AdminService;
  accounts: AccountsService;
  csrf: Csrf;
  i18n: I18n;
  languages: readonly string[];
  localLanguage: string;
  baseUrl: string;
  now?: () => Date;
}): Router {
  const router = Router();
  const { admin, accounts } = deps;
  router.use('/admin', requireRole('coordinator'), deps.csrf.provideToken);

  const ctx = (res: Response) => ({
    lang: res.locals.lang,
    localLanguage: deps.localLanguage,
    t: res.locals.translate,
    now: deps.now?.() ?? new Date(),
  });
  const pick = (texts: Record<string, string>, res: Response) =>
    pickTranslation(texts, res.locals.lang, deps.localLanguage).text;
  const base = (res: Response) => `/${res.locals.lang}/admin`;
  const notice = (req: Request, res: Response) => {
    const { done } = noticeQuery.parse(req.query);
    return done ? res.locals.translate(`manage:notices.${done}`) : '';
  };

  router.get('/admin', async (_req: Request, res: Response) => {
    const [pending, stale] = await Promise.all([admin.pendingCount(), admin.staleServices()]);
    res.render('admin/home', {
      pageTitle: res.locals.translate('manage:admin.title'),
      pending,
      stale: stale.length,
    });
  });

  /** A return comment that did not validate: shown again beside its item, as typed. */
  interface ReturnAttempt {
    id: string;
    comment: string;
    error: string;
  }

  async function renderReviews(req: Request, res: Response, attempt?: ReturnAttempt) {
    const t = res.locals.translate;
    const items = (await admin.reviewQueue()).map((item) => {
      const failed = attempt?.id === item.id ? attempt : undefined;
      const serviceName = pick(item.serviceName, res);
      const kindLabel = t(`manage:subjects.${item.kind}`);
      return {
        ...item,
        kindLabel,
        serviceName,
        submitted: item.submittedAt ? formatDate(item.submittedAt, res.locals.lang) : '',
        base: `${base(res)}/reviews/${item.kind}/${item.id}`,
        comment: failed?.comment ?? '',
        commentError: failed ? t(`manage:fieldErrors.${failed.error}`) : '',
        summaryLabel: `${t('manage:reviews.comment')} (${kindLabel}: ${serviceName})`,
      };
    });
    res.render('admin/reviews', {
      pageTitle: t('manage:reviews.title'),
      notice: attempt ? '' : notice(req, res),
      items,
      errors: items
        .filter((item) => item.commentError)
        .map((item) => ({
          href: `#comment-${item.id}`,
          label: item.summaryLabel,
          message: item.commentError,
        })),
    });
  }

  router.get('/admin/reviews', async (req: Request, res: Response) => {
    await renderReviews(req, res);
  });

  router.post('/admin/reviews/:kind/:id/approve', async (req: Request, res: Response) => {
    const { kind, id } = parsePathParams(reviewParams, req.params);
    await admin.approve(actorOf(req), kind, id);
    res.redirect(303, `${base(res)}/reviews?done=approved`);
  });

  router.post('/admin/reviews/:kind/:id/return', async (req: Request, res: Response) => {
    const { kind, id } = parsePathParams(reviewParams, req.params);
    const parsed = parseForm(returnForm, req.body);
    if (!parsed.ok) {
      res.status(400);
      return renderReviews(req, res, {
        id,
        comment: typedText(req.body, 'comment'),
        error: parsed.errors.comment ?? 'invalid',
      });
    }
    await admin.returnForChanges(actorOf(req), kind, id, parsed.data.comment);
    res.redirect(303, `${base(res)}/reviews?done=returned`);
  });

  router.get('/admin/stale', async (_req: Request, res: Response) => {
    const services = await admin.staleServices();
    res.render('admin/stale', {
      pageTitle: res.locals.translate('manage:stale.title'),
      services: services.map((s) => ({
        ...s,
        name: pick(s.name, res),
        checked: checkedLabel(s.lastVerifiedAt, ctx(res)),
        dashboard: `/${res.locals.lang}/provider/organisations/${s.organisationId}`,
      })),
    });
  });

  // ---- organisations ----
  async function renderOrganisations(res: Response, values: FormValues, errors: FormErrors) {
    const t = res.locals.translate;
    const field = formFields(t, values, errors);
    const fields = [
      field({ name: 'name', label: t('manage:fields.organisationName'), required: true }),
      field({
        name: 'slug',
        label: t('manage:fields.slug'),
        hint: t('manage:hints.slug'),
        required: true,
      }),
      field({
        name: 'description',
        type: 'textarea',
        label: t('manage:fields.descriptionIn', {
          language: languageName(deps.localLanguage, res.locals.lang),
        }),
        required: true,
        lang: deps.localLanguage,
      }),
    ];
    res.render('admin/organisations', {
      pageTitle: t('manage:organisations.title'),
      organisations: (await admin.organisations()).map((o) => ({
        ...o,
        dashboard: `/${res.locals.lang}/provider/organisations/${o.id}`,
      })),
      fields,
      errors: errorSummary(fields),
    });
  }

  router.get('/admin/organisations', async (_req: Request, res: Response) => {
    await renderOrganisations(res, {}, {});
  });

  router.post('/admin/organisations', async (req: Request, res: Response) => {
    const parsed = parseForm(organisationForm, req.body);
    if (!parsed.ok) {
      res.status(400);
      return renderOrganisations(res, req.body as FormValues, parsed.errors);
    }
    try {
      await admin.createOrganisation(actorOf(req), {
        name: parsed.data.name,
        slug: parsed.data.slug,
        description: { [deps.localLanguage]: parsed.data.description },
      });
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      res.status(409);
      return renderOrganisations(res, req.body as FormValues, { slug: 'invalid' });
    }
    res.redirect(303, `${base(res)}/organisations`);
  });

  router.post('/admin/organisations/:id/flags', async (req: Request, res: Response) => {
    const { id } = parsePathParams(idParams, req.params);
    await admin.setOrganisationFlags(actorOf(req), id, parseInput(flagsForm, req.body));
    res.redirect(303, `${base(res)}/organisations`);
  });

  // ---- users ----
  async function renderUsers(
    res: Response,
    values: FormValues,
    errors: FormErrors,
    link?: { email: string; url: string; purpose: string },
  ) {
    const t = res.locals.translate;
    const organisations = await admin.organisations();
    const field = formFields(t, values, errors);
    const fields = [
      field({
        name: 'email',
        type: 'email',
        label: t('manage:fields.email'),
        required: true,
        autocomplete: 'off',
      }),
      field({ name: 'name', label: t('manage:fields.personName'), autocomplete: 'off' }),
      field({
        name: 'role',
        type: 'select',
        label: t('manage:fields.role'),
        required: true,
        options: ROLES.map((r) => ({ value: r, label: t(`manage:roles.${r}`) })),
      }),
      field({
        name: 'organisation',
        type: 'select',
        label: t('manage:fields.organisation'),
        hint: t('manage:hints.organisation'),
        options: [
          { value: '', label: t('manage:fields.none') },
          ...organisations.map((o) => ({ value: o.id, label: o.name })),
        ],
      }),
      // Translators: which languages they write (never the local one), and whether they publish.
      field({
        name: 'languages',
        type: 'checkboxes',
        label: t('manage:translate.languagesField'),
        hint: t('manage:translate.languagesHint'),
        options: deps.languages
          .filter((l) => l !== deps.localLanguage)
          .map((l) => ({ value: l, label: languageName(l, res.locals.lang) })),
      }),
      field({
        name: 'translatorTrusted',
        type: 'checkbox',
        label: t('manage:translate.trustedField'),
      }),
    ];
    const users = await accounts.listUsers();
    res.render('admin/users', {
      pageTitle: t('manage:users.title'),
      users: users.map((u) => ({
        ...u,
        roleLabel: t(`manage:roles.${u.role}`),
        lastLogin: u.lastLoginAt ? formatDate(u.lastLoginAt, res.locals.lang) : '',
      })),
      fields,
      errors: errorSummary(fields),
      link,
    });
  }

  router.get('/admin/users', async (_req: Request, res: Response) => {
    await renderUsers(res, { role: 'editor' }, {});
  });

  const linkFor = (res: Response, token: string) =>
    `${deps.baseUrl}/${res.locals.lang}/account/password/${token}`;

  router.post('/admin/users', async (req: Request, res: Response) => {
    const parsed = parseForm(inviteForm, req.body);
    if (!parsed.ok) {
      res.status(400);
      return renderUsers(res, req.body as FormValues, parsed.errors);
    }
    const offered = parsed.data.languages.filter(
      (l) => deps.languages.includes(l) && l !== deps.localLanguage,
    );
    if (offered.length !== parsed.data.languages.length) {
      res.status(400);
      return renderUsers(res, req.body as FormValues, { languages: 'chooseOne' });
    }
    try {
      const { token, email } = await accounts.invite(parsed.data, actorOf(req));
      res.status(201);
      await renderUsers(
        res,
        { role: 'editor' },
        {},
        { email, url: linkFor(res, token), purpose: 'invitation' },
      );
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      res.status(409);
      await renderUsers(res, req.body as FormValues, { email: 'exists' });
    }
  });

  router.post('/admin/users/:id/reset', async (req: Request, res: Response) => {
    const { id } = parsePathParams(idParams, req.params);
    const { token, email } = await accounts.issueReset(id, actorOf(req));
    await renderUsers(
      res,
      { role: 'editor' },
      {},
      { email, url: linkFor(res, token), purpose: 'reset' },
    );
  });

  router.post('/admin/users/:id/active', async (req: Request, res: Response) => {
    const { id } = parsePathParams(idParams, req.params);
    await accounts.setActive(id, parseInput(activeForm, req.body).active, actorOf(req));
    res.redirect(303, `${base(res)}/users`);
  });

  // ---- categories ----
  router.get('/admin/categories', async (req: Request, res: Response) => {
    const categories = await admin.categories();
    res.render('admin/categories', {
      pageTitle: res.locals.translate('manage:categories.title'),
      notice: notice(req, res),
      categories: categories.map((c) => ({
        ...c,
        name: pick(c.name, res),
        edit: `${base(res)}/categories/${c.slug}`,
      })),
    });
  });

  const categoryFormSchema = z.object(
    Object.fromEntries(
      deps.languages.flatMap((lng) => [
        [`name_${lng}`, lng === deps.localLanguage ? requiredText(100) : optionalText(100)],
        [`description_${lng}`, optionalText(500, { multiline: true })],
      ]),
    ),
  );

  async function renderCategory(
    res: Response,
    slug: string,
    values: FormValues,
    errors: FormErrors,
  ) {
    const t = res.locals.translate;
    const field = formFields(t, values, errors);
    const fields = deps.languages.flatMap((lng) => [
      field({
        name: `name_${lng}`,
        label: t('manage:fields.nameIn', { language: languageName(lng, res.locals.lang) }),
        required: lng === deps.localLanguage,
        lang: lng,
        dir: directionOf(deps.i18n, lng),
      }),
      field({
        name: `description_${lng}`,
        type: 'textarea',
        label: t('manage:fields.descriptionIn', { language: languageName(lng, res.locals.lang) }),
        lang: lng,
        dir: directionOf(deps.i18n, lng),
      }),
    ]);
    res.render('provider/simple-form', {
      pageTitle: t('manage:categories.editTitle', { name: t(`categories:${slug}.name`) }),
      fields,
      errors: errorSummary(fields),
      action: `${base(res)}/categories/${slug}`,
      dashboard: `${base(res)}/categories`,
    });
  }

  router.get('/admin/categories/:slug', async (req: Request, res: Response) => {
    const { slug } = parsePathParams(slugParams, req.params);
    const category = (await admin.categories()).find((c) => c.slug === slug)!;
    const values: FormValues = {};
    for (const lng of deps.languages) {
      values[`name_${lng}`] = category.name[lng] ?? '';
      values[`description_${lng}`] = category.description[lng] ?? '';
    }
    await renderCategory(res, slug, values, {});
  });

  router.post('/admin/categories/:slug', async (req: Request, res: Response) => {
    const { slug } = parsePathParams(slugParams, req.params);
    const parsed = parseForm(categoryFormSchema, req.body);
    if (!parsed.ok) {
      res.status(400);
      return renderCategory(res, slug, req.body as FormValues, parsed.errors);
    }
    const data = parsed.data as Record<string, string | undefined>;
    const texts = (key: string) =>
      Object.fromEntries(
        deps.languages.flatMap((lng) =>
          data[`${key}_${lng}`] ? [[lng, data[`${key}_${lng}`]!]] : [],
        ),
      );
    await admin.updateCategory(actorOf(req), slug, {
      name: texts('name'),
      description: texts('description'),
    });
    res.redirect(303, `${base(res)}/categories?done=saved`);
  });

  return router;
}
