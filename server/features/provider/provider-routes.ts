// The provider area /{lang}/provider/…: thin handlers (validate → provider service → render).
// Forms that fail validation are shown again (400) with what was typed and messages beside the
// fields; successful writes redirect (303) to the dashboard with a notice.
import type { Request, Response } from 'express';
import { Router } from 'express';
import { z } from 'zod';
import type { Actor } from '../../auth/actor';
import { FormError, StaleFormError } from '../../errors';
import { directionOf } from '../../i18n/create-i18n';
import { isolate } from '../../i18n/isolate';
import { formatDateTime } from '../../i18n/formatters';
import type { I18n } from '../../i18n/create-i18n';
import type { Csrf } from '../../web/csrf';
import type { FormErrors, FormValues } from '../../forms/form-fields';
import { parseForm } from '../../forms/form-fields';
import { typedText } from '../../forms/form-schemas';
import { actorOf, requireRole } from '../../web/require-role';
import { parseInput, parsePathParams } from '../../web/validate';
import type { ProviderService } from './provider-service';
import type { NeedsService } from '../needs/needs-service';
import { needPickerView } from '../needs/needs-view-models';
import {
  locationFormSchema,
  locationFormValues,
  organisationFormSchema,
  organisationFormValues,
  seatsForm,
  serviceFormValues,
  serviceSubmissionSchema,
  sessionFormSchema,
  sessionFormValues,
} from './provider-forms';
import type { FormContext, SeatsAttempt } from './provider-view-models';
import {
  dashboardView,
  historyView,
  locationFormView,
  organisationFormView,
  serviceFormView,
  sessionFormView,
} from './provider-view-models';
import type { SessionInput } from './provider-forms';

const idParams = z.object({ id: z.string().regex(/^[a-f0-9]{24}$/) });
const fromQuery = z.object({
  from: z
    .string()
    .regex(/^[a-f0-9]{24}$/)
    .optional(),
});
const NOTICES = ['saved', 'submitted', 'archived', 'verified', 'seats', 'closed', 'draft'] as const;
const noticeQuery = z.object({ done: z.enum(NOTICES).optional() }).catch({});
/** The version an edit form was opened at (hidden field), sent back with the form. */
const basedOnField = z.object({ basedOn: z.iso.datetime().optional() });

const DAY_MS = 86_400_000;

/** "Next term": same weekdays and times, starting the week after this one ends. */
export function nextTerm(session: SessionInput): SessionInput {
  const start = new Date(session.startDate);
  const end = new Date(session.endDate);
  const weeks = Math.ceil((end.getTime() - start.getTime()) / (7 * DAY_MS)) || 1;
  const shift = (weeks + 1) * 7 * DAY_MS;
  return {
    ...session,
    startDate: new Date(start.getTime() + shift),
    endDate: new Date(end.getTime() + shift),
    seatsLeft: session.capacity,
    registrationOpen: true,
    ...(session.registrationDeadline
      ? { registrationDeadline: new Date(new Date(session.registrationDeadline).getTime() + shift) }
      : {}),
  };
}

export function createProviderRouter(deps: {
  provider: ProviderService;
  /** The vocabulary of needs offered in the service form's picker. */
  needs?: Pick<NeedsService, 'list'>;
  csrf: Csrf;
  i18n: I18n;
  languages: readonly string[];
  localLanguage: string;
  currency: string;
  now?: () => Date;
}): Router {
  const router = Router();
  const { provider, csrf } = deps;
  const serviceSchema = serviceSubmissionSchema(deps);
  const sessionSchema = sessionFormSchema(deps.currency);
  const organisationSchema = organisationFormSchema(deps.languages, deps.localLanguage);
  const locationSchema = locationFormSchema(deps.languages);

  router.use('/provider', requireRole('editor', 'coordinator'), csrf.provideToken);

  const ctx = (res: Response): FormContext => ({
    lang: res.locals.lang,
    localLanguage: deps.localLanguage,
    t: res.locals.translate,
    now: deps.now?.() ?? new Date(),
    languages: deps.languages,
    dir: (lng) => directionOf(deps.i18n, lng),
  });
  const base = (res: Response) => `/${res.locals.lang}/provider`;
  const dashboardUrl = (res: Response, organisationId: unknown, done?: string) =>
    `${base(res)}/organisations/${String(organisationId)}${done ? `?done=${done}` : ''}`;
  const id = (req: Request) => parsePathParams(idParams, req.params).id;

  router.get('/provider', (req: Request, res: Response) => {
    const actor = actorOf(req);
    if (actor.role === 'coordinator')
      return res.redirect(303, `/${res.locals.lang}/admin/organisations`);
    res.redirect(303, dashboardUrl(res, actor.organisation));
  });

  async function renderDashboard(
    res: Response,
    actor: Actor,
    organisationId: string,
    page: { done?: string; seats?: SeatsAttempt },
  ) {
    const source = await provider.dashboard(actor, organisationId);
    const view = dashboardView(ctx(res), source as never, provider.isStale, page.seats);
    res.render('provider/dashboard', {
      ...view,
      notice: page.done ? res.locals.translate(`manage:notices.${page.done}`) : '',
      pageTitle: res.locals.translate('manage:dashboard.title', {
        name: isolate(view.organisation.name),
      }),
    });
  }

  router.get('/provider/organisations/:id', async (req: Request, res: Response) => {
    const { done } = noticeQuery.parse(req.query);
    await renderDashboard(res, actorOf(req), id(req), { done });
  });

  // ---- services ----
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
    const parsed = parseForm(serviceSchema, req.body);
    const fail = async (errors: FormErrors) => {
      res.status(400);
      await renderServiceForm(res, {
        organisationId,
        action: `${base(res)}/organisations/${organisationId}/services`,
        values: req.body as FormValues,
        errors,
        title: res.locals.translate('manage:service.newTitle'),
      });
    };
    if (!parsed.ok) return fail(parsed.errors);
    const { intent, ...input } = parsed.data;
    try {
      const service = await provider.createService(actor, organisationId, input, intent);
      res.redirect(
        303,
        dashboardUrl(
          res,
          organisationId,
          service.status === 'draft'
            ? 'draft'
            : service.status === 'pending'
              ? 'submitted'
              : 'saved',
        ),
      );
    } catch (error) {
      if (error instanceof FormError) return fail(error.fields);
      throw error;
    }
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
      revision: data.revision as never,
      reviewComment: data.service.reviewComment as string | undefined,
      isPublished: data.service.status === 'published',
      serviceId: id(req),
    });
  });

  router.post('/provider/services/:id', async (req: Request, res: Response) => {
    const actor = actorOf(req);
    const data = await provider.serviceForEdit(actor, id(req));
    const parsed = parseForm(serviceSchema, req.body);
    const { basedOn } = parseInput(basedOnField, { basedOn: req.body?.basedOn });
    const fail = async (errors: FormErrors, conflict?: StaleFormError) => {
      res.status(conflict ? 409 : 400);
      await renderServiceForm(res, {
        organisationId: String(data.organisation._id),
        action: `${base(res)}/services/${id(req)}`,
        values: req.body as FormValues,
        errors,
        textUpdatedAt: data.textUpdatedAt,
        title: res.locals.translate('manage:service.editTitle'),
        isPublished: data.service.status === 'published',
        serviceId: id(req),
        // Shown again after a conflict, the form is based on the version now stored: saving it
        // again is a deliberate choice to replace that version.
        basedOn: conflict?.changedAt.toISOString() ?? basedOn,
        changedMeanwhile: conflict?.changedAt,
      });
    };
    if (!parsed.ok) return fail(parsed.errors);
    const { intent, ...input } = parsed.data;
    try {
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
    } catch (error) {
      if (error instanceof FormError) return fail(error.fields);
      if (error instanceof StaleFormError) return fail({}, error);
      throw error;
    }
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
    const names = service.name as unknown as Record<string, string>;
    res.render('provider/history', {
      pageTitle: res.locals.translate('manage:history.title', {
        name: isolate(names[res.locals.lang] ?? names[deps.localLanguage]),
      }),
      entries: historyView(ctx(res), entries as never),
      dashboard: dashboardUrl(res, service.organisation),
    });
  });

  // ---- course sessions ----
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
    const parsed = parseForm(sessionSchema, req.body);
    const fail = async (errors: FormErrors) => {
      res.status(400);
      await renderSessionForm(res, {
        organisationId: String(organisation._id),
        action: `${base(res)}/services/${id(req)}/sessions`,
        values: req.body as FormValues,
        errors,
        title: res.locals.translate('manage:session.newTitle'),
      });
    };
    if (!parsed.ok) return fail(parsed.errors);
    try {
      const { session } = await provider.createSession(actor, id(req), parsed.data);
      res.redirect(
        303,
        dashboardUrl(res, organisation._id, session.status === 'pending' ? 'submitted' : 'saved'),
      );
    } catch (error) {
      if (error instanceof FormError) return fail(error.fields);
      throw error;
    }
  });

  router.get('/provider/sessions/:id/edit', async (req: Request, res: Response) => {
    const data = await provider.sessionForEdit(actorOf(req), id(req));
    await renderSessionForm(res, {
      organisationId: String(data.organisation._id),
      action: `${base(res)}/sessions/${id(req)}`,
      values: sessionFormValues(data.values),
      errors: {},
      title: res.locals.translate('manage:session.editTitle'),
      revision: data.revision as never,
      reviewComment: data.session.reviewComment,
    });
  });

  router.post('/provider/sessions/:id', async (req: Request, res: Response) => {
    const actor = actorOf(req);
    const data = await provider.sessionForEdit(actor, id(req));
    const parsed = parseForm(sessionSchema, req.body);
    const fail = async (errors: FormErrors) => {
      res.status(400);
      await renderSessionForm(res, {
        organisationId: String(data.organisation._id),
        action: `${base(res)}/sessions/${id(req)}`,
        values: req.body as FormValues,
        errors,
        title: res.locals.translate('manage:session.editTitle'),
      });
    };
    if (!parsed.ok) return fail(parsed.errors);
    try {
      const { plan } = await provider.updateSession(actor, id(req), parsed.data);
      res.redirect(
        303,
        dashboardUrl(
          res,
          data.organisation._id,
          plan.target === 'revision' || plan.status === 'pending' ? 'submitted' : 'saved',
        ),
      );
    } catch (error) {
      if (error instanceof FormError) return fail(error.fields);
      throw error;
    }
  });

  // The seats form sits in the dashboard's session row: a bad value shows the dashboard again.
  router.post('/provider/sessions/:id/seats', async (req: Request, res: Response) => {
    const actor = actorOf(req);
    const parsed = parseForm(seatsForm, req.body);
    const fail = async (errors: FormErrors) => {
      // Reading the session checks the actor may see its organisation before anything is shown.
      const { organisation } = await provider.sessionForEdit(actor, id(req));
      res.status(400);
      await renderDashboard(res, actor, String(organisation._id), {
        seats: {
          sessionId: id(req),
          value: typedText(req.body, 'seatsLeft'),
          error: errors.seatsLeft ?? 'invalid',
        },
      });
    };
    if (!parsed.ok) return fail(parsed.errors);
    try {
      const { service } = await provider.updateSeats(actor, id(req), parsed.data.seatsLeft);
      res.redirect(303, dashboardUrl(res, service.organisation, 'seats'));
    } catch (error) {
      if (error instanceof FormError) return fail(error.fields);
      throw error;
    }
  });

  router.post('/provider/sessions/:id/close', async (req: Request, res: Response) => {
    const { service } = await provider.closeRegistration(actorOf(req), id(req));
    res.redirect(303, dashboardUrl(res, service.organisation, 'closed'));
  });

  // ---- organisation profile and places ----
  router.get('/provider/organisations/:id/edit', async (req: Request, res: Response) => {
    const organisation = await provider.organisationFor(actorOf(req), id(req));
    const o = organisation.toObject({ flattenMaps: true });
    const values = organisationFormValues(
      {
        ...o,
        description: o.description as unknown as Record<string, string>,
        website: o.website ?? undefined,
        email: o.email ?? undefined,
        phone: o.phone ?? undefined,
      },
      deps.languages,
    );
    res.render('provider/simple-form', {
      ...organisationFormView(ctx(res), values, {}),
      pageTitle: res.locals.translate('manage:organisation.editTitle'),
      action: `${base(res)}/organisations/${id(req)}/edit`,
      dashboard: dashboardUrl(res, id(req)),
    });
  });

  router.post('/provider/organisations/:id/edit', async (req: Request, res: Response) => {
    const actor = actorOf(req);
    await provider.organisationFor(actor, id(req));
    const parsed = parseForm(organisationSchema, req.body);
    if (!parsed.ok) {
      res.status(400);
      return res.render('provider/simple-form', {
        ...organisationFormView(ctx(res), req.body as FormValues, parsed.errors),
        pageTitle: res.locals.translate('manage:organisation.editTitle'),
        action: `${base(res)}/organisations/${id(req)}/edit`,
        dashboard: dashboardUrl(res, id(req)),
      });
    }
    await provider.updateOrganisation(actor, id(req), parsed.data);
    res.redirect(303, dashboardUrl(res, id(req), 'saved'));
  });

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
    const parsed = parseForm(locationSchema, req.body);
    if (!parsed.ok) {
      res.status(400);
      return renderLocation(res, {
        values: req.body as FormValues,
        errors: parsed.errors,
        action: `${base(res)}/organisations/${id(req)}/locations`,
        organisationId: id(req),
        title: res.locals.translate('manage:location.newTitle'),
      });
    }
    await provider.saveLocation(actor, { organisationId: id(req) }, parsed.data);
    res.redirect(303, dashboardUrl(res, id(req), 'saved'));
  });

  router.get('/provider/locations/:id/edit', async (req: Request, res: Response) => {
    const { location, organisation } = await provider.locationForEdit(actorOf(req), id(req));
    renderLocation(res, {
      values: locationFormValues(location as never, deps.languages),
      errors: {},
      action: `${base(res)}/locations/${id(req)}`,
      organisationId: String(organisation._id),
      title: res.locals.translate('manage:location.editTitle'),
    });
  });

  router.post('/provider/locations/:id', async (req: Request, res: Response) => {
    const actor = actorOf(req);
    const { organisation } = await provider.locationForEdit(actor, id(req));
    const parsed = parseForm(locationSchema, req.body);
    if (!parsed.ok) {
      res.status(400);
      return renderLocation(res, {
        values: req.body as FormValues,
        errors: parsed.errors,
        action: `${base(res)}/locations/${id(req)}`,
        organisationId: String(organisation._id),
        title: res.locals.translate('manage:location.editTitle'),
      });
    }
    await provider.saveLocation(actor, { locationId: id(req) }, parsed.data);
    res.redirect(303, dashboardUrl(res, organisation._id, 'saved'));
  });

  return router;
}
