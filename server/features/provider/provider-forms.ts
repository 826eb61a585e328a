// The provider area's forms: what each role may submit (zod picks only these fields, so mass
// assignment is impossible), how a record becomes form values and back.
import { z } from 'zod';
import {
  ACCESS_MODES,
  CATEGORY_SLUGS,
  CEFR_LEVELS,
  COST_TYPES,
  DAYS,
  DELIVERY_MODES,
  RESIDENCE_STATUSES,
  SLUG,
} from '../../models/vocabulary';
import type { FormValues } from '../../forms/form-fields';
import {
  choice,
  clockTime,
  dateInput,
  flag,
  intent,
  many,
  objectId,
  optionalDate,
  optionalEmail,
  optionalNumber,
  optionalPhone,
  optionalText,
  optionalUrl,
  requiredDate,
  requiredNumber,
  requiredText,
} from '../../forms/form-schemas';

type Texts = Record<string, string>;

/** Translated fields of a service and their limits; `list` ones are one item per line. */
export const SERVICE_TEXT_FIELDS = [
  { key: 'name', max: 200, required: true, multiline: false },
  { key: 'summary', max: 300, required: true, multiline: false },
  { key: 'description', max: 5000, required: true, multiline: true },
  { key: 'documents', max: 3000, required: false, multiline: true },
  { key: 'accessNote', max: 500, required: false, multiline: true },
] as const;

export interface CostInput {
  type: (typeof COST_TYPES)[number];
  amount?: number;
  currency?: string;
}

/** The editable part of a service, in model shape. */
export interface ServiceInput {
  category: string;
  /** Slugs of the needs the service meets (checked against the vocabulary when saved). */
  needs: string[];
  targetLanguage?: string;
  name: Texts;
  summary: Texts;
  description: Texts;
  documents: Record<string, string[]>;
  languages: string[];
  interpretationOnRequest: boolean;
  cost: CostInput;
  access: { modes: string[]; note: Texts };
  delivery: string[];
  eligibility: {
    residenceStatus: string[];
    ageMin?: number;
    ageMax?: number;
    womenOnly: boolean;
    families: boolean;
    youth: boolean;
  };
  locations: string[];
  contact: { phone?: string; email?: string; website?: string };
}

function costFields() {
  return {
    costType: choice(COST_TYPES),
    costAmount: optionalNumber(0, 100_000),
  };
}

function checkCost(v: { costType: string; costAmount?: number }, ctx: z.RefinementCtx): void {
  if ((v.costType === 'fixed' || v.costType === 'free-for-some') && v.costAmount == null) {
    ctx.addIssue({ code: 'custom', path: ['costAmount'], message: 'amountNeeded' });
  }
}

const costOf = (v: { costType: CostInput['type']; costAmount?: number }, currency: string) =>
  v.costType === 'free' || v.costAmount == null
    ? { type: v.costType }
    : { type: v.costType, amount: v.costAmount, currency };

const pickTexts = (v: Record<string, unknown>, key: string, languages: readonly string[]) =>
  Object.fromEntries(
    languages.flatMap((lng) => {
      const text = v[`${key}_${lng}`];
      return typeof text === 'string' && text ? [[lng, text]] : [];
    }),
  );

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
        z
          .string()
          .regex(/^[a-z]{2,3}$/, 'chooseOne')
          .optional(),
      ),
      languages: many(z.string().regex(/^[a-z]{2,3}$/, 'chooseOne')).refine(
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

const flagValue = (b: boolean | undefined | null) => (b ? '1' : undefined);
const numberValue = (n: number | undefined | null) => (n == null ? '' : String(n));

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
    values[`accessNote_${lng}`] = s.access?.note?.[lng] ?? '';
  }
  return values;
}

/** The editable part of a course session, in model shape. */
export interface SessionInput {
  level: (typeof CEFR_LEVELS)[number];
  startDate: Date;
  endDate: Date;
  days: string[];
  startTime: string;
  endTime: string;
  hoursPerWeek?: number;
  capacity: number;
  seatsLeft: number;
  registrationDeadline?: Date;
  registrationOpen: boolean;
  childcare: boolean;
  certificate: boolean;
  cost: CostInput;
  location?: string;
}

export function sessionFormSchema(currency: string) {
  return z
    .object({
      level: choice(CEFR_LEVELS),
      startDate: requiredDate,
      endDate: requiredDate,
      days: many(z.enum(DAYS, { error: 'chooseOne' })).refine((v) => v.length > 0, 'chooseOne'),
      startTime: clockTime,
      endTime: clockTime,
      hoursPerWeek: optionalNumber(0, 60),
      capacity: requiredNumber(1, 1000),
      seatsLeft: requiredNumber(0, 1000),
      registrationDeadline: optionalDate,
      registrationOpen: flag,
      childcare: flag,
      certificate: flag,
      ...costFields(),
      location: z.preprocess((v) => (v === '' ? undefined : v), objectId.optional()),
    })
    .superRefine((v, ctx) => {
      checkCost(v, ctx);
      if (v.endDate < v.startDate) {
        ctx.addIssue({ code: 'custom', path: ['endDate'], message: 'endBeforeStart' });
      }
      if (v.endTime <= v.startTime) {
        ctx.addIssue({ code: 'custom', path: ['endTime'], message: 'endBeforeStart' });
      }
      if (v.seatsLeft > v.capacity) {
        ctx.addIssue({ code: 'custom', path: ['seatsLeft'], message: 'seatsOverCapacity' });
      }
    })
    .transform((v): SessionInput => ({
      level: v.level,
      startDate: v.startDate,
      endDate: v.endDate,
      days: DAYS.filter((d) => v.days.includes(d)),
      startTime: v.startTime,
      endTime: v.endTime,
      ...(v.hoursPerWeek != null ? { hoursPerWeek: v.hoursPerWeek } : {}),
      capacity: v.capacity,
      seatsLeft: v.seatsLeft,
      ...(v.registrationDeadline ? { registrationDeadline: v.registrationDeadline } : {}),
      registrationOpen: v.registrationOpen,
      childcare: v.childcare,
      certificate: v.certificate,
      cost: costOf(v, currency),
      ...(v.location ? { location: v.location } : {}),
    }));
}

export function sessionFormValues(s: Partial<SessionInput>): FormValues {
  return {
    level: s.level ?? '',
    startDate: dateInput(s.startDate),
    endDate: dateInput(s.endDate),
    days: s.days ?? [],
    startTime: s.startTime ?? '',
    endTime: s.endTime ?? '',
    hoursPerWeek: numberValue(s.hoursPerWeek),
    capacity: numberValue(s.capacity),
    seatsLeft: numberValue(s.seatsLeft),
    registrationDeadline: dateInput(s.registrationDeadline),
    registrationOpen: flagValue(s.registrationOpen ?? true),
    childcare: flagValue(s.childcare),
    certificate: flagValue(s.certificate),
    costType: s.cost?.type ?? 'free',
    costAmount: numberValue(s.cost?.amount),
    location: s.location ? String(s.location) : '',
  };
}

export const seatsForm = z.object({ seatsLeft: requiredNumber(0, 1000) });

export interface OrganisationInput {
  name: string;
  description: Texts;
  website?: string;
  email?: string;
  phone?: string;
}

export function organisationFormSchema(languages: readonly string[], localLanguage: string) {
  const texts: Record<string, z.ZodType> = {};
  for (const lng of languages) {
    texts[`description_${lng}`] =
      lng === localLanguage
        ? requiredText(2000, { multiline: true })
        : optionalText(2000, { multiline: true });
  }
  return z
    .object({
      name: requiredText(200),
      website: optionalUrl,
      email: optionalEmail,
      phone: optionalPhone,
      ...texts,
    })
    .transform((v): OrganisationInput => ({
      name: v.name,
      description: pickTexts(v as Record<string, unknown>, 'description', languages),
      website: v.website,
      email: v.email,
      phone: v.phone,
    }));
}

export function organisationFormValues(
  o: Partial<OrganisationInput>,
  languages: readonly string[],
) {
  const values: FormValues = {
    name: o.name ?? '',
    website: o.website ?? '',
    email: o.email ?? '',
    phone: o.phone ?? '',
  };
  for (const lng of languages) values[`description_${lng}`] = o.description?.[lng] ?? '';
  return values;
}

export interface LocationInput {
  name: string;
  address: { street: string; postcode: string; city: string };
  district?: string;
  geo?: { lat: number; lng: number };
  accessibility: { stepFree: boolean; accessibleToilet: boolean; hearingLoop: boolean };
  transport: Texts;
}

export function locationFormSchema(languages: readonly string[]) {
  const texts: Record<string, z.ZodType> = {};
  for (const lng of languages) texts[`transport_${lng}`] = optionalText(500, { multiline: true });
  return z
    .object({
      name: requiredText(200),
      street: requiredText(200),
      postcode: requiredText(12),
      city: requiredText(100),
      district: optionalText(100),
      lat: optionalNumber(-90, 90),
      lng: optionalNumber(-180, 180),
      stepFree: flag,
      accessibleToilet: flag,
      hearingLoop: flag,
      ...texts,
    })
    .superRefine((v, ctx) => {
      if ((v.lat == null) !== (v.lng == null)) {
        ctx.addIssue({
          code: 'custom',
          path: [v.lat == null ? 'lat' : 'lng'],
          message: 'required',
        });
      }
    })
    .transform((v): LocationInput => ({
      name: v.name,
      address: { street: v.street, postcode: v.postcode, city: v.city },
      district: v.district,
      ...(v.lat != null && v.lng != null ? { geo: { lat: v.lat, lng: v.lng } } : {}),
      accessibility: {
        stepFree: v.stepFree,
        accessibleToilet: v.accessibleToilet,
        hearingLoop: v.hearingLoop,
      },
      transport: pickTexts(v as Record<string, unknown>, 'transport', languages),
    }));
}

export function locationFormValues(l: Partial<LocationInput>, languages: readonly string[]) {
  const values: FormValues = {
    name: l.name ?? '',
    street: l.address?.street ?? '',
    postcode: l.address?.postcode ?? '',
    city: l.address?.city ?? '',
    district: l.district ?? '',
    lat: numberValue(l.geo?.lat),
    lng: numberValue(l.geo?.lng),
    stepFree: flagValue(l.accessibility?.stepFree),
    accessibleToilet: flagValue(l.accessibility?.accessibleToilet),
    hearingLoop: flagValue(l.accessibility?.hearingLoop),
  };
  for (const lng of languages) values[`transport_${lng}`] = l.transport?.[lng] ?? '';
  return values;
}
