// The provider area's forms: what each role may submit (zod picks only these fields, so mass
// assignment is impossible), how a record becomes form values and back.
import { z } from 'zod';
import {
  ACCESS_MODES,
  CATEGORY_SLUGS,
  DELIVERY_MODES,
  LANGUAGE_CODE,
  RESIDENCE_STATUSES,
  SLUG,
} from '../../models/vocabulary';
import type { FormValues } from '../../forms/form-fields';
import type { ServiceInput } from '../../models/editable-records';
import { checkCost, costFields, costOf, flagValue, numberValue, pickTexts } from './form-parts';
import {
  choice,
  flag,
  intent,
  many,
  objectId,
  optionalEmail,
  optionalNumber,
  optionalPhone,
  optionalText,
  optionalUrl,
  requiredText,
} from '../../forms/form-schemas';

// The record shapes live with the models (models/editable-records.ts); the session, organisation
// and place forms in session-forms.ts and place-forms.ts.
export type { CostInput, ServiceInput, SessionInput } from '../../models/editable-records';
export type { LocationInput, OrganisationInput } from './place-forms';

/** Translated fields of a service and their limits; `list` ones are one item per line. */
export const SERVICE_TEXT_FIELDS = [
  { key: 'name', max: 200, required: true, multiline: false },
  { key: 'summary', max: 300, required: true, multiline: false },
  { key: 'description', max: 5000, required: true, multiline: true },
  { key: 'documents', max: 3000, required: false, multiline: true },
  { key: 'accessNote', max: 500, required: false, multiline: true },
] as const;

export function serviceFormSchema(options: {
  languages: readonly string[];
  localLanguage: string;
  currency: string;
}) {
  const { languages, localLanguage, currency } = options;
  const texts: Record<string, z.ZodType> = {};
  for (const lng of languages) {
    for (const field of SERVICE_TEXT_FIELDS) {
      const options = { multiline: field.multiline };
      texts[`${field.key}_${lng}`] =
        field.required && lng === localLanguage
          ? requiredText(field.max, options)
          : optionalText(field.max, options);
    }
  }
  return z
    .object({
      category: choice(CATEGORY_SLUGS),
      // Slug-shaped here; the provider service checks them against the needs known now.
      needs: many(z.string().regex(SLUG, 'chooseOne').max(80, 'chooseOne')).refine(
        (v) => v.length <= 60,
        'tooBig',
      ),
      targetLanguage: z.preprocess(
        (v) => (v === '' ? undefined : v),
        z.string().regex(LANGUAGE_CODE, 'chooseOne').optional(),
      ),
      languages: many(z.string().regex(LANGUAGE_CODE, 'chooseOne')).refine(
        (v) => v.length > 0,
        'chooseOne',
      ),
      interpretationOnRequest: flag,
      ...costFields(),
      accessModes: many(z.enum(ACCESS_MODES, { error: 'chooseOne' })).refine(
        (v) => v.length > 0,
        'chooseOne',
      ),
      delivery: many(z.enum(DELIVERY_MODES, { error: 'chooseOne' })).refine(
        (v) => v.length > 0,
        'chooseOne',
      ),
      residenceStatus: many(z.enum(RESIDENCE_STATUSES, { error: 'chooseOne' })),
      ageMin: optionalNumber(0, 120, true),
      ageMax: optionalNumber(0, 120, true),
      womenOnly: flag,
      families: flag,
      youth: flag,
      locations: many(objectId),
      phone: optionalPhone,
      email: optionalEmail,
      website: optionalUrl,
      ...texts,
    })
    .superRefine((v, ctx) => {
      checkCost(v, ctx);
      if (v.ageMin != null && v.ageMax != null && v.ageMax < v.ageMin) {
        ctx.addIssue({ code: 'custom', path: ['ageMax'], message: 'endBeforeStart' });
      }
    })
    .transform((v): ServiceInput => {
      const all = v as Record<string, unknown>;
      const documents = Object.fromEntries(
        Object.entries(pickTexts(all, 'documents', languages)).map(([lng, text]) => [
          lng,
          text
            .split(/\r?\n/)
            .map((line) => line.trim())
            .filter(Boolean),
        ]),
      );
      return {
        category: v.category,
        needs: [...new Set(v.needs)],
        ...(v.targetLanguage ? { targetLanguage: v.targetLanguage } : {}),
        name: pickTexts(all, 'name', languages),
        summary: pickTexts(all, 'summary', languages),
        description: pickTexts(all, 'description', languages),
        documents,
        languages: [...new Set(v.languages)],
        interpretationOnRequest: v.interpretationOnRequest,
        cost: costOf(v, currency),
        access: { modes: v.accessModes, note: pickTexts(all, 'accessNote', languages) },
        delivery: v.delivery,
        eligibility: {
          residenceStatus: v.residenceStatus.length ? v.residenceStatus : ['any'],
          ...(v.ageMin != null ? { ageMin: v.ageMin } : {}),
          ...(v.ageMax != null ? { ageMax: v.ageMax } : {}),
          womenOnly: v.womenOnly,
          families: v.families,
          youth: v.youth,
        },
        locations: [...new Set(v.locations)],
        contact: {
          ...(v.phone ? { phone: v.phone } : {}),
          ...(v.email ? { email: v.email } : {}),
          ...(v.website ? { website: v.website } : {}),
        },
      };
    });
}

/**
 * The service form as posted: the service, and which of the form's two buttons sent it. The
 * button is a form field like any other: a value other than draft/submit shows the form again.
 */
export function serviceSubmissionSchema(options: Parameters<typeof serviceFormSchema>[0]) {
  return z.intersection(z.object({ intent }), serviceFormSchema(options));
}

/** Form values of a service (or of its pending revision). */
export function serviceFormValues(s: Partial<ServiceInput>, languages: readonly string[]) {
  const values: FormValues = {
    category: s.category ?? '',
    needs: s.needs ?? [],
    targetLanguage: s.targetLanguage ?? '',
    languages: s.languages ?? [],
    interpretationOnRequest: flagValue(s.interpretationOnRequest),
    costType: s.cost?.type ?? 'free',
    costAmount: numberValue(s.cost?.amount),
    accessModes: s.access?.modes ?? [],
    delivery: s.delivery ?? [],
    residenceStatus: (s.eligibility?.residenceStatus ?? []).filter((r) => r !== 'any'),
    ageMin: numberValue(s.eligibility?.ageMin),
    ageMax: numberValue(s.eligibility?.ageMax),
    womenOnly: flagValue(s.eligibility?.womenOnly),
    families: flagValue(s.eligibility?.families),
    youth: flagValue(s.eligibility?.youth),
    locations: (s.locations ?? []).map(String),
    phone: s.contact?.phone ?? '',
    email: s.contact?.email ?? '',
    website: s.contact?.website ?? '',
  };
  for (const lng of languages) {
    values[`name_${lng}`] = s.name?.[lng] ?? '';
    values[`summary_${lng}`] = s.summary?.[lng] ?? '';
    values[`description_${lng}`] = s.description?.[lng] ?? '';
    values[`documents_${lng}`] = (s.documents?.[lng] ?? []).join('\n');
    values[`accessNote_${lng}`] = s.access?.note[lng] ?? '';
  }
  return values;
}
