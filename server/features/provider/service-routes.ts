// An organisation's services: new (or a copy), edit, archive, "still accurate", history.
import type { Request, Response, Router } from 'express';
import { z } from 'zod';
import type { StaleFormError } from '../../errors';
import type { FormErrors, FormValues } from '../../forms/form-fields';
import { formatDateTime } from '../../i18n/formatters';
import { isolate } from '../../i18n/isolate';
import { handleForm } from '../../web/form-page';
import { actorOf } from '../../web/require-role';
import { parseInput } from '../../web/validate';
import { needPickerView } from '../../view-models/needs-view-models';
import { historyView } from './organisation-view-models';
import { serviceFormValues, serviceSubmissionSchema } from './provider-forms';
import type { ProviderPages, ProviderRouterDeps } from './provider-pages';
import { fromQuery } from './provider-pages';
import { serviceFormView } from './provider-view-models';

/** The version an edit form was opened at (hidden field), sent back with the form. */
const basedOnField = z.object({ basedOn: z.iso.datetime().optional() });

export function serviceRoutes(router: Router, deps: ProviderRouterDeps, pages: ProviderPages) {
  const { provider } = deps;
  const { ctx, base, dashboardUrl, id } = pages;
  const serviceSchema = serviceSubmissionSchema(deps);

  async function renderServiceForm(
    res: Response,
    page: {
      organisationId: string;
      action: string;
      values: FormValues;
      errors: FormErrors;
      textUpdatedAt?: Record<string, string | Date>;
      title: string;
      revision?: { state: string; comment?: string | null };
      reviewComment?: string | null;
      isPublished?: boolean;
      serviceId?: string;
      /** Hidden field: the version this form shows (edit forms only). */
      basedOn?: string;
      /** Someone saved the service after this form was opened: when. */
      changedMeanwhile?: Date;
    },
  ) {
    const [locations, needs] = await Promise.all([
      provider.locationsOf(page.organisationId),
      deps.needs?.list() ?? [],
    ]);
    const form = serviceFormView(ctx(res), {
      values: page.values,
      errors: page.errors,
      locations,
      textUpdatedAt: page.textUpdatedAt ?? {},
    });
    const picker = needPickerView(ctx(res), needs, page.values, page.errors);
    res.render('provider/service-form', {
      ...form,
      ...picker,
      errors: [...form.errors, ...picker.needsSummary],
      pageTitle: page.title,
      action: page.action,
      dashboard: dashboardUrl(res, page.organisationId),
      revisionNotice: page.revision
        ? res.locals.translate(`manage:revision.${page.revision.state}`)
        : '',
      comment: page.revision?.comment ?? page.reviewComment ?? '',
      isPublished: page.isPublished,
      serviceId: page.serviceId,
      basedOn: page.basedOn,
      conflictNotice: page.changedMeanwhile
        ? res.locals.translate('manage:service.changedMeanwhile', {
            date: formatDateTime(page.changedMeanwhile, res.locals.lang),
          })
        : '',
    });
  }

  router.get('/provider/organisations/:id/services/new', async (req: Request, res: Response) => {
    const actor = actorOf(req);
    const organisation = await provider.organisationFor(actor, id(req));
    const query = fromQuery.safeParse(req.query);
    const from = query.success ? query.data.from : undefined;
    let values: FormValues = serviceFormValues({ languages: [deps.localLanguage] }, deps.languages);
    if (from) {
      // Duplicate: start from another service of the same organisation.
      const source = await provider.serviceForEdit(actor, from);
      values = serviceFormValues(source.values, deps.languages);
      values[`name_${deps.localLanguage}`] = res.locals.translate('manage:service.copyOf', {
        name: String(values[`name_${deps.localLanguage}`] ?? ''),
      });
    }
    await renderServiceForm(res, {
      organisationId: String(organisation._id),
      action: `${base(res)}/organisations/${String(organisation._id)}/services`,
      values,
      errors: {},
      title: res.locals.translate('manage:service.newTitle'),
    });
  });

  router.post('/provider/organisations/:id/services', async (req: Request, res: Response) => {
    const actor = actorOf(req);
    const organisationId = id(req);
    await provider.organisationFor(actor, organisationId);
    await handleForm(res, {
      schema: serviceSchema,
      body: req.body,
      showAgain: (errors) =>
        renderServiceForm(res, {
          organisationId,
          action: `${base(res)}/organisations/${organisationId}/services`,
          values: req.body as FormValues,
          errors,
          title: res.locals.translate('manage:service.newTitle'),
        }),
      save: async ({ intent, ...input }) => {
        const service = await provider.createService(actor, organisationId, input, intent);
        const done =
          service.status === 'draft'
            ? 'draft'
            : service.status === 'pending'
              ? 'submitted'
              : 'saved';
        res.redirect(303, dashboardUrl(res, organisationId, done));
      },
    });
  });

  router.get('/provider/services/:id/edit', async (req: Request, res: Response) => {
    const data = await provider.serviceForEdit(actorOf(req), id(req));
    await renderServiceForm(res, {
      basedOn: data.basedOn,
      organisationId: String(data.organisation._id),
      action: `${base(res)}/services/${id(req)}`,
      values: serviceFormValues(data.values, deps.languages),
      errors: {},
      textUpdatedAt: data.textUpdatedAt,
      title: res.locals.translate('manage:service.editTitle'),
      revision: data.revision,
      reviewComment: data.service.reviewComment,
      isPublished: data.service.status === 'published',
      serviceId: id(req),
    });
  });

  router.post('/provider/services/:id', async (req: Request, res: Response) => {
    const actor = actorOf(req);
    const data = await provider.serviceForEdit(actor, id(req));
    const { basedOn } = parseInput(basedOnField, req.body ?? {});
    await handleForm(res, {
      schema: serviceSchema,
      body: req.body,
      showAgain: (errors, conflict?: StaleFormError) =>
        renderServiceForm(res, {
          organisationId: String(data.organisation._id),
          action: `${base(res)}/services/${id(req)}`,
          values: req.body as FormValues,
          errors,
          textUpdatedAt: data.textUpdatedAt,
          title: res.locals.translate('manage:service.editTitle'),
          isPublished: data.service.status === 'published',
          serviceId: id(req),
          // Shown again after a conflict, the form is based on the version now stored: saving
          // it again is a deliberate choice to replace that version.
          basedOn: conflict?.changedAt.toISOString() ?? basedOn,
          changedMeanwhile: conflict?.changedAt,
        }),
      save: async ({ intent, ...input }) => {
        const { service, plan } = await provider.updateService(
          actor,
          id(req),
          input,
          intent,
          basedOn,
        );
        const done =
          plan.target === 'revision'
            ? plan.state === 'pending'
              ? 'submitted'
              : 'draft'
            : service.status === 'pending'
              ? 'submitted'
              : service.status === 'draft'
                ? 'draft'
                : 'saved';
        res.redirect(303, dashboardUrl(res, service.organisation, done));
      },
    });
  });

  router.post('/provider/services/:id/archive', async (req: Request, res: Response) => {
    const service = await provider.archiveService(actorOf(req), id(req));
    res.redirect(303, dashboardUrl(res, service.organisation, 'archived'));
  });

  router.post('/provider/services/:id/verify', async (req: Request, res: Response) => {
    const service = await provider.verifyService(actorOf(req), id(req));
    res.redirect(303, dashboardUrl(res, service.organisation, 'verified'));
  });

  router.get('/provider/services/:id/history', async (req: Request, res: Response) => {
    const { service, entries } = await provider.history(actorOf(req), id(req));
    const names = service.name ?? {};
    res.render('provider/history', {
      pageTitle: res.locals.translate('manage:history.title', {
        name: isolate(names[res.locals.lang] ?? names[deps.localLanguage]),
      }),
      entries: historyView(ctx(res), entries),
      dashboard: dashboardUrl(res, service.organisation),
    });
  });
}
