// An organisation's places (locations): new and edit.
import type { Request, Response, Router } from 'express';
import type { FormErrors, FormValues } from '../../forms/form-fields';
import { handleForm } from '../../web/form-page';
import { actorOf } from '../../web/require-role';
import { locationFormSchema, locationFormValues } from './place-forms';
import type { ProviderPages, ProviderRouterDeps } from './provider-pages';
import { locationFormView } from './organisation-view-models';

export function placeRoutes(router: Router, deps: ProviderRouterDeps, pages: ProviderPages) {
  const { provider } = deps;
  const { ctx, base, dashboardUrl, id } = pages;
  const locationSchema = locationFormSchema(deps.languages);

  const renderLocation = (
    res: Response,
    page: {
      values: FormValues;
      errors: FormErrors;
      action: string;
      organisationId: string;
      title: string;
    },
  ) =>
    res.render('provider/simple-form', {
      ...locationFormView(ctx(res), page.values, page.errors),
      pageTitle: page.title,
      action: page.action,
      dashboard: dashboardUrl(res, page.organisationId),
    });

  router.get('/provider/organisations/:id/locations/new', async (req: Request, res: Response) => {
    const organisation = await provider.organisationFor(actorOf(req), id(req));
    renderLocation(res, {
      values: locationFormValues(
        { address: { street: '', postcode: '', city: '' } },
        deps.languages,
      ),
      errors: {},
      action: `${base(res)}/organisations/${String(organisation._id)}/locations`,
      organisationId: String(organisation._id),
      title: res.locals.translate('manage:location.newTitle'),
    });
  });

  router.post('/provider/organisations/:id/locations', async (req: Request, res: Response) => {
    const actor = actorOf(req);
    await provider.organisationFor(actor, id(req));
    await handleForm(res, {
      schema: locationSchema,
      body: req.body,
      showAgain: (errors) =>
        renderLocation(res, {
          values: req.body as FormValues,
          errors,
          action: `${base(res)}/organisations/${id(req)}/locations`,
          organisationId: id(req),
          title: res.locals.translate('manage:location.newTitle'),
        }),
      save: async (input) => {
        await provider.saveLocation(actor, { organisationId: id(req) }, input);
        res.redirect(303, dashboardUrl(res, id(req), 'saved'));
      },
    });
  });

  router.get('/provider/locations/:id/edit', async (req: Request, res: Response) => {
    const { location, organisation } = await provider.locationForEdit(actorOf(req), id(req));
    renderLocation(res, {
      values: locationFormValues(location, deps.languages),
      errors: {},
      action: `${base(res)}/locations/${id(req)}`,
      organisationId: String(organisation._id),
      title: res.locals.translate('manage:location.editTitle'),
    });
  });

  router.post('/provider/locations/:id', async (req: Request, res: Response) => {
    const actor = actorOf(req);
    const { organisation } = await provider.locationForEdit(actor, id(req));
    await handleForm(res, {
      schema: locationSchema,
      body: req.body,
      showAgain: (errors) =>
        renderLocation(res, {
          values: req.body as FormValues,
          errors,
          action: `${base(res)}/locations/${id(req)}`,
          organisationId: String(organisation._id),
          title: res.locals.translate('manage:location.editTitle'),
        }),
      save: async (input) => {
        await provider.saveLocation(actor, { locationId: id(req) }, input);
        res.redirect(303, dashboardUrl(res, organisation._id, 'saved'));
      },
    });
  });
}
