// A course's sessions: new (or next term from an earlier one), edit, seats left (from the
// dashboard's session rows) and closing registration.
import type { Request, Response, Router } from 'express';
import type { FormErrors, FormValues } from '../../forms/form-fields';
import { typedText } from '../../forms/form-schemas';
import { handleForm } from '../../web/form-page';
import { actorOf } from '../../web/require-role';
import type { ProviderPages, ProviderRouterDeps } from './provider-pages';
import { fromQuery } from './provider-pages';
import { sessionFormView } from './provider-view-models';
import { nextTerm, seatsForm, sessionFormSchema, sessionFormValues } from './session-forms';

export function sessionRoutes(router: Router, deps: ProviderRouterDeps, pages: ProviderPages) {
  const { provider } = deps;
  const { ctx, base, dashboardUrl, id, renderDashboard } = pages;
  const sessionSchema = sessionFormSchema(deps.currency);

  async function renderSessionForm(
    res: Response,
    page: {
      organisationId: string;
      action: string;
      values: FormValues;
      errors: FormErrors;
      title: string;
      revision?: { state: string; comment?: string | null };
      reviewComment?: string | null;
    },
  ) {
    const locations = await provider.locationsOf(page.organisationId);
    res.render('provider/session-form', {
      ...sessionFormView(ctx(res), { values: page.values, errors: page.errors, locations }),
      pageTitle: page.title,
      action: page.action,
      dashboard: dashboardUrl(res, page.organisationId),
      revisionNotice: page.revision
        ? res.locals.translate(`manage:revision.${page.revision.state}`)
        : '',
      comment: page.revision?.comment ?? page.reviewComment ?? '',
    });
  }

  router.get('/provider/services/:id/sessions/new', async (req: Request, res: Response) => {
    const actor = actorOf(req);
    const { service, organisation } = await provider.serviceWithOrganisation(actor, id(req));
    const query = fromQuery.safeParse(req.query);
    let values = sessionFormValues({ registrationOpen: true });
    if (query.success && query.data.from) {
      const source = await provider.sessionForEdit(actor, query.data.from);
      if (String(source.service._id) === String(service._id)) {
        values = sessionFormValues(nextTerm(source.values));
      }
    }
    await renderSessionForm(res, {
      organisationId: String(organisation._id),
      action: `${base(res)}/services/${id(req)}/sessions`,
      values,
      errors: {},
      title: res.locals.translate('manage:session.newTitle'),
    });
  });

  router.post('/provider/services/:id/sessions', async (req: Request, res: Response) => {
    const actor = actorOf(req);
    const { organisation } = await provider.serviceWithOrganisation(actor, id(req));
    await handleForm(res, {
      schema: sessionSchema,
      body: req.body,
      showAgain: (errors) =>
        renderSessionForm(res, {
          organisationId: String(organisation._id),
          action: `${base(res)}/services/${id(req)}/sessions`,
          values: req.body as FormValues,
          errors,
          title: res.locals.translate('manage:session.newTitle'),
        }),
      save: async (input) => {
        const { session } = await provider.createSession(actor, id(req), input);
        const done = session.status === 'pending' ? 'submitted' : 'saved';
        res.redirect(303, dashboardUrl(res, organisation._id, done));
      },
    });
  });

  router.get('/provider/sessions/:id/edit', async (req: Request, res: Response) => {
    const data = await provider.sessionForEdit(actorOf(req), id(req));
    await renderSessionForm(res, {
      organisationId: String(data.organisation._id),
      action: `${base(res)}/sessions/${id(req)}`,
      values: sessionFormValues(data.values),
      errors: {},
      title: res.locals.translate('manage:session.editTitle'),
      revision: data.revision,
      reviewComment: data.session.reviewComment,
    });
  });

  router.post('/provider/sessions/:id', async (req: Request, res: Response) => {
    const actor = actorOf(req);
    const data = await provider.sessionForEdit(actor, id(req));
    await handleForm(res, {
      schema: sessionSchema,
      body: req.body,
      showAgain: (errors) =>
        renderSessionForm(res, {
          organisationId: String(data.organisation._id),
          action: `${base(res)}/sessions/${id(req)}`,
          values: req.body as FormValues,
          errors,
          title: res.locals.translate('manage:session.editTitle'),
        }),
      save: async (input) => {
        const { plan } = await provider.updateSession(actor, id(req), input);
        const done =
          plan.target === 'revision' || plan.status === 'pending' ? 'submitted' : 'saved';
        res.redirect(303, dashboardUrl(res, data.organisation._id, done));
      },
    });
  });

  // The seats form sits in the dashboard's session row: a bad value shows the dashboard again.
  router.post('/provider/sessions/:id/seats', async (req: Request, res: Response) => {
    const actor = actorOf(req);
    await handleForm(res, {
      schema: seatsForm,
      body: req.body,
      showAgain: async (errors) => {
        // Reading the session checks the actor may see its organisation before anything is shown.
        const { organisation } = await provider.sessionForEdit(actor, id(req));
        await renderDashboard(res, actor, String(organisation._id), {
          seats: {
            sessionId: id(req),
            value: typedText(req.body, 'seatsLeft'),
            error: errors.seatsLeft ?? 'invalid',
          },
        });
      },
      save: async ({ seatsLeft }) => {
        const { service } = await provider.updateSeats(actor, id(req), seatsLeft);
        res.redirect(303, dashboardUrl(res, service.organisation, 'seats'));
      },
    });
  });

  router.post('/provider/sessions/:id/close', async (req: Request, res: Response) => {
    const { service } = await provider.closeRegistration(actorOf(req), id(req));
    res.redirect(303, dashboardUrl(res, service.organisation, 'closed'));
  });
}
