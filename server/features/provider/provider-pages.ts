// What every provider page handler shares: the view context, the area's URLs, the record id in
// the path, and the dashboard (shown again by the seats form of its session rows).
import type { Request, Response } from 'express';
import { z } from 'zod';
import type { Actor } from '../../auth/actor';
import type { I18n } from '../../i18n/create-i18n';
import { directionOf } from '../../i18n/create-i18n';
import { isolate } from '../../i18n/isolate';
import { OBJECT_ID } from '../../models/vocabulary';
import type { Csrf } from '../../web/csrf';
import { parsePathParams } from '../../web/validate';
import type { NeedsService } from '../../ports';
import type { ProviderService } from './provider-service';
import type { FormContext } from './provider-view-models';
import type { SeatsAttempt } from './organisation-view-models';
import { dashboardView } from './organisation-view-models';

export interface ProviderRouterDeps {
  provider: ProviderService;
  /** The vocabulary of needs offered in the service form's picker. */
  needs?: Pick<NeedsService, 'list'>;
  csrf: Csrf;
  i18n: I18n;
  languages: readonly string[];
  localLanguage: string;
  currency: string;
  now?: () => Date;
}

const idParams = z.object({ id: z.string().regex(OBJECT_ID) });
/** Duplicating a service or a session: the one to start from. */
export const fromQuery = z.object({
  from: z.string().regex(OBJECT_ID).optional(),
});

export function providerPages(deps: ProviderRouterDeps) {
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

  async function renderDashboard(
    res: Response,
    actor: Actor,
    organisationId: string,
    page: { done?: string; seats?: SeatsAttempt },
  ) {
    const source = await deps.provider.dashboard(actor, organisationId);
    const view = dashboardView(ctx(res), source, deps.provider.isStale, page.seats);
    res.render('provider/dashboard', {
      ...view,
      notice: page.done ? res.locals.translate(`manage:notices.${page.done}`) : '',
      pageTitle: res.locals.translate('manage:dashboard.title', {
        name: isolate(view.organisation.name),
      }),
    });
  }

  return { ctx, base, dashboardUrl, id, renderDashboard };
}

export type ProviderPages = ReturnType<typeof providerPages>;
