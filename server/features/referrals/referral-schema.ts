import { z } from 'zod';
import { optionalText } from '../../forms/form-schemas';

const slug = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/)
  .max(120);
/** Only a path on this site (no open redirect). */
const sitePath = z.preprocess(
  (v) => (typeof v === 'string' && /^\/(?![/\\])[^\s]*$/.test(v) ? v : undefined),
  z.string().optional(),
);

export const addForm = z.object({ slug, back: sitePath });
export const slugParams = z.object({ slug });
export const moveForm = z.object({ direction: z.enum(['up', 'down']) });
export const tokenParams = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{22}$/) });

/** A note is a line for the client ("ask for Samira"), not a case file. */
export const NOTE_MAX_LENGTH = 300;
/** The form field of a service's note on the basket page. */
export const noteField = (slug: string) => `note_${slug}`;

export function basketForm(languages: readonly string[]) {
  return z
    .object({
      clientLanguage: z.enum(languages as [string, ...string[]]),
      action: z.enum(['save', 'sheet']).default('save'),
    })
    .catchall(optionalText(NOTE_MAX_LENGTH));
}

export const sheetQuery = (languages: readonly string[]) =>
  z.object({ client: z.enum(languages as [string, ...string[]]).optional() });
