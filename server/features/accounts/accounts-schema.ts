import { z } from 'zod';
import { MIN_PASSWORD_LENGTH } from '../../auth/passwords';
import { requiredText } from '../../forms/form-schemas';

export const loginForm = z.object({
  email: requiredText(200),
  password: z.preprocess(
    (v) => (typeof v === 'string' ? v : ''),
    z.string().min(1, 'required').max(500, 'tooLong'),
  ),
});

/** Only a path on this site: never "//elsewhere" or "https://…" (no open redirect). */
export const nextPath = z.preprocess(
  (v) => (typeof v === 'string' && /^\/(?![/\\])[^\s]*$/.test(v) ? v : undefined),
  z.string().optional(),
);

export const passwordForm = z
  .object({
    password: z.preprocess(
      (v) => (typeof v === 'string' ? v : ''),
      z.string().min(MIN_PASSWORD_LENGTH, 'passwordTooShort').max(500, 'tooLong'),
    ),
    confirm: z.preprocess((v) => (typeof v === 'string' ? v : ''), z.string()),
  })
  .refine((v) => v.password === v.confirm, { path: ['confirm'], message: 'passwordsDiffer' });

export const tokenParams = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{43}$/) });
