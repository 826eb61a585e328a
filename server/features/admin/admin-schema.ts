// What the coordinator's forms and paths accept (zod picks only these fields).
import { z } from 'zod';
import {
  CATEGORY_SLUGS,
  EMAIL,
  LANGUAGE_CODE,
  OBJECT_ID,
  ROLES,
  SLUG,
} from '../../models/vocabulary';
import { choice, flag, many, objectId, optionalText, requiredText } from '../../forms/form-schemas';

export const reviewParams = z.object({
  kind: z.enum(['service', 'session']),
  id: z.string().regex(OBJECT_ID),
});
export const idParams = z.object({ id: z.string().regex(OBJECT_ID) });
export const slugParams = z.object({ slug: z.enum(CATEGORY_SLUGS) });
export const returnForm = z.object({ comment: requiredText(1000, { multiline: true }) });
export const inviteForm = z
  .object({
    email: requiredText(200).refine((v) => EMAIL.test(v), 'email'),
    name: optionalText(200),
    role: choice(ROLES),
    organisation: z.preprocess((v) => (v === '' ? undefined : v), objectId.optional()),
    // Translators (issue #16): the languages they write; checked against config in the route.
    languages: many(z.string().regex(LANGUAGE_CODE)),
    translatorTrusted: flag,
  })
  .refine((v) => v.role !== 'editor' || v.organisation, {
    path: ['organisation'],
    message: 'chooseOne',
  })
  .refine((v) => v.role !== 'translator' || v.languages.length > 0, {
    path: ['languages'],
    message: 'chooseOne',
  });
export const flagsForm = z.object({ trusted: flag, verified: flag });
export const activeForm = z.object({ active: flag });
export const organisationForm = z.object({
  name: requiredText(200),
  slug: requiredText(120).refine((v) => SLUG.test(v), 'invalid'),
  description: requiredText(2000, { multiline: true }),
});
export const noticeQuery = z
  .object({ done: z.enum(['approved', 'returned', 'saved']).optional() })
  .catch({});

/** A category's name and description in every language; the local name is required. */
export function categoryFormSchema(languages: readonly string[], localLanguage: string) {
  return z.object(
    Object.fromEntries(
      languages.flatMap((lng) => [
        [`name_${lng}`, lng === localLanguage ? requiredText(100) : optionalText(100)],
        [`description_${lng}`, optionalText(500, { multiline: true })],
      ]),
    ),
  );
}
