// zod building blocks for HTML form bodies (urlencoded strings). Messages are field error codes
// (FIELD_ERROR_CODES in form-fields.ts) that the form shows translated beside the field.
import { z } from 'zod';
import { CLOCK_TIME, EMAIL, OBJECT_ID } from '../models/vocabulary';

/** A form value sent once or repeated (checkbox groups) as a list. */
export const many = <T extends z.ZodType>(item: T) =>
  z.preprocess(
    (v): unknown[] =>
      v === undefined || v === '' ? [] : Array.isArray(v) ? v.filter((x) => x !== '') : [v],
    z.array(item),
  );

export const flag = z.preprocess(
  (v) => v === '1' || v === 'on' || (Array.isArray(v) && v.includes('1')),
  z.boolean(),
);

/** The last value of a field sent more than once, or the value itself. */
export const single = (v: unknown): unknown => (Array.isArray(v) ? v[v.length - 1] : v);

/** What was typed in one field, read as these schemas read it (the last value if sent twice):
 * for a form shown again after it did not validate. */
export const typedText = (body: unknown, name: string): string => {
  const value = single((body as Record<string, unknown> | undefined)?.[name]);
  return typeof value === 'string' ? value : '';
};

// Characters nobody types on purpose but that change how a text is read: C0 and C1 controls and
// DEL (NUL breaks C strings and logs), and the bidi controls that reorder what follows them
// (U+202A–U+202E embeddings and overrides, U+2066–U+2069 isolates, U+200E/U+200F and U+061C
// marks): an RLO in a service name would show the rest of a page line reversed. ZWNJ and ZWJ
// (U+200C, U+200D) stay: Persian and Indic scripts need them to spell words right.
const CONTROLS =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point here
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/**
 * A typed text without control characters. Multi-line fields (textareas) keep tabs and line
 * breaks (CR LF as sent by browsers becomes LF); in a one-line field they become spaces.
 */
export function withoutControls(text: string, options: { multiline?: boolean } = {}): string {
  const lines = options.multiline ? text.replace(/\r\n?/g, '\n') : text.replace(/[\t\n\r]+/g, ' ');
  return lines.replace(CONTROLS, '');
}

export interface TextOptions {
  /** A textarea: keeps line breaks and tabs. */
  multiline?: boolean;
}

/** The last value sent, cleaned of control characters when it is a text. */
const singleText =
  (options: TextOptions = {}) =>
  (v: unknown) => {
    const value = single(v);
    return typeof value === 'string' ? withoutControls(value, options) : value;
  };

export const requiredText = (max: number, options: TextOptions = {}) =>
  z.preprocess(
    singleText(options),
    z.string({ error: 'required' }).trim().min(1, 'required').max(max, 'tooLong'),
  );

export const optionalText = (max: number, options: TextOptions = {}) =>
  z.preprocess(
    singleText(options),
    z
      .string()
      .trim()
      .max(max, 'tooLong')
      .optional()
      .transform((v) => v || undefined),
  );

const optionalMatching = (pattern: RegExp, code: string, max = 300) =>
  z.preprocess(
    singleText(),
    z
      .string()
      .trim()
      .max(max, 'tooLong')
      .optional()
      .transform((v) => v || undefined)
      .refine((v) => v === undefined || pattern.test(v), code),
  );

export const optionalEmail = optionalMatching(EMAIL, 'email', 200);
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
  z.string({ error: 'required' }).min(1, 'required').regex(CLOCK_TIME, 'time'),
);

export const choice = <T extends readonly [string, ...string[]]>(values: T) =>
  z.preprocess(single, z.enum(values, { error: 'chooseOne' }));

export const objectId = z.string().regex(OBJECT_ID, 'invalid');

/** "draft" keeps the work private; "submit" publishes or sends it for review. */
export const intent = z.preprocess(
  single,
  z.enum(['draft', 'submit'], { error: 'intent' }).default('submit'),
);

/** yyyy-mm-dd for a date input. */
export const dateInput = (d: Date | string | null | undefined) =>
  d ? new Date(d).toISOString().slice(0, 10) : '';
