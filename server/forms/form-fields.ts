// Plain HTML forms (no Express here): parse a submitted body with a zod schema into field error codes, and build
// the field view models the `form-field` partial renders (label, value kept, translated error
// beside the field, error summary linked to it).
import type { TFunction } from 'i18next';
import type { z } from 'zod';
import { withoutControls } from './form-schemas';

export type FormValues = Record<string, string | string[] | undefined>;
export type FormErrors = Record<string, string>;

/** Codes our schemas use as messages; each has a text under manage:fieldErrors. */
export const FIELD_ERROR_CODES = [
  'required',
  'invalid',
  'tooLong',
  'tooSmall',
  'tooBig',
  'chooseOne',
  'email',
  'phone',
  'url',
  'date',
  'time',
  'number',
  'endBeforeStart',
  'seatsOverCapacity',
  'amountNeeded',
  'passwordTooShort',
  'passwordsDiffer',
  'exists',
  'intent',
] as const;
const KNOWN = new Set<string>(FIELD_ERROR_CODES);

function codeOf(issue: z.core.$ZodIssue): string {
  if (KNOWN.has(issue.message)) return issue.message;
  switch (issue.code) {
    case 'too_small':
      return issue.origin === 'string' || issue.origin === 'array' ? 'required' : 'tooSmall';
    case 'too_big':
      return issue.origin === 'string' ? 'tooLong' : 'tooBig';
    case 'invalid_value':
      return 'chooseOne';
    case 'invalid_type':
      return issue.input === undefined || issue.input === '' ? 'required' : 'invalid';
    default:
      return 'invalid';
  }
}

export type FormResult<T> = { ok: true; data: T } | { ok: false; errors: FormErrors };

export function parseForm<S extends z.ZodType>(schema: S, body: unknown): FormResult<z.infer<S>> {
  const result = schema.safeParse(body ?? {});
  if (result.success) return { ok: true, data: result.data };
  const errors: FormErrors = {};
  for (const issue of result.error.issues) errors[issue.path.join('.') || 'form'] ??= codeOf(issue);
  return { ok: false, errors };
}

export interface FieldOption {
  value: string;
  label: string;
  checked: boolean;
}

export interface FieldView {
  id: string;
  name: string;
  type: string;
  label: string;
  value: string;
  error?: string;
  hint?: string;
  required?: boolean;
  options?: FieldOption[];
  checked?: boolean;
  lang?: string;
  dir?: string;
  autocomplete?: string;
  inputmode?: string;
}

export interface FieldSpec {
  name: string;
  label: string;
  type?:
    | 'text'
    | 'email'
    | 'tel'
    | 'url'
    | 'number'
    | 'date'
    | 'time'
    | 'password'
    | 'textarea'
    | 'select'
    | 'checkboxes'
    | 'checkbox';
  hint?: string;
  required?: boolean;
  options?: { value: string; label: string }[];
  lang?: string;
  dir?: string;
  autocomplete?: string;
  inputmode?: string;
}

/** Field view models for one form: values as typed, errors translated. */
export function formFields(t: TFunction, values: FormValues, errors: FormErrors) {
  const list = (name: string) => {
    const value = values[name];
    return value === undefined ? [] : Array.isArray(value) ? value : [value];
  };
  return (spec: FieldSpec): FieldView => {
    const type = spec.type ?? 'text';
    const raw = values[spec.name];
    const code = errors[spec.name];
    return {
      id: `field-${spec.name}`,
      name: spec.name,
      type,
      label: spec.label,
      // A form shown again echoes what was typed, as the schema would store it: no NUL or bidi
      // override comes back into the page.
      value: withoutControls(Array.isArray(raw) ? (raw[0] ?? '') : (raw ?? ''), {
        multiline: type === 'textarea',
      }),
      error: code ? t(`manage:fieldErrors.${code}`) : undefined,
      hint: spec.hint,
      required: spec.required,
      lang: spec.lang,
      dir: spec.dir,
      autocomplete: spec.autocomplete,
      inputmode: spec.inputmode,
      checked: type === 'checkbox' ? list(spec.name).includes('1') : undefined,
      options: spec.options?.map((o) => ({
        ...o,
        checked: list(spec.name).includes(o.value),
      })),
    };
  };
}

/** The error summary at the top of a form: each message links to its field. */
export function errorSummary(fields: FieldView[]) {
  return fields.flatMap((f) =>
    f.error ? [{ href: `#${f.id}`, label: f.label, message: f.error }] : [],
  );
}
