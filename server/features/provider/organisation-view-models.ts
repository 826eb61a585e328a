// The organisation's pages: dashboard rows (services, their sessions, places), a service's
// history, and the profile and place forms. Pure functions over plain records.
import { formatDate, formatDateTime, languageName } from '../../i18n/formatters';
import { pickTranslation } from '../../i18n/pick-translation';
import { storedFlag } from '../../models/lean';
import type { FormErrors, FormValues } from '../../forms/form-fields';
import { errorSummary, formFields } from '../../forms/form-fields';
import type { ViewContext } from '../../view-models/directory-view-models';
import { checkedLabel, costLabel } from '../../view-models/directory-view-models';
import type { FormContext } from './provider-view-models';
import type { Dashboard } from './organisation-service';

type Texts = Record<string, string> | Map<string, string> | undefined | null;
const pickText = (texts: Texts, ctx: ViewContext) =>
  pickTranslation(texts, ctx.lang, ctx.localLanguage).text;

export function organisationFormView(ctx: FormContext, values: FormValues, errors: FormErrors) {
  const { t } = ctx;
  const field = formFields(t, values, errors);
  const fields = [
    field({ name: 'name', label: t('manage:fields.organisationName'), required: true }),
    ...[ctx.localLanguage, ...ctx.languages.filter((l) => l !== ctx.localLanguage)].map((lng) =>
      field({
        name: `description_${lng}`,
        type: 'textarea',
        label: t('manage:fields.descriptionIn', { language: languageName(lng, ctx.lang) }),
        required: lng === ctx.localLanguage,
        lang: lng,
        dir: ctx.dir(lng),
      }),
    ),
    field({ name: 'website', type: 'url', label: t('manage:fields.website') }),
    field({ name: 'email', type: 'email', label: t('manage:fields.email') }),
    field({ name: 'phone', type: 'tel', label: t('manage:fields.phone') }),
  ];
  return { fields, errors: errorSummary(fields) };
}

export function locationFormView(ctx: FormContext, values: FormValues, errors: FormErrors) {
  const { t } = ctx;
  const field = formFields(t, values, errors);
  const fields = [
    field({ name: 'name', label: t('manage:fields.placeName'), required: true }),
    field({
      name: 'street',
      label: t('manage:fields.street'),
      required: true,
      autocomplete: 'off',
    }),
    field({
      name: 'postcode',
      label: t('manage:fields.postcode'),
      required: true,
      autocomplete: 'off',
    }),
    field({ name: 'city', label: t('manage:fields.city'), required: true, autocomplete: 'off' }),
    field({ name: 'district', label: t('manage:fields.district') }),
    field({
      name: 'lat',
      type: 'number',
      label: t('manage:fields.lat'),
      hint: t('manage:hints.coordinates'),
      inputmode: 'decimal',
    }),
    field({ name: 'lng', type: 'number', label: t('manage:fields.lng'), inputmode: 'decimal' }),
    field({ name: 'stepFree', type: 'checkbox', label: t('accessibility.stepFree') }),
    field({
      name: 'accessibleToilet',
      type: 'checkbox',
      label: t('accessibility.accessibleToilet'),
    }),
    field({ name: 'hearingLoop', type: 'checkbox', label: t('accessibility.hearingLoop') }),
    ...[ctx.localLanguage, ...ctx.languages.filter((l) => l !== ctx.localLanguage)].map((lng) =>
      field({
        name: `transport_${lng}`,
        type: 'textarea',
        label: t('manage:fields.transportIn', { language: languageName(lng, ctx.lang) }),
        lang: lng,
        dir: ctx.dir(lng),
      }),
    ),
  ];
  return { fields, errors: errorSummary(fields) };
}

/** What the dashboard shows, as the organisation service reads it. */
type DashboardSource = Dashboard;

/** A seats-left value that did not validate: shown again in its session's row, as typed. */
export interface SeatsAttempt {
  sessionId: string;
  value: string;
  /** A field error code (manage:fieldErrors). */
  error: string;
}

export function dashboardView(
  ctx: ViewContext,
  source: DashboardSource,
  isStale: (d: Date) => boolean,
  seats?: SeatsAttempt,
) {
  const { t } = ctx;
  const sessionsOf = new Map<string, DashboardSource['sessions']>();
  for (const s of source.sessions) {
    const key = String(s.service);
    sessionsOf.set(key, [...(sessionsOf.get(key) ?? []), s]);
  }
  const services = source.services.map((s) => {
    const stale = s.status === 'published' && isStale(s.lastVerifiedAt);
    return {
      id: String(s._id),
      slug: s.slug,
      name: pickText(s.name, ctx),
      status: s.status,
      statusLabel: t(`manage:status.${s.status}`),
      isPublished: s.status === 'published',
      isArchived: s.status === 'archived',
      isCourse:
        s.category === 'language-course' || (sessionsOf.get(String(s._id))?.length ?? 0) > 0,
      revision: s.revision ? t(`manage:revision.${s.revision.state}`) : '',
      comment: s.revision?.comment ?? s.reviewComment ?? '',
      checked: checkedLabel(s.lastVerifiedAt, ctx),
      stale,
      sessions: (sessionsOf.get(String(s._id)) ?? []).map((session) => {
        const failed = seats?.sessionId === String(session._id) ? seats : undefined;
        return {
          id: String(session._id),
          title: t(`level.${session.level}`),
          dates: t('sessions.dateRange', {
            start: formatDate(session.startDate, ctx.lang),
            end: formatDate(session.endDate, ctx.lang),
          }),
          seatsLeft: failed ? failed.value : String(session.seatsLeft),
          seatsError: failed ? t(`manage:fieldErrors.${failed.error}`) : '',
          capacity: session.capacity,
          open: storedFlag(session.registrationOpen, true),
          statusLabel: t(`manage:status.${session.status}`),
          isPublished: session.status === 'published',
          revision: session.revision ? t(`manage:revision.${session.revision.state}`) : '',
          comment: session.revision?.comment ?? session.reviewComment ?? '',
          cost: costLabel(session.cost, ctx),
          ended: session.endDate < ctx.now,
        };
      }),
    };
  });
  const errors = services.flatMap((s) =>
    s.sessions
      .filter((session) => session.seatsError)
      .map((session) => ({
        href: `#seats-${session.id}`,
        label: `${t('manage:fields.seatsLeft')} (${s.name}, ${session.title}, ${session.dates})`,
        message: session.seatsError,
      })),
  );
  return {
    errors,
    organisation: {
      id: String(source.organisation._id),
      name: source.organisation.name,
      trusted: storedFlag(source.organisation.trusted),
    },
    services,
    staleCount: services.filter((s) => s.stale).length,
    locations: source.locations.map((l) => ({
      id: String(l._id),
      name: l.name,
      district: l.district ?? '',
    })),
  };
}

export function historyView(
  ctx: ViewContext,
  entries: {
    subject: string;
    action: string;
    actorEmail: string;
    at: Date;
    pending?: boolean | null;
    comment?: string | null;
    changes: { field?: string | null; before?: string | null; after?: string | null }[];
  }[],
) {
  return entries.map((e) => ({
    when: formatDateTime(e.at, ctx.lang),
    subject: ctx.t(`manage:subjects.${e.subject}`),
    action: ctx.t(`manage:actions.${e.action}`),
    who: e.actorEmail,
    pending: Boolean(e.pending),
    comment: e.comment ?? '',
    changes: e.changes.map((c) => ({
      field: c.field ?? '',
      before: c.before ?? '',
      after: c.after ?? '',
    })),
  }));
}
