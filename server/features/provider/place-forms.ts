// The organisation profile form and the place (location) form.
import { z } from 'zod';
import type { FormValues } from '../../forms/form-fields';
import {
  flag,
  optionalEmail,
  optionalNumber,
  optionalPhone,
  optionalText,
  optionalUrl,
  requiredText,
} from '../../forms/form-schemas';
import { flagValue, numberValue, pickTexts } from './form-parts';

type Texts = Record<string, string>;

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

/** A place as stored (lean or flattened: missing parts may be null) or as a form made it. */
interface PlaceValues {
  name?: string;
  address?: { street?: string | null; postcode?: string | null; city?: string | null } | null;
  district?: string | null;
  geo?: { lat?: number | null; lng?: number | null } | null;
  accessibility?: {
    stepFree?: boolean | null;
    accessibleToilet?: boolean | null;
    hearingLoop?: boolean | null;
  } | null;
  transport?: Texts | null;
}

export function locationFormValues(l: PlaceValues, languages: readonly string[]) {
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
