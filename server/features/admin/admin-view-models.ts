// What the coordinator's pages show: review items, and the fields of the organisation, user and
// category forms, labels in the coordinator's language. Pure functions over plain records.
import type { TFunction } from 'i18next';
import type { FormErrors, FormValues } from '../../forms/form-fields';
import { errorSummary, formFields } from '../../forms/form-fields';
import { formatDate, languageName } from '../../i18n/formatters';
import { pickTranslation } from '../../i18n/pick-translation';
import { ROLES } from '../../models/vocabulary';
import type { ReviewItem } from './admin-service';

export interface AdminContext {
  lang: string;
  localLanguage: string;
  t: TFunction;
  /** The configured languages, the local one included. */
  languages: readonly string[];
  dir: (lang: string) => string;
}

export const pickText = (texts: Record<string, string>, ctx: AdminContext) =>
  pickTranslation(texts, ctx.lang, ctx.localLanguage).text;

/** A return comment that did not validate: shown again beside its item, as typed. */
export interface ReturnAttempt {
  id: string;
  comment: string;
  error: string;
}

export function reviewsView(
  ctx: AdminContext,
  items: ReviewItem[],
  reviewsUrl: string,
  attempt?: ReturnAttempt,
) {
  const { t } = ctx;
  const views = items.map((item) => {
    const failed = attempt?.id === item.id ? attempt : undefined;
    const serviceName = pickText(item.serviceName, ctx);
    const kindLabel = t(`manage:subjects.${item.kind}`);
    return {
      ...item,
      kindLabel,
      serviceName,
      submitted: item.submittedAt ? formatDate(item.submittedAt, ctx.lang) : '',
      base: `${reviewsUrl}/${item.kind}/${item.id}`,
      comment: failed?.comment ?? '',
      commentError: failed ? t(`manage:fieldErrors.${failed.error}`) : '',
      summaryLabel: `${t('manage:reviews.comment')} (${kindLabel}: ${serviceName})`,
    };
  });
  return {
    items: views,
    errors: views
      .filter((item) => item.commentError)
      .map((item) => ({
        href: `#comment-${item.id}`,
        label: item.summaryLabel,
        message: item.commentError,
      })),
  };
}

export function organisationFormView(ctx: AdminContext, values: FormValues, errors: FormErrors) {
  const { t } = ctx;
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
        language: languageName(ctx.localLanguage, ctx.lang),
      }),
      required: true,
      lang: ctx.localLanguage,
    }),
  ];
  return { fields, errors: errorSummary(fields) };
}

export function userFormView(
  ctx: AdminContext,
  values: FormValues,
  errors: FormErrors,
  organisations: { id: string; name: string }[],
) {
  const { t } = ctx;
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
      options: ctx.languages
        .filter((l) => l !== ctx.localLanguage)
        .map((l) => ({ value: l, label: languageName(l, ctx.lang) })),
    }),
    field({
      name: 'translatorTrusted',
      type: 'checkbox',
      label: t('manage:translate.trustedField'),
    }),
  ];
  return { fields, errors: errorSummary(fields) };
}

export function usersView<U extends { role: string; lastLoginAt?: Date | null }>(
  ctx: AdminContext,
  users: U[],
) {
  return users.map((u) => ({
    ...u,
    roleLabel: ctx.t(`manage:roles.${u.role}`),
    lastLogin: u.lastLoginAt ? formatDate(u.lastLoginAt, ctx.lang) : '',
  }));
}

export function categoryFormView(ctx: AdminContext, values: FormValues, errors: FormErrors) {
  const { t } = ctx;
  const field = formFields(t, values, errors);
  const fields = ctx.languages.flatMap((lng) => [
    field({
      name: `name_${lng}`,
      label: t('manage:fields.nameIn', { language: languageName(lng, ctx.lang) }),
      required: lng === ctx.localLanguage,
      lang: lng,
      dir: ctx.dir(lng),
    }),
    field({
      name: `description_${lng}`,
      type: 'textarea',
      label: t('manage:fields.descriptionIn', { language: languageName(lng, ctx.lang) }),
      lang: lng,
      dir: ctx.dir(lng),
    }),
  ]);
  return { fields, errors: errorSummary(fields) };
}

/** The category form's values: each language's name and description. */
export function categoryFormValues(
  category: { name: Record<string, string>; description: Record<string, string> },
  languages: readonly string[],
): FormValues {
  const values: FormValues = {};
  for (const lng of languages) {
    values[`name_${lng}`] = category.name[lng] ?? '';
    values[`description_${lng}`] = category.description[lng] ?? '';
  }
  return values;
}
