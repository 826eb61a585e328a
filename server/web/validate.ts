// Parses request input with a zod schema; invalid input becomes a typed ValidationError (400),
// with one message per field for forms to show beside the field.
import type { z } from 'zod';
import { NotFoundError, ValidationError } from '../errors';

export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fields: Record<string, string> = {};
  for (const issue of result.error.issues) fields[issue.path.join('.')] ??= issue.message;
  throw new ValidationError('Invalid request input', fields);
}

/** URL segments that cannot name anything (a malformed slug) are a 404, not a 400. */
export function parsePathParams<S extends z.ZodType>(schema: S, params: unknown): z.infer<S> {
  const result = schema.safeParse(params);
  if (!result.success) throw new NotFoundError('Malformed path parameter');
  return result.data;
}
