// zod building blocks for HTML form bodies (urlencoded strings). Messages are field error codes
// (web/forms.ts) that the form shows translated beside the field.
import { z } from 'zod';

/** A form value sent once or repeated (checkbox groups) as a list. */
export const many = <T extends z.ZodType>(item: T) =>
  z.preprocess(
    (v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v.filter((x) => x !== '') : [v]),
    z.array(item),
  );

export const flag = z.preprocess(
  (v) => v === '1' || v === 'on' || (Array.isArray(v) && v.includes('1')),
  z.boolean(),
);

const single = (v: unknown) => (Array.isArray(v) ? v[v.length - 1] : v);

/** What was typed in one field, read as these schemas read it (the last value if sent twice):
 * for a form shown again after it did not validate. */
export const typedText = (body: unknown, name: string): string => {
  const value = single((body as Record<string, unknown> | undefined)?.[name]);
  return typeof value === 'string' ? value : '';
};

export const requiredText = (max: number) =>
  z.preprocess(
    single,
    z.string({ error: 'required' }).trim().min(1, 'required').max(max, 'tooLong'),
  );

export const optionalText = (max: number) =>
  z.preprocess(
    single,
    z
      .string()
      .trim()
      .max(max, 'tooLong')
      .optional()
      .transform((v) => v || undefined),
  );

const optionalMatching = (pattern: RegExp, code: string, max = 300) =>
  z.preprocess(
    single,
    z
      .string()
      .trim()
      .max(max, 'tooLong')
      .optional()
      .transform((v) => v || undefined)
      .refine((v) => v === undefined || pattern.test(v), code),
  );

export const optionalEmail = optionalMatching(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'email', 200);
export const optionalPhone = optionalMatching(/^[+\d][\d\s().-]{5,24}$/, 'phone', 30);
export const optionalUrl = optionalMatching(/^https?:\/\/\S+$/, 'url', 300);

const toNumber = (v: unknown) => {
  const value = single(v);
  return value === undefined || value === '' ? undefined : Number(value);
};

export const optionalNumber = (min: number, max: number, integer = false) =>
  z.preprocess(
    toNumber,
    (integer ? z.number({ error: 'number' }).int('number') : z.number({ error: 'number' }))
      .min(min, 'tooSmall')
      .max(max, 'tooBig')
      .optional(),
  );

export const requiredNumber = (min: number, max: number) =>
  z.preprocess(
    toNumber,
    z.number({ error: 'number' }).int('number').min(min, 'tooSmall').max(max, 'tooBig'),
  );

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const validDate = (s: string) => ISO_DATE.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`));

export const requiredDate = z.preprocess(
  single,
  z
    .string({ error: 'required' })
    .min(1, 'required')
    .refine(validDate, 'date')
    .transform((s) => new Date(`${s}T00:00:00Z`)),
);

export const optionalDate = z.preprocess(
  (v) => (single(v) === '' ? undefined : single(v)),
  z
    .string()
    .refine(validDate, 'date')
    .transform((s) => new Date(`${s}T00:00:00Z`))
    .optional(),
);

export const clockTime = z.preprocess(
  single,
  z
    .string({ error: 'required' })
    .min(1, 'required')
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'time'),
);

export const choice = <T extends readonly [string, ...string[]]>(values: T) =>
  z.preprocess(single, z.enum(values, { error: 'chooseOne' }));

export const objectId = z.string().regex(/^[a-f0-9]{24}$/, 'invalid');

/** "draft" keeps the work private; "submit" publishes or sends it for review. */
export const intent = z.preprocess(single, z.enum(['draft', 'submit']).default('submit'));

/** yyyy-mm-dd for a date input. */
export const dateInput = (d: Date | string | null | undefined) =>
  d ? new Date(d).toISOString().slice(0, 10) : '';
