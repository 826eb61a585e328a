// The organisation's dashboard and its profile (name, description in each language, contact).
import type { Request, Response, Router } from 'express';
import { z } from 'zod';
import type { FormValues } from '../../forms/form-fields';
import { handleForm } from '../../web/form-page';
import { actorOf } from '../../web/require-role';
import { organisationFormSchema, organisationFormValues } from './place-forms';
import type { ProviderPages, ProviderRouterDeps } from './provider-pages';
import { organisationFormView } from './organisation-view-models';

const NOTICES = ['saved', 'submitted', 'archived', 'verified', 'seats', 'closed', 'draft'] as const;
const noticeQuery = z.object({ done: z.enum(NOTICES).optional() }).catch({});

export function organisationRoutes(router: Router, deps: ProviderRouterDeps, pages: ProviderPages) {
  const { provider } = deps;
  const { ctx, base, dashboardUrl, id, renderDashboard } = pages;
  const organisationSchema = organisationFormSchema(deps.languages, deps.localLanguage);

  router.get('/provider', (req: Request, res: Response) => {
    const actor = actorOf(req);
    res.redirect(
      303,
      actor.role === 'coordinator'
        ? `/${res.locals.lang}/admin/organisations`
        : dashboardUrl(res, actor.organisation),
    );
  });

  router.get('/provider/organisations/:id', async (req: Request, res: Response) => {
    const { done } = noticeQuery.parse(req.query);
    await renderDashboard(res, actorOf(req), id(req), { done });
  });

  const renderProfile = (req: Request, res: Response, values: FormValues, errors = {}) =>
    res.render('provider/simple-form', {
      ...organisationFormView(ctx(res), values, errors),
      pageTitle: res.locals.translate('manage:organisation.editTitle'),
      action: `${base(res)}/organisations/${id(req)}/edit`,
      dashboard: dashboardUrl(res, id(req)),
    });

  router.get('/provider/organisations/:id/edit', async (req: Request, res: Response) => {
    const organisation = await provider.organisationFor(actorOf(req), id(req));
    const o = organisation.toObject({ flattenMaps: true });
    const values = organisationFormValues(
      {
        name: o.name,
        description: o.description ?? undefined,
        website: o.website ?? undefined,
        email: o.email ?? undefined,
        phone: o.phone ?? undefined,
      },
      deps.languages,
    );
    renderProfile(req, res, values);
  });

  router.post('/provider/organisations/:id/edit', async (req: Request, res: Response) => {
    const actor = actorOf(req);
    await provider.organisationFor(actor, id(req));
    await handleForm(res, {
      schema: organisationSchema,
      body: req.body,
      showAgain: (errors) => renderProfile(req, res, req.body as FormValues, errors),
      save: async (input) => {
        await provider.updateOrganisation(actor, id(req), input);
        res.redirect(303, dashboardUrl(res, id(req), 'saved'));
      },
    });
  });
}
