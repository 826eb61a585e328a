// The coordinator's area /{lang}/admin/…: review queue, stale listings, organisations, users,
// categories. Coordinators only (requireRole here, assertCoordinator in the services); every
// form carries the CSRF token. Forms: admin-schema.ts; what pages show: admin-view-models.ts.
import type { Request, Response } from 'express';
import { Router } from 'express';
import { ConflictError, NotFoundError } from '../../errors';
import type { FormErrors, FormValues } from '../../forms/form-fields';
import { parseForm } from '../../forms/form-fields';
import { typedText } from '../../forms/form-schemas';
import type { I18n } from '../../i18n/create-i18n';
import { directionOf } from '../../i18n/create-i18n';
import { checkedLabel } from '../../view-models/directory-view-models';
import type { Csrf } from '../../web/csrf';
import { handleForm } from '../../web/form-page';
import { actorOf, requireRole } from '../../web/require-role';
import { parseInput, parsePathParams } from '../../web/validate';
import type { AccountsService } from '../../ports';
import {
  activeForm,
  categoryFormSchema,
  flagsForm,
  idParams,
  inviteForm,
  noticeQuery,
  organisationForm,
  returnForm,
  reviewParams,
  slugParams,
} from './admin-schema';
import type { AdminService } from './admin-service';
import type { AdminContext, ReturnAttempt } from './admin-view-models';
import {
  categoryFormValues,
  categoryFormView,
  organisationFormView,
  pickText,
  reviewsView,
  userFormView,
  usersView,
} from './admin-view-models';

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
  const categorySchema = categoryFormSchema(deps.languages, deps.localLanguage);

  const ctx = (res: Response): AdminContext => ({
    lang: res.locals.lang,
    localLanguage: deps.localLanguage,
    t: res.locals.translate,
    languages: deps.languages,
    dir: (lng) => directionOf(deps.i18n, lng),
  });
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

  async function renderReviews(req: Request, res: Response, attempt?: ReturnAttempt) {
    const view = reviewsView(ctx(res), await admin.reviewQueue(), `${base(res)}/reviews`, attempt);
    res.render('admin/reviews', {
      pageTitle: res.locals.translate('manage:reviews.title'),
      notice: attempt ? '' : notice(req, res),
      ...view,
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
    await handleForm(res, {
      schema: returnForm,
      body: req.body,
      showAgain: (errors) =>
        renderReviews(req, res, {
          id,
          comment: typedText(req.body, 'comment'),
          error: errors.comment ?? 'invalid',
        }),
      save: async ({ comment }) => {
        await admin.returnForChanges(actorOf(req), kind, id, comment);
        res.redirect(303, `${base(res)}/reviews?done=returned`);
      },
    });
  });

  router.get('/admin/stale', async (_req: Request, res: Response) => {
    const services = await admin.staleServices();
    const now = deps.now?.() ?? new Date();
    res.render('admin/stale', {
      pageTitle: res.locals.translate('manage:stale.title'),
      services: services.map((s) => ({
        ...s,
        name: pickText(s.name, ctx(res)),
        checked: checkedLabel(s.lastVerifiedAt, { ...ctx(res), now }),
        dashboard: `/${res.locals.lang}/provider/organisations/${s.organisationId}`,
      })),
    });
  });

  // ---- organisations ----
  async function renderOrganisations(res: Response, values: FormValues, errors: FormErrors) {
    res.render('admin/organisations', {
      pageTitle: res.locals.translate('manage:organisations.title'),
      organisations: (await admin.organisations()).map((o) => ({
        ...o,
        dashboard: `/${res.locals.lang}/provider/organisations/${o.id}`,
      })),
      ...organisationFormView(ctx(res), values, errors),
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
    const [organisations, users] = await Promise.all([admin.organisations(), accounts.listUsers()]);
    res.render('admin/users', {
      pageTitle: res.locals.translate('manage:users.title'),
      users: usersView(ctx(res), users),
      ...userFormView(ctx(res), values, errors, organisations),
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
        name: pickText(c.name, ctx(res)),
        edit: `${base(res)}/categories/${c.slug}`,
      })),
    });
  });

  function renderCategory(res: Response, slug: string, values: FormValues, errors: FormErrors) {
    const t = res.locals.translate;
    res.render('provider/simple-form', {
      pageTitle: t('manage:categories.editTitle', { name: t(`categories:${slug}.name`) }),
      ...categoryFormView(ctx(res), values, errors),
      action: `${base(res)}/categories/${slug}`,
      dashboard: `${base(res)}/categories`,
    });
  }

  router.get('/admin/categories/:slug', async (req: Request, res: Response) => {
    const { slug } = parsePathParams(slugParams, req.params);
    const category = (await admin.categories()).find((c) => c.slug === slug);
    if (!category) throw new NotFoundError('category');
    renderCategory(res, slug, categoryFormValues(category, deps.languages), {});
  });

  router.post('/admin/categories/:slug', async (req: Request, res: Response) => {
    const { slug } = parsePathParams(slugParams, req.params);
    await handleForm(res, {
      schema: categorySchema,
      body: req.body,
      showAgain: (errors) => renderCategory(res, slug, req.body as FormValues, errors),
      save: async (data: Record<string, string | undefined>) => {
        const texts = (key: string) =>
          Object.fromEntries(
            deps.languages.flatMap((lng) => {
              const text = data[`${key}_${lng}`];
              return text ? [[lng, text]] : [];
            }),
          );
        await admin.updateCategory(actorOf(req), slug, {
          name: texts('name'),
          description: texts('description'),
        });
        res.redirect(303, `${base(res)}/categories?done=saved`);
      },
    });
  });

  return router;
}
