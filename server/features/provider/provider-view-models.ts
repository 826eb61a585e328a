// What the provider pages show: dashboard rows and the field view models of each form, labels in
// the editor's language. Pure functions over plain records.
import { languageName, nativeLanguageName, weekdayName } from '../../i18n/formatters';
import {
  ACCESS_MODES,
  CATEGORY_SLUGS,
  CEFR_LEVELS,
  COST_TYPES,
  DAYS,
  DELIVERY_MODES,
  RESIDENCE_STATUSES,
} from '../../models/vocabulary';
import type { FieldView, FormErrors, FormValues } from '../../forms/form-fields';
import { errorSummary, formFields } from '../../forms/form-fields';
import type { ViewContext } from '../../view-models/directory-view-models';
import { SERVICE_TEXT_FIELDS } from './provider-forms';

export interface FormContext extends ViewContext {
  languages: readonly string[];
  dir: (lang: string) => string;
}

function costFieldViews(field: ReturnType<typeof formFields>, ctx: FormContext) {
  const { t } = ctx;
  return [
    field({
      name: 'costType',
      type: 'select',
      label: t('manage:fields.costType'),
      required: true,
      options: COST_TYPES.map((c) => ({ value: c, label: t(`manage:costTypes.${c}`) })),
    }),
    field({
      name: 'costAmount',
      type: 'number',
      label: t('manage:fields.costAmount'),
      hint: t('manage:hints.costAmount'),
      inputmode: 'decimal',
    }),
  ];
}

export function serviceFormView(
  ctx: FormContext,
  input: {
    values: FormValues;
    errors: FormErrors;
    locations: { _id: unknown; name: string }[];
    textUpdatedAt: Record<string, string | Date>;
  },
) {
  const { t } = ctx;
  const field = formFields(t, input.values, input.errors);
  const languageOptions = ctx.languages.map((code) => ({
    value: code,
    label: languageName(code, ctx.lang),
  }));
  const basics = [
    field({
      name: 'category',
      type: 'select',
      label: t('manage:fields.category'),
      required: true,
      options: CATEGORY_SLUGS.map((slug) => ({ value: slug, label: t(`categories:${slug}.name`) })),
    }),
    field({
      name: 'targetLanguage',
      type: 'select',
      label: t('manage:fields.targetLanguage'),
      hint: t('manage:hints.targetLanguage'),
      options: [{ value: '', label: t('manage:fields.none') }, ...languageOptions],
    }),
  ];
  const offer = [
    field({
      name: 'languages',
      type: 'checkboxes',
      label: t('manage:fields.languages'),
      required: true,
      options: languageOptions,
    }),
    field({
      name: 'interpretationOnRequest',
      type: 'checkbox',
      label: t('manage:fields.interpretationOnRequest'),
    }),
    ...costFieldViews(field, ctx),
    field({
      name: 'accessModes',
      type: 'checkboxes',
      label: t('manage:fields.accessModes'),
      required: true,
      options: ACCESS_MODES.map((m) => ({ value: m, label: t(`access.${m}`) })),
    }),
    field({
      name: 'delivery',
      type: 'checkboxes',
      label: t('manage:fields.delivery'),
      required: true,
      options: DELIVERY_MODES.map((m) => ({ value: m, label: t(`delivery.${m}`) })),
    }),
  ];
  const audience = [
    field({
      name: 'residenceStatus',
      type: 'checkboxes',
      label: t('manage:fields.residenceStatus'),
      hint: t('manage:hints.residenceStatus'),
      options: RESIDENCE_STATUSES.filter((s) => s !== 'any').map((s) => ({
        value: s,
        label: t(`eligibility.status.${s}`),
      })),
    }),
    field({
      name: 'ageMin',
      type: 'number',
      label: t('manage:fields.ageMin'),
      inputmode: 'numeric',
    }),
    field({
      name: 'ageMax',
      type: 'number',
      label: t('manage:fields.ageMax'),
      inputmode: 'numeric',
    }),
    field({ name: 'womenOnly', type: 'checkbox', label: t('eligibility.womenOnly') }),
    field({ name: 'families', type: 'checkbox', label: t('eligibility.families') }),
    field({ name: 'youth', type: 'checkbox', label: t('eligibility.youth') }),
  ];
  const places = [
    field({
      name: 'locations',
      type: 'checkboxes',
      label: t('manage:fields.locations'),
      hint: t('manage:hints.locations'),
      options: input.locations.map((l) => ({ value: String(l._id), label: l.name })),
    }),
    field({ name: 'phone', type: 'tel', label: t('manage:fields.phone'), autocomplete: 'off' }),
    field({ name: 'email', type: 'email', label: t('manage:fields.email'), autocomplete: 'off' }),
    field({ name: 'website', type: 'url', label: t('manage:fields.website'), autocomplete: 'off' }),
  ];
  const localUpdated = input.textUpdatedAt[ctx.localLanguage];
  const translations = [
    ctx.localLanguage,
    ...ctx.languages.filter((l) => l !== ctx.localLanguage),
  ].map((lng) => {
    const isLocal = lng === ctx.localLanguage;
    const fields = SERVICE_TEXT_FIELDS.map((f) =>
      field({
        name: `${f.key}_${lng}`,
        type: f.multiline ? 'textarea' : 'text',
        label: t(`manage:fields.${f.key}`),
        hint: f.key === 'documents' ? t('manage:hints.onePerLine') : undefined,
        required: isLocal && f.required,
        lang: lng,
        dir: ctx.dir(lng),
      }),
    );
    const hasText = fields.some((f) => f.value);
    const updated = input.textUpdatedAt[lng];
    const outdated =
      !isLocal &&
      hasText &&
      // An empty string is no date either.
      (localUpdated ? !updated || new Date(updated) < new Date(localUpdated) : false);
    return {
      lang: lng,
      name: nativeLanguageName(lng),
      nameHere: languageName(lng, ctx.lang),
      dir: ctx.dir(lng),
      isLocal,
      outdated,
      open: isLocal || hasText || fields.some((f) => f.error),
      fields,
    };
  });
  // Issue #16: what a change of the local text does to the translations that are current now.
  const willOutdate = translations
    .filter((g) => !g.isLocal && !g.outdated && g.fields.some((f) => f.value))
    .map((g) => g.nameHere);
  const all: FieldView[] = [
    ...basics,
    ...translations.flatMap((g) => g.fields),
    ...offer,
    ...audience,
    ...places,
  ];
  const errors = errorSummary(all);
  // The two buttons are the form's last "field": a forged or garbled choice is named in the
  // summary and linked to them.
  if (input.errors.intent) {
    errors.push({
      href: '#field-intent',
      label: t('manage:form.save'),
      message: t('manage:fieldErrors.intent'),
    });
  }
  const willOutdateLabel = willOutdate.length
    ? t('manage:translate.willOutdate', {
        language: languageName(ctx.localLanguage, ctx.lang),
        languages: new Intl.ListFormat(ctx.lang, { type: 'conjunction' }).format(willOutdate),
      })
    : '';
  return { basics, translations, offer, audience, places, errors, willOutdateLabel };
}

export function sessionFormView(
  ctx: FormContext,
  input: { values: FormValues; errors: FormErrors; locations: { _id: unknown; name: string }[] },
) {
  const { t } = ctx;
  const field = formFields(t, input.values, input.errors);
  const fields = [
    field({
      name: 'level',
      type: 'select',
      label: t('manage:fields.level'),
      required: true,
      options: CEFR_LEVELS.map((l) => ({ value: l, label: t(`level.${l}`) })),
    }),
    field({ name: 'startDate', type: 'date', label: t('manage:fields.startDate'), required: true }),
    field({ name: 'endDate', type: 'date', label: t('manage:fields.endDate'), required: true }),
    field({
      name: 'days',
      type: 'checkboxes',
      label: t('manage:fields.days'),
      required: true,
      options: DAYS.map((d) => ({ value: d, label: weekdayName(d, ctx.lang) })),
    }),
    field({ name: 'startTime', type: 'time', label: t('manage:fields.startTime'), required: true }),
    field({ name: 'endTime', type: 'time', label: t('manage:fields.endTime'), required: true }),
    field({
      name: 'hoursPerWeek',
      type: 'number',
      label: t('manage:fields.hoursPerWeek'),
      inputmode: 'decimal',
    }),
    field({
      name: 'capacity',
      type: 'number',
      label: t('manage:fields.capacity'),
      required: true,
      inputmode: 'numeric',
    }),
    field({
      name: 'seatsLeft',
      type: 'number',
      label: t('manage:fields.seatsLeft'),
      required: true,
      inputmode: 'numeric',
    }),
    field({
      name: 'registrationDeadline',
      type: 'date',
      label: t('manage:fields.registrationDeadline'),
    }),
    field({
      name: 'registrationOpen',
      type: 'checkbox',
      label: t('manage:fields.registrationOpen'),
    }),
    field({ name: 'childcare', type: 'checkbox', label: t('manage:fields.childcare') }),
    field({ name: 'certificate', type: 'checkbox', label: t('manage:fields.certificate') }),
    ...costFieldViews(field, ctx),
    field({
      name: 'location',
      type: 'select',
      label: t('manage:fields.location'),
      options: [
        { value: '', label: t('manage:fields.none') },
        ...input.locations.map((l) => ({ value: String(l._id), label: l.name })),
      ],
    }),
  ];
  return { fields, errors: errorSummary(fields) };
}
